//! The home screen's tools driven through the keymap against a real workspace: the export
//! form with its moving gauge, sync through a shared folder, and the report screen from the
//! ranking down to the indicators (the same figures as `tilik report`).

use insta::assert_snapshot;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::config::Dirs;
use crate::i18n::Lang;
use crate::identity::Role;
use crate::workspace::Workspace;

use super::screens::Screen;
use super::tests::{Env, draw, press, seeded_home, status, typ};

#[test]
fn home_offers_export_sync_and_report() {
    let e = seeded_home(Lang::Id, true);
    let hints = super::ui::hints::hint_items(&e.app);
    for label in ["ekspor", "sinkron", "laporan"] {
        assert!(hints.iter().any(|h| h.label == label), "{label} missing");
    }
    assert!(draw(&e).contains("e ekspor"));
}

/// The lines of the receipt on display.
fn receipt_text(e: &Env) -> String {
    let r = match &e.app.screen {
        Screen::Receipt(r) => r,
        other => panic!("result expected: {other:?}"),
    };
    r.lines
        .iter()
        .map(|(_, t)| t.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn export_form_writes_a_signed_bundle_with_a_moving_gauge() {
    for lang in [Lang::Id, Lang::En] {
        let mut e = seeded_home(lang, true);
        typ(&mut e, "e");
        // A USB stick that is plugged in (a missing folder is asked about first).
        let folder = e.root.join("usb");
        std::fs::create_dir_all(&folder).expect("usb");
        assert_snapshot!(format!("export_form_{lang:?}"), draw(&e));
        typ(&mut e, folder.to_str().expect("utf8"));
        // Enter runs the export; record the gauge at every redraw.
        let mut seen: Vec<(u64, u64)> = Vec::new();
        let enter = e
            .app
            .keymap
            .resolve(
                e.app.mode(),
                &KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
            )
            .expect("enter");
        super::dispatch_with(&mut e.app, &e.ws, enter, &mut |app| {
            if let Some(p) = &app.progress {
                seen.push((p.done, p.total));
            }
        });
        assert!(e.app.progress.is_none(), "gauge gone when done");
        assert!(seen.len() >= 2, "gauge drawn while exporting: {seen:?}");
        assert!(
            seen.windows(2).all(|w| w[0].0 <= w[1].0),
            "progress only moves forward"
        );
        let last = seen.last().copied().expect("seen");
        assert!(last.1 > 0 && last.0 == last.1, "{last:?}");
        let files: Vec<_> = std::fs::read_dir(&folder).expect("folder").collect();
        assert_eq!(files.len(), 1, "one bundle, no temporary file left");
        let text = receipt_text(&e);
        assert!(text.contains(".tilik"), "{text}");
        // The bundle verifies and inspects as this device's.
        let path = files[0].as_ref().expect("entry").path();
        let ins = e.ws.inspect(&path).expect("inspect");
        assert!(format!("{ins:?}").contains(&e.app.me.as_ref().expect("me").device));
        press(&mut e, KeyCode::Esc);
        assert!(matches!(e.app.screen, Screen::Home));
        assert_eq!(e.app.home.unexported, 0, "everything exported");
    }
}

/// A drawn screen with the temporary folder shown as `/tmp/X` (the frame kept straight).
fn fixed(e: &Env, screen: &str) -> String {
    let root = e.root.display().to_string();
    screen
        .lines()
        .map(|l| {
            if !l.contains(&root) {
                return l.to_string();
            }
            let l = l.replace(&root, "/tmp/X");
            let pad = 82usize.saturating_sub(l.chars().count());
            match l.rfind("│\"") {
                Some(i) => format!("{}{}{}", &l[..i], " ".repeat(pad), &l[i..]),
                None => l,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn export_to_a_missing_folder_asks_before_making_it_on_this_disk() {
    for lang in [Lang::Id, Lang::En] {
        let mut e = seeded_home(lang, true);
        let before = e.app.home.unexported;
        assert!(before > 0);
        typ(&mut e, "e");
        // Clear the remembered folder, then type a mistyped USB path.
        for _ in 0..e.app.tools_dir.chars().count() {
            press(&mut e, KeyCode::Backspace);
        }
        let usb = e.root.join("media").join("USBSTICK");
        typ(&mut e, usb.to_str().expect("utf8"));
        press(&mut e, KeyCode::Enter);
        assert!(!e.root.join("media").exists(), "nothing made before asking");
        // The disk as the effect found it, then a fixed one for the picture.
        if let Screen::Export(f) = &mut e.app.screen {
            let d = f.confirm.as_mut().expect("asks");
            let v = d.volume.as_mut().expect("the disk it would be on");
            assert!(v.same_as_store, "{v:?}");
            *v = crate::workspace::bundles::Volume {
                device: Some("/dev/sda2".into()),
                mount: Some("/".into()),
                free: Some(12 << 30),
                total: Some(250 << 30),
                same_as_store: true,
            };
        }
        let screen = draw(&e);
        let want = if lang == Lang::Id {
            [
                "tidak ada",
                "folder BARU di disk ini",
                "disk yang sama dengan data tilik",
            ]
        } else {
            [
                "does not exist",
                "NEW folder on this disk",
                "same disk as tilik's data",
            ]
        };
        for w in want {
            assert!(screen.contains(w), "{w}:\n{screen}");
        }
        assert_snapshot!(
            format!("export_folder_missing_{lang:?}"),
            fixed(&e, &screen)
        );
        // Any key but `y` declines: nothing made, still on the form, nothing exported.
        typ(&mut e, "n");
        assert!(matches!(e.app.screen, Screen::Export(_)));
        assert!(!e.root.join("media").exists());
        assert_eq!(e.app.home.unexported, before, "still {before} not exported");
        // Enter asks again; `y` makes it and exports.
        press(&mut e, KeyCode::Enter);
        assert!(!e.root.join("media").exists());
        typ(&mut e, "y");
        let text = receipt_text(&e);
        assert_eq!(std::fs::read_dir(&usb).expect("made").count(), 1, "{text}");
        for w in if lang == Lang::Id {
            ["Folder baru dibuat:", "Di disk", "Diperiksa: dibaca ulang"]
        } else {
            ["New folder made:", "On disk", "Checked: read back"]
        } {
            assert!(text.contains(w), "{w}: {text}");
        }
        press(&mut e, KeyCode::Esc);
        assert_eq!(e.app.home.unexported, 0);
    }
}

#[test]
fn a_failed_export_from_the_form_makes_no_folder() {
    let mut e = seeded_home(Lang::Id, true);
    typ(&mut e, "e");
    for _ in 0..e.app.tools_dir.chars().count() {
        press(&mut e, KeyCode::Backspace);
    }
    let usb = e.root.join("media").join("USB");
    typ(&mut e, usb.to_str().expect("utf8"));
    press(&mut e, KeyCode::Tab);
    typ(&mut e, "nobody");
    press(&mut e, KeyCode::Enter);
    // The folder question comes first; saying yes then fails on the recipient.
    typ(&mut e, "y");
    assert!(status(&e).contains("nobody"), "{}", status(&e));
    assert!(
        !e.root.join("media").exists(),
        "failed export made a folder"
    );
}

#[test]
fn export_refuses_an_empty_folder_and_sync_reports_each_file() {
    let mut e = seeded_home(Lang::Id, true);
    typ(&mut e, "e");
    press(&mut e, KeyCode::Enter);
    assert!(status(&e).contains("folder"), "{}", status(&e));
    press(&mut e, KeyCode::Esc);
    // Another device's bundle in the shared folder: quarantined until trusted.
    let other = tempfile::tempdir().expect("dir");
    let dirs = Dirs::resolve(
        Some(&other.path().join("data")),
        Some(&other.path().join("config")),
    );
    let ws2 = Workspace::open(&dirs).expect("open");
    ws2.init("Budi", None, None, Role::Assessor).expect("init");
    ws2.new_assessment(2024, None, "61.71", "dinsos", None)
        .expect("new");
    let folder = e.root.join("bersama");
    std::fs::create_dir_all(&folder).expect("mkdir");
    ws2.export(
        &crate::workspace::bundles::ExportOptions {
            target: crate::workspace::bundles::Target::Dir(folder.clone()),
            to: vec![],
            since: None,
            no_evidence: false,
        },
        &mut |_, _| {},
    )
    .expect("export");
    typ(&mut e, "s");
    typ(&mut e, folder.to_str().expect("utf8"));
    press(&mut e, KeyCode::Enter);
    let text = receipt_text(&e);
    assert!(text.contains("DIKARANTINA"), "{text}");
    assert_eq!(
        std::fs::read_dir(&folder).expect("dir").count(),
        2,
        "ours added, nothing deleted"
    );
}

#[test]
fn report_screen_drills_from_ranking_to_indicators() {
    for lang in [Lang::Id, Lang::En] {
        let mut e = seeded_home(lang, true);
        typ(&mut e, "r");
        assert_snapshot!(format!("report_ranking_{lang:?}"), draw(&e));
        // Same figures as `tilik report`.
        let r =
            e.ws.report(&crate::core::report::Options {
                round: Some(2024),
                weakest: 5,
                ..Default::default()
            })
            .expect("report");
        let screen = draw(&e);
        for p in &r.pemda {
            assert!(
                screen.contains(&crate::i18n::num(p.score.expect("score"), lang)),
                "{screen}"
            );
        }
        press(&mut e, KeyCode::Enter);
        assert_snapshot!(format!("report_pemda_{lang:?}"), draw(&e));
        press(&mut e, KeyCode::Enter);
        assert_snapshot!(format!("report_lokus_{lang:?}"), draw(&e));
        press(&mut e, KeyCode::Esc);
        press(&mut e, KeyCode::Esc);
        press(&mut e, KeyCode::Esc);
        assert!(matches!(e.app.screen, Screen::Home));
    }
    let mut e = seeded_home(Lang::Id, false);
    typ(&mut e, "r");
    assert_snapshot!("report_ranking_no_color", draw(&e));
}
