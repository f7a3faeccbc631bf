//! Strict JSON for what a bundle carries (the manifest and every op record), as
//! `docs/bundle-format.md` §3.0 states it: exactly one RFC 8259 value, UTF-8 without a byte
//! order mark, no duplicate key in any object, and every object of the schema written as
//! an object (serde would also take a struct written as an array; another reader would
//! not). Unknown fields stay allowed (a newer minor may add some).
//!
//! serde_json itself refuses what RFC 8259 does not allow (`NaN`, `Infinity`, comments,
//! trailing commas, unescaped control characters, invalid UTF-8, lone surrogate escapes,
//! numbers out of range, trailing bytes) and, through the typed decode, fractions or
//! exponents where an integer is meant.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::{self, Deserialize, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// The shape of a JSON document: what the duplicate-key pass learns while it reads.
#[derive(Debug)]
enum Shape {
    Object(BTreeMap<String, Shape>),
    Array(Vec<Shape>),
    Scalar,
}

impl<'de> Deserialize<'de> for Shape {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Shape, D::Error> {
        d.deserialize_any(ShapeVisitor)
    }
}

struct ShapeVisitor;

impl<'de> Visitor<'de> for ShapeVisitor {
    type Value = Shape;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
        let mut v = Vec::new();
        while let Some(x) = seq.next_element::<Shape>()? {
            v.push(x);
        }
        Ok(Shape::Array(v))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
        let mut m = BTreeMap::new();
        while let Some(k) = map.next_key::<String>()? {
            let v = map.next_value::<Shape>()?;
            if m.contains_key(&k) {
                return Err(de::Error::custom(format!("duplicate key {k:?}")));
            }
            m.insert(k, v);
        }
        Ok(Shape::Object(m))
    }
}

/// Whether `input` has an object wherever `typed` (the decoded value, encoded again) has
/// one, arrays of the same length where it has arrays, and neither where it has a scalar
/// (serde also reads a unit enum variant `"x"` from `{"x": null}`). Keys the schema does
/// not know are not looked at.
fn same_objects(input: &Shape, typed: &Value, path: &mut String) -> Result<(), String> {
    match (typed, input) {
        (Value::Object(t), Shape::Object(i)) => {
            for (k, tv) in t {
                if let Some(iv) = i.get(k) {
                    let len = path.len();
                    path.push('.');
                    path.push_str(k);
                    same_objects(iv, tv, path)?;
                    path.truncate(len);
                }
            }
            Ok(())
        }
        (Value::Object(_), _) => Err(format!("{} must be a JSON object", show(path))),
        (Value::Array(t), Shape::Array(i)) if t.len() == i.len() => {
            for (n, (tv, iv)) in t.iter().zip(i).enumerate() {
                let len = path.len();
                path.push_str(&format!("[{n}]"));
                same_objects(iv, tv, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        (Value::Array(_), _) => Err(format!("{} must be a JSON array", show(path))),
        (_, Shape::Object(_) | Shape::Array(_)) => Err(format!(
            "{} must be a string, number, boolean or null",
            show(path)
        )),
        _ => Ok(()),
    }
}

fn show(path: &str) -> &str {
    if path.is_empty() {
        "the document"
    } else {
        &path[1..]
    }
}

/// Decode `bytes` as a `T` under the strict rules of this module. The error is a short
/// technical detail (for logs and `--json` detail, not a user sentence).
///
/// # Errors
/// The first rule the bytes break.
pub(crate) fn decode<T: DeserializeOwned + Serialize>(bytes: &[u8]) -> Result<T, String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return Err("starts with a byte order mark".into());
    }
    let shape: Shape = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    if !matches!(shape, Shape::Object(_)) {
        return Err("not a JSON object".into());
    }
    let typed: T = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    let again = serde_json::to_value(&typed).map_err(|e| e.to_string())?;
    same_objects(&shape, &again, &mut String::new())?;
    Ok(typed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, serde::Serialize)]
    struct Inner {
        a: u64,
    }

    #[derive(Debug, serde::Deserialize, serde::Serialize)]
    struct Outer {
        n: u64,
        inner: Inner,
        #[serde(default)]
        list: Vec<Inner>,
    }

    fn d(s: &str) -> Result<Outer, String> {
        decode::<Outer>(s.as_bytes())
    }

    #[test]
    fn strict_rules() {
        assert!(d(r#"{"n":1,"inner":{"a":2},"list":[{"a":3}],"extra":[1,{"x":1}]}"#).is_ok());
        let refused = [
            "\u{feff}{\"n\":1,\"inner\":{\"a\":2}}",
            r#"{"n":1,"n":1,"inner":{"a":2}}"#,
            r#"{"n":1,"inner":{"a":2},"extra":{"x":1,"x":2}}"#,
            r#"{"n":1.0,"inner":{"a":2}}"#,
            r#"{"n":1e3,"inner":{"a":2}}"#,
            r#"{"n":NaN,"inner":{"a":2}}"#,
            r#"{"n":1,"inner":[2]}"#,
            r#"{"n":1,"inner":{"a":2},"list":[[3]]}"#,
            r#"{"n":1,"inner":{"a":{"x":2}}}"#,
            r#"[1,{"a":2}]"#,
            r#"{"n":1,"inner":{"a":2}} x"#,
            r#"{"n":1,"inner":{"a":2},}"#,
            r#"{"n":"1","inner":{"a":2}}"#,
            r#"{"inner":{"a":2}}"#,
            "{\"n\":1,\"inner\":{\"a\":2},\"s\":\"\\ud800\"}",
        ];
        for s in refused {
            assert!(d(s).is_err(), "accepted {s}");
        }
        assert!(decode::<Outer>(b"{\"n\":1,\"inner\":{\"a\":2},\"s\":\"\xff\"}").is_err());
    }
}
