//! The storage interface for accounts, sessions, mail tokens and the mail outbox.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{DisplayName, Email, Role, UserId};

use super::DbError;

/// An account as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Its id.
    pub id: UserId,
    /// Its display name.
    pub display_name: String,
    /// Its email address; `None` for people from the demo or an import, who cannot log in.
    pub email: Option<String>,
    /// argon2id PHC string.
    pub password_hash: Option<String>,
    /// What it may do.
    pub role: Role,
    /// Whether its owner confirmed the address.
    pub confirmed: bool,
}

/// An account to create.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// Its display name.
    pub display_name: DisplayName,
    /// Its email address.
    pub email: Email,
    /// argon2id PHC string.
    pub password_hash: String,
    /// What it may do.
    pub role: Role,
    /// Whether the address counts as confirmed (accounts made on the command line).
    pub confirmed: bool,
}

/// Why an account could not be created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountClash {
    /// Someone has this display name (in any case).
    NameTaken,
    /// Someone has this email address.
    EmailTaken,
}

/// What a mail token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    /// Confirming the address after registering.
    Confirm,
}

impl TokenPurpose {
    /// The name stored with the token.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirm => "confirm",
        }
    }
}

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

/// A mail as the outbox keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// The recipient.
    pub to: String,
    /// The subject line.
    pub subject: String,
    /// Plain text.
    pub body: String,
}

/// Accounts and what hangs off them.
#[async_trait]
pub trait Accounts: Send + Sync {
    /// Creates an account, or says which unique value clashes.
    async fn create_account(
        &self,
        account: &NewAccount,
        now: DateTime<Utc>,
    ) -> Result<Result<UserId, AccountClash>, DbError>;

    /// The account with this email address.
    async fn account_by_email(&self, email: &Email) -> Result<Option<Account>, DbError>;

    /// The account with this id.
    async fn account(&self, id: UserId) -> Result<Option<Account>, DbError>;

    /// Replaces an account's password hash.
    async fn set_password(&self, id: UserId, password_hash: &str) -> Result<(), DbError>;

    /// Marks an account's address confirmed.
    async fn confirm_email(&self, id: UserId, now: DateTime<Utc>) -> Result<(), DbError>;

    /// Stores a session whose token travels as `kind` says.
    async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        kind: SessionKind,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> Result<(), DbError>;

    /// The live session of this token, if its token travels as `kind` (a widget token sent as a
    /// cookie, or a cookie's token sent as a bearer token, names no session).
    async fn session(
        &self,
        token_hash: &str,
        kind: SessionKind,
        now: DateTime<Utc>,
    ) -> Result<Option<Session>, DbError>;

    /// Ends a session.
    async fn delete_session(&self, token_hash: &str) -> Result<(), DbError>;

    /// Ends every session of `user` but `keep`.
    async fn delete_sessions_of(&self, user: UserId, keep: Option<&str>) -> Result<(), DbError>;

    /// Stores a single-use mail token.
    async fn create_email_token(
        &self,
        token_hash: &str,
        user: UserId,
        purpose: TokenPurpose,
        expires: DateTime<Utc>,
    ) -> Result<(), DbError>;

    /// Uses up a live mail token, returning whose it was.
    async fn take_email_token(
        &self,
        token_hash: &str,
        purpose: TokenPurpose,
        now: DateTime<Utc>,
    ) -> Result<Option<UserId>, DbError>;

    /// Keeps a mail in the outbox.
    async fn store_mail(&self, mail: &Mail, now: DateTime<Utc>) -> Result<(), DbError>;

    /// The mails sent to `address`, oldest first.
    async fn mails_to(&self, address: &str) -> Result<Vec<Mail>, DbError>;
}
