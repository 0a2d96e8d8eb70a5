//! Webhooks in SQLite.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{DeliveryState, Webhook, WebhookDelivery, WebhookEvent, WebhookId};
use sqlx::FromRow;

use super::rows::{millis, time};
use super::{SqliteRepository, json_ids, move_place};
use crate::db::{
    ArticleKey, Attempted, DbError, DueDelivery, NewDelivery, NewWebhook, StoredWebhook, ThreadHooks, WebhookStore,
};

pub(in crate::db) const WEBHOOK_COLUMNS: &str = "id, site_id, url, secret, events, active, disabled_reason, created_at";

#[derive(FromRow)]
pub(in crate::db) struct WebhookRow {
    pub(in crate::db) id: i64,
    pub(in crate::db) site_id: i64,
    pub(in crate::db) url: String,
    pub(in crate::db) secret: String,
    pub(in crate::db) events: String,
    pub(in crate::db) active: bool,
    pub(in crate::db) disabled_reason: Option<String>,
    pub(in crate::db) created_at: i64,
}

impl WebhookRow {
    pub(in crate::db) fn into_stored(self) -> Result<StoredWebhook, DbError> {
        Ok(StoredWebhook {
            webhook: Webhook {
                id: WebhookId(self.id),
                url: self.url,
                events: events(&self.events)?,
                active: self.active,
                disabled_reason: self.disabled_reason,
                created_at: time(self.created_at)?,
            },
            site: self.site_id,
            secret: self.secret,
        })
    }
}

/// The events of a stored, comma-separated list.
pub(in crate::db) fn events(list: &str) -> Result<Vec<WebhookEvent>, DbError> {
    list.split(',')
        .filter(|name| !name.is_empty())
        .map(|name| WebhookEvent::from_name(name).ok_or_else(|| DbError::Corrupt(format!("webhook event {name:?}"))))
        .collect()
}

pub(in crate::db) fn event_list(events: &[WebhookEvent]) -> String {
    events.iter().map(|event| event.as_str()).collect::<Vec<_>>().join(",")
}

pub(in crate::db) fn delivery_state(name: &str) -> Result<DeliveryState, DbError> {
    match name {
        "pending" => Ok(DeliveryState::Pending),
        "delivered" => Ok(DeliveryState::Delivered),
        "failed" => Ok(DeliveryState::Failed),
        other => Err(DbError::Corrupt(format!("delivery state {other:?}"))),
    }
}

pub(in crate::db) fn state_name(state: DeliveryState) -> &'static str {
    match state {
        DeliveryState::Pending => "pending",
        DeliveryState::Delivered => "delivered",
        DeliveryState::Failed => "failed",
    }
}

/// The message id of the delivery of event `seq` to endpoint `webhook`: the same for every
/// attempt, and for every server that makes the delivery.
pub(in crate::db) fn message_id(seq: i64, webhook: i64) -> String {
    format!("msg_{seq}_{webhook}")
}

#[async_trait]
impl WebhookStore for SqliteRepository {
    async fn site_named(&self, name: &str) -> Result<Option<i64>, DbError> {
        Ok(sqlx::query_scalar("SELECT id FROM sites WHERE name = ?1").bind(name).fetch_optional(&self.pool).await?)
    }

    async fn webhooks(&self, site: i64) -> Result<Vec<StoredWebhook>, DbError> {
        let rows: Vec<WebhookRow> = sqlx::query_as(&format!(
            "SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE site_id = ?1 AND NOT deleted ORDER BY id"
        ))
        .bind(site)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(WebhookRow::into_stored).collect()
    }

    async fn webhook(&self, id: WebhookId) -> Result<Option<StoredWebhook>, DbError> {
        let row: Option<WebhookRow> =
            sqlx::query_as(&format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE id = ?1 AND NOT deleted"))
                .bind(id.0)
                .fetch_optional(&self.pool)
                .await?;
        row.map(WebhookRow::into_stored).transpose()
    }

    async fn create_webhook(&self, new: &NewWebhook, now: DateTime<Utc>) -> Result<StoredWebhook, DbError> {
        let row: WebhookRow = sqlx::query_as(&format!(
            "INSERT INTO webhooks (site_id, url, secret, events, created_at) VALUES (?1, ?2, ?3, ?4, ?5) \
             RETURNING {WEBHOOK_COLUMNS}"
        ))
        .bind(new.site)
        .bind(&new.url)
        .bind(&new.secret)
        .bind(event_list(&new.events))
        .bind(millis(now))
        .fetch_one(&self.writer)
        .await?;
        row.into_stored()
    }

    async fn update_webhook(
        &self,
        id: WebhookId,
        url: &str,
        events: &[WebhookEvent],
        active: bool,
    ) -> Result<Option<StoredWebhook>, DbError> {
        let row: Option<WebhookRow> = sqlx::query_as(&format!(
            "UPDATE webhooks SET url = ?2, events = ?3, active = ?4, \
             disabled_reason = CASE WHEN ?4 THEN NULL ELSE disabled_reason END \
             WHERE id = ?1 AND NOT deleted RETURNING {WEBHOOK_COLUMNS}"
        ))
        .bind(id.0)
        .bind(url)
        .bind(event_list(events))
        .bind(active)
        .fetch_optional(&self.writer)
        .await?;
        row.map(WebhookRow::into_stored).transpose()
    }

    async fn delete_webhook(&self, id: WebhookId) -> Result<bool, DbError> {
        let mut tx = self.writer.begin().await?;
        let deleted = sqlx::query("UPDATE webhooks SET deleted = 1, active = 0 WHERE id = ?1 AND NOT deleted")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE webhook_deliveries SET state = 'failed', error = 'the endpoint was deleted' \
             WHERE webhook_id = ?1 AND state = 'pending'",
        )
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(deleted.rows_affected() > 0)
    }

    async fn webhook_cursor(&self) -> Result<i64, DbError> {
        Ok(sqlx::query_scalar("SELECT seq FROM webhook_cursor WHERE id = 1").fetch_one(&self.pool).await?)
    }

    async fn thread_hooks(&self, articles: &[ArticleKey]) -> Result<Vec<ThreadHooks>, DbError> {
        let rows: Vec<(i64, String, Option<i64>, Option<String>)> = sqlx::query_as(
            "SELECT a.id, a.title, w.id, w.events FROM articles a \
             LEFT JOIN webhooks w ON w.site_id = a.site_id AND w.active AND NOT w.deleted \
             WHERE a.id IN (SELECT value FROM json_each(?1)) ORDER BY a.id, w.id",
        )
        .bind(json_ids(articles.iter().map(|article| article.0))?)
        .fetch_all(&self.pool)
        .await?;
        let mut found: Vec<ThreadHooks> = Vec::new();
        for (article, title, hook, list) in rows {
            if found.last().is_none_or(|last| last.article.0 != article) {
                found.push(ThreadHooks { article: ArticleKey(article), title, hooks: Vec::new() });
            }
            if let (Some(hook), Some(list), Some(last)) = (hook, list, found.last_mut()) {
                last.hooks.push((WebhookId(hook), events(&list)?));
            }
        }
        Ok(found)
    }

    async fn store_deliveries(
        &self,
        made: &[NewDelivery],
        from: i64,
        to: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, DbError> {
        let Some(mut tx) = move_place(&self.writer, ("webhook_cursor", "seq"), from, to).await? else {
            return Ok(false);
        };
        for new in made {
            sqlx::query(
                "INSERT OR IGNORE INTO webhook_deliveries (webhook_id, event_seq, event, payload, next_attempt_at, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            )
            .bind(new.webhook.0)
            .bind(new.event_seq)
            .bind(new.event.as_str())
            .bind(&new.payload)
            .bind(millis(now))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn claim_deliveries(
        &self,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<DueDelivery>, DbError> {
        let rows: Vec<(i64, i64, i64, String, i64)> = sqlx::query_as(
            "UPDATE webhook_deliveries SET claimed_until = ?2, attempts = attempts + 1 WHERE id IN \
             (SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id \
              WHERE d.state = 'pending' AND d.next_attempt_at <= ?1 AND w.active \
              AND (d.claimed_until IS NULL OR d.claimed_until <= ?1) ORDER BY d.next_attempt_at, d.id LIMIT ?3) \
             RETURNING id, webhook_id, event_seq, payload, attempts - 1",
        )
        .bind(millis(now))
        .bind(millis(until))
        .bind(limit)
        .fetch_all(&self.writer)
        .await?;
        let hooks: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT id, url, secret FROM webhooks WHERE id IN (SELECT value FROM json_each(?1))")
                .bind(json_ids(rows.iter().map(|row| row.1))?)
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .filter_map(|(id, webhook, seq, payload, attempts)| {
                let (_, url, secret) = hooks.iter().find(|(hook, ..)| *hook == webhook)?;
                Some(Ok(DueDelivery {
                    id,
                    message_id: message_id(seq, webhook),
                    url: url.clone(),
                    secret: secret.clone(),
                    payload,
                    attempts: match u32::try_from(attempts) {
                        Ok(attempts) => attempts,
                        Err(_) => return Some(Err(DbError::Corrupt("delivery attempts".into()))),
                    },
                    webhook: WebhookId(webhook),
                    claimed_until: until,
                }))
            })
            .collect()
    }

    async fn delivery_attempted(&self, delivery: &DueDelivery, attempted: &Attempted) -> Result<(), DbError> {
        let mut tx = self.writer.begin().await?;
        let recorded = sqlx::query(
            "UPDATE webhook_deliveries SET state = ?2, next_attempt_at = COALESCE(?3, next_attempt_at), \
             claimed_until = NULL, response_status = ?4, error = ?5 WHERE id = ?1 AND claimed_until = ?6",
        )
        .bind(delivery.id)
        .bind(state_name(attempted.state))
        .bind(attempted.retry_at.map(millis))
        .bind(attempted.response_status.map(i64::from))
        .bind(&attempted.error)
        .bind(millis(delivery.claimed_until))
        .execute(&mut *tx)
        .await?;
        // A sender whose claim ran out records nothing, and turns nothing off either.
        if let Some(reason) = attempted.disable.as_ref().filter(|_| recorded.rows_affected() == 1) {
            sqlx::query("UPDATE webhooks SET active = 0, disabled_reason = ?2 WHERE id = ?1")
                .bind(delivery.webhook.0)
                .bind(reason)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn deliveries(
        &self,
        id: WebhookId,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<WebhookDelivery>, u64), DbError> {
        #[derive(FromRow)]
        struct Row {
            event_seq: i64,
            event: String,
            state: String,
            attempts: i64,
            response_status: Option<i64>,
            error: Option<String>,
            created_at: i64,
            next_attempt_at: i64,
        }
        let mut tx = self.pool.begin().await?;
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = ?1")
            .bind(id.0)
            .fetch_one(&mut *tx)
            .await?;
        let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT event_seq, event, state, attempts, response_status, error, created_at, next_attempt_at \
             FROM webhook_deliveries WHERE webhook_id = ?1 ORDER BY id DESC LIMIT ?2 OFFSET ?3",
        )
        .bind(id.0)
        .bind(per_page)
        .bind(offset)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let items = rows
            .into_iter()
            .map(|row| {
                let state = delivery_state(&row.state)?;
                Ok(WebhookDelivery {
                    message_id: message_id(row.event_seq, id.0),
                    event: WebhookEvent::from_name(&row.event)
                        .ok_or_else(|| DbError::Corrupt(format!("webhook event {:?}", row.event)))?,
                    state,
                    attempts: u32::try_from(row.attempts).map_err(|_| DbError::Corrupt("attempts".into()))?,
                    response_status: row.response_status.and_then(|status| u16::try_from(status).ok()),
                    error: row.error,
                    created_at: time(row.created_at)?,
                    next_attempt_at: (state == DeliveryState::Pending)
                        .then(|| time(row.next_attempt_at))
                        .transpose()?,
                })
            })
            .collect::<Result<_, DbError>>()?;
        Ok((items, u64::try_from(total).map_err(|_| DbError::Corrupt("count".into()))?))
    }
}
