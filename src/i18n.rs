//! Language choice and Indonesian/English formatting of numbers and dates.
//! Bahasa Indonesia is the default everywhere; English with `--lang en`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    #[must_use]
    pub fn en(self) -> bool {
        self == Lang::En
    }

    /// Pick the Indonesian or English text.
    #[must_use]
    pub fn t<'a>(self, id: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Id => id,
            Lang::En => en,
        }
    }
}

/// A score with 2 decimals: "98,60" in Indonesian, "98.60" in English.
#[must_use]
pub fn num(x: f64, lang: Lang) -> String {
    let s = format!("{x:.2}");
    match lang {
        Lang::Id => s.replace('.', ","),
        Lang::En => s,
    }
}

/// Optional score, "—" when absent.
#[must_use]
pub fn num_opt(x: Option<f64>, lang: Lang) -> String {
    x.map_or_else(|| "—".to_string(), |v| num(v, lang))
}

/// A size in bytes as people read it: "512 bita", "2,0 KB", "3,4 GB" (1 KB = 1024 bita;
/// one decimal, decimal comma in Indonesian).
#[must_use]
pub fn bytes(n: u64, lang: Lang) -> String {
    const UNITS: [&str; 5] = ["KB", "MB", "GB", "TB", "PB"];
    if n < 1024 {
        return format!("{n} {}", lang.t("bita", "bytes"));
    }
    #[allow(clippy::cast_precision_loss)]
    let mut v = n as f64 / 1024.0;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    let s = format!("{v:.1}");
    let s = if lang.en() { s } else { s.replace('.', ",") };
    format!("{s} {}", UNITS[u])
}

/// Month names in Bahasa Indonesia, January first.
pub const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
/// Month names in English, January first.
pub const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn zoned(ms: i64) -> Option<jiff::ZonedDateTime> {
    let ts = jiff::Timestamp::from_millisecond(ms).ok()?;
    Some(ts.to_zoned_datetime(jiff::tz::TimeZone::system()))
}

/// "23 November 2026" / "23 November 2026".
#[must_use]
pub fn date(ms: i64, lang: Lang) -> String {
    let Some(z) = zoned(ms) else {
        return "—".into();
    };
    let m = usize::try_from(z.month() - 1).unwrap_or(0).min(11);
    let name = match lang {
        Lang::Id => MONTHS_ID[m],
        Lang::En => MONTHS_EN[m],
    };
    format!("{} {} {}", z.day(), name, z.year())
}

/// The short name of month `m` (0 is January; past December, December): three letters,
/// "Agu" for Indonesian August.
#[must_use]
pub fn short_month(m: usize, lang: Lang) -> &'static str {
    let m = m.min(11);
    match lang {
        Lang::Id if m == 7 => "Agu",
        Lang::Id => &MONTHS_ID[m][..3],
        Lang::En => &MONTHS_EN[m][..3],
    }
}

/// "12 Agu 10:14" (short month, local time).
#[must_use]
pub fn short_datetime(ms: i64, lang: Lang) -> String {
    let Some(z) = zoned(ms) else {
        return "—".into();
    };
    let m = usize::try_from(z.month() - 1).unwrap_or(0).min(11);
    let name = short_month(m, lang);
    format!("{} {} {:02}:{:02}", z.day(), name, z.hour(), z.minute())
}

/// "2026-11-23 10:14" for logs.
#[must_use]
pub fn datetime(ms: i64) -> String {
    zoned(ms).map_or_else(
        || "—".into(),
        |z| z.strftime("%Y-%m-%d %H:%M:%S").to_string(),
    )
}

/// The renderers call it by this name; it lives in core (the workspace uses it too, and
/// has no language).
pub use crate::core::text::{inert, is_unsafe, json_escape};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(bytes(512, Lang::Id), "512 bita");
        assert_eq!(bytes(2022, Lang::Id), "2,0 KB");
        assert_eq!(bytes(2022, Lang::En), "2.0 KB");
        assert_eq!(bytes(3_650_000_000, Lang::Id), "3,4 GB");
    }

    #[test]
    fn decimal_comma() {
        assert_eq!(num(98.6, Lang::Id), "98,60");
        assert_eq!(num(98.6, Lang::En), "98.60");
        assert_eq!(num_opt(None, Lang::Id), "—");
    }
}
