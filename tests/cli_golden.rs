//! Golden outputs of the command line: every human and `--json` rendering (`list`, `show`,
//! `log`, `whoami`, `instruments`, `report` in every format, `rapor`, `bundle inspect`,
//! `import`/`export`/`sync` lines, `conflicts`, `trust`, `results`, `store`) and every
//! `--help` text, pinned byte for byte as insta snapshots, so moving the presentation code
//! is proven not to change a single byte.
//!
//! Two stores: the demo store (`demo seed`, deterministic answers) and a supervisor store
//! fed with the frozen bundles of `tests/golden/` plus a CLI assessor. What differs per run
//! (keys, fingerprints, age recipients, bundle ids and codes, the clock) is replaced by a
//! `<placeholder>` before the comparison; the clock's zone is fixed (`TZ=UTC`).

#[path = "support/cli.rs"]
mod cli;
#[path = "support/xlsx.rs"]
mod xlsx;

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use serde_json::Value;
use tilik::i18n::{Lang, MONTHS_EN, MONTHS_ID, short_month};

/// Months as `i18n::date` writes them, in both languages.
fn months() -> Vec<&'static str> {
    MONTHS_ID.iter().chain(&MONTHS_EN).copied().collect()
}

/// Short months as `i18n::short_datetime` writes them, in both languages.
fn short_months() -> Vec<&'static str> {
    (0..12)
        .flat_map(|m| [short_month(m, Lang::Id), short_month(m, Lang::En)])
        .collect()
}

/// Does `pat` match `s` at byte `at`? In `pat`, `#` is an ASCII digit, `@` one of `words`,
/// anything else itself. Returns the matched length.
fn matches_at(s: &[u8], at: usize, pat: &str, words: &[&str]) -> Option<usize> {
    let mut i = at;
    for p in pat.bytes() {
        match p {
            b'#' => {
                if !s.get(i)?.is_ascii_digit() {
                    return None;
                }
                i += 1;
            }
            b'@' => {
                let w = words.iter().find(|w| s[i..].starts_with(w.as_bytes()))?;
                i += w.len();
            }
            c => {
                if *s.get(i)? != c {
                    return None;
                }
                i += 1;
            }
        }
    }
    Some(i - at)
}

/// Replace every match of `pat` (see [`matches_at`]) that does not touch another digit.
fn replace_pattern(s: &str, pat: &str, words: &[&str], with: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        let before_ok = i == 0 || !b[i - 1].is_ascii_digit();
        if before_ok
            && s.is_char_boundary(i)
            && let Some(n) = matches_at(b, i, pat, words)
            && b.get(i + n).is_none_or(|c| !c.is_ascii_digit())
        {
            out.push_str(&s[last..i]);
            out.push_str(with);
            i += n;
            last = i;
            continue;
        }
        i += 1;
    }
    out.push_str(&s[last..]);
    out
}

/// The clock, however it is written.
fn redact_clock(s: &str) -> String {
    let mut s = replace_pattern(s, "####-##-## ##:##:##", &[], "<datetime>");
    s = replace_pattern(&s, "########-####", &[], "<stamp>");
    let (months, short) = (months(), short_months());
    for day in ["## @ ####", "# @ ####"] {
        s = replace_pattern(&s, day, &months, "<date>");
    }
    for day in ["## @ ##:##", "# @ ##:##"] {
        s = replace_pattern(&s, day, &short, "<short-datetime>");
    }
    // Milliseconds since 1970 in JSON (`generated_ms`, `last_change_ms`, …).
    replace_pattern(&s, "1############", &[], "<ms>")
}

/// A store driven through the binary, with what its runs have printed so far.
struct Golden {
    root: PathBuf,
    redactions: RefCell<Vec<(String, String)>>,
    transcript: RefCell<String>,
}

impl Golden {
    fn new(root: &Path) -> Golden {
        let g = Golden {
            root: root.to_path_buf(),
            redactions: RefCell::new(Vec::new()),
            transcript: RefCell::new(String::new()),
        };
        g.learn(&root.display().to_string(), "<root>");
        g.learn(env!("CARGO_MANIFEST_DIR"), "<repo>");
        g
    }

    /// Replace `literal` with `<name>` from now on.
    fn learn(&self, literal: &str, name: &str) {
        if !literal.is_empty() {
            let mut r = self.redactions.borrow_mut();
            r.push((literal.to_string(), name.to_string()));
            // Longest first, so a path is replaced before its folder.
            r.sort_by_key(|x| std::cmp::Reverse(x.0.len()));
        }
    }

    /// A device's key, fingerprints and age recipient.
    fn learn_identity(&self, store: &str, who: &str) {
        let w = self.json(store, &["whoami", "--json"]);
        let s = |k: &str| w[k].as_str().expect("field").to_string();
        let fp = s("fingerprint");
        self.learn(&s("public_key"), &format!("{who}-key"));
        self.learn(&s("age_recipient"), &format!("{who}-age"));
        self.learn(&fp, &format!("{who}-fingerprint"));
        let short: String = fp.chars().take(9).collect();
        self.learn(&short, &format!("{who}-short-fp"));
        self.learn(
            &short.replace('-', "").to_lowercase(),
            &format!("{who}-fp-in-file-name"),
        );
    }

    /// An export's bundle id, code and file.
    fn learn_export(&self, e: &Value, n: &str) {
        let s = |k: &str| e[k].as_str().expect("field").to_string();
        self.learn(&s("file"), &format!("export-{n}-file"));
        self.learn(&s("bundle_id"), &format!("export-{n}-id"));
        let code = s("code");
        self.learn(
            &code.replace('-', ""),
            &format!("export-{n}-code-in-file-name"),
        );
        self.learn(&code, &format!("export-{n}-code"));
        if let Some(h) = e["hash"].as_str() {
            self.learn(h, &format!("export-{n}-hash"));
            self.learn(&h[..12], &format!("export-{n}-hash12"));
        }
    }

    fn redact(&self, s: &str) -> String {
        let mut s = s.to_string();
        for (lit, name) in self.redactions.borrow().iter() {
            s = s.replace(lit, &format!("<{}>", name.trim_matches(['<', '>'])));
        }
        // The disk an export lands on and its free space differ from machine to machine.
        let mut in_volume = false;
        let trailing = if s.ends_with('\n') { "\n" } else { "" };
        let s: String = s
            .lines()
            .map(|l| {
                if l.starts_with("Di disk ") || l.starts_with("On disk ") {
                    return "<disk and free space>".to_string();
                }
                if l.trim_end().ends_with("\"volume\": {") {
                    in_volume = true;
                } else if in_volume {
                    if l.trim_start().starts_with('}') {
                        in_volume = false;
                    } else if let Some(i) = l.find(": ") {
                        let comma = if l.ends_with(',') { "," } else { "" };
                        return format!("{}: \"<disk>\"{comma}", &l[..i]);
                    }
                }
                l.to_string()
            })
            .collect::<Vec<_>>()
            .join("\n")
            + trailing;
        redact_clock(&s)
    }

    /// Run `tilik args` on `store` (a folder under the root); exit code, stdout, stderr.
    fn raw(&self, store: &str, args: &[&str]) -> (i32, String, String) {
        cli::output(
            cli::tilik(&self.root.join(store))
                .env("TZ", "UTC")
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .args(args),
        )
    }

    /// Run and add the run to the transcript; the raw stdout.
    fn run(&self, store: &str, args: &[&str]) -> String {
        let (code, out, err) = self.raw(store, args);
        self.record(args, code, out, &err)
    }

    /// `init` on a fresh `store` until its random key sorts between `after` and `before`,
    /// so every listing ordered by device id comes out in the same order on every run.
    fn init_between(&self, store: &str, args: &[&str], after: &str, before: &str) {
        loop {
            let _ = std::fs::remove_dir_all(self.root.join(store));
            let (code, out, err) = self.raw(store, args);
            assert_eq!(code, 0, "{err}");
            let key = self.json(store, &["whoami", "--json"])["public_key"]
                .as_str()
                .expect("key")
                .to_string();
            if after < key.as_str() && key.as_str() < before {
                self.record(args, code, out, &err);
                return;
            }
        }
    }

    fn record(&self, args: &[&str], code: i32, out: String, err: &str) -> String {
        let mut t = self.transcript.borrow_mut();
        t.push_str(&format!("$ tilik {}\n", args.join(" ")));
        if code != 0 {
            t.push_str(&format!("[exit {code}]\n"));
        }
        t.push_str(&out);
        if !err.is_empty() {
            t.push_str("[stderr]\n");
            t.push_str(err);
        }
        t.push('\n');
        out
    }

    /// Add text (a file's content) to the transcript under a heading.
    fn add(&self, heading: &str, text: &str) {
        let mut t = self.transcript.borrow_mut();
        t.push_str(&format!("## {heading}\n{text}\n"));
    }

    /// Every bundle `store` has exported so far.
    fn learn_exports(&self, store: &str, prefix: &str) {
        let list = self.json(store, &["export", "--list", "--json"]);
        for (n, e) in list.as_array().expect("list").iter().enumerate() {
            self.learn_export(e, &format!("{prefix}{}", n + 1));
        }
    }

    /// Run without recording; the JSON on stdout.
    fn json(&self, store: &str, args: &[&str]) -> Value {
        let (code, out, err) = self.raw(store, args);
        assert!(code == 0 || code == 3, "{args:?}: {err}");
        serde_json::from_str(&out).expect("json")
    }

    /// The transcript so far, redacted (and emptied).
    fn take(&self) -> String {
        let t = std::mem::take(&mut *self.transcript.borrow_mut());
        self.redact(&t)
    }
}

fn golden_file(name: &str) -> String {
    format!("{}/tests/golden/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Every cell of an xlsx workbook as text (values, number formats, bold, widths, merges),
/// read back by calamine.
fn xlsx_dump(path: &Path) -> String {
    xlsx::dump(path)
}

#[test]
fn demo_store_renderings() {
    let tmp = tempfile::tempdir().expect("tmp");
    let g = Golden::new(tmp.path());
    let d = "demo";
    g.run(d, &["demo", "seed"]);
    g.learn_identity(d, "demo");
    insta::assert_snapshot!("demo_seed", g.take());

    // Identity and paths.
    for lang in ["id", "en"] {
        g.run(d, &["--lang", lang, "whoami"]);
    }
    g.run(d, &["whoami", "--json"]);
    g.run(d, &["paths"]);
    insta::assert_snapshot!("identity", g.take());

    // Instruments, classification, regions.
    g.run(d, &["instruments"]);
    g.run(d, &["--lang", "en", "instruments"]);
    g.run(d, &["instruments", "--json"]);
    for lang in ["id", "en"] {
        g.run(d, &["--lang", lang, "instruments", "show", "opini-2024"]);
        g.run(
            d,
            &["--lang", lang, "instruments", "show", "kepatuhan-2016"],
        );
    }
    for lang in ["id", "en"] {
        g.run(
            d,
            &[
                "--lang",
                lang,
                "instruments",
                "check",
                "assets/instruments/opini-2025.toml",
            ],
        );
        g.run(
            d,
            &[
                "--lang",
                lang,
                "classify",
                "--instrument",
                "opini-2025",
                "31.5",
            ],
        );
        g.run(d, &["--lang", lang, "regions", "--search", "zzz"]);
    }
    g.run(
        d,
        &["classify", "--instrument", "opini-2023", "88.23", "--json"],
    );
    g.run(d, &["regions", "--search", "kalimantan barat"]);
    g.run(d, &["regions", "--search", "kota pontianak", "--json"]);
    insta::assert_snapshot!("instruments", g.take());
    let show = g.run(d, &["instruments", "show", "opini-2024", "--json"]);
    insta::assert_snapshot!(
        "instruments_show_json_blake3",
        blake3::hash(show.as_bytes()).to_hex().to_string()
    );
    g.take();

    // Assessments: list, show, log.
    let list = g.json(d, &["list", "--json"]);
    let ids: Vec<String> = list
        .as_array()
        .expect("list")
        .iter()
        .map(|s| s["id"].as_str().expect("id").to_string())
        .collect();
    for lang in ["id", "en"] {
        g.run(d, &["--lang", lang, "list"]);
    }
    g.run(d, &["list", "--json"]);
    insta::assert_snapshot!("list", g.take());
    for id in &ids {
        g.run(d, &["show", id]);
    }
    for id in &ids[..3] {
        g.run(d, &["--lang", "en", "show", id]);
        g.run(d, &["show", id, "--json"]);
    }
    insta::assert_snapshot!("show", g.take());
    g.run(d, &["log", &ids[0]]);
    g.run(d, &["--lang", "en", "log", &ids[1]]);
    g.run(d, &["log", &ids[0], "--json"]);
    insta::assert_snapshot!("log", g.take());

    // Reports.
    for lang in ["id", "en"] {
        g.run(d, &["--lang", lang, "report"]);
        g.run(
            d,
            &["--lang", lang, "report", "--target", "90", "--weakest", "2"],
        );
        g.run(d, &["--lang", lang, "report", "--strict"]);
    }
    g.run(d, &["report", "--province", "Kalimantan Timur"]);
    g.run(
        d,
        &["report", "--province", "Kota Bontang", "--round", "2024"],
    );
    g.run(d, &["report", "--pemda", "61.71", "--round", "2023"]);
    g.run(d, &["report", "--province", "kab"]);
    g.run(d, &["report", "--pemda", "Atlantis"]);
    insta::assert_snapshot!("report_table", g.take());
    for lang in ["id", "en"] {
        g.run(
            d,
            &["--lang", lang, "report", "--format", "md", "--target", "95"],
        );
    }
    g.run(d, &["report", "--format", "md", "--pemda", "Kota Bontang"]);
    insta::assert_snapshot!("report_md", g.take());
    g.run(d, &["report", "--format", "csv", "--target", "90"]);
    let csv = tmp.path().join("r.csv");
    g.run(
        d,
        &[
            "report",
            "--format",
            "csv",
            "-o",
            csv.to_str().expect("utf8"),
        ],
    );
    for f in ["r.csv", "r.lokus.csv", "r.conflicts.csv"] {
        g.add(
            f,
            &std::fs::read_to_string(tmp.path().join(f)).expect("csv"),
        );
    }
    insta::assert_snapshot!("report_csv", g.take());
    let ind = std::fs::read_to_string(tmp.path().join("r.indicators.csv")).expect("csv");
    insta::assert_snapshot!(
        "report_csv_indicators_blake3",
        blake3::hash(ind.as_bytes()).to_hex().to_string()
    );
    g.run(
        d,
        &[
            "report",
            "--format",
            "json",
            "--pemda",
            "64.74",
            "--weakest",
            "2",
            "--target",
            "85",
        ],
    );
    insta::assert_snapshot!("report_json_pemda", g.take());
    let full = g.run(d, &["report", "--format", "json", "--target", "90"]);
    g.take();
    insta::assert_snapshot!(
        "report_json_full_blake3",
        blake3::hash(g.redact(&full).as_bytes())
            .to_hex()
            .to_string()
    );
    for lang in ["id", "en"] {
        g.run(d, &["--lang", lang, "report", "--format", "svg"]);
    }
    let svg = tmp.path().join("r.svg");
    g.run(
        d,
        &[
            "report",
            "--format",
            "svg",
            "-o",
            svg.to_str().expect("utf8"),
        ],
    );
    insta::assert_snapshot!("report_svg", g.take());
    for lang in ["id", "en"] {
        let x = tmp.path().join(format!("r-{lang}.xlsx"));
        let path = x.to_str().expect("utf8");
        g.run(
            d,
            &[
                "--lang", lang, "report", "--format", "xlsx", "--target", "90", "-o", path,
            ],
        );
        let dump = g.redact(&xlsx_dump(&x));
        g.add(
            &format!("r-{lang}.xlsx blake3"),
            blake3::hash(dump.as_bytes()).to_hex().as_str(),
        );
        g.run(
            d,
            &[
                "--lang",
                lang,
                "report",
                "--format",
                "xlsx",
                "--pemda",
                "64.74",
                "--weakest",
                "2",
                "-o",
                path,
            ],
        );
        g.add(&format!("r-{lang}.xlsx (64.74)"), &xlsx_dump(&x));
    }
    g.run(d, &["report", "--format", "xlsx"]);
    insta::assert_snapshot!("report_xlsx", g.take());

    // Report cards.
    for lang in ["id", "en"] {
        g.run(d, &["--lang", lang, "rapor", &ids[0]]);
        g.run(d, &["--lang", lang, "rapor", "Kota Bontang"]);
    }
    g.run(d, &["rapor", "Kota Pontianak", "--round", "2024"]);
    let md = tmp.path().join("rapor.md");
    g.run(d, &["rapor", &ids[2], "-o", md.to_str().expect("utf8")]);
    g.add("rapor.md", &std::fs::read_to_string(&md).expect("rapor"));
    g.run(d, &["rapor", "Kota Kupang"]);
    insta::assert_snapshot!("rapor", g.take());

    // Published results and the year-over-year comparison.
    let res = tmp.path().join("results.csv");
    std::fs::write(
        &res,
        "round,pemda,score\n2023,61.71,91.16\n2023,Kota Bontang,80.5\n2023,Atlantis,50\nx,61.72,1\n",
    )
    .expect("write");
    for lang in ["id", "en"] {
        g.run(
            d,
            &[
                "--lang",
                lang,
                "results",
                "import",
                res.to_str().expect("utf8"),
            ],
        );
    }
    g.run(d, &["results", "list"]);
    g.run(d, &["results", "list", "--json"]);
    g.run(d, &["report", "--compare", "2023"]);
    g.run(
        d,
        &[
            "--lang",
            "en",
            "report",
            "--format",
            "md",
            "--compare",
            "2023",
        ],
    );
    insta::assert_snapshot!("results", g.take());

    // Store check and a few per-command sentences.
    for lang in ["id", "en"] {
        g.run(d, &["--lang", lang, "store", "rebuild", "--check"]);
        g.run(d, &["--lang", lang, "store", "rebuild"]);
        g.run(
            d,
            &[
                "--lang", lang, "answer", &ids[0], "P.1", "2", "--note", "cek",
            ],
        );
        g.run(d, &["--lang", lang, "answer", &ids[0], "P.2", "n"]);
        g.run(d, &["--lang", lang, "note", &ids[0], "P.1", "catatan baru"]);
        g.run(
            d,
            &["--lang", lang, "flag", &ids[0], "P.1", "--reason", "foto"],
        );
        g.run(d, &["--lang", lang, "flag", &ids[0], "P.1"]);
        g.run(d, &["--lang", lang, "undo", &ids[0]]);
        g.run(d, &["--lang", lang, "finalize", &ids[0]]);
        g.run(
            d,
            &[
                "--lang",
                lang,
                "new",
                "--round",
                "2024",
                "--pemda",
                "Kota Pontianak",
                "--lokus",
                "dinsos",
            ],
        );
        g.run(
            d,
            &[
                "--lang", lang, "new", "--round", "2024", "--pemda", "kab", "--lokus", "dinsos",
            ],
        );
    }
    g.run(
        d,
        &[
            "new", "--round", "2024", "--pemda", "64.72", "--lokus", "dinkes", "--json",
        ],
    );
    insta::assert_snapshot!("commands", g.take());
}

#[test]
fn bundle_renderings() {
    let tmp = tempfile::tempdir().expect("tmp");
    let g = Golden::new(tmp.path());
    let golden: Value =
        serde_json::from_str(&std::fs::read_to_string(golden_file("v1.json")).expect("v1.json"))
            .expect("json");
    let key = |k: &str| golden[k].as_str().expect("key").to_string();
    let (a, b, sup) = (
        golden_file("v1-assessor-a.tilik"),
        golden_file("v1-assessor-b.tilik.age"),
        golden_file("v1-supervisor.tilik"),
    );
    let s = "sari";
    // Keys in this order: Rina, Budi Uji, Sari Dewi, Penguji Golden, Budi Santoso.
    g.init_between(
        s,
        &[
            "init",
            "--name",
            "Penguji Golden",
            "--role",
            "supervisor",
            "--office",
            "Perwakilan Kalbar",
        ],
        &key("supervisor"),
        &key("assessor_b"),
    );
    g.learn_identity(s, "supervisor");
    g.run(s, &["--lang", "en", "whoami"]);
    g.run(s, &["trust", "list"]);
    g.run(s, &["--lang", "en", "trust", "list"]);
    g.run(s, &["export", "--list"]);
    g.run(s, &["--lang", "en", "export", "--list"]);
    g.run(s, &["import", "--log"]);
    g.run(s, &["--lang", "en", "import", "--log"]);
    g.run(s, &["import", "--retry"]);
    g.run(s, &["--lang", "en", "import", "--retry"]);
    g.run(s, &["import"]);
    g.run(s, &["conflicts"]);
    g.run(s, &["--lang", "en", "conflicts"]);
    insta::assert_snapshot!("supervisor_empty", g.take());

    // Inspect before trusting anyone.
    for lang in ["id", "en"] {
        for f in [&a, &b, &sup] {
            g.run(s, &["--lang", lang, "bundle", "inspect", f]);
        }
    }
    g.run(s, &["bundle", "inspect", &a, "--json"]);
    g.run(s, &["bundle", "inspect", "tests/golden/v1.json"]);
    insta::assert_snapshot!("inspect", g.take());

    // Import: quarantined, then trusted and retried.
    g.run(s, &["import", &a]);
    g.run(s, &["--lang", "en", "import", &a, "tests/golden/v1.json"]);
    g.run(s, &["import", &a, "--json"]);
    for (k, name, role) in [
        ("assessor_a", "Rina Wulandari", "assessor"),
        ("assessor_b", "Budi Santoso", "assessor"),
    ] {
        g.run(
            s,
            &[
                "trust",
                "add",
                "--key",
                &key(k),
                "--name",
                name,
                "--role",
                role,
            ],
        );
    }
    g.run(
        s,
        &[
            "--lang",
            "en",
            "trust",
            "add",
            "--key",
            &key("supervisor"),
            "--name",
            "Sari Dewi",
            "--role",
            "supervisor",
            "--age",
            "age1yzj6s6q5lea8hy42335jlgmrfct3fklrl7usukl6lzd2eux7v39s0lqjuw",
        ],
    );
    g.run(s, &["trust", "list"]);
    g.run(s, &["--lang", "en", "trust", "list"]);
    g.run(s, &["trust", "list", "--json"]);
    g.run(s, &["import", "--retry"]);
    g.run(s, &["import", &a]);
    g.run(s, &["--lang", "en", "import", &a, "--json"]);
    g.run(s, &["--lang", "en", "import", &b]);
    g.run(s, &["bundle", "inspect", &a]);
    insta::assert_snapshot!("import", g.take());

    // A CLI assessor who disagrees on P.1, with a gap and pending evidence.
    let x = "budi";
    g.init_between(
        x,
        &["init", "--name", "Budi Uji", "--nip", "198701012010012001"],
        &key("assessor_a"),
        &key("supervisor"),
    );
    g.learn_identity(x, "assessor");
    let id = g.run(
        x,
        &[
            "new", "--round", "2024", "--pemda", "61.71", "--lokus", "dpmptsp",
        ],
    );
    let id = id.trim().to_string();
    g.run(
        x,
        &["answer", &id, "P.1", "1", "--note", "SOP tidak terlihat"],
    );
    let usb = tmp.path().join("usb");
    std::fs::create_dir_all(&usb).expect("usb");
    let e1 = g.json(
        x,
        &["export", "--dir", usb.to_str().expect("utf8"), "--json"],
    );
    g.learn_export(&e1, "1");
    let photo = tmp.path().join("loket.jpg");
    std::fs::write(&photo, b"\xff\xd8\xff\xe0 loket").expect("w");
    g.run(
        x,
        &[
            "answer",
            &id,
            "P.2",
            "3",
            "--evidence",
            photo.to_str().expect("utf8"),
        ],
    );
    let later = tmp.path().join("later");
    std::fs::create_dir_all(&later).expect("later");
    let e2 = g.json(
        x,
        &[
            "export",
            "--dir",
            later.to_str().expect("utf8"),
            "--since",
            e1["bundle_id"].as_str().expect("id"),
            "--no-evidence",
            "--json",
        ],
    );
    g.learn_export(&e2, "2");
    g.run(x, &["export", "--list"]);
    g.run(x, &["--lang", "en", "export", "--list"]);
    g.run(x, &["export", "--list", "--json"]);
    g.run(
        x,
        &["bundle", "inspect", e2["file"].as_str().expect("file")],
    );
    g.run(
        x,
        &[
            "--lang",
            "en",
            "bundle",
            "inspect",
            e1["file"].as_str().expect("file"),
        ],
    );
    g.learn_exports(x, "assessor-");
    insta::assert_snapshot!("assessor_exports", g.take());
    let xkey = g.json(x, &["whoami", "--json"])["public_key"]
        .as_str()
        .expect("key")
        .to_string();
    g.run(
        s,
        &[
            "trust", "add", "--key", &xkey, "--name", "Budi Uji", "--role", "assessor",
        ],
    );
    g.run(s, &["import", e2["file"].as_str().expect("file")]);
    for lang in ["id", "en"] {
        g.run(s, &["--lang", lang, "conflicts"]);
    }
    g.run(s, &["conflicts", "--json"]);
    g.run(s, &["import", e1["file"].as_str().expect("file")]);
    for lang in ["id", "en"] {
        g.run(s, &["--lang", lang, "conflicts"]);
    }
    g.run(s, &["conflicts", "--json"]);
    g.run(s, &["show", &id]);
    g.run(s, &["log", &id]);
    g.run(s, &["--lang", "en", "report"]);
    g.run(s, &["report", "--format", "md"]);
    g.run(s, &["rapor", &id]);
    insta::assert_snapshot!("conflicts", g.take());

    // Resolve, then the supervisor's own bundle (relays Budi Santoso and Sari's decision).
    for lang in ["id", "en"] {
        g.run(
            s,
            &[
                "--lang", lang, "resolve", &id, "P.1", "--pick", "9", "--reason", "x",
            ],
        );
    }
    g.run(
        s,
        &[
            "resolve",
            &id,
            "P.1",
            "--pick",
            "1",
            "--reason",
            "foto SOP jelas",
        ],
    );
    g.run(
        s,
        &[
            "--lang", "en", "resolve", &id, "P.3", "--value", "2", "--reason", "x",
        ],
    );
    g.run(s, &["import", &sup]);
    g.run(s, &["conflicts"]);
    g.run(s, &["--lang", "en", "import", "--log"]);
    g.run(s, &["import", "--log"]);
    g.run(s, &["import", "--log", "--json"]);
    g.learn_exports(x, "assessor-");
    insta::assert_snapshot!("resolve", g.take());

    // Export and sync through a folder.
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).expect("out");
    let out = out.to_str().expect("utf8");
    g.run(s, &["export", "--dir", out, "--no-evidence"]);
    g.run(
        s,
        &["--lang", "en", "export", "--dir", out, "--to", "Sari Dewi"],
    );
    let f4 = tmp.path().join("sup.tilik");
    g.run(s, &["export", "-o", f4.to_str().expect("utf8"), "--json"]);
    g.run(s, &["export", "--list"]);
    g.learn_exports(s, "supervisor-");
    insta::assert_snapshot!("supervisor_exports", g.take());
    let shared = tmp.path().join("shared");
    std::fs::create_dir_all(&shared).expect("mkdir");
    std::fs::copy(&f4, shared.join("sup.tilik")).expect("copy");
    let shared = shared.to_str().expect("utf8");
    g.run(x, &["--lang", "en", "sync", shared]);
    g.run(s, &["sync", shared]);
    g.run(x, &["sync", shared, "--json"]);
    g.learn_exports(x, "assessor-");
    g.learn_exports(s, "supervisor-");
    insta::assert_snapshot!("sync", g.take());

    // A generated roster, trusted and removed again.
    let gen_dir = tmp.path().join("gen");
    let gen_dir = gen_dir.to_str().expect("utf8");
    let small = [
        "--pemda",
        "1",
        "--lokus",
        "2",
        "--assessors",
        "2",
        "--evidence-kb",
        "0",
    ];
    let mut args = vec!["demo", "generate", "--out", gen_dir];
    args.extend(small);
    g.run("gen", &args);
    let mut args = vec![
        "--lang", "en", "demo", "generate", "--out", gen_dir, "--json",
    ];
    args.extend(small);
    g.run("gen", &args);
    let roster = format!("{gen_dir}/roster.toml");
    g.run(s, &["trust", "import", &roster]);
    g.run(s, &["--lang", "en", "trust", "import", &roster]);
    g.run(s, &["trust", "remove", "Budi Uji"]);
    g.run(s, &["--lang", "en", "trust", "remove", "Rina Wulandari"]);
    g.run(s, &["trust", "remove", "Nobody"]);
    g.run(s, &["trust", "list"]);
    insta::assert_snapshot!("trust_roster", g.take());
}

/// Every subcommand's `--help`.
#[test]
fn help_texts() {
    let tmp = tempfile::tempdir().expect("tmp");
    let g = Golden::new(tmp.path());
    let subs: &[&[&str]] = &[
        &[],
        &["paths"],
        &["init"],
        &["whoami"],
        &["instruments"],
        &["instruments", "show"],
        &["instruments", "check"],
        &["classify"],
        &["regions"],
        &["new"],
        &["list"],
        &["answer"],
        &["note"],
        &["flag"],
        &["undo"],
        &["show"],
        &["finalize"],
        &["log"],
        &["debug-write-loop"],
        &["report"],
        &["rapor"],
        &["results"],
        &["results", "import"],
        &["results", "list"],
        &["demo"],
        &["demo", "seed"],
        &["demo", "generate"],
        &["store"],
        &["store", "rebuild"],
        &["export"],
        &["import"],
        &["bundle"],
        &["bundle", "inspect"],
        &["trust"],
        &["trust", "add"],
        &["trust", "import"],
        &["trust", "list"],
        &["trust", "remove"],
        &["conflicts"],
        &["resolve"],
        &["sync"],
    ];
    for s in subs {
        let mut args: Vec<&str> = s.to_vec();
        args.push("--help");
        g.run("h", &args);
    }
    g.run("h", &["--version"]);
    g.run("h", &["help"]);
    g.run("h", &["answer"]);
    g.run("h", &["resolve", "x", "P.1", "--reason", "r"]);
    g.run("h", &["export", "-o", "f", "--dir", "d"]);
    g.run("h", &["import", "--log", "--retry"]);
    g.run("h", &["report", "--format", "pdf"]);
    g.run("h", &["nonsense"]);
    insta::assert_snapshot!("help", g.take());
}
