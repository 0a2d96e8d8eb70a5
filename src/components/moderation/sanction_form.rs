use chrono::{Duration, Utc};
use leptos::html;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use schrieb_api::{CommentId, MAX_SANCTION_REASON_CHARS, SanctionKind, SanctionRequest, UserId};

use crate::api;
use crate::components::feedback::{ErrorMessage, reason_text};
use crate::i18n::{t, t_string, use_i18n};
use crate::time::format_byline;
use crate::write::use_write;

/// The DOM id of the reason field of the sanction form of the queue item for comment `id`,
/// which the desk's keys focus.
pub fn sanction_id(id: CommentId) -> String {
    format!("q{id}-sanction")
}

/// How long a suspension lasts, as the form offers it.
const DURATIONS: [(&str, i64); 3] = [("1", 1), ("24", 24), ("168", 168)];

/// The form a moderator sanctions a comment's author with: ban, suspend (1 hour, 24 hours,
/// 7 days, or a number of days) or always pre-moderate, with the reason the author is told.
/// The request's own rules are checked before it is sent; Escape closes it.
#[component]
pub fn SanctionForm(
    /// The queue item it belongs to.
    item: CommentId,
    /// The account.
    account: UserId,
    /// Its name.
    name: String,
    /// What to do.
    kind: SanctionKind,
    /// Told when the moderator closes the form.
    #[prop(into)]
    on_close: Callback<()>,
    /// Told what was done, in words, once the server has it.
    #[prop(into)]
    on_done: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let hours = RwSignal::new("24".to_owned());
    let days = RwSignal::new("30".to_owned());
    let problem = RwSignal::new(None::<String>);
    let field = NodeRef::<html::Input>::new();
    Effect::new(move || {
        if let Some(input) = field.get() {
            let _ = input.focus();
        }
    });
    let done_name = name.clone();
    let send = use_write(move |request: &SanctionRequest| {
        let request = request.clone();
        let name = done_name.clone();
        async move {
            let standing = api::sanction(account, &request).await?;
            let locale = i18n.get_locale_untracked().as_str();
            let until = standing.sanction.and_then(|sanction| sanction.until);
            let said = match (kind, until) {
                (SanctionKind::Ban, _) => t_string!(i18n, moderation.banned_done, name = name).to_string(),
                (SanctionKind::Suspend, Some(until)) => {
                    let until = format_byline(until, locale, true);
                    t_string!(i18n, moderation.suspended_done, name = name, until = until).to_string()
                }
                _ => t_string!(i18n, moderation.premoderated_done, name = name).to_string(),
            };
            on_done.run(said);
            Ok(())
        }
    });
    let custom = move || hours.get() == "custom";
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let now = Utc::now();
        let until = (kind == SanctionKind::Suspend).then(|| {
            let chosen = hours.get_untracked();
            let hours = match chosen.as_str() {
                "custom" => days.get_untracked().trim().parse::<i64>().unwrap_or(0).clamp(0, 3650) * 24,
                other => other.parse::<i64>().unwrap_or(24),
            };
            now + Duration::hours(hours)
        });
        let request = SanctionRequest { kind, until, reason: reason.get_untracked() };
        match request.check(now) {
            Ok(()) => {
                problem.set(None);
                send.send(request);
            }
            Err(error) => problem.set(Some(reason_text(i18n, &error.reason))),
        }
    };
    let heading = match kind {
        SanctionKind::Ban => t_string!(i18n, moderation.ban_title, name = name.clone()).to_string(),
        SanctionKind::Suspend => t_string!(i18n, moderation.suspend_title, name = name.clone()).to_string(),
        _ => t_string!(i18n, moderation.premoderate_title, name = name.clone()).to_string(),
    };
    let confirm = match kind {
        SanctionKind::Ban => t_string!(i18n, moderation.ban),
        SanctionKind::Suspend => t_string!(i18n, moderation.suspend),
        _ => t_string!(i18n, moderation.premoderate),
    };
    let duration_id = format!("{}-duration", sanction_id(item));
    let days_id = format!("{}-days", sanction_id(item));
    let choices = DURATIONS
        .into_iter()
        .map(|(value, length)| {
            let label = match length {
                1 => t_string!(i18n, moderation.duration_hour),
                24 => t_string!(i18n, moderation.duration_day),
                _ => t_string!(i18n, moderation.duration_week),
            };
            // Chosen by the option itself: the select's value is set before its options exist.
            view! { <option value=value selected=move || hours.get() == value>{label}</option> }
        })
        .collect_view();
    view! {
        <form class="queue-item__sanction" on:submit=submit
            on:keydown=move |event| if event.key() == "Escape" { event.prevent_default(); on_close.run(()); }>
            <p class="queue-item__sanction-title"><strong>{heading}</strong></p>
            {(kind == SanctionKind::Suspend).then(|| view! {
                <div class="field">
                    <label class="field__label" for=duration_id.clone()>{t!(i18n, moderation.duration)}</label>
                    <select class="field__input" id=duration_id.clone() bind:value=hours>
                        {choices}
                        <option value="custom" selected=custom>{t!(i18n, moderation.duration_custom)}</option>
                    </select>
                </div>
                <Show when=custom>
                    <div class="field">
                        <label class="field__label" for=days_id.clone()>{t!(i18n, moderation.duration_days)}</label>
                        <input class="field__input" type="number" min="1" max="3650" id=days_id.clone() bind:value=days/>
                    </div>
                </Show>
            })}
            <div class="field">
                <label class="field__label" for=sanction_id(item)>{t!(i18n, moderation.sanction_reason)}</label>
                <input class="field__input" type="text" id=sanction_id(item) node_ref=field
                    maxlength=MAX_SANCTION_REASON_CHARS.to_string() bind:value=reason/>
            </div>
            {move || problem.get().map(|problem| view! { <p class="form-error" role="alert">{problem}</p> })}
            {move || send.failure.get().map(|error| view! { <ErrorMessage error=error/> })}
            <div class="queue-item__actions">
                <button class="button" type="submit" disabled=move || send.pending.get()>{confirm}</button>
                <button class="button button--quiet" type="button" on:click=move |_| on_close.run(())>{t!(i18n, comment.cancel)}</button>
            </div>
        </form>
    }
}
