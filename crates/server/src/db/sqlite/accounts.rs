//! Accounts, sessions, mail tokens and the outbox in SQLite.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{Email, Role, UserId};
use sqlx::FromRow;

use super::SqliteRepository;
use super::rows::{millis, time};
use crate::db::{Account, AccountClash, Accounts, DbError, Mail, NewAccount, Session, SessionKind, TokenPurpose};

const ACCOUNT_COLUMNS: &str = "u.id, u.display_name, u.email, u.password_hash, u.role, u.email_confirmed_at";

#[derive(FromRow)]
struct AccountRow {
    id: i64,
    display_name: String,
    email: Option<String>,
    password_hash: Option<String>,
    role: String,
    email_confirmed_at: Option<i64>,
}

#[derive(FromRow)]
struct SessionRow {
    #[sqlx(flatten)]
    account: AccountRow,
    expires_at: i64,
}

impl AccountRow {
    fn into_account(self) -> Result<Account, DbError> {
        Ok(Account {
            id: UserId(self.id),
            display_name: self.display_name,
            email: self.email,
            password_hash: self.password_hash,
            role: Role::from_name(&self.role).ok_or_else(|| DbError::Corrupt(format!("role {:?}", self.role)))?,
            confirmed: self.email_confirmed_at.is_some(),
        })
    }
}

#[async_trait]
impl Accounts for SqliteRepository {
    async fn create_account(
        &self,
        account: &NewAccount,
        now: DateTime<Utc>,
    ) -> Result<Result<UserId, AccountClash>, DbError> {
        let inserted = sqlx::query_scalar(
            "INSERT INTO users (display_name, created_at, email, password_hash, role, email_confirmed_at) \
             VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(account.display_name.as_str())
        .bind(millis(now))
        .bind(account.email.as_str())
        .bind(&account.password_hash)
        .bind(account.role.as_str())
        .bind(account.confirmed.then(|| millis(now)))
        .fetch_one(&self.writer)
        .await;
        match inserted {
            Ok(id) => Ok(Ok(UserId(id))),
            // Which unique index refused it: the message names the index's columns.
            Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
                if error.message().contains("email") {
                    Ok(Err(AccountClash::EmailTaken))
                } else {
                    Ok(Err(AccountClash::NameTaken))
                }
            }
            Err(error) => Err(error.into()),
        }
    }

    async fn account_by_email(&self, email: &Email) -> Result<Option<Account>, DbError> {
        let row: Option<AccountRow> =
            sqlx::query_as(&format!("SELECT {ACCOUNT_COLUMNS} FROM users u WHERE u.email = ?1"))
                .bind(email.as_str())
                .fetch_optional(&self.pool)
                .await?;
        row.map(AccountRow::into_account).transpose()
    }

    async fn account(&self, id: UserId) -> Result<Option<Account>, DbError> {
        let row: Option<AccountRow> = sqlx::query_as(&format!("SELECT {ACCOUNT_COLUMNS} FROM users u WHERE u.id = ?1"))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        row.map(AccountRow::into_account).transpose()
    }

    async fn set_password(&self, id: UserId, password_hash: &str) -> Result<(), DbError> {
        sqlx::query("UPDATE users SET password_hash = ?1 WHERE id = ?2")
            .bind(password_hash)
            .bind(id.0)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn confirm_email(&self, id: UserId, now: DateTime<Utc>) -> Result<(), DbError> {
        sqlx::query("UPDATE users SET email_confirmed_at = COALESCE(email_confirmed_at, ?1) WHERE id = ?2")
            .bind(millis(now))
            .bind(id.0)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        kind: SessionKind,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> Result<(), DbError> {
        sqlx::query("INSERT INTO sessions (token_hash, user_id, kind, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
            .bind(token_hash)
            .bind(user.0)
            .bind(kind.as_str())
            .bind(millis(now))
            .bind(millis(expires))
            .execute(&self.writer)
            .await?;
        Ok(())
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

    async fn create_email_token(
        &self,
        token_hash: &str,
        user: UserId,
        purpose: TokenPurpose,
        expires: DateTime<Utc>,
    ) -> Result<(), DbError> {
        sqlx::query("INSERT INTO email_tokens (token_hash, user_id, purpose, expires_at) VALUES (?, ?, ?, ?)")
            .bind(token_hash)
            .bind(user.0)
            .bind(purpose.as_str())
            .bind(millis(expires))
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn take_email_token(
        &self,
        token_hash: &str,
        purpose: TokenPurpose,
        now: DateTime<Utc>,
    ) -> Result<Option<UserId>, DbError> {
        // DELETE ... RETURNING: a token is used up by whoever comes first, exactly once.
        let user: Option<i64> = sqlx::query_scalar(
            "DELETE FROM email_tokens WHERE token_hash = ?1 AND purpose = ?2 AND expires_at > ?3 RETURNING user_id",
        )
        .bind(token_hash)
        .bind(purpose.as_str())
        .bind(millis(now))
        .fetch_optional(&self.writer)
        .await?;
        Ok(user.map(UserId))
    }

    async fn store_mail(&self, mail: &Mail, now: DateTime<Utc>) -> Result<(), DbError> {
        sqlx::query("INSERT INTO outbox (to_address, subject, body, created_at) VALUES (?, ?, ?, ?)")
            .bind(&mail.to)
            .bind(&mail.subject)
            .bind(&mail.body)
            .bind(millis(now))
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn mails_to(&self, address: &str) -> Result<Vec<Mail>, DbError> {
        let rows: Vec<(String, String, String)> =
            sqlx::query_as("SELECT to_address, subject, body FROM outbox WHERE to_address = ?1 ORDER BY id")
                .bind(address)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(|(to, subject, body)| Mail { to, subject, body }).collect())
    }
}
