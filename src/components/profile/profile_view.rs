use leptos::prelude::*;
use leptos_meta::Link;
use schrieb_api::UserProfile;
use schrieb_api::paths::FeedLink;

use super::UserCommentItem;
use crate::components::comment::{Avatar, CommentCount, RelativeTime};
use crate::i18n::{t, t_string, use_i18n};

/// A profile: avatar, name, since when and how much they wrote, then their latest comments, and
/// their feed (linked in the page's head too, for feed readers to find).
#[component]
pub fn ProfileView(
    /// The profile as loaded.
    profile: UserProfile,
) -> impl IntoView {
    let i18n = use_i18n();
    let UserProfile { id, display_name, joined_at, comment_count, recent } = profile;
    let feed = FeedLink::User(id).to_string();
    let list = if recent.is_empty() {
        view! { <p class="profile__empty">{t!(i18n, profile.none)}</p> }.into_any()
    } else {
        let items = recent.into_iter().map(|comment| view! { <UserCommentItem comment=comment/> }).collect_view();
        view! { <ol class="profile__comments">{items}</ol> }.into_any()
    };
    // leptos_meta's `Link` takes its title as it is: the language the page has now.
    let feed_title = t_string!(i18n, feeds.user_title, name = display_name.clone()).to_string();
    view! {
        <Link rel="alternate" type_="application/atom+xml" href=feed.clone() title=feed_title/>
        <header class="profile__header">
            <Avatar name=display_name.clone()/>
            <div>
                <h1 class="profile__name" id="profile-title">{display_name}</h1>
                <p class="profile__meta">
                    {t!(i18n, profile.joined)} " " <RelativeTime time=joined_at/>
                    " · " <CommentCount count=comment_count/>
                    " · " <a href=feed>{t!(i18n, profile.feed)}</a>
                </p>
            </div>
        </header>
        <h2 class="profile__recent">{t!(i18n, profile.recent)}</h2>
        {list}
    }
}
