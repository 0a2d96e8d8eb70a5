//! Whole numbers in request bodies as JSON Schema counts them: `3` and `3.0` are both the
//! integer 3, so a field the document calls an integer takes either (serde's own integers take
//! only the first). Anything with a fraction, below zero or out of range is refused.

use serde::de::Error;
use serde::{Deserialize, Deserializer};

/// A JSON number as it came.
#[derive(Deserialize)]
#[serde(untagged)]
enum Number {
    Whole(u64),
    Other(f64),
}

fn whole<E: Error>(number: Number) -> Result<u64, E> {
    match number {
        Number::Whole(value) => Ok(value),
        // 2^64 as f64: the first value past `u64::MAX`.
        Number::Other(value) if value.fract() == 0.0 && (0.0..18_446_744_073_709_551_616.0).contains(&value) => {
            Ok(value as u64)
        }
        Number::Other(value) => Err(E::custom(format!("{value} is not a whole number of zero or more"))),
    }
}

/// A `u32` field.
pub fn u32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    let value = whole(Number::deserialize(deserializer)?)?;
    u32::try_from(value).map_err(|_| D::Error::custom(format!("{value} is too large")))
}

/// An optional `u32` field (`null` is `None`).
pub fn option_u32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    match Option::<Number>::deserialize(deserializer)? {
        None => Ok(None),
        Some(number) => {
            let value = whole(number)?;
            u32::try_from(value).map(Some).map_err(|_| D::Error::custom(format!("{value} is too large")))
        }
    }
}

/// An optional `u64` field (`null` is `None`), at most `i64::MAX`: the document states such a
/// field as an `int64`, and a schema-aware client may not send more.
pub fn option_u64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    match Option::<Number>::deserialize(deserializer)? {
        None => Ok(None),
        Some(number) => {
            let value = whole(number)?;
            if i64::try_from(value).is_err() {
                return Err(D::Error::custom(format!("{value} is too large")));
            }
            Ok(Some(value))
        }
    }
}

#[cfg(test)]
mod tests {
    #[derive(Debug, serde::Deserialize)]
    struct Field {
        #[serde(deserialize_with = "super::u32")]
        n: u32,
        #[serde(default, deserialize_with = "super::option_u64")]
        m: Option<u64>,
    }

    fn read(json: &str) -> Option<(u32, Option<u64>)> {
        serde_json::from_str::<Field>(json).ok().map(|field| (field.n, field.m))
    }

    #[test]
    fn whole_numbers_are_taken_with_or_without_a_point() {
        assert_eq!(read(r#"{"n": 3}"#), Some((3, None)));
        assert_eq!(read(r#"{"n": 649183.0, "m": 9.0}"#), Some((649_183, Some(9))));
        assert_eq!(read(r#"{"n": 1, "m": null}"#), Some((1, None)));
        assert_eq!(read(r#"{"n": 1.5}"#), None);
        assert_eq!(read(r#"{"n": -1}"#), None);
        assert_eq!(read(r#"{"n": 4294967296}"#), None);
        assert_eq!(read(r#"{"n": "3"}"#), None);
        // Past an int64, as the document states the field.
        assert_eq!(read(r#"{"n": 1, "m": 9223372036854775807}"#), Some((1, Some(9_223_372_036_854_775_807))));
        assert_eq!(read(r#"{"n": 1, "m": 9223372036854775808}"#), None);
    }
}
