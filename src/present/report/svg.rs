//! The report as an SVG ranking chart.

use std::fmt::Write as _;

use super::{approved_only_line, provisional_line, title, zone_rgb};
use crate::core::report::{PemdaResult, Report};
use crate::i18n::{Lang, num};

use crate::present::safe::xml;

/// SVG ranking chart: one horizontal bar per pemda coloured by zone, with the band
/// thresholds drawn as dashed lines.
#[must_use]
pub fn svg(r: &Report, lang: Lang) -> String {
    let rows: Vec<&PemdaResult> = r.pemda.iter().filter(|p| p.score.is_some()).collect();
    let (left, bar_w, row_h, top) = (230.0, 520.0, 22.0, 70.0);
    #[allow(clippy::cast_precision_loss)]
    let height = top + row_h * rows.len() as f64 + 40.0;
    let width = left + bar_w + 80.0;
    let mut o = String::new();
    let _ = writeln!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(o, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        o,
        r#"<text x="10" y="24" font-size="16" font-weight="bold">{}</text>"#,
        xml(&title(r, lang))
    );
    let lines: Vec<String> = approved_only_line(r, lang)
        .into_iter()
        .chain(provisional_line(r, lang))
        .collect();
    if !lines.is_empty() {
        let p = lines.join(" · ");
        let _ = writeln!(
            o,
            r##"<text x="10" y="44" fill="#b26a00">{}</text>"##,
            xml(&p)
        );
    }
    let x_of = |s: f64| left + bar_w * (s / 100.0);
    for b in &r.bands {
        if b.lower > 0.0 {
            let x = x_of(b.lower);
            let _ = writeln!(
                o,
                r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="#555" stroke-dasharray="4 3"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="#555">{} {}</text>"##,
                top - 8.0,
                height - 30.0,
                top - 12.0,
                xml(&b.category),
                num(b.lower, lang)
            );
        }
    }
    for (n, p) in rows.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let y = top + row_h * n as f64;
        let s = p.score.unwrap_or(0.0);
        let color = p.category.as_ref().map_or_else(
            || "#888".to_string(),
            |c| format!("#{:06x}", zone_rgb(c.zone)),
        );
        let _ = writeln!(
            o,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text><rect x="{left}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{color}"><title>{} {}</title></rect><text x="{:.1}" y="{:.1}">{} {}</text>"#,
            left - 6.0,
            y + 15.0,
            xml(&format!("{}. {}", n + 1, p.name)),
            y + 3.0,
            bar_w * s / 100.0,
            row_h - 6.0,
            xml(&p.name),
            num(s, lang),
            x_of(s) + 4.0,
            y + 15.0,
            num(s, lang),
            xml(p.category.as_ref().map_or("", |c| c.category.as_str()))
        );
    }
    let _ = writeln!(o, "</svg>");
    o
}
