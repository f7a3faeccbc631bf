//! The help overlay over any screen: scrolled with the arrows, closed with its keys. Its
//! state is `App::help` (the scroll); the text is built from the keymap in `ui/help.rs`.

use super::super::app::App;
use super::super::command::Command as C;
use super::super::msg::Msg;
use super::super::ui;

/// Open the overlay at the top.
pub fn open(app: &mut App) {
    app.help = Some(0);
}

/// A key while the overlay is up.
pub fn update(app: &mut App, msg: &Msg) {
    let Some(scroll) = app.help.as_mut() else {
        return;
    };
    match msg {
        Msg::Command(C::Close | C::Help | C::Back | C::Cancel) => app.help = None,
        Msg::Command(C::Up) => *scroll = scroll.saturating_sub(1),
        Msg::Command(C::Down) => *scroll = scroll.saturating_add(1),
        _ => {}
    }
    let max = ui::help::max_scroll(app);
    if let Some(s) = app.help.as_mut() {
        *s = (*s).min(max);
    }
}
