use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map};
use schrieb_api::{ApiError, CommentId, ErrorKind};

use crate::api::{self, ClientError};
use crate::components::feedback::{ErrorPanel, Missing, NotFoundNotice};
use crate::components::thread::CommentSkeletons;

/// `/c/{id}`: finds the comment's article and page, then moves on to
/// `/a/{slug}?page=N#c{id}` (replacing this entry in the history).
#[component]
pub fn PermalinkPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|raw| raw.parse::<i64>().ok()).map(CommentId));
    let target = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::comment(id).await,
                None => Err(ClientError::Api(ApiError::new(ErrorKind::NotFound, "no comment has this id"))),
            }
        }
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(found)) = target.get() {
            let path = format!("/a/{}?page={}#c{}", found.article_slug, found.page, found.comment.id);
            navigate(&path, NavigateOptions { replace: true, ..NavigateOptions::default() });
        }
    });
    view! {
        <Transition fallback=|| view! { <CommentSkeletons count=1/> }>
            {move || Suspend::new(async move {
                match target.await {
                    Ok(_) => view! { <CommentSkeletons count=1/> }.into_any(),
                    Err(error) if error.kind() == Some(ErrorKind::NotFound) => {
                        view! { <NotFoundNotice what=Missing::Comment/> }.into_any()
                    }
                    Err(error) => view! { <ErrorPanel error=error on_retry=move || target.refetch()/> }.into_any(),
                }
            })}
        </Transition>
    }
}
