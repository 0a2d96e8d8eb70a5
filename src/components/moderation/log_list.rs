use leptos::prelude::*;
use leptos_i18n::I18nContext;
use schrieb_api::paths::AppLink;
use schrieb_api::{CommentId, LogEntry, Outcome, Standing, UserId};

use super::finding_text;
use crate::api;
use crate::components::comment::RelativeTime;
use crate::components::feedback::ErrorPanel;
use crate::i18n::{Locale, t, t_string, use_i18n};

/// Whose history a [`LogList`] shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogOf {
    /// A comment's: held, approved, rejected, and by whom.
    Comment(CommentId),
    /// An account's: its sanctions.
    Account(UserId),
    /// Everyone's: the latest decisions of the whole site.
    All,
}

/// The moderation log of a comment or an account, newest first: when, who (a moderator, or the
/// checks), from what to what, and why. Read when it is opened.
#[component]
pub fn LogList(
    /// Whose.
    of: LogOf,
    /// Its DOM id (the button that opens it controls it).
    id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let loaded = LocalResource::new(move || async move {
        match of {
            LogOf::Comment(comment) => api::moderation_log(comment).await,
            LogOf::Account(account) => api::account_log(account).await,
            LogOf::All => api::whole_log().await,
        }
    });
    let entries = move || match loaded.get() {
        None => view! { <p class="log-list__empty">{t!(i18n, moderation.log_loading)}</p> }.into_any(),
        Some(Err(error)) => view! { <ErrorPanel error=error on_retry=move || loaded.refetch()/> }.into_any(),
        Some(Ok(log)) if log.items.is_empty() => {
            view! { <p class="log-list__empty">{t!(i18n, moderation.log_empty)}</p> }.into_any()
        }
        Some(Ok(log)) => {
            let whole = of == LogOf::All;
            view! { <ol class="log-list__entries">{log.items.into_iter().map(|entry| entry_view(i18n, entry, whole)).collect_view()}</ol> }
                .into_any()
        }
    };
    view! { <div class="log-list" id=id aria-live="polite">{entries}</div> }
}

/// One line; of the whole log (`whole`), with the comment or the account it is about.
fn entry_view(i18n: I18nContext<Locale>, entry: LogEntry, whole: bool) -> impl IntoView {
    let subject = whole.then(|| match (&entry.comment, &entry.account) {
        (Some(comment), _) => {
            let label = t_string!(i18n, moderation.log_comment, id = comment.0).to_string();
            view! { <a href=AppLink::Comment(*comment).href()>{label}</a> " · " }.into_any()
        }
        (None, Some(account)) => {
            let label = t_string!(i18n, moderation.log_account, name = account.display_name.clone()).to_string();
            view! { <a href=AppLink::User(account.id).href()>{label}</a> " · " }.into_any()
        }
        (None, None) => ().into_any(),
    });
    let who = entry
        .moderator
        .map(|moderator| moderator.display_name)
        .unwrap_or_else(|| t_string!(i18n, moderation.log_checks).to_owned());
    let change = match entry.from {
        Some(from) => format!("{} → {}", standing_text(i18n, from), standing_text(i18n, entry.to)),
        None => standing_text(i18n, entry.to).to_owned(),
    };
    let findings: Vec<String> = entry
        .findings
        .iter()
        .filter(|finding| finding.outcome != Outcome::Pass)
        .map(|finding| finding_text(i18n, finding))
        .collect();
    view! {
        <li class="log-list__entry">
            {subject} <RelativeTime time=entry.at/> " · " <strong>{who}</strong> ": " {change}
            {entry.reason.map(|reason| view! { " · " <q>{reason}</q> })}
            {(!findings.is_empty()).then(|| view! { " · " {findings.join("; ")} })}
        </li>
    }
}

/// Where a comment or an account stands, in words.
fn standing_text(i18n: I18nContext<Locale>, standing: Standing) -> &'static str {
    match standing {
        Standing::Published => t_string!(i18n, moderation.standing_published),
        Standing::Pending => t_string!(i18n, moderation.standing_pending),
        Standing::Rejected => t_string!(i18n, moderation.standing_rejected),
        Standing::Active => t_string!(i18n, moderation.standing_active),
        Standing::Banned => t_string!(i18n, moderation.standing_banned),
        Standing::Suspended => t_string!(i18n, moderation.standing_suspended),
        Standing::Premoderated => t_string!(i18n, moderation.standing_premoderated),
    }
}
