use leptos::prelude::*;
use schrieb_api::paths::AppLink;
use schrieb_api::{MarkReadRequest, NotificationId, NotificationPage};

use super::NotificationItem;
use crate::api;
use crate::components::feedback::ErrorMessage;
use crate::i18n::{t, t_string, use_i18n};
use crate::unread::use_unread;
use crate::write::use_write;

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
    let mark = use_write(move |request: &MarkReadRequest| {
        let request = request.clone();
        async move {
            let answer = api::mark_read(&request).await?;
            left.set(answer.unread);
            unread.count.set(Some(answer.unread));
            Ok(())
        }
    });
    let on_read = Callback::new(move |id: NotificationId| {
        mark.send(MarkReadRequest { ids: Some(vec![id]), all: None });
    });
    if items.is_empty() {
        return view! { <p class="notifications__empty">{t!(i18n, notifications.none)}</p> }.into_any();
    }
    let mark_all = move |_| {
        all_read.set(true);
        mark.send(MarkReadRequest { ids: None, all: Some(true) });
    };
    view! {
        <div class="notifications__tools">
            {move || (left.get() > 0).then(|| view! {
                <button type="button" class="button button--quiet button--small" on:click=mark_all>
                    {t!(i18n, notifications.mark_all_read)}
                </button>
            })}
            {move || mark.failure.get().map(|error| view! { <ErrorMessage error=error/> })}
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
