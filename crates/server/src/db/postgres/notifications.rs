//! Notifications in PostgreSQL.

use std::sync::LazyLock;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{CommentId, Delivery, MailLanguage, NotificationId, NotificationKind, NotificationSettings, UserId};

use super::{PgRepository, move_place};
use crate::db::sqlite::notifications::{
    NOTIFICATION_COLUMNS, NOTIFICATION_JOINS, NotificationRow, follow_state, kind_delivery,
};
use crate::db::sqlite::rows::{count, millis, state, time};
use crate::db::{
    ArticleKey, CommentAudience, DbError, DecisionNotice, FollowState, MailPlan, NewNotification, NotificationStore,
    Notifying, StoredNotification, StoredSettings,
};

/// A reader's notifications `$1`, newest first, `$2` from `$3`, with their comments.
static PAGE_QUERY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {} FROM {NOTIFICATION_JOINS} WHERE n.user_id = $1 ORDER BY n.id DESC LIMIT $2 OFFSET $3",
        *NOTIFICATION_COLUMNS
    )
});

/// Stores `new` unless it is stored already (the unique key: person, comment, kind, trigger).
async fn insert_notification(
    conn: &mut sqlx::PgConnection,
    new: &NewNotification,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let (outcome, reason) = match &new.outcome {
        Some((outcome, reason)) => (Some(outcome.as_str()), reason.as_deref()),
        None => (None, None),
    };
    let mail = match new.mail {
        MailPlan::Later => None,
        MailPlan::Digest => Some("digest"),
        MailPlan::None => Some("app"),
    };
    sqlx::query(
        "INSERT INTO notifications \
         (user_id, kind, comment_id, trigger_seq, outcome, reason, created_at, mail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
    )
    .bind(new.user.0)
    .bind(new.kind.as_str())
    .bind(new.comment.0)
    .bind(new.trigger)
    .bind(outcome)
    .bind(reason)
    .bind(millis(now))
    .bind(mail)
    .execute(conn)
    .await?;
    Ok(())
}

#[async_trait]
impl NotificationStore for PgRepository {
    async fn notification_cursor(&self) -> Result<i64, DbError> {
        Ok(sqlx::query_scalar("SELECT seq FROM notification_cursor WHERE id = 1").fetch_one(&self.pool).await?)
    }

    async fn audience(&self, id: CommentId) -> Result<Option<CommentAudience>, DbError> {
        let mut conn = self.pool.acquire().await?;
        let found: Option<(i64, i64, String, bool, bool)> = sqlx::query_as(
            "SELECT c.article_id, c.author_id, c.status, c.deleted, u.follow_own_threads FROM comments c \
             JOIN users u ON u.id = c.author_id WHERE c.id = $1",
        )
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?;
        let Some((article, author, status, deleted, author_follows_threads)) = found else { return Ok(None) };
        // People with an account only: the guests' shared account and imported names have none.
        let quoted: Vec<(i64, bool)> = sqlx::query_as(
            "SELECT DISTINCT s.author_id, s.article_id = $2 FROM comment_quotes q JOIN comments s ON s.id = q.source_id \
             JOIN users u ON u.id = s.author_id WHERE q.comment_id = $1 AND u.password_hash IS NOT NULL",
        )
        .bind(id.0)
        .bind(article)
        .fetch_all(&mut *conn)
        .await?;
        let mentioned: Vec<i64> = sqlx::query_scalar(
            "SELECT m.user_id FROM comment_mentions m JOIN users u ON u.id = m.user_id \
             WHERE m.comment_id = $1 AND u.password_hash IS NOT NULL",
        )
        .bind(id.0)
        .fetch_all(&mut *conn)
        .await?;
        let follows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT f.user_id, f.state FROM thread_follows f JOIN users u ON u.id = f.user_id \
             WHERE f.article_id = $1 AND u.password_hash IS NOT NULL",
        )
        .bind(article)
        .fetch_all(&mut *conn)
        .await?;
        Ok(Some(CommentAudience {
            article: ArticleKey(article),
            author: UserId(author),
            state: state(&status)?,
            deleted,
            quoted: quoted.into_iter().map(|(user, same)| (UserId(user), same)).collect(),
            mentioned: mentioned.into_iter().map(UserId).collect(),
            follows: follows
                .into_iter()
                .map(|(user, name)| Ok((UserId(user), follow_state(&name)?)))
                .collect::<Result<_, DbError>>()?,
            author_follows_threads,
        }))
    }

    async fn decision(&self, log_id: i64) -> Result<Option<DecisionNotice>, DbError> {
        let found: Option<(i64, i64, String, Option<String>)> = sqlx::query_as(
            "SELECT c.author_id, l.moderator_id, l.to_state, l.reason FROM moderation_log l \
             JOIN comments c ON c.id = l.comment_id JOIN users u ON u.id = c.author_id \
             WHERE l.id = $1 AND l.moderator_id IS NOT NULL AND u.password_hash IS NOT NULL",
        )
        .bind(log_id)
        .fetch_optional(&self.pool)
        .await?;
        found
            .map(|(author, moderator, to, reason)| {
                Ok(DecisionNotice {
                    author: UserId(author),
                    moderator: UserId(moderator),
                    outcome: state(&to)?,
                    reason,
                })
            })
            .transpose()
    }

    async fn store_notifications(
        &self,
        made: &Notifying,
        from: i64,
        to: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, DbError> {
        // The cursor's row stays locked until the commit: a second server storing the same
        // stretch of the log waits, then finds the cursor moved and stores nothing.
        let Some(mut tx) = move_place(&self.pool, ("notification_cursor", "seq"), from, to).await? else {
            return Ok(false);
        };
        for (user, article) in &made.follows {
            // Guests and imported names have no account to notify.
            sqlx::query(
                "INSERT INTO thread_follows (user_id, article_id, state) SELECT $1, $2, 'follow' \
                 WHERE EXISTS (SELECT 1 FROM users WHERE id = $1 AND password_hash IS NOT NULL) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(user.0)
            .bind(article.0)
            .execute(&mut *tx)
            .await?;
        }
        for new in &made.notifications {
            insert_notification(&mut tx, new, now).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn reactions_told_until(&self) -> Result<DateTime<Utc>, DbError> {
        time(sqlx::query_scalar("SELECT until FROM reactions_cursor WHERE id = 1").fetch_one(&self.pool).await?)
    }

    async fn reacted_comments(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(UserId, CommentId)>, DbError> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT DISTINCT c.author_id, c.id FROM reactions r JOIN comments c ON c.id = r.comment_id \
             JOIN users u ON u.id = c.author_id \
             WHERE r.created_at > $1 AND r.created_at <= $2 AND r.user_id <> c.author_id \
             AND u.password_hash IS NOT NULL AND c.status = 'published' AND NOT c.deleted ORDER BY c.id",
        )
        .bind(millis(from))
        .bind(millis(to))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(user, comment)| (UserId(user), CommentId(comment))).collect())
    }

    async fn store_reaction_notifications(
        &self,
        made: &[NewNotification],
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<bool, DbError> {
        let Some(mut tx) = move_place(&self.pool, ("reactions_cursor", "until"), millis(from), millis(to)).await?
        else {
            return Ok(false);
        };
        for new in made {
            insert_notification(&mut tx, new, now).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn notification_settings(&self, user: UserId) -> Result<StoredSettings, DbError> {
        // One snapshot for both reads, as SQLite's read transaction has.
        let mut tx = super::read_snapshot(&self.pool).await?;
        let (lang, follow_threads): (String, bool) =
            sqlx::query_as("SELECT lang, follow_own_threads FROM users WHERE id = $1")
                .bind(user.0)
                .fetch_one(&mut *tx)
                .await?;
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT kind, delivery FROM notification_settings WHERE user_id = $1")
                .bind(user.0)
                .fetch_all(&mut *tx)
                .await?;
        tx.commit().await?;
        let chosen =
            rows.into_iter().map(|(kind, delivery)| kind_delivery(&kind, &delivery)).collect::<Result<_, _>>()?;
        Ok(StoredSettings { chosen, language: MailLanguage::from_tag(&lang), follow_threads })
    }

    async fn put_notification_settings(&self, user: UserId, settings: &NotificationSettings) -> Result<(), DbError> {
        // The user's row, updated first, stays locked until the commit: two changes of the same
        // person's settings take turns.
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE users SET lang = $2, follow_own_threads = $3 WHERE id = $1")
            .bind(user.0)
            .bind(settings.language.tag())
            .bind(settings.follow_threads_i_write_in)
            .execute(&mut *tx)
            .await?;
        for kind in NotificationKind::ALL {
            sqlx::query(
                "INSERT INTO notification_settings (user_id, kind, delivery) VALUES ($1, $2, $3) \
                 ON CONFLICT (user_id, kind) DO UPDATE SET delivery = excluded.delivery",
            )
            .bind(user.0)
            .bind(kind.as_str())
            .bind(settings.delivery(kind).as_str())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn chosen_deliveries(&self, users: &[UserId]) -> Result<Vec<(UserId, NotificationKind, Delivery)>, DbError> {
        if users.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT user_id, kind, delivery FROM notification_settings WHERE user_id = ANY($1)")
                .bind(users.iter().map(|user| user.0).collect::<Vec<i64>>())
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|(user, kind, delivery)| {
                let (kind, delivery) = kind_delivery(&kind, &delivery)?;
                Ok((UserId(user), kind, delivery))
            })
            .collect()
    }

    async fn set_follow(&self, user: UserId, article: ArticleKey, state: Option<FollowState>) -> Result<(), DbError> {
        match state {
            Some(state) => {
                sqlx::query(
                    "INSERT INTO thread_follows (user_id, article_id, state) VALUES ($1, $2, $3) \
                     ON CONFLICT (article_id, user_id) DO UPDATE SET state = excluded.state",
                )
                .bind(user.0)
                .bind(article.0)
                .bind(state.as_str())
                .execute(&self.pool)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM thread_follows WHERE user_id = $1 AND article_id = $2")
                    .bind(user.0)
                    .bind(article.0)
                    .execute(&self.pool)
                    .await?;
            }
        }
        Ok(())
    }

    async fn follow_state(&self, user: UserId, article: ArticleKey) -> Result<Option<FollowState>, DbError> {
        let found: Option<String> =
            sqlx::query_scalar("SELECT state FROM thread_follows WHERE user_id = $1 AND article_id = $2")
                .bind(user.0)
                .bind(article.0)
                .fetch_optional(&self.pool)
                .await?;
        found.as_deref().map(follow_state).transpose()
    }

    async fn notifications(
        &self,
        user: UserId,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<StoredNotification>, u64, u64), DbError> {
        // One snapshot for the counts and the page, as SQLite's read transaction has.
        let mut tx = super::read_snapshot(&self.pool).await?;
        let (total, unread): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), COUNT(*) FILTER (WHERE read_at IS NULL) FROM notifications WHERE user_id = $1",
        )
        .bind(user.0)
        .fetch_one(&mut *tx)
        .await?;
        let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
        let rows: Vec<NotificationRow> = sqlx::query_as(PAGE_QUERY.as_str())
            .bind(user.0)
            .bind(i64::from(per_page))
            .bind(offset)
            .fetch_all(&mut *tx)
            .await?;
        tx.commit().await?;
        let items = rows.into_iter().map(NotificationRow::into_stored).collect::<Result<_, DbError>>()?;
        Ok((items, count(total)?, count(unread)?))
    }

    async fn mark_read(
        &self,
        user: UserId,
        ids: Option<&[NotificationId]>,
        now: DateTime<Utc>,
    ) -> Result<u64, DbError> {
        let ids = ids.map(|ids| ids.iter().map(|id| id.0).collect::<Vec<i64>>());
        sqlx::query(
            "UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL \
             AND ($3::BIGINT[] IS NULL OR id = ANY($3))",
        )
        .bind(user.0)
        .bind(millis(now))
        .bind(ids)
        .execute(&self.pool)
        .await?;
        self.unread(user).await
    }

    async fn unread(&self, user: UserId) -> Result<u64, DbError> {
        let unread: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
                .bind(user.0)
                .fetch_one(&self.pool)
                .await?;
        count(unread)
    }

    async fn unread_counts(&self, users: &[UserId]) -> Result<Vec<(UserId, u64)>, DbError> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT user_id, COUNT(*) FROM notifications WHERE read_at IS NULL \
             AND user_id = ANY($1) GROUP BY user_id",
        )
        .bind(users.iter().map(|user| user.0).collect::<Vec<i64>>())
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(|(user, unread)| Ok((UserId(user), count(unread)?))).collect()
    }
}
