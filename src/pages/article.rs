use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};
use schrieb_api::{ApiError, CommentId, DiscussionState, ErrorKind, PageNumber, Slug};

use crate::api::{self, ClientError};
use crate::components::article::ArticleView;
use crate::components::feedback::{ErrorPanel, Missing, NotFoundNotice};
use crate::components::thread::{CommentSkeletons, Discussion, ThreadLinks};
use crate::first_screen::use_first_answers;
use crate::loaded::use_loaded;
use crate::takeover::use_taken_over;

/// `/a/{slug}?page=N#c{id}`: the article, then its discussion, one page at a time.
#[component]
pub fn ArticlePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let location = use_location();
    let slug = Memo::new(move |_| params.read().get("slug").and_then(|raw| Slug::parse(&raw).ok()));
    // A page number that is no number shows the first page rather than an error.
    let page = Memo::new(move |_| {
        query.read().get("page").and_then(|raw| PageNumber::parse(&raw).ok()).unwrap_or(PageNumber::FIRST)
    });
    // The server never sees the `#fragment`: the comment it names is marked once the app has
    // taken the page over.
    let taken_over = use_taken_over();
    let highlighted = Memo::new(move |_| {
        let named = location.hash.read().strip_prefix("#c").and_then(|id| id.parse().ok()).map(CommentId);
        named.filter(|_| taken_over.get())
    });

    let first = use_first_answers().take_article_of(slug.get_untracked().as_ref());
    let article = use_loaded(
        move || slug.get(),
        first,
        |slug| async move {
            match slug {
                Some(slug) => api::article(&slug).await,
                None => Err(unknown_slug()),
            }
        },
    );
    move || match article.get() {
        None => view! { <ArticleSkeleton/> }.into_any(),
        Some(Ok(article)) => {
            let (slug, count, guests) = (article.slug.clone(), article.comment_count, article.guest_comments);
            let state = article.discussion;
            let promos = article.promos.clone();
            let links = ThreadLinks::article(&slug);
            // Switched off: the article without a discussion.
            let discussion = (state != DiscussionState::Off).then(|| {
                view! {
                    <Discussion slug=slug comment_count=count guests=guests state=state links=links page=page
                        highlighted=highlighted promos=promos/>
                }
            });
            view! {
                <Title text=article.title.clone()/>
                <ArticleView article=article/>
                {discussion}
            }
            .into_any()
        }
        Some(Err(error)) if error.kind() == Some(ErrorKind::NotFound) => {
            view! { <NotFoundNotice what=Missing::Article/> }.into_any()
        }
        Some(Err(error)) => view! { <ErrorPanel error=error on_retry=move || article.reload()/> }.into_any(),
    }
}

fn unknown_slug() -> ClientError {
    ClientError::Api(ApiError::new(ErrorKind::NotFound, "no article has this slug"))
}

/// The article's shape in grey while it loads.
#[component]
fn ArticleSkeleton() -> impl IntoView {
    view! {
        <div class="article skeleton" aria-busy="true">
            <span class="skeleton__line skeleton__line--title"></span>
            <span class="skeleton__line skeleton__line--short"></span>
            <span class="skeleton__line"></span>
            <span class="skeleton__line"></span>
            <span class="skeleton__line"></span>
        </div>
        <CommentSkeletons/>
    }
}
