//! Rate limits per account and per client address, and the cap on request bodies. A spent
//! limit is a [`Spent`], which answers as a 429 in the shared error shape with `Retry-After`.
//!
//! Where the counts live depends on the store: a server on SQLite (one server) keeps them in
//! memory (governor's GCRA); servers sharing PostgreSQL keep them in the database, the same
//! algorithm in one statement (`db::SharedLimits`), so that a client spreading its requests
//! over every server behind a balancer still gets one limit, not one per server. Event streams
//! are counted per server (`streams`): each holds a connection of that server.

mod streams;

pub use streams::{MAX_STREAMS_PER_ADDRESS, StreamCounts, StreamSlot};

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::db::SharedLimits;

/// The largest request body the server reads: the longest comment the rules allow, every
/// character written as JSON's longest escape (`\uD83D\uDE00`, 12 bytes, as encoders that keep
/// to ASCII write an emoji), with room for the rest of the request. Less would refuse, as too
/// large, comments that the body rules (and the OpenAPI document) allow.
pub const MAX_BODY_BYTES: usize = schrieb_api::MAX_BODY_CHARS * 12 + 16 * 1024;

/// A limit is spent: the request may be tried again after this many seconds (at least one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spent {
    /// Whole seconds to wait, rounded up (a client that waits as told is not refused again),
    /// never zero.
    pub retry_after: u64,
}

impl Spent {
    /// Spent for `wait`.
    pub fn after(wait: Duration) -> Self {
        Self { retry_after: wait.as_millis().div_ceil(1000).try_into().unwrap_or(u64::MAX).max(1) }
    }
}

/// What a limit counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Posting or editing a comment.
    Write,
    /// Creating an account.
    Register,
    /// Logging in or confirming an address.
    Login,
    /// Reacting to a comment.
    React,
    /// Reporting a comment to the moderators.
    Report,
    /// Making the thread of a page of a registered site (its first view); later views are free.
    NewThread,
    /// Minting a widget token: each is a stored session.
    WidgetToken,
}

/// One limit: at most `count` in `per`, as a burst or spread out; keyed by account or address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Its name, which prefixes its keys in the shared store.
    pub name: &'static str,
    /// How many.
    pub count: u32,
    /// In how long.
    pub per: Duration,
}

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);

const fn limit(name: &'static str, count: u32, per: Duration) -> Limit {
    Limit { name, count, per }
}

/// Posting 5 a minute and 30 an hour per account (20 a minute per address, for households
/// behind one), 10 registrations an hour and 20 logins a minute per address, 5 login attempts a
/// minute per account, 60 reactions a minute and 30 reports an hour per account, 30 new page
/// threads an hour per address (a reader opens a few new pages; a script inventing page
/// addresses of a registered site opens many), 5 widget tokens a minute per account (like
/// logins: one per site whose widget the reader logs in to).
const WRITE_PER_ACCOUNT_MINUTE: Limit = limit("write-account-minute", 5, MINUTE);
const WRITE_PER_ACCOUNT_HOUR: Limit = limit("write-account-hour", 30, HOUR);
const WRITE_PER_ADDRESS: Limit = limit("write-address", 20, MINUTE);
const REGISTER_PER_ADDRESS: Limit = limit("register-address", 10, HOUR);
const LOGIN_PER_ADDRESS: Limit = limit("login-address", 20, MINUTE);
const LOGIN_PER_ACCOUNT: Limit = limit("login-account", 5, MINUTE);
const REACT_PER_ACCOUNT: Limit = limit("react-account", 60, MINUTE);
const REPORT_PER_ACCOUNT: Limit = limit("report-account", 30, HOUR);
const NEW_THREAD_PER_ADDRESS: Limit = limit("new-thread-address", 30, HOUR);
const WIDGET_TOKEN_PER_ACCOUNT: Limit = limit("widget-token-account", 5, MINUTE);

/// Every limit, each once.
const ALL: [Limit; 10] = [
    WRITE_PER_ACCOUNT_MINUTE,
    WRITE_PER_ACCOUNT_HOUR,
    WRITE_PER_ADDRESS,
    REGISTER_PER_ADDRESS,
    LOGIN_PER_ADDRESS,
    LOGIN_PER_ACCOUNT,
    REACT_PER_ACCOUNT,
    REPORT_PER_ACCOUNT,
    NEW_THREAD_PER_ADDRESS,
    WIDGET_TOKEN_PER_ACCOUNT,
];

impl Action {
    /// The limits of this action keyed by account, then those keyed by the client's address.
    fn limits(self) -> (&'static [Limit], &'static [Limit]) {
        match self {
            Self::Write => (&[WRITE_PER_ACCOUNT_MINUTE, WRITE_PER_ACCOUNT_HOUR], &[WRITE_PER_ADDRESS]),
            Self::Register => (&[], &[REGISTER_PER_ADDRESS]),
            Self::Login => (&[LOGIN_PER_ACCOUNT], &[LOGIN_PER_ADDRESS]),
            Self::React => (&[REACT_PER_ACCOUNT], &[]),
            Self::Report => (&[REPORT_PER_ACCOUNT], &[]),
            Self::NewThread => (&[], &[NEW_THREAD_PER_ADDRESS]),
            Self::WidgetToken => (&[WIDGET_TOKEN_PER_ACCOUNT], &[]),
        }
    }
}

/// Where the counts live.
enum Counts {
    /// In this server's memory: one limiter per limit.
    Memory(Vec<(Limit, DefaultKeyedRateLimiter<String>)>),
    /// In the database every server shares.
    Shared(Arc<dyn SharedLimits>),
}

/// Every limiter the server keeps.
pub struct Limits {
    enabled: bool,
    /// Open event streams per client address.
    pub streams: Arc<StreamCounts>,
    counts: Counts,
}

impl std::fmt::Debug for Limits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shared = matches!(self.counts, Counts::Shared(_));
        f.debug_struct("Limits").field("enabled", &self.enabled).field("shared", &shared).finish_non_exhaustive()
    }
}

fn quota(limit: Limit) -> Quota {
    let count = NonZeroU32::new(limit.count).unwrap_or(NonZeroU32::MIN);
    // `with_period` refuses only a zero period; every period here is at least a second.
    Quota::with_period(limit.per / count.get()).unwrap_or_else(|| Quota::per_second(count)).allow_burst(count)
}

impl Limits {
    /// The limits (see the constants), counted in this server's memory; `enabled: false` lifts
    /// them all (benchmarks).
    pub fn new(enabled: bool) -> Self {
        let limiters = ALL.iter().map(|limit| (*limit, RateLimiter::keyed(quota(*limit)))).collect();
        Self { enabled, streams: Arc::default(), counts: Counts::Memory(limiters) }
    }

    /// The limits counted in `shared`, the database every server uses.
    pub fn shared(enabled: bool, shared: Arc<dyn SharedLimits>) -> Self {
        Self { enabled, streams: Arc::default(), counts: Counts::Shared(shared) }
    }

    /// Counts one `action` by `account` (an id or an email address) from `address`; refuses
    /// with 429 when a limit is spent. A shared store that cannot be reached counts nothing
    /// (logged): the request's own reads and writes meet the same database and fail properly.
    pub async fn check(&self, action: Action, account: Option<&str>, address: &str) -> Result<(), Spent> {
        if !self.enabled {
            return Ok(());
        }
        let (by_account, by_address) = action.limits();
        // Collected first: an iterator of closures held across the awaits below would make the
        // future too generic for axum's handlers (a known limit of higher-ranked lifetimes).
        let mut keyed: Vec<(Limit, &str)> = by_address.iter().map(|limit| (*limit, address)).collect();
        if let Some(key) = account {
            keyed.extend(by_account.iter().map(|limit| (*limit, key)));
        }
        for (limit, key) in keyed {
            match &self.counts {
                Counts::Memory(limiters) => {
                    let Some((_, limiter)) = limiters.iter().find(|(known, _)| *known == limit) else { continue };
                    let now = DefaultClock::default().now();
                    if let Err(not_until) = limiter.check_key(&key.to_owned()) {
                        return Err(Spent::after(not_until.wait_time_from(now)));
                    }
                }
                Counts::Shared(shared) => {
                    let key = format!("{}:{key}", limit.name);
                    match shared.spend(&key, limit.count, limit.per, chrono::Utc::now()).await {
                        Ok(Ok(())) => {}
                        Ok(Err(wait)) => return Err(Spent::after(wait)),
                        Err(error) => tracing::error!(%error, limit = limit.name, "counting a rate limit failed"),
                    }
                }
            }
        }
        Ok(())
    }

    /// A slot for a new event stream of client `address` (see [`MAX_STREAMS_PER_ADDRESS`]).
    pub fn open_stream(&self, address: std::net::IpAddr) -> Result<StreamSlot, Spent> {
        self.streams.open(address, self.enabled)
    }

    /// Forgets keys whose limits have fully recovered; run now and then so memory (or the
    /// shared table) stays flat.
    pub async fn prune(&self) {
        match &self.counts {
            Counts::Memory(limiters) => {
                for (_, limiter) in limiters {
                    limiter.retain_recent();
                    limiter.shrink_to_fit();
                }
            }
            Counts::Shared(shared) => {
                if let Err(error) = shared.forget_recovered(chrono::Utc::now()).await {
                    tracing::warn!(%error, "forgetting recovered rate limits failed");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_sixth_post_in_a_minute_waits() {
        let limits = Limits::new(true);
        for _ in 0..5 {
            limits.check(Action::Write, Some("u1"), "203.0.113.9").await.unwrap();
        }
        let Err(Spent { retry_after: seconds }) = limits.check(Action::Write, Some("u1"), "203.0.113.9").await else {
            panic!("the sixth post passed");
        };
        assert!((1..=12).contains(&seconds), "{seconds}");
        limits.check(Action::Write, Some("u2"), "203.0.113.9").await.unwrap();
    }

    #[tokio::test]
    async fn an_address_is_limited_across_accounts() {
        let limits = Limits::new(true);
        for n in 0..20 {
            limits.check(Action::Write, Some(&format!("u{n}")), "198.51.100.7").await.unwrap();
        }
        assert!(limits.check(Action::Write, Some("u99"), "198.51.100.7").await.is_err());
        assert!(limits.check(Action::Write, Some("u99"), "198.51.100.8").await.is_ok());
    }

    #[tokio::test]
    async fn an_address_makes_thirty_new_threads_an_hour() {
        let limits = Limits::new(true);
        for _ in 0..30 {
            limits.check(Action::NewThread, None, "192.0.2.44").await.unwrap();
        }
        let Err(Spent { retry_after: seconds }) = limits.check(Action::NewThread, None, "192.0.2.44").await else {
            panic!("the 31st new thread passed");
        };
        assert!((60..=120).contains(&seconds), "{seconds}");
        limits.check(Action::NewThread, None, "192.0.2.45").await.unwrap();
    }

    #[tokio::test]
    async fn lifted_limits_never_refuse() {
        let limits = Limits::new(false);
        for _ in 0..100 {
            limits.check(Action::Register, None, "192.0.2.1").await.unwrap();
        }
    }
}
