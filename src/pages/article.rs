use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_params_map, use_query_map};
use schrieb_api::{ApiError, CommentId, ErrorKind, PageNumber, Slug};

use crate::api::{self, ClientError};
use crate::components::article::ArticleView;
use crate::components::comment::CommentCount;
use crate::components::editor::Composer;
use crate::components::feedback::{ErrorPanel, Missing, NotFoundNotice};
use crate::components::quote::{Authors, MultiQuote, SelectionPopover};
use crate::components::thread::{CommentSkeletons, ReplyBox, ThreadControl, ThreadPage};
use crate::i18n::{t, use_i18n};

/// `/a/{slug}?page=N#c{id}`: the article, then its discussion, one page at a time.
#[component]
pub fn ArticlePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let location = use_location();
    let slug = Memo::new(move |_| params.read().get("slug").and_then(|raw| Slug::parse(&raw).ok()));
    // A page number that is no number shows the first page rather than an error.
    let page = Memo::new(move |_| {
        query.read().get("page").and_then(|raw| PageNumber::parse(&raw).ok()).unwrap_or(PageNumber::FIRST)
    });
    let highlighted =
        Memo::new(move |_| location.hash.read().strip_prefix("#c").and_then(|id| id.parse().ok()).map(CommentId));

    let article = LocalResource::new(move || {
        let slug = slug.get();
        async move {
            match slug {
                Some(slug) => api::article(&slug).await,
                None => Err(unknown_slug()),
            }
        }
    });
    // Bumped by the thread's parts after a write (see `ThreadControl`).
    let version = RwSignal::new(0_u64);
    let comments = LocalResource::new(move || {
        version.track();
        let (slug, page) = (slug.get(), page.get());
        async move {
            match slug {
                Some(slug) => api::comments(&slug, page).await,
                None => Err(unknown_slug()),
            }
        }
    });

    // `#c{id}` of a comment that is not on the page shown (an old link without `?page=`, or a
    // page that has moved): ask where it stands and go there.
    let navigate = use_navigate();
    Effect::new(move |_| {
        let Some(target) = highlighted.get() else { return };
        let Some(Ok(shown)) = comments.get() else { return };
        if shown.items.iter().any(|comment| comment.id == target) {
            return;
        }
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            if let Ok(found) = api::comment(target).await {
                let path = format!("/a/{}?page={}#c{target}", found.article_slug, found.page);
                navigate(&path, NavigateOptions { replace: true, ..NavigateOptions::default() });
            }
        });
    });

    let discussion = move |base: String, count: u64, slug: Slug, guests: bool| {
        let comment_count = RwSignal::new(count);
        MultiQuote::provide(slug.clone());
        Composer::provide();
        Authors::provide();
        provide_context(ThreadControl { slug, guests, version, comment_count });
        view! {
            <section class="discussion" id="discussion" aria-labelledby="discussion-title">
                <h2 class="discussion__title" id="discussion-title">
                    {t!(i18n, article.discussion)}
                    <span class="discussion__count">{move || view! { <CommentCount count=comment_count.get()/> }}</span>
                </h2>
                <Transition fallback=|| view! { <CommentSkeletons/> }>
                    {move || {
                        let base = base.clone();
                        Suspend::new(async move {
                            match comments.await {
                                Ok(page) => view! { <ThreadPage page=page base=base highlighted=highlighted/> }.into_any(),
                                Err(error) => view! { <ErrorPanel error=error on_retry=move || comments.refetch()/> }.into_any(),
                            }
                        })
                    }}
                </Transition>
                <ReplyBox/>
                <SelectionPopover/>
            </section>
        }
    };

    view! {
        <Transition fallback=|| view! { <ArticleSkeleton/> }>
            {move || Suspend::new(async move {
                match article.await {
                    Ok(article) => {
                        let base = format!("/a/{}", article.slug);
                        let count = article.comment_count;
                        let slug = article.slug.clone();
                        let guests = article.guest_comments;
                        view! {
                            <Title text=article.title.clone()/>
                            <ArticleView article=article/>
                            {discussion(base, count, slug, guests)}
                        }
                        .into_any()
                    }
                    Err(error) if error.kind() == Some(ErrorKind::NotFound) => {
                        view! { <NotFoundNotice what=Missing::Article/> }.into_any()
                    }
                    Err(error) => view! { <ErrorPanel error=error on_retry=move || article.refetch()/> }.into_any(),
                }
            })}
        </Transition>
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
