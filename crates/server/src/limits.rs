//! Rate limits per account and per client address, kept in memory (governor's GCRA), and the
//! cap on request bodies. A spent limit is a [`Spent`], which answers as a 429 in the shared
//! error shape with `Retry-After`.

mod streams;

pub use streams::{MAX_STREAMS_PER_ADDRESS, StreamCounts, StreamSlot};

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// The largest request body the server reads: the longest comment the rules allow, every
/// character written as JSON's longest escape (`\uD83D\uDE00`, 12 bytes, as encoders that keep
/// to ASCII write an emoji), with room for the rest of the request. Less would refuse, as too
/// large, comments that the body rules (and the OpenAPI document) allow.
pub const MAX_BODY_BYTES: usize = schrieb_api::MAX_BODY_CHARS * 12 + 16 * 1024;

/// A limit is spent: the request may be tried again after this many seconds (at least one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spent {
    /// Whole seconds to wait, rounded down but never zero.
    pub retry_after: u64,
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

/// Every limiter the server keeps.
#[derive(Debug)]
pub struct Limits {
    enabled: bool,
    /// Open event streams per client address.
    pub streams: std::sync::Arc<StreamCounts>,
    write_per_account_minute: DefaultKeyedRateLimiter<String>,
    write_per_account_hour: DefaultKeyedRateLimiter<String>,
    write_per_address: DefaultKeyedRateLimiter<String>,
    register_per_address: DefaultKeyedRateLimiter<String>,
    login_per_address: DefaultKeyedRateLimiter<String>,
    login_per_account: DefaultKeyedRateLimiter<String>,
    react_per_account: DefaultKeyedRateLimiter<String>,
    report_per_account: DefaultKeyedRateLimiter<String>,
    new_thread_per_address: DefaultKeyedRateLimiter<String>,
    widget_token_per_account: DefaultKeyedRateLimiter<String>,
}

fn quota(per: Duration, count: u32) -> Quota {
    let count = NonZeroU32::new(count).unwrap_or(NonZeroU32::MIN);
    // `with_period` refuses only a zero period; every period here is at least a second.
    Quota::with_period(per / count.get()).unwrap_or_else(|| Quota::per_second(count)).allow_burst(count)
}

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);

impl Limits {
    /// The limits: posting 5 a minute and 30 an hour per account (20 a minute per address, for
    /// households behind one), 10 registrations an hour and 20 logins a minute per address, 5
    /// login attempts a minute per account, 60 reactions a minute and 30 reports an hour per account, 30 new page
    /// threads an hour per address (a reader opens a few new pages; a script inventing page
    /// addresses of a registered site opens many), 5 widget tokens a minute per account (like
    /// logins: one per site whose widget the reader logs in to). `enabled: false` lifts them all
    /// (benchmarks).
    pub fn new(enabled: bool) -> Self {
        Self {
            enabled,
            streams: std::sync::Arc::default(),
            write_per_account_minute: RateLimiter::keyed(quota(MINUTE, 5)),
            write_per_account_hour: RateLimiter::keyed(quota(HOUR, 30)),
            write_per_address: RateLimiter::keyed(quota(MINUTE, 20)),
            register_per_address: RateLimiter::keyed(quota(HOUR, 10)),
            login_per_address: RateLimiter::keyed(quota(MINUTE, 20)),
            login_per_account: RateLimiter::keyed(quota(MINUTE, 5)),
            react_per_account: RateLimiter::keyed(quota(MINUTE, 60)),
            report_per_account: RateLimiter::keyed(quota(HOUR, 30)),
            new_thread_per_address: RateLimiter::keyed(quota(HOUR, 30)),
            widget_token_per_account: RateLimiter::keyed(quota(MINUTE, 5)),
        }
    }

    /// Counts one `action` by `account` (an id or an email address) from `address`; refuses
    /// with 429 when a limit is spent.
    pub fn check(&self, action: Action, account: Option<&str>, address: &str) -> Result<(), Spent> {
        if !self.enabled {
            return Ok(());
        }
        let by_account: &[&DefaultKeyedRateLimiter<String>] = match action {
            Action::Write => &[&self.write_per_account_minute, &self.write_per_account_hour],
            Action::Register => &[],
            Action::Login => &[&self.login_per_account],
            Action::React => &[&self.react_per_account],
            Action::Report => &[&self.report_per_account],
            Action::NewThread => &[],
            Action::WidgetToken => &[&self.widget_token_per_account],
        };
        let by_address: &[&DefaultKeyedRateLimiter<String>] = match action {
            Action::Write => &[&self.write_per_address],
            Action::Register => &[&self.register_per_address],
            Action::Login => &[&self.login_per_address],
            Action::React | Action::Report => &[],
            Action::NewThread => &[&self.new_thread_per_address],
            Action::WidgetToken => &[],
        };
        let now = DefaultClock::default().now();
        let keyed = by_address
            .iter()
            .map(|limiter| (limiter, address.to_owned()))
            .chain(account.into_iter().flat_map(|key| by_account.iter().map(move |limiter| (limiter, key.to_owned()))));
        for (limiter, key) in keyed {
            if let Err(not_until) = limiter.check_key(&key) {
                let wait = not_until.wait_time_from(now);
                return Err(Spent { retry_after: wait.as_secs().max(1) });
            }
        }
        Ok(())
    }

    /// A slot for a new event stream of client `address` (see [`MAX_STREAMS_PER_ADDRESS`]).
    pub fn open_stream(&self, address: std::net::IpAddr) -> Result<StreamSlot, Spent> {
        self.streams.open(address, self.enabled)
    }

    /// Forgets keys whose limits have fully recovered; run now and then so memory stays flat.
    pub fn prune(&self) {
        for limiter in [
            &self.write_per_account_minute,
            &self.write_per_account_hour,
            &self.write_per_address,
            &self.register_per_address,
            &self.login_per_address,
            &self.login_per_account,
            &self.react_per_account,
            &self.report_per_account,
            &self.new_thread_per_address,
            &self.widget_token_per_account,
        ] {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_post_in_a_minute_waits() {
        let limits = Limits::new(true);
        for _ in 0..5 {
            limits.check(Action::Write, Some("u1"), "203.0.113.9").unwrap();
        }
        let Err(Spent { retry_after: seconds }) = limits.check(Action::Write, Some("u1"), "203.0.113.9") else {
            panic!("the sixth post passed");
        };
        assert!((1..=12).contains(&seconds), "{seconds}");
        limits.check(Action::Write, Some("u2"), "203.0.113.9").unwrap();
    }

    #[test]
    fn an_address_is_limited_across_accounts() {
        let limits = Limits::new(true);
        for n in 0..20 {
            limits.check(Action::Write, Some(&format!("u{n}")), "198.51.100.7").unwrap();
        }
        assert!(limits.check(Action::Write, Some("u99"), "198.51.100.7").is_err());
        assert!(limits.check(Action::Write, Some("u99"), "198.51.100.8").is_ok());
    }

    #[test]
    fn an_address_makes_thirty_new_threads_an_hour() {
        let limits = Limits::new(true);
        for _ in 0..30 {
            limits.check(Action::NewThread, None, "192.0.2.44").unwrap();
        }
        let Err(Spent { retry_after: seconds }) = limits.check(Action::NewThread, None, "192.0.2.44") else {
            panic!("the 31st new thread passed");
        };
        assert!((60..=120).contains(&seconds), "{seconds}");
        limits.check(Action::NewThread, None, "192.0.2.45").unwrap();
    }

    #[test]
    fn lifted_limits_never_refuse() {
        let limits = Limits::new(false);
        for _ in 0..100 {
            limits.check(Action::Register, None, "192.0.2.1").unwrap();
        }
    }
}
