//! Reactions in PostgreSQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{CommentId, ReactionKind, Reactors, UserId};

use super::{PgRepository, events};
use crate::db::sqlite::rows::millis;
use crate::db::{DbError, EventKind, ReactionStore};

#[async_trait]
impl ReactionStore for PgRepository {
    async fn set_reaction(
        &self,
        comment: CommentId,
        user: UserId,
        kind: ReactionKind,
        on: bool,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        let query = if on {
            "INSERT INTO reactions (comment_id, kind, user_id, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (comment_id, kind, user_id) DO NOTHING"
        } else {
            "DELETE FROM reactions WHERE comment_id = $1 AND kind = $2 AND user_id = $3"
        };
        // No lock to take first: the INSERT or DELETE is the whole decision, and of two alike at
        // once the second waits for the first's row and then changes nothing.
        let mut tx = self.pool.begin().await?;
        let mut statement = sqlx::query(query).bind(comment.0).bind(kind.as_str()).bind(user.0);
        // PostgreSQL takes no parameter a statement does not name: the time only for the INSERT.
        if on {
            statement = statement.bind(millis(now));
        }
        let done = statement.execute(&mut *tx).await?;
        // A reaction set twice or taken back twice changes nothing readers see: no event.
        if done.rows_affected() > 0 {
            let article: i64 = sqlx::query_scalar("SELECT article_id FROM comments WHERE id = $1")
                .bind(comment.0)
                .fetch_one(&mut *tx)
                .await?;
            events::append(&mut tx, EventKind::Reacted, Some(article), Some(comment.0)).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn reactions_of(
        &self,
        user: UserId,
        comments: &[CommentId],
    ) -> Result<Vec<(CommentId, ReactionKind)>, DbError> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT comment_id, kind FROM reactions WHERE user_id = $1 \
             AND comment_id = ANY($2)",
        )
        .bind(user.0)
        .bind(comments.iter().map(|id| id.0).collect::<Vec<i64>>())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().filter_map(|(id, kind)| Some((CommentId(id), ReactionKind::from_name(&kind)?))).collect())
    }

    async fn reactors(&self, comment: CommentId) -> Result<Vec<Reactors>, DbError> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT r.kind, u.display_name FROM reactions r JOIN users u ON u.id = r.user_id \
             WHERE r.comment_id = $1 ORDER BY r.created_at, r.user_id",
        )
        .bind(comment.0)
        .fetch_all(&self.pool)
        .await?;
        let mut by_kind: Vec<Reactors> = Vec::new();
        for kind in ReactionKind::ALL {
            let names: Vec<String> =
                rows.iter().filter(|(k, _)| k == kind.as_str()).map(|(_, name)| name.clone()).collect();
            if !names.is_empty() {
                by_kind.push(Reactors { kind, names });
            }
        }
        Ok(by_kind)
    }
}
