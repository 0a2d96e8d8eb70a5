use leptos::prelude::*;
use leptos_i18n::Locale as _;
use schrieb_api::Article;

use crate::components::markup::{MarkupView, safe_href};
use crate::i18n::{t, use_i18n};
use crate::takeover::use_taken_over;
use crate::time::format_byline;

/// The article: headline, byline, body and the note with its "read the full article" link.
#[component]
pub fn ArticleView(
    /// The article.
    article: Article,
) -> impl IntoView {
    let i18n = use_i18n();
    let Article { title, author, published_at, body, note, canonical_url, lang, .. } = article;
    let local = use_taken_over();
    let date = move || format_byline(published_at, i18n.get_locale().as_str(), local.get());
    let full_article = safe_href(&canonical_url).map(|href| {
        view! {
            <a class="article__full-link" href=href.to_owned() rel="noopener" target="_blank">
                {t!(i18n, article.read_full)} <span aria-hidden="true">" →"</span>
                <span class="visually-hidden">" (" {t!(i18n, comment.link_hint)} ")"</span>
            </a>
        }
    });
    view! {
        <article class="article" lang=lang>
            <header class="article__header">
                <h1 class="article__title">{title}</h1>
                <p class="article__byline">
                    <span class="article__author">{t!(i18n, article.by, author = author.clone())}</span>
                    " · "
                    <time datetime=published_at.to_rfc3339()>{date}</time>
                </p>
            </header>
            <div class="article__body">
                <MarkupView source=body/>
            </div>
            <aside class="article__note">
                {note.map(|note| view! { <p>{note}</p> })}
                {full_article}
            </aside>
        </article>
    }
}
