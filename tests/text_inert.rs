//! Outside text is inert in every output (issue 12, point 5): two assessors and a
//! supervisor whose names, offices, lokus name, notes, flag reasons and roster names carry
//! terminal escapes (ESC[2J, BEL, C1 CSI 0x9b), bidi controls (U+202E, U+2066), zero-width
//! characters (U+200B), a spreadsheet formula, raw HTML and a `javascript:` link. Every CLI
//! command that prints them, in both languages and with `--json`, and every report format
//! (table, md, csv, json, svg, xlsx, rapor) is checked byte by byte: no control, bidi or
//! zero-width character, no live formula, no raw HTML, no link. JSON keeps the text as
//! stored (escaped as `\uXXXX`), so a program reading it gets the exact value back.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/xlsx.rs"]
mod xlsx;

use std::path::Path;

use cli::Tilik;
use serde_json::Value;

/// Terminal, bidi and zero-width attack text, and the rest of the injection set.
const EVIL: &str = "X\x1b[2J\x07\u{9b}31m\u{202e}\u{2066}\u{200b}<script>alert(1)</script>[x](javascript:alert(1))";
/// A formula first (CSV/xlsx injection), then the rest.
const FORMULA: &str = "=cmd|' /C calc'!A0 \x1b[2J\u{202e}<b>[x](javascript:alert(1))";

/// Whether `c` may act on a terminal or hide itself: C0 (but a newline, which is layout),
/// DEL, C1, bidi marks, embeddings, overrides and isolates, zero-width characters, BOM,
/// soft hyphen, line/paragraph separators, tags. Written out here, not taken from tilik.
fn forbidden(c: char) -> bool {
    let u = u32::from(c);
    (u < 0x20 && c != '\n')
        || (0x7f..=0x9f).contains(&u)
        || [0xad, 0x61c, 0xfeff, 0x2028, 0x2029].contains(&u)
        || (0x200b..=0x200f).contains(&u)
        || (0x202a..=0x202e).contains(&u)
        || (0x2060..=0x206f).contains(&u)
        || (0xe0000..=0xe007f).contains(&u)
}

/// The characters that must never be in what tilik writes.
fn unsafe_chars(s: &str) -> Vec<String> {
    s.chars()
        .filter(|&c| forbidden(c))
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect()
}

fn assert_inert(what: &str, s: &str) {
    let bad = unsafe_chars(s);
    assert!(bad.is_empty(), "{what}: {bad:?} in\n{s}");
}

/// Markdown: no raw tag, and no `[` or `](` without its backslash (no link, no image).
fn assert_no_markup(what: &str, s: &str) {
    assert_inert(what, s);
    for bad in ["<script", "<b>"] {
        assert!(!s.contains(bad), "{what}: {bad:?} in\n{s}");
    }
    let b = s.as_bytes();
    for (i, w) in b.windows(2).enumerate() {
        if w == b"](" {
            assert!(
                i > 0 && b[i - 1] == b'\\',
                "{what}: a live link at byte {i} in\n{s}"
            );
        }
    }
    assert!(!s.contains("[x]("), "{what}: link syntax in\n{s}");
}

/// SVG: no element or attribute from outside text (no tag, no link).
fn assert_no_svg_markup(what: &str, s: &str) {
    assert_inert(what, s);
    for bad in ["<script", "<b>", "href", "javascript:alert(1)\""] {
        assert!(!s.contains(bad), "{what}: {bad:?} in\n{s}");
    }
}

/// A CSV field a spreadsheet could run as a formula.
fn live_formula(field: &str) -> bool {
    let t = field.trim_start();
    t.starts_with(['=', '+', '-', '@']) && t.parse::<f64>().is_err()
}

fn assert_csv_safe(what: &str, text: &str) {
    assert_inert(what, text);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    for rec in rdr.records() {
        let rec = rec.expect("csv parses");
        for f in &rec {
            assert!(!live_formula(f), "{what}: live formula {f:?}");
            assert!(!f.starts_with(['\t', '\r']), "{what}: {f:?}");
        }
    }
}

/// Every outside string is somewhere in this JSON, unchanged.
fn json_has_raw(v: &Value, want: &str) -> bool {
    match v {
        Value::String(s) => s.contains(want),
        Value::Array(a) => a.iter().any(|x| json_has_raw(x, want)),
        Value::Object(m) => m.values().any(|x| json_has_raw(x, want)),
        _ => false,
    }
}

fn run_checked(t: &Tilik, args: &[&str]) -> String {
    let (code, out, err) = t.run(args);
    assert!(code == 0 || code == 3, "{args:?} exited {code}: {err}{out}");
    assert_inert(&format!("{args:?} stdout"), &out);
    assert_inert(&format!("{args:?} stderr"), &err);
    out
}

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

#[test]
fn outside_text_is_inert_in_every_cli_output_and_report() {
    let root = tempfile::tempdir().expect("tmp");
    let out = root.path().join("out");
    std::fs::create_dir_all(&out).expect("out");

    // Two assessors on the same office, with attack text everywhere they can type it.
    let a = Tilik::new(root.path(), "a");
    // An NIP is 18 digits: attack text there is refused, and the refusal is inert.
    let (code, said, err) = a.run(&["init", "--name", EVIL, "--office", EVIL, "--nip", EVIL]);
    assert_eq!(code, 1, "{err}{said}");
    assert_inert("init with a bad NIP stderr", &err);
    for args in [
        vec![
            "init",
            "--name",
            EVIL,
            "--office",
            EVIL,
            "--nip",
            "19870101 201001 2 001",
        ],
        vec!["whoami"],
        vec!["whoami", "--json"],
    ] {
        run_checked(&a, &args);
    }
    let new = [
        "new", "--round", "2024", "--pemda", "61.71", "--lokus", "lainnya", "--name", FORMULA,
    ];
    let id = a.ok(&new);
    run_checked(&a, &["answer", &id, "I.1", "3", "--note", FORMULA]);
    run_checked(&a, &["answer", &id, "I.2", "2", "--note", EVIL]);
    run_checked(&a, &["note", &id, "I.3", EVIL]);
    run_checked(&a, &["flag", &id, "I.3", "--reason", EVIL]);
    let b = Tilik::new(root.path(), "b");
    run_checked(&b, &["init", "--name", FORMULA, "--office", FORMULA]);
    assert_eq!(b.ok(&new), id, "same key, same record");
    run_checked(&b, &["answer", &id, "I.1", "1", "--note", EVIL]);

    for t in [&a, &b] {
        for args in [
            vec!["list"],
            vec!["show", &id],
            vec!["log", &id],
            vec!["--lang", "en", "show", &id],
        ] {
            run_checked(t, &args);
        }
    }
    let ea = a.json(&["export", "--dir", p(&out), "--json"]);
    let eb = b.json(&["export", "--dir", p(&out), "--json"]);
    let (fa, fb) = (
        ea["file"].as_str().expect("file").to_string(),
        eb["file"].as_str().expect("file").to_string(),
    );

    // The supervisor: the bundles are inspected, quarantined (unknown signer: the claimed
    // names are printed), trusted under attack names, taken, and reported on.
    let s = Tilik::new(root.path(), "s");
    run_checked(
        &s,
        &[
            "init",
            "--name",
            EVIL,
            "--role",
            "supervisor",
            "--office",
            FORMULA,
        ],
    );
    for lang in ["id", "en"] {
        run_checked(&s, &["--lang", lang, "bundle", "inspect", &fa]);
        run_checked(&s, &["--lang", lang, "bundle", "inspect", &fb, "--json"]);
    }
    let q = run_checked(&s, &["import", &fa, &fb]);
    assert!(
        q.contains('\u{fffd}') || q.contains('␛'),
        "claimed names shown, inert: {q}"
    );
    run_checked(&s, &["--lang", "en", "import", "--retry", "--json"]);
    let ka = a.public_key();
    let kb = b.public_key();
    run_checked(
        &s,
        &[
            "trust", "add", "--key", &ka, "--name", EVIL, "--role", "assessor",
        ],
    );
    run_checked(
        &s,
        &[
            "trust", "add", "--key", &kb, "--name", FORMULA, "--role", "assessor",
        ],
    );
    run_checked(&s, &["import", "--retry"]);

    let mut all = String::new();
    for lang in ["id", "en"] {
        for args in [
            vec!["list"],
            vec!["list", "--json"],
            vec!["show", &id],
            vec!["show", &id, "--json"],
            vec!["log", &id],
            vec!["log", &id, "--json"],
            vec!["conflicts"],
            vec!["conflicts", "--json"],
            vec!["trust", "list"],
            vec!["trust", "list", "--json"],
            vec!["import", "--log"],
            vec!["import", "--log", "--json"],
            vec!["whoami"],
            vec!["report"],
            vec!["report", "--format", "md"],
            vec!["report", "--format", "csv"],
            vec!["report", "--format", "json"],
            vec!["rapor", &id],
            vec!["rapor", "61.71"],
        ] {
            let mut full = vec!["--lang", lang];
            full.extend(args.iter().copied());
            let o = run_checked(&s, &full);
            if args.contains(&"md") || args[0] == "rapor" {
                assert_no_markup(&format!("{full:?}"), &o);
            }
            if args.contains(&"csv") {
                assert_csv_safe(&format!("{full:?}"), &o);
            }
            all.push_str(&o);
        }
    }
    // The attack reached every output (the test would pass by doing nothing otherwise):
    // the conflict is open and the names and notes are there, neutralised.
    assert!(
        all.contains("X␛[2J␇\u{fffd}31m\u{fffd}\u{fffd}\u{fffd}"),
        "{all}"
    );
    let conflicts = s.json(&["conflicts", "--json"]);
    assert!(
        conflicts["conflicts"]
            .as_array()
            .is_some_and(|c| !c.is_empty()),
        "{conflicts}"
    );
    // JSON keeps the value as stored (data for programs), escaped in the bytes.
    let list = s.json(&["list", "--json"]);
    assert!(json_has_raw(&list, FORMULA), "{list}");
    let (_, raw_json, _) = s.run(&["show", &id, "--json"]);
    assert!(
        raw_json.contains("\\u001b[2J") && raw_json.contains("\\u202e"),
        "{raw_json}"
    );

    // Report files: md, svg, csv (four tables), json, xlsx.
    let md = out.join("r.md");
    run_checked(&s, &["report", "--format", "md", "-o", p(&md)]);
    assert_no_markup("report.md", &std::fs::read_to_string(&md).expect("md"));
    let rapor = out.join("rapor.md");
    run_checked(&s, &["rapor", &id, "-o", p(&rapor)]);
    let rapor = std::fs::read_to_string(&rapor).expect("rapor");
    assert_no_markup("rapor.md", &rapor);
    assert!(
        rapor.contains("\\[x\\](javascript"),
        "escaped, still readable: {rapor}"
    );
    let svg = out.join("r.svg");
    run_checked(&s, &["report", "--format", "svg", "-o", p(&svg)]);
    let svg = std::fs::read_to_string(&svg).expect("svg");
    assert_no_svg_markup("report.svg", &svg);
    let json = out.join("r.json");
    run_checked(&s, &["report", "--format", "json", "-o", p(&json)]);
    let json = std::fs::read_to_string(&json).expect("json");
    assert_inert("report.json", &json);
    let v: Value = serde_json::from_str(&json).expect("report json");
    assert!(json_has_raw(&v, FORMULA), "JSON keeps the stored text");
    let csv = out.join("r.csv");
    run_checked(&s, &["report", "--format", "csv", "-o", p(&csv)]);
    let mut escaped = 0;
    for name in [
        "r.csv",
        "r.lokus.csv",
        "r.indicators.csv",
        "r.conflicts.csv",
    ] {
        let text = std::fs::read_to_string(out.join(name)).expect("csv");
        assert_csv_safe(name, &text);
        escaped += text.matches("\"'=cmd").count();
    }
    assert!(
        escaped >= 3,
        "the formula lokus name and note were written, escaped"
    );
    let xlsx = out.join("r.xlsx");
    run_checked(&s, &["report", "--format", "xlsx", "-o", p(&xlsx)]);
    xlsx_has_no_formula(&xlsx);

    // The supervisor's words reach the rapor (issue 14): a resolution reason and a review
    // comment carrying the attack are written inert, without markup.
    run_checked(
        &s,
        &["resolve", &id, "I.1", "--value", "2", "--reason", EVIL],
    );
    run_checked(
        &s,
        &[
            "review",
            &id,
            "--state",
            "needs-revision",
            "--comment",
            FORMULA,
        ],
    );
    for lang in ["id", "en"] {
        let r = run_checked(&s, &["--lang", lang, "rapor", "61.71"]);
        assert_no_markup(&format!("{lang} rapor after resolution"), &r);
        assert!(
            r.matches("X␛\\[2J␇").count() >= 2
                && (r.contains("Tinjauan (perlu revisi): \"=cmd")
                    || r.contains("Review (needs revision): \"=cmd")),
            "the reason and the comment are shown: {r}"
        );
    }
}

/// Every cell of the workbook is a value, none a formula, and none holds an unsafe
/// character (read back with calamine and the sheet XML, `tests/support/xlsx.rs`).
fn xlsx_has_no_formula(path: &Path) {
    let file = std::fs::File::open(path).expect("open xlsx");
    let mut zip = zip::ZipArchive::new(file).expect("xlsx is a zip");
    let mut sheets = 0;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("zip entry");
        let name = f.name().expect("entry name").to_string();
        if name.starts_with("xl/worksheets/") && name.ends_with(".xml") {
            sheets += 1;
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut f, &mut xml).expect("sheet xml");
            assert!(
                !xml.contains("<f>") && !xml.contains("<f "),
                "{name} holds a formula"
            );
        }
    }
    assert!(sheets > 0, "no worksheet found in the workbook");
    let mut formula_text = 0;
    for (sheet, cells) in xlsx::values(path) {
        for ((r, c), v) in cells {
            let Some(text) = calamine::DataType::get_string(&v) else {
                continue;
            };
            if text.starts_with("=cmd") {
                formula_text += 1;
            }
            let bad = text.chars().any(|ch| {
                (u32::from(ch) < 32 && ch != '\n')
                    || (0x7f..=0x9f).contains(&u32::from(ch))
                    || matches!(ch, '\u{202e}' | '\u{2066}' | '\u{200b}')
            });
            assert!(
                !bad,
                "{sheet} ({r},{c}) holds an unsafe character: {text:?}"
            );
        }
    }
    assert!(
        formula_text > 0,
        "the formula-looking text should be in the workbook as a plain string"
    );
}
