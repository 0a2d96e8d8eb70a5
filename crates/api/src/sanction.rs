//! Sanctions on accounts (`PUT /api/v1/moderation/users/{id}/sanction`): a ban, a timed
//! suspension, or "always pre-moderate this person".

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{FieldError, LogActor, Reason};

/// The most characters a sanction's reason may have.
pub const MAX_SANCTION_REASON_CHARS: usize = 500;

/// What a moderator does to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SanctionKind {
    /// No more posting, editing, reacting or reporting, ever; its sessions end and it cannot
    /// log in.
    Ban,
    /// No posting, editing, reacting or reporting until `until`; it may still read.
    Suspend,
    /// Every comment it writes waits for a moderator.
    Premoderate,
    /// Lifts whatever sanction the account has.
    None,
}

impl SanctionKind {
    /// Its name on the wire and in the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Ban => "ban",
            Self::Suspend => "suspend",
            Self::Premoderate => "premoderate",
            Self::None => "none",
        }
    }

    /// The kind named `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Ban, Self::Suspend, Self::Premoderate, Self::None].into_iter().find(|kind| kind.as_str() == name)
    }
}

/// `PUT /api/v1/moderation/users/{id}/sanction`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SanctionRequest {
    /// What to do.
    pub kind: SanctionKind,
    /// When a suspension ends (only for `suspend`, and in the future).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<DateTime<Utc>>,
    /// Why, in the moderator's words: the account's owner is told it. Needed for every kind
    /// but `none`; at most [`MAX_SANCTION_REASON_CHARS`] characters.
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: String,
}

impl SanctionRequest {
    /// The request's rules at `now`: a reason (but for `none`) of at most
    /// [`MAX_SANCTION_REASON_CHARS`] characters, and an end in the future for a suspension
    /// and for nothing else.
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), FieldError> {
        let reason = self.reason.trim();
        if reason.chars().count() > MAX_SANCTION_REASON_CHARS {
            return Err(FieldError {
                field: "reason",
                reason: Reason::NoteTooLong { max: MAX_SANCTION_REASON_CHARS },
                message: format!("a reason has at most {MAX_SANCTION_REASON_CHARS} characters"),
            });
        }
        if reason.is_empty() && self.kind != SanctionKind::None {
            return Err(FieldError {
                field: "reason",
                reason: Reason::NoteRequired,
                message: "a sanction says why: its owner is told".into(),
            });
        }
        let timed = self.kind == SanctionKind::Suspend;
        if timed != self.until.is_some() || self.until.is_some_and(|until| until <= now) {
            return Err(FieldError {
                field: "until",
                reason: Reason::SuspensionEnd,
                message: "a suspension ends at a time in the future; other sanctions have no end".into(),
            });
        }
        Ok(())
    }
}

/// A sanction an account is under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sanction {
    /// Ban, suspension or pre-moderation (never `none`).
    pub kind: SanctionKind,
    /// When a suspension ends.
    pub until: Option<DateTime<Utc>>,
    /// Why, in the moderator's words.
    pub reason: String,
}

impl Sanction {
    /// Whether it still holds at `now` (a suspension ends).
    pub fn holds(&self, now: DateTime<Utc>) -> bool {
        self.kind != SanctionKind::None && self.until.is_none_or(|until| until > now)
    }
}

/// An account's standing, as the sanction endpoint answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountStanding {
    /// The account.
    pub user: LogActor,
    /// The sanction it is under now, if any.
    pub sanction: Option<Sanction>,
}

/// The most entries the list of blocked email domains may have.
pub const MAX_BLOCKED_DOMAINS: usize = 10_000;

/// `GET`/`PUT /api/v1/admin/email-domains`: the email domains nobody registers with; a domain
/// blocks its subdomains too. Sent whole, replaced whole.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BlockedDomains {
    /// The domains, such as `wegwerfmail.example`.
    #[cfg_attr(feature = "openapi", schema(max_items = 10000))]
    pub domains: Vec<String>,
}

impl BlockedDomains {
    /// The list's rules: at most [`MAX_BLOCKED_DOMAINS`] entries, each a domain name (labels of
    /// letters, digits and dashes joined by dots, at least two, at most 253 characters).
    pub fn check(&self) -> Result<(), FieldError> {
        if self.domains.len() > MAX_BLOCKED_DOMAINS {
            return Err(FieldError {
                field: "domains",
                reason: Reason::TooManyWords { max: MAX_BLOCKED_DOMAINS },
                message: format!("at most {MAX_BLOCKED_DOMAINS} domains"),
            });
        }
        match self.domains.iter().find(|domain| !is_domain(domain)) {
            Some(domain) => Err(FieldError {
                field: "domains",
                reason: Reason::EmailDomainInvalid { domain: domain.clone() },
                message: format!("{domain:?} is not a domain name"),
            }),
            None => Ok(()),
        }
    }

    /// The domains as stored and compared: trimmed, in lower case, without a leading `@`.
    pub fn normalized(&self) -> Vec<String> {
        let mut domains: Vec<String> =
            self.domains.iter().map(|domain| domain.trim().trim_start_matches('@').to_lowercase()).collect();
        domains.sort();
        domains.dedup();
        domains
    }
}

/// Whether `raw` (trimmed, an `@` before it allowed) is a domain name.
fn is_domain(raw: &str) -> bool {
    let domain = raw.trim().trim_start_matches('@');
    let labels: Vec<&str> = domain.split('.').collect();
    domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|label| {
            (1..=63).contains(&label.len())
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// The domain of `email` and each domain it is under (`a.b.example`, `b.example`), in lower
/// case: the names a blocked domain would match.
pub fn email_domains(email: &str) -> Vec<String> {
    let Some((_, domain)) = email.rsplit_once('@') else { return Vec::new() };
    let domain = domain.to_lowercase();
    let mut names = Vec::new();
    let mut rest = domain.as_str();
    while rest.contains('.') {
        names.push(rest.to_owned());
        rest = rest.split_once('.').map_or("", |(_, tail)| tail);
    }
    names
}

/// Where a comment or an account stands, as the moderation log records its changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// A comment readers see.
    Published,
    /// A comment held for a moderator.
    Pending,
    /// A comment a moderator turned down.
    Rejected,
    /// An account under no sanction.
    Active,
    /// A banned account.
    Banned,
    /// A suspended account.
    Suspended,
    /// An account whose comments all wait for a moderator.
    Premoderated,
}

impl Standing {
    /// Its name on the wire and in the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Published => "published",
            Self::Pending => "pending",
            Self::Rejected => "rejected",
            Self::Active => "active",
            Self::Banned => "banned",
            Self::Suspended => "suspended",
            Self::Premoderated => "premoderated",
        }
    }

    /// The standing named `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        [
            Self::Published,
            Self::Pending,
            Self::Rejected,
            Self::Active,
            Self::Banned,
            Self::Suspended,
            Self::Premoderated,
        ]
        .into_iter()
        .find(|standing| standing.as_str() == name)
    }

    /// The standing of an account under `sanction` at `now` (a suspension that has ended is
    /// none).
    pub fn of_sanction(sanction: Option<&Sanction>, now: DateTime<Utc>) -> Self {
        match sanction {
            Some(sanction) if sanction.holds(now) => Self::of_account(sanction.kind),
            _ => Self::Active,
        }
    }

    /// An account's standing under `kind`.
    pub const fn of_account(kind: SanctionKind) -> Self {
        match kind {
            SanctionKind::Ban => Self::Banned,
            SanctionKind::Suspend => Self::Suspended,
            SanctionKind::Premoderate => Self::Premoderated,
            SanctionKind::None => Self::Active,
        }
    }
}

impl From<crate::CommentState> for Standing {
    fn from(state: crate::CommentState) -> Self {
        match state {
            crate::CommentState::Published => Self::Published,
            crate::CommentState::Pending => Self::Pending,
            crate::CommentState::Rejected => Self::Rejected,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn request(kind: SanctionKind, until: Option<DateTime<Utc>>, reason: &str) -> SanctionRequest {
        SanctionRequest { kind, until, reason: reason.into() }
    }

    #[test]
    fn a_suspension_ends_in_the_future_and_only_it_ends() {
        let now = Utc::now();
        let later = Some(now + Duration::hours(24));
        assert!(request(SanctionKind::Suspend, later, "Pöbelei").check(now).is_ok());
        for bad in [
            request(SanctionKind::Suspend, None, "Pöbelei"),
            request(SanctionKind::Suspend, Some(now - Duration::seconds(1)), "Pöbelei"),
            request(SanctionKind::Ban, later, "Spam"),
        ] {
            assert_eq!(bad.check(now).unwrap_err().reason, Reason::SuspensionEnd, "{bad:?}");
        }
    }

    #[test]
    fn every_sanction_but_lifting_says_why() {
        let now = Utc::now();
        assert_eq!(request(SanctionKind::Ban, None, "  ").check(now).unwrap_err().reason, Reason::NoteRequired);
        assert!(request(SanctionKind::None, None, "").check(now).is_ok());
        let long = "x".repeat(MAX_SANCTION_REASON_CHARS + 1);
        let refused = request(SanctionKind::Premoderate, None, &long).check(now).unwrap_err();
        assert_eq!(refused.reason, Reason::NoteTooLong { max: MAX_SANCTION_REASON_CHARS });
    }

    #[test]
    fn a_suspension_holds_until_it_ends() {
        let now = Utc::now();
        let suspension = Sanction { kind: SanctionKind::Suspend, until: Some(now), reason: "x".into() };
        assert!(suspension.holds(now - Duration::seconds(1)));
        assert!(!suspension.holds(now));
        assert!(Sanction { kind: SanctionKind::Ban, until: None, reason: "x".into() }.holds(now));
    }

    #[test]
    fn blocked_domains_are_domain_names_and_block_their_subdomains() {
        let list = |domains: &[&str]| BlockedDomains { domains: domains.iter().map(|d| (*d).to_owned()).collect() };
        assert!(list(&["wegwerfmail.example", "@Spam.Example", "xn--mll-via.example", "müll.example"]).check().is_ok());
        for bad in ["example", "", "a..example", "-a.example", "a b.example", "a@b.example"] {
            let refused = list(&[bad]).check().unwrap_err();
            assert_eq!(refused.reason, Reason::EmailDomainInvalid { domain: bad.into() }, "{bad:?}");
        }
        assert_eq!(list(&[" @Spam.Example ", "spam.example"]).normalized(), ["spam.example"]);
        assert_eq!(email_domains("Anna@MX.Spam.Example"), ["mx.spam.example", "spam.example"]);
        assert!(email_domains("no-at-sign").is_empty());
    }

    #[test]
    fn standings_round_trip_by_name() {
        for name in ["published", "pending", "rejected", "active", "banned", "suspended", "premoderated"] {
            let standing = Standing::from_name(name).unwrap();
            assert_eq!(serde_json::to_value(standing).unwrap(), serde_json::json!(name));
        }
    }
}
