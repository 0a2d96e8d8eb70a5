use leptos::prelude::*;
use schrieb_api::UserProfile;

use super::UserCommentItem;
use crate::components::comment::{Avatar, CommentCount, RelativeTime};
use crate::i18n::{t, use_i18n};

/// A profile: avatar, name, since when and how much they wrote, then their latest comments.
#[component]
pub fn ProfileView(
    /// The profile as loaded.
    profile: UserProfile,
) -> impl IntoView {
    let i18n = use_i18n();
    let UserProfile { display_name, joined_at, comment_count, recent, .. } = profile;
    let list = if recent.is_empty() {
        view! { <p class="profile__empty">{t!(i18n, profile.none)}</p> }.into_any()
    } else {
        let items = recent.into_iter().map(|comment| view! { <UserCommentItem comment=comment/> }).collect_view();
        view! { <ol class="profile__comments">{items}</ol> }.into_any()
    };
    view! {
        <header class="profile__header">
            <Avatar name=display_name.clone()/>
            <div>
                <h1 class="profile__name" id="profile-title">{display_name}</h1>
                <p class="profile__meta">
                    {t!(i18n, profile.joined)} " " <RelativeTime time=joined_at/>
                    " · " <CommentCount count=comment_count/>
                </p>
            </div>
        </header>
        <h2 class="profile__recent">{t!(i18n, profile.recent)}</h2>
        {list}
    }
}
