//! Issue 6: importing 100 bundles from the supervisor's inbox keeps the UI responsive —
//! one file per event-loop turn, keys answered between files, progress moving forward one
//! file at a time — and ends with the same figures as `tilik import` of the same files
//! into a separate store.

#[path = "support/cli.rs"]
mod cli;

use std::path::{Path, PathBuf};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tilik::config::Dirs;
use tilik::core::op::AnswerValue;
use tilik::i18n::Lang;
use tilik::identity::Role;
use tilik::tui::msg::Msg;
use tilik::tui::screens::Screen;
use tilik::tui::screens::inbox::InboxState;
use tilik::tui::theme::Theme;
use tilik::tui::{app_for, dispatch, start};
use tilik::workspace::bundles::{ExportOptions, Target};
use tilik::workspace::{AnswerRequest, Workspace};

fn dirs_in(p: &Path) -> Dirs {
    Dirs::resolve(Some(&p.join("data")), Some(&p.join("config")))
}

fn open(p: &Path) -> Workspace {
    Workspace::open(&dirs_in(p)).expect("open")
}

fn key(app: &tilik::tui::app::App, c: KeyCode) -> Option<Msg> {
    app.keymap
        .resolve(app.mode(), &KeyEvent::new(c, KeyModifiers::NONE))
}

fn inbox(app: &tilik::tui::app::App) -> &InboxState {
    match &app.screen {
        Screen::Inbox(ib) => ib,
        other => panic!("not on the inbox: {other:?}"),
    }
}

#[test]
fn hundred_bundles_from_the_inbox_stay_responsive_and_match_the_cli() {
    let root = tempfile::tempdir().expect("dir");
    let folder = root.path().join("usb");
    std::fs::create_dir_all(&folder).expect("usb");
    // Two assessors on the same assessment, 50 cumulative exports each.
    let mut keys = Vec::new();
    for (who, name) in [("rina", "Rina Sari"), ("budi", "Budi Santoso")] {
        let ws = open(&root.path().join(who));
        let me = ws.init(name, None, None, Role::Assessor).expect("init");
        keys.push((me.device.clone(), name));
        let id = ws
            .new_assessment(2024, Some("opini-2024"), "61.71", "dpmptsp", None)
            .expect("new")
            .id;
        let inst = ws.detail(&id).expect("detail").instrument;
        let inds: Vec<String> = inst.indicators().map(|p| p.indicator.id.clone()).collect();
        for i in 0..50u8 {
            let ind = &inds[usize::from(i) % inds.len()];
            let v = if who == "rina" { i % 4 } else { (i + 1) % 4 };
            ws.answer(&AnswerRequest::new(&id, ind).value(AnswerValue::Score(v)))
                .expect("answer");
            ws.export(
                &ExportOptions {
                    target: Target::File(folder.join(format!("{who}_{i:03}.tilik"))),
                    to: Vec::new(),
                    since: None,
                    no_evidence: false,
                },
                &mut |_, _| {},
            )
            .expect("export");
        }
    }
    let prepare = |p: &Path| {
        let ws = open(p);
        ws.init("Sinta Dewi", None, None, Role::Supervisor)
            .expect("init");
        for (k, n) in &keys {
            ws.trust_add(k, n, Role::Assessor, None).expect("trust");
        }
        ws
    };

    // ---- the inbox, as the event loop drives it ----
    let tui_root = root.path().join("sup_tui");
    let ws = prepare(&tui_root);
    let mut app = app_for(&ws, &dirs_in(&tui_root), Lang::Id, Theme { color: false });
    dispatch(&mut app, &ws, Msg::Resize(80, 24));
    start(&mut app, &ws);
    app.supervisor = true;
    for c in [KeyCode::Char('i'), KeyCode::Char('i')] {
        let a = key(&app, c).expect("key");
        dispatch(&mut app, &ws, a);
    }
    for c in format!("{}", folder.display()).chars() {
        let a = key(&app, KeyCode::Char(c)).expect("text");
        dispatch(&mut app, &ws, a);
    }
    let a = key(&app, KeyCode::Enter).expect("enter");
    dispatch(&mut app, &ws, a);
    assert!(app.busy());
    assert_eq!(inbox(&app).job.as_ref().expect("job").total, 100);
    let mut last = 0;
    let mut turns = 0;
    while app.busy() {
        // Keys waiting in the terminal are answered first …
        let before = inbox(&app).selected;
        let down = key(&app, KeyCode::Down).expect("down");
        dispatch(&mut app, &ws, down);
        assert!(
            inbox(&app).selected == before + 1 || before + 1 == inbox(&app).rows.len(),
            "a key is answered between files"
        );
        if turns % 10 == 0 {
            let h = key(&app, KeyCode::Char('?')).expect("help");
            dispatch(&mut app, &ws, h);
            assert!(app.help.is_some(), "help opens during the import");
            let c = key(&app, KeyCode::Esc).expect("close");
            dispatch(&mut app, &ws, c);
            assert!(app.help.is_none());
        }
        // … then one more file.
        dispatch(&mut app, &ws, Msg::Tick);
        turns += 1;
        let done = inbox(&app).job.as_ref().map_or(100, |j| j.done);
        assert!(
            done == last + 1 || (done == last && !app.busy()),
            "progress moves one file per turn ({last} → {done})"
        );
        last = done;
    }
    assert_eq!(last, 100);
    assert_eq!(turns, 101, "100 files and the closing turn");
    assert!(
        inbox(&app)
            .rows
            .iter()
            .all(|r| r.outcome.as_ref().is_some_and(|o| o.verdict.ok())),
        "every bundle usable"
    );

    // ---- `tilik import` of the same files into a separate store ----
    let cli_root = root.path().join("sup_cli");
    drop(prepare(&cli_root));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("read")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let out = cli::tilik(&cli_root)
        .arg("import")
        .args(&files)
        .output()
        .expect("run tilik import");
    assert!(
        out.status.success(),
        "tilik import: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cli = open(&cli_root);
    let fig = |w: &Workspace| {
        w.list()
            .expect("list")
            .into_iter()
            .map(|s| (s.id, s.answered, s.total, s.conflicts, s.status))
            .collect::<Vec<_>>()
    };
    assert_eq!(fig(&ws), fig(&cli));
    let c1 = ws.conflicts().expect("c");
    let c2 = cli.conflicts().expect("c");
    assert!(!c1.conflicts.is_empty(), "the two assessors disagree");
    assert_eq!(c1.conflicts.len(), c2.conflicts.len());
    assert_eq!(c1.gaps.len(), c2.gaps.len());
    assert_eq!(c1.forks.len(), c2.forks.len());
    assert_eq!(
        ws.state_digest().expect("d"),
        cli.state_digest().expect("d")
    );
}
