//! The list of conflicts (issue 14): grouped by pemda and lokus, in instrument order,
//! filtered by text; Enter opens the resolve view with each candidate's scale label, Esc
//! returns to the same row, and a resolution keeps the cursor near.

use std::path::Path;

use insta::assert_snapshot;
use jiff::tz::TimeZone;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::config::Dirs;
use crate::core::op::AnswerValue;
use crate::i18n::Lang;
use crate::identity::Role;
use crate::workspace::bundles::{ExportOptions, Target};
use crate::workspace::{AnswerRequest, Workspace};

use super::app::App;
use super::msg::Msg;
use super::screens::Screen;
use super::screens::conflicts::{ConflictState, View};
use super::theme::Theme;
use super::{app_for, dispatch, start};

struct Node {
    dir: tempfile::TempDir,
    ws: Workspace,
    device: String,
}

fn dirs_of(dir: &Path) -> Dirs {
    Dirs::resolve(Some(&dir.join("data")), Some(&dir.join("cfg")))
}

fn node(name: &str, role: Role) -> Node {
    let dir = tempfile::tempdir().expect("dir");
    let ws = Workspace::open(&dirs_of(dir.path())).expect("open");
    let id = ws.init(name, None, None, role).expect("init");
    Node {
        dir,
        ws,
        device: id.device,
    }
}

/// Answers on one assessor's device: (pemda, lokus, lokus name, indicator, value).
type Answers<'a> = &'a [(&'a str, &'a str, Option<&'a str>, &'a str, u8)];

fn answer_all(n: &Node, answers: Answers<'_>) {
    for (pemda, lokus, name, ind, v) in answers {
        let id =
            n.ws.new_assessment(2024, Some("opini-2024"), pemda, lokus, *name)
                .expect("new")
                .id;
        n.ws.answer(&AnswerRequest::new(&id, ind).value(AnswerValue::Score(*v)))
            .expect("answer");
    }
}

fn export_into(n: &Node, to: &Path, no_evidence: bool) {
    n.ws.export(
        &ExportOptions {
            target: Target::File(to.to_path_buf()),
            to: Vec::new(),
            since: None,
            no_evidence,
        },
        &mut |_, _| {},
    )
    .expect("export");
}

struct Sup {
    sup: Node,
    _others: Vec<Node>,
    app: App,
}

/// Two assessors disagreeing on six indicators in three lokus of two pemda; the supervisor
/// has imported both and opens the list from home.
fn field(lang: Lang) -> Sup {
    let sup = node("Sinta Dewi", Role::Supervisor);
    let budi = node("Budi Santoso", Role::Assessor);
    // Candidates are numbered in device-key order: make Budi's candidate 1 every run.
    let mut rina = node("Rina Sari", Role::Assessor);
    while rina.device < budi.device {
        rina = node("Rina Sari", Role::Assessor);
    }
    // Answered out of instrument order, Singkawang first: the list sorts them.
    let a: Answers = &[
        ("61.72", "dpmptsp", None, "P.2", 2),
        ("61.71", "puskesmas", Some("Alianyang"), "P.3", 3),
        ("61.71", "dpmptsp", None, "P.4", 3),
        ("61.71", "dpmptsp", None, "P.1", 3),
        ("61.71", "puskesmas", Some("Alianyang"), "P.1", 2),
        ("61.72", "dpmptsp", None, "P.1", 1),
    ];
    let b: Answers = &[
        ("61.72", "dpmptsp", None, "P.2", 0),
        ("61.71", "puskesmas", Some("Alianyang"), "P.3", 1),
        ("61.71", "dpmptsp", None, "P.4", 2),
        ("61.71", "dpmptsp", None, "P.1", 1),
        ("61.71", "puskesmas", Some("Alianyang"), "P.1", 0),
        ("61.72", "dpmptsp", None, "P.1", 3),
    ];
    answer_all(&rina, a);
    answer_all(&budi, b);
    on_the_list(sup, vec![rina, budi], true, lang)
}

/// The supervisor trusts and imports every assessor's export (with or without evidence)
/// and opens the conflict list from home.
fn on_the_list(sup: Node, others: Vec<Node>, no_evidence: bool, lang: Lang) -> Sup {
    let folder = tempfile::tempdir().expect("folder");
    for (i, n) in others.iter().enumerate() {
        sup.ws
            .trust_add(
                &n.device,
                &n.ws.device_name(&n.device),
                Role::Assessor,
                None,
            )
            .expect("trust");
        let p = folder.path().join(format!("{i}.tilik"));
        export_into(n, &p, no_evidence);
        sup.ws.import_file(&p, &mut |_, _| {}).expect("import");
    }
    let mut app = app_for(
        &sup.ws,
        &dirs_of(sup.dir.path()),
        lang,
        Theme { color: true },
    );
    app.tz = TimeZone::UTC;
    dispatch(&mut app, &sup.ws, Msg::Resize(80, 24));
    start(&mut app, &sup.ws);
    let mut e = Sup {
        sup,
        _others: others,
        app,
    };
    press(&mut e, KeyCode::Char('x'));
    e
}

fn press(e: &mut Sup, code: KeyCode) {
    let k = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(a) = e.app.keymap.resolve(e.app.mode(), &k) {
        dispatch(&mut e.app, &e.sup.ws, a);
    }
}

fn typ(e: &mut Sup, s: &str) {
    for c in s.chars() {
        press(e, KeyCode::Char(c));
    }
}

fn state(e: &mut Sup) -> &mut ConflictState {
    match &mut e.app.screen {
        Screen::Conflicts(c) => c,
        other => panic!("not on the conflicts: {other:?}"),
    }
}

fn draw(e: &Sup) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    t.draw(|f| f.render_widget(&e.app, f.area())).expect("draw");
    let mut s = t.backend().to_string();
    if let Some(me) = &e.app.me {
        s = s.replace(&me.fingerprint, "FPFP-FPFP-FPFP-FPFP");
        s = s.replace(&me.short_fingerprint(), "FPFP-FPFP");
    }
    s
}

/// (lokus, indicator) of the list's rows in order.
fn order(e: &mut Sup) -> Vec<(String, String)> {
    let c = state(e);
    c.visible()
        .into_iter()
        .map(|i| {
            let x = &c.list[i];
            (
                format!("{} › {}", x.pemda_name, x.lokus_name),
                x.indicator.clone(),
            )
        })
        .collect()
}

#[test]
fn home_x_lands_on_the_grouped_sorted_list_with_scale_labels() {
    for lang in [Lang::Id, Lang::En] {
        let mut e = field(lang);
        assert_eq!(state(&mut e).view, View::List);
        let o = order(&mut e);
        assert_eq!(o.len(), 6);
        let pontianak_dpmptsp = o
            .iter()
            .filter(|(l, _)| l.starts_with("Kota Pontianak") && l.contains("DPMPTSP"))
            .map(|(_, i)| i.as_str())
            .collect::<Vec<_>>();
        assert_eq!(pontianak_dpmptsp, ["P.1", "P.4"], "instrument order");
        assert!(o[0].0.starts_with("Kota Pontianak"), "{o:?}");
        assert!(o[5].0.starts_with("Kota Singkawang"), "{o:?}");
        assert_snapshot!(format!("conflict_list_{lang:?}"), draw(&e));
    }
}

#[test]
fn the_filter_narrows_and_enter_opens_that_conflict_and_esc_returns_to_its_row() {
    for lang in [Lang::Id, Lang::En] {
        let mut e = field(lang);
        press(&mut e, KeyCode::Char('/'));
        typ(&mut e, "SINGKAWANG p.2");
        let o = order(&mut e);
        assert_eq!(o.len(), 1, "{o:?}");
        assert_eq!(o[0].1, "P.2");
        assert_snapshot!(format!("conflict_list_filtered_{lang:?}"), draw(&e));
        press(&mut e, KeyCode::Enter);
        // Back to every conflict; the third row opens.
        press(&mut e, KeyCode::Char('/'));
        press(&mut e, KeyCode::Esc);
        assert_eq!(order(&mut e).len(), 6);
        press(&mut e, KeyCode::Down);
        press(&mut e, KeyCode::Down);
        let want = order(&mut e)[2].clone();
        press(&mut e, KeyCode::Enter);
        let c = state(&mut e);
        assert_eq!(c.view, View::Resolve);
        let cur = c.current().expect("a conflict");
        assert_eq!(
            (
                format!("{} › {}", cur.pemda_name, cur.lokus_name),
                cur.indicator.clone()
            ),
            want
        );
        for cand in &mut state(&mut e)
            .list
            .iter_mut()
            .flat_map(|x| x.candidates.iter_mut())
        {
            cand.wall_ms = 1_723_457_640_000;
        }
        assert_snapshot!(format!("conflict_resolve_labels_{lang:?}"), draw(&e));
        press(&mut e, KeyCode::Esc);
        let c = state(&mut e);
        assert_eq!(c.view, View::List);
        assert_eq!(c.selected, 2, "back on the same row");
    }
}

#[test]
fn a_resolution_refreshes_the_list_and_keeps_the_cursor_near() {
    let mut e = field(Lang::En);
    press(&mut e, KeyCode::Down);
    let next = order(&mut e)[2].clone();
    press(&mut e, KeyCode::Enter);
    press(&mut e, KeyCode::Char('2'));
    typ(&mut e, "seen on site");
    press(&mut e, KeyCode::Enter);
    let c = state(&mut e);
    assert_eq!(c.view, View::List);
    assert_eq!(c.list.len(), 5);
    assert_eq!(c.selected, 1);
    assert_eq!(
        order(&mut e)[1],
        next,
        "the row below moved up under the cursor"
    );
    assert_eq!(e.sup.ws.conflicts().expect("c").conflicts.len(), 5);
}

#[test]
fn open_for_shows_one_assessment_and_esc_returns_to_the_dashboard() {
    let mut e = field(Lang::En);
    let id = {
        let c = state(&mut e);
        c.list
            .iter()
            .find(|x| x.pemda_name.contains("Singkawang"))
            .expect("singkawang")
            .assessment
            .clone()
    };
    press(&mut e, KeyCode::Esc);
    press(&mut e, KeyCode::Char('d'));
    assert!(matches!(e.app.screen, Screen::Dashboard(_)));
    let fx = super::screens::conflicts::open_for(&mut e.app, &id);
    super::perform(&mut e.app, &e.sup.ws, fx);
    let o = order(&mut e);
    assert_eq!(o.len(), 2, "{o:?}");
    assert!(o.iter().all(|(l, _)| l.starts_with("Kota Singkawang")));
    press(&mut e, KeyCode::Esc);
    assert!(matches!(e.app.screen, Screen::Dashboard(_)));
}

#[test]
fn help_lists_the_keys_of_the_list_and_of_the_resolve_view() {
    for lang in [Lang::Id, Lang::En] {
        let mut e = field(lang);
        press(&mut e, KeyCode::Char('?'));
        let s = draw(&e);
        assert_snapshot!(format!("conflict_list_help_{lang:?}"), s);
        press(&mut e, KeyCode::Esc);
        press(&mut e, KeyCode::Enter);
        press(&mut e, KeyCode::Char('?'));
        let s = draw(&e);
        assert!(s.contains("1-9"), "{s}");
        assert!(s.contains("Tab"), "{s}");
    }
}

#[test]
fn e_on_a_conflict_opens_its_evidence_files_one_per_press() {
    let sup = node("Sinta Dewi", Role::Supervisor);
    let rina = node("Rina Sari", Role::Assessor);
    let budi = node("Budi Santoso", Role::Assessor);
    answer_all(&rina, &[("61.71", "dpmptsp", None, "P.1", 3)]);
    answer_all(&budi, &[("61.71", "dpmptsp", None, "P.1", 1)]);
    let photo = rina.dir.path().join("loket.jpg");
    std::fs::write(&photo, b"foto loket pelayanan").expect("photo");
    let id = rina.ws.list().expect("list")[0].id.clone();
    rina.ws
        .attach(&id, "P.1", &[photo.as_path()])
        .expect("attach");
    let mut e = on_the_list(sup, vec![rina, budi], false, Lang::Id);
    press(&mut e, KeyCode::Enter);
    assert_eq!(state(&mut e).view, View::Resolve);
    assert!(draw(&e).contains("e buka bukti"), "{}", draw(&e));
    let k = KeyEvent::new(KeyCode::Char('e'), KeyModifiers::NONE);
    let msg = e.app.keymap.resolve(e.app.mode(), &k).expect("e");
    let effects = super::update::update(&mut e.app, msg);
    let [super::effect::Effect::OpenEvidence { hash, name }] = &effects[..] else {
        panic!("{effects:?}");
    };
    assert_eq!(name, "loket.jpg");
    assert_eq!(
        hash,
        &blake3::hash(b"foto loket pelayanan").to_hex().to_string()
    );
    let copy = e.sup.ws.evidence_copy(hash, name).expect("copy");
    assert_eq!(std::fs::read(copy).expect("read"), b"foto loket pelayanan");
    let status = e
        .app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(status.contains("loket.jpg (1/1"), "{status}");
}
