//! Published results (research/domain-ombudsman.md §4, §9.6) classified with the shipped
//! instruments' bands: every figure must land in the category Ombudsman published.

use std::collections::BTreeMap;

use tilik::assets::catalog;
use tilik::core::op::AnswerValue;
use tilik::core::scoring::{classify, classify_lokus, score_lokus};

/// (instrument, score, category, zone, source)
const PUBLISHED: &[(&str, f64, &str, &str, &str)] = &[
    (
        "opini-2023",
        88.23,
        "A",
        "hijau",
        "Kota Bontang 2023, Kategori A",
    ),
    ("opini-2022", 87.99, "B", "hijau", "upper edge of B"),
    ("opini-2022", 53.99, "D", "merah", "upper edge of D"),
    (
        "opini-2022",
        88.6,
        "A",
        "hijau",
        "Tebing Tinggi 2022 (Sumut)",
    ),
    ("opini-2022", 87.8, "B", "hijau", "Langkat 2022"),
    ("opini-2022", 78.78, "B", "hijau", "Labura 2022"),
    ("opini-2022", 75.14, "C", "kuning", "Samosir 2022"),
    ("opini-2022", 58.22, "C", "kuning", "Nias Barat 2022"),
    ("opini-2022", 52.68, "D", "merah", "Labusel 2022"),
    ("opini-2022", 45.16, "D", "merah", "Binjai 2022"),
    ("opini-2022", 91.99, "A", "hijau", "Deli Serdang 2022"),
    ("opini-2022", 89.59, "A", "hijau", "Kota Jambi 2022"),
    ("opini-2022", 73.88, "C", "kuning", "Merangin 2022"),
    ("opini-2022", 87.03, "B", "hijau", "Kota Pontianak 2022"),
    ("opini-2022", 58.99, "C", "kuning", "Kota Kendari 2022"),
    ("opini-2022", 25.98, "E", "merah", "Kab. Mimika 2022"),
    ("opini-2023", 91.16, "A", "hijau", "Kota Pontianak 2023"),
    ("opini-2023", 67.26, "C", "kuning", "Kota Tual 2023"),
    ("opini-2023", 54.11, "C", "kuning", "Kab. Mimika 2023"),
    ("opini-2024", 94.96, "A", "hijau", "Kota Pontianak 2024"),
    ("opini-2024", 86.62, "B", "hijau", "Kota Kupang 2024"),
    ("opini-2024", 78.09, "B", "hijau", "Sumba Barat 2024"),
    ("opini-2024", 77.69, "C", "kuning", "Buru Selatan 2024"),
    ("opini-2024", 77.43, "C", "kuning", "Tambrauw 2024"),
    ("opini-2024", 50.47, "D", "merah", "Kepulauan Tanimbar 2024"),
    (
        "opini-2024",
        31.98,
        "E",
        "merah",
        "Kab. Maybrat 2024: 'Zona E Kualitas Terendah'",
    ),
    ("opini-2024", 88.0, "A", "hijau", "lower edge of A"),
    ("opini-2024", 0.0, "E", "merah", "zero"),
    ("opini-2025", 65.98, "C", "kuning", "Pemprov Malut 2025"),
    (
        "opini-2025",
        53.38,
        "D",
        "merah",
        "Morotai 2025 'Kualitas Rendah'",
    ),
    ("opini-2025", 31.99, "E", "hitam", "2025 zona hitam"),
    (
        "kepatuhan-2016",
        80.99,
        "Kuning",
        "kuning",
        "2021 bound 80.99 is kuning",
    ),
    (
        "kepatuhan-2016",
        81.0,
        "Hijau",
        "hijau",
        "2021 lower bound of hijau",
    ),
    (
        "kepatuhan-2016",
        50.99,
        "Merah",
        "merah",
        "2021 bound 50.99 is merah",
    ),
    (
        "kepatuhan-2016",
        51.0,
        "Kuning",
        "kuning",
        "lower bound of kuning",
    ),
    (
        "kepatuhan-2016",
        99.25,
        "Hijau",
        "hijau",
        "Kota Balikpapan 2021",
    ),
    (
        "kepatuhan-2016",
        68.27,
        "Kuning",
        "kuning",
        "Kota Magelang 2021",
    ),
    (
        "kepatuhan-2016",
        46.93,
        "Merah",
        "merah",
        "Kab Limapuluh Kota 2021",
    ),
    (
        "kepatuhan-2016",
        79.65,
        "Kuning",
        "kuning",
        "Kab Sumbawa 2021",
    ),
];

#[test]
fn published_scores_get_their_published_category() {
    let (cat, problems) = catalog(None);
    assert!(problems.is_empty());
    for (inst, score, category, zone, what) in PUBLISHED {
        let i = cat.get(inst).unwrap_or_else(|| panic!("{inst} missing"));
        let c = classify(i, *score).unwrap_or_else(|| panic!("{what}: no band"));
        assert_eq!(c.category, *category, "{what} ({score} under {inst})");
        assert_eq!(c.zone.as_str(), *zone, "{what} ({score} under {inst})");
    }
}

#[test]
fn band_labels_match_the_published_names() {
    let (cat, _) = catalog(None);
    let i = cat.get("opini-2023").expect("present");
    assert_eq!(
        classify(i, 88.23).map(|c| c.label),
        Some("Kualitas Tertinggi".to_string())
    );
    assert_eq!(
        classify(i, 10.0).map(|c| c.label),
        Some("Kualitas Terendah".to_string())
    );
}

fn all(
    inst: &tilik::core::instrument::Instrument,
    f: impl Fn(usize) -> AnswerValue,
) -> BTreeMap<String, AnswerValue> {
    inst.indicators()
        .enumerate()
        .map(|(n, p)| (p.indicator.id.clone(), f(n)))
        .collect()
}

#[test]
fn all_full_marks_score_100_and_a_all_zero_score_0_and_e() {
    // Every shipped instrument (`assets` checks which ones are shipped).
    let (cat, _) = catalog(None);
    for i in cat.all() {
        let id = i.id.as_str();
        let full = all(i, |n| {
            let p = i.indicators().nth(n).expect("indicator");
            let max = i
                .scale(&p.indicator.scale)
                .map_or(0, tilik::core::instrument::Scale::max);
            AnswerValue::Score(max)
        });
        let s = score_lokus(i, &full);
        assert_eq!(s.score, Some(100.0), "{id}");
        let top = classify(i, 100.0).expect("band");
        assert!(top.zone.as_str() == "hijau", "{id}");
        let zero = all(i, |_| AnswerValue::Score(0));
        let s0 = score_lokus(i, &zero);
        assert_eq!(s0.score, Some(0.0), "{id}");
        let bottom = classify(i, 0.0).expect("band");
        if id.starts_with("opini") {
            assert_eq!(classify(i, 100.0).map(|c| c.category), Some("A".into()));
            assert_eq!(bottom.category, "E", "{id}");
        }
    }
}

#[test]
fn not_applicable_is_excluded_from_the_denominator() {
    let (cat, _) = catalog(None);
    let i = cat.get("opini-2024").expect("present");
    // Everything 3 except P.11 marked N/A: still 100.
    let mut a = all(i, |_| AnswerValue::Score(3));
    a.insert("P.11".into(), AnswerValue::NotApplicable);
    assert_eq!(score_lokus(i, &a).score, Some(100.0));
    // P.11 answered 0 instead: below 100.
    a.insert("P.11".into(), AnswerValue::Score(0));
    let with_zero = score_lokus(i, &a).score.expect("score");
    assert!(with_zero < 100.0);
    // Proses has 12 equally weighted indicators: Proses = 100 × 11/12 = 91.67,
    // lokus = 100 − 32.37 × (1 − 11/12) = 97.30.
    assert_eq!(with_zero, 97.30);
}

#[test]
fn qualifier_tanpa_maladministrasi_for_2025() {
    let (cat, _) = catalog(None);
    let i = cat.get("opini-2025").expect("present");
    let q = &i.qualifiers[0];
    let mut a = BTreeMap::new();
    a.insert(q.indicator.clone(), AnswerValue::Score(q.min_value));
    let c = classify_lokus(i, 65.98, &a).expect("band");
    assert_eq!(c.label, "Kualitas Sedang Tanpa Maladministrasi");
    let d = classify_lokus(i, 53.38, &a).expect("band");
    assert_eq!(d.label, "Kualitas Rendah");
    let none = classify_lokus(i, 65.98, &BTreeMap::new()).expect("band");
    assert_eq!(none.label, "Kualitas Sedang");
}
