use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use schrieb_api::paths::AppLink;
use schrieb_api::{ErrorKind, MailLanguage, UnsubscribeOffer};

use crate::api;
use crate::components::feedback::ErrorPanel;
use crate::components::layout::chosen_locale;
use crate::components::notifications::UnsubscribeForm;
use crate::i18n::{Locale, t, t_string, use_i18n};
use crate::loaded::use_loaded;

/// `/unsubscribe?token=…`: where the unsubscribe link of a notification mail leads, logged in
/// or not. Reading the link changes nothing (mail scanners open links too): the page says
/// which mail it came with and offers what it can stop, and only the reader's button stops
/// it. (A mail program's one-click unsubscribe posts to the same address; the server answers
/// that.) An unknown link is said in words.
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = query.with_untracked(|query| query.get("token")).map(|token| token.trim().to_owned());
    let token = token.filter(|token| !token.is_empty());
    let offer = use_loaded(
        || (),
        None,
        move |()| {
            let token = token.clone();
            async move {
                let Some(token) = token else { return Ok(None) };
                let offer = api::unsubscribe_offer(&token).await?;
                Ok(Some((token, offer)))
            }
        },
    );
    // In the language the mail was written in, unless the reader chose one for the site: the
    // page goes on where the mail left off.
    Effect::new(move |_| {
        if let Some(Ok(Some((_, UnsubscribeOffer { language, .. })))) = offer.get()
            && chosen_locale().is_none()
        {
            i18n.set_locale(match language {
                MailLanguage::De => Locale::de,
                MailLanguage::En => Locale::en,
            });
        }
    });
    let unknown = move || {
        view! {
            <p class="form-error unsubscribe__unknown" role="alert">{t!(i18n, unsubscribe.unknown)}</p>
            <p>{t!(i18n, unsubscribe.settings_more)}</p>
            <p><a href=AppLink::NotificationSettings.href()>{t!(i18n, unsubscribe.settings_link)}</a></p>
        }
    };
    view! {
        <Title text=move || t_string!(i18n, unsubscribe.title).to_owned()/>
        <section class="account-page unsubscribe" aria-labelledby="unsubscribe-title">
            <h1 id="unsubscribe-title">{t!(i18n, unsubscribe.title)}</h1>
            {move || match offer.get() {
                None => view! { <p role="status">{t!(i18n, unsubscribe.checking)}</p> }.into_any(),
                Some(Ok(Some((token, offer)))) => view! { <UnsubscribeForm token=token offer=offer/> }.into_any(),
                Some(Ok(None)) => unknown().into_any(),
                Some(Err(error)) if error.kind() == Some(ErrorKind::NotFound) => unknown().into_any(),
                Some(Err(error)) => view! { <ErrorPanel error=error on_retry=move || offer.reload()/> }.into_any(),
            }}
        </section>
    }
}
