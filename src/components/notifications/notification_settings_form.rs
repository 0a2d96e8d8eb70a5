use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use schrieb_api::{MailLanguage, NotificationKind, NotificationSettings};

use super::DeliveryChoice;
use crate::api;
use crate::components::feedback::{ErrorMessage, ErrorPanel};
use crate::i18n::{t, use_i18n};
use crate::loaded::use_loaded;
use crate::session::use_session;
use crate::write::use_write;

/// The DOM id of the mail language's select.
const LANGUAGE_ID: &str = "notification-mail-language";

/// The DOM id of the hint under "follow threads I write in".
const FOLLOW_HINT_ID: &str = "notification-follow-hint";

/// How the logged-in reader hears of each kind of notification (in the app, by mail, in the
/// daily digest, not at all), whether writing in a thread follows it, and the language of
/// their mails; saved together with one button. Drawn whole from the start and usable once
/// the stored settings are read, so nothing moves when they arrive.
#[component]
pub fn NotificationSettingsForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let stored = use_loaded(
        move || session.logged_in(),
        None,
        move |logged_in| async move { if logged_in { api::notification_settings().await.map(Some) } else { Ok(None) } },
    );
    // What the form shows: the stored settings with the reader's changes. `edited` says
    // whether it changed since it was last read or sent: the saved answer then replaces
    // nothing the reader did meanwhile, and "saved" is not claimed for what is not.
    let draft = RwSignal::new(None::<NotificationSettings>);
    let edited = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(Some(settings))) = stored.get() {
            draft.set(Some(settings));
            edited.set(false);
        }
    });
    let save = use_write(move |settings: &NotificationSettings| {
        let settings = *settings;
        async move {
            let saved = api::set_notification_settings(&settings).await?;
            if edited.try_get_untracked() == Some(false) {
                draft.try_set(Some(saved));
            }
            Ok(saved)
        }
    });
    let change = move |apply: &dyn Fn(&mut NotificationSettings)| {
        draft.update(|draft| {
            if let Some(settings) = draft {
                apply(settings);
            }
        });
        edited.set(true);
    };
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        if let Some(settings) = draft.get_untracked() {
            edited.set(false);
            save.send(settings);
        }
    };
    let loading = Signal::derive(move || draft.with(Option::is_none));
    let kinds = NotificationKind::ALL
        .into_iter()
        .map(|kind| {
            view! {
                <DeliveryChoice kind=kind
                    chosen=Signal::derive(move || draft.with(|draft| draft.map(|settings| settings.delivery(kind))))
                    disabled=loading
                    on_choose=move |delivery| change(&|settings| settings.set_delivery(kind, delivery))/>
            }
        })
        .collect_view();
    let follows = move || draft.with(|draft| draft.is_some_and(|settings| settings.follow_threads_i_write_in));
    let language = move || draft.with(|draft| draft.map(|settings| settings.language));
    let language_option = move |choice: MailLanguage, name: AnyView| {
        view! {
            <option value=choice.tag() lang=choice.tag() prop:selected=move || language() == Some(choice)>{name}</option>
        }
    };
    let saved =
        move || (save.success.with(Option::is_some) && !edited.get()).then_some(t!(i18n, notifications.settings_saved));
    view! {
        {move || match stored.get() {
            Some(Err(error)) => Some(view! { <ErrorPanel error=error on_retry=move || stored.reload()/> }),
            _ => None,
        }}
        <form class="notification-settings" on:submit=submit aria-busy=move || loading.get().then_some("true")>
            <p class="field__hint notification-settings__intro">{t!(i18n, notifications.settings_intro)}</p>
            {kinds}
            <div class="notification-settings__follow">
                <label class="notification-settings__check">
                    <input type="checkbox" aria-describedby=FOLLOW_HINT_ID disabled=move || loading.get()
                        prop:checked=follows
                        on:change=move |event| {
                            let on = event_target_checked(&event);
                            change(&|settings| settings.follow_threads_i_write_in = on);
                        }/>
                    <span>{t!(i18n, notifications.follow_threads)}</span>
                </label>
                <p class="field__hint" id=FOLLOW_HINT_ID>{t!(i18n, notifications.follow_threads_hint)}</p>
            </div>
            <div class="field notification-settings__language">
                <label class="field__label" for=LANGUAGE_ID>{t!(i18n, notifications.mail_language)}</label>
                <select class="field__input" id=LANGUAGE_ID disabled=move || loading.get()
                    on:change=move |event| {
                        let chosen = MailLanguage::from_tag(&event_target_value(&event));
                        change(&|settings| settings.language = chosen);
                    }>
                    {language_option(MailLanguage::De, t!(i18n, language.de).into_any())}
                    {language_option(MailLanguage::En, t!(i18n, language.en).into_any())}
                </select>
            </div>
            {move || save.failure.get().map(|error| view! { <ErrorMessage error=error/> })}
            <div class="notification-settings__actions">
                <button class="button" type="submit" disabled=move || loading.get() || save.pending.get()>
                    {t!(i18n, notifications.save_settings)}
                </button>
                <p class="form-status" role="status">{saved}</p>
            </div>
        </form>
    }
}
