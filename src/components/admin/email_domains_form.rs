use leptos::prelude::*;
use schrieb_api::BlockedDomains;

use super::{FileImport, append_lines};
use crate::api;
use crate::components::feedback::{ErrorMessage, ErrorPanel, reason_text};
use crate::i18n::{t, t_string, use_i18n};
use crate::write::use_write;

/// The email domains nobody registers with (a domain blocks its subdomains too), one per line,
/// edited here or imported from a text file; checked before sending, replaced whole.
#[component]
pub fn EmailDomainsForm() -> impl IntoView {
    let loaded = LocalResource::new(api::email_domains);
    view! {
        {move || match loaded.get() {
            None => ().into_any(),
            Some(Err(error)) => view! { <ErrorPanel error=error on_retry=move || loaded.refetch()/> }.into_any(),
            Some(Ok(domains)) => view! { <DomainFields domains=domains/> }.into_any(),
        }}
    }
}

#[component]
fn DomainFields(domains: BlockedDomains) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(domains.domains.join("\n"));
    let problem = RwSignal::new(None::<String>);
    let save = use_write(move |domains: &BlockedDomains| {
        let domains = domains.clone();
        async move { api::set_email_domains(&domains).await }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let domains =
            BlockedDomains { domains: schrieb_api::list_file(&text.get_untracked()).map(str::to_owned).collect() };
        match domains.check() {
            Ok(()) => {
                problem.set(None);
                save.send(domains);
            }
            Err(error) => problem.set(Some(reason_text(i18n, &error.reason))),
        }
    };
    let import = Callback::new(move |imported: String| append_lines(text, &imported));
    let saved = move || {
        save.success
            .get()
            .map(|domains| t_string!(i18n, admin.domains_saved, count = domains.domains.len()).to_string())
    };
    view! {
        <form class="admin-form" on:submit=submit>
            <div class="field">
                <label class="field__label" for="email-domains">{t!(i18n, admin.email_domains)}</label>
                <textarea class="field__input" id="email-domains" rows="6" aria-describedby="email-domains-hint"
                    bind:value=text></textarea>
                <p class="field__hint" id="email-domains-hint">{t!(i18n, admin.email_domains_hint)}</p>
                <FileImport id="email-domains-file".into() on_text=import/>
            </div>
            {move || problem.get().map(|problem| view! { <p class="form-error" role="alert">{problem}</p> })}
            {move || save.failure.get().map(|error| view! { <ErrorMessage error=error/> })}
            <p role="status" class="admin-form__saved">{saved}</p>
            <button class="button" type="submit" disabled=move || save.pending.get()>{t!(i18n, admin.save_domains)}</button>
        </form>
    }
}
