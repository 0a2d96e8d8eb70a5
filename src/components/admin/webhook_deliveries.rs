use chrono::{DateTime, SecondsFormat, Utc};
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use schrieb_api::{DeliveryState, WebhookDelivery, WebhookDeliveryPage, WebhookId};

use super::event_label;
use crate::api;
use crate::components::feedback::ErrorPanel;
use crate::i18n::{t, t_string, use_i18n};
use crate::loaded::use_loaded;
use crate::takeover::use_taken_over;
use crate::time::format_byline;

/// An endpoint's delivery log, newest first, a page at a time: each event sent, whether it
/// arrived, how often it was tried, what the endpoint last answered (or what went wrong) and
/// when the next try is due. Read when opened and again on the reload button.
#[component]
pub fn WebhookDeliveries(
    /// The endpoint.
    id: WebhookId,
) -> impl IntoView {
    let i18n = use_i18n();
    let page = RwSignal::new(1_u32);
    let log = use_loaded(move || page.get(), None, move |page| api::webhook_deliveries(id, page));
    let caption_id = format!("webhook-{id}-deliveries");
    let shown = move |answer: WebhookDeliveryPage| {
        let WebhookDeliveryPage { items, page: current, pages, total } = answer;
        if items.is_empty() {
            return view! { <p class="webhook-log__none">{t!(i18n, webhooks.no_deliveries)}</p> }.into_any();
        }
        let (caption_id, region_label) = (caption_id.clone(), caption_id.clone());
        view! {
            // Wide on a narrow screen: it scrolls sideways, by keyboard too.
            <div class="admin-table__scroll" role="region" tabindex="0" aria-labelledby=region_label>
                <table class="admin-table">
                    <caption id=caption_id>
                        {move || t_string!(i18n, webhooks.log_caption, count = total).to_string()}
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, webhooks.log_event)}</th>
                            <th scope="col">{t!(i18n, webhooks.log_state)}</th>
                            <th scope="col" class="admin-table__number">{t!(i18n, webhooks.log_attempts)}</th>
                            <th scope="col">{t!(i18n, webhooks.log_answer)}</th>
                            <th scope="col">{t!(i18n, webhooks.log_at)}</th>
                        </tr>
                    </thead>
                    <tbody>{items.into_iter().map(|delivery| view! { <DeliveryRow delivery=delivery/> }).collect_view()}</tbody>
                </table>
            </div>
            {(pages > 1).then(|| view! {
                <div class="webhook-log__pages">
                    <button class="button button--quiet button--small" type="button" disabled=current <= 1
                        on:click=move |_| page.set(current.saturating_sub(1).max(1))>{t!(i18n, notifications.newer)}</button>
                    <span>{move || t_string!(i18n, notifications.page, page = current, pages = pages).to_string()}</span>
                    <button class="button button--quiet button--small" type="button" disabled=current >= pages
                        on:click=move |_| page.set(current + 1)>{t!(i18n, notifications.older)}</button>
                </div>
            })}
        }
        .into_any()
    };
    view! {
        <div class="webhook-log">
            {move || match log.get() {
                None => ().into_any(),
                Some(Err(error)) => view! { <ErrorPanel error=error on_retry=move || log.reload()/> }.into_any(),
                Some(Ok(answer)) => shown(answer).into_any(),
            }}
            <button class="button button--quiet button--small" type="button" on:click=move |_| log.reload()>
                {t!(i18n, webhooks.reload)}
            </button>
        </div>
    }
}

/// One delivery: the event (and its message id, which the receiver sees as `webhook-id`), how
/// it stands, the attempts, the last answer, when the event happened and the next try.
#[component]
fn DeliveryRow(delivery: WebhookDelivery) -> impl IntoView {
    let i18n = use_i18n();
    let local = use_taken_over();
    let WebhookDelivery { message_id, event, state, attempts, response_status, error, created_at, next_attempt_at } =
        delivery;
    let when = move |at: DateTime<Utc>| format_byline(at, i18n.get_locale().as_str(), local.get());
    let state_text = move || match state {
        DeliveryState::Pending => t_string!(i18n, webhooks.pending),
        DeliveryState::Delivered => t_string!(i18n, webhooks.delivered),
        DeliveryState::Failed => t_string!(i18n, webhooks.failed),
    };
    let state_class = match state {
        DeliveryState::Pending => "webhook-log__state webhook-log__state--pending",
        DeliveryState::Delivered => "webhook-log__state webhook-log__state--delivered",
        DeliveryState::Failed => "webhook-log__state webhook-log__state--failed",
    };
    let answer = response_status.map(|status| view! { <span class="webhook-log__status">"HTTP " {status}</span> });
    let error = error.map(|error| view! { <span class="webhook-log__error">{error}</span> });
    let next = next_attempt_at.map(|at| {
        view! {
            <br/>
            <span class="webhook-log__next">
                {t!(i18n, webhooks.next_attempt)} " "
                <time datetime=at.to_rfc3339_opts(SecondsFormat::Secs, true)>{move || when(at)}</time>
            </span>
        }
    });
    view! {
        <tr>
            <td>{move || event_label(i18n, event)} <br/> <code class="webhook-log__id">{message_id}</code></td>
            <td><span class=state_class>{state_text}</span></td>
            <td class="admin-table__number">{attempts}</td>
            <td class="webhook-log__answer">{answer} " " {error}</td>
            <td>
                <time datetime=created_at.to_rfc3339_opts(SecondsFormat::Secs, true)>{move || when(created_at)}</time>
                {next}
            </td>
        </tr>
    }
}
