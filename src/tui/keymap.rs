//! Keys are data: `assets/keymap.default.toml` (embedded) maps each mode's commands to keys,
//! and an optional `keymap.toml` in the config folder overrides any of them. Resolving a key
//! press never changes state; it only names a [`Msg`] (a [`Command`], or a key no command
//! takes). The status-bar hints and the help overlay read the same tables, so they always
//! show the keys that are really configured.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

use crate::i18n::Lang;
use crate::present::tui::keymap as problem;

use super::command::Command;
use super::msg::Msg;

/// The embedded defaults.
pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.default.toml");

/// Name of the user's override file in the config folder.
pub const USER_FILE: &str = "keymap.toml";

/// A set of bindings in force at one time. Text modes hand unbound keys to the focused field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    Global,
    Home,
    Checklist,
    Review,
    Form,
    Prompt,
    Note,
    Message,
    Help,
    Report,
    // --- supervisor (issue 6) ---
    Inbox,
    Dashboard,
    Conflict,
    /// The list of open conflicts (issue 14).
    ConflictList,
    Trust,
    // --- respondents (issue 15) ---
    Respondents,
    // --- the evidence list (issue 16) ---
    Evidence,
}

impl Mode {
    pub const ALL: [Mode; 17] = [
        Mode::Global,
        Mode::Home,
        Mode::Checklist,
        Mode::Review,
        Mode::Form,
        Mode::Prompt,
        Mode::Note,
        Mode::Message,
        Mode::Help,
        Mode::Report,
        // --- supervisor (issue 6) ---
        Mode::Inbox,
        Mode::Dashboard,
        Mode::Conflict,
        Mode::ConflictList,
        Mode::Trust,
        // --- respondents (issue 15) ---
        Mode::Respondents,
        // --- the evidence list (issue 16) ---
        Mode::Evidence,
    ];

    /// Section name in the keymap file.
    #[must_use]
    pub fn section(self) -> &'static str {
        match self {
            Mode::Global => "global",
            Mode::Home => "home",
            Mode::Checklist => "checklist",
            Mode::Review => "review",
            Mode::Form => "form",
            Mode::Prompt => "prompt",
            Mode::Note => "note",
            Mode::Message => "message",
            Mode::Help => "help",
            Mode::Report => "report",
            // --- supervisor (issue 6) ---
            Mode::Inbox => "inbox",
            Mode::Dashboard => "dashboard",
            Mode::Conflict => "conflict",
            Mode::ConflictList => "conflicts",
            Mode::Trust => "trust",
            // --- respondents (issue 15) ---
            Mode::Respondents => "respondents",
            // --- the evidence list (issue 16) ---
            Mode::Evidence => "evidence",
        }
    }

    fn from_section(s: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.section() == s)
    }

    /// Whether typed characters go into a text field in this mode.
    #[must_use]
    pub fn is_text(self) -> bool {
        matches!(self, Mode::Form | Mode::Prompt | Mode::Note)
    }
}

/// One key with its modifiers, as written in the keymap file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeySpec {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl KeySpec {
    /// Parse `"q"`, `"Enter"`, `"Ctrl-s"`, `"Shift-Up"`, `"F2"`, `"Space"` ….
    ///
    /// # Errors
    /// A text naming the key that could not be read.
    pub fn parse(text: &str) -> Result<KeySpec, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (m, n) = if lower.starts_with("ctrl-") || lower.starts_with("ctrl+") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") || lower.starts_with("alt+") {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") || lower.starts_with("shift+") {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            if rest.len() == n {
                break;
            }
            mods |= m;
            rest = &rest[n..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "insert" | "ins" => KeyCode::Insert,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pageup" | "pgup" => KeyCode::PageUp,
                "pagedown" | "pgdn" => KeyCode::PageDown,
                "space" => KeyCode::Char(' '),
                f if f.starts_with('f') => match f[1..].parse::<u8>() {
                    Ok(n) if (1..=12).contains(&n) => KeyCode::F(n),
                    _ => return Err(text.to_string()),
                },
                _ => return Err(text.to_string()),
            },
        };
        // Shift+Tab arrives as BackTab; a shifted letter arrives as the capital.
        let (code, mods) = match code {
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                (KeyCode::BackTab, mods - KeyModifiers::SHIFT)
            }
            KeyCode::Char(c) if mods.contains(KeyModifiers::SHIFT) && c.is_ascii_lowercase() => (
                KeyCode::Char(c.to_ascii_uppercase()),
                mods - KeyModifiers::SHIFT,
            ),
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                (KeyCode::Char(c.to_ascii_lowercase()), mods)
            }
            c => (c, mods),
        };
        Ok(KeySpec { code, mods })
    }

    /// Whether a key press is this key. Shift is ignored for characters and BackTab (the
    /// character itself tells, and terminals differ in reporting it).
    #[must_use]
    pub fn matches(&self, key: &KeyEvent) -> bool {
        let relevant = KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT;
        let mut got = key.modifiers & relevant;
        let mut want = self.mods;
        let mut code = key.code;
        if matches!(code, KeyCode::Char(_) | KeyCode::BackTab) {
            got -= KeyModifiers::SHIFT;
            want -= KeyModifiers::SHIFT;
        }
        if let KeyCode::Char(c) = code
            && got.contains(KeyModifiers::CONTROL)
        {
            code = KeyCode::Char(c.to_ascii_lowercase());
        }
        code == self.code && got == want
    }

    /// Short label for hints and help: `q`, `Enter`, `Ctrl-s`, `↑`.
    #[must_use]
    pub fn label(&self) -> String {
        let mut s = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            s.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            s.push_str("Alt-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            s.push_str("Shift-");
        }
        match self.code {
            KeyCode::Char(' ') => s.push_str("Space"),
            KeyCode::Char(c) => s.push(c),
            KeyCode::Enter => s.push_str("Enter"),
            KeyCode::Esc => s.push_str("Esc"),
            KeyCode::Tab => s.push_str("Tab"),
            KeyCode::BackTab => s.push_str("Shift-Tab"),
            KeyCode::Backspace => s.push_str("Backspace"),
            KeyCode::Delete => s.push_str("Del"),
            KeyCode::Insert => s.push_str("Ins"),
            KeyCode::Up => s.push('↑'),
            KeyCode::Down => s.push('↓'),
            KeyCode::Left => s.push('←'),
            KeyCode::Right => s.push('→'),
            KeyCode::Home => s.push_str("Home"),
            KeyCode::End => s.push_str("End"),
            KeyCode::PageUp => s.push_str("PgUp"),
            KeyCode::PageDown => s.push_str("PgDn"),
            KeyCode::F(n) => {
                let _ = write!(s, "F{n}");
            }
            other => {
                let _ = write!(s, "{other:?}");
            }
        }
        s
    }
}

/// One command's keys in one mode.
#[derive(Debug, Clone)]
pub struct Binding {
    pub command: Command,
    pub keys: Vec<KeySpec>,
}

/// All modes' bindings, each mode's in the order of [`Command`]'s declaration.
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    modes: BTreeMap<Mode, Vec<Binding>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Keys {
    One(String),
    Many(Vec<String>),
}

type RawFile = toml::Table;

impl Keymap {
    /// The embedded defaults. They are checked by a test, so an empty map never ships.
    #[must_use]
    pub fn defaults() -> Keymap {
        Keymap::default()
            .overlay(DEFAULT_KEYMAP)
            .unwrap_or_default()
    }

    /// Defaults plus the user's `keymap.toml` from `config_dir`, and a warning (one sentence
    /// in the chosen language) when that file exists but cannot be used.
    #[must_use]
    pub fn load(config_dir: &Path, lang: Lang) -> (Keymap, Option<String>) {
        let base = Keymap::defaults();
        let path = config_dir.join(USER_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (base, None),
            Err(e) => {
                return (
                    base,
                    Some(problem::unusable(
                        lang,
                        &path.display().to_string(),
                        &crate::present::errors::io_reason(&e, lang.en()),
                    )),
                );
            }
        };
        match base.overlay(&text) {
            Ok(k) => (k, None),
            Err(e) => (
                base,
                Some(problem::unusable(lang, &path.display().to_string(), &e)),
            ),
        }
    }

    /// This keymap with the bindings of a TOML text laid over it (listed commands replaced,
    /// new ones appended).
    ///
    /// # Errors
    /// The first problem found, as text (syntax with line, unknown section, command or key).
    pub fn overlay(&self, text: &str) -> Result<Keymap, String> {
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let at = e.span().map(|s| {
                let before = &text[..s.start.min(text.len())];
                before.matches('\n').count() + 1
            });
            problem::syntax(at, e.message())
        })?;
        let mut out = self.clone();
        for (section, table) in raw {
            let mode =
                Mode::from_section(&section).ok_or_else(|| problem::unknown_section(&section))?;
            let toml::Value::Table(table) = table else {
                return Err(problem::not_a_table(&section));
            };
            let list = out.modes.entry(mode).or_default();
            for (name, value) in table {
                let command = Command::from_name(&name)
                    .ok_or_else(|| problem::unknown_command(&section, &name))?;
                let keys: Keys = value
                    .try_into()
                    .map_err(|_| problem::not_keys(&section, &name))?;
                let keys = match keys {
                    Keys::One(k) => vec![k],
                    Keys::Many(v) => v,
                };
                let keys = keys
                    .iter()
                    .map(|k| {
                        KeySpec::parse(k).map_err(|k| problem::unknown_key(&section, &name, &k))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                match list.iter_mut().find(|b| b.command == command) {
                    Some(b) => b.keys = keys,
                    None => list.push(Binding { command, keys }),
                }
            }
            list.sort_by_key(|b| b.command);
            // One key, one command per mode: a key given to two commands would silently do
            // only one of them.
            for (i, a) in list.iter().enumerate() {
                for b in &list[i + 1..] {
                    if let Some(k) = a.keys.iter().find(|k| b.keys.contains(k)) {
                        return Err(problem::key_twice(
                            &section,
                            &k.label(),
                            &a.command.name(),
                            &b.command.name(),
                        ));
                    }
                }
            }
        }
        Ok(out)
    }

    /// Bindings of one mode, in [`Command`]'s order.
    #[must_use]
    pub fn bindings(&self, mode: Mode) -> &[Binding] {
        self.modes.get(&mode).map_or(&[], Vec::as_slice)
    }

    fn find(&self, mode: Mode, key: &KeyEvent) -> Option<Command> {
        self.bindings(mode)
            .iter()
            .find(|b| b.keys.iter().any(|k| k.matches(key)))
            .map(|b| b.command)
    }

    /// The message for a key press in a mode. Order: the mode's own bindings, then the global
    /// ones (in text modes only keys that do not type a character: F1, Ctrl-c …), then: in
    /// text modes the key goes to the field, on the checklist a plain character becomes a
    /// possible answer.
    #[must_use]
    pub fn resolve(&self, mode: Mode, key: &KeyEvent) -> Option<Msg> {
        if let Some(c) = self.find(mode, key) {
            return Some(Msg::Command(c));
        }
        let chord = key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let typed = matches!(key.code, KeyCode::Char(_)) && !chord;
        if (!mode.is_text() || !typed)
            && let Some(c) = self.find(Mode::Global, key)
        {
            return Some(Msg::Command(c));
        }
        if mode.is_text() {
            return Some(Msg::Text(*key));
        }
        match key.code {
            // The conflict view takes candidate numbers the same way (supervisor, issue 6),
            // the respondents screen answers (issue 15).
            KeyCode::Char(c)
                if matches!(mode, Mode::Checklist | Mode::Conflict | Mode::Respondents)
                    && !chord =>
            {
                Some(Msg::Char(c))
            }
            _ => None,
        }
    }

    /// Keys of a command in a mode (falling back to the global ones).
    #[must_use]
    pub fn keys(&self, mode: Mode, command: Command) -> &[KeySpec] {
        let own = self
            .bindings(mode)
            .iter()
            .find(|b| b.command == command)
            .map(|b| b.keys.as_slice());
        match own {
            Some(k) if !k.is_empty() => k,
            _ if mode == Mode::Global => &[],
            _ => self
                .bindings(Mode::Global)
                .iter()
                .find(|b| b.command == command)
                .map_or(&[], |b| b.keys.as_slice()),
        }
    }

    /// The first key that really triggers a command in a mode (a key another binding
    /// shadows, or a character typed into a text field, does not count), for hints; `None`
    /// when there is none.
    #[must_use]
    pub fn hint_key(&self, mode: Mode, command: Command) -> Option<String> {
        self.keys(mode, command)
            .iter()
            .find(|k| {
                let ev = KeyEvent::new(k.code, k.mods);
                matches!(self.resolve(mode, &ev), Some(Msg::Command(c)) if c == command)
            })
            .map(KeySpec::label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn embedded_defaults_parse_and_cover_every_mode() {
        let k = Keymap::default().overlay(DEFAULT_KEYMAP).expect("defaults");
        for m in Mode::ALL {
            assert!(!k.bindings(m).is_empty(), "{m:?} has no bindings");
        }
    }

    #[test]
    fn resolves_mode_then_global_then_text() {
        let k = Keymap::defaults();
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert!(matches!(
            k.resolve(Mode::Home, &q),
            Some(Msg::Command(Command::Quit))
        ));
        assert!(matches!(
            k.resolve(Mode::Help, &q),
            Some(Msg::Command(Command::Close))
        ));
        assert!(matches!(k.resolve(Mode::Form, &q), Some(Msg::Text(_))));
        let cc = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert!(matches!(
            k.resolve(Mode::Note, &cc),
            Some(Msg::Command(Command::Quit))
        ));
        let two = key(KeyCode::Char('2'), KeyModifiers::NONE);
        assert!(matches!(
            k.resolve(Mode::Checklist, &two),
            Some(Msg::Char('2'))
        ));
        assert!(k.resolve(Mode::Home, &two).is_none());
        let big_g = key(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert!(matches!(
            k.resolve(Mode::Home, &big_g),
            Some(Msg::Command(Command::Bottom))
        ));
        let backtab = key(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert!(matches!(
            k.resolve(Mode::Form, &backtab),
            Some(Msg::Command(Command::PrevField))
        ));
    }

    #[test]
    fn user_file_overrides_only_what_it_lists() {
        let k = Keymap::defaults()
            .overlay("[checklist]\nflag = [\"x\", \"Ctrl-f\"]\nundo = []\n")
            .expect("overlay");
        let x = key(KeyCode::Char('x'), KeyModifiers::NONE);
        let f = key(KeyCode::Char('f'), KeyModifiers::NONE);
        let cf = key(KeyCode::Char('f'), KeyModifiers::CONTROL);
        assert!(matches!(
            k.resolve(Mode::Checklist, &x),
            Some(Msg::Command(Command::Flag))
        ));
        assert!(matches!(
            k.resolve(Mode::Checklist, &cf),
            Some(Msg::Command(Command::Flag))
        ));
        assert!(matches!(
            k.resolve(Mode::Checklist, &f),
            Some(Msg::Char('f'))
        ));
        assert_eq!(
            k.hint_key(Mode::Checklist, Command::Flag).as_deref(),
            Some("x")
        );
        assert_eq!(k.hint_key(Mode::Checklist, Command::Undo), None);
        assert_eq!(
            k.hint_key(Mode::Checklist, Command::Note).as_deref(),
            Some("c")
        );
        assert_eq!(
            k.hint_key(Mode::Checklist, Command::Help).as_deref(),
            Some("?")
        );
    }

    #[test]
    fn bad_files_are_reported_not_fatal() {
        let base = Keymap::defaults();
        for bad in [
            "[checklist\nflag = \"x\"",
            "[nowhere]\nflag = \"x\"",
            "[checklist]\nfly = \"x\"",
            "[checklist]\nflag = \"Hyper-x\"",
            "[checklist]\nflag = 3",
            "[checklist]\nanswer = \"x\"",
            "[checklist]\nnote = \"n\"",
        ] {
            assert!(base.overlay(bad).is_err(), "{bad}");
        }
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join(USER_FILE), "[home\n").expect("write");
        let (k, warn) = Keymap::load(dir.path(), Lang::Id);
        assert!(warn.expect("warning").contains("keymap.toml"));
        assert_eq!(k.hint_key(Mode::Home, Command::New).as_deref(), Some("b"));
    }

    #[test]
    fn key_labels_round_trip() {
        for s in [
            "q",
            "Enter",
            "Ctrl-s",
            "F2",
            "Space",
            "G",
            "PgDn",
            "Shift-Tab",
        ] {
            let k = KeySpec::parse(s).expect(s);
            assert_eq!(KeySpec::parse(&k.label()).expect("again"), k, "{s}");
        }
        assert_eq!(
            KeySpec::parse("Shift-g").expect("g"),
            KeySpec::parse("G").expect("G")
        );
    }
}
