use leptos::prelude::*;
use schrieb_api::paths::AppLink;
use schrieb_api::{CommentState, Notification, NotificationKind};

use crate::components::comment::RelativeTime;
use crate::i18n::{t, t_string, use_i18n};

/// One notification: what happened, where, the comment's first words, when; a link straight to
/// the comment (its page, highlighted), which also marks it read, and "mark as read".
#[component]
pub fn NotificationItem(
    /// The notification.
    notification: Notification,
    /// Told to mark it read.
    on_read: Callback<schrieb_api::NotificationId>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Notification {
        id,
        kind,
        comment,
        article_slug,
        article_title,
        page,
        actor,
        excerpt,
        visible,
        outcome,
        reason,
        read,
        at,
    } = notification;
    let name = actor.unwrap_or_default();
    let what = move || match (kind, outcome) {
        (NotificationKind::Reply, _) => t_string!(i18n, notifications.reply, name = name.clone()).to_string(),
        (NotificationKind::Quote, _) => t_string!(i18n, notifications.quote, name = name.clone()).to_string(),
        (NotificationKind::Mention, _) => t_string!(i18n, notifications.mention, name = name.clone()).to_string(),
        (NotificationKind::Followed, _) => t_string!(i18n, notifications.followed, name = name.clone()).to_string(),
        (NotificationKind::Moderation, Some(CommentState::Published)) => {
            t_string!(i18n, notifications.approved).to_owned()
        }
        (NotificationKind::Moderation, _) => t_string!(i18n, notifications.rejected).to_owned(),
        (NotificationKind::Reactions, _) => t_string!(i18n, notifications.reactions).to_owned(),
    };
    let href = AppLink::InThread(&article_slug, page, comment).href();
    let read = RwSignal::new(read);
    let mark = move || {
        if !read.get_untracked() {
            read.set(true);
            on_read.run(id);
        }
    };
    let title = article_title.clone();
    view! {
        <li class="notification" class:notification--unread=move || !read.get()>
            <p class="notification__what">
                <a class="notification__link" href=href on:click=move |_| mark()>{what}</a>
                " "
                <span class="notification__where">{move || t_string!(i18n, notifications.in_article, title = title.clone()).to_string()}</span>
            </p>
            {if visible {
                (!excerpt.is_empty()).then(|| view! { <p class="notification__excerpt">{excerpt}</p> }).into_any()
            } else {
                view! { <p class="notification__excerpt notification__excerpt--gone">{t!(i18n, notifications.gone)}</p> }.into_any()
            }}
            {reason.map(|reason| view! {
                <p class="notification__reason">{move || t_string!(i18n, notifications.reason, reason = reason.clone()).to_string()}</p>
            })}
            <p class="notification__meta">
                <RelativeTime time=at/>
                {move || (!read.get()).then(|| view! {
                    " · " <span class="notification__unread">{t!(i18n, notifications.unread)}</span> " · "
                    <button type="button" class="link-button" on:click=move |_| mark()>{t!(i18n, notifications.mark_read)}</button>
                })}
            </p>
        </li>
    }
}
