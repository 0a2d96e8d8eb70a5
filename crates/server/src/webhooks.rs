//! Webhook deliveries: made from the event log (`domain::webhooks`), posted signed as the
//! Standard Webhooks specification describes (`webhook-id`, `webhook-timestamp`,
//! `webhook-signature: v1,<base64 HMAC-SHA256>`), tried again for about three days, the
//! endpoint turned off when it answers 410 Gone.
//!
//! Endpoints on addresses that are not the public internet's (`crate::address`: private,
//! loopback, link-local, documentation, cloud metadata ...) are refused (at registration, and
//! at each attempt, after the name is resolved: a name that later resolves to such an address
//! gets nothing), unless the server is told to allow them (tests, a site on the same network).
//!
//! The signature is ten lines of HMAC (the `hmac` and `sha2` crates); the tests verify it with
//! the specification's own library, so the two are independent.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use schrieb_api::DeliveryState;
use sha2::Sha256;

use crate::address::is_refused;
use crate::db::{Attempted, DbError, DueDelivery, Repository};
use crate::domain::webhooks::{make_deliveries, retry_pause};
use crate::logging::error_chain;

/// How long an endpoint may take to answer.
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// How long a claim holds a delivery: longer than an attempt can take.
const CLAIM: chrono::Duration = chrono::Duration::minutes(1);

/// Deliveries attempted at once.
const BATCH: u32 = 20;

/// How often a round runs: deliveries start within this long of their event.
const ROUND_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// Characters of an endpoint's answer kept when it fails.
const KEPT_ANSWER: usize = 300;

/// The signature of `payload` sent as message `id` at `timestamp` (seconds), with `secret`
/// (`whsec_` and base64): `v1,` and the base64 HMAC-SHA256 of `{id}.{timestamp}.{payload}`.
pub fn signature(secret: &str, id: &str, timestamp: i64, payload: &str) -> Option<String> {
    let key = STANDARD.decode(secret.strip_prefix("whsec_").unwrap_or(secret)).ok()?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
    mac.update(format!("{id}.{timestamp}.{payload}").as_bytes());
    Some(format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes())))
}

/// A new signing secret: 24 random bytes, as `whsec_` and base64.
pub fn new_secret() -> Result<String, getrandom::Error> {
    let mut bytes = [0_u8; 24];
    getrandom::fill(&mut bytes)?;
    Ok(format!("whsec_{}", STANDARD.encode(bytes)))
}

/// Why `url` may not be posted to, if it may not: its host is, or resolves to, a private
/// address (and those are not allowed). A name that does not resolve now passes: it is
/// checked again at every attempt.
pub async fn refused_target(url: &str, allow_private: bool) -> Option<String> {
    if allow_private {
        return None;
    }
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host()?;
    let port = parsed.port_or_known_default().unwrap_or(443);
    let addresses: Vec<IpAddr> = match host {
        url::Host::Ipv4(ip) => vec![IpAddr::V4(ip)],
        url::Host::Ipv6(ip) => vec![IpAddr::V6(ip)],
        url::Host::Domain(name) => match tokio::net::lookup_host((name, port)).await {
            Ok(found) => found.map(|address| address.ip()).collect(),
            Err(_) => return None,
        },
    };
    addresses
        .iter()
        .any(|ip| is_refused(*ip))
        .then(|| format!("{} leads to a private or loopback address", parsed.host_str().unwrap_or_default()))
}

/// Resolves names as the system does, and keeps only public addresses: a delivery never
/// reaches a private one, whatever the name resolves to at the time of the attempt.
struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            let public: Vec<SocketAddr> = found.into_iter().filter(|address| !is_refused(address.ip())).collect();
            if public.is_empty() {
                let refused: Box<dyn std::error::Error + Send + Sync> =
                    format!("{} resolves only to private or loopback addresses", name.as_str()).into();
                return Err(refused);
            }
            Ok(Box::new(public.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The webhook sender.
pub struct Webhooks {
    client: reqwest::Client,
    allow_private: bool,
}

impl Webhooks {
    /// A sender; `allow_private` lets deliveries reach private and loopback addresses.
    pub fn new(allow_private: bool) -> Self {
        let builder = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("schrieb-webhooks/", env!("CARGO_PKG_VERSION")));
        let builder = if allow_private { builder } else { builder.dns_resolver(Arc::new(PublicOnly)) };
        let client = builder.build().unwrap_or_else(|error| {
            tracing::error!(%error, "the webhook client could not be built with its settings; using the default");
            reqwest::Client::new()
        });
        Self { client, allow_private }
    }

    /// Whether deliveries may reach private and loopback addresses.
    pub fn allows_private(&self) -> bool {
        self.allow_private
    }

    /// Runs rounds until the server stops; payloads link to `origin`.
    pub fn run(self: Arc<Self>, repository: Arc<dyn Repository>, origin: String) {
        tokio::spawn(async move {
            loop {
                if let Err(error) = self.round(repository.as_ref(), &origin, Utc::now()).await {
                    tracing::error!(%error, "a round of webhook deliveries failed; the next one tries again");
                }
                tokio::time::sleep(ROUND_EVERY).await;
            }
        });
    }

    /// One round at `now`: makes the deliveries of new events, then attempts what is due.
    pub async fn round(&self, repository: &dyn Repository, origin: &str, now: DateTime<Utc>) -> Result<(), DbError> {
        make_deliveries(repository, origin, now).await?;
        let started = std::time::Instant::now();
        loop {
            // Each batch is claimed from the time it is claimed: a claim counted from the start
            // of a long round could run out during its attempts, and another server would
            // deliver them again.
            let at = now + chrono::Duration::from_std(started.elapsed()).unwrap_or(CLAIM);
            let claimed = repository.claim_deliveries(at, at + CLAIM, BATCH).await?;
            let full = claimed.len() == BATCH as usize;
            let attempts = claimed.iter().map(|delivery| self.attempt(delivery));
            let outcomes = futures_util::future::join_all(attempts).await;
            for (delivery, attempted) in claimed.iter().zip(outcomes) {
                repository.delivery_attempted(delivery, &attempted).await?;
            }
            if !full {
                return Ok(());
            }
        }
    }

    /// One attempt of `delivery`.
    async fn attempt(&self, delivery: &DueDelivery) -> Attempted {
        let attempts = delivery.attempts + 1;
        let failed = |status: Option<u16>, error: String| {
            let retry_at = retry_pause(attempts).map(|pause| Utc::now() + pause);
            Attempted {
                state: if retry_at.is_some() { DeliveryState::Pending } else { DeliveryState::Failed },
                retry_at,
                response_status: status,
                error: Some(error),
                disable: None,
            }
        };
        if let Some(refused) = refused_target(&delivery.url, self.allow_private).await {
            return failed(None, refused);
        }
        let timestamp = Utc::now().timestamp();
        let Some(signature) = signature(&delivery.secret, &delivery.message_id, timestamp, &delivery.payload) else {
            return Attempted {
                disable: Some("the signing secret is broken".into()),
                ..failed(None, "no signature".into())
            };
        };
        let sent = self
            .client
            .post(&delivery.url)
            .header("content-type", "application/json")
            .header("webhook-id", &delivery.message_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(delivery.payload.clone())
            .send()
            .await;
        match sent {
            Ok(response) if response.status().is_success() => Attempted {
                state: DeliveryState::Delivered,
                retry_at: None,
                response_status: Some(response.status().as_u16()),
                error: None,
                disable: None,
            },
            Ok(response) if response.status() == reqwest::StatusCode::GONE => Attempted {
                state: DeliveryState::Failed,
                retry_at: None,
                response_status: Some(410),
                error: Some("the endpoint answered 410 Gone: it was turned off".into()),
                disable: Some("the endpoint answered 410 Gone".into()),
            },
            Ok(response) => {
                let status = response.status().as_u16();
                let text = response.text().await.unwrap_or_default();
                failed(Some(status), text.chars().take(KEPT_ANSWER).collect())
            }
            Err(error) => failed(None, error_chain(&error)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_specifications_example() {
        // The example of the Standard Webhooks specification (its README's "Signature scheme").
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let payload = r#"{"test": 2432232314}"#;
        let signed = signature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, payload);
        assert_eq!(signed.as_deref(), Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
    }

    #[tokio::test]
    async fn literal_private_targets_are_refused_unless_allowed() {
        assert!(refused_target("http://127.0.0.1:8080/hook", false).await.is_some());
        assert!(refused_target("http://[::1]/hook", false).await.is_some());
        assert!(refused_target("http://localhost/hook", false).await.is_some(), "a name for loopback");
        assert!(refused_target("http://127.0.0.1:8080/hook", true).await.is_none());
        assert!(refused_target("https://93.184.216.34/hook", false).await.is_none());
    }

    #[test]
    fn secrets_are_fresh_and_decode() {
        let (a, b) = (new_secret().unwrap(), new_secret().unwrap());
        assert_ne!(a, b);
        assert_eq!(STANDARD.decode(a.trim_start_matches("whsec_")).unwrap().len(), 24);
    }
}
