//! The storage interface for accounts: creating them, logging in, and the single-use mail tokens
//! that confirm an address. Sessions are [`super::SessionStore`]'s, sent mail [`super::OutboxStore`]'s.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schrieb_api::{DisplayName, Email, MailLanguage, Role, UserId};

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
    /// The language of its mails.
    pub language: MailLanguage,
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
    /// The language of its mails: the page's, when it registered.
    pub language: MailLanguage,
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
    /// Setting a new password (single use, one hour).
    PasswordReset,
}

impl TokenPurpose {
    /// The name stored with the token.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirm => "confirm",
            Self::PasswordReset => "password_reset",
        }
    }
}

/// Accounts, their passwords and the confirmation of their addresses.
#[async_trait]
pub trait AccountStore: Send + Sync {
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
}
