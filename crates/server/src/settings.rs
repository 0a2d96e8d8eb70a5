//! What the server is told about where and how it runs, beyond the database.

use std::net::IpAddr;

use chrono::Duration;

/// Runtime settings every handler can read.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The origin readers use (`https://comments.example`), when the server cannot see it
    /// itself (behind a proxy that rewrites `Host`). Cross-site write checks compare against
    /// it, and an `https` origin makes the session cookie `Secure`.
    pub public_origin: Option<String>,
    /// How long authors may edit their comments (moderators always may).
    pub edit_window: Duration,
    /// Whether rate limits apply (benchmarks turn them off).
    pub rate_limits: bool,
    /// Proxies whose `X-Forwarded-For` is believed; every other peer is the client itself.
    pub trusted_proxies: Vec<IpAddr>,
    /// How long a session lasts.
    pub session_lifetime: Duration,
    /// Whether webhooks may post to private and loopback addresses (tests, a site on the same
    /// network); off, such endpoints are refused.
    pub webhooks_allow_private: bool,
    /// What link previews may read: the address ranges and ports, and how long a reading may
    /// take.
    pub link_previews: crate::previews::fetch::FetchPolicy,
    /// The bearer token `GET /metrics` asks for; without one, `/metrics` is open (operators
    /// usually keep it off the public network).
    pub metrics_token: Option<crate::metrics::MetricsToken>,
    /// How often the event log is read besides the store's notices of new events (PostgreSQL):
    /// what a lost notice costs at most. Tests make it long, so that only notices can wake the
    /// follower.
    pub follow_besides_notices: std::time::Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            public_origin: None,
            edit_window: Duration::hours(24),
            rate_limits: true,
            trusted_proxies: Vec::new(),
            session_lifetime: Duration::days(30),
            webhooks_allow_private: false,
            link_previews: crate::previews::fetch::FetchPolicy::default(),
            metrics_token: None,
            follow_besides_notices: crate::events::FOLLOW_WITH_NOTICES_EVERY,
        }
    }
}

impl Settings {
    /// Whether cookies must be `Secure`: when readers reach the server over HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.public_origin.as_deref().is_some_and(|origin| origin.starts_with("https://"))
    }
}
