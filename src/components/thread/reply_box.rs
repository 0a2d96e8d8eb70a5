use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use schrieb_api::{CommentBody, DisplayName, MAX_BODY_CHARS};

use super::ThreadControl;
use crate::api::{self, ClientError};
use crate::components::feedback::ErrorMessage;
use crate::i18n::{t, t_string, use_i18n};
use crate::session::use_session;

/// The reply box under the thread: a plain textarea for now (the full editor is issue 5). The
/// body is checked with the server's own rules before sending; a refused or failed post keeps
/// the text. After posting, the thread shows the page with the new comment and goes to it.
#[component]
pub fn ReplyBox() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let Some(control) = use_context::<ThreadControl>() else { return ().into_any() };
    let navigate = use_navigate();
    let text = RwSignal::new(String::new());
    let guest_name = RwSignal::new(String::new());
    let guests = control.guests;
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<ClientError>);
    let local_problem = RwSignal::new(None::<String>);
    let count = move || text.with(|text| text.chars().count());
    let slug = control.slug.clone();
    let login = format!("/login?next={}", js_sys::encode_uri_component(&format!("/a/{slug}#reply")));
    let login_for_guests = login.clone();
    // Logged out where guests may write: a name field, and a word on what writing as a guest means.
    let guest_fields = move || {
        (!session.logged_in()).then(|| {
            view! {
                <label class="field">
                    <span class="field__label">{t!(i18n, thread.guest_name)}</span>
                    <input class="field__input" type="text" name="guest_name" autocomplete="nickname" bind:value=guest_name/>
                </label>
                <p class="reply-box__guest-note">
                    {t!(i18n, thread.guest_note)} " " <a href=login_for_guests.clone()>{t!(i18n, account.login)}</a>
                </p>
            }
        })
    };
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let body = text.get_untracked();
        if let Err(problem) = CommentBody::parse(&body) {
            local_problem.set(Some(problem.to_string()));
            return;
        }
        // Logged out where guests may write: the name is checked by the display-name rules.
        let guest = (!session.logged_in()).then(|| guest_name.get_untracked());
        if let Some(Err(problem)) = guest.as_deref().map(DisplayName::parse) {
            local_problem.set(Some(problem.to_string()));
            return;
        }
        local_problem.set(None);
        failure.set(None);
        pending.set(true);
        let (navigate, slug, control) = (navigate.clone(), slug.clone(), control.clone());
        leptos::task::spawn_local(async move {
            match api::post_comment(&slug, &body, guest.as_deref()).await {
                Ok(posted) => {
                    text.set(String::new());
                    control.comment_count.update(|count| *count += 1);
                    control.reload();
                    navigate(&format!("/a/{slug}?page={}#c{}", posted.page, posted.comment.id), Default::default());
                }
                Err(error) => failure.set(Some(error)),
            }
            pending.set(false);
        });
    };
    view! {
        <section class="reply-box" id="reply" aria-labelledby="reply-title">
            <h2 class="reply-box__title" id="reply-title">{t!(i18n, thread.reply_title)}</h2>
            <Show
                when=move || session.logged_in() || guests
                fallback=move || view! {
                    <p class="reply-box__login">
                        <a href=login.clone()>{t!(i18n, account.login)}</a> " · " <a href="/register">{t!(i18n, account.register)}</a>
                        " – " {t!(i18n, thread.login_to_reply)}
                    </p>
                }
            >
                <form class="form reply-box__form" on:submit=submit.clone() novalidate>
                    {guest_fields.clone()}
                    <label class="field">
                        <span class="visually-hidden">{t!(i18n, thread.reply_label)}</span>
                        <textarea class="field__input reply-box__text" name="body" rows="6"
                            placeholder=move || t_string!(i18n, thread.reply_placeholder).to_owned()
                            aria-describedby="reply-count" bind:value=text></textarea>
                    </label>
                    <p class="reply-box__count" id="reply-count" class:reply-box__count--over=move || text.with(|text| text.chars().count() > MAX_BODY_CHARS)>
                        {move || t!(i18n, thread.characters, count = count(), max = MAX_BODY_CHARS)}
                    </p>
                    {move || local_problem.get().map(|problem| view! { <p class="form-error" role="alert">{problem}</p> })}
                    {move || failure.get().map(|error| view! { <ErrorMessage error=error/> })}
                    <button class="button" type="submit" disabled=move || pending.get()>
                        {move || if pending.get() { t!(i18n, thread.posting).into_any() } else { t!(i18n, thread.post).into_any() }}
                    </button>
                </form>
            </Show>
        </section>
    }
    .into_any()
}
