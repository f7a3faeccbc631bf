//! Respondent entry latency (issue 15): on the TUI's respondents screen, one answer key
//! (`y`, `t`, `d`) → keymap → `update` → the durable effect (`Effect::Respond`:
//! `Workspace` adds the respondent or changes its response, the
//! journal append + fdatasync, sled written behind) → `update` → a full 80×24 frame drawn (ratatui
//! `TestBackend`); a respondent row is its five answer keys and Enter (a new row, no
//! store call), each followed by a frame. The baseline is a plain file append + fsync of
//! the same op bytes, measured in the same run and interleaved so both see the same
//! machine noise. 30 respondents per opini-2024 assessment (the survey's target), then
//! the next assessment. Run: `nice -n 10 cargo bench --bench tui_respondent`
//! (`TILIK_BENCH_N` respondent rows, default here 200; `TILIK_BENCH_DIR` for the store
//! folder, default the working directory).

#[path = "../tests/support/store.rs"]
mod store;
#[path = "support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tilik::i18n::Lang;
use tilik::identity::Role;
use tilik::tui::screens::Screen;
use tilik::tui::theme::Theme;
use tilik::tui::{app_for, dispatch, start};
use tilik::workspace::Workspace;

use support::{Baseline, pct};

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

const PER: usize = 30;

fn main() {
    tilik::alloc::tune();
    let n = std::env::var("TILIK_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200usize);
    let dir = support::folder();
    let dirs = store::dirs(dir.path());
    let ws = Workspace::open(&dirs).expect("open");
    let me = ws.init("Bench", None, None, Role::Assessor).expect("init");
    let ids: Vec<String> = ws
        .regions()
        .all()
        .iter()
        .filter(|r| r.kind != "provinsi")
        .take(n.div_ceil(PER))
        .map(|r| {
            ws.new_assessment(2024, Some("opini-2024"), &r.code, "disdukcapil", None)
                .expect("new")
                .id
        })
        .collect();
    let mut app = app_for(&ws, &dirs, Lang::Id, Theme { color: true });
    start(&mut app, &ws);
    dispatch(&mut app, &ws, tilik::tui::msg::Msg::Resize(80, 24));
    let mut term = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let mut file = Baseline::open(dir.path());
    let draw = |term: &mut Terminal<TestBackend>, app: &tilik::tui::app::App| {
        term.draw(|f| f.render_widget(app, f.area())).expect("draw");
    };
    let press = |app: &mut tilik::tui::app::App, c: KeyCode| {
        let key = KeyEvent::new(c, KeyModifiers::NONE);
        let action = app.keymap.resolve(app.mode(), &key).expect("bound");
        dispatch(app, &ws, action);
    };

    // Per answer key: key → durable → frame, and its baseline; per row: the five keys and
    // Enter, and the five baselines of the same ops.
    let (mut key_t, mut key_b, mut row_t, mut row_b, mut enter_t) = (
        Vec::with_capacity(n * 5),
        Vec::with_capacity(n * 5),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let answers = ['y', 't', 'd', 't', 'y', 't', 't'];
    let mut bytes_total = 0usize;
    let mut rows = 0;
    let mut k = 0usize;
    'outer: for id in &ids {
        // Open the next assessment and its respondents screen (not timed).
        tilik::tui::perform(
            &mut app,
            &ws,
            vec![tilik::tui::effect::Effect::Open {
                id: id.clone(),
                indicator: None,
            }],
        );
        assert!(matches!(app.screen, Screen::Checklist(_)));
        press(&mut app, KeyCode::Char('s'));
        assert!(matches!(app.screen, Screen::Respondents(_)));
        draw(&mut term, &app);
        for _ in 0..PER {
            if rows == n {
                break 'outer;
            }
            let (mut rt, mut rb) = (Duration::ZERO, Duration::ZERO);
            for _q in 0..5 {
                let c = answers[k % answers.len()];
                k += 1;
                let t0 = Instant::now();
                press(&mut app, KeyCode::Char(c));
                draw(&mut term, &app);
                let t = t0.elapsed();
                assert!(
                    app.status
                        .as_ref()
                        .is_some_and(|s| s.text.starts_with("tersimpan ✓")),
                    "not saved: {:?}",
                    app.status
                );
                let head = ws.store().head(&me.device).expect("head").expect("some");
                let bytes = ws
                    .store()
                    .op_bytes(&me.device, head.seq)
                    .expect("bytes")
                    .expect("op");
                bytes_total += bytes.len();
                let b = file.append(&bytes);
                key_t.push(t);
                key_b.push(b);
                rt += t;
                rb += b;
            }
            let t0 = Instant::now();
            press(&mut app, KeyCode::Enter);
            draw(&mut term, &app);
            let t = t0.elapsed();
            enter_t.push(t);
            row_t.push(rt + t);
            row_b.push(rb);
            rows += 1;
        }
    }
    println!(
        "respondent rows: {rows} ({} answer keys) over {} assessments, mean op size {} B",
        key_t.len(),
        ids.len(),
        bytes_total / key_t.len().max(1)
    );
    let line = |name: &str, v: &[Duration]| {
        println!(
            "{name:<50} p50 {:>9.1} µs   p95 {:>9.1} µs",
            us(pct(v, 0.50)),
            us(pct(v, 0.95))
        );
    };
    let ratio = |name: &str, a: &[Duration], b: &[Duration]| {
        println!(
            "{name:<50} p50 {:>9.2}×      p95 {:>9.2}×",
            pct(a, 0.5).as_secs_f64() / pct(b, 0.5).as_secs_f64(),
            pct(a, 0.95).as_secs_f64() / pct(b, 0.95).as_secs_f64()
        );
    };
    line("answer key → durable → frame drawn (tilik)", &key_t);
    line("file append + fsync of the same op bytes", &key_b);
    ratio(
        "ratio per answer key (tilik / append + fsync)",
        &key_t,
        &key_b,
    );
    line("Enter → next row → frame drawn (no store call)", &enter_t);
    line("one row: 5 answer keys + Enter (tilik)", &row_t);
    line("the row's 5 appends + fsync of the same ops", &row_b);
    ratio(
        "ratio per row (tilik / its 5 appends + fsync)",
        &row_t,
        &row_b,
    );
}
