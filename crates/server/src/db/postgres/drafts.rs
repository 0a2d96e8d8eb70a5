//! Drafts in PostgreSQL: one row per person and article, replaced on every save.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{Draft, DraftBody, UserId};

use super::PgRepository;
use crate::db::sqlite::rows::{millis, time};
use crate::db::{ArticleKey, DbError, DraftStore};

#[async_trait]
impl DraftStore for PgRepository {
    async fn draft(&self, user: UserId, article: ArticleKey) -> Result<Option<Draft>, DbError> {
        let row: Option<(String, i64)> =
            sqlx::query_as("SELECT body, updated_at FROM drafts WHERE user_id = $1 AND article_id = $2")
                .bind(user.0)
                .bind(article.0)
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(body, updated_at)| Ok(Draft { body, updated_at: time(updated_at)? })).transpose()
    }

    async fn save_draft(
        &self,
        user: UserId,
        article: ArticleKey,
        body: &DraftBody,
        now: DateTime<Utc>,
    ) -> Result<Draft, DbError> {
        let updated_at = millis(now);
        sqlx::query(
            "INSERT INTO drafts (user_id, article_id, body, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id, article_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
        )
        .bind(user.0)
        .bind(article.0)
        .bind(body.as_str())
        .bind(updated_at)
        .execute(&self.pool)
        .await?;
        Ok(Draft { body: body.as_str().to_owned(), updated_at: time(updated_at)? })
    }

    async fn delete_draft(&self, user: UserId, article: ArticleKey) -> Result<bool, DbError> {
        let done = sqlx::query("DELETE FROM drafts WHERE user_id = $1 AND article_id = $2")
            .bind(user.0)
            .bind(article.0)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }
}
