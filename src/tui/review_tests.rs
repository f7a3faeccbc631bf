//! The review loop on the assessor's screens (issue 14), driven through the keymap against
//! real workspaces: a supervisor marks "needs revision" with an assessment comment and two
//! indicator comments and exports; the assessor imports and sees them on the home row and
//! status line, as markers in the checklist tree, in the indicator pane (who, when) and on
//! the review screen, then replies on one indicator.

use insta::assert_snapshot;
use jiff::tz::TimeZone;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::config::Dirs;
use crate::core::op::{AnswerValue, ReviewState};
use crate::core::review::{MessageKind, ReviewStatus};
use crate::i18n::Lang;
use crate::identity::Role;
use crate::workspace::bundles::{ExportOptions, Target};
use crate::workspace::{AnswerRequest, ReviewRequest, Workspace};

use super::app::App;
use super::msg::Msg;
use super::screens::Screen;
use super::theme::Theme;
use super::{app_for, dispatch, start};

/// A fixed time for everything shown (12 Aug 2024 10:14 UTC).
const WHEN: i64 = 1_723_457_640_000;

struct Node {
    dir: tempfile::TempDir,
    ws: Workspace,
    device: String,
}

fn node(name: &str, role: Role) -> Node {
    let dir = tempfile::tempdir().expect("dir");
    let ws = Workspace::open(&dirs(&dir)).expect("open");
    let device = ws.init(name, None, None, role).expect("init").device;
    Node { dir, ws, device }
}

fn dirs(dir: &tempfile::TempDir) -> Dirs {
    Dirs::resolve(
        Some(&dir.path().join("data")),
        Some(&dir.path().join("cfg")),
    )
}

fn send(from: &Node, to: &Node) {
    let file = from
        .dir
        .path()
        .join(format!("out-{}.tilik", from.device.len()));
    let _ = std::fs::remove_file(&file);
    from.ws
        .export(
            &ExportOptions {
                target: Target::File(file.clone()),
                to: Vec::new(),
                since: None,
                no_evidence: false,
            },
            &mut |_, _| {},
        )
        .expect("export");
    to.ws.import_file(&file, &mut |_, _| {}).expect("import");
}

/// Rina answered P.1 and P.4; Sinta sent it back with three comments.
fn sent_back() -> (Node, Node, String) {
    let rina = node("Rina Sari", Role::Assessor);
    let sinta = node("Sinta Dewi", Role::Supervisor);
    rina.ws
        .trust_add(&sinta.device, "Sinta Dewi", Role::Supervisor, None)
        .expect("trust");
    sinta
        .ws
        .trust_add(&rina.device, "Rina Sari", Role::Assessor, None)
        .expect("trust");
    let id = rina
        .ws
        .new_assessment(2024, Some("opini-2024"), "61.71", "dpmptsp", None)
        .expect("new")
        .id;
    for (ind, v) in [("P.1", 3), ("P.4", 1)] {
        rina.ws
            .answer(&AnswerRequest::new(&id, ind).value(AnswerValue::Score(v)))
            .expect("answer");
    }
    send(&rina, &sinta);
    sinta
        .ws
        .set_review(&ReviewRequest {
            comment: "Lengkapi bukti sebelum difinalkan.",
            ..ReviewRequest::new(&id, ReviewState::NeedsRevision)
        })
        .expect("review");
    sinta
        .ws
        .review_comment(
            &id,
            Some("P.4"),
            "Foto papan tarif tidak terbaca.\nMohon foto ulang dari dekat.",
        )
        .expect("comment");
    sinta
        .ws
        .review_comment(&id, Some("P.1"), "Sumber SOP?")
        .expect("comment");
    send(&sinta, &rina);
    (rina, sinta, id)
}

fn app(n: &Node, lang: Lang) -> App {
    let mut app = app_for(&n.ws, &dirs(&n.dir), lang, Theme { color: true });
    app.tz = TimeZone::UTC;
    dispatch(&mut app, &n.ws, Msg::Resize(80, 24));
    start(&mut app, &n.ws);
    app
}

fn press(app: &mut App, ws: &Workspace, code: KeyCode) {
    let k = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(a) = app.keymap.resolve(app.mode(), &k) {
        dispatch(app, ws, a);
    }
}

fn press_mod(app: &mut App, ws: &Workspace, code: KeyCode, mods: KeyModifiers) {
    let k = KeyEvent::new(code, mods);
    if let Some(a) = app.keymap.resolve(app.mode(), &k) {
        dispatch(app, ws, a);
    }
}

/// Pin every time the screens show, so the snapshots do not follow the clock.
fn pin_times(app: &mut App) {
    app.home.now_ms = WHEN;
    for sm in &mut app.home.list {
        sm.last_change_ms = WHEN;
    }
    if let Screen::Checklist(c) = &mut app.screen {
        for m in &mut c.view.detail.state.review.messages {
            m.wall_ms = WHEN;
        }
    }
}

fn draw(app: &App, n: &Node) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    t.draw(|f| f.render_widget(app, f.area())).expect("draw");
    let mut s = t.backend().to_string();
    if let Some(me) = &app.me {
        s = s.replace(&me.fingerprint, "FPFP-FPFP-FPFP-FPFP");
        s = s.replace(&me.short_fingerprint(), "FPFP-FPFP");
    }
    let _ = n;
    s
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn the_assessor_sees_the_comments_where_they_work_and_replies() {
    for lang in [Lang::Id, Lang::En] {
        let (rina, sinta, id) = sent_back();
        let mut a = app(&rina, lang);
        pin_times(&mut a);
        let home = draw(&a, &rina);
        assert!(home.contains('✉') && home.contains('◷'), "{home}");
        assert_snapshot!(format!("review_home_{lang:?}"), home);

        // The checklist, on P.4: markers in the tree, the thread in the pane.
        press(&mut a, &rina.ws, KeyCode::Enter);
        let Screen::Checklist(c) = &mut a.screen else {
            panic!("not on the checklist: {:?}", a.screen);
        };
        c.cursor = c.index_of("P.4").expect("P.4");
        pin_times(&mut a);
        let screen = draw(&a, &rina);
        assert!(screen.contains("Sinta Dewi (supervisor)"), "{screen}");
        assert_snapshot!(format!("review_checklist_{lang:?}"), screen);

        // The review screen counts the supervisor's comments and lists the indicators.
        press(&mut a, &rina.ws, KeyCode::Char('r'));
        pin_times(&mut a);
        let screen = draw(&a, &rina);
        assert_snapshot!(format!("review_screen_{lang:?}"), screen);
        press(&mut a, &rina.ws, KeyCode::Esc);

        // Reply on P.4 (b), several lines, saved with the note editor's key.
        press(&mut a, &rina.ws, KeyCode::Char('b'));
        for ch in "Sudah difoto ulang.".chars() {
            press(&mut a, &rina.ws, KeyCode::Char(ch));
        }
        press(&mut a, &rina.ws, KeyCode::Enter);
        for ch in "Terlampir.".chars() {
            press(&mut a, &rina.ws, KeyCode::Char(ch));
        }
        pin_times(&mut a);
        assert_snapshot!(format!("review_reply_{lang:?}"), draw(&a, &rina));
        press_mod(&mut a, &rina.ws, KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert!(status(&a).contains("P.4"), "{}", status(&a));
        let v = rina.ws.review(&id).expect("review");
        let p4 = v.thread(Some("P.4")).expect("thread");
        assert_eq!(p4.messages.len(), 2);
        assert_eq!(p4.messages[1].kind, MessageKind::Reply);
        assert_eq!(p4.messages[1].text, "Sudah difoto ulang.\nTerlampir.");
        // A reply is no fix: still needs revision until an answer changes.
        assert_eq!(v.state, Some(ReviewStatus::NeedsRevision));

        // Where there is no comment, b says so.
        if let Screen::Checklist(c) = &mut a.screen {
            c.cursor = c.index_of("P.2").expect("P.2");
        }
        press(&mut a, &rina.ws, KeyCode::Char('b'));
        assert!(matches!(&a.screen, Screen::Checklist(c) if c.popup.is_none()));

        // The reply travels back; the supervisor sees the thread in the same order.
        send(&rina, &sinta);
        let s = sinta.ws.review(&id).expect("review");
        let texts: Vec<&str> = s
            .thread(Some("P.4"))
            .expect("thread")
            .messages
            .iter()
            .map(|m| m.text.as_str())
            .collect();
        assert_eq!(
            texts,
            [
                "Foto papan tarif tidak terbaca.\nMohon foto ulang dari dekat.",
                "Sudah difoto ulang.\nTerlampir."
            ]
        );
    }
}
