//! Notifications by mail in PostgreSQL.

use std::sync::LazyLock;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{Delivery, MailLanguage, NotificationId, NotificationKind, Slug, UserId};
use sqlx::FromRow;

use super::outbox::insert_mail;
use super::{PgRepository, big};
use crate::db::sqlite::notification_mail::{DIGEST_KIND, RECIPIENT_COLUMNS, RecipientRow};
use crate::db::sqlite::notifications::{NOTIFICATION_COLUMNS, NOTIFICATION_JOINS, NotificationRow};
use crate::db::sqlite::rows::{millis, slug, time};
use crate::db::{
    ArticleKey, DbError, DueDigest, DueNotification, Mail, MailOutcome, MailRecipient, NotificationMailStore,
    UnsubscribeGrant,
};

/// Notifications whose mail waits for a decision, made at or before `$1`, oldest first, `$2`
/// of them.
static DUE_QUERY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {}, {RECIPIENT_COLUMNS}, c.article_id, s.delivery, v.visited_at, v.mailed_at \
         FROM {NOTIFICATION_JOINS} JOIN users r ON r.id = n.user_id \
         LEFT JOIN notification_settings s ON s.user_id = n.user_id AND s.kind = n.kind \
         LEFT JOIN thread_visits v ON v.user_id = n.user_id AND v.article_id = c.article_id \
         WHERE n.mail IS NULL AND n.created_at <= $1 ORDER BY n.created_at, n.id LIMIT $2",
        *NOTIFICATION_COLUMNS
    )
});

/// The notifications waiting for the digest of the people `$1` (an array of ids), oldest first.
static DIGEST_QUERY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {}, n.user_id AS recipient_id FROM {NOTIFICATION_JOINS} \
         WHERE n.mail = 'digest' AND n.user_id = ANY($1) ORDER BY n.id",
        *NOTIFICATION_COLUMNS
    )
});

#[async_trait]
impl NotificationMailStore for PgRepository {
    async fn due_notifications(&self, made_before: DateTime<Utc>, limit: u32) -> Result<Vec<DueNotification>, DbError> {
        #[derive(FromRow)]
        struct Row {
            #[sqlx(flatten)]
            notification: NotificationRow,
            #[sqlx(flatten)]
            recipient: RecipientRow,
            article_id: i64,
            delivery: Option<String>,
            visited_at: Option<i64>,
            mailed_at: Option<i64>,
        }
        // A read, no claim: two servers may both find a notification, and
        // `settle_notification_mail` lets one of them settle it.
        let rows: Vec<Row> =
            sqlx::query_as(DUE_QUERY.as_str()).bind(millis(made_before)).bind(big(limit)).fetch_all(&self.pool).await?;
        rows.into_iter()
            .map(|row| {
                let delivery = row
                    .delivery
                    .map(|name| {
                        Delivery::from_name(&name).ok_or_else(|| DbError::Corrupt(format!("delivery {name:?}")))
                    })
                    .transpose()?;
                Ok(DueNotification {
                    notification: row.notification.into_stored()?,
                    recipient: row.recipient.into(),
                    article: ArticleKey(row.article_id),
                    delivery,
                    visited_at: row.visited_at.map(time).transpose()?,
                    mailed_at: row.mailed_at.map(time).transpose()?,
                })
            })
            .collect()
    }

    async fn settle_notification_mail(
        &self,
        id: NotificationId,
        outcome: MailOutcome,
        mail: Option<(&Mail, ArticleKey)>,
        now: DateTime<Utc>,
    ) -> Result<bool, DbError> {
        // The conditional update is the claim: it locks the notification's row until the
        // commit, and a second server settling the same notification waits for it, then finds
        // `mail` set and settles nothing (no second mail).
        let mut tx = self.pool.begin().await?;
        let settled = sqlx::query("UPDATE notifications SET mail = $2 WHERE id = $1 AND mail IS NULL")
            .bind(id.0)
            .bind(outcome.as_str())
            .execute(&mut *tx)
            .await?;
        if settled.rows_affected() == 0 {
            return Ok(false);
        }
        if let Some((mail, article)) = mail {
            insert_mail(&mut tx, mail, now).await?;
            sqlx::query(
                "INSERT INTO thread_visits (user_id, article_id, mailed_at) \
                 SELECT user_id, $2, $3 FROM notifications WHERE id = $1 \
                 ON CONFLICT (user_id, article_id) DO UPDATE SET mailed_at = excluded.mailed_at",
            )
            .bind(id.0)
            .bind(article.0)
            .bind(millis(now))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn due_digests(&self, since: DateTime<Utc>, limit: u32) -> Result<Vec<DueDigest>, DbError> {
        // One snapshot for both reads, as SQLite's read transaction has.
        let mut tx = super::read_snapshot(&self.pool).await?;
        let recipients: Vec<RecipientRow> = sqlx::query_as(&format!(
            "SELECT {RECIPIENT_COLUMNS} FROM users r WHERE r.id IN \
             (SELECT DISTINCT user_id FROM notifications WHERE mail = 'digest') \
             AND (r.digest_at IS NULL OR r.digest_at < $1) ORDER BY r.id LIMIT $2"
        ))
        .bind(millis(since))
        .bind(big(limit))
        .fetch_all(&mut *tx)
        .await?;
        let recipients: Vec<MailRecipient> = recipients.into_iter().map(MailRecipient::from).collect();
        if recipients.is_empty() {
            return Ok(Vec::new());
        }
        #[derive(FromRow)]
        struct Row {
            #[sqlx(flatten)]
            notification: NotificationRow,
            recipient_id: i64,
        }
        let ids: Vec<i64> = recipients.iter().map(|recipient| recipient.id.0).collect();
        let rows: Vec<Row> = sqlx::query_as(DIGEST_QUERY.as_str()).bind(ids).fetch_all(&mut *tx).await?;
        tx.commit().await?;
        let mut digests: Vec<DueDigest> =
            recipients.into_iter().map(|recipient| DueDigest { recipient, notifications: Vec::new() }).collect();
        for row in rows {
            if let Some(digest) = digests.iter_mut().find(|digest| digest.recipient.id.0 == row.recipient_id) {
                digest.notifications.push(row.notification.into_stored()?);
            }
        }
        Ok(digests)
    }

    async fn settle_digest(
        &self,
        user: UserId,
        notifications: &[NotificationId],
        mail: Option<&Mail>,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<bool, DbError> {
        // The conditional update of the person's `digest_at` is the claim: it locks their row
        // until the commit, and a second server settling the same digest waits, then finds
        // `digest_at` moved past `since` and settles nothing (no second digest).
        let mut tx = self.pool.begin().await?;
        let claimed =
            sqlx::query("UPDATE users SET digest_at = $2 WHERE id = $1 AND (digest_at IS NULL OR digest_at < $3)")
                .bind(user.0)
                .bind(millis(now))
                .bind(millis(since))
                .execute(&mut *tx)
                .await?;
        if claimed.rows_affected() == 0 {
            return Ok(false);
        }
        sqlx::query(
            "UPDATE notifications SET mail = 'digested' WHERE user_id = $1 AND mail = 'digest' \
             AND id = ANY($2)",
        )
        .bind(user.0)
        .bind(notifications.iter().map(|id| id.0).collect::<Vec<i64>>())
        .execute(&mut *tx)
        .await?;
        if let Some(mail) = mail {
            insert_mail(&mut tx, mail, now).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn visited(&self, user: UserId, slug: &Slug, now: DateTime<Utc>) -> Result<(), DbError> {
        // Written only when it changes what mail may go: at the first visit after a mail about
        // the thread (the mail makes the row). Found by a read first, so that most page views
        // of people logged in write nothing.
        const AWAITED: &str = "user_id = $1 AND article_id = (SELECT id FROM articles WHERE slug = $2) \
            AND mailed_at IS NOT NULL AND (visited_at IS NULL OR visited_at < mailed_at)";
        let awaited: Option<i32> = sqlx::query_scalar(&format!("SELECT 1 FROM thread_visits WHERE {AWAITED}"))
            .bind(user.0)
            .bind(slug.as_str())
            .fetch_optional(&self.pool)
            .await?;
        if awaited.is_some() {
            sqlx::query(&format!("UPDATE thread_visits SET visited_at = $3 WHERE {AWAITED}"))
                .bind(user.0)
                .bind(slug.as_str())
                .bind(millis(now))
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    async fn issue_unsubscribe(
        &self,
        token_hash: &str,
        user: UserId,
        kind: Option<NotificationKind>,
        thread: Option<ArticleKey>,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        sqlx::query(
            "INSERT INTO unsubscribe_tokens (token_hash, user_id, kind, article_id, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user.0)
        .bind(kind.map_or(DIGEST_KIND, NotificationKind::as_str))
        .bind(thread.map(|thread| thread.0))
        .bind(millis(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn unsubscribe_grant(&self, token_hash: &str) -> Result<Option<UnsubscribeGrant>, DbError> {
        let found: Option<(i64, String, Option<i64>, Option<String>, Option<String>, String)> = sqlx::query_as(
            "SELECT t.user_id, t.kind, t.article_id, a.slug, a.title, u.lang FROM unsubscribe_tokens t \
             JOIN users u ON u.id = t.user_id LEFT JOIN articles a ON a.id = t.article_id WHERE t.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some((user, kind, article, article_slug, title, lang)) = found else { return Ok(None) };
        let kind = match kind.as_str() {
            DIGEST_KIND => None,
            name => Some(NotificationKind::from_name(name).ok_or_else(|| DbError::Corrupt(format!("kind {name:?}")))?),
        };
        let thread = match (article, article_slug, title) {
            (Some(article), Some(article_slug), Some(title)) => Some((ArticleKey(article), slug(article_slug)?, title)),
            _ => None,
        };
        Ok(Some(UnsubscribeGrant { user: UserId(user), kind, thread, language: MailLanguage::from_tag(&lang) }))
    }
}
