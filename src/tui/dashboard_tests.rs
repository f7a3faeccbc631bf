//! The supervisor dashboard's pemda roll-up (issue 14), driven through the keymap against a
//! real workspace: two assessors in conflict on one lokus of Kota Pontianak, a second lokus
//! there and one in Kota Samarinda; the supervisor drills from pemda to lokus to the
//! assessment, opens a lokus's conflicts, and filters by review state. The update alone is
//! tested on hand-made rows.

use std::path::Path;

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
use crate::workspace::bundles::{ExportOptions, Target};
use crate::workspace::{AnswerRequest, DashItem, DashRow, PemdaDash, ReviewRequest, Workspace};

use super::app::App;
use super::command::Command as C;
use super::effect::Effect;
use super::msg::Msg;
use super::screens::Screen;
use super::screens::dashboard::{DashState, next_review};
use super::theme::Theme;
use super::{app_for, dispatch, start, update};

struct Node {
    dir: tempfile::TempDir,
    ws: Workspace,
    device: String,
}

fn dirs(dir: &tempfile::TempDir) -> Dirs {
    Dirs::resolve(
        Some(&dir.path().join("data")),
        Some(&dir.path().join("cfg")),
    )
}

fn node(name: &str, role: Role) -> Node {
    let dir = tempfile::tempdir().expect("dir");
    let ws = Workspace::open(&dirs(&dir)).expect("open");
    let device = ws.init(name, None, None, role).expect("init").device;
    Node { dir, ws, device }
}

impl Node {
    fn assessment(&self, pemda: &str, lokus: &str, name: Option<&str>) -> String {
        self.ws
            .new_assessment(2024, Some("opini-2024"), pemda, lokus, name)
            .expect("new")
            .id
    }

    fn answer(&self, id: &str, ind: &str, v: u8) {
        self.ws
            .answer(&AnswerRequest::new(id, ind).value(AnswerValue::Score(v)))
            .expect("answer");
    }

    fn send_to(&self, sup: &Node) {
        let file = self.dir.path().join("out.tilik");
        self.ws
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
        sup.ws
            .trust_add(
                &self.device,
                &self.ws.device_name(&self.device),
                Role::Assessor,
                None,
            )
            .expect("trust");
        sup.ws
            .import_file(Path::new(&file), &mut |_, _| {})
            .expect("import");
    }
}

struct Sup {
    node: Node,
    app: App,
    /// The assessment in conflict (Pontianak, DPMPTSP).
    conflicted: String,
    /// Pontianak's other lokus (a puskesmas), finalized.
    puskesmas: String,
}

/// The supervisor with the field's bundles imported, on the dashboard.
fn supervisor(lang: Lang) -> Sup {
    let sup = node("Sinta Dewi", Role::Supervisor);
    let rina = node("Rina Sari", Role::Assessor);
    let budi = node("Budi Santoso", Role::Assessor);
    let id = rina.assessment("61.71", "dpmptsp", None);
    rina.answer(&id, "P.1", 3);
    assert_eq!(budi.assessment("61.71", "dpmptsp", None), id);
    budi.answer(&id, "P.1", 1);
    let pk = rina.assessment("61.71", "puskesmas", Some("Alianyang"));
    let all: Vec<String> = rina
        .ws
        .detail(&pk)
        .expect("detail")
        .instrument
        .indicators()
        .map(|p| p.indicator.id.clone())
        .collect();
    for ind in &all {
        rina.answer(&pk, ind, 2);
    }
    rina.ws.finalize(&pk).expect("finalize");
    let sm = budi.assessment("64.72", "dpmptsp", None);
    budi.answer(&sm, "P.1", 2);
    rina.send_to(&sup);
    budi.send_to(&sup);
    let mut app = app_for(&sup.ws, &dirs(&sup.dir), lang, Theme { color: true });
    app.tz = TimeZone::UTC;
    dispatch(&mut app, &sup.ws, Msg::Resize(80, 24));
    start(&mut app, &sup.ws);
    let mut e = Sup {
        node: sup,
        app,
        conflicted: id,
        puskesmas: pk,
    };
    press(&mut e, KeyCode::Char('d'));
    assert!(matches!(e.app.screen, Screen::Dashboard(_)));
    e
}

fn press(e: &mut Sup, code: KeyCode) {
    let k = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(a) = e.app.keymap.resolve(e.app.mode(), &k) {
        dispatch(&mut e.app, &e.node.ws, a);
    }
}

fn dash(e: &Sup) -> &DashState {
    match &e.app.screen {
        Screen::Dashboard(d) => d,
        other => panic!("not on the dashboard: {other:?}"),
    }
}

fn draw(e: &Sup) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    t.draw(|f| f.render_widget(&e.app, f.area())).expect("draw");
    t.backend().to_string()
}

#[test]
fn pemda_roll_up_drills_to_lokus_and_the_assessment() {
    for lang in [Lang::Id, Lang::En] {
        let mut e = supervisor(lang);
        let d = dash(&e);
        assert_eq!(d.pemda.len(), 2, "{:?}", d.pemda);
        let pontianak = &d.pemda[0];
        assert_eq!(pontianak.pemda, "61.71");
        assert_eq!(pontianak.lokus.len(), 2);
        assert_eq!(pontianak.conflicts(), 1);
        // The same figures as `tilik report`.
        let r = e
            .node
            .ws
            .report(&crate::core::report::Options::default())
            .expect("report");
        let want = r.pemda.iter().find(|p| p.code == "61.71").expect("61.71");
        assert_eq!(pontianak.score, want.score);
        assert_eq!(pontianak.provisional, want.provisional);
        assert_snapshot!(format!("dash_pemda_{lang:?}"), draw(&e));

        press(&mut e, KeyCode::Down);
        press(&mut e, KeyCode::Enter);
        assert_eq!(dash(&e).open.as_deref(), Some("64.72"), "Samarinda drilled");
        press(&mut e, KeyCode::Backspace);
        assert_eq!(dash(&e).open, None, "Backspace goes up");
        assert_eq!(dash(&e).selected, 1, "the pemda stays selected");
        press(&mut e, KeyCode::Up);
        press(&mut e, KeyCode::Enter);
        assert_eq!(dash(&e).open.as_deref(), Some("61.71"));
        assert_eq!(dash(&e).visible_lokus().len(), 2);
        assert_snapshot!(format!("dash_lokus_{lang:?}"), draw(&e));

        // Enter on the puskesmas (Alianyang, first by name) opens its assessment; `d`
        // comes back to the lokus list.
        press(&mut e, KeyCode::Enter);
        match &e.app.screen {
            Screen::Checklist(c) => assert_eq!(c.id(), e.puskesmas),
            other => panic!("not on the checklist: {other:?}"),
        }
        press(&mut e, KeyCode::Esc);
        press(&mut e, KeyCode::Char('d'));
        assert_eq!(dash(&e).open.as_deref(), Some("61.71"), "the level is kept");

        // `x` on the puskesmas: no conflict there; on DPMPTSP: the conflict view at it.
        press(&mut e, KeyCode::Char('x'));
        assert!(matches!(e.app.screen, Screen::Dashboard(_)));
        assert!(e.app.status.is_some(), "says there is none");
        press(&mut e, KeyCode::Down);
        press(&mut e, KeyCode::Char('x'));
        match &e.app.screen {
            Screen::Conflicts(c) => {
                let cur = c.current().expect("a conflict");
                assert_eq!(cur.assessment, e.conflicted);
                assert_eq!(cur.indicator, "P.1");
            }
            other => panic!("not on the conflict view: {other:?}"),
        }
        press(&mut e, KeyCode::Esc);
        press(&mut e, KeyCode::Char('d'));
        press(&mut e, KeyCode::Esc);
        assert_eq!(dash(&e).open, None, "Esc goes up");
        press(&mut e, KeyCode::Esc);
        assert!(matches!(e.app.screen, Screen::Home));
    }
}

#[test]
fn review_filter_and_problems_only_count_drafts() {
    for lang in [Lang::Id, Lang::En] {
        let mut e = supervisor(lang);
        // Problems only: Samarinda is a draft with nothing else open, and still shows.
        press(&mut e, KeyCode::Char('f'));
        assert_eq!(dash(&e).visible_pemda().len(), 2, "drafts are problems");
        press(&mut e, KeyCode::Char('f'));
        let req = ReviewRequest {
            comment: "Lampirkan SK",
            ..ReviewRequest::new(&e.puskesmas, ReviewState::NeedsRevision)
        };
        e.node.ws.set_review(&req).expect("review");
        press(&mut e, KeyCode::Esc);
        press(&mut e, KeyCode::Char('d'));
        // all → received → needs revision
        press(&mut e, KeyCode::Char('v'));
        assert_eq!(dash(&e).review, Some(ReviewStatus::Received));
        assert_eq!(dash(&e).visible_pemda().len(), 2);
        press(&mut e, KeyCode::Char('v'));
        assert_eq!(dash(&e).review, Some(ReviewStatus::NeedsRevision));
        let v = dash(&e).visible_pemda();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].pemda, "61.71");
        assert_snapshot!(format!("dash_filter_{lang:?}"), draw(&e));
        press(&mut e, KeyCode::Enter);
        let lokus = dash(&e).visible_lokus();
        assert_eq!(lokus.len(), 1, "only the lokus sent back");
        assert_eq!(lokus[0].items[0].id, e.puskesmas);
        for _ in 0..4 {
            press(&mut e, KeyCode::Char('v'));
        }
        assert_eq!(dash(&e).review, None, "back to every state");
        assert_eq!(dash(&e).visible_lokus().len(), 2);
    }
}

// ---- the update alone, on hand-made rows ------------------------------------------------

fn row(pemda: &str, lokus: &str, id: &str, conflicts: usize) -> DashRow {
    DashRow {
        pemda: pemda.into(),
        pemda_name: format!("Kota {pemda}"),
        lokus: lokus.into(),
        lokus_name: lokus.to_uppercase(),
        assessments: 1,
        finalized: 1,
        conflicts,
        items: vec![DashItem {
            id: id.into(),
            round: 2024,
            finalized: true,
            review: Some(ReviewStatus::Approved),
        }],
        ..DashRow::default()
    }
}

fn pemda(code: &str, lokus: Vec<DashRow>) -> PemdaDash {
    PemdaDash {
        pemda: code.into(),
        pemda_name: format!("Kota {code}"),
        round: Some(2024),
        score: Some(80.0),
        category: None,
        provisional: false,
        lokus,
    }
}

fn pure_app() -> App {
    let dir = tempfile::tempdir().expect("dir");
    let ws = Workspace::open(&dirs(&dir)).expect("open");
    let mut app = app_for(&ws, &dirs(&dir), Lang::En, Theme { color: false });
    app.supervisor = true;
    app.screen = Screen::Dashboard(Box::new(DashState {
        pemda: vec![
            pemda(
                "a",
                vec![row("a", "x1", "id-a1", 0), row("a", "x2", "id-a2", 2)],
            ),
            pemda("b", vec![row("b", "y1", "id-b1", 1)]),
        ],
        ..DashState::default()
    }));
    app
}

fn state(app: &App) -> &DashState {
    match &app.screen {
        Screen::Dashboard(d) => d,
        other => panic!("not on the dashboard: {other:?}"),
    }
}

#[test]
fn update_enter_drills_and_esc_goes_up() {
    let mut app = pure_app();
    assert!(update::update(&mut app, Msg::Command(C::Down)).is_empty());
    assert!(update::update(&mut app, Msg::Command(C::Open)).is_empty());
    assert_eq!(state(&app).open.as_deref(), Some("b"));
    assert_eq!(state(&app).selected, 0);
    assert_eq!(state(&app).visible_len(), 1);
    assert!(update::update(&mut app, Msg::Command(C::Back)).is_empty());
    assert_eq!(state(&app).open, None);
    assert_eq!(state(&app).selected, 1, "back on the pemda it came from");
    assert_eq!(
        update::update(&mut app, Msg::Command(C::Back)),
        vec![Effect::LoadHome]
    );
    assert!(matches!(app.screen, Screen::Home));
    assert_eq!(app.parked.len(), 1, "the dashboard is kept");
}

#[test]
fn update_enter_on_a_lokus_opens_its_assessment() {
    let mut app = pure_app();
    update::update(&mut app, Msg::Command(C::Open));
    update::update(&mut app, Msg::Command(C::Down));
    let fx = update::update(&mut app, Msg::Command(C::Open));
    assert_eq!(
        fx,
        vec![Effect::Open {
            id: "id-a2".into(),
            indicator: None
        }]
    );
}

#[test]
fn update_x_opens_the_conflicts_of_the_selected_row() {
    let mut app = pure_app();
    update::update(&mut app, Msg::Command(C::Open));
    // x1 has no conflict: a message, no screen change.
    assert!(update::update(&mut app, Msg::Command(C::Conflicts)).is_empty());
    assert!(matches!(app.screen, Screen::Dashboard(_)));
    update::update(&mut app, Msg::Command(C::Down));
    let fx = update::update(&mut app, Msg::Command(C::Conflicts));
    assert_eq!(fx, vec![Effect::LoadConflicts]);
    match &app.screen {
        Screen::Conflicts(c) => assert_eq!(c.focus, vec!["id-a2".to_string()]),
        other => panic!("not on the conflict view: {other:?}"),
    }
}

#[test]
fn update_review_filter_cycles_through_every_state() {
    let mut seen = vec![None];
    let mut s = next_review(None);
    while let Some(x) = s {
        seen.push(Some(x));
        s = next_review(s);
    }
    assert_eq!(seen.len(), 1 + ReviewStatus::ALL.len());
    let mut app = pure_app();
    update::update(&mut app, Msg::Command(C::ReviewFilter));
    assert_eq!(state(&app).review, Some(ReviewStatus::Received));
    assert_eq!(state(&app).visible_len(), 0, "every row is approved");
    for _ in 0..3 {
        update::update(&mut app, Msg::Command(C::ReviewFilter));
    }
    assert_eq!(state(&app).review, Some(ReviewStatus::Approved));
    assert_eq!(state(&app).visible_len(), 2);
    update::update(&mut app, Msg::Command(C::ReviewFilter));
    update::update(&mut app, Msg::Command(C::ReviewFilter));
    assert_eq!(state(&app).review, None);
}

// ---- the audit trail from the checklist (issue 14) ----------------------------------------

#[test]
fn audit_trail_from_the_checklist() {
    use super::screens::popup::Popup;
    for lang in [Lang::Id, Lang::En] {
        let mut e = supervisor(lang);
        let req = ReviewRequest {
            comment: "Lampirkan SK",
            ..ReviewRequest::new(&e.puskesmas, ReviewState::NeedsRevision)
        };
        e.node.ws.set_review(&req).expect("review");
        press(&mut e, KeyCode::Enter);
        press(&mut e, KeyCode::Enter);
        assert!(matches!(&e.app.screen, Screen::Checklist(c) if c.id() == e.puskesmas));
        press(&mut e, KeyCode::Char('l'));
        let want = e.node.ws.audit_of(&e.puskesmas).expect("audit");
        let Screen::Checklist(c) = &mut e.app.screen else {
            panic!("not on the checklist");
        };
        let Some(Popup::Audit { entries, scroll }) = &mut c.popup else {
            panic!("no audit trail: {:?}", c.popup);
        };
        assert_eq!(entries.len(), want.len());
        assert!(entries.iter().all(|x| x.assessment == e.puskesmas));
        assert!(
            entries
                .iter()
                .any(|x| x.why.as_deref() == Some("Lampirkan SK")),
            "the decision's comment is the why"
        );
        assert_eq!(*scroll, 0);
        // Fixed times for the picture: one minute apart from 12 Aug 2024 10:14 UTC.
        for (k, x) in entries.iter_mut().enumerate() {
            x.wall_ms = 1_723_457_640_000 + i64::try_from(k).unwrap_or(0) * 60_000;
        }
        assert_snapshot!(format!("audit_{lang:?}"), draw(&e));
        press(&mut e, KeyCode::Down);
        assert!(matches!(&e.app.screen,
            Screen::Checklist(c) if matches!(c.popup, Some(Popup::Audit { scroll: 1, .. }))));
        press(&mut e, KeyCode::Esc);
        assert!(matches!(&e.app.screen, Screen::Checklist(c) if c.popup.is_none()));
    }
}
