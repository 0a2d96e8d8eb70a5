use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use schrieb_api::Role;
use schrieb_api::paths::AppLink;

use crate::api;
use crate::components::account::LoginForm;
use crate::components::admin::{
    EmailDomainsForm, MailStatusPanel, PromosForm, RulesForm, SiteExport, WebhooksPanel, WordListsForm,
};
use crate::components::feedback::ErrorPanel;
use crate::i18n::{t, t_string, use_i18n};
use crate::session::use_session;

/// `/admin?site=NAME`: what admins set: a site's moderation rules, word lists and webhooks, and
/// its export (the site chosen at the top, the first one unless the address names another), and
/// the email domains nobody registers with; and how the server's mail stands.
#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let administers = move || session.me.with(|me| me.as_ref().is_some_and(|me| me.role == Role::Admin));
    view! {
        <Title text=move || t_string!(i18n, admin.title).to_owned()/>
        <section class="desk admin" aria-labelledby="admin-title">
            <h1 id="admin-title">{t!(i18n, admin.title)}</h1>
            {move || match session.me.get() {
                Some(_) if administers() => view! { <Settings/> }.into_any(),
                Some(_) => view! { <p class="desk__refused" role="alert">{t!(i18n, admin.only_admins)}</p> }.into_any(),
                None if session.known.get() => view! { <LoginForm next=AppLink::Admin(None).href()/> }.into_any(),
                None => ().into_any(),
            }}
        </section>
    }
}

/// The site picker and the forms.
#[component]
fn Settings() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let sites = LocalResource::new(api::admin_sites);
    let chosen = Memo::new(move |_| {
        let asked = query.read().get("site");
        let names = sites.get().and_then(Result::ok).map(|list| list.items).unwrap_or_default();
        asked.filter(|name| names.contains(name)).or_else(|| names.first().cloned())
    });
    let on_site = move |event: leptos::ev::Event| {
        let name = event_target_value(&event);
        navigate(&AppLink::Admin(Some(&name)).href(), Default::default());
    };
    let options = move || {
        let names = sites.get().and_then(Result::ok).map(|list| list.items).unwrap_or_default();
        names
            .into_iter()
            .map(|name| {
                let selected = chosen.get().as_deref() == Some(name.as_str());
                view! { <option value=name.clone() selected=selected>{name.clone()}</option> }
            })
            .collect_view()
    };
    view! {
        {move || sites.get().and_then(Result::err).map(|error| view! { <ErrorPanel error=error on_retry=move || sites.refetch()/> })}
        <div class="field admin__site">
            <label class="field__label" for="admin-site">{t!(i18n, admin.site)}</label>
            <select class="field__input" id="admin-site" on:change=on_site>{options}</select>
        </div>
        {move || chosen.get().map(|site| view! {
            <section class="admin__section" aria-labelledby="admin-rules">
                <h2 id="admin-rules">{t!(i18n, admin.rules_title)}</h2>
                <RulesForm site=site.clone()/>
            </section>
            <section class="admin__section" aria-labelledby="admin-words">
                <h2 id="admin-words">{t!(i18n, admin.words_title)}</h2>
                <WordListsForm site=site.clone()/>
            </section>
            <section class="admin__section" aria-labelledby="admin-webhooks">
                <h2 id="admin-webhooks">{t!(i18n, admin.webhooks_title)}</h2>
                <WebhooksPanel site=site.clone()/>
            </section>
            <section class="admin__section" aria-labelledby="admin-promos">
                <h2 id="admin-promos">{t!(i18n, admin.promos_title)}</h2>
                <PromosForm site=site.clone()/>
            </section>
            <section class="admin__section" aria-labelledby="admin-export">
                <h2 id="admin-export">{t!(i18n, admin.export_title)}</h2>
                <SiteExport site=site/>
            </section>
        })}
        <section class="admin__section" aria-labelledby="admin-domains">
            <h2 id="admin-domains">{t!(i18n, admin.domains_title)}</h2>
            <EmailDomainsForm/>
        </section>
        <section class="admin__section" aria-labelledby="admin-mail">
            <h2 id="admin-mail">{t!(i18n, admin.mail_title)}</h2>
            <MailStatusPanel/>
        </section>
    }
}
