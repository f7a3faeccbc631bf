//! The survey commands as a user runs them: bad input gets one clear sentence, exit 1 and
//! nothing saved; contact data is masked and never reaches a report or an export.

#[path = "support/cli.rs"]
mod cli;

use cli::Tilik;

fn setup() -> (tempfile::TempDir, Tilik, String) {
    let tmp = tempfile::tempdir().expect("tmp");
    let t = Tilik::new(tmp.path(), "a");
    t.ok(&["init", "--name", "Ani"]);
    let id = t.json(&[
        "new",
        "--round",
        "2024",
        "--pemda",
        "61.71",
        "--lokus",
        "disdukcapil",
        "--json",
    ])["id"]
        .as_str()
        .expect("id")
        .to_string();
    (tmp, t, id)
}

fn op_count(t: &Tilik, id: &str) -> usize {
    t.json(&["log", id, "--json"])
        .as_array()
        .map_or(0, Vec::len)
}

#[test]
fn bad_input_is_one_sentence_exit_1_and_nothing_saved() {
    let (_tmp, t, id) = setup();
    t.ok(&[
        "respondent",
        "add",
        &id,
        "--survey",
        "pengguna",
        "--code",
        "R01",
        "penundaan=ya",
    ]);
    let before = op_count(&t, &id);
    let cases: &[(&[&str], &str)] = &[
        (
            &["--survey", "penguna", "--code", "R02", "penundaan=ya"],
            "penguna",
        ),
        (
            &["--survey", "pengguna", "--code", "R02", "tunda=ya"],
            "tunda",
        ),
        (
            &["--survey", "pengguna", "--code", "R02", "penundaan=mungkin"],
            "mungkin",
        ),
        (
            &["--survey", "pengguna", "--code", "r01", "penundaan=ya"],
            "R01",
        ),
        (
            &[
                "--survey",
                "pengguna",
                "--code",
                "R02",
                "--phone",
                "12ab",
                "penundaan=ya",
            ],
            "12ab",
        ),
        (
            &[
                "--survey",
                "pengguna",
                "--code",
                "R02",
                "--date",
                "2024-02-30",
                "penundaan=ya",
            ],
            "2024-02-30",
        ),
        (
            &[
                "--survey",
                "pengguna",
                "--code",
                "R02",
                "--channel",
                "surat",
                "penundaan=ya",
            ],
            "surat",
        ),
        (
            &["--survey", "pengguna", "--code", "R02", "penundaan"],
            "penundaan",
        ),
        (
            &["--survey", "pejabat", "--code", "P1", "komponen-sp=3"],
            "--role",
        ),
        (
            &[
                "--survey",
                "pejabat",
                "--code",
                "P1",
                "--role",
                "kepala",
                "komponen-sp=4",
            ],
            "4",
        ),
        (
            &["--survey", "pengguna", "--code", "R 2", "penundaan=ya"],
            "R 2",
        ),
    ];
    for (args, needle) in cases {
        let mut full = vec!["respondent", "add", id.as_str()];
        full.extend_from_slice(args);
        let (code, out, err) = t.run(&full);
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(out.is_empty(), "{out}");
    }
    for args in [
        &["respondent", "set", id.as_str(), "R09", "penundaan=ya"][..],
        &["respondent", "set", id.as_str(), "R01", "penundaan=kadang"][..],
        &["respondent", "remove", id.as_str(), "R09"][..],
        &["visit", id.as_str(), "--date", "12-08-2024"][..],
        &[
            "visit",
            id.as_str(),
            "--date",
            "2024-08-12",
            "--start",
            "11:00",
            "--end",
            "09:00",
        ][..],
        &[
            "respondent",
            "override",
            id.as_str(),
            "P.1",
            "2",
            "--reason",
            "x",
        ][..],
    ] {
        let (code, _, err) = t.run(args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
    assert_eq!(
        op_count(&t, &id),
        before,
        "nothing saved by a refused command"
    );
    // English answers and messages with --lang en.
    let (code, _, err) = t.run(&[
        "--lang",
        "en",
        "respondent",
        "add",
        &id,
        "--survey",
        "pengguna",
        "--code",
        "R03",
        "penundaan=maybe",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("not an allowed answer") && err.contains("yes, no, dk"),
        "{err}"
    );
    t.ok(&[
        "--lang",
        "en",
        "respondent",
        "add",
        &id,
        "--survey",
        "pengguna",
        "--code",
        "R03",
        "penundaan=no",
    ]);
}

#[test]
fn proof_is_required_where_the_survey_says_so() {
    let tmp = tempfile::tempdir().expect("tmp");
    let t = Tilik::new(tmp.path(), "a");
    t.ok(&["init", "--name", "Ani"]);
    let id = t.json(&[
        "new",
        "--round",
        "2025",
        "--pemda",
        "61.71",
        "--lokus",
        "disdukcapil",
        "--json",
    ])["id"]
        .as_str()
        .expect("id")
        .to_string();
    let (code, _, err) = t.run(&[
        "respondent",
        "add",
        &id,
        "--survey",
        "pengguna",
        "--code",
        "R01",
        "penundaan=tidak",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("--evidence"), "{err}");
    let photo = tmp.path().join("ktp-layanan.jpg");
    std::fs::write(&photo, b"jpeg bytes").expect("write");
    let out = t.ok(&[
        "respondent",
        "add",
        &id,
        "--survey",
        "pengguna",
        "--code",
        "R01",
        "--evidence",
        photo.to_str().expect("utf8"),
        "penundaan=tidak",
    ]);
    assert!(out.contains("1/30"), "{out}");
    let v = t.json(&["respondents", &id, "--json"]);
    assert_eq!(v["surveys"][0]["respondents"][0]["proof"], 1);
}

#[test]
fn phones_are_masked_and_contact_data_is_in_no_report_or_export() {
    let (tmp, t, id) = setup();
    t.ok(&[
        "respondent",
        "add",
        &id,
        "--survey",
        "pengguna",
        "--code",
        "R01",
        "--channel",
        "telepon",
        "--name",
        "Siti Rahayu",
        "--phone",
        "0812-3456-7890",
        "penundaan=ya",
    ]);
    t.ok(&[
        "visit",
        &id,
        "--date",
        "2024-08-12",
        "--start",
        "09:00",
        "--end",
        "11:00",
        "--team",
        "Ani,Budi",
    ]);
    let listed = t.ok(&["respondents", &id]);
    assert!(
        listed.contains("890") && !listed.contains("3456") && !listed.contains("Siti"),
        "{listed}"
    );
    assert!(
        listed.contains("Kunjungan: 2024-08-12 09:00–11:00"),
        "{listed}"
    );
    let shown = t.ok(&["respondents", &id, "--show-contact"]);
    assert!(
        shown.contains("Siti Rahayu") && shown.contains("0812-3456-7890"),
        "{shown}"
    );
    let json = t.ok(&["respondents", &id, "--json"]);
    assert!(!json.contains("Siti") && !json.contains("3456"), "{json}");
    let mut outputs = vec![
        t.ok(&["show", &id]),
        t.ok(&["show", &id, "--json"]),
        t.ok(&["log", &id, "--json"]),
    ];
    for f in ["table", "md", "csv", "json"] {
        outputs.push(t.ok(&["report", "--format", f]));
    }
    for o in &outputs {
        assert!(
            !o.contains("Siti") && !o.contains("3456"),
            "personal data in: {o}"
        );
    }
    let show = t.json(&["show", &id, "--json"]);
    let o1 = show["derived"]
        .as_array()
        .expect("derived")
        .iter()
        .find(|d| d["indicator"] == "O.1")
        .expect("O.1")
        .clone();
    assert_eq!(
        (
            o1["n"].as_u64(),
            o1["counted"].as_u64(),
            o1["level"].as_u64()
        ),
        (Some(1), Some(1), Some(0))
    );
    assert_eq!(o1["counts"]["ya"], 1);
    assert_eq!(show["visit"]["date"], "2024-08-12");
    let out = t.ok(&["export", "--dir", tmp.path().to_str().expect("utf8")]);
    assert!(
        out.contains("tidak disertakan: bundel tidak terenkripsi"),
        "{out}"
    );
}
