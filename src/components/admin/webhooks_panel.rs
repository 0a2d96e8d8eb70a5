use leptos::prelude::*;
use schrieb_api::{CreatedWebhook, MAX_WEBHOOKS_PER_SITE, WebhookList};

use super::{WebhookForm, WebhookItem, WebhookSaved, WebhookSecret, WebhookTarget};
use crate::api;
use crate::components::feedback::ErrorPanel;
use crate::i18n::{t, use_i18n};
use crate::loaded::use_loaded;

/// A site's webhooks: the endpoints its comments' events are posted to (signed as Standard
/// Webhooks describes), each with its delivery log; a form to add one, after which its secret
/// is shown once.
#[component]
pub fn WebhooksPanel(
    /// The site.
    site: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let site = StoredValue::new(site);
    let list = use_loaded(|| (), None, move |()| async move { api::site_webhooks(&site.get_value()).await });
    let created = RwSignal::new(None::<CreatedWebhook>);
    let reload = Callback::new(move |()| list.reload());
    let saved = Callback::new(move |saved: WebhookSaved| {
        if let WebhookSaved::Created(new) = saved {
            created.set(Some(new));
        }
        list.reload();
    });
    let shown = move |WebhookList { items }: WebhookList| {
        let full = items.len() >= MAX_WEBHOOKS_PER_SITE;
        let endpoints = if items.is_empty() {
            view! { <p class="webhooks__none">{t!(i18n, webhooks.none)}</p> }.into_any()
        } else {
            let items = items
                .into_iter()
                .map(|webhook| view! { <WebhookItem webhook=webhook on_change=reload/> })
                .collect_view();
            view! { <ul class="webhooks__list">{items}</ul> }.into_any()
        };
        let adding = if full {
            view! { <p class="webhooks__full">{t!(i18n, webhooks.full, max = MAX_WEBHOOKS_PER_SITE)}</p> }.into_any()
        } else {
            view! { <WebhookForm target=WebhookTarget::New(site.get_value()) on_saved=saved/> }.into_any()
        };
        view! {
            {endpoints}
            <h3 class="webhooks__add">{t!(i18n, webhooks.add_title)}</h3>
            {adding}
        }
    };
    view! {
        <div class="webhooks">
            <p class="webhooks__intro">{t!(i18n, webhooks.intro)}</p>
            {move || created.get().map(|new| view! { <WebhookSecret created=new on_done=Callback::new(move |()| created.set(None))/> })}
            {move || match list.get() {
                None => ().into_any(),
                Some(Err(error)) => view! { <ErrorPanel error=error on_retry=move || list.reload()/> }.into_any(),
                Some(Ok(answer)) => shown(answer).into_any(),
            }}
        </div>
    }
}
