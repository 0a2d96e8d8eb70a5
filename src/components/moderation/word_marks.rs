use leptos::prelude::*;
use schrieb_api::WordMatch;

/// Characters of context shown on each side of a matched word.
const CONTEXT_CHARS: usize = 40;

/// The places in a comment where words of the site's lists matched, each with a little of the
/// text around it and the words themselves marked (`<mark>`), as plain text.
#[component]
pub fn WordMarks(
    /// The comment's body as written.
    body: String,
    /// The matches, in the order they stand.
    matches: Vec<WordMatch>,
) -> impl IntoView {
    let chars: Vec<char> = body.chars().collect();
    let slice = |from: usize, to: usize| chars[from.min(chars.len())..to.min(chars.len())].iter().collect::<String>();
    let places = matches
        .into_iter()
        .map(|word| {
            let (start, end) = (word.start as usize, word.end as usize);
            let from = start.saturating_sub(CONTEXT_CHARS);
            let to = (end + CONTEXT_CHARS).min(chars.len());
            let before = format!("{}{}", if from > 0 { "…" } else { "" }, slice(from, start));
            let after = format!("{}{}", slice(end, to), if to < chars.len() { "…" } else { "" });
            view! { <li class="word-marks__place">{before}<mark>{slice(start, end)}</mark>{after}</li> }
        })
        .collect_view();
    view! { <ul class="word-marks">{places}</ul> }
}
