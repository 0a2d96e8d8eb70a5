//! Sanctions in PostgreSQL: an account's, read with the checks; set with its log line, and a
//! ban with the end of the account's sessions.

use chrono::{DateTime, Utc};
use schrieb_api::{LogActor, Role, Sanction, SanctionKind, Standing, UserId};
use sqlx::PgConnection;

use super::moderation::{LogLine, Subject, log};
use crate::db::sqlite::rows::millis;
// The stored sanction columns of `users` (kind, end, reason) and the sanction they make.
pub(super) use crate::db::sqlite::sanctions::{Row, sanction};
use crate::db::{DbError, NewSanction};

/// The sanction `account` is under as stored.
pub(super) async fn of(conn: &mut PgConnection, account: UserId) -> Result<Option<Sanction>, DbError> {
    let row: Option<Row> = sqlx::query_as("SELECT sanction, sanction_until, sanction_reason FROM users WHERE id = $1")
        .bind(account.0)
        .fetch_optional(conn)
        .await?;
    row.map(sanction).transpose().map(Option::flatten)
}

/// `account`, its role and its sanction.
pub(super) async fn account(
    conn: &mut PgConnection,
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
        sqlx::query_as("SELECT display_name, role, sanction, sanction_until, sanction_reason FROM users WHERE id = $1")
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
pub(super) async fn set(tx: &mut PgConnection, change: &NewSanction<'_>) -> Result<(), DbError> {
    // The account's row stays locked to the end: a second moderator sanctioning it at once, on
    // any server, waits, and then logs the change from the sanction this one stored.
    sqlx::query("SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE")
        .bind(change.account.0)
        .execute(&mut *tx)
        .await?;
    let before = of(tx, change.account).await?;
    let sanction = change.sanction;
    sqlx::query("UPDATE users SET sanction = $1, sanction_until = $2, sanction_reason = $3 WHERE id = $4")
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
            "INSERT INTO banned_sessions (token_hash, user_id, expires_at) \
             SELECT token_hash, user_id, expires_at FROM sessions WHERE user_id = $1 ON CONFLICT DO NOTHING",
        )
        .bind(change.account.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(change.account.0).execute(&mut *tx).await?;
    } else {
        sqlx::query("DELETE FROM banned_sessions WHERE user_id = $1").bind(change.account.0).execute(&mut *tx).await?;
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
pub(super) async fn ended_by_ban(
    conn: &mut PgConnection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, DbError> {
    let reason: Option<Option<String>> = sqlx::query_scalar(
        "SELECT u.sanction_reason FROM banned_sessions b JOIN users u ON u.id = b.user_id \
         WHERE b.token_hash = $1 AND b.expires_at > $2 AND u.sanction = 'ban'",
    )
    .bind(token_hash)
    .bind(millis(now))
    .fetch_optional(conn)
    .await?;
    Ok(reason.map(Option::unwrap_or_default))
}

/// The blocked email domains, in order.
pub(super) async fn blocked_domains(conn: &mut PgConnection) -> Result<Vec<String>, DbError> {
    Ok(sqlx::query_scalar("SELECT domain FROM blocked_email_domains ORDER BY domain COLLATE \"C\"")
        .fetch_all(conn)
        .await?)
}

/// Replaces the blocked email domains.
pub(super) async fn set_blocked_domains(tx: &mut PgConnection, domains: &[String]) -> Result<(), DbError> {
    // No row stands for the list: the table is locked against other writers to the end (readers
    // go on reading the list before), so a second list set at once waits, and then replaces
    // this one whole (without the lock, its delete would miss the rows this one inserts, and the
    // two lists would merge).
    sqlx::query("LOCK TABLE blocked_email_domains IN SHARE ROW EXCLUSIVE MODE").execute(&mut *tx).await?;
    sqlx::query("DELETE FROM blocked_email_domains").execute(&mut *tx).await?;
    for domain in domains {
        sqlx::query("INSERT INTO blocked_email_domains (domain) VALUES ($1) ON CONFLICT DO NOTHING")
            .bind(domain)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// Whether one of `domains` is blocked: one primary-key lookup each.
pub(super) async fn domain_blocked(conn: &mut PgConnection, domains: &[String]) -> Result<bool, DbError> {
    let found: Option<i32> = sqlx::query_scalar("SELECT 1 FROM blocked_email_domains WHERE domain = ANY($1) LIMIT 1")
        .bind(domains)
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}
