use leptos::prelude::*;

use crate::i18n::{t, use_i18n};

/// "52 Kommentare" / "1 comment".
///
/// German and English share the plural rule "one for 1, many otherwise", so two keys serve
/// both. leptos_i18n's CLDR plurals need its ICU data in the Wasm bundle; when a language with
/// other rules arrives, switch to them here, in the one place that counts comments.
#[component]
pub fn CommentCount(
    /// How many comments.
    count: u64,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        if count == 1 {
            t!(i18n, comment.count_one, count = 1).into_any()
        } else {
            t!(i18n, comment.count_many, count = count).into_any()
        }
    }
}
