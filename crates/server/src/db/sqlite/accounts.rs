//! Accounts and mail tokens in SQLite.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{Email, MailLanguage, Role, UserId};
use sqlx::FromRow;

use super::SqliteRepository;
use super::rows::millis;
use crate::db::{Account, AccountClash, AccountStore, DbError, NewAccount, TokenPurpose};

/// The columns of [`AccountRow`], for a query over `users u`.
pub(in crate::db) const ACCOUNT_COLUMNS: &str =
    "u.id, u.display_name, u.email, u.password_hash, u.role, u.email_confirmed_at, u.lang";

#[derive(FromRow)]
pub(in crate::db) struct AccountRow {
    id: i64,
    display_name: String,
    email: Option<String>,
    password_hash: Option<String>,
    role: String,
    email_confirmed_at: Option<i64>,
    lang: String,
}

impl AccountRow {
    pub(in crate::db) fn into_account(self) -> Result<Account, DbError> {
        Ok(Account {
            id: UserId(self.id),
            display_name: self.display_name,
            email: self.email,
            password_hash: self.password_hash,
            role: Role::from_name(&self.role).ok_or_else(|| DbError::Corrupt(format!("role {:?}", self.role)))?,
            confirmed: self.email_confirmed_at.is_some(),
            language: MailLanguage::from_tag(&self.lang),
        })
    }
}

#[async_trait]
impl AccountStore for SqliteRepository {
    async fn create_account(
        &self,
        account: &NewAccount,
        now: DateTime<Utc>,
    ) -> Result<Result<UserId, AccountClash>, DbError> {
        let inserted = sqlx::query_scalar(
            "INSERT INTO users (display_name, created_at, email, password_hash, role, email_confirmed_at, lang, \
             name_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(account.display_name.as_str())
        .bind(millis(now))
        .bind(account.email.as_str())
        .bind(&account.password_hash)
        .bind(account.role.as_str())
        .bind(account.confirmed.then(|| millis(now)))
        .bind(account.language.tag())
        .bind(crate::db::users::name_key(account.display_name.as_str()))
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
}
