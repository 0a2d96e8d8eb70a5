//! Times as people read them: "vor 5 Minuten" / "5 minutes ago", and the exact time on hover.
//!
//! The wording comes from the browser's `Intl` (correct plurals and grammar for every
//! language); this module only picks the unit. Building an `Intl` formatter costs far more than
//! using one (about 80 µs against 2 µs in Chromium, which made them most of a thread page's
//! render time), so each is built once per language and style and kept.

use std::cell::RefCell;

use chrono::{DateTime, Utc};
use js_sys::Intl::{DateTimeFormat, RelativeTimeFormat};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

thread_local! {
    static RELATIVE_FORMATS: RefCell<Vec<(String, RelativeTimeFormat)>> = const { RefCell::new(Vec::new()) };
    static DATE_FORMATS: RefCell<Vec<(String, &'static str, DateTimeFormat)>> = const { RefCell::new(Vec::new()) };
}

/// The unit a relative time is told in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    /// Seconds (only for "now").
    Second,
    /// Minutes.
    Minute,
    /// Hours.
    Hour,
    /// Days.
    Day,
    /// Months.
    Month,
    /// Years.
    Year,
}

impl TimeUnit {
    fn as_intl(self) -> &'static str {
        match self {
            Self::Second => "second",
            Self::Minute => "minute",
            Self::Hour => "hour",
            Self::Day => "day",
            Self::Month => "month",
            Self::Year => "year",
        }
    }
}

/// How long before `now` `then` was, as a signed amount of one unit (negative: in the past),
/// rounded the way people round ("vor 1 Stunde" from 45 minutes on).
pub fn relative_amount(then: DateTime<Utc>, now: DateTime<Utc>) -> (i64, TimeUnit) {
    let seconds = (now - then).num_seconds();
    let sign = if seconds < 0 { 1 } else { -1 };
    let abs = seconds.abs();
    let round = |value: i64, unit: i64| (value + unit / 2) / unit;
    let (amount, unit) = match abs {
        0..45 => (0, TimeUnit::Second),
        45..2_700 => (round(abs, 60).max(1), TimeUnit::Minute),
        2_700..79_200 => (round(abs, 3_600).max(1), TimeUnit::Hour),
        79_200..2_246_400 => (round(abs, 86_400).max(1), TimeUnit::Day),
        2_246_400..27_648_000 => (round(abs, 2_592_000).max(1), TimeUnit::Month),
        _ => (round(abs, 31_536_000).max(1), TimeUnit::Year),
    };
    (sign * amount, unit)
}

/// "vor 5 Minuten", "gestern", "5 minutes ago", "yesterday" in `locale`.
pub fn format_relative(then: DateTime<Utc>, now: DateTime<Utc>, locale: &str) -> String {
    let (amount, unit) = relative_amount(then, now);
    RELATIVE_FORMATS.with_borrow_mut(|formats| {
        let at = match formats.iter().position(|(known, _)| known == locale) {
            Some(at) => at,
            None => {
                let options = Object::new();
                // "auto" gives "gestern" instead of "vor 1 Tag" and "jetzt" instead of "in 0 Sekunden".
                let _ = Reflect::set(&options, &"numeric".into(), &"auto".into());
                formats.push((locale.to_owned(), RelativeTimeFormat::new(&locales(locale), &options)));
                formats.len() - 1
            }
        };
        #[allow(clippy::cast_precision_loss)] // amounts are small
        formats[at].1.format(amount as f64, unit.as_intl()).into()
    })
}

/// The exact date and time in `locale`, in the reader's time zone: "Freitag, 27. November 2026
/// um 14:05". For tooltips on relative times.
pub fn format_exact(time: DateTime<Utc>, locale: &str) -> String {
    format_local(time, locale, "full")
}

/// Date and time for bylines: "27. November 2026 um 14:05".
pub fn format_byline(time: DateTime<Utc>, locale: &str) -> String {
    format_local(time, locale, "long")
}

fn format_local(time: DateTime<Utc>, locale: &str, date_style: &'static str) -> String {
    #[allow(clippy::cast_precision_loss)] // milliseconds since 1970 fit an f64 exactly
    let date = js_sys::Date::new(&JsValue::from_f64(time.timestamp_millis() as f64));
    DATE_FORMATS.with_borrow_mut(|formats| {
        let at = match formats.iter().position(|(known, style, _)| known == locale && *style == date_style) {
            Some(at) => at,
            None => {
                let options = Object::new();
                let _ = Reflect::set(&options, &"dateStyle".into(), &date_style.into());
                let _ = Reflect::set(&options, &"timeStyle".into(), &"short".into());
                formats.push((locale.to_owned(), date_style, DateTimeFormat::new(&locales(locale), &options)));
                formats.len() - 1
            }
        };
        formats[at].2.format().call1(&JsValue::NULL, &date).ok().and_then(|text| text.as_string()).unwrap_or_default()
    })
}

fn locales(locale: &str) -> Array {
    Array::of1(&JsValue::from_str(locale))
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn ago(seconds: i64) -> (i64, TimeUnit) {
        let now = Utc::now();
        relative_amount(now - Duration::seconds(seconds), now)
    }

    #[test]
    fn picks_the_unit_people_would() {
        assert_eq!(ago(10), (0, TimeUnit::Second));
        assert_eq!(ago(50), (-1, TimeUnit::Minute));
        assert_eq!(ago(5 * 60), (-5, TimeUnit::Minute));
        assert_eq!(ago(50 * 60), (-1, TimeUnit::Hour));
        assert_eq!(ago(3 * 3600 + 1200), (-3, TimeUnit::Hour));
        assert_eq!(ago(30 * 3600), (-1, TimeUnit::Day));
        assert_eq!(ago(52 * 3600), (-2, TimeUnit::Day));
        assert_eq!(ago(40 * 86_400), (-1, TimeUnit::Month));
        assert_eq!(ago(400 * 86_400), (-1, TimeUnit::Year));
    }

    #[test]
    fn future_times_count_forward() {
        assert_eq!(ago(-5 * 60), (5, TimeUnit::Minute));
    }
}
