use leptos::prelude::*;
use schrieb_api::{PromoFrame, PromoSettings};

use super::promo_card_fields::{CardDraft, PromoCardFields};
use crate::api;
use crate::components::feedback::{ErrorMessage, ErrorPanel};
use crate::i18n::{t, t_string, use_i18n};
use crate::write::use_write;

/// A site's promotions ("Anzeige"): whether they show, after which post and how often, whether
/// signed-in readers see them, and what they show: cards (title, text, link, an uploaded
/// picture) in turn, or the site's own ad server in a frame. Off until the admin turns them on.
#[component]
pub fn PromosForm(
    /// The site.
    site: String,
) -> impl IntoView {
    let site = StoredValue::new(site);
    let loaded = LocalResource::new(move || async move { api::site_promos(&site.get_value()).await });
    view! {
        {move || match loaded.get() {
            None => ().into_any(),
            Some(Err(error)) => view! { <ErrorPanel error=error on_retry=move || loaded.refetch()/> }.into_any(),
            Some(Ok(settings)) => view! { <PromosFields site=site.get_value() settings=settings/> }.into_any(),
        }}
    }
}

/// The promotions' fields, filled with what the site has.
#[component]
fn PromosFields(site: String, settings: PromoSettings) -> impl IntoView {
    let i18n = use_i18n();
    let enabled = RwSignal::new(settings.enabled);
    let after = RwSignal::new(settings.after.to_string());
    let every = RwSignal::new(settings.every.to_string());
    let hide = RwSignal::new(settings.hide_signed_in);
    // Each card keeps its own key, so that removing one leaves the others' fields in place.
    let next_key = StoredValue::new(settings.cards.len());
    let cards = RwSignal::new(settings.cards.iter().map(CardDraft::of).enumerate().collect::<Vec<_>>());
    let frame = settings.frame.as_ref();
    let frame_url = RwSignal::new(frame.map(|frame| frame.url.clone()).unwrap_or_default());
    let frame_width = RwSignal::new(frame.map_or(300, |frame| frame.width).to_string());
    let frame_height = RwSignal::new(frame.map_or(250, |frame| frame.height).to_string());
    let problem = RwSignal::new(None::<String>);
    let site = StoredValue::new(site);
    let save = use_write(move |settings: &PromoSettings| {
        let settings = settings.clone();
        async move { api::set_site_promos(&site.get_value(), &settings).await }
    });
    let add = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        let empty =
            schrieb_api::PromoCard { title: String::new(), text: String::new(), link: String::new(), image: None };
        cards.update(|cards| cards.push((key, CardDraft::of(&empty))));
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let number = |value: RwSignal<String>| value.get_untracked().trim().parse::<u32>().ok();
        let url = frame_url.get_untracked().trim().to_owned();
        let frame = if url.is_empty() {
            Some(None)
        } else {
            number(frame_width).zip(number(frame_height)).map(|(width, height)| Some(PromoFrame { url, width, height }))
        };
        let (Some(after), Some(every), Some(frame)) = (number(after), number(every), frame) else {
            problem.set(Some(t_string!(i18n, admin.whole_numbers).to_owned()));
            return;
        };
        problem.set(None);
        save.send(PromoSettings {
            enabled: enabled.get_untracked(),
            after,
            every,
            hide_signed_in: hide.get_untracked(),
            cards: cards.get_untracked().iter().map(|(_, card)| card.card()).collect(),
            frame,
        });
    };
    let number_field = |id: &'static str, label: String, value: RwSignal<String>| {
        view! {
            <div class="field">
                <label class="field__label" for=id>{label}</label>
                <input class="field__input" type="number" min="1" step="1" id=id bind:value=value/>
            </div>
        }
    };
    let check = |id: &'static str, label: String, hint: Option<String>, value: RwSignal<bool>| {
        let hint_id = format!("{id}-hint");
        view! {
            <div class="field">
                <label class="notification-settings__check">
                    <input type="checkbox" id=id aria-describedby=hint.is_some().then(|| hint_id.clone())
                        prop:checked=value on:change=move |event| value.set(event_target_checked(&event))/>
                    <span>{label}</span>
                </label>
                {hint.map(|hint| view! { <p class="field__hint" id=hint_id>{hint}</p> })}
            </div>
        }
    };
    let site_name = site.get_value();
    view! {
        <form class="admin-form" on:submit=submit>
            {check("promos-enabled", t_string!(i18n, admin.promos_enabled).to_owned(), Some(t_string!(i18n, admin.promos_enabled_hint).to_owned()), enabled)}
            {number_field("promos-after", t_string!(i18n, admin.promos_after).to_owned(), after)}
            {number_field("promos-every", t_string!(i18n, admin.promos_every).to_owned(), every)}
            {check("promos-hide", t_string!(i18n, admin.promos_hide_signed_in).to_owned(), None, hide)}
            <fieldset class="admin-form__group">
                <legend>{t!(i18n, admin.promos_cards)}</legend>
                <For each=move || cards.get().into_iter().enumerate() key=|(_, (key, _))| *key
                    children=move |(index, (key, card))| {
                        let remove = Callback::new(move |()| cards.update(|cards| cards.retain(|(other, _)| *other != key)));
                        view! { <PromoCardFields site=site_name.clone() number=index + 1 card=card on_remove=remove/> }
                    }/>
                <button class="button button--quiet" type="button" on:click=add>{t!(i18n, admin.promos_card_add)}</button>
            </fieldset>
            <fieldset class="admin-form__group">
                <legend>{t!(i18n, admin.promos_frame)}</legend>
                <p class="field__hint" id="promos-frame-hint">{t!(i18n, admin.promos_frame_hint)}</p>
                <div class="field">
                    <label class="field__label" for="promos-frame-url">{t!(i18n, admin.promos_frame_url)}</label>
                    <input class="field__input" type="url" id="promos-frame-url" placeholder="https://"
                        aria-describedby="promos-frame-hint" bind:value=frame_url/>
                </div>
                {number_field("promos-frame-width", t_string!(i18n, admin.promos_frame_width).to_owned(), frame_width)}
                {number_field("promos-frame-height", t_string!(i18n, admin.promos_frame_height).to_owned(), frame_height)}
            </fieldset>
            {move || problem.get().map(|problem| view! { <p class="form-error" role="alert">{problem}</p> })}
            {move || save.failure.get().map(|error| view! { <ErrorMessage error=error/> })}
            <p role="status" class="admin-form__saved">
                {move || save.success.get().map(|_| t_string!(i18n, admin.saved))}
            </p>
            <button class="button" type="submit" disabled=move || save.pending.get()>{t!(i18n, admin.save_promos)}</button>
        </form>
    }
}
