use leptos::prelude::*;
use schrieb_api::paths::AppLink;
use schrieb_api::{MarkReadRequest, NotificationId, NotificationPage};

use super::NotificationItem;
use crate::api::{self, ClientError};
use crate::components::feedback::ErrorMessage;
use crate::i18n::{t, t_string, use_i18n};
use crate::unread::use_unread;

/// A page of the reader's notifications, newest first, with "mark all as read" and links to
/// the newer and older pages.
#[component]
pub fn NotificationList(
    /// The page.
    page: NotificationPage,
) -> impl IntoView {
    let i18n = use_i18n();
    let unread = use_unread();
    let NotificationPage { items, unread: unread_now, page: current, pages, .. } = page;
    let left = RwSignal::new(unread_now);
    // Every item the list shows as read once "all" went through.
    let all_read = RwSignal::new(false);
    // Each mark is its own request (a click is never dropped because another is on its way);
    // the last answer says how many are left.
    let failure = RwSignal::new(None::<ClientError>);
    let mark = move |request: MarkReadRequest| {
        leptos::task::spawn_local(async move {
            match api::mark_read(&request).await {
                Ok(answer) => {
                    left.try_set(answer.unread);
                    unread.count.try_set(Some(answer.unread));
                    failure.try_set(None);
                }
                Err(error) => {
                    failure.try_set(Some(error));
                }
            }
        });
    };
    let on_read = Callback::new(move |id: NotificationId| mark(MarkReadRequest { ids: Some(vec![id]), all: None }));
    if items.is_empty() {
        return view! { <p class="notifications__empty">{t!(i18n, notifications.none)}</p> }.into_any();
    }
    let mark_all = move |_| {
        all_read.set(true);
        mark(MarkReadRequest { ids: None, all: Some(true) });
    };
    view! {
        <div class="notifications__tools">
            {move || (left.get() > 0).then(|| view! {
                <button type="button" class="button button--quiet button--small" on:click=mark_all>
                    {t!(i18n, notifications.mark_all_read)}
                </button>
            })}
            {move || failure.get().map(|error| view! { <ErrorMessage error=error/> })}
        </div>
        {move || {
            // Marking all read draws the list again, each item read.
            let read_all = all_read.get();
            view! {
                <ol class="notifications__list">
                    {items
                        .iter()
                        .cloned()
                        .map(|mut item| {
                            item.read |= read_all;
                            view! { <NotificationItem notification=item on_read=on_read/> }
                        })
                        .collect_view()}
                </ol>
            }
        }}
        {(pages > 1).then(|| view! {
            <nav class="notifications__pages" aria-label=move || t_string!(i18n, notifications.page, page = current, pages = pages).to_string()>
                {(current > 1).then(|| view! { <a href=AppLink::Notifications(current - 1).href()>{t!(i18n, notifications.newer)}</a> })}
                " " {move || t_string!(i18n, notifications.page, page = current, pages = pages).to_string()} " "
                {(current < pages).then(|| view! { <a href=AppLink::Notifications(current + 1).href()>{t!(i18n, notifications.older)}</a> })}
            </nav>
        })}
    }
    .into_any()
}
