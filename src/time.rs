//! Times as people read them: "vor 5 Minuten" / "5 minutes ago", and the exact time on hover.
//!
//! Relative times are worded here, for the app's two languages, so the server and the browser
//! write the same words; exact times come from the browser's `Intl` in the reader's time zone,
//! which the server cannot know (it writes UTC until the app takes over).

use chrono::{DateTime, Utc};
use schrieb_api::group_thousands;

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

/// "vor 5 Minuten", "gestern", "5 minutes ago", "yesterday" in `locale` (`de` or `en`, the
/// app's languages; anything else reads English). The words are written down here rather than
/// asked of the browser's `Intl.RelativeTimeFormat`, so that the server renders exactly what
/// the app renders; `tests/relative_time.rs` holds them to the browser's words.
pub fn format_relative(then: DateTime<Utc>, now: DateTime<Utc>, locale: &str) -> String {
    let (amount, unit) = relative_amount(then, now);
    if locale.starts_with("de") { german_relative(amount, unit) } else { english_relative(amount, unit) }
}

fn german_relative(amount: i64, unit: TimeUnit) -> String {
    let named = match (unit, amount) {
        (TimeUnit::Second, _) => Some("jetzt"),
        (TimeUnit::Day, -2) => Some("vorgestern"),
        (TimeUnit::Day, -1) => Some("gestern"),
        (TimeUnit::Day, 1) => Some("morgen"),
        (TimeUnit::Day, 2) => Some("übermorgen"),
        (TimeUnit::Month, -1) => Some("letzten Monat"),
        (TimeUnit::Month, 1) => Some("nächsten Monat"),
        (TimeUnit::Year, -1) => Some("letztes Jahr"),
        (TimeUnit::Year, 1) => Some("nächstes Jahr"),
        _ => None,
    };
    if let Some(named) = named {
        return named.to_owned();
    }
    let n = amount.unsigned_abs();
    // The dative after "vor" and "in": "vor 5 Tagen", "in 3 Monaten".
    let word = match (unit, n == 1) {
        (TimeUnit::Minute, true) => "Minute",
        (TimeUnit::Minute, false) => "Minuten",
        (TimeUnit::Hour, true) => "Stunde",
        (TimeUnit::Hour, false) => "Stunden",
        (TimeUnit::Day, true) => "Tag",
        (TimeUnit::Day, false) => "Tagen",
        (TimeUnit::Month, true) => "Monat",
        (TimeUnit::Month, false) => "Monaten",
        (TimeUnit::Year, true) => "Jahr",
        (TimeUnit::Year, false) => "Jahren",
        (TimeUnit::Second, _) => "Sekunden",
    };
    let number = group_thousands(usize::try_from(n).unwrap_or(usize::MAX), '.');
    if amount < 0 { format!("vor {number} {word}") } else { format!("in {number} {word}") }
}

fn english_relative(amount: i64, unit: TimeUnit) -> String {
    let named = match (unit, amount) {
        (TimeUnit::Second, _) => Some("now"),
        (TimeUnit::Day, -1) => Some("yesterday"),
        (TimeUnit::Day, 1) => Some("tomorrow"),
        (TimeUnit::Month, -1) => Some("last month"),
        (TimeUnit::Month, 1) => Some("next month"),
        (TimeUnit::Year, -1) => Some("last year"),
        (TimeUnit::Year, 1) => Some("next year"),
        _ => None,
    };
    if let Some(named) = named {
        return named.to_owned();
    }
    let n = amount.unsigned_abs();
    let word = match unit {
        TimeUnit::Second => "second",
        TimeUnit::Minute => "minute",
        TimeUnit::Hour => "hour",
        TimeUnit::Day => "day",
        TimeUnit::Month => "month",
        TimeUnit::Year => "year",
    };
    let plural = if n == 1 { "" } else { "s" };
    let number = group_thousands(usize::try_from(n).unwrap_or(usize::MAX), ',');
    if amount < 0 { format!("{number} {word}{plural} ago") } else { format!("in {number} {word}{plural}") }
}

/// The exact date and time in `locale`: "Freitag, 27. November 2026 um 14:05", for tooltips on
/// relative times. In the reader's time zone when `local` (in the browser, once the app has
/// taken the page over: [`crate::takeover::use_taken_over`]); before that, as the server renders
/// it, in UTC and saying so.
pub fn format_exact(time: DateTime<Utc>, locale: &str, local: bool) -> String {
    format_date(time, locale, DateStyle::Full, local)
}

/// Date and time for bylines: "27. November 2026 um 14:05"; `local` as for [`format_exact`].
pub fn format_byline(time: DateTime<Utc>, locale: &str, local: bool) -> String {
    format_date(time, locale, DateStyle::Long, local)
}

/// How much of the date is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateStyle {
    /// With the weekday.
    Full,
    /// Without.
    Long,
}

#[cfg(not(feature = "ssr"))]
fn format_date(time: DateTime<Utc>, locale: &str, style: DateStyle, local: bool) -> String {
    if local { intl::format_local(time, locale, style) } else { format_utc(time, locale, style) }
}

#[cfg(feature = "ssr")]
fn format_date(time: DateTime<Utc>, locale: &str, style: DateStyle, _local: bool) -> String {
    format_utc(time, locale, style)
}

/// The date in UTC, worded as `Intl.DateTimeFormat` words it in the reader's zone.
fn format_utc(time: DateTime<Utc>, locale: &str, style: DateStyle) -> String {
    use chrono::{Datelike, Timelike};
    const MONATE: [&str; 12] = [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ];
    const WOCHENTAGE: [&str; 7] = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"];
    const MONTHS: [&str; 12] = [
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
    const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    let (month, weekday) = (time.month0() as usize, time.weekday().num_days_from_monday() as usize);
    if locale.starts_with("de") {
        let day = format!("{}. {} {}", time.day(), MONATE[month], time.year());
        let date = if style == DateStyle::Full { format!("{}, {day}", WOCHENTAGE[weekday]) } else { day };
        format!("{date} um {:02}:{:02} UTC", time.hour(), time.minute())
    } else {
        let day = format!("{} {}, {}", MONTHS[month], time.day(), time.year());
        let date = if style == DateStyle::Full { format!("{}, {day}", WEEKDAYS[weekday]) } else { day };
        let (pm, hour) = time.hour12();
        format!("{date} at {hour}:{:02} {} UTC", time.minute(), if pm { "PM" } else { "AM" })
    }
}

/// The browser's own wording of dates, in the reader's time zone. Building an `Intl`
/// formatter costs far more than using one (about 80 µs against 2 µs in Chromium), so each is
/// built once per language and style and kept.
#[cfg(not(feature = "ssr"))]
mod intl {
    use std::cell::RefCell;

    use chrono::{DateTime, Utc};
    use js_sys::Intl::DateTimeFormat;
    use js_sys::{Array, Object, Reflect};
    use wasm_bindgen::JsValue;

    use super::DateStyle;

    thread_local! {
        static DATE_FORMATS: RefCell<Vec<(String, DateStyle, DateTimeFormat)>> = const { RefCell::new(Vec::new()) };
    }

    pub(super) fn format_local(time: DateTime<Utc>, locale: &str, style: DateStyle) -> String {
        #[allow(clippy::cast_precision_loss)] // milliseconds since 1970 fit an f64 exactly
        let date = js_sys::Date::new(&JsValue::from_f64(time.timestamp_millis() as f64));
        DATE_FORMATS.with_borrow_mut(|formats| {
            let at = match formats.iter().position(|(known, known_style, _)| known == locale && *known_style == style) {
                Some(at) => at,
                None => {
                    let options = Object::new();
                    let date_style = if style == DateStyle::Full { "full" } else { "long" };
                    let _ = Reflect::set(&options, &"dateStyle".into(), &date_style.into());
                    let _ = Reflect::set(&options, &"timeStyle".into(), &"short".into());
                    let locales = Array::of1(&JsValue::from_str(locale));
                    formats.push((locale.to_owned(), style, DateTimeFormat::new(&locales, &options)));
                    formats.len() - 1
                }
            };
            formats[at]
                .2
                .format()
                .call1(&JsValue::NULL, &date)
                .ok()
                .and_then(|text| text.as_string())
                .unwrap_or_default()
        })
    }
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
    fn relative_times_read_as_in_each_language() {
        let now = Utc::now();
        let at = |seconds: i64| now - Duration::seconds(seconds);
        let cases = [
            (10, "jetzt", "now"),
            (60, "vor 1 Minute", "1 minute ago"),
            (5 * 60, "vor 5 Minuten", "5 minutes ago"),
            (3600, "vor 1 Stunde", "1 hour ago"),
            (30 * 3600, "gestern", "yesterday"),
            (2 * 86_400, "vorgestern", "2 days ago"),
            (9 * 86_400, "vor 9 Tagen", "9 days ago"),
            (40 * 86_400, "letzten Monat", "last month"),
            (100 * 86_400, "vor 3 Monaten", "3 months ago"),
            (400 * 86_400, "letztes Jahr", "last year"),
            (-2 * 86_400, "übermorgen", "in 2 days"),
            (-5 * 60, "in 5 Minuten", "in 5 minutes"),
            (1_200 * 31_536_000, "vor 1.200 Jahren", "1,200 years ago"),
        ];
        for (seconds, german, english) in cases {
            assert_eq!(format_relative(at(seconds), now, "de"), german, "{seconds} s");
            assert_eq!(format_relative(at(seconds), now, "en"), english, "{seconds} s");
        }
    }

    #[test]
    fn exact_times_before_the_takeover_are_utc_and_say_so() {
        let time = DateTime::parse_from_rfc3339("2026-11-27T14:05:00Z").map(|t| t.with_timezone(&Utc));
        let time = time.unwrap_or_default();
        assert_eq!(format_utc(time, "de", DateStyle::Full), "Freitag, 27. November 2026 um 14:05 UTC");
        assert_eq!(format_utc(time, "de", DateStyle::Long), "27. November 2026 um 14:05 UTC");
        assert_eq!(format_utc(time, "en", DateStyle::Full), "Friday, November 27, 2026 at 2:05 PM UTC");
        assert_eq!(format_utc(time, "en", DateStyle::Long), "November 27, 2026 at 2:05 PM UTC");
    }

    #[test]
    fn future_times_count_forward() {
        assert_eq!(ago(-5 * 60), (5, TimeUnit::Minute));
    }
}
