use leptos::prelude::*;
use schrieb_api::CommentPage;

use super::{FreshComment, use_live_thread};
use crate::i18n::{t, use_i18n};
use crate::live_stream::StreamStatus;

/// Under the last page: "3 neue Beiträge – anzeigen" when comments were published since the
/// page was loaded, instead of moving the page under the reader. Announced politely to screen
/// readers; `on_show` is told the first of them.
#[component]
pub fn NewComments(
    /// The page shown.
    page: CommentPage,
    /// Told to show the new comments, from the first.
    on_show: Callback<FreshComment>,
) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live_thread();
    let last_page = page.page >= page.pages;
    let unseen = move || match live {
        Some(live) if last_page => live.unseen(&page),
        _ => Vec::new(),
    };
    view! {
        <div class="new-comments" role="status">
            {move || {
                let unseen = unseen();
                let first = *unseen.first()?;
                let count = unseen.len();
                let label = move || match count {
                    1 => t!(i18n, thread.new_one).into_any(),
                    count => t!(i18n, thread.new_many, count = count).into_any(),
                };
                Some(view! {
                    <button type="button" class="button new-comments__show" on:click=move |_| on_show.run(first)>
                        {label}
                    </button>
                })
            }}
        </div>
    }
}

/// A quiet line while the thread's live connection is lost, saying when it is tried again.
#[component]
pub fn LiveStatusLine() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live_thread();
    view! {
        <p class="live-status" role="status">
            {move || match live.map(|live| live.status.get()) {
                Some(StreamStatus::Lost(seconds)) => Some(t!(i18n, thread.live_lost, seconds = seconds).into_any()),
                Some(StreamStatus::Offline) => Some(t!(i18n, thread.live_offline).into_any()),
                _ => None,
            }}
        </p>
    }
}
