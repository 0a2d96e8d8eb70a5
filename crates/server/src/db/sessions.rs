//! The storage interface for sessions: what a session cookie or a widget token names.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::UserId;

use super::{Account, DbError};

/// How a session's token travels, and so where it is accepted: each session only ever one way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// The `HttpOnly` session cookie, set by logging in.
    Cookie,
    /// `Authorization: Bearer`: a widget token, minted by a cookie session for the embed iframe.
    Bearer,
}

impl SessionKind {
    /// The name stored with the session.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cookie => "cookie",
            Self::Bearer => "bearer",
        }
    }
}

/// A live session as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The account it belongs to.
    pub account: Account,
    /// When it ends.
    pub expires: DateTime<Utc>,
}

/// Sessions, kept by the hash of their token (the client holds the token itself).
#[async_trait]
pub trait SessionStore: Send + Sync {
    /// Stores a session whose token travels as `kind` says; `false` (and nothing stored) when
    /// the account is banned at `now`. Checked in the insert itself: a ban that lands between a
    /// login's own check and this insert would otherwise miss the new session, which would
    /// outlive the ban.
    async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        kind: SessionKind,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> Result<bool, DbError>;

    /// The live session of this token, if its token travels as `kind` (a widget token sent as a
    /// cookie, or a cookie's token sent as a bearer token, names no session).
    async fn session(
        &self,
        token_hash: &str,
        kind: SessionKind,
        now: DateTime<Utc>,
    ) -> Result<Option<Session>, DbError>;

    /// The reason of the ban that ended the session of `token_hash`, if a ban did and the
    /// session would still be live.
    async fn ended_by_ban(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<String>, DbError>;

    /// Ends a session.
    async fn delete_session(&self, token_hash: &str) -> Result<(), DbError>;

    /// Ends every session of `user` but `keep`.
    async fn delete_sessions_of(&self, user: UserId, keep: Option<&str>) -> Result<(), DbError>;
}
