use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use schrieb_api::paths::AppLink;
use schrieb_api::{NotificationKind, UnsubscribeOffer, UnsubscribeRequest, UnsubscribeScope};

use crate::api;
use crate::components::feedback::ErrorMessage;
use crate::i18n::{Locale, t, t_string, use_i18n};
use crate::write::use_write;

/// What a mailed unsubscribe link can stop, for whoever holds the link (no login): which mail
/// it came with, then the choices — the mail's thread (when it was about one), mails of its
/// kind (or the daily digest), all notification mails — each with what it means. Nothing is
/// sent until the reader presses the button; then it says what stopped, and where the rest is
/// set.
#[component]
pub fn UnsubscribeForm(
    /// The token from the mail's link.
    token: String,
    /// What the link can stop.
    offer: UnsubscribeOffer,
) -> impl IntoView {
    let i18n = use_i18n();
    let UnsubscribeOffer { kind, thread, .. } = offer;
    // Chosen at first: what a mail program's one-click unsubscribe stops too, the mail's kind.
    let scope = RwSignal::new(UnsubscribeScope::Kind);
    let send = use_write(move |request: &UnsubscribeRequest| {
        let request = request.clone();
        async move { api::unsubscribe(&request).await.map(|()| request.scope) }
    });
    // Only a change of outcome redraws: the form stays (and keeps the focus) while it sends.
    let done = Memo::new(move |_| send.success.get());
    let token = StoredValue::new(token);
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        send.send(UnsubscribeRequest { token: token.get_value(), scope: scope.get_untracked() });
    };
    let title = thread.as_ref().map(|thread| thread.title.clone()).unwrap_or_default();
    let scopes: Vec<UnsubscribeScope> = [
        thread.is_some().then_some(UnsubscribeScope::Thread),
        Some(UnsubscribeScope::Kind),
        Some(UnsubscribeScope::All),
    ]
    .into_iter()
    .flatten()
    .collect();
    let choice = move |choice: UnsubscribeScope| {
        let id = format!("unsubscribe-{}", scope_name(choice));
        let hint_id = format!("{id}-hint");
        view! {
            <div class="unsubscribe__choice">
                <input type="radio" name="unsubscribe-scope" id=id.clone() value=scope_name(choice)
                    aria-describedby=hint_id.clone()
                    prop:checked=move || scope.get() == choice
                    on:change=move |_| scope.set(choice)/>
                <label for=id>{move || scope_words(i18n, choice, kind).0}</label>
                <p class="field__hint unsubscribe__hint" id=hint_id>{move || scope_words(i18n, choice, kind).1}</p>
            </div>
        }
    };
    let confirmation = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if let Some(note) = confirmation.get() {
            let _ = note.focus();
        }
    });
    let outcome = move || match done.get() {
        Some(stopped) => {
            let title = title.clone();
            let words = move || match (stopped, kind) {
                (UnsubscribeScope::Thread, _) => {
                    t_string!(i18n, unsubscribe.done_thread, title = title.clone()).to_string()
                }
                (UnsubscribeScope::Kind, Some(_)) => t_string!(i18n, unsubscribe.done_kind).to_owned(),
                (UnsubscribeScope::Kind, None) => t_string!(i18n, unsubscribe.done_digest).to_owned(),
                (UnsubscribeScope::All, _) => t_string!(i18n, unsubscribe.done_all).to_owned(),
            };
            view! {
                <div class="unsubscribe__done" role="status" tabindex="-1" node_ref=confirmation>
                    <p class="form-notice">{words}</p>
                    <p>{t!(i18n, unsubscribe.settings_more)}</p>
                    <p><a href=AppLink::NotificationSettings.href()>{t!(i18n, unsubscribe.settings_link)}</a></p>
                </div>
            }
            .into_any()
        }
        None => view! {
            <form class="unsubscribe__form" on:submit=submit>
                <fieldset class="unsubscribe__choices">
                    <legend class="field__label">{t!(i18n, unsubscribe.question)}</legend>
                    {scopes.iter().copied().map(choice).collect_view()}
                </fieldset>
                <p class="field__hint">{t!(i18n, unsubscribe.nothing_yet)}</p>
                {move || send.failure.get().map(|error| view! { <ErrorMessage error=error/> })}
                <button class="button" type="submit" disabled=move || send.pending.get()>
                    {t!(i18n, unsubscribe.confirm)}
                </button>
            </form>
        }
        .into_any(),
    };
    view! {
        <p class="unsubscribe__from">{move || from_words(i18n, kind)}</p>
        {thread.map(|thread| view! {
            <p class="unsubscribe__thread">
                {t!(i18n, unsubscribe.thread)} " "
                <a href=AppLink::Article(&thread.slug).href()>{thread.title}</a>
            </p>
        })}
        {outcome}
    }
}

/// A scope's name in the page's ids.
fn scope_name(scope: UnsubscribeScope) -> &'static str {
    match scope {
        UnsubscribeScope::Thread => "thread",
        UnsubscribeScope::Kind => "kind",
        UnsubscribeScope::All => "all",
    }
}

/// A choice's label and what it means, for a link mailed with a mail of `kind` (`None`: the
/// daily digest, whose "kind" is the digest itself).
fn scope_words(
    i18n: I18nContext<Locale>,
    scope: UnsubscribeScope,
    kind: Option<NotificationKind>,
) -> (&'static str, &'static str) {
    match (scope, kind) {
        (UnsubscribeScope::Thread, _) => {
            (t_string!(i18n, unsubscribe.scope_thread), t_string!(i18n, unsubscribe.scope_thread_hint))
        }
        (UnsubscribeScope::Kind, Some(_)) => {
            (t_string!(i18n, unsubscribe.scope_kind), t_string!(i18n, unsubscribe.scope_kind_hint))
        }
        (UnsubscribeScope::Kind, None) => {
            (t_string!(i18n, unsubscribe.scope_digest), t_string!(i18n, unsubscribe.scope_digest_hint))
        }
        (UnsubscribeScope::All, _) => {
            (t_string!(i18n, unsubscribe.scope_all), t_string!(i18n, unsubscribe.scope_all_hint))
        }
    }
}

/// Which mail the link came with.
fn from_words(i18n: I18nContext<Locale>, kind: Option<NotificationKind>) -> &'static str {
    match kind {
        None => t_string!(i18n, unsubscribe.from_digest),
        Some(NotificationKind::Reply) => t_string!(i18n, unsubscribe.from_reply),
        Some(NotificationKind::Quote) => t_string!(i18n, unsubscribe.from_quote),
        Some(NotificationKind::Mention) => t_string!(i18n, unsubscribe.from_mention),
        Some(NotificationKind::Followed) => t_string!(i18n, unsubscribe.from_followed),
        Some(NotificationKind::Moderation) => t_string!(i18n, unsubscribe.from_moderation),
        Some(NotificationKind::Reactions) => t_string!(i18n, unsubscribe.from_reactions),
    }
}
