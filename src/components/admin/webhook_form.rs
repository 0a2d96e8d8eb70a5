use leptos::prelude::*;
use schrieb_api::{CreatedWebhook, MAX_WEBHOOK_URL_CHARS, Reason, Webhook, WebhookEvent, WebhookRequest};

use super::event_label;
use crate::api;
use crate::components::feedback::{ErrorMessage, reason_text};
use crate::i18n::{t, use_i18n};
use crate::write::use_write;

/// What the form makes or changes.
#[derive(Debug, Clone)]
pub enum WebhookTarget {
    /// A new endpoint of this site.
    New(String),
    /// This endpoint.
    Existing(Webhook),
}

/// What the server answered a saved form.
#[derive(Debug, Clone)]
pub enum WebhookSaved {
    /// The new endpoint, with its secret (shown once).
    Created(CreatedWebhook),
    /// The endpoint as it is now.
    Changed(Webhook),
}

/// The address an endpoint is sent to and the events it hears of: checked by the API's rules
/// before sending (a broken rule is said at its field), then registered or changed. A new
/// endpoint's form empties itself once saved, for the next one.
#[component]
pub fn WebhookForm(
    /// What the form makes or changes.
    target: WebhookTarget,
    /// Told of what the server answered.
    on_saved: Callback<WebhookSaved>,
    /// Shown as a cancel button when given (changing an endpoint).
    #[prop(optional)]
    on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // The DOM ids: one form per endpoint may be open at once, beside the form for a new one.
    let prefix = match &target {
        WebhookTarget::New(_) => "webhook-new".to_owned(),
        WebhookTarget::Existing(webhook) => format!("webhook-{}", webhook.id),
    };
    let (url, events, active) = match &target {
        WebhookTarget::New(_) => (String::new(), vec![WebhookEvent::Published], true),
        WebhookTarget::Existing(webhook) => (webhook.url.clone(), webhook.events.clone(), webhook.active),
    };
    let url = RwSignal::new(url);
    let events = RwSignal::new(events);
    // Which field broke which rule, as the API's own check says before sending.
    let problem = RwSignal::new(None::<(&'static str, Reason)>);
    let url_input = NodeRef::<leptos::html::Input>::new();
    let adding = matches!(target, WebhookTarget::New(_));
    let target = StoredValue::new(target);
    let save = use_write(move |request: &WebhookRequest| {
        let request = request.clone();
        async move {
            let saved = match target.get_value() {
                WebhookTarget::New(site) => WebhookSaved::Created(api::add_webhook(&site, &request).await?),
                WebhookTarget::Existing(webhook) => {
                    WebhookSaved::Changed(api::change_webhook(webhook.id, &request).await?)
                }
            };
            if matches!(saved, WebhookSaved::Created(_)) {
                url.try_set(String::new());
                events.try_set(vec![WebhookEvent::Published]);
            }
            on_saved.run(saved);
            Ok(())
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let request =
            WebhookRequest { url: url.get_untracked().trim().to_owned(), events: events.get_untracked(), active };
        match request.check() {
            Ok(_) => {
                problem.set(None);
                save.send(request);
            }
            Err(broken) => {
                // The address is the field to mend: the cursor goes there (the events' message
                // is read out by its alert, beside the boxes the keyboard is at).
                if broken.field == "url"
                    && let Some(input) = url_input.get_untracked()
                {
                    let _ = input.focus();
                }
                problem.set(Some((broken.field, broken.reason)));
            }
        }
    };
    let problem_at = move |field: &'static str| {
        problem.get().filter(|(at, _)| *at == field).map(|(_, reason)| reason_text(i18n, &reason))
    };
    let url_id = format!("{prefix}-url");
    let url_hint = format!("{prefix}-url-hint");
    let url_error = format!("{prefix}-url-error");
    let events_error = format!("{prefix}-events-error");
    let events_described = events_error.clone();
    let described = {
        let (hint, error) = (url_hint.clone(), url_error.clone());
        move || if problem_at("url").is_some() { format!("{hint} {error}") } else { hint.clone() }
    };
    let choices = WebhookEvent::ALL
        .into_iter()
        .map(|event| {
            let chosen = move || events.with(|events| events.contains(&event));
            let toggle = move |_| {
                events.update(|events| {
                    if let Some(at) = events.iter().position(|had| *had == event) {
                        events.remove(at);
                    } else {
                        events.push(event);
                        events.sort_unstable();
                    }
                });
                problem.update(|problem| *problem = problem.take().filter(|(field, _)| *field != "events"));
            };
            view! {
                <label class="webhook-form__event">
                    <input type="checkbox" value=event.as_str() prop:checked=chosen on:change=toggle/>
                    " " {move || event_label(i18n, event)} " " <code>{event.as_str()}</code>
                </label>
            }
        })
        .collect_view();
    view! {
        <form class="admin-form webhook-form" on:submit=submit>
            <div class="field">
                <label class="field__label" for=url_id.clone()>{t!(i18n, webhooks.url)}</label>
                <input class="field__input" type="url" id=url_id inputmode="url" autocomplete="off" spellcheck="false"
                    maxlength=MAX_WEBHOOK_URL_CHARS.to_string() placeholder="https://"
                    aria-describedby=described aria-invalid=move || problem_at("url").is_some().then_some("true")
                    node_ref=url_input bind:value=url/>
                <p class="field__hint" id=url_hint>{t!(i18n, webhooks.url_hint)}</p>
                {move || problem_at("url").map(|text| view! { <p class="form-error" id=url_error.clone() role="alert">{text}</p> })}
            </div>
            <fieldset class="webhook-form__events" aria-describedby=move || problem_at("events").map(|_| events_described.clone())>
                <legend class="field__label">{t!(i18n, webhooks.events)}</legend>
                {choices}
                {move || problem_at("events").map(|text| view! { <p class="form-error" id=events_error.clone() role="alert">{text}</p> })}
            </fieldset>
            {move || save.failure.get().map(|error| view! { <ErrorMessage error=error/> })}
            <div class="webhook-form__actions">
                <button class="button" type="submit" disabled=move || save.pending.get()>
                    {move || if adding { t!(i18n, webhooks.add).into_any() } else { t!(i18n, webhooks.save).into_any() }}
                </button>
                {on_cancel.map(|cancel| view! {
                    <button class="button button--quiet" type="button" on:click=move |_| cancel.run(())>{t!(i18n, comment.cancel)}</button>
                })}
            </div>
        </form>
    }
}
