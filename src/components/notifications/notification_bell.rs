use leptos::prelude::*;
use schrieb_api::paths::AppLink;

use crate::i18n::{t_string, use_i18n};
use crate::unread::{keep_unread_current, use_unread};

/// In the header, for someone logged in: a bell to their notifications, with the unread count.
/// The count is kept current as [`crate::unread`] describes: live from the server's event
/// stream, or read now and then where there is none.
#[component]
pub fn NotificationBell() -> impl IntoView {
    let i18n = use_i18n();
    let unread = use_unread();
    keep_unread_current(unread);
    let label = move || match unread.count.get() {
        Some(1) => t_string!(i18n, notifications.bell_unread_one).to_owned(),
        Some(count) if count > 1 => t_string!(i18n, notifications.bell_unread_many, count = count).to_string(),
        _ => t_string!(i18n, notifications.bell).to_owned(),
    };
    view! {
        <a class="user-menu__bell" href=AppLink::Notifications(1).href() aria-label=label title=label>
            <svg class="user-menu__bell-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"/>
            </svg>
            {move || unread.count.get().filter(|count| *count > 0).map(|count| view! {
                <span class="user-menu__badge" aria-hidden="true">{if count > 99 { "99+".to_owned() } else { count.to_string() }}</span>
            })}
        </a>
    }
}
