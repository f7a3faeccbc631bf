//! The respondents screen (issue 15) driven through the keymap against a real workspace:
//! snapshots at 80×24 in both languages (with the help overlay and the review screen's
//! survey lines), one durable workspace call per answer key, the quota and the derived
//! levels after 30 respondents entered with the keys alone, and the refusals.

use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;

use crate::core::survey::Response;
use crate::i18n::Lang;

use super::app::StatusKind;
use super::effect::Effect;
use super::msg::Msg;
use super::screens::Screen;
use super::screens::respondents::Respondents;
use super::tests::{Env, draw, open_checklist, press, signed_in, status, typ};
use super::update::update;
use super::{perform, start};

fn screen(e: &Env) -> &Respondents {
    match &e.app.screen {
        Screen::Respondents(r) => r,
        other => panic!("not on the respondents screen: {other:?}"),
    }
}

fn assessment(e: &Env) -> String {
    match &e.app.screen {
        Screen::Checklist(c) => c.id().to_string(),
        Screen::Respondents(r) => r.view.assessment.clone(),
        other => panic!("no assessment open: {other:?}"),
    }
}

/// The respondents of the open opini-2024 assessment.
fn open(lang: Lang, color: bool) -> Env {
    let mut e = open_checklist(lang, color);
    typ(&mut e, "s");
    assert!(
        matches!(e.app.screen, Screen::Respondents(_)),
        "{}",
        draw(&e)
    );
    e
}

/// One respondent row with the keys alone: its answers, then Enter.
fn row(e: &mut Env, keys: &str) {
    typ(e, keys);
    press(e, KeyCode::Enter);
}

#[test]
fn respondents_screens() {
    for lang in [Lang::Id, Lang::En] {
        let mut e = open(lang, true);
        let id = assessment(&e);
        assert_snapshot!(format!("respondents_new_{lang:?}"), draw(&e));
        row(&mut e, "ytttt");
        row(&mut e, "ttdtt");
        typ(&mut e, "tt");
        assert_snapshot!(format!("respondents_entering_{lang:?}"), draw(&e));
        typ(&mut e, "?");
        assert_snapshot!(format!("respondents_help_{lang:?}"), draw(&e));
        press(&mut e, KeyCode::Esc);
        // The officials' interviews: one row per role.
        press(&mut e, KeyCode::Tab);
        row(&mut e, "323211");
        typ(&mut e, "p");
        typ(&mut e, "2");
        assert_snapshot!(format!("respondents_officials_{lang:?}"), draw(&e));
        // The review screen: respondents per survey and the visit.
        e.ws.set_visit(
            &id,
            "2024-08-12",
            Some("09:00"),
            Some("11:30"),
            &["Rina Sari".into(), "Budi Santoso".into()],
        )
        .expect("visit");
        press(&mut e, KeyCode::Esc);
        assert!(matches!(e.app.screen, Screen::Checklist(_)));
        typ(&mut e, "r");
        assert_snapshot!(format!("review_surveys_{lang:?}"), draw(&e));
    }
}

#[test]
fn without_colour_the_selected_cell_is_in_brackets() {
    let mut e = open(Lang::Id, false);
    typ(&mut e, "yt");
    let s = draw(&e);
    assert!(s.contains("▶ R01   telepon     ya   tdk [·  ]"), "{s}");
}

#[test]
fn every_answer_key_is_durable_before_it_shows_as_saved() {
    let mut e = open(Lang::Id, true);
    let id = assessment(&e);
    // update alone only asks for the save: one workspace call, nothing shown as saved.
    let effects = update(&mut e.app, Msg::Char('y'));
    assert!(
        matches!(effects.as_slice(), [Effect::Respond(r)]
            if r.code == "R01" && r.question == "penundaan" && r.answer == "ya" && r.new.is_some()),
        "{effects:?}"
    );
    assert!(e.app.status.is_none());
    assert!(
        e.ws.respondents(&id).expect("view").surveys[0]
            .respondents
            .is_empty()
    );
    perform(&mut e.app, &e.ws, effects);
    let v = e.ws.respondents(&id).expect("view");
    let r01 = &v.surveys[0].respondents[0];
    assert_eq!(r01.code, "R01");
    assert_eq!(r01.responses().get("penundaan"), Some(&Response::Ya));
    assert!(
        status(&e).starts_with("tersimpan ✓ R01 penundaan = ya (1/30 responden)"),
        "{}",
        status(&e)
    );
    assert_eq!(screen(&e).col, 1);
    // The next key changes the saved respondent (no second add).
    let effects = update(&mut e.app, Msg::Char('t'));
    assert!(
        matches!(effects.as_slice(), [Effect::Respond(r)] if r.new.is_none() && r.question == "imbalan"),
        "{effects:?}"
    );
    perform(&mut e.app, &e.ws, effects);
    // A restart of the UI (a new App on the same store) finds it.
    let dirs =
        crate::config::Dirs::resolve(Some(&e.root.join("data")), Some(&e.root.join("config")));
    e.app = super::app_for(&e.ws, &dirs, Lang::Id, super::theme::Theme { color: true });
    super::dispatch(&mut e.app, &e.ws, Msg::Resize(80, 24));
    start(&mut e.app, &e.ws);
    typ(&mut e, "s");
    let r = screen(&e);
    assert_eq!(r.rows().len(), 1);
    assert_eq!(r.rows()[0].responses().len(), 2);
    assert_eq!(r.suggested_code(), "R02");
}

#[test]
fn thirty_respondents_with_the_keys_alone_give_the_instruments_levels() {
    let mut e = open(Lang::Id, true);
    let id = assessment(&e);
    // penundaan: 3 of 30 ya (10 %) → 2; imbalan: all tidak → 3; penyimpangan: 15 ya
    // (50 %) → 0; tidak-kompeten: 1 ya and 2 don't know (1/28) → 2; tidak-patut: 14 ya
    // (46,7 %) → 1.
    for i in 0..30usize {
        let a = |yes: bool| if yes { 'y' } else { 't' };
        let keys: String = [
            a(i < 3),
            'n',
            a(i.is_multiple_of(2)),
            if i == 0 {
                'y'
            } else if i < 3 {
                'd'
            } else {
                't'
            },
            a(i < 14),
        ]
        .iter()
        .collect();
        row(&mut e, &keys);
        assert_eq!(screen(&e).quota(), (i + 1, 30));
    }
    let levels: Vec<(String, Option<u8>, bool)> =
        e.ws.derived(&id)
            .expect("derived")
            .into_iter()
            .filter(|d| d.derivation.survey == "pengguna")
            .map(|d| (d.derivation.indicator, d.value, d.derivation.provisional))
            .collect();
    let want = [("O.1", 2), ("O.2", 3), ("O.3", 0), ("O.4", 2), ("O.5", 1)];
    for (ind, l) in want {
        assert!(
            levels
                .iter()
                .any(|(i, v, p)| i == ind && *v == Some(l) && !p),
            "{ind} → {l}: {levels:?}"
        );
    }
    let s = draw(&e);
    assert!(s.contains("30/30"), "{s}");
    assert!(s.contains("O.1   3/30 ya (10,0 %) → 2"), "{s}");
}

#[test]
fn bad_keys_and_fields_explain_themselves() {
    let mut e = open(Lang::Id, true);
    typ(&mut e, "x");
    assert_eq!(
        e.app.status.as_ref().map(|s| s.kind),
        Some(StatusKind::Error)
    );
    assert!(
        status(&e).contains("bukan jawaban untuk penundaan; pakai y/t/d"),
        "{}",
        status(&e)
    );
    press(&mut e, KeyCode::Enter);
    assert!(
        status(&e).contains("jawab pertanyaan dulu"),
        "{}",
        status(&e)
    );
    // The channel cycles on the new row, and is fixed once the row is saved.
    typ(&mut e, "c");
    assert_eq!(
        screen(&e).draft.channel,
        Some(crate::core::survey::Channel::TatapMuka)
    );
    typ(&mut e, "y");
    typ(&mut e, "c");
    assert!(
        status(&e).contains("sebelum jawaban pertama"),
        "{}",
        status(&e)
    );
    // Clearing an answer and removing a respondent are ops too.
    press(&mut e, KeyCode::Left);
    press(&mut e, KeyCode::Backspace);
    assert!(
        status(&e).contains("R01 penundaan = dihapus"),
        "{}",
        status(&e)
    );
    press(&mut e, KeyCode::Delete);
    assert!(status(&e).contains("R01 dihapus"), "{}", status(&e));
    assert!(screen(&e).rows().is_empty());
    assert_eq!(screen(&e).suggested_code(), "R01");
}

#[test]
fn proof_of_service_first_where_the_survey_requires_it() {
    let mut e = signed_in(Lang::Id, true);
    let id =
        e.ws.new_assessment(2025, None, "61.71", "disdukcapil", None)
            .expect("new")
            .id;
    perform(
        &mut e.app,
        &e.ws,
        vec![Effect::Open {
            id: id.clone(),
            indicator: None,
        }],
    );
    typ(&mut e, "s");
    typ(&mut e, "y");
    assert!(
        status(&e).contains("mewajibkan bukti layanan"),
        "{}",
        status(&e)
    );
    assert!(
        e.ws.respondents(&id).expect("v").surveys[0]
            .respondents
            .is_empty()
    );
    let photo = e.root.join("struk.jpg");
    std::fs::write(&photo, b"receipt").expect("photo");
    typ(&mut e, "a");
    typ(&mut e, photo.to_str().expect("utf-8"));
    press(&mut e, KeyCode::Enter);
    assert!(status(&e).contains("struk.jpg"), "{}", status(&e));
    typ(&mut e, "y");
    assert!(status(&e).starts_with("tersimpan ✓ R01"), "{}", status(&e));
    let v = e.ws.respondents(&id).expect("v");
    assert_eq!(v.surveys[0].respondents[0].proof.len(), 1);
}

#[test]
fn an_instrument_without_surveys_says_so_and_stays_on_the_checklist() {
    let mut e = signed_in(Lang::Id, true);
    let id =
        e.ws.new_assessment(2016, None, "61.71", "disdukcapil", None)
            .expect("new")
            .id;
    start(&mut e.app, &e.ws);
    perform(
        &mut e.app,
        &e.ws,
        vec![Effect::Open {
            id,
            indicator: None,
        }],
    );
    typ(&mut e, "s");
    assert!(matches!(e.app.screen, Screen::Checklist(_)));
    assert_eq!(
        e.app.status.as_ref().map(|s| s.kind),
        Some(StatusKind::Error)
    );
}
