use leptos::prelude::*;
use schrieb_api::{DiscussionState, ModerationMode, ModerationSettings, list_file};

use crate::api;
use crate::components::feedback::{ErrorMessage, ErrorPanel};
use crate::i18n::{t, t_string, use_i18n};
use crate::write::use_write;

/// A site's moderation rules: the mode, the report threshold, the link rules, the minimum
/// time to write, whether discussions are open, and whether links get preview cards (and
/// which hosts' links do not). Numbers are checked before sending (whole,
/// 0 or more); saved, the next comment is checked by them.
#[component]
pub fn RulesForm(
    /// The site.
    site: String,
) -> impl IntoView {
    let site = StoredValue::new(site);
    let loaded = LocalResource::new(move || async move { api::site_moderation(&site.get_value()).await });
    view! {
        {move || match loaded.get() {
            None => ().into_any(),
            Some(Err(error)) => view! { <ErrorPanel error=error on_retry=move || loaded.refetch()/> }.into_any(),
            Some(Ok(settings)) => view! { <RulesFields site=site.get_value() settings=settings/> }.into_any(),
        }}
    }
}

/// The rules' fields, filled with what the site has.
#[component]
fn RulesFields(site: String, settings: ModerationSettings) -> impl IntoView {
    let i18n = use_i18n();
    let mode = RwSignal::new(settings.mode.as_str().to_owned());
    let trust_after = RwSignal::new(settings.trust_after.to_string());
    let report_threshold = RwSignal::new(settings.report_threshold.to_string());
    let link_days = RwSignal::new(settings.link_min_account_days.to_string());
    let link_approved = RwSignal::new(settings.link_min_approved.to_string());
    let link_cap = RwSignal::new(settings.new_account_link_cap.map(|cap| cap.to_string()).unwrap_or_default());
    let compose = RwSignal::new(settings.min_compose_seconds.to_string());
    let discussion = RwSignal::new(settings.discussion.as_str().to_owned());
    let previews = RwSignal::new(settings.link_previews);
    let blocked_hosts = RwSignal::new(settings.preview_blocked_hosts.join("\n"));
    let problem = RwSignal::new(None::<String>);
    let site = StoredValue::new(site);
    let save = use_write(move |settings: &ModerationSettings| {
        let settings = settings.clone();
        async move { api::set_site_moderation(&site.get_value(), &settings).await }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let number = |value: RwSignal<String>| value.get_untracked().trim().parse::<u32>().ok();
        let cap = link_cap.get_untracked();
        let cap = if cap.trim().is_empty() { Some(None) } else { number(link_cap).map(Some) };
        let fields = (
            number(trust_after),
            number(report_threshold),
            number(link_days),
            number(link_approved),
            cap,
            number(compose),
        );
        let (Some(trust_after), Some(report_threshold), Some(link_days), Some(link_approved), Some(cap), Some(compose)) =
            fields
        else {
            problem.set(Some(t_string!(i18n, admin.whole_numbers).to_owned()));
            return;
        };
        problem.set(None);
        save.send(ModerationSettings {
            mode: ModerationMode::from_name(&mode.get_untracked()).unwrap_or_default(),
            trust_after,
            report_threshold,
            link_min_account_days: link_days,
            link_min_approved: link_approved,
            new_account_link_cap: cap,
            min_compose_seconds: compose,
            discussion: DiscussionState::from_name(&discussion.get_untracked()).unwrap_or_default(),
            link_previews: previews.get_untracked(),
            preview_blocked_hosts: list_file(&blocked_hosts.get_untracked()).map(str::to_owned).collect(),
        });
    };
    let number_field = |id: &'static str, label: String, hint: String, value: RwSignal<String>| {
        let hint_id = format!("{id}-hint");
        view! {
            <div class="field">
                <label class="field__label" for=id>{label}</label>
                <input class="field__input" type="number" min="0" step="1" id=id aria-describedby=hint_id.clone()
                    bind:value=value/>
                <p class="field__hint" id=hint_id>{hint}</p>
            </div>
        }
    };
    let modes = ModerationMode::ALL
        .into_iter()
        .map(|choice| {
            let label = match choice {
                ModerationMode::Post => t_string!(i18n, admin.mode_post),
                ModerationMode::All => t_string!(i18n, admin.mode_all),
                ModerationMode::Guests => t_string!(i18n, admin.mode_guests),
                ModerationMode::NewAccounts => t_string!(i18n, admin.mode_new_accounts),
            };
            let value = choice.as_str();
            view! { <option value=value selected=move || mode.get() == value>{label}</option> }
        })
        .collect_view();
    let discussions = DiscussionState::ALL
        .into_iter()
        .map(|choice| {
            let label = match choice {
                DiscussionState::Open => t_string!(i18n, admin.discussion_open),
                DiscussionState::Closed => t_string!(i18n, admin.discussion_closed),
                DiscussionState::Off => t_string!(i18n, admin.discussion_off),
            };
            let value = choice.as_str();
            view! { <option value=value selected=move || discussion.get() == value>{label}</option> }
        })
        .collect_view();
    view! {
        <form class="admin-form" on:submit=submit>
            <div class="field">
                <label class="field__label" for="rules-mode">{t!(i18n, admin.mode)}</label>
                <select class="field__input" id="rules-mode" bind:value=mode>{modes}</select>
            </div>
            {number_field("rules-trust", t_string!(i18n, admin.trust_after).to_owned(), t_string!(i18n, admin.trust_after_hint).to_owned(), trust_after)}
            {number_field("rules-reports", t_string!(i18n, admin.report_threshold).to_owned(), t_string!(i18n, admin.report_threshold_hint).to_owned(), report_threshold)}
            {number_field("rules-link-days", t_string!(i18n, admin.link_days).to_owned(), t_string!(i18n, admin.link_days_hint).to_owned(), link_days)}
            {number_field("rules-link-approved", t_string!(i18n, admin.link_approved).to_owned(), t_string!(i18n, admin.link_approved_hint).to_owned(), link_approved)}
            {number_field("rules-link-cap", t_string!(i18n, admin.link_cap).to_owned(), t_string!(i18n, admin.link_cap_hint).to_owned(), link_cap)}
            {number_field("rules-compose", t_string!(i18n, admin.compose_seconds).to_owned(), t_string!(i18n, admin.compose_seconds_hint).to_owned(), compose)}
            <div class="field">
                <label class="field__label" for="rules-discussion">{t!(i18n, admin.discussion)}</label>
                <select class="field__input" id="rules-discussion" bind:value=discussion>{discussions}</select>
            </div>
            <div class="field">
                <label class="notification-settings__check">
                    <input type="checkbox" id="rules-previews" aria-describedby="rules-previews-hint"
                        prop:checked=previews on:change=move |event| previews.set(event_target_checked(&event))/>
                    <span>{t!(i18n, admin.link_previews)}</span>
                </label>
                <p class="field__hint" id="rules-previews-hint">{t!(i18n, admin.link_previews_hint)}</p>
            </div>
            <div class="field">
                <label class="field__label" for="rules-preview-hosts">{t!(i18n, admin.preview_blocked_hosts)}</label>
                <textarea class="field__input" id="rules-preview-hosts" rows="4" aria-describedby="rules-preview-hosts-hint"
                    bind:value=blocked_hosts></textarea>
                <p class="field__hint" id="rules-preview-hosts-hint">{t!(i18n, admin.preview_blocked_hosts_hint)}</p>
            </div>
            {move || problem.get().map(|problem| view! { <p class="form-error" role="alert">{problem}</p> })}
            {move || save.failure.get().map(|error| view! { <ErrorMessage error=error/> })}
            <p role="status" class="admin-form__saved">
                {move || save.success.get().map(|_| t_string!(i18n, admin.saved))}
            </p>
            <button class="button" type="submit" disabled=move || save.pending.get()>{t!(i18n, admin.save_rules)}</button>
        </form>
    }
}
