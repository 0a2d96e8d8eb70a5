//! The storage interface for webhooks: a site's endpoints, the deliveries made from the event
//! log (with the log's place they were made up to), claiming due ones, and each endpoint's log.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{DeliveryState, Webhook, WebhookDelivery, WebhookEvent, WebhookId};

use super::{ArticleKey, DbError};

/// An endpoint as stored, with its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredWebhook {
    /// The endpoint as admins see it.
    pub webhook: Webhook,
    /// Its site.
    pub site: i64,
    /// The signing secret (`whsec_…`).
    pub secret: String,
}

/// An endpoint to register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWebhook {
    /// Its site.
    pub site: i64,
    /// Where deliveries go.
    pub url: String,
    /// The signing secret (`whsec_…`).
    pub secret: String,
    /// What it hears of.
    pub events: Vec<WebhookEvent>,
}

/// The endpoints that may hear of a thread's events, with the thread's title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadHooks {
    /// The thread.
    pub article: ArticleKey,
    /// Its article's title.
    pub title: String,
    /// Its site's active endpoints and what each hears of.
    pub hooks: Vec<(WebhookId, Vec<WebhookEvent>)>,
}

/// A delivery to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDelivery {
    /// To which endpoint.
    pub webhook: WebhookId,
    /// The event log's number it comes from (one delivery per endpoint and event).
    pub event_seq: i64,
    /// What happened.
    pub event: WebhookEvent,
    /// The JSON body, made once.
    pub payload: String,
}

/// A delivery a sender claimed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueDelivery {
    /// Its number.
    pub id: i64,
    /// The message id every attempt sends (`webhook-id`).
    pub message_id: String,
    /// Where it goes.
    pub url: String,
    /// The endpoint's secret.
    pub secret: String,
    /// The JSON body.
    pub payload: String,
    /// Attempts before this one.
    pub attempts: u32,
    /// The endpoint.
    pub webhook: WebhookId,
    /// When this claim runs out. Recording the attempt names it: a sender whose claim ran out
    /// (and another server's claim replaced) records nothing.
    pub claimed_until: DateTime<Utc>,
}

/// What an attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempted {
    /// Delivered, pending (another try at `retry_at`) or failed for good.
    pub state: DeliveryState,
    /// When to try again, while pending.
    pub retry_at: Option<DateTime<Utc>>,
    /// The endpoint's HTTP status, if it answered.
    pub response_status: Option<u16>,
    /// What went wrong, if something did.
    pub error: Option<String>,
    /// Turn the endpoint off with this reason (it answered 410 Gone).
    pub disable: Option<String>,
}

/// Webhooks.
#[async_trait]
pub trait WebhookStore: Send + Sync {
    /// The id of the site named `name`.
    async fn site_named(&self, name: &str) -> Result<Option<i64>, DbError>;

    /// `site`'s endpoints, oldest first.
    async fn webhooks(&self, site: i64) -> Result<Vec<StoredWebhook>, DbError>;

    /// Endpoint `id`, unless deleted.
    async fn webhook(&self, id: WebhookId) -> Result<Option<StoredWebhook>, DbError>;

    /// Registers an endpoint.
    async fn create_webhook(&self, new: &NewWebhook, now: DateTime<Utc>) -> Result<StoredWebhook, DbError>;

    /// Changes endpoint `id`'s URL, events and whether it is on (turning it on forgets why the
    /// server turned it off); `None` when there is no such endpoint.
    async fn update_webhook(
        &self,
        id: WebhookId,
        url: &str,
        events: &[WebhookEvent],
        active: bool,
    ) -> Result<Option<StoredWebhook>, DbError>;

    /// Deletes endpoint `id` (its waiting deliveries fail); whether there was one.
    async fn delete_webhook(&self, id: WebhookId) -> Result<bool, DbError>;

    /// The event log's number deliveries were made up to.
    async fn webhook_cursor(&self) -> Result<i64, DbError>;

    /// For each of `articles`, its title and its site's active endpoints.
    async fn thread_hooks(&self, articles: &[ArticleKey]) -> Result<Vec<ThreadHooks>, DbError>;

    /// Stores `made` and moves the place from `from` to `to`, in one transaction; `false`
    /// (nothing stored) when another server moved it meanwhile.
    async fn store_deliveries(
        &self,
        made: &[NewDelivery],
        from: i64,
        to: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, DbError>;

    /// Claims up to `limit` deliveries due at `now` to active endpoints, until `until`,
    /// counting the attempt.
    async fn claim_deliveries(
        &self,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<DueDelivery>, DbError>;

    /// Records what delivery `id`'s attempt came to (and turns its endpoint off if asked).
    async fn delivery_attempted(&self, delivery: &DueDelivery, attempted: &Attempted) -> Result<(), DbError>;

    /// Page `page` (from 1) of endpoint `id`'s deliveries, newest first, with how many there are.
    async fn deliveries(&self, id: WebhookId, page: u32, per_page: u32)
    -> Result<(Vec<WebhookDelivery>, u64), DbError>;
}
