use leptos::prelude::*;
use schrieb_api::{CommentId, LiveKind};

use super::use_live_thread;
use crate::i18n::{t, use_i18n};

/// In the reply editor: "a comment you are quoting has been edited (or is gone)", when a live
/// event says so of a comment `text` quotes; said until the quote is taken out or the comment
/// is back.
#[component]
pub fn QuotedChanged(
    /// The reply being written.
    text: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let notice = RwSignal::new(None::<(CommentId, LiveKind)>);
    if let Some(live) = use_live_thread() {
        Effect::new(move |_| {
            let Some((id, kind)) = live.last_change.get() else { return };
            if !text.with_untracked(|text| quotes(text, id)) {
                return;
            }
            match kind {
                LiveKind::Edited | LiveKind::Deleted | LiveKind::Held => notice.set(Some((id, kind))),
                LiveKind::Restored | LiveKind::Approved => notice.set(None),
                LiveKind::Published | LiveKind::Reacted => {}
            }
        });
        // Taking the quote out ends the notice.
        Effect::new(move |_| {
            let Some((id, _)) = notice.get() else { return };
            if !text.with(|text| quotes(text, id)) {
                notice.set(None);
            }
        });
    }
    view! {
        <p class="reply-box__notice" role="status">
            {move || notice.get().map(|(_, kind)| match kind {
                LiveKind::Edited => t!(i18n, thread.quoted_changed).into_any(),
                _ => t!(i18n, thread.quoted_gone).into_any(),
            })}
        </p>
    }
}

/// Whether `text` quotes comment `id` itself (not inside another quote).
fn quotes(text: &str, id: CommentId) -> bool {
    schrieb_markup::parse(text).quotes().iter().any(|quote| !quote.nested && quote.source.comment == id.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_replys_own_quotes_count() {
        let text = "[quote=7 author=\"Martin\"]\nErst\n[quote=3 author=\"Eva\"]\nso\n[/quote]\ndann\n[/quote]\n\nJa.";
        assert!(quotes(text, CommentId(7)));
        assert!(!quotes(text, CommentId(3)), "quoted by the quoted comment, not by the reply");
        assert!(!quotes("Kein Zitat.", CommentId(7)));
    }
}
