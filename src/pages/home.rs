use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use schrieb_api::ArticleSummary;

use crate::api;
use crate::components::comment::CommentCount;
use crate::components::feedback::ErrorPanel;
use crate::i18n::{t, t_string, use_i18n};
use crate::takeover::use_taken_over;
use crate::time::format_byline;

/// `/`: the articles, newest first, with their comment counts.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let articles = LocalResource::new(api::articles);
    view! {
        <Title text=move || t_string!(i18n, home.title).to_string()/>
        <section class="home">
            <h1 class="home__title">{t!(i18n, home.title)}</h1>
            <Transition fallback=|| view! { <div class="skeleton__line skeleton__line--title" aria-hidden="true"></div> }>
                {move || Suspend::new(async move {
                    match articles.await {
                        Ok(list) if list.items.is_empty() => view! { <p>{t!(i18n, home.empty)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="article-list">{list.items.into_iter().map(|a| view! { <ArticleEntry article=a/> }).collect_view()}</ul>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorPanel error=error on_retry=move || articles.refetch()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// One article in the list.
#[component]
fn ArticleEntry(article: ArticleSummary) -> impl IntoView {
    let i18n = use_i18n();
    let ArticleSummary { slug, title, author, published_at, comment_count } = article;
    let local = use_taken_over();
    let date = move || format_byline(published_at, i18n.get_locale().as_str(), local.get());
    view! {
        <li class="article-list__item">
            <a class="article-list__title" href=format!("/a/{slug}")>{title}</a>
            <p class="article-list__meta">
                {t!(i18n, home.by, author = author.clone())} " · " <time datetime=published_at.to_rfc3339()>{date}</time>
                " · "
                <a href=format!("/a/{slug}#discussion")><CommentCount count=comment_count/></a>
            </p>
        </li>
    }
}
