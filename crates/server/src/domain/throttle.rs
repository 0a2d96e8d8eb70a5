//! The rate limits as the use cases count against them. Which step of a use case counts is a
//! rule (a repeated post is answered without counting, a refused edit is not counted, a
//! guest's post is counted by address only), so the count is taken inside the use case, through
//! this port; the limiters themselves are `limits`'.

use schrieb_api::UserId;

use crate::limits::{Action, Limits, Spent};

/// Counts one action against the rate limits of whoever sent the request.
#[async_trait::async_trait]
pub trait Throttle: Send + Sync {
    /// Counts one `action` by `account` (`None` for a guest, who shares one account with every
    /// other guest, so only the client's address counts); [`Spent`] when a limit is.
    async fn count(&self, action: Action, account: Option<UserId>) -> Result<(), Spent>;
}

/// The server's rate limits, for the requests of one client address.
pub struct ClientLimits<'a> {
    limits: &'a Limits,
    address: String,
}

impl<'a> ClientLimits<'a> {
    /// `limits`, for a request from `address` (the client's, as `auth::ClientAddr` finds it).
    pub fn new(limits: &'a Limits, address: impl ToString) -> Self {
        Self { limits, address: address.to_string() }
    }
}

#[async_trait::async_trait]
impl Throttle for ClientLimits<'_> {
    async fn count(&self, action: Action, account: Option<UserId>) -> Result<(), Spent> {
        let account = account.map(|id| format!("user:{id}"));
        self.limits.check(action, account.as_deref(), &self.address).await
    }
}
