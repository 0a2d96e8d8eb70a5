//! Accounts and mail tokens in PostgreSQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{Email, UserId};

use super::PgRepository;
use crate::db::sqlite::accounts::{ACCOUNT_COLUMNS, AccountRow};
use crate::db::sqlite::rows::millis;
use crate::db::{Account, AccountClash, AccountStore, DbError, NewAccount, TokenPurpose};

#[async_trait]
impl AccountStore for PgRepository {
    async fn create_account(
        &self,
        account: &NewAccount,
        now: DateTime<Utc>,
    ) -> Result<Result<UserId, AccountClash>, DbError> {
        let inserted = sqlx::query_scalar(
            "INSERT INTO users (display_name, created_at, email, password_hash, role, email_confirmed_at, lang, \
             name_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(account.display_name.as_str())
        .bind(millis(now))
        .bind(account.email.as_str())
        .bind(&account.password_hash)
        .bind(account.role.as_str())
        .bind(account.confirmed.then(|| millis(now)))
        .bind(account.language.tag())
        .bind(crate::db::users::name_key(account.display_name.as_str()))
        .fetch_one(&self.pool)
        .await;
        match inserted {
            Ok(id) => Ok(Ok(UserId(id))),
            // Which unique index refused it: PostgreSQL names the index.
            Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
                let clash = match error.constraint() {
                    Some("users_email") => Some(AccountClash::EmailTaken),
                    Some("users_name_key") => Some(AccountClash::NameTaken),
                    // Another unique index (the id's, say) is no clash of the new account's.
                    _ => None,
                };
                match clash {
                    Some(clash) => Ok(Err(clash)),
                    None => Err(sqlx::Error::Database(error).into()),
                }
            }
            Err(error) => Err(error.into()),
        }
    }

    async fn account_by_email(&self, email: &Email) -> Result<Option<Account>, DbError> {
        let row: Option<AccountRow> =
            sqlx::query_as(&format!("SELECT {ACCOUNT_COLUMNS} FROM users u WHERE u.email = $1"))
                .bind(email.as_str())
                .fetch_optional(&self.pool)
                .await?;
        row.map(AccountRow::into_account).transpose()
    }

    async fn account(&self, id: UserId) -> Result<Option<Account>, DbError> {
        let row: Option<AccountRow> = sqlx::query_as(&format!("SELECT {ACCOUNT_COLUMNS} FROM users u WHERE u.id = $1"))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        row.map(AccountRow::into_account).transpose()
    }

    async fn set_password(&self, id: UserId, password_hash: &str) -> Result<(), DbError> {
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(id.0)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn confirm_email(&self, id: UserId, now: DateTime<Utc>) -> Result<(), DbError> {
        sqlx::query("UPDATE users SET email_confirmed_at = COALESCE(email_confirmed_at, $1) WHERE id = $2")
            .bind(millis(now))
            .bind(id.0)
            .execute(&self.pool)
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
        sqlx::query("INSERT INTO email_tokens (token_hash, user_id, purpose, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(user.0)
            .bind(purpose.as_str())
            .bind(millis(expires))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn take_email_token(
        &self,
        token_hash: &str,
        purpose: TokenPurpose,
        now: DateTime<Utc>,
    ) -> Result<Option<UserId>, DbError> {
        // DELETE ... RETURNING: a token is used up by whoever comes first, exactly once (a
        // second server's DELETE waits for the first's and then finds the row gone).
        let user: Option<i64> = sqlx::query_scalar(
            "DELETE FROM email_tokens WHERE token_hash = $1 AND purpose = $2 AND expires_at > $3 RETURNING user_id",
        )
        .bind(token_hash)
        .bind(purpose.as_str())
        .bind(millis(now))
        .fetch_optional(&self.pool)
        .await?;
        Ok(user.map(UserId))
    }
}
