use chrono::{DateTime, SecondsFormat, Utc};
use leptos::prelude::*;
use leptos_i18n::Locale as _;

use crate::clock::use_now;
use crate::i18n::use_i18n;
use crate::takeover::use_taken_over;
use crate::time::{format_exact, format_relative};

/// A `<time>` saying how long ago something was ("vor 5 Minuten"), with the exact time as
/// its tooltip; it follows the language and the app's clock.
#[component]
pub fn RelativeTime(
    /// The moment to show.
    time: DateTime<Utc>,
) -> impl IntoView {
    let i18n = use_i18n();
    let now = use_now();
    let relative = move || format_relative(time, now.get(), i18n.get_locale().as_str());
    let local = use_taken_over();
    let exact = move || format_exact(time, i18n.get_locale().as_str(), local.get());
    view! {
        <time datetime=time.to_rfc3339_opts(SecondsFormat::Secs, true) title=exact>
            {relative}
        </time>
    }
}
