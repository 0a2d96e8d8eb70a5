//! The mail outbox in PostgreSQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::MailFailure;
use sqlx::FromRow;

use super::{PgRepository, big};
use crate::db::sqlite::outbox::{MAIL_COLUMNS, MailRow};
use crate::db::sqlite::rows::{count, millis, time};
use crate::db::{DbError, Mail, OutboxStore, QueuedMail};

#[async_trait]
impl OutboxStore for PgRepository {
    async fn queue_mail(&self, mail: &Mail, now: DateTime<Utc>) -> Result<i64, DbError> {
        let mut conn = self.pool.acquire().await?;
        Ok(insert_mail(&mut conn, mail, now).await?)
    }

    async fn mails_to(&self, address: &str) -> Result<Vec<Mail>, DbError> {
        let rows: Vec<MailRow> =
            sqlx::query_as(&format!("SELECT {MAIL_COLUMNS} FROM outbox WHERE to_address = $1 ORDER BY id"))
                .bind(address)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(Mail::from).collect())
    }

    async fn claim_mails(
        &self,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<QueuedMail>, DbError> {
        #[derive(FromRow)]
        struct Row {
            id: i64,
            attempts: i64,
            #[sqlx(flatten)]
            mail: MailRow,
        }
        // One statement: the mails are locked as they are picked, and those another server is
        // claiming at this moment (locked by it) are skipped, not waited for; one that another
        // server claimed since this statement began is re-read when locked, and its new claim
        // keeps it out. So no two servers take the same mail. A claim that expired (its server
        // died before it settled the mail) is taken again.
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "UPDATE outbox SET claimed_until = $2, attempts = attempts + 1 WHERE id IN \
             (SELECT id FROM outbox WHERE status = 'queued' AND next_attempt_at <= $1 \
              AND (claimed_until IS NULL OR claimed_until <= $1) ORDER BY next_attempt_at, id LIMIT $3 \
              FOR UPDATE SKIP LOCKED) \
             RETURNING id, attempts - 1 AS attempts, {MAIL_COLUMNS}"
        ))
        .bind(millis(now))
        .bind(millis(until))
        .bind(big(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok(QueuedMail {
                    id: row.id,
                    attempts: u32::try_from(row.attempts).map_err(|_| DbError::Corrupt("mail attempts".into()))?,
                    claimed_until: until,
                    mail: row.mail.into(),
                })
            })
            .collect()
    }

    async fn mail_sent(&self, claimed: &QueuedMail, now: DateTime<Utc>) -> Result<(), DbError> {
        sqlx::query(
            "UPDATE outbox SET status = 'sent', sent_at = $2, claimed_until = NULL, last_error = NULL \
             WHERE id = $1 AND claimed_until = $3",
        )
        .bind(claimed.id)
        .bind(millis(now))
        .bind(millis(claimed.claimed_until))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn mail_not_sent(
        &self,
        claimed: &QueuedMail,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        // PostgreSQL takes each bound parameter once: the third is the retry's time or, for a
        // mail given up, the time it failed.
        let (query, at) = match retry_at {
            Some(retry_at) => (
                "UPDATE outbox SET next_attempt_at = $3, claimed_until = NULL, last_error = $2 \
                 WHERE id = $1 AND claimed_until = $4",
                retry_at,
            ),
            None => (
                "UPDATE outbox SET status = 'failed', sent_at = $3, claimed_until = NULL, last_error = $2 \
                 WHERE id = $1 AND claimed_until = $4",
                now,
            ),
        };
        sqlx::query(query)
            .bind(claimed.id)
            .bind(error)
            .bind(millis(at))
            .bind(millis(claimed.claimed_until))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn mail_status(&self, limit: u32) -> Result<(u64, Vec<MailFailure>), DbError> {
        let queued: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE status = 'queued'").fetch_one(&self.pool).await?;
        let rows: Vec<(i64, String, String, i64, Option<String>, Option<i64>)> = sqlx::query_as(
            "SELECT id, to_address, subject, attempts, last_error, sent_at FROM outbox WHERE status = 'failed' \
             ORDER BY id DESC LIMIT $1",
        )
        .bind(big(limit))
        .fetch_all(&self.pool)
        .await?;
        let failed = rows
            .into_iter()
            .map(|(id, to, subject, attempts, error, at)| {
                Ok(MailFailure {
                    id,
                    to,
                    subject,
                    attempts: u32::try_from(attempts).map_err(|_| DbError::Corrupt("mail attempts".into()))?,
                    error: error.unwrap_or_default(),
                    at: time(at.unwrap_or_default())?,
                })
            })
            .collect::<Result<_, DbError>>()?;
        Ok((count(queued)?, failed))
    }
}

/// Queues `mail` on `conn` (a connection of the pool, or a transaction).
pub(super) async fn insert_mail(
    conn: &mut sqlx::PgConnection,
    mail: &Mail,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO outbox (to_address, subject, body, html, lang, list_unsubscribe, created_at, status, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', $7) RETURNING id",
    )
    .bind(&mail.to)
    .bind(&mail.subject)
    .bind(&mail.body)
    .bind(&mail.html)
    .bind(mail.lang.tag())
    .bind(&mail.list_unsubscribe)
    .bind(millis(now))
    .fetch_one(conn)
    .await
}
