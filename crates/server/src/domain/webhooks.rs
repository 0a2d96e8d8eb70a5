//! Webhooks: what a site's endpoints hear of, made from the event log, and how long a delivery
//! is tried.
//!
//! Each event a reader may see becomes at most one delivery per endpoint of the thread's site
//! that listens for it: `comment.published` (posted, or approved after a hold: a held comment
//! is heard of only once readers can read it), `comment.edited` (a published comment's new
//! words), `comment.deleted`, and `comment.moderated` (a moderator's decision, with the
//! reason). The payload is made once, so every attempt sends the same bytes.

use chrono::{DateTime, Duration, Utc};
use schrieb_api::paths::AppLink;
use schrieb_api::{CommentState, Slug, WebhookEvent};
use serde_json::{Value, json};

use schrieb_api::permissions::{Actor, may_administer};
use schrieb_api::{
    CreatedWebhook, MAX_WEBHOOKS_PER_SITE, Reason, WEBHOOK_DELIVERIES_PER_PAGE, Webhook, WebhookDeliveryPage,
    WebhookId, WebhookList, WebhookRequest,
};

use super::{DomainError, Refusal};
use crate::db::{
    ArticleKey, DbError, EventComment, EventKind, EventStore, NewDelivery, NewWebhook, NotificationStore, ThreadEvent,
    ThreadHooks, WebhookStore,
};

/// A site's endpoints, for admins.
pub async fn list<S: WebhookStore + ?Sized>(store: &S, actor: Actor, site: &str) -> Result<WebhookList, DomainError> {
    may_administer(actor)?;
    let site = site_id(store, site).await?;
    Ok(WebhookList { items: store.webhooks(site).await?.into_iter().map(|stored| stored.webhook).collect() })
}

/// Registers an endpoint for a site, with `secret`; `refused` says why its URL may not be
/// posted to, if it may not (the caller resolved it).
pub async fn create<S: WebhookStore + ?Sized>(
    store: &S,
    actor: Actor,
    site: &str,
    request: &WebhookRequest,
    refused: Option<String>,
    secret: String,
    now: DateTime<Utc>,
) -> Result<CreatedWebhook, DomainError> {
    may_administer(actor)?;
    let events = request.check()?;
    let site = site_id(store, site).await?;
    refuse_private(refused)?;
    if store.webhooks(site).await?.len() >= MAX_WEBHOOKS_PER_SITE {
        return Err(DomainError::Refused(Refusal {
            reason: Reason::TooManyWebhooks { max: MAX_WEBHOOKS_PER_SITE },
            message: format!("a site has at most {MAX_WEBHOOKS_PER_SITE} webhooks"),
            field: None,
        }));
    }
    let new = NewWebhook { site, url: request.url.trim().to_owned(), secret: secret.clone(), events };
    let stored = store.create_webhook(&new, now).await?;
    Ok(CreatedWebhook { webhook: stored.webhook, secret })
}

/// Changes an endpoint: its URL, events, and whether it is on.
pub async fn update<S: WebhookStore + ?Sized>(
    store: &S,
    actor: Actor,
    id: WebhookId,
    request: &WebhookRequest,
    refused: Option<String>,
) -> Result<Webhook, DomainError> {
    may_administer(actor)?;
    let events = request.check()?;
    refuse_private(refused)?;
    store
        .update_webhook(id, request.url.trim(), &events, request.active)
        .await?
        .map(|stored| stored.webhook)
        .ok_or_else(|| no_such_webhook(id))
}

/// Deletes an endpoint; its waiting deliveries are given up.
pub async fn delete<S: WebhookStore + ?Sized>(store: &S, actor: Actor, id: WebhookId) -> Result<(), DomainError> {
    may_administer(actor)?;
    if store.delete_webhook(id).await? { Ok(()) } else { Err(no_such_webhook(id)) }
}

/// Page `page` of an endpoint's deliveries, newest first.
pub async fn delivery_log<S: WebhookStore + ?Sized>(
    store: &S,
    actor: Actor,
    id: WebhookId,
    page: u32,
) -> Result<WebhookDeliveryPage, DomainError> {
    may_administer(actor)?;
    store.webhook(id).await?.ok_or_else(|| no_such_webhook(id))?;
    let (items, total) = store.deliveries(id, page, WEBHOOK_DELIVERIES_PER_PAGE).await?;
    let pages = u32::try_from(total.div_ceil(u64::from(WEBHOOK_DELIVERIES_PER_PAGE))).unwrap_or(u32::MAX).max(1);
    Ok(WebhookDeliveryPage { items, page, pages, total })
}

async fn site_id<S: WebhookStore + ?Sized>(store: &S, name: &str) -> Result<i64, DomainError> {
    store.site_named(name).await?.ok_or_else(|| DomainError::NotFound(format!("no site is named {name:?}")))
}

fn refuse_private(refused: Option<String>) -> Result<(), DomainError> {
    match refused {
        Some(message) => {
            Err(DomainError::Refused(Refusal { reason: Reason::WebhookUrlPrivate, message, field: Some("url") }))
        }
        None => Ok(()),
    }
}

fn no_such_webhook(id: WebhookId) -> DomainError {
    DomainError::NotFound(format!("there is no webhook {id}"))
}

/// Events read from the log at once.
const BATCH: u32 = 200;

/// The pauses after failed attempts, as the Standard Webhooks specification suggests them,
/// stretched to about three days: after the last, the delivery is given up.
const RETRY_PAUSES: [Duration; 9] = [
    Duration::seconds(5),
    Duration::minutes(5),
    Duration::minutes(30),
    Duration::hours(2),
    Duration::hours(5),
    Duration::hours(10),
    Duration::hours(14),
    Duration::hours(20),
    Duration::hours(24),
];

/// The pause before the next attempt after `attempts` failed ones; `None`: give up.
pub fn retry_pause(attempts: u32) -> Option<Duration> {
    RETRY_PAUSES.get(usize::try_from(attempts).ok()?.checked_sub(1)?).copied()
}

/// Makes the deliveries of every event after the place, batch by batch. Links in payloads
/// point to `origin`.
pub async fn make_deliveries<S: EventStore + WebhookStore + NotificationStore + ?Sized>(
    store: &S,
    origin: &str,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    loop {
        let from = store.webhook_cursor().await?;
        let events = store.events_after(from, BATCH).await?;
        let Some(to) = events.last().map(|event| event.seq) else { return Ok(()) };
        let made = deliveries(store, &events, origin, now).await?;
        // Another server stored this batch meanwhile: read on from where it left off.
        store.store_deliveries(&made, from, to, now).await?;
        if events.len() < BATCH as usize {
            return Ok(());
        }
    }
}

/// The deliveries `events` make.
async fn deliveries<S: EventStore + WebhookStore + NotificationStore + ?Sized>(
    store: &S,
    events: &[ThreadEvent],
    origin: &str,
    now: DateTime<Utc>,
) -> Result<Vec<NewDelivery>, DbError> {
    let mut articles: Vec<ArticleKey> = events.iter().filter_map(|event| Some(event.article.as_ref()?.0)).collect();
    articles.sort_unstable_by_key(|article| article.0);
    articles.dedup();
    if articles.is_empty() {
        return Ok(Vec::new());
    }
    let threads: Vec<ThreadHooks> =
        store.thread_hooks(&articles).await?.into_iter().filter(|thread| !thread.hooks.is_empty()).collect();
    if threads.is_empty() {
        // Most sites have no endpoint: one read per batch, and nothing else.
        return Ok(Vec::new());
    }
    let heard: Vec<&ThreadEvent> = events
        .iter()
        .filter(|event| event.article.as_ref().is_some_and(|(key, _)| threads.iter().any(|t| t.article == *key)))
        .collect();
    let ids: Vec<_> = heard.iter().filter_map(|event| event.comment).collect();
    let comments = store.event_comments(&ids).await?.read;
    let mut made = Vec::new();
    for event in heard {
        let (Some((key, slug)), Some(id)) = (&event.article, event.comment) else { continue };
        let Some(thread) = threads.iter().find(|thread| thread.article == *key) else { continue };
        let Some(found) = comments.iter().find(|found| found.comment.id == id) else { continue };
        let Some((kind, data)) = payload_data(store, event, found, thread, slug, origin).await? else {
            continue;
        };
        let payload = json!({ "type": kind.as_str(), "timestamp": now.to_rfc3339(), "data": data }).to_string();
        for (hook, listens) in &thread.hooks {
            if listens.contains(&kind) {
                made.push(NewDelivery { webhook: *hook, event_seq: event.seq, event: kind, payload: payload.clone() });
            }
        }
    }
    Ok(made)
}

/// What `event` tells endpoints, and its `data`; `None` when it tells them nothing.
async fn payload_data<S: NotificationStore + ?Sized>(
    store: &S,
    event: &ThreadEvent,
    found: &EventComment,
    thread: &ThreadHooks,
    slug: &Slug,
    origin: &str,
) -> Result<Option<(WebhookEvent, Value)>, DbError> {
    let comment = &found.comment;
    let readable = comment.state == CommentState::Published && !comment.deleted;
    let article = json!({ "slug": slug, "title": thread.title });
    let whole = || {
        let link = AppLink::InThread(slug, found.page, comment.id);
        json!({ "comment": {
            "id": comment.id,
            "article": article,
            "author": comment.author.display_name,
            "body": comment.body,
            "html": schrieb_markup::to_html(&schrieb_markup::parse(&comment.body)),
            "created_at": comment.created_at,
            "edited_at": comment.edited_at,
            "page": found.page,
            "url": format!("{origin}{link}"),
        }})
    };
    let told = match event.kind {
        EventKind::Published | EventKind::Approved if readable => Some((WebhookEvent::Published, whole())),
        EventKind::Edited if readable => Some((WebhookEvent::Edited, whole())),
        EventKind::Deleted => {
            Some((WebhookEvent::Deleted, json!({ "comment": { "id": comment.id, "article": article } })))
        }
        EventKind::Decided => {
            let Some(line) = event.decision else { return Ok(None) };
            let Some(decision) = store.decision(line).await? else { return Ok(None) };
            let data = json!({
                "comment": { "id": comment.id, "article": article },
                "outcome": decision.outcome,
                "reason": decision.reason,
            });
            Some((WebhookEvent::Moderated, data))
        }
        _ => None,
    };
    Ok(told)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn about_three_days_of_pauses_then_give_up() {
        assert_eq!(retry_pause(0), None, "no attempt failed yet");
        assert_eq!(retry_pause(1), Some(Duration::seconds(5)));
        assert_eq!(retry_pause(9), Some(Duration::hours(24)));
        assert_eq!(retry_pause(10), None);
        let total: Duration = (1..=9).filter_map(retry_pause).sum();
        assert!((Duration::hours(70)..Duration::hours(80)).contains(&total), "{total}");
    }
}
