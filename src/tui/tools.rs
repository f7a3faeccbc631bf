//! Home-screen tools beside the checklist: export a bundle (with the options of
//! `tilik export` and a progress gauge), sync through a folder (`tilik sync`), and the report
//! screen (ranking → pemda → lokus → indicators, with bar charts; the same figures as
//! `tilik report`). State, update and rendering of these screens live here; `update.rs`,
//! `effect.rs` and `ui.rs` only route to them.

use std::path::PathBuf;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Gauge, Paragraph, Widget, Wrap};
use tui_input::Input;

use crate::core::instrument::Zone;
use crate::core::report::{Options, Report};
use crate::i18n::{Lang, inert, num, num_opt};
use crate::workspace::Workspace;
use crate::workspace::bundles::{
    ExportOptions, Exported, ImportOutcome, SyncReport, Target, Verdict,
};

use super::action::Action;
use super::app::{App, Screen, StatusKind};
use super::effect::Effect;
use super::ui::Frame;

/// A long job's progress, shown as a gauge over the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub label: String,
    pub done: u64,
    pub total: u64,
}

/// Work for the workspace from these screens.
#[derive(Debug, Clone, PartialEq)]
pub enum ToolEffect {
    Export {
        dir: PathBuf,
        to: Vec<String>,
        since: Option<String>,
        no_evidence: bool,
    },
    Sync {
        dir: PathBuf,
        to: Vec<String>,
    },
    Report,
}

/// What came back.
#[derive(Debug, Clone)]
pub enum ToolOutcome {
    Exported(Box<Exported>),
    Synced(Box<SyncReport>),
    Report(Box<Report>),
    Failed(String),
}

/// The export or sync form.
#[derive(Debug)]
pub struct BundleForm {
    pub sync: bool,
    /// Folder, recipients, since (export only).
    pub fields: [Input; 3],
    pub no_evidence: bool,
    pub focus: usize,
}

impl BundleForm {
    fn field_count(&self) -> usize {
        if self.sync { 2 } else { 4 }
    }
}

/// One level of the report screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Ranking,
    Pemda(usize),
    Lokus(usize, usize),
}

#[derive(Debug)]
pub struct ReportView {
    pub report: Report,
    pub level: Level,
    pub selected: usize,
    /// Selection to return to on the level above.
    pub back: Vec<usize>,
}

/// A result to read (export receipt, sync verdicts).
#[derive(Debug)]
pub struct ResultView {
    pub title: String,
    pub lines: Vec<(StatusKind, String)>,
    pub scroll: u16,
}

#[derive(Debug)]
pub enum Tool {
    Form(BundleForm),
    Result(ResultView),
    Report(ReportView),
}

fn default_dir(app: &App) -> String {
    app.tools_dir.clone()
}

/// Open a tool from the home screen.
pub fn open(app: &mut App, action: &Action) -> Vec<Effect> {
    match action {
        Action::Export | Action::Sync => {
            let mut fields: [Input; 3] = Default::default();
            fields[0] = Input::new(default_dir(app));
            app.screen = Screen::Tool(Box::new(Tool::Form(BundleForm {
                sync: matches!(action, Action::Sync),
                fields,
                no_evidence: false,
                focus: 0,
            })));
            Vec::new()
        }
        Action::Report => vec![Effect::Tool(ToolEffect::Report)],
        _ => Vec::new(),
    }
}

fn split_list(s: &str) -> Vec<String> {
    s.split([',', ' '])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// Keys on a tool screen.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let lang = app.lang;
    let Screen::Tool(tool) = &mut app.screen else {
        return Vec::new();
    };
    match tool.as_mut() {
        Tool::Form(f) => match action {
            Action::Cancel | Action::Back => app.screen = Screen::Home,
            Action::NextField => f.focus = (f.focus + 1) % f.field_count(),
            Action::PrevField => f.focus = (f.focus + f.field_count() - 1) % f.field_count(),
            Action::Text(k) => {
                if f.focus == 3 {
                    if k.code == ratatui::crossterm::event::KeyCode::Char(' ') {
                        f.no_evidence = !f.no_evidence;
                    }
                } else {
                    let ev = ratatui::crossterm::event::Event::Key(k);
                    tui_input::backend::crossterm::EventHandler::handle_event(
                        &mut f.fields[f.focus],
                        &ev,
                    );
                }
            }
            Action::Submit => {
                let dir = f.fields[0].value().trim().to_string();
                if dir.is_empty() {
                    app.say(
                        StatusKind::Error,
                        lang.t(
                            "Isi folder tujuan dulu.",
                            "Enter the destination folder first.",
                        ),
                    );
                    return Vec::new();
                }
                let dir_path = crate::fsio::expand_tilde(dir.trim());
                let to = split_list(f.fields[1].value());
                let since = Some(f.fields[2].value().trim().to_string()).filter(|s| !s.is_empty());
                let e = if f.sync {
                    ToolEffect::Sync { dir: dir_path, to }
                } else {
                    ToolEffect::Export {
                        dir: dir_path,
                        to,
                        since,
                        no_evidence: f.no_evidence,
                    }
                };
                app.tools_dir = dir;
                return vec![Effect::Tool(e)];
            }
            _ => {}
        },
        Tool::Result(r) => match action {
            Action::Back | Action::Open | Action::Cancel => {
                app.screen = Screen::Home;
                return vec![Effect::LoadHome];
            }
            Action::Down => r.scroll = r.scroll.saturating_add(1),
            Action::Up => r.scroll = r.scroll.saturating_sub(1),
            _ => {}
        },
        Tool::Report(v) => {
            let n = rows(v);
            match action {
                Action::Up => v.selected = v.selected.saturating_sub(1),
                Action::Down => v.selected = (v.selected + 1).min(n.saturating_sub(1)),
                Action::Top => v.selected = 0,
                Action::Bottom => v.selected = n.saturating_sub(1),
                Action::Open => {
                    let next = match v.level {
                        Level::Ranking if n > 0 => Some(Level::Pemda(v.selected)),
                        Level::Pemda(p) if n > 0 => Some(Level::Lokus(p, v.selected)),
                        _ => None,
                    };
                    if let Some(l) = next {
                        v.back.push(v.selected);
                        v.level = l;
                        v.selected = 0;
                    }
                }
                Action::Back | Action::Cancel => {
                    v.level = match v.level {
                        Level::Ranking => {
                            app.screen = Screen::Home;
                            return Vec::new();
                        }
                        Level::Pemda(_) => Level::Ranking,
                        Level::Lokus(p, _) => Level::Pemda(p),
                    };
                    v.selected = v.back.pop().unwrap_or(0);
                }
                _ => {}
            }
        }
    }
    Vec::new()
}

/// Rows at the current level.
#[must_use]
pub fn rows(v: &ReportView) -> usize {
    let r = &v.report;
    match v.level {
        Level::Ranking => r.pemda.len(),
        Level::Pemda(p) => r.pemda.get(p).map_or(0, |x| x.lokus.len()),
        Level::Lokus(p, l) => r
            .pemda
            .get(p)
            .and_then(|x| x.lokus.get(l))
            .map_or(0, |x| x.indicators.len()),
    }
}

/// Label of a long-running tool effect (for the gauge).
#[must_use]
pub fn progress_label(lang: Lang, e: &ToolEffect) -> String {
    match e {
        ToolEffect::Export { .. } => lang.t("Mengekspor bundel…", "Exporting the bundle…").into(),
        ToolEffect::Sync { .. } => lang
            .t("Sinkron: ekspor lalu impor…", "Sync: export, then import…")
            .into(),
        ToolEffect::Report => lang
            .t("Menghitung laporan…", "Computing the report…")
            .into(),
    }
}

/// Run a tool effect; `progress(done, total)` is called as work advances.
pub fn run(
    ws: &Workspace,
    lang: Lang,
    e: ToolEffect,
    progress: &mut dyn FnMut(u64, u64),
) -> ToolOutcome {
    let r = match e {
        ToolEffect::Export {
            dir,
            to,
            since,
            no_evidence,
        } => std::fs::create_dir_all(&dir)
            .map_err(|source| crate::error::Error::Io {
                context: format!("{}", dir.display()),
                source,
            })
            .and_then(|()| {
                ws.export(
                    &ExportOptions {
                        target: Target::Dir(dir),
                        to,
                        since,
                        no_evidence,
                    },
                    progress,
                )
            })
            .map(|x| ToolOutcome::Exported(Box::new(x))),
        ToolEffect::Sync { dir, to } => ws
            .sync_folder(&dir, &to, progress)
            .map(|x| ToolOutcome::Synced(Box::new(x))),
        ToolEffect::Report => {
            let round = ws.list().ok().and_then(|l| l.iter().map(|s| s.round).max());
            ws.report(&Options {
                round,
                target: None,
                compare: None,
                weakest: 5,
            })
            .map(|x| ToolOutcome::Report(Box::new(x)))
        }
    };
    r.unwrap_or_else(|e| ToolOutcome::Failed(crate::present::errors::user_message(&e, lang)))
}

fn verdict_kind(v: Verdict) -> StatusKind {
    match v {
        Verdict::Accepted | Verdict::NoNewData => StatusKind::Saved,
        Verdict::AcceptedWithWarnings | Verdict::Quarantined => StatusKind::Warn,
        Verdict::Rejected => StatusKind::Error,
    }
}

fn export_lines(lang: Lang, x: &Exported) -> Vec<(StatusKind, String)> {
    let kinds = [
        StatusKind::Saved,
        StatusKind::Info,
        StatusKind::Info,
        StatusKind::Info,
    ];
    kinds
        .into_iter()
        .zip(crate::present::export::screen_lines(x, lang))
        .collect()
}

fn import_line(lang: Lang, o: &ImportOutcome) -> (StatusKind, String) {
    (
        verdict_kind(o.verdict),
        crate::present::import::screen_line(o, lang),
    )
}

/// Read a tool outcome into the state.
pub fn outcome(app: &mut App, o: ToolOutcome) -> Vec<Effect> {
    let lang = app.lang;
    app.progress = None;
    match o {
        ToolOutcome::Failed(msg) => {
            app.say(StatusKind::Error, msg);
            Vec::new()
        }
        ToolOutcome::Exported(x) => {
            app.say(
                StatusKind::Saved,
                format!("{} {}", lang.t("Diekspor, kode", "Exported, code"), x.code),
            );
            app.screen = Screen::Tool(Box::new(Tool::Result(ResultView {
                title: lang.t("Ekspor selesai", "Export done").into(),
                lines: export_lines(lang, &x),
                scroll: 0,
            })));
            vec![Effect::LoadHome]
        }
        ToolOutcome::Synced(r) => {
            let mut lines = export_lines(lang, &r.exported);
            if r.imports.is_empty() {
                lines.push((
                    StatusKind::Info,
                    lang.t(
                        "Tidak ada bundel lain di folder itu.",
                        "No other bundles in that folder.",
                    )
                    .into(),
                ));
            }
            lines.extend(r.imports.iter().map(|o| import_line(lang, o)));
            let bad = r.imports.iter().filter(|o| !o.verdict.ok()).count();
            app.say(
                if bad > 0 {
                    StatusKind::Warn
                } else {
                    StatusKind::Saved
                },
                format!(
                    "{} {} {}",
                    lang.t("Sinkron selesai:", "Sync done:"),
                    r.imports.len(),
                    lang.t("berkas diimpor", "files imported")
                ),
            );
            app.screen = Screen::Tool(Box::new(Tool::Result(ResultView {
                title: lang.t("Sinkron folder", "Folder sync").into(),
                lines,
                scroll: 0,
            })));
            vec![Effect::LoadHome]
        }
        ToolOutcome::Report(r) => {
            app.screen = Screen::Tool(Box::new(Tool::Report(ReportView {
                report: *r,
                level: Level::Ranking,
                selected: 0,
                back: Vec::new(),
            })));
            Vec::new()
        }
    }
}

// ---- rendering ----------------------------------------------------------------------------

fn zone_style(app: &App, z: Option<Zone>) -> Style {
    match z {
        Some(z) => app.theme.zone(z),
        None => Style::default(),
    }
}

fn zone_color(z: Zone) -> ratatui::style::Color {
    use ratatui::style::Color;
    match z {
        Zone::Hijau => Color::Green,
        Zone::Kuning => Color::Yellow,
        Zone::Merah => Color::Red,
        Zone::Hitam => Color::DarkGray,
    }
}

fn kind_style(app: &App, k: StatusKind) -> Style {
    if !app.theme.color {
        return match k {
            StatusKind::Error => Style::default().add_modifier(Modifier::BOLD),
            _ => Style::default(),
        };
    }
    use ratatui::style::Color;
    match k {
        StatusKind::Saved => Style::default().fg(Color::Green),
        StatusKind::Warn => Style::default().fg(Color::Yellow),
        StatusKind::Error => Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
        StatusKind::Info => Style::default(),
    }
}

fn cut(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n <= w {
        format!("{s}{}", " ".repeat(w - n))
    } else {
        let mut t: String = s.chars().take(w.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Render a tool screen.
pub fn render(app: &App, tool: &Tool, f: &Frame, buf: &mut Buffer) {
    let lang = app.lang;
    match tool {
        Tool::Form(form) => {
            let title = if form.sync {
                lang.t(" Sinkron lewat folder ", " Sync through a folder ")
            } else {
                lang.t(" Ekspor bundel ", " Export a bundle ")
            };
            super::ui::header_text(app, f.head, buf, title.trim());
            let block = Block::default().borders(Borders::ALL).title(title);
            let inner = block.inner(f.body);
            block.render(f.body, buf);
            let labels = [
                lang.t("Folder tujuan", "Destination folder"),
                lang.t(
                    "Enkripsi untuk (age1… atau nama supervisor; kosong = tanpa enkripsi)",
                    "Encrypt to (age1… or supervisor name; empty = not encrypted)",
                ),
                lang.t(
                    "Sejak bundel (id/kode; kosong = kumulatif)",
                    "Since bundle (id/code; empty = cumulative)",
                ),
                lang.t(
                    "Tanpa bukti (Spasi untuk ganti)",
                    "Without evidence (Space toggles)",
                ),
            ];
            let mut lines: Vec<Line> = Vec::new();
            for (i, label) in labels.iter().enumerate().take(form.field_count()) {
                let focus = i == form.focus;
                let mark = if focus { "▶ " } else { "  " };
                lines.push(Line::from(Span::styled(
                    format!("{mark}{label}"),
                    if focus {
                        Style::default().add_modifier(Modifier::BOLD)
                    } else {
                        Style::default()
                    },
                )));
                let value = if i == 3 {
                    if form.no_evidence {
                        "[x]".to_string()
                    } else {
                        "[ ]".to_string()
                    }
                } else {
                    inert(form.fields[i].value(), false)
                };
                lines.push(Line::from(format!(
                    "    {value}{}",
                    if focus && i != 3 { "▏" } else { "" }
                )));
            }
            lines.push(Line::from(""));
            let note = if form.sync {
                lang.t(
                    "Bundel kumulatif perangkat ini ditulis ke folder itu, lalu setiap bundel lain di sana diimpor. Tidak ada berkas yang dihapus.",
                    "This device's cumulative bundle is written into that folder, then every other bundle there is imported. Nothing is deleted.",
                )
            } else {
                lang.t(
                    "Bundel bertanda tangan ditulis ke nama sementara, di-fsync, lalu diganti nama. Data di perangkat tidak dihapus.",
                    "The signed bundle is written under a temporary name, fsynced, then renamed. Nothing on this device is deleted.",
                )
            };
            lines.push(Line::from(note));
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .render(inner, buf);
        }
        Tool::Result(r) => {
            super::ui::header_text(app, f.head, buf, &r.title);
            let block = Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} ", r.title));
            let inner = block.inner(f.body);
            block.render(f.body, buf);
            let lines: Vec<Line> = r
                .lines
                .iter()
                .map(|(k, t)| Line::from(Span::styled(t.clone(), kind_style(app, *k))))
                .collect();
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((r.scroll, 0))
                .render(inner, buf);
        }
        Tool::Report(v) => render_report(app, v, f, buf),
    }
}

fn render_report(app: &App, v: &ReportView, f: &Frame, buf: &mut Buffer) {
    let lang = app.lang;
    let r = &v.report;
    let round = r.round.map_or_else(String::new, |y| format!(" {y}"));
    let prov = if r.provisional {
        lang.t(" · SEMENTARA", " · PROVISIONAL")
    } else {
        ""
    };
    super::ui::header_text(
        app,
        f.head,
        buf,
        &format!("{}{round}{prov}", lang.t("Laporan", "Report")),
    );
    let [top, bottom] = Layout::vertical([Constraint::Fill(3), Constraint::Fill(2)]).areas(f.body);
    match v.level {
        Level::Ranking => {
            let block = Block::default()
                .borders(Borders::ALL)
                .title(lang.t(" Peringkat pemda ", " Pemda ranking "));
            let inner = block.inner(top);
            block.render(top, buf);
            let h = inner.height.saturating_sub(1) as usize;
            let off = super::ui::scroll_offset(v.selected, h, r.pemda.len());
            let mut lines = vec![Line::from(Span::styled(
                format!(
                    " {} {} {} {} {} {} {}",
                    cut("#", 3),
                    cut("Pemda", 26),
                    cut(lang.t("Nilai", "Score"), 6),
                    cut(lang.t("Kat", "Cat"), 3),
                    cut(lang.t("Prov", "Prov"), 5),
                    cut(lang.t("Lokus", "Lokus"), 5),
                    lang.t("Konf", "Conf"),
                ),
                Style::default().add_modifier(Modifier::BOLD),
            ))];
            if r.pemda.is_empty() {
                lines.push(Line::from(lang.t(
                    " Belum ada penilaian untuk dilaporkan.",
                    " No assessments to report yet.",
                )));
            }
            for (i, p) in r.pemda.iter().enumerate().skip(off).take(h) {
                let z = p.category.as_ref().map(|c| c.zone);
                let sel = i == v.selected;
                let marker = if sel { "▶" } else { " " };
                let text = format!(
                    "{marker}{} {} {} {} {} {} {}{}",
                    cut(&(i + 1).to_string(), 3),
                    cut(&inert(&p.name, false), 26),
                    cut(&num_opt(p.score, lang), 6),
                    cut(p.category.as_ref().map_or("—", |c| c.category.as_str()), 3),
                    cut(
                        &p.rank_province
                            .map_or("—".into(), |x| format!("{x}/{}", p.of_province)),
                        5
                    ),
                    cut(&format!("{}/{}", p.lokus_finalized, p.lokus_assessed), 5),
                    p.conflicts,
                    if p.provisional {
                        lang.t(" sementara", " provisional")
                    } else {
                        ""
                    }
                );
                let mut st = zone_style(app, z);
                if sel {
                    st = st.add_modifier(Modifier::REVERSED);
                }
                lines.push(Line::from(Span::styled(text, st)));
            }
            Paragraph::new(lines).render(inner, buf);
            let bars: Vec<Bar> = r
                .pemda
                .iter()
                .filter_map(|p| {
                    let s = p.score?;
                    let z = p.category.as_ref().map(|c| c.zone);
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let mut b = Bar::default()
                        .value((s * 100.0).round() as u64)
                        .text_value(num(s, lang))
                        .label(Line::from(cut(&inert(&p.name, false), 18)));
                    if app.theme.color
                        && let Some(z) = z
                    {
                        b = b.style(Style::default().fg(zone_color(z)));
                    }
                    Some(b)
                })
                .collect();
            bar_chart(
                bars,
                lang.t(" Nilai (bar) ", " Scores (bars) "),
                bottom,
                buf,
            );
        }
        Level::Pemda(p) => {
            let Some(pd) = r.pemda.get(p) else { return };
            let block = Block::default().borders(Borders::ALL).title(format!(
                " {} · {} {} ",
                inert(&pd.name, false),
                num_opt(pd.score, lang),
                pd.category.as_ref().map_or("—", |c| c.category.as_str())
            ));
            let inner = block.inner(top);
            block.render(top, buf);
            let h = inner.height as usize;
            let off = super::ui::scroll_offset(v.selected, h, pd.lokus.len());
            let lines: Vec<Line> = pd
                .lokus
                .iter()
                .enumerate()
                .skip(off)
                .take(h)
                .map(|(i, l)| {
                    let sel = i == v.selected;
                    let dims: Vec<String> = l
                        .dimensions
                        .iter()
                        .map(|d| {
                            format!(
                                "{} {}",
                                d.name.chars().take(3).collect::<String>(),
                                num_opt(d.score, lang)
                            )
                        })
                        .collect();
                    let text = format!(
                        "{}{} {} {} {}{}",
                        if sel { "▶" } else { " " },
                        cut(&inert(&l.lokus, false), 22),
                        cut(&num_opt(l.score, lang), 6),
                        cut(l.category.as_ref().map_or("—", |c| c.category.as_str()), 2),
                        dims.join(" "),
                        if l.finalized {
                            ""
                        } else {
                            lang.t(" (draf)", " (draft)")
                        }
                    );
                    let mut st = zone_style(app, l.category.as_ref().map(|c| c.zone));
                    if sel {
                        st = st.add_modifier(Modifier::REVERSED);
                    }
                    Line::from(Span::styled(text, st))
                })
                .collect();
            Paragraph::new(lines).render(inner, buf);
            if let Some(l) = pd.lokus.get(v.selected) {
                let bars: Vec<Bar> = l
                    .dimensions
                    .iter()
                    .map(|d| {
                        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                        Bar::default()
                            .value((d.score.unwrap_or(0.0) * 100.0).round() as u64)
                            .text_value(num_opt(d.score, lang))
                            .label(Line::from(cut(&d.name, 18)))
                    })
                    .collect();
                bar_chart(
                    bars,
                    &format!(
                        " {} · {} ",
                        lang.t("Dimensi", "Dimensions"),
                        inert(&l.lokus, false)
                    ),
                    bottom,
                    buf,
                );
            }
        }
        Level::Lokus(p, li) => {
            let Some(l) = r.pemda.get(p).and_then(|x| x.lokus.get(li)) else {
                return;
            };
            let block = Block::default().borders(Borders::ALL).title(format!(
                " {} · {} {} ",
                inert(&l.lokus, false),
                num_opt(l.score, lang),
                l.category.as_ref().map_or("—", |c| c.category.as_str())
            ));
            let inner = block.inner(top);
            block.render(top, buf);
            let h = inner.height as usize;
            let off = super::ui::scroll_offset(v.selected, h, l.indicators.len());
            let lines: Vec<Line> = l
                .indicators
                .iter()
                .enumerate()
                .skip(off)
                .take(h)
                .map(|(i, ind)| {
                    let sel = i == v.selected;
                    let text = format!(
                        "{}{} {} {:>5}/{} {}{}",
                        if sel { "▶" } else { " " },
                        cut(&ind.indicator, 6),
                        cut(&inert(&ind.text, false), 30),
                        ind.answer,
                        ind.max,
                        if ind.gain_lokus > 0.0 {
                            format!("+{}", num(ind.gain_lokus, lang))
                        } else {
                            String::new()
                        },
                        if ind.notes.is_empty() { "" } else { " ✎" }
                    );
                    let st = if sel {
                        Style::default().add_modifier(Modifier::REVERSED)
                    } else {
                        Style::default()
                    };
                    Line::from(Span::styled(text, st))
                })
                .collect();
            Paragraph::new(lines).render(inner, buf);
            let block = Block::default()
                .borders(Borders::ALL)
                .title(lang.t(" Catatan penilai ", " Assessors' notes "));
            let inner = block.inner(bottom);
            block.render(bottom, buf);
            let notes: Vec<Line> = l
                .indicators
                .get(v.selected)
                .map(|ind| {
                    let mut v = vec![Line::from(format!(
                        "{} {} — {} {}/{} · {} +{}",
                        ind.indicator,
                        inert(&ind.text, false),
                        lang.t("jawaban", "answer"),
                        ind.answer,
                        ind.max,
                        lang.t("bila penuh", "if full marks"),
                        num(ind.gain_lokus, lang)
                    ))];
                    v.extend(ind.notes.iter().map(|n| {
                        Line::from(format!(
                            "\"{}\" — {}",
                            inert(&n.text, false),
                            inert(&n.author, false)
                        ))
                    }));
                    v
                })
                .unwrap_or_default();
            Paragraph::new(notes)
                .wrap(Wrap { trim: false })
                .render(inner, buf);
        }
    }
}

fn bar_chart(bars: Vec<Bar>, title: &str, area: Rect, buf: &mut Buffer) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title.to_string());
    let n = u16::try_from(bars.len()).unwrap_or(u16::MAX).max(1);
    let inner_h = area.height.saturating_sub(2);
    let gap = if n * 2 <= inner_h { 1 } else { 0 };
    BarChart::default()
        .block(block)
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(gap)
        .max(10_000)
        .data(BarGroup::default().bars(&bars))
        .render(area, buf);
}

/// The progress gauge over the screen while a long job runs.
pub fn render_progress(app: &App, p: &Progress, area: Rect, buf: &mut Buffer) {
    let w = area.width.saturating_sub(10).clamp(20, 60);
    let r = super::ui::centered(area, w, 3);
    ratatui::widgets::Clear.render(r, buf);
    #[allow(clippy::cast_precision_loss)]
    let ratio = if p.total == 0 {
        0.0
    } else {
        (p.done as f64 / p.total as f64).clamp(0.0, 1.0)
    };
    let mut g = Gauge::default()
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} ", p.label)),
        )
        .ratio(ratio)
        .label(format!("{}/{}", p.done, p.total));
    if app.theme.color {
        g = g.gauge_style(Style::default().fg(ratatui::style::Color::Cyan));
    }
    g.render(r, buf);
}
