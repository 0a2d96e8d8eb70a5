//! Sessions in SQLite: one row per token hash, with the way its token travels.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::UserId;
use sqlx::FromRow;

use super::SqliteRepository;
use super::accounts::{ACCOUNT_COLUMNS, AccountRow};
use super::rows::{millis, time};
use crate::db::{DbError, Session, SessionKind, SessionStore};

#[derive(FromRow)]
pub(in crate::db) struct SessionRow {
    #[sqlx(flatten)]
    pub(in crate::db) account: AccountRow,
    pub(in crate::db) expires_at: i64,
}

#[async_trait]
impl SessionStore for SqliteRepository {
    async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        kind: SessionKind,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> Result<bool, DbError> {
        // One writer: a ban's transaction is wholly before or after this statement.
        let stored = sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, kind, created_at, expires_at) \
             SELECT ?1, id, ?3, ?4, ?5 FROM users WHERE id = ?2 \
             AND NOT (sanction IS 'ban' AND (sanction_until IS NULL OR sanction_until > ?4))",
        )
        .bind(token_hash)
        .bind(user.0)
        .bind(kind.as_str())
        .bind(millis(now))
        .bind(millis(expires))
        .execute(&self.writer)
        .await?;
        Ok(stored.rows_affected() == 1)
    }

    async fn session(
        &self,
        token_hash: &str,
        kind: SessionKind,
        now: DateTime<Utc>,
    ) -> Result<Option<Session>, DbError> {
        let row: Option<SessionRow> = sqlx::query_as(&format!(
            "SELECT {ACCOUNT_COLUMNS}, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = ?1 AND s.kind = ?2 AND s.expires_at > ?3"
        ))
        .bind(token_hash)
        .bind(kind.as_str())
        .bind(millis(now))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| Ok(Session { expires: time(row.expires_at)?, account: row.account.into_account()? })).transpose()
    }

    async fn ended_by_ban(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<String>, DbError> {
        super::sanctions::ended_by_ban(&mut *self.pool.acquire().await?, token_hash, now).await
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), DbError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?1").bind(token_hash).execute(&self.writer).await?;
        Ok(())
    }

    async fn delete_sessions_of(&self, user: UserId, keep: Option<&str>) -> Result<(), DbError> {
        sqlx::query("DELETE FROM sessions WHERE user_id = ?1 AND token_hash IS NOT ?2")
            .bind(user.0)
            .bind(keep)
            .execute(&self.writer)
            .await?;
        Ok(())
    }
}
