//! Checklist answer latency (issue 3): one key press on the checklist → keymap → `update`
//! → the durable save effect (journal append + fdatasync; sled written behind) →
//! `update` → a full 80×24 frame drawn (ratatui `TestBackend`), against a plain file
//! append + fsync of the same op bytes, measured in the same run and interleaved so both
//! see the same machine noise. Run: `cargo bench --bench tui_answer` (`TILIK_BENCH_N`
//! answers, default 2,000; `TILIK_BENCH_DIR` for the store folder, default the working
//! directory).

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

fn main() {
    tilik::alloc::tune();
    let n = support::answers();
    let dir = support::folder();
    let dirs = store::dirs(dir.path());
    let ws = Workspace::open(&dirs).expect("open");
    let me = ws.init("Bench", None, None, Role::Assessor).expect("init");
    // Enough assessments (38 indicators each) for n answers, one per kabupaten/kota.
    let per = 38;
    let ids: Vec<String> = ws
        .regions()
        .all()
        .iter()
        .filter(|r| r.kind != "provinsi")
        .take(n.div_ceil(per))
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

    let keys = ['3', '2', '3', '1'];
    let (mut total, mut save, mut draw, mut base) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let mut bytes_total = 0usize;
    let mut k = 0;
    'outer: for id in &ids {
        // Open the next assessment (not timed).
        tilik::tui::perform(
            &mut app,
            &ws,
            vec![tilik::tui::effect::Effect::Open {
                id: id.clone(),
                indicator: None,
            }],
        );
        assert!(matches!(app.screen, Screen::Checklist(_)));
        term.draw(|f| f.render_widget(&app, f.area()))
            .expect("draw");
        for _ in 0..per {
            if k == n {
                break 'outer;
            }
            let key = KeyEvent::new(KeyCode::Char(keys[k % keys.len()]), KeyModifiers::NONE);
            let t0 = Instant::now();
            let action = app.keymap.resolve(app.mode(), &key).expect("bound");
            dispatch(&mut app, &ws, action);
            let t1 = Instant::now();
            term.draw(|f| f.render_widget(&app, f.area()))
                .expect("draw");
            let t2 = Instant::now();
            assert!(
                app.status
                    .as_ref()
                    .is_some_and(|s| s.text.starts_with("tersimpan ✓")),
                "not saved: {:?}",
                app.status
            );
            total.push(t2 - t0);
            save.push(t1 - t0);
            draw.push(t2 - t1);
            // The same bytes: the op just written, appended to a plain file with fsync.
            let head = ws.store().head(&me.device).expect("head").expect("some");
            let bytes = ws
                .store()
                .op_bytes(&me.device, head.seq)
                .expect("bytes")
                .expect("op");
            bytes_total += bytes.len();
            base.push(file.append(&bytes));
            k += 1;
        }
    }
    // The frame alone, for the record: render the last state into a bare buffer.
    let area = ratatui::layout::Rect::new(0, 0, 80, 24);
    let mut render = Vec::with_capacity(500);
    for _ in 0..500 {
        let mut buf = ratatui::buffer::Buffer::empty(area);
        let t = Instant::now();
        ratatui::widgets::Widget::render(&app, area, &mut buf);
        render.push(t.elapsed());
    }
    // And the same frame drawn again through the TestBackend (warm caches).
    let mut again = Vec::with_capacity(500);
    for _ in 0..500 {
        let t = Instant::now();
        term.draw(|f| f.render_widget(&app, f.area()))
            .expect("draw");
        again.push(t.elapsed());
    }
    let n = total.len();
    println!(
        "answers: {n} over {} assessments, mean op size {} B",
        ids.len(),
        bytes_total / n.max(1)
    );
    let row = |name: &str, v: &[Duration]| {
        println!(
            "{name:<44} p50 {:>9.1} µs   p99 {:>9.1} µs",
            us(pct(v, 0.50)),
            us(pct(v, 0.99))
        );
    };
    row("key → durable save → frame drawn (tilik)", &total);
    row("  of which key → durable save → state", &save);
    row("  of which frame drawn (80×24 TestBackend)", &draw);
    row("  render alone into a buffer (no terminal)", &render);
    row("  same frame again, warm (TestBackend)", &again);
    row("file append + fsync of the same bytes", &base);
    println!(
        "{:<44} p50 {:>9.2}×      p99 {:>9.2}×",
        "ratio (tilik / file append + fsync)",
        pct(&total, 0.5).as_secs_f64() / pct(&base, 0.5).as_secs_f64(),
        pct(&total, 0.99).as_secs_f64() / pct(&base, 0.99).as_secs_f64()
    );
}
