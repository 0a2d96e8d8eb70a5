use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use schrieb_api::paths::AppLink;
use schrieb_api::{
    CommentBody, CommentPermalink, CommentRequest, CommentState, DisplayName, IdempotencyKey, Reason, Slug,
};

use crate::api::{self, ClientError};
use crate::components::account::FieldProblemText;
use crate::components::editor::{MarkupEditor, UseDraft, describe_body_error, textarea, use_composer, use_draft};
use crate::components::feedback::ErrorMessage;
use crate::components::quote::MultiQuoteBar;
use crate::i18n::{t, t_string, use_i18n};
use crate::pwa::{self, use_pwa};
use crate::session::use_session;
use crate::write::use_write;

/// The DOM id of the guest's name field.
const GUEST_NAME_ID: &str = "reply-guest-name";

/// The DOM id of the field only programs fill in (`CommentRequest::homepage`).
const TRAP_ID: &str = "reply-homepage";

/// The reply box under the thread: the markup editor (bound to the page's composer, so quotes
/// and replies land in it), the collected quotes, the draft kept as you type, and the post
/// button. The body is checked with the server's own rules before sending; a refused or failed
/// post keeps the text. After posting, the thread is told (it shows the page with the new
/// comment and focuses it), and screen readers hear that it was published. Without a
/// connection, the reply goes to the service worker's outbox and is sent when the connection
/// is back (see [`pwa`]).
#[component]
pub fn ReplyBox(
    /// The article replied to.
    slug: Slug,
    /// Whether the thread is embedded in another site's page (the widget logs in by popup).
    embedded: bool,
    /// Told when a reply was published, with where it stands.
    #[prop(into)]
    on_posted: Callback<CommentPermalink>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let Some(composer) = use_composer() else {
        return ().into_any();
    };
    let text = composer.text;
    let guest_name = RwSignal::new(String::new());
    // The spam signals the site may check: a field people never see, left empty, and how long
    // the editor was open before posting (from when the reply box was shown in the browser).
    let trap = RwSignal::new(String::new());
    let opened_at = StoredValue::new(None::<f64>);
    Effect::new(move |_| opened_at.set_value(Some(js_sys::Date::now())));
    crate::dom::keep_typed(GUEST_NAME_ID, guest_name);
    let local_problem = RwSignal::new(None::<String>);
    let guest_problem = RwSignal::new(None::<Reason>);
    // "You are offline, the reply waits": said until the outbox changes with a connection (the
    // reply was sent or refused; `PendingReplies` says which).
    let queued = RwSignal::new(false);
    let pwa = use_pwa();
    Effect::new(move |_| {
        pwa.outbox.track();
        if window().navigator().on_line() {
            queued.set(false);
        }
    });
    // The text of the last try and its idempotency key: sending the same text again after a
    // failure uses the same key, so a reply that did reach the server is not published twice.
    let last_try = StoredValue::new(None::<(String, IdempotencyKey)>);
    let post = {
        let slug = slug.clone();
        use_write(move |reply: &Reply| {
            let (reply, slug) = (reply.clone(), slug.clone());
            async move {
                let Reply { request, author, key, draft } = reply;
                let CommentRequest { body, guest_name: guest, compose_ms, .. } = request.clone();
                let emptied = move || {
                    last_try.set_value(None);
                    draft.posted();
                    match composer.textarea.get_untracked() {
                        Some(area) => textarea::replace_all(&area, ""),
                        None => text.set(String::new()),
                    }
                };
                match api::post_comment(&slug, &request, &key).await {
                    Ok(posted) => {
                        emptied();
                        let sent =
                            if posted.comment.state == CommentState::Published { Sent::Published } else { Sent::Held };
                        // The reader may have left the thread meanwhile.
                        on_posted.try_run(posted);
                        Ok(sent)
                    }
                    // No connection: the service worker keeps the reply and sends it later.
                    // The editor is emptied only once the worker says the reply is stored; if it
                    // cannot keep it (storage full, a private window), the text stays and the
                    // reader is told.
                    Err(ClientError::Network(_)) if pwa::controls_page() => {
                        let reply = pwa::waiting_reply(key, slug, body, guest, author, compose_ms);
                        match pwa::queue(&reply).await {
                            Ok(()) => {
                                emptied();
                                queued.set(true);
                                Ok(Sent::Queued)
                            }
                            Err(error) => {
                                leptos::logging::warn!("queueing a reply failed: {error}");
                                draft.keep_now();
                                Err(ClientError::NotKept(error.to_string()))
                            }
                        }
                    }
                    Err(error) => {
                        draft.keep_now();
                        Err(error)
                    }
                }
            }
        })
    };
    let announcement = move || match post.success.get() {
        _ if queued.get() => t_string!(i18n, offline.queued).to_owned(),
        Some(Sent::Published) => t_string!(i18n, editor.published).to_owned(),
        Some(Sent::Held) => t_string!(i18n, editor.held).to_owned(),
        _ => String::new(),
    };
    let editor_slug = slug.clone();
    let login = AppLink::Login { next: Some(&AppLink::Reply(&slug).href()) }.href();
    let login_for_guests = login.clone();
    // Logged out where guests may write: a name field, and a word on what writing as a guest means.
    let guest_fields = move || {
        (!session.logged_in()).then(|| {
            view! {
                <label class="field">
                    <span class="field__label">{t!(i18n, thread.guest_name)}</span>
                    <input class="field__input" type="text" id=GUEST_NAME_ID name="guest_name" autocomplete="nickname"
                        aria-invalid=move || guest_problem.with(Option::is_some).to_string()
                        aria-describedby="reply-guest-problem" bind:value=guest_name/>
                </label>
                <FieldProblemText id="reply-guest-problem" problem=guest_problem/>
                <p class="reply-box__guest-note">
                    {if embedded {
                        // In the widget, "Anmelden" above the thread opens the login popup.
                        t!(i18n, embed.guest_note).into_any()
                    } else {
                        view! { {t!(i18n, thread.guest_note)} " " <a href=login_for_guests.clone()>{t!(i18n, account.login)}</a> }
                            .into_any()
                    }}
                </p>
            }
        })
    };
    let editor = {
        let slug = slug.clone();
        move || {
            let writer = session.me.with_untracked(|me| me.as_ref().map(|me| me.id));
            let draft = use_draft(slug.clone(), text, writer);
            let saved = move || {
                (draft.saved_at.get().is_some() && !text.with(|text| text.trim().is_empty())).then(|| {
                    view! {
                        <span class="reply-box__saved">{t!(i18n, editor.draft_saved)}</span>
                        <button type="button" class="link-button" on:click=move |_| draft.discard()>{t!(i18n, editor.discard)}</button>
                    }
                })
            };
            (draft, saved)
        }
    };
    let submit = move |draft: UseDraft, event: SubmitEvent| {
        event.prevent_default();
        if post.pending.get_untracked() {
            return;
        }
        let body = text.get_untracked();
        if let Err(problem) = CommentBody::parse(&body) {
            local_problem.set(Some(describe_body_error(i18n, &problem)));
            return;
        }
        // Logged out where guests may write: the name is checked by the display-name rules.
        let guest = (!session.logged_in()).then(|| guest_name.get_untracked());
        if let Some(Err(problem)) = guest.as_deref().map(DisplayName::parse) {
            guest_problem.set(Some(Reason::from(&problem)));
            return;
        }
        guest_problem.set(None);
        local_problem.set(None);
        queued.set(false);
        let key = last_try
            .with_value(|last| last.as_ref().filter(|(tried, _)| *tried == body).map(|(_, key)| key.clone()))
            .unwrap_or_else(pwa::new_key);
        last_try.set_value(Some((body.clone(), key.clone())));
        let author = match &guest {
            Some(name) => name.clone(),
            None => session.me.with_untracked(|me| me.as_ref().map(|me| me.display_name.clone()).unwrap_or_default()),
        };
        let compose_ms = opened_at.get_value().map(|opened| (js_sys::Date::now() - opened).max(0.0) as u64);
        let homepage = Some(trap.get_untracked()).filter(|value| !value.is_empty());
        let request = CommentRequest { body, guest_name: guest, homepage, compose_ms };
        post.send(Reply { request, author, key, draft });
    };
    view! {
        <section class="reply-box" id="reply" aria-labelledby="reply-title">
            <h2 class="reply-box__title" id="reply-title">{t!(i18n, thread.reply_title)}</h2>
            <p class="reply-box__announcement" role="status" aria-live="polite">{announcement}</p>
            // Readers whose browser runs no scripts read the thread the server rendered, but
            // cannot write: they are told, not left with a form that does nothing.
            <p class="needs-script">{t!(i18n, thread.needs_script)}</p>
            <Show
                // The thread's one rule of who may write (`Composer::available`), which its
                // Quote buttons follow too.
                when=move || composer.available()
                fallback=move || if embedded {
                    // In the widget, logging in is the popup's job (see `WidgetLogin`).
                    view! { <p class="reply-box__login">{t!(i18n, embed.login_to_reply)}</p> }.into_any()
                } else {
                    view! {
                        <p class="reply-box__login">
                            <a href=login.clone()>{t!(i18n, account.login)}</a> " · " <a href=AppLink::Register.href()>{t!(i18n, account.register)}</a>
                            " – " {t!(i18n, thread.login_to_reply)}
                        </p>
                    }
                    .into_any()
                }
            >
                {
                    let (draft, saved) = editor.clone()();
                    let slug = editor_slug.clone();
                    view! {
                        <MultiQuoteBar/>
                        // Outside the form's grid: empty, it takes no room (a grid item would add a gap).
                        <super::QuotedChanged text=text/>
                        <form class="form reply-box__form" on:submit=move |event| submit(draft, event) novalidate>
                            {guest_fields.clone()}
                            // Out of sight, out of the tab order, hidden from screen readers:
                            // only a program that fills every field fills this one.
                            <div class="reply-box__trap" aria-hidden="true">
                                <label>"Homepage"
                                    <input type="text" id=TRAP_ID name="homepage" tabindex="-1" autocomplete="off" bind:value=trap/>
                                </label>
                            </div>
                            <MarkupEditor text=text textarea=composer.textarea id="reply-text" slug=Some(slug)
                                label=Signal::derive(move || t_string!(i18n, thread.reply_label).to_owned())
                                placeholder=Signal::derive(move || t_string!(i18n, thread.reply_placeholder).to_owned())/>
                            {move || local_problem.get().map(|problem| view! { <p class="form-error" role="alert">{problem}</p> })}
                            {move || post.failure.get().map(|error| view! { <ErrorMessage error=error/> })}
                            <div class="reply-box__buttons">
                                <button class="button" type="submit" disabled=move || post.pending.get()>
                                    {move || if post.pending.get() { t!(i18n, thread.posting).into_any() } else { t!(i18n, thread.post).into_any() }}
                                </button>
                                <span class="reply-box__hint">{t!(i18n, editor.shortcuts)}</span>
                                {saved}
                            </div>
                        </form>
                    }
                }
            </Show>
        </section>
    }
    .into_any()
}

/// One reply as sent: the request (its text, the guest's name, the spam signals), who writes
/// it, the idempotency key of its tries, and the draft it was written in (kept on failure,
/// forgotten once posted or queued).
#[derive(Clone)]
struct Reply {
    request: CommentRequest,
    author: String,
    key: IdempotencyKey,
    draft: UseDraft,
}

/// Where a reply went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sent {
    /// Published: the server has it.
    Published,
    /// Stored, and waiting for a moderator.
    Held,
    /// Into the service worker's outbox, to be sent when the connection is back.
    Queued,
}
