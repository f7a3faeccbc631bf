//! Reading an xlsx workbook back in the tests, in Rust (no Python needed): cell values,
//! number formats, bold and fills through `calamine` (an independent spreadsheet reader),
//! and the sheet layout calamine does not expose (dimension, frozen pane, column widths)
//! from the worksheet's XML.
//!
//! `dump` prints the text the golden test compares, in the layout the earlier
//! Python-based reader printed (Python reprs), so the committed snapshot did not change.
//!
//! Included with `#[path = "support/xlsx.rs"] mod xlsx;`.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};

/// A sheet's non-empty cells by (row, col), both from 0.
pub type Cells = BTreeMap<(u32, u32), Data>;

/// A workbook's sheets, in workbook order, each as (name, cells).
pub fn values(path: &Path) -> Vec<(String, Cells)> {
    let mut wb: Xlsx<_> = open_workbook(path).expect("calamine opens the workbook");
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).expect("sheet");
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let mut cells = BTreeMap::new();
            for (r, c, v) in range.used_cells() {
                cells.insert((r0 + r as u32, c0 + c as u32), v.clone());
            }
            (name, cells)
        })
        .collect()
}

/// Column letters of a 0-based column.
pub fn col_name(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ascii")
}

/// Python's `repr` of a float.
fn py_float(x: f64) -> String {
    if x.is_finite() && x == x.trunc() && x.abs() < 1e16 {
        return format!("{x:.1}");
    }
    let a = x.abs();
    if a != 0.0 && !(1e-4..1e16).contains(&a) {
        // Python: shortest digits, exponent with sign and at least two digits.
        let s = format!("{x:e}");
        let (m, e) = s.split_once('e').expect("exponent");
        let e: i32 = e.parse().expect("exponent digits");
        return format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    }
    format!("{x}")
}

/// Python's `repr` of a str.
fn py_str(s: &str) -> String {
    let q = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::new();
    out.push(q);
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

/// A cell value as that earlier reader gave it back, in Python's `repr` (integral numbers
/// written without a fraction come back as ints).
fn py_value(v: &Data) -> Option<String> {
    Some(match v {
        Data::Empty => return None,
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.is_finite() && *f == f.trunc() && f.abs() < 1e15 => {
            format!("{}", *f as i64)
        }
        Data::Float(f) => py_float(*f),
        Data::String(s) => py_str(s),
        Data::Bool(b) => if *b { "True" } else { "False" }.into(),
        other => format!("{other:?}"),
    })
}

/// What the worksheet XML says that calamine does not: dimension, frozen pane's top-left
/// cell, and custom column widths (column letters → width).
struct Layout {
    dimension: String,
    freeze: Option<String>,
    widths: Vec<(String, f64)>,
}

fn attr(e: &quick_xml::events::BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| a.value.to_string())
}

fn zip_text(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> String {
    let mut f = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the xlsx"));
    let mut s = String::new();
    f.read_to_string(&mut s).expect("utf8 xml");
    s
}

/// Each sheet's XML part, by sheet name (workbook.xml → its relationships).
fn sheet_parts(zip: &mut zip::ZipArchive<std::fs::File>) -> BTreeMap<String, String> {
    let mut rels = BTreeMap::new();
    let text = zip_text(zip, "xl/_rels/workbook.xml.rels");
    let mut rd = quick_xml::Reader::from_str(&text);
    loop {
        match rd.read_event().expect("rels xml") {
            quick_xml::events::Event::Empty(e) | quick_xml::events::Event::Start(e)
                if e.name().as_ref() == "Relationship" =>
            {
                if let (Some(id), Some(t)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    let t = t.trim_start_matches('/').to_string();
                    let t = if t.starts_with("xl/") {
                        t
                    } else {
                        format!("xl/{t}")
                    };
                    rels.insert(id, t);
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    let text = zip_text(zip, "xl/workbook.xml");
    let mut rd = quick_xml::Reader::from_str(&text);
    let mut out = BTreeMap::new();
    loop {
        match rd.read_event().expect("workbook xml") {
            quick_xml::events::Event::Empty(e) | quick_xml::events::Event::Start(e)
                if e.name().as_ref() == "sheet" =>
            {
                if let (Some(name), Some(id)) = (attr(&e, "name"), attr(&e, "r:id")) {
                    out.insert(name, rels.get(&id).cloned().expect("sheet relationship"));
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn layout(zip: &mut zip::ZipArchive<std::fs::File>, part: &str) -> Layout {
    let text = zip_text(zip, part);
    let mut rd = quick_xml::Reader::from_str(&text);
    let mut l = Layout {
        dimension: String::new(),
        freeze: None,
        widths: Vec::new(),
    };
    loop {
        match rd.read_event().expect("sheet xml") {
            quick_xml::events::Event::Empty(e) | quick_xml::events::Event::Start(e) => {
                match e.name().as_ref() {
                    "dimension" => l.dimension = attr(&e, "ref").unwrap_or_default(),
                    "pane" if attr(&e, "state").as_deref() == Some("frozen") => {
                        l.freeze = attr(&e, "topLeftCell");
                    }
                    "col" => {
                        let min: u32 = attr(&e, "min").and_then(|s| s.parse().ok()).unwrap_or(1);
                        if let Some(w) = attr(&e, "width").and_then(|s| s.parse::<f64>().ok()) {
                            // A group of columns is keyed by its first letter.
                            l.widths.push((col_name(min - 1), w));
                        }
                    }
                    "sheetData" => break,
                    _ => {}
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    l
}

/// Every cell of an xlsx workbook as text: per sheet its dimension and frozen pane,
/// merged ranges, column widths, then each non-empty cell with its value, number format,
/// bold and fill colour.
pub fn dump(path: &Path) -> String {
    let mut wb: Xlsx<_> = open_workbook(path).expect("calamine opens the workbook");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("xlsx")).expect("zip");
    let parts = sheet_parts(&mut zip);
    let mut out = String::new();
    for name in wb.sheet_names() {
        let l = layout(&mut zip, parts.get(&name).expect("sheet part"));
        let _ = writeln!(
            out,
            "## sheet {name} {} freeze {}",
            l.dimension,
            l.freeze.as_deref().unwrap_or("None")
        );
        let mut merged: Vec<String> = wb
            .merge_cells_by_sheet_name(&name)
            .expect("merged cells")
            .iter()
            .map(|d| {
                format!(
                    "{}{}:{}{}",
                    col_name(d.start.1),
                    d.start.0 + 1,
                    col_name(d.end.1),
                    d.end.0 + 1
                )
            })
            .collect();
        merged.sort();
        let merged: Vec<String> = merged.iter().map(|m| py_str(m)).collect();
        let _ = writeln!(out, "merged [{}]", merged.join(", "));
        let mut widths = l.widths.clone();
        widths.sort_by(|a, b| a.0.cmp(&b.0));
        let widths: Vec<String> = widths
            .iter()
            .map(|(c, w)| format!("({}, {})", py_str(c), py_float((w * 100.0).round() / 100.0)))
            .collect();
        let _ = writeln!(out, "widths [{}]", widths.join(", "));
        let range = wb.worksheet_range(&name).expect("sheet");
        let styles = wb.worksheet_style(&name).expect("styles");
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            let Some(value) = py_value(v) else { continue };
            let pos = (r0 + r as u32, c0 + c as u32);
            let style = styles.get(pos);
            let fmt = style
                .and_then(|s| s.number_format.as_ref())
                .map_or("General".to_string(), |n| n.format_code.clone());
            let bold = style
                .and_then(|s| s.font.as_ref())
                .is_some_and(calamine::Font::is_bold);
            let fill = style
                .and_then(|s| s.fill.as_ref())
                .filter(|f| f.is_visible())
                .and_then(|f| f.foreground_color)
                .map_or(String::new(), |c| format!("{:08X}", c.to_argb()));
            let _ = writeln!(
                out,
                "{}{} {value} {fmt} {} {fill}",
                col_name(pos.1),
                pos.0 + 1,
                if bold { "bold" } else { "" }
            );
        }
    }
    out
}

#[test]
fn python_reprs() {
    assert_eq!(py_float(26.71), "26.71");
    assert_eq!(py_float(10.0), "10.0");
    assert_eq!(py_float(5e-5), "5e-05");
    assert_eq!(py_str("it's"), "\"it's\"");
    assert_eq!(py_str("a'b\"c"), "'a\\'b\"c'");
    assert_eq!(col_name(0), "A");
    assert_eq!(col_name(25), "Z");
    assert_eq!(col_name(26), "AA");
    assert_eq!(col_name(27), "AB");
}
