//! Accounts at the HTTP edge: password hashing, session tokens and cookies, the extractors for
//! the account and client address behind a request, and the cross-site write check.

pub mod client;
pub mod csrf;
pub mod password;
pub mod session;
pub mod token;

pub use client::ClientAddr;
pub use session::{CurrentUser, MaybeUser};
