use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use schrieb_api::paths::{AppLink, DESK_LOG_QUEUE};
use schrieb_api::{QueueCounts, QueueFilter, QueueState};

use crate::api;
use crate::components::account::LoginForm;
use crate::components::moderation::{LogList, LogOf, QueueFilters, QueueView};
use crate::i18n::{t, t_string, use_i18n};
use crate::session::use_session;

/// How often the desk counts its queues again while it is open, in seconds.
const RECOUNT_SECONDS: u64 = 30;

/// `/moderation?queue=pending|reported|rejected&article=…&author=…&reason=…&sort=…`: the
/// moderation desk, for moderators and admins. Tabs for the queues with their counts (counted
/// again after each decision and every half minute), the filter, and the chosen queue.
#[component]
pub fn ModerationPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let queue = Memo::new(move |_| match query.read().get("queue").as_deref() {
        Some("reported") => QueueState::Reported,
        Some("rejected") => QueueState::Rejected,
        _ => QueueState::Pending,
    });
    // `?queue=log`: the log of decisions instead of a queue.
    let log = Memo::new(move |_| query.read().get("queue").as_deref() == Some(DESK_LOG_QUEUE));
    let filter = Memo::new(move |_| QueueFilter::from_query(|name| query.read().get(name)));
    let moderates = move || session.me.with(|me| me.as_ref().is_some_and(|me| me.role.moderates()));
    view! {
        <Title text=move || t_string!(i18n, moderation.title).to_owned()/>
        <section class="desk" aria-labelledby="desk-title">
            <h1 id="desk-title">{t!(i18n, moderation.title)}</h1>
            {move || match session.me.get() {
                Some(_) if moderates() => view! { <Desk queue=queue log=log filter=filter/> }.into_any(),
                Some(_) => view! { <p class="desk__refused" role="alert">{t!(i18n, moderation.only_moderators)}</p> }.into_any(),
                None if session.known.get() => view! { <LoginForm next=AppLink::Moderation.href()/> }.into_any(),
                None => ().into_any(),
            }}
        </section>
    }
}

/// The tabs, the filter and the chosen queue, or the log.
#[component]
fn Desk(queue: Memo<QueueState>, log: Memo<bool>, filter: Memo<QueueFilter>) -> impl IntoView {
    let i18n = use_i18n();
    let counts = LocalResource::new(api::moderation_counts);
    // Paused when the desk goes (leptos-use cleans up after itself).
    let _recount = leptos_use::use_interval_fn(move || counts.refetch(), RECOUNT_SECONDS * 1000);
    let count = move |state: QueueState| {
        let counts: QueueCounts = counts.get()?.ok()?;
        Some(match state {
            QueueState::Pending => counts.pending,
            QueueState::Reported => counts.reported,
            QueueState::Rejected => counts.rejected,
        })
    };
    let tab = move |state: QueueState| {
        let label = match state {
            QueueState::Pending => t_string!(i18n, moderation.tab_pending),
            QueueState::Reported => t_string!(i18n, moderation.tab_reported),
            QueueState::Rejected => t_string!(i18n, moderation.tab_rejected),
        };
        // A tab keeps the filter: the same article's reported comments, say.
        let href = move || AppLink::Desk(state, &filter.get()).href();
        view! {
            <li>
                <a class="desk__tab" href=href aria-current=move || (!log.get() && queue.get() == state).then_some("page")>
                    {label} {move || count(state).map(|count| view! { " " <span class="desk__count">{count}</span> })}
                </a>
            </li>
        }
    };
    let on_decided = Callback::new(move |()| counts.refetch());
    view! {
        <nav class="desk__tabs" aria-label=move || t_string!(i18n, moderation.tabs_label).to_owned()>
            <ul>
                {tab(QueueState::Pending)}
                {tab(QueueState::Reported)}
                {tab(QueueState::Rejected)}
                <li>
                    <a class="desk__tab" href=AppLink::DeskLog.href()
                        aria-current=move || log.get().then_some("page")>
                        {t!(i18n, moderation.tab_log)}
                    </a>
                </li>
            </ul>
        </nav>
        {move || if log.get() {
            view! {
                <h2 class="desk__queue-title">{t!(i18n, moderation.log_title)}</h2>
                <LogList of=LogOf::All id="desk-log".to_owned()/>
            }
            .into_any()
        } else {
            let state = queue.get();
            view! {
                <QueueFilters state=queue filter=filter/>
                {move || {
                    let filter = filter.get();
                    view! { <QueueView state=state filter=filter on_decided=on_decided/> }
                }}
            }
            .into_any()
        }}
    }
}
