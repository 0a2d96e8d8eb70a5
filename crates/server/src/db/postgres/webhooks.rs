//! Webhooks in PostgreSQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{DeliveryState, WebhookDelivery, WebhookEvent, WebhookId};
use sqlx::FromRow;

use super::{PgRepository, big, move_place};
use crate::db::sqlite::rows::{millis, time};
use crate::db::sqlite::webhooks::{
    WEBHOOK_COLUMNS, WebhookRow, delivery_state, event_list, events, message_id, state_name,
};
use crate::db::{
    ArticleKey, Attempted, DbError, DueDelivery, NewDelivery, NewWebhook, StoredWebhook, ThreadHooks, WebhookStore,
};

#[async_trait]
impl WebhookStore for PgRepository {
    async fn site_named(&self, name: &str) -> Result<Option<i64>, DbError> {
        Ok(sqlx::query_scalar("SELECT id FROM sites WHERE name = $1").bind(name).fetch_optional(&self.pool).await?)
    }

    async fn webhooks(&self, site: i64) -> Result<Vec<StoredWebhook>, DbError> {
        let rows: Vec<WebhookRow> = sqlx::query_as(&format!(
            "SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE site_id = $1 AND NOT deleted ORDER BY id"
        ))
        .bind(site)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(WebhookRow::into_stored).collect()
    }

    async fn webhook(&self, id: WebhookId) -> Result<Option<StoredWebhook>, DbError> {
        let row: Option<WebhookRow> =
            sqlx::query_as(&format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE id = $1 AND NOT deleted"))
                .bind(id.0)
                .fetch_optional(&self.pool)
                .await?;
        row.map(WebhookRow::into_stored).transpose()
    }

    async fn create_webhook(&self, new: &NewWebhook, now: DateTime<Utc>) -> Result<StoredWebhook, DbError> {
        let row: WebhookRow = sqlx::query_as(&format!(
            "INSERT INTO webhooks (site_id, url, secret, events, created_at) VALUES ($1, $2, $3, $4, $5) \
             RETURNING {WEBHOOK_COLUMNS}"
        ))
        .bind(new.site)
        .bind(&new.url)
        .bind(&new.secret)
        .bind(event_list(&new.events))
        .bind(millis(now))
        .fetch_one(&self.pool)
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
            "UPDATE webhooks SET url = $2, events = $3, active = $4, \
             disabled_reason = CASE WHEN $4 THEN NULL ELSE disabled_reason END \
             WHERE id = $1 AND NOT deleted RETURNING {WEBHOOK_COLUMNS}"
        ))
        .bind(id.0)
        .bind(url)
        .bind(event_list(events))
        .bind(active)
        .fetch_optional(&self.pool)
        .await?;
        row.map(WebhookRow::into_stored).transpose()
    }

    async fn delete_webhook(&self, id: WebhookId) -> Result<bool, DbError> {
        let mut tx = self.pool.begin().await?;
        let deleted = sqlx::query("UPDATE webhooks SET deleted = TRUE, active = FALSE WHERE id = $1 AND NOT deleted")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE webhook_deliveries SET state = 'failed', error = 'the endpoint was deleted' \
             WHERE webhook_id = $1 AND state = 'pending'",
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
             WHERE a.id = ANY($1) ORDER BY a.id, w.id",
        )
        .bind(articles.iter().map(|article| article.0).collect::<Vec<i64>>())
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
        // The cursor's row stays locked until the commit: a second server storing the same
        // stretch of the log waits, then finds the cursor moved and stores nothing.
        let Some(mut tx) = move_place(&self.pool, ("webhook_cursor", "seq"), from, to).await? else {
            return Ok(false);
        };
        for new in made {
            sqlx::query(
                "INSERT INTO webhook_deliveries (webhook_id, event_seq, event, payload, next_attempt_at, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT DO NOTHING",
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
        // One statement: the deliveries are locked as they are picked, and those another server
        // is claiming at this moment (locked by it) are skipped, not waited for; one that
        // another server claimed since this statement began is re-read when locked, and its new
        // claim keeps it out. So no two servers take the same delivery. A claim that expired
        // (its server died before it settled the delivery) is taken again. Only the deliveries'
        // rows are locked (`OF d`): the endpoints' rows are read, and stay free for the claims
        // of other servers and for changes.
        let rows: Vec<(i64, i64, i64, String, i64)> = sqlx::query_as(
            "UPDATE webhook_deliveries SET claimed_until = $2, attempts = attempts + 1 WHERE id IN \
             (SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id \
              WHERE d.state = 'pending' AND d.next_attempt_at <= $1 AND w.active \
              AND (d.claimed_until IS NULL OR d.claimed_until <= $1) ORDER BY d.next_attempt_at, d.id LIMIT $3 \
              FOR UPDATE OF d SKIP LOCKED) \
             RETURNING id, webhook_id, event_seq, payload, attempts - 1",
        )
        .bind(millis(now))
        .bind(millis(until))
        .bind(big(limit))
        .fetch_all(&self.pool)
        .await?;
        let hooks: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT id, url, secret FROM webhooks WHERE id = ANY($1)")
                .bind(rows.iter().map(|row| row.1).collect::<Vec<i64>>())
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
        let mut tx = self.pool.begin().await?;
        // The endpoint's row first, then the delivery's, in the order `delete_webhook` locks
        // them: in the other order, the two could each wait for the other's row (a deadlock).
        if let Some(reason) = &attempted.disable {
            // Only under this sender's claim: one whose claim ran out turns nothing off.
            sqlx::query(
                "UPDATE webhooks SET active = FALSE, disabled_reason = $2 WHERE id = $1 AND EXISTS \
                 (SELECT 1 FROM webhook_deliveries WHERE id = $3 AND claimed_until = $4)",
            )
            .bind(delivery.webhook.0)
            .bind(reason)
            .bind(delivery.id)
            .bind(millis(delivery.claimed_until))
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "UPDATE webhook_deliveries SET state = $2, next_attempt_at = COALESCE($3, next_attempt_at), \
             claimed_until = NULL, response_status = $4, error = $5 WHERE id = $1 AND claimed_until = $6",
        )
        .bind(delivery.id)
        .bind(state_name(attempted.state))
        .bind(attempted.retry_at.map(millis))
        .bind(attempted.response_status.map(i64::from))
        .bind(&attempted.error)
        .bind(millis(delivery.claimed_until))
        .execute(&mut *tx)
        .await?;
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
        // One snapshot for the count and the page, as SQLite's read transaction has.
        let mut tx = super::read_snapshot(&self.pool).await?;
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = $1")
            .bind(id.0)
            .fetch_one(&mut *tx)
            .await?;
        let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT event_seq, event, state, attempts, response_status, error, created_at, next_attempt_at \
             FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3",
        )
        .bind(id.0)
        .bind(i64::from(per_page))
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
