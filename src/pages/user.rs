use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use schrieb_api::{ApiError, ErrorKind, UserId};

use crate::api::{self, ClientError};
use crate::components::feedback::{ErrorPanel, Missing, NotFoundNotice};
use crate::components::profile::ProfileView;
use crate::components::thread::CommentSkeletons;

/// `/u/{id}`: a person's public profile, where mentions of them link.
#[component]
pub fn UserPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|raw| raw.parse::<i64>().ok()).map(UserId));
    let profile = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::user(id).await,
                None => Err(ClientError::Api(ApiError::new(ErrorKind::NotFound, "no user has this id"))),
            }
        }
    });
    view! {
        <section class="profile" aria-labelledby="profile-title">
            <Transition fallback=|| view! { <CommentSkeletons count=2/> }>
                {move || Suspend::new(async move {
                    match profile.await {
                        Ok(profile) => view! {
                            <Title text=profile.display_name.clone()/>
                            <ProfileView profile=profile/>
                        }
                        .into_any(),
                        Err(error) if error.kind() == Some(ErrorKind::NotFound) => {
                            view! { <NotFoundNotice what=Missing::User/> }.into_any()
                        }
                        Err(error) => view! { <ErrorPanel error=error on_retry=move || profile.refetch()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
