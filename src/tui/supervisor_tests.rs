//! The supervisor screens (issue 6) driven through the keymap against real workspaces:
//! bundles are exported by two assessors and a stranger, then read from the inbox.

use std::path::{Path, PathBuf};

use insta::assert_snapshot;
use jiff::tz::TimeZone;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::config::Dirs;
use crate::core::op::{AnswerValue, ReviewState};
use crate::core::review::ReviewStatus;
use crate::i18n::Lang;
use crate::identity::Role;
use crate::workspace::bundles::{ExportOptions, Target, Verdict};
use crate::workspace::{AnswerRequest, Workspace};

use super::app::App;
use super::msg::Msg;
use super::screens::Screen;
use super::screens::conflicts::ConflictState;
use super::screens::dashboard::DashState;
use super::screens::inbox::InboxState;
use super::screens::trust::TrustState;
use super::theme::Theme;
use super::{app_for, dispatch, start};

struct Node {
    _dir: tempfile::TempDir,
    ws: Workspace,
    device: String,
}

fn node(name: &str, role: Role) -> Node {
    let dir = tempfile::tempdir().expect("dir");
    let dirs = Dirs::resolve(
        Some(&dir.path().join("data")),
        Some(&dir.path().join("cfg")),
    );
    let ws = Workspace::open(&dirs).expect("open");
    let id = ws.init(name, None, None, role).expect("init");
    Node {
        _dir: dir,
        ws,
        device: id.device,
    }
}

impl Node {
    fn assessment(&self) -> String {
        self.ws
            .new_assessment(2024, Some("opini-2024"), "61.71", "dpmptsp", None)
            .expect("new")
            .id
    }

    fn answer(&self, id: &str, ind: &str, v: u8) {
        self.ws
            .answer(&AnswerRequest::new(id, ind).value(AnswerValue::Score(v)))
            .expect("answer");
    }

    fn export(&self, to: &Path, no_evidence: bool) -> PathBuf {
        let e = self
            .ws
            .export(
                &ExportOptions {
                    target: Target::File(to.to_path_buf()),
                    to: Vec::new(),
                    since: None,
                    no_evidence,
                },
                &mut |_, _| {},
            )
            .expect("export");
        PathBuf::from(e.file)
    }
}

struct Sup {
    node: Node,
    app: App,
}

fn supervisor(lang: Lang) -> Sup {
    supervisor_on(node("Sinta Dewi", Role::Supervisor), lang)
}

fn node_dirs(node: &Node) -> Dirs {
    Dirs::resolve(
        Some(&node._dir.path().join("data")),
        Some(&node._dir.path().join("cfg")),
    )
}

/// A fresh terminal UI on a supervisor's workspace.
fn supervisor_on(node: Node, lang: Lang) -> Sup {
    let dirs = node_dirs(&node);
    let mut app = app_for(&node.ws, &dirs, lang, Theme { color: true });
    app.tz = TimeZone::UTC;
    dispatch(&mut app, &node.ws, Msg::Resize(80, 24));
    start(&mut app, &node.ws);
    Sup { node, app }
}

fn press_mod(e: &mut Sup, code: KeyCode, mods: KeyModifiers) {
    let k = KeyEvent::new(code, mods);
    if let Some(a) = e.app.keymap.resolve(e.app.mode(), &k) {
        dispatch(&mut e.app, &e.node.ws, a);
    }
}

fn press(e: &mut Sup, code: KeyCode) {
    press_mod(e, code, KeyModifiers::NONE);
}

fn typ(e: &mut Sup, s: &str) {
    for c in s.chars() {
        press(e, KeyCode::Char(c));
    }
}

/// Run the import to the end, one file per turn, as the event loop does.
fn pump(e: &mut Sup) {
    while e.app.busy() {
        dispatch(&mut e.app, &e.node.ws, Msg::Tick);
    }
}

fn inbox(e: &Sup) -> &InboxState {
    match &e.app.screen {
        Screen::Inbox(ib) => ib,
        other => panic!("not on the inbox: {other:?}"),
    }
}

fn conflicts(e: &mut Sup) -> &mut ConflictState {
    match &mut e.app.screen {
        Screen::Conflicts(c) => c,
        other => panic!("not on the conflict view: {other:?}"),
    }
}

fn dash(e: &Sup) -> &DashState {
    match &e.app.screen {
        Screen::Dashboard(d) => d,
        other => panic!("not on the dashboard: {other:?}"),
    }
}

fn trust(e: &mut Sup) -> &mut TrustState {
    match &mut e.app.screen {
        Screen::Trust(t) => t,
        other => panic!("not on the trust roster: {other:?}"),
    }
}

fn draw(e: &Sup, redact: &[(String, String)]) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    t.draw(|f| f.render_widget(&e.app, f.area())).expect("draw");
    let mut s = t.backend().to_string();
    for (from, to) in redact {
        s = s.replace(from.as_str(), to.as_str());
    }
    if let Some(me) = &e.app.me {
        s = s.replace(&me.fingerprint, "FPFP-FPFP-FPFP-FPFP");
        s = s.replace(&me.short_fingerprint(), "FPFP-FPFP");
    }
    s
}

fn status(e: &Sup) -> String {
    e.app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// Two trusted assessors answering P.1 differently, a tampered copy, a stranger's bundle,
/// a bundle with evidence left out, and a copy already imported.
struct Field {
    rina: Node,
    budi: Node,
    andi: Node,
    folder: tempfile::TempDir,
}

fn redactions(f: &Field) -> Vec<(String, String)> {
    let mut v = Vec::new();
    for (n, tag) in [(&f.rina, "RINA"), (&f.budi, "BUDI"), (&f.andi, "ANDI")] {
        let fp = crate::identity::fingerprint(&n.device);
        v.push((fp.clone(), format!("{tag}-{tag}-{tag}-{tag}")));
        v.push((
            fp.chars().take(9).collect::<String>(),
            format!("{tag}-{tag}"),
        ));
        v.push((n.device.clone(), tag.to_string()));
    }
    v.push((
        format!("{}/", f.folder.path().display()),
        "/media/usb/".into(),
    ));
    v
}

fn field(sup: &Node) -> Field {
    let budi = node("Budi Santoso", Role::Assessor);
    // Candidates are numbered in device-key order: make Budi's candidate 1 every run.
    let mut rina = node("Rina Sari", Role::Assessor);
    while rina.device < budi.device {
        rina = node("Rina Sari", Role::Assessor);
    }
    let andi = node("Andi", Role::Assessor);
    let folder = tempfile::tempdir().expect("folder");
    let d = folder.path();
    let id = rina.assessment();
    rina.answer(&id, "P.1", 3);
    let id_b = budi.assessment();
    assert_eq!(
        id, id_b,
        "same pemda, lokus, round and instrument: one assessment"
    );
    budi.answer(&id_b, "P.1", 1);
    let id_a = andi.assessment();
    andi.answer(&id_a, "P.2", 2);
    rina.export(&d.join("a_rina.tilik"), false);
    budi.export(&d.join("b_budi.tilik"), false);
    let mut bytes = std::fs::read(d.join("a_rina.tilik")).expect("read");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    std::fs::write(d.join("c_rina_tampered.tilik"), bytes).expect("write");
    andi.export(&d.join("d_andi.tilik"), false);
    // Evidence left out: accepted with warnings (pending evidence).
    let photo = d.join("IMG_0412.jpg.src");
    std::fs::write(&photo, vec![0xFFu8; 3000]).expect("photo");
    rina.ws
        .attach(&id, "P.2", &[photo.as_path()])
        .expect("attach");
    std::fs::remove_file(&photo).expect("rm");
    rina.export(&d.join("e_rina_noevidence.tilik"), true);
    std::fs::copy(d.join("b_budi.tilik"), d.join("f_budi_again.tilik")).expect("copy");
    for n in [&rina, &budi] {
        sup.ws
            .trust_add(
                &n.device,
                &n.ws.device_name(&n.device),
                Role::Assessor,
                None,
            )
            .expect("trust");
    }
    Field {
        rina,
        budi,
        andi,
        folder,
    }
}

fn import_folder(e: &mut Sup, dir: &Path) {
    press(e, KeyCode::Char('i'));
    assert!(matches!(e.app.screen, Screen::Inbox(_)));
    press(e, KeyCode::Char('i'));
    typ(e, &format!("{}/", dir.display()));
    press(e, KeyCode::Enter);
    pump(e);
}

#[test]
fn inbox_shows_every_verdict_then_trust_and_reprocess() {
    for lang in [Lang::Id, Lang::En] {
        let mut e = supervisor(lang);
        let f = field(&e.node);
        import_folder(&mut e, f.folder.path());
        let verdicts: Vec<Verdict> = inbox(&e)
            .rows
            .iter()
            .map(|r| r.outcome.as_ref().expect("done").verdict)
            .collect();
        assert_eq!(
            verdicts,
            vec![
                Verdict::Accepted,
                Verdict::Accepted,
                Verdict::Rejected,
                Verdict::Quarantined,
                Verdict::AcceptedWithWarnings,
                Verdict::NoNewData,
            ],
            "{:#?}",
            inbox(&e).rows
        );
        let r = redactions(&f);
        assert_snapshot!(format!("inbox_verdicts_{lang:?}"), draw(&e, &r));
        // Details of the quarantined file, then trust its key from here.
        for _ in 0..3 {
            press(&mut e, KeyCode::Char('j'));
        }
        press(&mut e, KeyCode::Enter);
        assert_snapshot!(format!("inbox_detail_{lang:?}"), draw(&e, &r));
        press(&mut e, KeyCode::Char('t'));
        assert!(inbox(&e).trust_form.is_some());
        press(&mut e, KeyCode::Enter); // the name is filled in from the bundle
        press(&mut e, KeyCode::Enter); // role: assessor
        assert!(inbox(&e).trust_form.is_none(), "{}", status(&e));
        assert!(status(&e).contains('p'), "{}", status(&e));
        press(&mut e, KeyCode::Char('p'));
        let andi = inbox(&e)
            .rows
            .iter()
            .find(|r| r.name() == "d_andi.tilik")
            .and_then(|r| r.outcome.as_ref())
            .expect("andi");
        assert_eq!(
            andi.verdict,
            Verdict::Accepted,
            "{}",
            crate::present::import::message(andi, lang)
        );
        assert_eq!(inbox(&e).rows.len(), 6, "re-processed in place");
    }
}

/// Close the workspace and the UI, then open both again on the same folders (a restart).
fn restart(e: Sup, lang: Lang) -> Sup {
    let Sup { node, app } = e;
    drop(app);
    let Node { _dir, ws, device } = node;
    drop(ws);
    let dirs = Dirs::resolve(
        Some(&_dir.path().join("data")),
        Some(&_dir.path().join("cfg")),
    );
    let ws = Workspace::open(&dirs).expect("reopen");
    supervisor_on(Node { _dir, ws, device }, lang)
}

#[test]
fn inbox_flags_conflicts_and_keeps_its_history_across_a_restart() {
    for lang in [Lang::Id, Lang::En] {
        let mut e = supervisor(lang);
        let f = field(&e.node);
        import_folder(&mut e, f.folder.path());
        // Budi's file put P.1 in conflict: flagged, not the clean ✔, and the status says so.
        let budi = inbox(&e)
            .rows
            .iter()
            .find(|r| r.name() == "b_budi.tilik")
            .expect("budi");
        assert_eq!(budi.flags(), (1, 0));
        let clean = inbox(&e)
            .rows
            .iter()
            .find(|r| r.name() == "a_rina.tilik")
            .expect("rina");
        assert_eq!(clean.flags(), (0, 0));
        assert_eq!(
            e.app.status.as_ref().map(|s| s.kind),
            Some(super::app::StatusKind::Warn)
        );
        assert!(status(&e).contains("1 "), "{}", status(&e));
        assert!(status(&e).contains(" x "), "{}", status(&e));
        let mut e = restart(e, lang);
        press(&mut e, KeyCode::Char('i'));
        let rows = &inbox(&e).rows;
        assert_eq!(rows.len(), 6, "the import log, one row per file looked at");
        let verdicts: Vec<Option<Verdict>> = rows
            .iter()
            .map(super::screens::inbox::InboxRow::verdict)
            .collect();
        assert_eq!(
            verdicts,
            vec![
                Some(Verdict::Accepted),
                Some(Verdict::Accepted),
                Some(Verdict::Rejected),
                Some(Verdict::Quarantined),
                Some(Verdict::AcceptedWithWarnings),
                Some(Verdict::NoNewData),
            ]
        );
        assert!(
            rows.iter()
                .all(|r| r.logged.is_some() && r.outcome.is_none())
        );
        assert_eq!(rows[1].flags(), (1, 0), "the flag survives too");
        assert_eq!(
            e.app.status.as_ref().map(|s| s.kind),
            Some(super::app::StatusKind::Warn)
        );
        if let Screen::Inbox(ib) = &mut e.app.screen {
            for r in &mut ib.rows {
                if let Some(l) = r.logged.as_mut() {
                    l.time_ms = 1_723_457_640_000;
                }
            }
        }
        let r = redactions(&f);
        assert_snapshot!(format!("inbox_history_{lang:?}"), draw(&e, &r));
        press(&mut e, KeyCode::Char('j'));
        press(&mut e, KeyCode::Enter);
        assert_snapshot!(format!("inbox_history_detail_{lang:?}"), draw(&e, &r));
        // Going home and back does not read the log twice.
        press(&mut e, KeyCode::Esc);
        press(&mut e, KeyCode::Char('i'));
        assert_eq!(inbox(&e).rows.len(), 6);
    }
}

#[test]
fn conflict_view_picks_with_a_reason_and_saves_a_resolve_op() {
    for lang in [Lang::Id, Lang::En] {
        let mut e = supervisor(lang);
        let f = field(&e.node);
        import_folder(&mut e, f.folder.path());
        press(&mut e, KeyCode::Esc);
        assert!(matches!(e.app.screen, Screen::Home));
        press(&mut e, KeyCode::Char('x'));
        assert!(matches!(e.app.screen, Screen::Conflicts(_)));
        assert_eq!(conflicts(&mut e).list.len(), 1);
        // Home's key lands on the list; Enter opens the conflict to resolve.
        press(&mut e, KeyCode::Enter);
        for c in &mut conflicts(&mut e).list[0].candidates {
            c.wall_ms = 1_723_457_640_000;
        }
        let r = redactions(&f);
        assert_snapshot!(format!("conflict_{lang:?}"), draw(&e, &r));
        // Not a candidate.
        press(&mut e, KeyCode::Char('7'));
        assert!(status(&e).contains('7'));
        press(&mut e, KeyCode::Char('1'));
        press(&mut e, KeyCode::Enter);
        assert!(!status(&e).is_empty(), "a reason is required");
        typ(&mut e, "papan tarif terlihat di loket");
        assert_snapshot!(format!("conflict_reason_{lang:?}"), draw(&e, &r));
        press(&mut e, KeyCode::Enter);
        assert!(conflicts(&mut e).list.is_empty(), "{}", status(&e));
        let c = e.node.ws.conflicts().expect("conflicts");
        assert!(c.conflicts.is_empty());
        let list = e.node.ws.list().expect("list");
        assert_eq!(list[0].conflicts, 0);
    }
}

#[test]
fn other_value_needs_value_then_reason() {
    let mut e = supervisor(Lang::En);
    let f = field(&e.node);
    import_folder(&mut e, f.folder.path());
    press(&mut e, KeyCode::Esc);
    press(&mut e, KeyCode::Char('x'));
    press(&mut e, KeyCode::Enter);
    press(&mut e, KeyCode::Char('v'));
    press(&mut e, KeyCode::Enter);
    assert!(status(&e).contains("value"), "{}", status(&e));
    typ(&mut e, "2");
    press(&mut e, KeyCode::Enter);
    typ(&mut e, "checked on site");
    press(&mut e, KeyCode::Enter);
    assert!(e.node.ws.conflicts().expect("c").conflicts.is_empty());
    let id = e.node.ws.list().expect("list")[0].id.clone();
    let d = e.node.ws.detail(&id).expect("detail");
    assert_eq!(
        d.state.slots["P.1"].value(),
        Some(AnswerValue::Score(2)),
        "{:?}",
        d.state.slots["P.1"]
    );
}

#[test]
fn review_states_from_home_with_comment_prompt() {
    for lang in [Lang::Id, Lang::En] {
        let mut e = supervisor(lang);
        let f = field(&e.node);
        import_folder(&mut e, f.folder.path());
        press(&mut e, KeyCode::Esc);
        e.app.home.now_ms = 1_723_457_640_000;
        for sm in &mut e.app.home.list {
            sm.last_change_ms = 1_723_457_640_000;
        }
        press(&mut e, KeyCode::Char('v'));
        assert!(e.app.home.review.is_some());
        let r = redactions(&f);
        // Nothing is preselected: Enter alone saves nothing and says to choose.
        assert_snapshot!(format!("review_nothing_chosen_{lang:?}"), draw(&e, &r));
        press(&mut e, KeyCode::Enter);
        assert!(e.app.home.review.is_some());
        assert!(
            e.node
                .ws
                .list()
                .expect("list")
                .iter()
                .all(|x| x.review.is_none())
        );
        press(&mut e, KeyCode::Char('2')); // needs revision
        press(&mut e, KeyCode::Enter);
        press(&mut e, KeyCode::Enter);
        assert!(!status(&e).is_empty(), "a comment is required");
        typ(&mut e, "Lengkapi foto papan tarif");
        assert_snapshot!(format!("review_comment_{lang:?}"), draw(&e, &r));
        press(&mut e, KeyCode::Enter);
        assert!(e.app.home.review.is_none(), "{}", status(&e));
        let s = e.node.ws.list().expect("list");
        let first = s.iter().find(|x| x.review.is_some()).expect("reviewed");
        assert_eq!(first.review, Some(ReviewStatus::NeedsRevision));
        // Approve: the assessment is a draft with a conflict, so the dialog says what is
        // open and asks for a reason.
        press(&mut e, KeyCode::Char('v'));
        press(&mut e, KeyCode::Char('3'));
        press(&mut e, KeyCode::Enter);
        let d = e.app.home.review.as_ref().expect("dialog stays");
        assert!(d.guard.as_ref().is_some_and(|g| g.any()), "{}", status(&e));
        e.app.home.now_ms = 1_723_457_640_000;
        for sm in &mut e.app.home.list {
            sm.last_change_ms = 1_723_457_640_000;
        }
        assert_snapshot!(format!("review_guard_{lang:?}"), draw(&e, &r));
        press(&mut e, KeyCode::Enter);
        assert!(e.app.home.review.is_some(), "a reason is required");
        typ(&mut e, "rapat pleno 12 Agu");
        press(&mut e, KeyCode::Enter);
        assert!(e.app.home.review.is_none(), "{}", status(&e));
        let s = e.node.ws.list().expect("list");
        assert!(s.iter().any(|x| x.review == Some(ReviewStatus::Approved)));
    }
}

#[test]
fn assessors_cannot_review() {
    let a = node("Rina", Role::Assessor);
    let id = a.assessment();
    assert!(matches!(
        a.ws.set_review(&crate::workspace::ReviewRequest::new(
            &id,
            ReviewState::Approved
        )),
        Err(crate::error::Error::NotSupervisor)
    ));
}

#[test]
fn dashboard_per_pemda_and_lokus_with_filters() {
    for lang in [Lang::Id, Lang::En] {
        let mut e = supervisor(lang);
        let f = field(&e.node);
        import_folder(&mut e, f.folder.path());
        press(&mut e, KeyCode::Esc);
        press(&mut e, KeyCode::Char('d'));
        assert!(matches!(e.app.screen, Screen::Dashboard(_)));
        press(&mut e, KeyCode::Enter);
        let rows = dash(&e).visible_lokus();
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(rows[0].assessments, 1);
        assert_eq!(rows[0].conflicts, 1);
        assert_eq!(rows[0].parallel, 1);
        assert_eq!(rows[0].pending_evidence, 1);
        let r = redactions(&f);
        assert_snapshot!(format!("dashboard_{lang:?}"), draw(&e, &r));
        press(&mut e, KeyCode::Char('f'));
        assert_eq!(dash(&e).visible_lokus().len(), 1, "it has problems");
        press(&mut e, KeyCode::Char('/'));
        typ(&mut e, "samarinda");
        press(&mut e, KeyCode::Enter);
        assert!(dash(&e).visible_lokus().is_empty());
    }
}

fn fixed_key() -> String {
    let sk = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
    crate::core::codec::hex(sk.verifying_key().as_bytes())
}

#[test]
fn trust_roster_add_with_fingerprint_and_remove() {
    for lang in [Lang::Id, Lang::En] {
        let mut e = supervisor(lang);
        press(&mut e, KeyCode::Char('t'));
        assert!(matches!(e.app.screen, Screen::Trust(_)));
        assert_snapshot!(format!("trust_empty_{lang:?}"), draw(&e, &[]));
        press(&mut e, KeyCode::Char('a'));
        typ(&mut e, "abc");
        press(&mut e, KeyCode::Enter);
        assert!(!status(&e).is_empty(), "invalid key refused");
        for _ in 0..3 {
            press(&mut e, KeyCode::Backspace);
        }
        typ(&mut e, &fixed_key());
        press(&mut e, KeyCode::Enter);
        typ(&mut e, "Rina Sari");
        assert_snapshot!(format!("trust_add_{lang:?}"), draw(&e, &[]));
        press(&mut e, KeyCode::Enter);
        press(&mut e, KeyCode::Enter);
        assert_eq!(trust(&mut e).list.len(), 1, "{}", status(&e));
        trust(&mut e).list[0].added_ms = 1_723_457_640_000;
        assert_snapshot!(format!("trust_list_{lang:?}"), draw(&e, &[]));
        press(&mut e, KeyCode::Char('d'));
        assert_eq!(e.node.ws.trust_list().expect("l").len(), 1, "asks first");
        press(&mut e, KeyCode::Char('d'));
        assert!(e.node.ws.trust_list().expect("l").is_empty());
    }
}

#[test]
fn import_can_be_stopped_between_files_and_keys_are_answered() {
    let mut e = supervisor(Lang::Id);
    let f = field(&e.node);
    press(&mut e, KeyCode::Char('i'));
    press(&mut e, KeyCode::Char('i'));
    typ(&mut e, &format!("{}/", f.folder.path().display()));
    press(&mut e, KeyCode::Enter);
    assert!(e.app.busy());
    dispatch(&mut e.app, &e.node.ws, Msg::Tick);
    press(&mut e, KeyCode::Char('?'));
    assert!(e.app.help.is_some(), "help opens during an import");
    press(&mut e, KeyCode::Esc);
    assert!(e.app.help.is_none());
    press(&mut e, KeyCode::Esc);
    assert!(matches!(e.app.screen, Screen::Inbox(_)), "Esc stops, stays");
    pump(&mut e);
    let done = inbox(&e)
        .rows
        .iter()
        .filter(|r| r.outcome.is_some())
        .count();
    assert_eq!(done, 1, "stopped after the file in progress");
}

#[test]
fn tab_completes_paths() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::create_dir(dir.path().join("usb")).expect("mk");
    std::fs::write(dir.path().join("usb/rina_1.tilik"), b"x").expect("w");
    std::fs::write(dir.path().join("usb/rina_2.tilik.age"), b"x").expect("w");
    std::fs::write(dir.path().join("usb/notes.txt"), b"x").expect("w");
    let base = format!("{}/", dir.path().display());
    let (t, names) =
        super::effect::files::complete(&format!("{base}us"), super::effect::files::Offer::Bundles);
    assert_eq!(t, format!("{base}usb/"));
    assert_eq!(names, vec!["usb/".to_string()]);
    let (t, names) = super::effect::files::complete(
        &format!("{base}usb/r"),
        super::effect::files::Offer::Bundles,
    );
    assert_eq!(t, format!("{base}usb/rina_"));
    assert_eq!(names.len(), 2);
    assert_eq!(
        super::effect::files::bundles_in(&dir.path().join("usb")).len(),
        2
    );
}

#[test]
fn inbox_progress_gauge_and_no_color_symbols() {
    let mut e = supervisor(Lang::Id);
    e.app.theme = Theme { color: false };
    let f = field(&e.node);
    press(&mut e, KeyCode::Char('i'));
    press(&mut e, KeyCode::Char('i'));
    typ(&mut e, &format!("{}/", f.folder.path().display()));
    press(&mut e, KeyCode::Enter);
    for _ in 0..3 {
        dispatch(&mut e.app, &e.node.ws, Msg::Tick);
    }
    let r = redactions(&f);
    assert_snapshot!("inbox_importing", draw(&e, &r));
    pump(&mut e);
    let s = draw(&e, &r);
    for sym in ["✔", "⚠", "◌", "⛔"] {
        assert!(s.contains(sym), "{sym} without colour:\n{s}");
    }
    assert_snapshot!("inbox_no_color", s);
}
