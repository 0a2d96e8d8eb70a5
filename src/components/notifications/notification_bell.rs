use leptos::prelude::*;
use schrieb_api::paths::AppLink;

use crate::api;
use crate::i18n::{t_string, use_i18n};
use crate::unread::{EVERY, use_unread};

/// In the header, for someone logged in: a bell to their notifications, with the unread count.
/// The count is read once the app has the page, then every [`EVERY`] while the page is
/// visible, and whenever [`crate::unread::Unread::refresh`] asks.
#[component]
pub fn NotificationBell() -> impl IntoView {
    let i18n = use_i18n();
    let unread = use_unread();
    // Only the newest read's answer counts: an older one may come back after it.
    let latest = StoredValue::new(0_u64);
    Effect::new(move |_| {
        let asked = unread.asked();
        latest.set_value(asked);
        leptos::task::spawn_local(async move {
            if let Ok(answer) = api::unread().await
                && latest.try_get_value() == Some(asked)
            {
                unread.count.try_set(Some(answer.unread));
            }
        });
    });
    // Logged out (the bell goes): the next account starts without this one's count.
    on_cleanup(move || {
        unread.count.try_set(None);
    });
    Effect::new(move |_| {
        let tick = set_interval_with_handle(
            move || {
                if !document().hidden() {
                    unread.refresh();
                }
            },
            EVERY,
        );
        on_cleanup(move || {
            if let Ok(tick) = tick {
                tick.clear();
            }
        });
    });
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
