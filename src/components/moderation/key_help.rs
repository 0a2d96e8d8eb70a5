use leptos::prelude::*;

use crate::i18n::{t, use_i18n};

/// The desk's keys, listed (shown with `?`).
#[component]
pub fn KeyHelp() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="key-help" id="key-help" aria-labelledby="key-help-title">
            <h2 class="key-help__title" id="key-help-title">{t!(i18n, moderation.keys_title)}</h2>
            <dl class="key-help__list">
                <dt><kbd>"j"</kbd> " / " <kbd>"k"</kbd></dt><dd>{t!(i18n, moderation.key_move)}</dd>
                <dt><kbd>"a"</kbd></dt><dd>{t!(i18n, moderation.key_approve)}</dd>
                <dt><kbd>"r"</kbd></dt><dd>{t!(i18n, moderation.key_reject)}</dd>
                <dt><kbd>"e"</kbd></dt><dd>{t!(i18n, moderation.key_edit)}</dd>
                <dt><kbd>"b"</kbd></dt><dd>{t!(i18n, moderation.key_ban)}</dd>
                <dt><kbd>"s"</kbd></dt><dd>{t!(i18n, moderation.key_suspend)}</dd>
                <dt><kbd>"n"</kbd></dt><dd>{t!(i18n, moderation.key_note)}</dd>
                <dt><kbd>"x"</kbd></dt><dd>{t!(i18n, moderation.key_choose)}</dd>
                <dt><kbd>"?"</kbd></dt><dd>{t!(i18n, moderation.key_help)}</dd>
            </dl>
        </section>
    }
}
