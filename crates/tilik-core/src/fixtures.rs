//! Fixtures shared by the crate's unit tests: the TOML text of small valid instruments,
//! so that the tests of parsing and of scoring build theirs the same way.

/// A band of a fixture instrument: category (also its label), zone, lower bound.
pub(crate) type Band = (&'static str, &'static str, u32);

/// A dimension of a fixture instrument: id, weight, and its indicators, each an id and
/// its weight when it is not the default 1.
pub(crate) type Dimension = (&'static str, u32, &'static [(&'static str, Option<u32>)]);

/// The TOML of a valid instrument `id` (its own family, version 1, round 2030) with one
/// scale `s` of levels 0–3 and the given bands and dimensions. Each dimension has one
/// variable, `V` and the dimension id; each indicator is observed, reads `teks` and is
/// guided by `lihat`.
pub(crate) fn instrument_toml(id: &str, bands: &[Band], dimensions: &[Dimension]) -> String {
    let mut t = format!(
        "id = \"{id}\"\nfamily = \"{id}\"\nversion = \"1\"\nround = 2030\ntitle = \"{id}\"\n"
    );
    t += r#"[scoring]
[provenance]
sources = ["test"]
[[scales]]
id = "s"
name = "0-3"
levels = [{ value = 0, label = "nol" }, { value = 1, label = "satu" }, { value = 2, label = "dua" }, { value = 3, label = "tiga" }]
"#;
    for (category, zone, lower) in bands {
        t += &format!(
            "[[bands]]\ncategory = \"{category}\"\nlabel = \"{category}\"\nzone = \"{zone}\"\n\
             lower = {lower}\n"
        );
    }
    for (dimension, weight, indicators) in dimensions {
        t += &format!(
            "[[dimensions]]\nid = \"{dimension}\"\nname = \"{dimension}\"\nweight = {weight}\n\
             [[dimensions.variables]]\nid = \"V{dimension}\"\nname = \"v\"\n"
        );
        for (indicator, weight) in *indicators {
            t += &format!(
                "[[dimensions.variables.indicators]]\nid = \"{indicator}\"\nshort = \
                 \"{indicator}\"\ntext = \"teks\"\nmethod = \"observasi\"\nguidance = \
                 \"lihat\"\nscale = \"s\"\n"
            );
            if let Some(w) = weight {
                t += &format!("weight = {w}\n");
            }
        }
    }
    t
}

/// The smallest fixture, `mini`: bands `A` (from 50) and `B` (from 0), and one dimension
/// `D` (weight 100) with one indicator `X.1`.
pub(crate) fn mini_toml() -> String {
    instrument_toml(
        "mini",
        &[("A", "hijau", 50), ("B", "merah", 0)],
        &[("D", 100, &[("X.1", None)])],
    )
}
