//! The xlsx workbook: sheets for the summary, lokus, indicators and conflicts, zone
//! colours, frozen headers, numbers as numbers, and two charts (pemda ranking coloured by
//! zone with the band thresholds drawn; each lokus's dimensions side by side).

use std::path::Path;

use rust_xlsxwriter::{
    Chart, ChartFormat, ChartLine, ChartPoint, ChartSolidFill, ChartType, Color, Format, Workbook,
    Worksheet, XlsxError,
};

use super::zone_rgb;
use crate::core::instrument::Zone;
use crate::core::report::Report;
use crate::i18n::Lang;

/// Outside text in a cell: always written as a string (`write_string`, never a formula, so
/// `=cmd|…` stays text), with control, bidi and zero-width characters made inert
/// (newlines kept).
fn cell(s: &str) -> String {
    crate::core::text::inert(s, true)
}

/// Most bars drawn in one chart (the sheets keep every row).
const CHART_MAX: usize = 60;

fn zone_color(z: Zone) -> u32 {
    match z {
        Zone::Hijau => 0x00C6_EFCE,
        Zone::Kuning => 0x00FF_EB9C,
        Zone::Merah => 0x00FF_C7CE,
        Zone::Hitam => 0x00BF_BFBF,
    }
}

fn header(ws: &mut Worksheet, cols: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (c, h) in cols.iter().enumerate() {
        ws.write_string_with_format(0, u16::try_from(c).unwrap_or(0), cell(h), bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn opt_num(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    v: Option<f64>,
    f: &Format,
) -> Result<(), XlsxError> {
    if let Some(v) = v {
        ws.write_number_with_format(r, c, v, f)?;
    }
    Ok(())
}

/// Write the workbook to `path`.
///
/// # Errors
/// Any xlsx writing error.
#[allow(clippy::too_many_lines)]
pub fn write(r: &Report, lang: Lang, path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let n2 = Format::new().set_num_format("0.00");
    let zfmt = |z: Zone| {
        Format::new()
            .set_background_color(Color::RGB(zone_color(z)))
            .set_num_format("0.00")
    };
    let t = |id: &'static str, en: &'static str| lang.t(id, en);

    // Summary
    let sum_name = t("Ringkasan", "Summary");
    let ws = wb.add_worksheet().set_name(sum_name)?;
    header(
        ws,
        &[
            t("Tahun", "Round"),
            t("Kode", "Code"),
            "Pemda",
            t("Jenis", "Kind"),
            t("Provinsi", "Province"),
            t("Nilai", "Score"),
            t("Kategori", "Category"),
            t("Label", "Label"),
            t("Zona", "Zone"),
            t("Peringkat provinsi", "Province rank"),
            t("Peringkat jenis", "Rank by kind"),
            t("Lokus dinilai", "Lokus assessed"),
            t("Lokus final", "Lokus final"),
            t("Konflik", "Conflicts"),
            t("Sementara", "Provisional"),
            t("Pembanding", "Compared with"),
            t("Nilai pembanding", "Previous score"),
            t("Perubahan", "Change"),
            "Target",
            t("Kekurangan", "Gap"),
            t("Belum disetujui", "Not approved"),
        ],
        &bold,
    )?;
    for (i, p) in r.pemda.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        ws.write_number(row, 0, f64::from(p.round))?;
        ws.write_string(row, 1, cell(&p.code))?;
        ws.write_string(row, 2, cell(&p.name))?;
        ws.write_string(row, 3, cell(&p.kind))?;
        ws.write_string(row, 4, cell(&p.province_name))?;
        let f = p
            .category
            .as_ref()
            .map_or_else(|| n2.clone(), |c| zfmt(c.zone));
        opt_num(ws, row, 5, p.score, &f)?;
        if let Some(c) = &p.category {
            ws.write_string(row, 6, cell(&c.category))?;
            ws.write_string(row, 7, cell(if lang.en() { &c.label_en } else { &c.label }))?;
            ws.write_string_with_format(
                row,
                8,
                if lang.en() {
                    c.zone.english()
                } else {
                    c.zone.as_str()
                },
                &zfmt(c.zone),
            )?;
        }
        #[allow(clippy::cast_precision_loss)]
        {
            opt_num(
                ws,
                row,
                9,
                p.rank_province.map(|x| x as f64),
                &Format::new(),
            )?;
            opt_num(ws, row, 10, p.rank_kind.map(|x| x as f64), &Format::new())?;
            ws.write_number(row, 11, p.lokus_assessed as f64)?;
            ws.write_number(row, 12, p.lokus_finalized as f64)?;
            ws.write_number(row, 13, p.conflicts as f64)?;
        }
        ws.write_boolean(row, 14, p.provisional)?;
        #[allow(clippy::cast_precision_loss)]
        ws.write_number(row, 20, p.not_approved as f64)?;
        if let Some(c) = &p.compare {
            ws.write_number(row, 15, f64::from(c.round))?;
            ws.write_number_with_format(row, 16, c.score, &n2)?;
            ws.write_number_with_format(row, 17, c.change, &n2)?;
        }
        if let Some(tp) = &p.target {
            ws.write_number_with_format(row, 18, tp.target, &n2)?;
            ws.write_number_with_format(row, 19, tp.gap, &n2)?;
        }
    }
    ws.set_column_width(2, 26)?;
    ws.set_column_width(4, 22)?;
    ws.set_column_width(7, 22)?;
    // Threshold helper columns (one per band) for the chart's lines.
    let scored: Vec<usize> = r
        .pemda
        .iter()
        .enumerate()
        .filter(|(_, p)| p.score.is_some())
        .map(|(i, _)| i)
        .take(CHART_MAX)
        .collect();
    let lines: Vec<_> = r.bands.iter().filter(|b| b.lower > 0.0).collect();
    for (k, b) in lines.iter().enumerate() {
        let col = u16::try_from(21 + k).unwrap_or(21);
        ws.write_string_with_format(0, col, cell(&format!("{} ≥", b.category)), &bold)?;
        for i in 0..r.pemda.len() {
            ws.write_number(u32::try_from(i + 1).unwrap_or(u32::MAX), col, b.lower)?;
        }
    }
    if let (Some(first), Some(last)) = (scored.first(), scored.last()) {
        let (r0, r1) = (
            u32::try_from(first + 1).unwrap_or(1),
            u32::try_from(last + 1).unwrap_or(1),
        );
        let mut chart = Chart::new(ChartType::Column);
        let points: Vec<ChartPoint> = r
            .pemda
            .iter()
            .skip(*first)
            .take(last - first + 1)
            .map(|p| {
                let c = p
                    .category
                    .as_ref()
                    .map_or(0x0088_8888, |c| zone_rgb(c.zone));
                ChartPoint::new().set_format(
                    ChartFormat::new()
                        .set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(c))),
                )
            })
            .collect();
        chart
            .add_series()
            .set_name(t("Nilai", "Score"))
            .set_categories((sum_name, r0, 2, r1, 2))
            .set_values((sum_name, r0, 5, r1, 5))
            .set_points(&points);
        let mut line = Chart::new(ChartType::Line);
        for (k, b) in lines.iter().enumerate() {
            let col = u16::try_from(21 + k).unwrap_or(21);
            line.add_series()
                .set_name(&cell(&format!("{} ≥ {}", b.category, b.lower)))
                .set_categories((sum_name, r0, 2, r1, 2))
                .set_values((sum_name, r0, col, r1, col))
                .set_format(
                    ChartFormat::new().set_line(
                        ChartLine::new()
                            .set_color(Color::RGB(zone_rgb(b.zone)))
                            .set_dash_type(rust_xlsxwriter::ChartLineDashType::Dash),
                    ),
                );
        }
        chart.combine(&line);
        chart
            .title()
            .set_name(t("Peringkat nilai pemda", "Pemda score ranking"));
        chart.y_axis().set_min(0).set_max(100);
        chart.set_width(900).set_height(420);
        ws.insert_chart(r.pemda.len() as u32 + 3, 0, &chart)?;
    }

    // Lokus
    let lok_name = "Lokus";
    let ws = wb.add_worksheet().set_name(lok_name)?;
    let dim_names: Vec<String> = r
        .pemda
        .iter()
        .flat_map(|p| &p.lokus)
        .next()
        .map(|l| l.dimensions.iter().map(|d| d.name.clone()).collect())
        .unwrap_or_default();
    let mut cols: Vec<String> = [
        t("Tahun", "Round"),
        "Pemda",
        "Lokus",
        t("Penilaian", "Assessment"),
        t("Instrumen", "Instrument"),
        t("Nilai", "Score"),
        t("Kategori", "Category"),
        t("Terisi", "Answered"),
        "Total",
        "Final",
        t("Konflik", "Conflicts"),
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect();
    cols.extend(dim_names.iter().cloned());
    cols.push(t("Sementara", "Provisional").to_string());
    let prov_col = u16::try_from(cols.len() - 1).unwrap_or(u16::MAX);
    cols.push(t("Tinjauan", "Review").to_string());
    cols.push(t("Hash instrumen", "Instrument hash").to_string());
    let colrefs: Vec<&str> = cols.iter().map(String::as_str).collect();
    header(ws, &colrefs, &bold)?;
    let mut row = 1u32;
    for p in &r.pemda {
        for l in &p.lokus {
            ws.write_number(row, 0, f64::from(p.round))?;
            ws.write_string(row, 1, cell(&p.name))?;
            ws.write_string(row, 2, cell(&l.lokus))?;
            ws.write_string(row, 3, cell(&l.assessment))?;
            ws.write_string(row, 4, cell(&l.instrument))?;
            // A provisional score is not coloured by zone: it may still change.
            let f = match &l.category {
                Some(c) if !l.provisional => zfmt(c.zone),
                _ => n2.clone(),
            };
            opt_num(ws, row, 5, l.score, &f)?;
            if let Some(c) = &l.category {
                ws.write_string(row, 6, cell(&c.category))?;
            }
            #[allow(clippy::cast_precision_loss)]
            {
                ws.write_number(row, 7, l.answered as f64)?;
                ws.write_number(row, 8, l.total as f64)?;
                ws.write_boolean(row, 9, l.finalized)?;
                ws.write_number(row, 10, l.conflicts as f64)?;
            }
            for (k, d) in l.dimensions.iter().enumerate() {
                opt_num(ws, row, u16::try_from(11 + k).unwrap_or(11), d.score, &n2)?;
            }
            ws.write_boolean(row, prov_col, l.provisional)?;
            ws.write_string(
                row,
                prov_col + 1,
                l.review.map_or_else(
                    || lang.t("belum ditinjau", "not reviewed"),
                    |s| crate::present::review::status_word(lang, s),
                ),
            )?;
            ws.write_string(row, prov_col + 2, &l.instrument_hash)?;
            row += 1;
        }
    }
    ws.set_column_width(1, 24)?;
    ws.set_column_width(2, 28)?;
    let lokus_rows = row - 1;
    if lokus_rows > 0 && !dim_names.is_empty() {
        let last = lokus_rows.min(u32::try_from(CHART_MAX).unwrap_or(60));
        let mut chart = Chart::new(ChartType::Column);
        for k in 0..dim_names.len() {
            let col = u16::try_from(11 + k).unwrap_or(11);
            chart
                .add_series()
                .set_name((lok_name, 0, col))
                .set_categories((lok_name, 1, 2, last, 2))
                .set_values((lok_name, 1, col, last, col));
        }
        chart
            .title()
            .set_name(t("Nilai dimensi per lokus", "Dimension scores per lokus"));
        chart.y_axis().set_min(0).set_max(100);
        chart.set_width(960).set_height(420);
        ws.insert_chart(lokus_rows + 3, 0, &chart)?;
    }

    // Indicators
    let ws = wb.add_worksheet().set_name(t("Indikator", "Indicators"))?;
    header(
        ws,
        &[
            t("Tahun", "Round"),
            t("Kode pemda", "Pemda code"),
            t("Penilaian", "Assessment"),
            "Lokus",
            t("Dimensi", "Dimension"),
            t("Indikator", "Indicator"),
            t("Uraian", "Description"),
            t("Jawaban", "Answer"),
            "Maks",
            t("Nilai", "Score"),
            t("Tambahan nilai lokus", "Lokus gain"),
            t("Tambahan nilai pemda", "Pemda gain"),
            t("Konflik", "Conflict"),
            t("Catatan", "Notes"),
        ],
        &bold,
    )?;
    for (i, rowv) in super::indicator_rows(r).iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        for (c, v) in rowv.iter().enumerate() {
            let col = u16::try_from(c).unwrap_or(0);
            let numeric = matches!(c, 0 | 8 | 9 | 10 | 11) || (c == 7 && v.parse::<f64>().is_ok());
            match v.parse::<f64>() {
                Ok(x) if numeric => {
                    ws.write_number(row, col, x)?;
                }
                _ if v.is_empty() => {}
                _ => {
                    ws.write_string(row, col, cell(v))?;
                }
            }
        }
    }
    ws.set_column_width(3, 26)?;
    ws.set_column_width(6, 30)?;
    ws.set_column_width(13, 50)?;

    // Conflicts
    let ws = wb.add_worksheet().set_name(t("Konflik", "Conflicts"))?;
    header(
        ws,
        &[
            "Pemda",
            "Lokus",
            t("Penilaian", "Assessment"),
            t("Indikator", "Indicator"),
            t("Kandidat", "Candidates"),
        ],
        &bold,
    )?;
    for (i, c) in r.conflicts.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        ws.write_string(row, 0, cell(&c.pemda))?;
        ws.write_string(row, 1, cell(&c.lokus))?;
        ws.write_string(row, 2, cell(&c.assessment))?;
        ws.write_string(row, 3, cell(&c.indicator))?;
        ws.write_string(row, 4, cell(&c.candidates.join(" | ")))?;
    }

    // Respondents (issue 15): per lokus and pemda, the count and the share per question.
    // No code, name or phone of a respondent.
    let rows = super::respondent_rows(r);
    if !rows.is_empty() {
        let ws = wb.add_worksheet().set_name(t("Responden", "Respondents"))?;
        header(ws, &super::csv::RESPONDENT_COLUMNS, &bold)?;
        for (i, rowv) in rows.iter().enumerate() {
            let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
            for (c, v) in rowv.iter().enumerate() {
                let col = u16::try_from(c).unwrap_or(0);
                let numeric = matches!(c, 0 | 6 | 7 | 10..=16);
                match v.parse::<f64>() {
                    Ok(x) if numeric => {
                        ws.write_number(row, col, x)?;
                    }
                    _ if v.is_empty() => {}
                    _ => {
                        ws.write_string(row, col, cell(v))?;
                    }
                }
            }
        }
        ws.set_column_width(4, 26)?;
    }
    wb.save(path)
}
