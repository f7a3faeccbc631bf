//! The evidence of an indicator in the checklist (issue 16): Tab completion in the path
//! prompt, the list of attachments, opening one with the system viewer and removing one
//! (an op, after an explicit `y`; `u` brings it back).

use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;

use crate::i18n::Lang;

use super::dispatch;
use super::effect::Effect;
use super::effect::files::Offer;
use super::msg::Msg;
use super::screens::Screen;
use super::screens::popup::Popup;
use super::tests::{Env, checklist, draw, open_checklist, press, status, typ};
use super::update::update;

/// A checklist whose current indicator has two files attached through the prompt, at
/// fixed times for the snapshots.
fn with_two_files(lang: Lang) -> (Env, std::path::PathBuf) {
    let mut e = open_checklist(lang, true);
    let files = e.root.join("foto");
    std::fs::create_dir_all(&files).expect("dir");
    std::fs::write(files.join("papan_pengumuman.jpg"), vec![7u8; 2022]).expect("a");
    std::fs::write(files.join("sop_pelayanan.pdf"), vec![9u8; 3 * 1024 * 1024]).expect("b");
    for name in ["papan_pengumuman.jpg", "sop_pelayanan.pdf"] {
        typ(&mut e, "a");
        typ(&mut e, &files.join(name).display().to_string());
        press(&mut e, KeyCode::Enter);
        assert!(status(&e).contains(name), "{}", status(&e));
    }
    fix_times(&mut e);
    (e, files)
}

fn fix_times(e: &mut Env) {
    if let Screen::Checklist(c) = &mut e.app.screen {
        let ind = c.current_id().to_string();
        if let Some(slot) = c.view.detail.state.slots.get_mut(&ind) {
            for (i, a) in slot.attached.iter_mut().enumerate() {
                // 2024-08-12 10:14 UTC, then a minute later.
                a.wall_ms = 1_723_457_640_000 + 60_000 * i64::try_from(i).unwrap_or(0);
            }
        }
    }
}

fn names(e: &Env) -> Vec<String> {
    let c = checklist(e);
    c.evidence(c.current_id())
        .into_iter()
        .map(|f| f.name)
        .collect()
}

#[test]
fn tab_completes_an_evidence_path_with_any_file() {
    let mut e = open_checklist(Lang::Id, true);
    let dir = e.root.join("kamera");
    std::fs::create_dir_all(dir.join("DCIM")).expect("dir");
    std::fs::write(dir.join("foto_loket_1.jpg"), b"x").expect("a");
    std::fs::write(dir.join("foto_loket_2.jpg"), b"y").expect("b");
    typ(&mut e, "a");
    typ(&mut e, &format!("{}/fo", dir.display()));
    let k = ratatui::crossterm::event::KeyEvent::from(KeyCode::Tab);
    let msg = e.app.keymap.resolve(e.app.mode(), &k).expect("tab");
    let effects = update(&mut e.app, msg);
    assert!(
        matches!(
            &effects[..],
            [Effect::Complete {
                offer: Offer::AnyFile,
                ..
            }]
        ),
        "{effects:?}"
    );
    // Through the real effect: the common prefix, and both names listed.
    press(&mut e, KeyCode::Tab);
    let Some(Popup::Attach(p)) = &checklist(&e).popup else {
        panic!("the prompt stays");
    };
    assert_eq!(p.input.value(), format!("{}/foto_loket_", dir.display()));
    assert_eq!(p.completions, ["foto_loket_1.jpg", "foto_loket_2.jpg"]);
    let shown = draw(&e).replace(&dir.display().to_string(), "/media/kamera");
    assert_snapshot!("evidence_tab_completion", shown);
    typ(&mut e, "2");
    press(&mut e, KeyCode::Tab);
    press(&mut e, KeyCode::Enter);
    assert_eq!(names(&e), ["foto_loket_2.jpg"]);
    // A folder completes with its slash.
    typ(&mut e, "a");
    typ(&mut e, &format!("{}/DC", dir.display()));
    press(&mut e, KeyCode::Tab);
    let Some(Popup::Attach(p)) = &checklist(&e).popup else {
        panic!("the prompt stays");
    };
    assert_eq!(p.input.value(), format!("{}/DCIM/", dir.display()));
}

#[test]
fn the_attachment_list_shows_sizes_and_who_in_both_languages() {
    for lang in [Lang::Id, Lang::En] {
        let (mut e, _) = with_two_files(lang);
        typ(&mut e, "e");
        assert!(matches!(
            &checklist(&e).popup,
            Some(Popup::Evidence(ev)) if ev.selected == 0
        ));
        assert_snapshot!(format!("evidence_list_{lang:?}"), draw(&e));
        let shown = draw(&e);
        let sizes = if lang == Lang::En {
            ["2.0 KB", "3.0 MB"]
        } else {
            ["2,0 KB", "3,0 MB"]
        };
        for size in sizes {
            assert!(shown.contains(size), "{size}: {shown}");
        }
        press(&mut e, KeyCode::Down);
        press(&mut e, KeyCode::Delete);
        assert_snapshot!(format!("evidence_remove_ask_{lang:?}"), draw(&e));
    }
}

#[test]
fn removing_one_attachment_asks_for_y_is_an_op_and_undo_brings_it_back() {
    let (mut e, _) = with_two_files(Lang::Id);
    let id = checklist(&e).id().to_string();
    typ(&mut e, "e");
    press(&mut e, KeyCode::Down);
    // Enter on the question does not remove; only y does.
    press(&mut e, KeyCode::Delete);
    press(&mut e, KeyCode::Enter);
    assert_eq!(names(&e).len(), 2);
    press(&mut e, KeyCode::Esc);
    assert!(status(&e).contains("tidak dihapus"), "{}", status(&e));
    assert_eq!(names(&e).len(), 2);
    press(&mut e, KeyCode::Delete);
    typ(&mut e, "n");
    assert_eq!(names(&e).len(), 2, "any other key keeps it");
    press(&mut e, KeyCode::Delete);
    typ(&mut e, "y");
    assert_eq!(names(&e), ["papan_pengumuman.jpg"]);
    assert!(
        status(&e).contains("sop_pelayanan.pdf dihapus"),
        "{}",
        status(&e)
    );
    assert!(
        matches!(&checklist(&e).popup, Some(Popup::Evidence(ev)) if ev.selected == 0),
        "the list stays open on what is left"
    );
    // The store has it as an op, and undo restores it.
    let slot = e.ws.detail(&id).expect("detail").state.slots["I.1"].clone();
    assert_eq!(slot.evidence().len(), 1);
    assert_eq!(slot.detached.len(), 1);
    press(&mut e, KeyCode::Esc);
    typ(&mut e, "u");
    assert_eq!(names(&e).len(), 2);
}

#[test]
fn opening_an_attachment_starts_the_viewer_on_a_named_copy() {
    let (mut e, _) = with_two_files(Lang::Id);
    typ(&mut e, "e");
    let k = ratatui::crossterm::event::KeyEvent::from(KeyCode::Enter);
    let msg = e.app.keymap.resolve(e.app.mode(), &k).expect("enter");
    let effects = update(&mut e.app, msg);
    let [Effect::OpenEvidence { hash, name }] = &effects[..] else {
        panic!("{effects:?}");
    };
    assert_eq!(name, "papan_pengumuman.jpg");
    // The copy the viewer gets: the original name, the same bytes.
    let copy = e.ws.evidence_copy(hash, name).expect("copy");
    assert_eq!(std::fs::read(&copy).expect("read"), vec![7u8; 2022]);
    // No viewer can start: the path is shown instead.
    let o = super::effect::Outcome::EvidenceOpened {
        name: name.clone(),
        path: copy.clone(),
        viewer: Err("xdg-open".into()),
    };
    update(&mut e.app, Msg::Done(Box::new(o)));
    assert!(
        status(&e).contains(&copy.display().to_string()),
        "{}",
        status(&e)
    );
    assert!(
        status(&e).contains("xdg-open tidak dapat dijalankan"),
        "{}",
        status(&e)
    );
    let o = super::effect::Outcome::EvidenceOpened {
        name: name.clone(),
        path: copy,
        viewer: Ok("feh".into()),
    };
    update(&mut e.app, Msg::Done(Box::new(o)));
    assert!(status(&e).contains("dibuka dengan feh"), "{}", status(&e));
}

#[test]
fn an_empty_list_says_how_to_attach() {
    let mut e = open_checklist(Lang::En, true);
    typ(&mut e, "e");
    assert!(draw(&e).contains("press a to attach"), "{}", draw(&e));
    typ(&mut e, "a");
    assert!(matches!(&checklist(&e).popup, Some(Popup::Attach(_))));
    dispatch(&mut e.app, &e.ws, super::command::Command::Cancel);
}
