//! The words users read, byte for byte as they were before the presentation layer moved
//! into `tilik::present`: every library error and bundle fault (texts captured from the
//! earlier code in `tests/golden/messages/`; the core error's from its first version), every kind of import sentence, the
//! recovery notice, and the export and import result lines, in Bahasa Indonesia and
//! English.

use std::path::PathBuf;
use std::sync::Arc;

use tilik::core::bundle::Fault;
use tilik::core::instrument::Problem;
use tilik::core::merge::ForkInfo;
use tilik::error::Error;
use tilik::i18n::Lang;
use tilik::identity::{Role, fingerprint};
use tilik::present;
use tilik::workspace::RecoveryNotice;
use tilik::workspace::bundles::{
    Exported, Finding, GapView, HeldView, ImportOutcome, ReadBack, Reason, Stage, Verdict, Volume,
    Warning,
};

fn io(m: &str) -> std::io::Error {
    std::io::Error::other(m.to_string())
}

fn errors() -> Vec<(&'static str, Error)> {
    vec![
        ("StoreInUse", Error::StoreInUse(PathBuf::from("/d/store"))),
        (
            "DataDir",
            Error::DataDir {
                path: PathBuf::from("/d"),
                source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            },
        ),
        (
            "StoreCorrupt",
            Error::StoreCorrupt {
                path: PathBuf::from("/d/store"),
                detail: "bad".into(),
            },
        ),
        (
            "JournalCorrupt",
            Error::JournalCorrupt {
                path: PathBuf::from("/d/j"),
                offset: 42,
                detail: "crc".into(),
            },
        ),
        (
            "StoreTooNew",
            Error::StoreTooNew {
                found: 9,
                supported: 3,
            },
        ),
        ("Storage", Error::Storage("boom".into())),
        ("NotInitialized", Error::NotInitialized),
        ("AlreadyInitialized", Error::AlreadyInitialized),
        ("EmptyName", Error::EmptyName),
        (
            "BadNip",
            Error::BadNip {
                typed: "12345".into(),
                digits: 5,
            },
        ),
        ("UnknownAssessment", Error::UnknownAssessment("abcd".into())),
        (
            "AmbiguousAssessment",
            Error::AmbiguousAssessment("ab".into(), vec!["ab1".into(), "ab2".into()]),
        ),
        (
            "UnknownIndicator",
            Error::UnknownIndicator {
                indicator: "X.9".into(),
                instrument: "opini-2024".into(),
            },
        ),
        (
            "ValueOutOfScale",
            Error::ValueOutOfScale {
                indicator: "I.1".into(),
                value: "7".into(),
                allowed: "0, 1, 2, 3".into(),
            },
        ),
        ("UnknownInstrument", Error::UnknownInstrument("x-1".into())),
        (
            "InstrumentFamily",
            Error::InstrumentFamily {
                id: "x-1".into(),
                family: "opini".into(),
            },
        ),
        (
            "InstrumentFile",
            Error::InstrumentFile {
                path: "a.toml".into(),
                problems: vec![
                    Problem {
                        line: 3,
                        col: 4,
                        message: "bad weight".into(),
                        message_id: "bobot salah".into(),
                    },
                    Problem {
                        line: 5,
                        col: 1,
                        message: "dup id".into(),
                        message_id: "id ganda".into(),
                    },
                ],
            },
        ),
        (
            "UnknownRegion",
            Error::UnknownRegion("zz".into(), Vec::new()),
        ),
        (
            "UnknownRegionClose",
            Error::UnknownRegion(
                "pontinak".into(),
                vec!["61.71 Kota Pontianak".into(), "61.04 Kab. Mempawah".into()],
            ),
        ),
        (
            "AmbiguousRegion",
            Error::AmbiguousRegion("kab".into(), vec!["61.01 A".into(), "61.02 B".into()]),
        ),
        ("UnknownLokusType", Error::UnknownLokusType("foo".into())),
        (
            "LokusNameRequired",
            Error::LokusNameRequired("puskesmas".into()),
        ),
        (
            "Evidence",
            Error::Evidence {
                path: PathBuf::from("/e.jpg"),
                source: std::io::Error::from_raw_os_error(2),
            },
        ),
        ("NotFinalizable", Error::NotFinalizable(4)),
        (
            "DestinationMissing",
            Error::DestinationMissing(PathBuf::from("/media/USBSTICK")),
        ),
        (
            "DestinationNotFolder",
            Error::DestinationNotFolder(PathBuf::from("/f")),
        ),
        (
            "CreateFolder",
            Error::CreateFolder {
                path: PathBuf::from("/ro/x"),
                source: std::io::Error::from(std::io::ErrorKind::ReadOnlyFilesystem),
            },
        ),
        (
            "ExportVerify",
            Error::ExportVerify(PathBuf::from("/u/x.tilik")),
        ),
        ("NothingToUndo", Error::NothingToUndo),
        (
            "UnknownEvidence",
            Error::UnknownEvidence {
                indicator: "I.1".into(),
                hash: "ab12".into(),
            },
        ),
        ("EvidenceNotHere", Error::EvidenceNotHere("foto.jpg".into())),
        ("NotSupervisor", Error::NotSupervisor),
        ("BadRecipient", Error::BadRecipient("bob".into())),
        ("UnknownBundle", Error::UnknownBundle("B-1".into())),
        ("InvalidKey", Error::InvalidKey("xyz".into())),
        ("UnknownTrust", Error::UnknownTrust("ann".into())),
        (
            "AmbiguousTrust",
            Error::AmbiguousTrust("an".into(), vec!["Ann A1".into(), "Andi B2".into()]),
        ),
        (
            "NoConflict",
            Error::NoConflict {
                assessment: "a1".into(),
                indicator: "I.1".into(),
            },
        ),
        ("BadPick", Error::BadPick { n: 5, max: 2 }),
        ("ReasonRequired", Error::ReasonRequired),
        (
            "Io",
            Error::Io {
                context: "read x".into(),
                source: std::io::Error::from(std::io::ErrorKind::UnexpectedEof),
            },
        ),
        (
            "Core",
            Error::encode(
                "ops",
                serde_json::from_str::<u8>("x").expect_err("not JSON"),
            ),
        ),
    ]
}

fn faults() -> Vec<(&'static str, Fault)> {
    vec![
        ("NotABundle", Fault::NotABundle),
        ("WrongRecipient", Fault::WrongRecipient),
        ("Truncated", Fault::Truncated),
        ("Damaged", Fault::Damaged("x".into())),
        (
            "UnsupportedVersion",
            Fault::UnsupportedVersion { major: 9, minor: 1 },
        ),
        ("BadManifest", Fault::BadManifest("format".into())),
        ("BadSignature", Fault::BadSignature("manifest".into())),
        ("HashMismatch", Fault::HashMismatch("ops".into())),
        ("BadOpChain", Fault::BadOpChain("seq".into())),
    ]
}

/// `name lang<TAB>text` lines, newlines in a text written as `\n`.
fn golden(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

fn line(name: &str, lang: Lang, text: &str) -> String {
    format!("{name} {lang:?}\t{}", text.replace('\n', "\\n"))
}

#[test]
fn every_error_sentence_is_unchanged() {
    let mut got = Vec::new();
    for (name, e) in errors() {
        for lang in [Lang::Id, Lang::En] {
            got.push(line(name, lang, &present::errors::user_message(&e, lang)));
        }
    }
    assert_eq!(got, golden(include_str!("golden/messages/errors.txt")));
}

#[test]
fn no_error_sentence_leaks_the_system_s_english() {
    for (name, e) in errors() {
        for lang in [Lang::Id, Lang::En] {
            let m = present::errors::user_message(&e, lang);
            for leak in ["os error", "No such file", "Permission denied", "(eof)"] {
                assert!(!m.contains(leak), "{name} {lang:?}: {m}");
            }
        }
    }
}

#[test]
fn every_fault_sentence_is_unchanged() {
    let mut got = Vec::new();
    for (name, f) in faults() {
        for lang in [Lang::Id, Lang::En] {
            got.push(line(name, lang, &present::faults::fault_message(&f, lang)));
        }
    }
    assert_eq!(got, golden(include_str!("golden/messages/faults.txt")));
}

const SIGNER: &str = "abababababababababababababababababababababababababababababababab";
const FORKED: &str = "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd";
const T: i64 = 1_717_200_000_000;

fn outcome(verdict: Verdict, reason: Reason, finding: Finding) -> ImportOutcome {
    ImportOutcome {
        verdict,
        reason,
        stage: Stage::Merge,
        new_ops: 5,
        conflicts: 2,
        new_conflicts: 1,
        signer: Some(SIGNER.into()),
        signer_name: Some("Budi".into()),
        fingerprint: Some(fingerprint(SIGNER)),
        size: 10,
        ..ImportOutcome::new("/in/x.tilik", finding)
    }
}

/// Every warning at once: two gaps, two pending evidence files, three clock warnings, one
/// held op.
fn with_warnings(mut o: ImportOutcome) -> ImportOutcome {
    o.warnings = vec![
        Warning::Gap,
        Warning::PendingEvidence,
        Warning::Clock,
        Warning::Held,
    ];
    let gap = |name: &str, from, to| GapView {
        device: "d".into(),
        name: name.into(),
        claim: None,
        from,
        to,
    };
    o.gaps = vec![gap("Dodi", 11, 20), gap("Eka", 4, 4)];
    o.pending_evidence = vec!["h1".into(), "h2".into()];
    o.clock_warnings = 3;
    o.held = vec![HeldView {
        device: "d".into(),
        name: "Dodi".into(),
        claim: None,
        seq: 3,
        kind: "resolve".into(),
        assessment: "a1".into(),
        indicator: None,
        reason: "role".into(),
        detail: String::new(),
    }];
    o
}

fn cases() -> Vec<(&'static str, ImportOutcome)> {
    let unreadable = Error::Io {
        context: "read bundle".into(),
        source: io("gone"),
    };
    let mut fork = outcome(
        Verdict::Quarantined,
        Reason::Fork,
        Finding::Fork {
            name: "Cici".into(),
        },
    );
    fork.forks = vec![ForkInfo {
        device: FORKED.into(),
        seq: 7,
    }];
    vec![
        (
            "unreadable",
            outcome(
                Verdict::Rejected,
                Reason::Unreadable,
                Finding::Unreadable(Arc::new(unreadable)),
            ),
        ),
        (
            "exported",
            outcome(
                Verdict::NoNewData,
                Reason::AlreadyImported,
                Finding::ExportedHere,
            ),
        ),
        (
            "imported",
            outcome(
                Verdict::NoNewData,
                Reason::AlreadyImported,
                Finding::ImportedBefore {
                    time_ms: T,
                    operator: "Sari".into(),
                },
            ),
        ),
        (
            "signer",
            outcome(
                Verdict::Quarantined,
                Reason::UnknownSigner,
                Finding::UnknownSigner {
                    name: "Andi".into(),
                    role: Role::Supervisor,
                },
            ),
        ),
        ("fork", fork),
        (
            "nonew",
            outcome(Verdict::NoNewData, Reason::NoNewData, Finding::Merged),
        ),
        (
            "nonew_notes",
            with_warnings(outcome(
                Verdict::NoNewData,
                Reason::NoNewData,
                Finding::Merged,
            )),
        ),
        (
            "accepted",
            outcome(Verdict::Accepted, Reason::Ok, Finding::Merged),
        ),
        (
            "warn",
            with_warnings(outcome(
                Verdict::AcceptedWithWarnings,
                Reason::Gap,
                Finding::Merged,
            )),
        ),
    ]
}

/// The texts of the earlier code for [`cases`] (`DT` is the import time, `FP` and `FQ`
/// the fingerprints of the signer and the forked device).
const IMPORT: &[(&str, &str, &str)] = &[
    (
        "unreadable",
        "Ditolak: berkas tidak dapat dibaca (membaca bundel gagal (gone).). Periksa path-nya.",
        "Rejected: the file cannot be read (read bundle failed (gone).). Check the path.",
    ),
    (
        "exported",
        "Tidak ada data baru: bundel ini dibuat oleh perangkat ini.",
        "No new data: this bundle was made by this device.",
    ),
    (
        "imported",
        "Tidak ada data baru: sudah diimpor pada DT oleh Sari. Tidak ada perubahan.",
        "No new data: already imported on DT by Sari. Nothing changed.",
    ),
    (
        "signer",
        "Dikarantina: pengirim tidak dikenal Andi (sidik jari FP). Cocokkan sidik jari dengan pengirim lewat telepon, lalu percayai kuncinya: tilik trust add --key abababababababababababababababababababababababababababababababab --name \"Andi\" --role supervisor; lalu: tilik import --retry. Berkas sudah disimpan; tidak perlu dikirim ulang.",
        "Quarantined: unknown sender Andi (fingerprint FP). Check the fingerprint with the sender by phone, then: tilik trust add --key abababababababababababababababababababababababababababababababab --name \"Andi\" --role supervisor; then: tilik import --retry. The file is kept; no need to send it again.",
    ),
    (
        "fork",
        "Dikarantina: perangkat Cici (sidik jari FQ) punya dua riwayat berbeda mulai nomor 7 (fork). Operasinya sejak nomor itu disimpan tetapi tidak dipakai sampai supervisor memutuskan; tanyakan apakah perangkat dipulihkan dari cadangan. 5 operasi baru dari Budi, 2 konflik (1 baru).",
        "Quarantined: device Cici (fingerprint FQ) has two different histories from number 7 on (fork). Its ops from that number are kept but not used until a supervisor decides; ask whether the device was restored from a backup. 5 new op(s) from Budi, 2 conflict(s) (1 new).",
    ),
    (
        "nonew",
        "Tidak ada data baru: semua isi bundel ini sudah ada di penyimpanan.",
        "No new data: everything in this bundle is already in the store.",
    ),
    (
        "nonew_notes",
        "Tidak ada data baru: semua isi bundel ini sudah ada di penyimpanan. (perangkat Dodi: nomor 11–20 belum diterima — minta bundel lengkap dari perangkat itu; perangkat Eka: nomor 4 belum diterima — minta bundel lengkap dari perangkat itu; 2 berkas bukti belum diterima — minta ekspor tanpa --no-evidence; 3 operasi dengan jam yang tidak masuk akal (sebelum 2020, di masa depan, atau setelah bundel dibuat) — periksa jam perangkat itu; tetap digabung, tetapi jam itu tidak menentukan nilai yang ditampilkan; 1 operasi ditahan (instrumen/indikator tidak dikenal, atau bukan dari supervisor tepercaya) — lihat `tilik conflicts`)",
        "No new data: everything in this bundle is already in the store. (device Dodi: numbers 11–20 not received yet — ask that device for a full bundle; device Eka: numbers 4 not received yet — ask that device for a full bundle; 2 evidence file(s) not received yet — ask for an export without --no-evidence; 3 op(s) with an implausible clock (before 2020, in the future or after the bundle was made) — check that device's clock; merged, but that clock never decides which value is shown; 1 op(s) held (unknown instrument or indicator, or not from a trusted supervisor) — see `tilik conflicts`)",
    ),
    (
        "accepted",
        "Diterima: 5 operasi baru dari Budi, 2 konflik (1 baru).",
        "Accepted: 5 new op(s) from Budi, 2 conflict(s) (1 new).",
    ),
    (
        "warn",
        "Diterima dengan peringatan: 5 operasi baru dari Budi, 2 konflik (1 baru). perangkat Dodi: nomor 11–20 belum diterima — minta bundel lengkap dari perangkat itu; perangkat Eka: nomor 4 belum diterima — minta bundel lengkap dari perangkat itu; 2 berkas bukti belum diterima — minta ekspor tanpa --no-evidence; 3 operasi dengan jam yang tidak masuk akal (sebelum 2020, di masa depan, atau setelah bundel dibuat) — periksa jam perangkat itu; tetap digabung, tetapi jam itu tidak menentukan nilai yang ditampilkan; 1 operasi ditahan (instrumen/indikator tidak dikenal, atau bukan dari supervisor tepercaya) — lihat `tilik conflicts`.",
        "Accepted with warnings: 5 new op(s) from Budi, 2 conflict(s) (1 new). device Dodi: numbers 11–20 not received yet — ask that device for a full bundle; device Eka: numbers 4 not received yet — ask that device for a full bundle; 2 evidence file(s) not received yet — ask for an export without --no-evidence; 3 op(s) with an implausible clock (before 2020, in the future or after the bundle was made) — check that device's clock; merged, but that clock never decides which value is shown; 1 op(s) held (unknown instrument or indicator, or not from a trusted supervisor) — see `tilik conflicts`.",
    ),
];

#[test]
fn every_import_sentence_is_unchanged() {
    let fill = |s: &str| {
        s.replace("DT", &tilik::i18n::datetime(T))
            .replace("FP", &fingerprint(SIGNER))
            .replace("FQ", &fingerprint(FORKED))
    };
    let cases = cases();
    assert_eq!(cases.len(), IMPORT.len());
    for ((name, o), (want_name, id, en)) in cases.iter().zip(IMPORT) {
        assert_eq!(name, want_name);
        assert_eq!(present::import::message(o, Lang::Id), fill(id), "{name} id");
        assert_eq!(present::import::message(o, Lang::En), fill(en), "{name} en");
    }
    let ok = &cases[7].1;
    assert_eq!(
        present::import::cli_line(ok, Lang::Id),
        format!("/in/x.tilik: DITERIMA — {}", fill(IMPORT[7].1))
    );
    assert_eq!(
        present::import::screen_line(ok, Lang::En),
        format!("✔ ACCEPTED x.tilik — {} (5 new ops)", fill(IMPORT[7].2))
    );
    let words: Vec<&str> = [
        Verdict::Accepted,
        Verdict::AcceptedWithWarnings,
        Verdict::NoNewData,
        Verdict::Quarantined,
        Verdict::Rejected,
    ]
    .into_iter()
    .flat_map(|v| {
        [
            present::import::verdict_word(Lang::Id, v),
            present::import::verdict_word(Lang::En, v),
        ]
    })
    .collect();
    assert_eq!(
        words,
        [
            "DITERIMA",
            "ACCEPTED",
            "DITERIMA DENGAN PERINGATAN",
            "ACCEPTED WITH WARNINGS",
            "TIDAK ADA DATA BARU",
            "NO NEW DATA",
            "DIKARANTINA",
            "QUARANTINED",
            "DITOLAK",
            "REJECTED",
        ]
    );
}

#[test]
fn the_recovery_notice_says_what_was_kept_and_which_key() {
    let notice = |bundles, key_kept, missing| RecoveryNotice {
        aside: PathBuf::from("/d/store.rusak-1"),
        inbox: PathBuf::from("/d/inbox"),
        bundles,
        key_kept,
        own_ops: 40,
        missing,
    };
    assert_eq!(
        present::recovery::notice(&notice(0, true, None), Lang::En),
        "The store was damaged and could not be opened, so tilik moved it to /d/store.rusak-1 (nothing was deleted) and rebuilt it from this device's journal: all 40 saved change(s) of this device are kept, under the same device key."
    );
    assert_eq!(
        present::recovery::notice(&notice(2, true, None), Lang::En),
        "The store was damaged and could not be opened, so tilik moved it to /d/store.rusak-1 (nothing was deleted) and rebuilt it from this device's journal: all 40 saved change(s) of this device are kept, under the same device key; the 2 bundle file(s) imported earlier must be imported again from the inbox with: tilik import /d/inbox/*.tilik*"
    );
    assert_eq!(
        present::recovery::notice(&notice(0, false, Some(12)), Lang::En),
        "The store was damaged and could not be opened, so tilik moved it to /d/store.rusak-1 (nothing was deleted) and rebuilt it from this device's journal: 40 saved change(s) of this device are kept, but the last 12 saved before the damage were not in the journal (if they were exported, the supervisor has them; otherwise enter them again); the device got a new key so no fork can happen."
    );
    assert_eq!(
        present::recovery::notice(&notice(0, true, None), Lang::Id),
        "Penyimpanan rusak dan tidak dapat dibuka, jadi tilik memindahkannya ke /d/store.rusak-1 (tidak ada yang dihapus) dan membangunnya kembali dari jurnal perangkat ini: semua 40 perubahan tersimpan perangkat ini tetap ada, dengan kunci perangkat yang sama."
    );
    assert_eq!(
        present::recovery::notice(&notice(2, false, None), Lang::Id),
        "Penyimpanan rusak dan tidak dapat dibuka, jadi tilik memindahkannya ke /d/store.rusak-1 (tidak ada yang dihapus) dan membangunnya kembali dari jurnal perangkat ini: semua 40 perubahan tersimpan perangkat ini tetap ada; perangkat mendapat kunci baru (kunci lama dipensiunkan, perubahannya tetap sah); 2 berkas bundel yang pernah diimpor perlu diimpor ulang dari kotak masuk dengan: tilik import /d/inbox/*.tilik*"
    );
    // Never "same key" and "new key" at once.
    for kept in [true, false] {
        for missing in [None, Some(3)] {
            for lang in [Lang::En, Lang::Id] {
                let t = present::recovery::notice(&notice(1, kept, missing), lang);
                let same = t.contains("same device key") || t.contains("kunci perangkat yang sama");
                let new = t.contains("new key") || t.contains("kunci baru");
                assert!(same != new, "{t}");
                assert_eq!(same, kept && missing.is_none(), "{t}");
            }
        }
    }
}

#[test]
fn the_export_result_lines_are_unchanged() {
    let mut e = Exported {
        file: "/o/x.tilik.age".into(),
        bundle_id: "b1".into(),
        code: "ABCD-EFGH".into(),
        hash: "h".into(),
        size: 999,
        encrypted: true,
        recipients: vec!["age1a".into(), "age1b".into()],
        segments: 2,
        ops: 12,
        own_ops: 10,
        blobs: 1,
        blobs_omitted: 1,
        instruments: 1,
        contacts_stripped: 0,
        unsigned_skipped: 3,
        read_back: ReadBack::SameBytes,
        volume: Some(Volume {
            device: Some("/dev/sdb1".into()),
            mount: Some("/media/rina/USB".into()),
            free: Some(3 << 30),
            total: Some(8 << 30),
            same_as_store: false,
        }),
        created_dir: None,
    };
    assert_eq!(
        present::export::cli_lines(&e, Lang::Id),
        [
            "Bundel ditulis: /o/x.tilik.age",
            "Di disk /dev/sdb1 (terpasang di /media/rina/USB) · sisa 3,0 GB dari 8,0 GB",
            "Diperiksa: dibaca ulang dari disk, sama persis dengan yang ditulis (isinya hanya dapat dibuka penerima).",
            "Kode bundel: ABCD-EFGH  (bacakan kode ini kepada supervisor)",
            "12 operasi (10 milik perangkat ini) · 2 segmen · 1 bukti (1 tidak disertakan) · 1 instrumen · terenkripsi untuk 2 penerima",
            "3 operasi perangkat lain tidak dapat diteruskan (tidak ada kepala bertanda tangan).",
        ]
    );
    assert_eq!(
        present::export::screen_lines(&e, Lang::En),
        [
            "File: /o/x.tilik.age",
            "Bundle code (read it over the phone): ABCD-EFGH",
            "12 ops · 1 evidence files · 999 bytes",
            "Encrypted to: age1a, age1b",
        ]
    );
    e.encrypted = false;
    e.recipients.clear();
    e.blobs_omitted = 0;
    e.unsigned_skipped = 0;
    e.read_back = ReadBack::Verified;
    e.created_dir = Some("/o".into());
    if let Some(v) = e.volume.as_mut() {
        v.same_as_store = true;
    }
    assert_eq!(
        present::export::cli_lines(&e, Lang::En),
        [
            "Bundle written: /o/x.tilik.age",
            "New folder made: /o",
            "On disk /dev/sdb1 (mounted at /media/rina/USB) · free 3.0 GB of 8.0 GB",
            "Note: this file is on the same disk as tilik's data, not on a USB stick; copy it to a stick if you mean to carry it.",
            "Checked: read back from the disk, contents and signatures valid.",
            "Bundle code: ABCD-EFGH  (read this code to your supervisor)",
            "12 ops (10 by this device) · 2 segments · 1 evidence files · 1 instruments · not encrypted (signed)",
        ]
    );
    assert_eq!(
        present::export::screen_lines(&e, Lang::Id)[3],
        "Tidak terenkripsi (bertanda tangan) — untuk latihan/uji."
    );
}
