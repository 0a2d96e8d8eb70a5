//! Sanctions in SQLite: an account's, read with the checks; set with its log line, and a ban
//! with the end of the account's sessions.

use chrono::{DateTime, Utc};
use schrieb_api::{LogActor, Role, Sanction, SanctionKind, Standing, UserId};
use sqlx::SqliteConnection;

use super::moderation::{LogLine, Subject, log};
use super::rows::{millis, time};
use crate::db::{DbError, NewSanction};

/// The stored sanction columns of `users`: kind, end, reason.
pub(in crate::db) type Row = (Option<String>, Option<i64>, Option<String>);

pub(in crate::db) fn sanction((kind, until, reason): Row) -> Result<Option<Sanction>, DbError> {
    let Some(kind) = kind else { return Ok(None) };
    let kind = SanctionKind::from_name(&kind).ok_or_else(|| DbError::Corrupt(format!("sanction {kind:?}")))?;
    Ok(Some(Sanction { kind, until: until.map(time).transpose()?, reason: reason.unwrap_or_default() }))
}

/// The sanction `account` is under as stored.
pub(in crate::db) async fn of(conn: &mut SqliteConnection, account: UserId) -> Result<Option<Sanction>, DbError> {
    let row: Option<Row> = sqlx::query_as("SELECT sanction, sanction_until, sanction_reason FROM users WHERE id = ?1")
        .bind(account.0)
        .fetch_optional(conn)
        .await?;
    row.map(sanction).transpose().map(Option::flatten)
}

/// `account`, its role and its sanction.
pub(in crate::db) async fn account(
    conn: &mut SqliteConnection,
    account: UserId,
) -> Result<Option<(LogActor, Role, Option<Sanction>)>, DbError> {
    #[derive(sqlx::FromRow)]
    struct Found {
        display_name: String,
        role: String,
        sanction: Option<String>,
        sanction_until: Option<i64>,
        sanction_reason: Option<String>,
    }
    let found: Option<Found> =
        sqlx::query_as("SELECT display_name, role, sanction, sanction_until, sanction_reason FROM users WHERE id = ?1")
            .bind(account.0)
            .fetch_optional(conn)
            .await?;
    let Some(Found { display_name, role, sanction: kind, sanction_until: until, sanction_reason: reason }) = found
    else {
        return Ok(None);
    };
    let role = Role::from_name(&role).ok_or_else(|| DbError::Corrupt(format!("role {role:?}")))?;
    Ok(Some((LogActor { id: account, display_name }, role, sanction((kind, until, reason))?)))
}

/// Stores `change` with its log line; a ban ends the account's sessions.
pub(in crate::db) async fn set(tx: &mut SqliteConnection, change: &NewSanction<'_>) -> Result<(), DbError> {
    let before = of(tx, change.account).await?;
    let sanction = change.sanction;
    sqlx::query("UPDATE users SET sanction = ?1, sanction_until = ?2, sanction_reason = ?3 WHERE id = ?4")
        .bind(sanction.map(|s| s.kind.as_str()))
        .bind(sanction.and_then(|s| s.until).map(millis))
        .bind(sanction.map(|s| s.reason.as_str()))
        .bind(change.account.0)
        .execute(&mut *tx)
        .await?;
    if sanction.is_some_and(|s| s.kind == SanctionKind::Ban) {
        // Ended, and kept as ended by a ban until they would have expired: the next request
        // with one is told why.
        sqlx::query(
            "INSERT OR IGNORE INTO banned_sessions (token_hash, user_id, expires_at) \
             SELECT token_hash, user_id, expires_at FROM sessions WHERE user_id = ?1",
        )
        .bind(change.account.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = ?1").bind(change.account.0).execute(&mut *tx).await?;
    } else {
        sqlx::query("DELETE FROM banned_sessions WHERE user_id = ?1").bind(change.account.0).execute(&mut *tx).await?;
    }
    // A line for each change: of standing, or of the sanction it stands under (a suspension's
    // end, a reason); lifting nothing, or a suspension that has ended, changes nothing.
    let from = Standing::of_sanction(before.as_ref(), change.at);
    let to = Standing::of_sanction(sanction, change.at);
    if from != to || (to != Standing::Active && before.as_ref() != sanction) {
        let line = LogLine {
            at: change.at,
            moderator: Some(change.moderator),
            subject: Subject::Account(change.account.0),
            from: Some(from),
            to,
            reason: sanction.map(|s| s.reason.as_str()),
            findings: None,
        };
        log(tx, &line).await?;
    }
    Ok(())
}

/// The reason of the ban that ended the session of `token_hash`, if a ban did and the session
/// would still be live.
pub(in crate::db) async fn ended_by_ban(
    conn: &mut SqliteConnection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, DbError> {
    let reason: Option<Option<String>> = sqlx::query_scalar(
        "SELECT u.sanction_reason FROM banned_sessions b JOIN users u ON u.id = b.user_id \
         WHERE b.token_hash = ?1 AND b.expires_at > ?2 AND u.sanction = 'ban'",
    )
    .bind(token_hash)
    .bind(millis(now))
    .fetch_optional(conn)
    .await?;
    Ok(reason.map(Option::unwrap_or_default))
}

/// The blocked email domains, in order.
pub(in crate::db) async fn blocked_domains(conn: &mut SqliteConnection) -> Result<Vec<String>, DbError> {
    Ok(sqlx::query_scalar("SELECT domain FROM blocked_email_domains ORDER BY domain").fetch_all(conn).await?)
}

/// Replaces the blocked email domains.
pub(in crate::db) async fn set_blocked_domains(tx: &mut SqliteConnection, domains: &[String]) -> Result<(), DbError> {
    sqlx::query("DELETE FROM blocked_email_domains").execute(&mut *tx).await?;
    for domain in domains {
        sqlx::query("INSERT OR IGNORE INTO blocked_email_domains (domain) VALUES (?1)")
            .bind(domain)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// Whether one of `domains` is blocked: one primary-key lookup each.
pub(in crate::db) async fn domain_blocked(conn: &mut SqliteConnection, domains: &[String]) -> Result<bool, DbError> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM blocked_email_domains WHERE domain IN (SELECT value FROM json_each(?1)) LIMIT 1",
    )
    .bind(serde_json::to_string(domains).map_err(|error| DbError::Corrupt(format!("domains: {error}")))?)
    .fetch_optional(conn)
    .await?;
    Ok(found.is_some())
}
