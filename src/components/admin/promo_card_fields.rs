use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api;
use crate::components::feedback::ErrorMessage;
use crate::i18n::{t, t_string, use_i18n};
use crate::write::use_write;

/// A promotion card as the form edits it.
#[derive(Debug, Clone, Copy)]
pub struct CardDraft {
    /// Its title.
    pub title: RwSignal<String>,
    /// Its text.
    pub text: RwSignal<String>,
    /// Where it leads.
    pub link: RwSignal<String>,
    /// Its picture, once uploaded: where schrieb serves it.
    pub image: RwSignal<Option<String>>,
}

impl CardDraft {
    /// A draft of `card`.
    pub fn of(card: &schrieb_api::PromoCard) -> Self {
        Self {
            title: RwSignal::new(card.title.clone()),
            text: RwSignal::new(card.text.clone()),
            link: RwSignal::new(card.link.clone()),
            image: RwSignal::new(card.image.clone()),
        }
    }

    /// The card it drafts.
    pub fn card(&self) -> schrieb_api::PromoCard {
        schrieb_api::PromoCard {
            title: self.title.get_untracked(),
            text: self.text.get_untracked(),
            link: self.link.get_untracked(),
            image: self.image.get_untracked(),
        }
    }
}

/// One card's fields in a fieldset of its own: title, text, link, and a picture uploaded at
/// once (schrieb checks and re-encodes it; a refusal says why in words).
#[component]
pub fn PromoCardFields(
    /// The site.
    site: String,
    /// Its number in the list, from 1 (labels and ids).
    number: usize,
    /// What it says.
    card: CardDraft,
    /// Told to remove the card.
    on_remove: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let site = StoredValue::new(site);
    let upload = use_write(move |file: &SendFile| {
        let file = file.0.clone();
        async move { api::upload_promo_image(&site.get_value(), file.take()).await }
    });
    Effect::new(move || {
        if let Some(uploaded) = upload.success.get() {
            card.image.set(Some(uploaded.image));
        }
    });
    let choose = move |event: leptos::ev::Event| {
        let Some(input) = event.target().and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            upload.send(SendFile(send_wrapper::SendWrapper::new(file)));
        }
    };
    let id = move |field: &str| format!("promo-{number}-{field}");
    view! {
        <fieldset class="admin-form__group promo-card-fields">
            <legend>{move || t_string!(i18n, admin.promos_card, number = number).to_string()}</legend>
            <div class="field">
                <label class="field__label" for=id("title")>{t!(i18n, admin.promos_card_title)}</label>
                <input class="field__input" id=id("title") maxlength="80" bind:value=card.title/>
            </div>
            <div class="field">
                <label class="field__label" for=id("text")>{t!(i18n, admin.promos_card_text)}</label>
                <textarea class="field__input" id=id("text") rows="2" maxlength="240" bind:value=card.text></textarea>
            </div>
            <div class="field">
                <label class="field__label" for=id("link")>{t!(i18n, admin.promos_card_link)}</label>
                <input class="field__input" id=id("link") type="url" placeholder="https://" bind:value=card.link/>
            </div>
            <div class="field field--file">
                <label class="field__label" for=id("image")>{t!(i18n, admin.promos_card_image)}</label>
                <input class="field__input" id=id("image") type="file" accept="image/png,image/jpeg,image/gif,image/webp"
                    on:change=choose disabled=move || upload.pending.get()/>
                {move || card.image.get().map(|src| view! {
                    <img class="promo-card-fields__image" src=src alt="" width="96" height="96"/>
                    <button class="button button--quiet" type="button" on:click=move |_| card.image.set(None)>
                        {t!(i18n, admin.promos_image_remove)}
                    </button>
                })}
                {move || upload.failure.get().map(|error| view! { <ErrorMessage error=error/> })}
            </div>
            <button class="button button--quiet" type="button" on:click=move |_| on_remove.run(())>
                {t!(i18n, admin.promos_card_remove)}
            </button>
        </fieldset>
    }
}

/// A picked file, for the upload action (actions take `Send` input; the app has one thread).
#[derive(Clone)]
pub struct SendFile(send_wrapper::SendWrapper<web_sys::File>);
