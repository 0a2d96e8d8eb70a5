use leptos::html;
use leptos::prelude::*;
use leptos_use::{UseClipboardReturn, use_clipboard};
use schrieb_api::CreatedWebhook;

use crate::i18n::{t, use_i18n};

/// A new endpoint's signing secret, shown this once (the server keeps no way to show it
/// again): in a read-only field to select, with a button that copies it. It takes the focus
/// when it appears, so a keyboard or screen reader user lands on it after adding.
#[component]
pub fn WebhookSecret(
    /// The endpoint just made, with its secret.
    created: CreatedWebhook,
    /// Told when the admin has put the secret away.
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let UseClipboardReturn { is_supported, copied, copy, .. } = use_clipboard();
    let heading = NodeRef::<html::H3>::new();
    Effect::new(move || {
        if let Some(heading) = heading.get() {
            let _ = heading.focus();
        }
    });
    let field_id = format!("webhook-{}-secret", created.webhook.id);
    let secret = created.secret.clone();
    let copy_secret = move |_| copy(&secret);
    view! {
        <section class="webhook-secret" aria-labelledby="webhook-secret-title">
            <h3 id="webhook-secret-title" tabindex="-1" node_ref=heading>{t!(i18n, webhooks.secret_title)}</h3>
            <p><code class="webhook-secret__url">{created.webhook.url.clone()}</code></p>
            <div class="field">
                <label class="field__label" for=field_id.clone()>{t!(i18n, webhooks.secret)}</label>
                <input class="field__input webhook-secret__value" id=field_id readonly spellcheck="false"
                    aria-describedby="webhook-secret-hint" value=created.secret.clone()
                    on:focus=|event| {
                        // Selected whole at once: ready to copy by keyboard.
                        event_target::<web_sys::HtmlInputElement>(&event).select();
                    }/>
                <p class="field__hint" id="webhook-secret-hint">{t!(i18n, webhooks.secret_hint)}</p>
            </div>
            <div class="webhook-form__actions">
                {move || is_supported.get().then(|| view! {
                    <button class="button button--small" type="button" on:click=copy_secret.clone()>{t!(i18n, webhooks.copy)}</button>
                })}
                <button class="button button--quiet button--small" type="button" on:click=move |_| on_done.run(())>
                    {t!(i18n, webhooks.secret_done)}
                </button>
                <span role="status" class="webhook-secret__copied">{move || copied.get().then_some(t!(i18n, webhooks.copied))}</span>
            </div>
        </section>
    }
}
