//! Webhooks: endpoints a site's admins register to hear of its comments, signed as the
//! Standard Webhooks specification describes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{FieldError, Reason, WebhookId};

/// The longest endpoint URL.
pub const MAX_WEBHOOK_URL_CHARS: usize = 2000;

/// Endpoints a site may have.
pub const MAX_WEBHOOKS_PER_SITE: usize = 20;

/// Deliveries a page of the log shows.
pub const WEBHOOK_DELIVERIES_PER_PAGE: u32 = 50;

/// What an endpoint hears of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum WebhookEvent {
    /// A comment readers can read now: posted, or approved by a moderator.
    #[serde(rename = "comment.published")]
    Published,
    /// A published comment's words changed.
    #[serde(rename = "comment.edited")]
    Edited,
    /// A comment was deleted.
    #[serde(rename = "comment.deleted")]
    Deleted,
    /// A moderator decided about a comment.
    #[serde(rename = "comment.moderated")]
    Moderated,
}

impl WebhookEvent {
    /// Every event, in the order the admin page lists them.
    pub const ALL: [Self; 4] = [Self::Published, Self::Edited, Self::Deleted, Self::Moderated];

    /// Its name on the wire (`comment.published`...), the payload's `type`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Published => "comment.published",
            Self::Edited => "comment.edited",
            Self::Deleted => "comment.deleted",
            Self::Moderated => "comment.moderated",
        }
    }

    /// The event `name` names.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|event| event.as_str() == name)
    }
}

/// `POST /api/v1/admin/sites/{name}/webhooks`, `PUT /api/v1/admin/webhooks/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookRequest {
    /// Where deliveries are posted: an `http` or `https` URL.
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub url: String,
    /// What it hears of; at least one.
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub events: Vec<WebhookEvent>,
    /// Whether deliveries go out (an endpoint that answered 410 Gone is turned off).
    #[serde(default = "active_by_default")]
    pub active: bool,
}

fn active_by_default() -> bool {
    true
}

impl WebhookRequest {
    /// The request's rules: an `http(s)` URL with a host and no credentials, at most
    /// [`MAX_WEBHOOK_URL_CHARS`]; at least one event. The events come back in order, once each.
    pub fn check(&self) -> Result<Vec<WebhookEvent>, FieldError> {
        let url = self.url.trim();
        let invalid =
            |message: &str| FieldError { field: "url", reason: Reason::WebhookUrlInvalid, message: message.into() };
        if url.chars().count() > MAX_WEBHOOK_URL_CHARS {
            return Err(invalid("the URL is too long"));
        }
        let (scheme, rest) = url.split_once("://").ok_or_else(|| invalid("not a URL"))?;
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return Err(invalid("deliveries go to http or https URLs"));
        }
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if authority.is_empty() || authority.contains('@') || authority.chars().any(char::is_whitespace) {
            return Err(invalid("the URL needs a host and no user name or password"));
        }
        let mut events = self.events.clone();
        events.sort_unstable();
        events.dedup();
        if events.is_empty() {
            return Err(FieldError {
                field: "events",
                reason: Reason::WebhookNoEvents,
                message: "choose at least one event".into(),
            });
        }
        Ok(events)
    }
}

/// An endpoint as admins see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Webhook {
    /// Its id.
    pub id: WebhookId,
    /// Where deliveries are posted.
    pub url: String,
    /// What it hears of.
    pub events: Vec<WebhookEvent>,
    /// Whether deliveries go out.
    pub active: bool,
    /// Why it was turned off by the server, if it was (it answered 410 Gone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled_reason: Option<String>,
    /// When it was registered.
    pub created_at: DateTime<Utc>,
}

/// A site's endpoints (`GET /api/v1/admin/sites/{name}/webhooks`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookList {
    /// Oldest first.
    pub items: Vec<Webhook>,
}

/// A new endpoint with its signing secret, which is shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedWebhook {
    /// The endpoint.
    pub webhook: Webhook,
    /// The secret the signatures are made with (`whsec_` and base64), as the Standard Webhooks
    /// libraries take it.
    pub secret: String,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Waiting for its first or next attempt.
    Pending,
    /// The endpoint answered 2xx.
    Delivered,
    /// Given up: every attempt failed (about three days), or the endpoint is gone or off.
    Failed,
}

/// One delivery of an event to an endpoint, with how it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDelivery {
    /// The message's id (`webhook-id`), the same for every attempt.
    pub message_id: String,
    /// What happened.
    pub event: WebhookEvent,
    /// Where it stands.
    pub state: DeliveryState,
    /// Attempts made.
    pub attempts: u32,
    /// The endpoint's last HTTP status, if it answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_status: Option<u16>,
    /// What went wrong last, if something did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// When the event happened.
    pub created_at: DateTime<Utc>,
    /// When the next attempt is due, while pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_attempt_at: Option<DateTime<Utc>>,
}

/// `GET /api/v1/admin/webhooks/{id}/deliveries?page=N`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDeliveryPage {
    /// This page's deliveries.
    pub items: Vec<WebhookDelivery>,
    /// This page's number, from 1.
    pub page: u32,
    /// How many pages there are (at least 1).
    pub pages: u32,
    /// How many deliveries there are.
    pub total: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(url: &str, events: Vec<WebhookEvent>) -> WebhookRequest {
        WebhookRequest { url: url.into(), events, active: true }
    }

    #[test]
    fn urls_are_http_with_a_host_and_no_credentials() {
        let all = WebhookEvent::ALL.to_vec();
        assert!(request("https://hooks.example/schrieb", all.clone()).check().is_ok());
        assert!(request("http://127.0.0.1:8080/hook?x=1", all.clone()).check().is_ok());
        for bad in ["ftp://x.example", "hooks.example", "https://", "https://user:pw@x.example/", "https://a b/"] {
            let refused = request(bad, all.clone()).check().expect_err(bad);
            assert_eq!((refused.field, refused.reason), ("url", Reason::WebhookUrlInvalid), "{bad}");
        }
        let long = format!("https://x.example/{}", "a".repeat(MAX_WEBHOOK_URL_CHARS));
        assert!(request(&long, all).check().is_err());
    }

    #[test]
    fn events_come_back_once_each_and_at_least_one() {
        let events = vec![WebhookEvent::Deleted, WebhookEvent::Published, WebhookEvent::Deleted];
        assert_eq!(
            request("https://x.example", events).check().unwrap(),
            [WebhookEvent::Published, WebhookEvent::Deleted]
        );
        let none = request("https://x.example", vec![]).check().expect_err("no events");
        assert_eq!(none.reason, Reason::WebhookNoEvents);
    }

    #[test]
    fn events_are_named_as_on_the_wire() {
        for event in WebhookEvent::ALL {
            assert_eq!(serde_json::to_value(event).unwrap(), event.as_str());
            assert_eq!(WebhookEvent::from_name(event.as_str()), Some(event));
        }
    }
}
