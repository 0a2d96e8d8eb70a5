use chrono::SecondsFormat;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use schrieb_api::{Webhook, WebhookRequest};

use super::{WebhookDeliveries, WebhookForm, WebhookSaved, WebhookTarget, event_label};
use crate::api;
use crate::components::feedback::ErrorMessage;
use crate::i18n::{t, t_string, use_i18n};
use crate::takeover::use_taken_over;
use crate::time::format_byline;
use crate::write::use_write;

/// One of a site's endpoints: its address, events and whether deliveries go out (and why the
/// server turned it off, if it did); buttons to turn it on or off, change it, delete it (asked
/// twice) and open its delivery log.
#[component]
pub fn WebhookItem(
    /// The endpoint.
    webhook: Webhook,
    /// Told when it changed or is gone: the list is read again.
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let local = use_taken_over();
    let id = webhook.id;
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let showing_log = RwSignal::new(false);
    let log_id = format!("webhook-{id}-log");
    let title_id = format!("webhook-{id}-title");
    let labelled_by = title_id.clone();
    let switch = use_write(move |request: &WebhookRequest| {
        let request = request.clone();
        async move {
            api::change_webhook(id, &request).await?;
            on_change.run(());
            Ok(())
        }
    });
    let remove = use_write(move |(): &()| async move {
        api::delete_webhook(id).await?;
        on_change.run(());
        Ok(())
    });
    let turn = {
        let request =
            WebhookRequest { url: webhook.url.clone(), events: webhook.events.clone(), active: !webhook.active };
        move |_| switch.send(request.clone())
    };
    let saved = Callback::new(move |_: WebhookSaved| {
        editing.set(false);
        on_change.run(());
    });
    let events = webhook.events.iter().map(|event| {
        let event = *event;
        view! { <li>{move || event_label(i18n, event)} " " <code>{event.as_str()}</code></li> }
    });
    let events = events.collect_view();
    let state = match (webhook.active, webhook.disabled_reason.clone()) {
        (true, _) => {
            view! { <span class="webhook__state webhook__state--on">{t!(i18n, webhooks.on)}</span> }.into_any()
        }
        (false, None) => view! { <span class="webhook__state">{t!(i18n, webhooks.off)}</span> }.into_any(),
        // The server's reason is its own (English) sentence, as its log has it.
        (false, Some(reason)) => view! {
            <span class="webhook__state webhook__state--stopped">{t!(i18n, webhooks.stopped)} " " <q>{reason}</q></span>
        }
        .into_any(),
    };
    let created = webhook.created_at;
    let created_text = move || format_byline(created, i18n.get_locale().as_str(), local.get());
    let active = webhook.active;
    let editable = webhook.clone();
    view! {
        <li class="webhook" aria-labelledby=labelled_by>
            <h3 class="webhook__url" id=title_id><code>{webhook.url.clone()}</code></h3>
            <p class="webhook__facts">
                {state} " · " {t!(i18n, webhooks.since)} " "
                <time datetime=created.to_rfc3339_opts(SecondsFormat::Secs, true)>{created_text}</time>
            </p>
            <ul class="webhook__events" aria-label=move || t_string!(i18n, webhooks.events).to_owned()>{events}</ul>
            {move || editing.get().then(|| view! {
                <WebhookForm target=WebhookTarget::Existing(editable.clone()) on_saved=saved
                    on_cancel=Callback::new(move |()| editing.set(false))/>
            })}
            <div class="webhook__actions">
                // Turning off is the quiet choice; a stopped endpoint's way back is the prominent one.
                <button class=if active { "button button--quiet button--small" } else { "button button--small" } type="button"
                    disabled=move || switch.pending.get() on:click=turn>
                    {move || if active { t!(i18n, webhooks.turn_off).into_any() } else { t!(i18n, webhooks.turn_on).into_any() }}
                </button>
                {move || (!editing.get()).then(|| view! {
                    <button class="button button--quiet button--small" type="button" on:click=move |_| editing.set(true)>
                        {t!(i18n, webhooks.change)}
                    </button>
                })}
                {move || (!confirming.get()).then(|| view! {
                    <button class="button button--quiet button--small" type="button" on:click=move |_| confirming.set(true)>
                        {t!(i18n, webhooks.delete)}
                    </button>
                })}
                {move || confirming.get().then(|| view! {
                    <span class="webhook__confirm" role="group" aria-label=move || t_string!(i18n, webhooks.delete_question).to_owned()>
                        {t!(i18n, webhooks.delete_question)} " "
                        <button class="button button--small" type="button" disabled=move || remove.pending.get()
                            on:click=move |_| remove.send(())>{t!(i18n, webhooks.delete_yes)}</button>
                        " "
                        <button class="button button--quiet button--small" type="button" on:click=move |_| confirming.set(false)>
                            {t!(i18n, comment.cancel)}
                        </button>
                    </span>
                })}
                <button class="button button--quiet button--small" type="button" aria-controls=log_id.clone()
                    aria-expanded=move || showing_log.get().to_string()
                    on:click=move |_| showing_log.update(|open| *open = !*open)>
                    {t!(i18n, webhooks.deliveries)}
                </button>
            </div>
            {move || switch.failure.get().or_else(|| remove.failure.get()).map(|error| view! { <ErrorMessage error=error/> })}
            <div id=log_id class="webhook__log">
                {move || showing_log.get().then(|| view! { <WebhookDeliveries id=id/> })}
            </div>
        </li>
    }
}
