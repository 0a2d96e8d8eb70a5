//! The mail outbox in SQLite.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::SqliteRepository;
use super::rows::millis;
use crate::db::{DbError, Mail, OutboxStore};

#[async_trait]
impl OutboxStore for SqliteRepository {
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
