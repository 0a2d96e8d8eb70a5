use leptos::prelude::*;

use crate::i18n::{t, use_i18n};

/// What was not found, for the wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// A path no route has.
    Page,
    /// An article slug.
    Article,
    /// A comment id.
    Comment,
    /// A user id.
    User,
}

/// A real not-found page: what is missing, and the way home.
#[component]
pub fn NotFoundNotice(
    /// What is missing.
    what: Missing,
) -> impl IntoView {
    let i18n = use_i18n();
    let explanation = move || match what {
        Missing::Page => t!(i18n, not_found.page).into_any(),
        Missing::Article => t!(i18n, not_found.article).into_any(),
        Missing::Comment => t!(i18n, not_found.comment).into_any(),
        Missing::User => t!(i18n, not_found.user).into_any(),
    };
    view! {
        <section class="not-found" aria-labelledby="not-found-title">
            <p class="not-found__code" aria-hidden="true">"404"</p>
            <h1 id="not-found-title">{t!(i18n, not_found.title)}</h1>
            <p>{explanation}</p>
            <p><a class="button" href="/">{t!(i18n, not_found.home)}</a></p>
        </section>
    }
}
