//! What differs between two definitions of the same instrument id and version (shown to
//! the supervisor before `tilik instruments trust HASH`).

use std::collections::BTreeMap;

use super::Instrument;

/// One difference of `new` from the `known` definition.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Difference {
    /// A band's lower bound (`None`: the band is absent on that side).
    Band {
        category: String,
        known: Option<f64>,
        new: Option<f64>,
    },
    /// A dimension's weight (`None`: the dimension is absent on that side).
    Weight {
        dimension: String,
        known: Option<f64>,
        new: Option<f64>,
    },
    /// An indicator only the new definition has.
    IndicatorAdded { indicator: String },
    /// An indicator only the known definition has.
    IndicatorRemoved { indicator: String },
    /// An indicator in both whose wording, scale or options differ.
    IndicatorChanged { indicator: String },
    /// Anything else (scales, scoring method, qualifiers, titles).
    Other,
}

/// Every difference of `new` from `known`, bands first, then weights, then indicators.
#[must_use]
pub fn differences(known: &Instrument, new: &Instrument) -> Vec<Difference> {
    let mut out = Vec::new();
    let kb: BTreeMap<&str, f64> = known
        .bands
        .iter()
        .map(|b| (b.category.as_str(), b.lower))
        .collect();
    let nb: BTreeMap<&str, f64> = new
        .bands
        .iter()
        .map(|b| (b.category.as_str(), b.lower))
        .collect();
    for c in kb.keys().chain(nb.keys().filter(|c| !kb.contains_key(*c))) {
        let (k, n) = (kb.get(c).copied(), nb.get(c).copied());
        if k != n {
            out.push(Difference::Band {
                category: (*c).to_string(),
                known: k,
                new: n,
            });
        }
    }
    let kw: BTreeMap<&str, f64> = known
        .dimensions
        .iter()
        .map(|d| (d.id.as_str(), d.weight))
        .collect();
    let nw: BTreeMap<&str, f64> = new
        .dimensions
        .iter()
        .map(|d| (d.id.as_str(), d.weight))
        .collect();
    for d in kw.keys().chain(nw.keys().filter(|d| !kw.contains_key(*d))) {
        let (k, n) = (kw.get(d).copied(), nw.get(d).copied());
        if k != n {
            out.push(Difference::Weight {
                dimension: (*d).to_string(),
                known: k,
                new: n,
            });
        }
    }
    let ki: BTreeMap<&str, _> = known
        .indicators()
        .map(|p| (p.indicator.id.as_str(), p.indicator))
        .collect();
    let ni: BTreeMap<&str, _> = new
        .indicators()
        .map(|p| (p.indicator.id.as_str(), p.indicator))
        .collect();
    for (id, k) in &ki {
        match ni.get(id) {
            None => out.push(Difference::IndicatorRemoved {
                indicator: (*id).to_string(),
            }),
            Some(n) if n != k => out.push(Difference::IndicatorChanged {
                indicator: (*id).to_string(),
            }),
            Some(_) => {}
        }
    }
    for id in ni.keys().filter(|id| !ki.contains_key(*id)) {
        out.push(Difference::IndicatorAdded {
            indicator: (*id).to_string(),
        });
    }
    if out.is_empty() && known != new {
        out.push(Difference::Other);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::mini_toml;

    #[test]
    fn lowered_band_and_weight_and_removed_indicator_are_named() {
        let known = Instrument::from_toml(&mini_toml()).expect("valid");
        let mut new = known.clone();
        new.bands[0].lower -= 20.0;
        new.dimensions[0].weight += 1.0;
        let gone = new.dimensions[0].variables[0].indicators.remove(0);
        let d = differences(&known, &new);
        assert!(
            matches!(&d[0], Difference::Band { category, new: Some(_), known: Some(_) } if *category == known.bands[0].category),
            "{d:?}"
        );
        assert!(d.iter().any(|x| matches!(x, Difference::Weight { dimension, .. } if *dimension == known.dimensions[0].id)));
        assert!(d.contains(&Difference::IndicatorRemoved { indicator: gone.id }));
        assert!(differences(&known, &known).is_empty());
    }
}
