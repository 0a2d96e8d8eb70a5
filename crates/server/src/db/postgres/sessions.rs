//! Sessions in PostgreSQL: one row per token hash, with the way its token travels.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::UserId;

use super::PgRepository;
use crate::db::sqlite::accounts::ACCOUNT_COLUMNS;
use crate::db::sqlite::rows::{millis, time};
use crate::db::sqlite::sessions::SessionRow;
use crate::db::{DbError, Session, SessionKind, SessionStore};

#[async_trait]
impl SessionStore for PgRepository {
    async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        kind: SessionKind,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> Result<bool, DbError> {
        // The account's row is read under a share lock, which waits for a ban's transaction
        // (it holds the row from its start) and then reads the ban; a ban that starts after
        // this waits for the session, and ends it with the others.
        let stored = sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, kind, created_at, expires_at) \
             SELECT $1, id, $3, $4, $5 FROM users WHERE id = $2 \
             AND NOT (sanction IS NOT DISTINCT FROM 'ban' AND (sanction_until IS NULL OR sanction_until > $4)) \
             FOR SHARE",
        )
        .bind(token_hash)
        .bind(user.0)
        .bind(kind.as_str())
        .bind(millis(now))
        .bind(millis(expires))
        .execute(&self.pool)
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
             WHERE s.token_hash = $1 AND s.kind = $2 AND s.expires_at > $3"
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
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&self.pool).await?;
        Ok(())
    }

    async fn delete_sessions_of(&self, user: UserId, keep: Option<&str>) -> Result<(), DbError> {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2")
            .bind(user.0)
            .bind(keep)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
