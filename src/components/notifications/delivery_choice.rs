use leptos::prelude::*;
use leptos_i18n::I18nContext;
use schrieb_api::{Delivery, NotificationKind};

use crate::i18n::{Locale, t_string, use_i18n};

/// How the reader hears of one kind of notification: the four ways (in the app, by mail, in
/// the daily digest, not at all) as radio buttons in a fieldset that the kind names, so a
/// screen reader says which kind each choice is for and the arrow keys move between them.
#[component]
pub fn DeliveryChoice(
    /// The kind of notification.
    kind: NotificationKind,
    /// The way shown as chosen; `None` while the settings load (then none is checked).
    #[prop(into)]
    chosen: Signal<Option<Delivery>>,
    /// Whether the choices are out of reach (while the settings load).
    #[prop(into)]
    disabled: Signal<bool>,
    /// Told of each choice the reader makes.
    #[prop(into)]
    on_choose: Callback<Delivery>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = format!("delivery-{}", kind.as_str());
    let choices = Delivery::ALL
        .into_iter()
        .map(|delivery| {
            let id = format!("{name}-{}", delivery.as_str());
            view! {
                <label class="delivery-choice__option">
                    <input type="radio" id=id name=name.clone() value=delivery.as_str()
                        prop:checked=move || chosen.get() == Some(delivery)
                        on:change=move |_| on_choose.run(delivery)/>
                    <span>{move || delivery_text(i18n, delivery)}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="delivery-choice" disabled=move || disabled.get()>
            <legend class="delivery-choice__kind">{move || kind_text(i18n, kind)}</legend>
            <div class="delivery-choice__options">{choices}</div>
        </fieldset>
    }
}

/// The kind as the settings name it: what the reader hears of.
fn kind_text(i18n: I18nContext<Locale>, kind: NotificationKind) -> &'static str {
    match kind {
        NotificationKind::Reply => t_string!(i18n, notifications.kind_reply),
        NotificationKind::Quote => t_string!(i18n, notifications.kind_quote),
        NotificationKind::Mention => t_string!(i18n, notifications.kind_mention),
        NotificationKind::Followed => t_string!(i18n, notifications.kind_followed),
        NotificationKind::Moderation => t_string!(i18n, notifications.kind_moderation),
        NotificationKind::Reactions => t_string!(i18n, notifications.kind_reactions),
    }
}

/// A way of hearing of notifications, in words.
fn delivery_text(i18n: I18nContext<Locale>, delivery: Delivery) -> &'static str {
    match delivery {
        Delivery::App => t_string!(i18n, notifications.delivery_app),
        Delivery::Email => t_string!(i18n, notifications.delivery_email),
        Delivery::Digest => t_string!(i18n, notifications.delivery_digest),
        Delivery::Off => t_string!(i18n, notifications.delivery_off),
    }
}
