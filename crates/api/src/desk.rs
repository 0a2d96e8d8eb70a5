//! What the moderation desk reads beside the queues: how to narrow and order a queue, how many
//! comments each queue holds, and an author's record with moderators' notes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{FieldError, LogActor, Reason, ReportReason, Sanction, Slug, UserId};

/// Why a comment is in a queue, as the desk filters by it: a check that held or refused it
/// (`words`, `links`, …), or a reason readers reported it for (`spam`, `abuse`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QueueReason {
    /// Words of the site's lists.
    Words,
    /// Links from an account the site does not trust with links yet.
    Links,
    /// The hidden field only programs fill in.
    Honeypot,
    /// Posted faster than the site's minimum.
    ComposeTime,
    /// The same body in other threads.
    Duplicate,
    /// Held by readers' reports.
    Reports,
    /// The author is pre-moderated.
    Premoderated,
    /// The site's mode held it.
    SiteMode,
    /// Reported as spam.
    Spam,
    /// Reported as insult or harassment.
    Abuse,
    /// Reported as off topic.
    OffTopic,
    /// Reported as misinformation.
    Misinformation,
    /// Reported for another reason.
    Other,
}

impl QueueReason {
    /// Every reason, the checks' first, in the order the desk offers them.
    pub const ALL: [Self; 13] = [
        Self::Words,
        Self::Links,
        Self::Honeypot,
        Self::ComposeTime,
        Self::Duplicate,
        Self::Reports,
        Self::Premoderated,
        Self::SiteMode,
        Self::Spam,
        Self::Abuse,
        Self::OffTopic,
        Self::Misinformation,
        Self::Other,
    ];

    /// Its name on the wire (`?reason=`), which is the check's name in stored findings or the
    /// report reason's.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Words => "words",
            Self::Links => "links",
            Self::Honeypot => "honeypot",
            Self::ComposeTime => "compose_time",
            Self::Duplicate => "duplicate",
            Self::Reports => "reports",
            Self::Premoderated => "premoderated",
            Self::SiteMode => "site_mode",
            Self::Spam => "spam",
            Self::Abuse => "abuse",
            Self::OffTopic => "off_topic",
            Self::Misinformation => "misinformation",
            Self::Other => "other",
        }
    }

    /// The reason named `name` on the wire.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|reason| reason.as_str() == name)
    }

    /// The report reason it is, if it is one (else it names a check).
    pub const fn report(self) -> Option<ReportReason> {
        match self {
            Self::Spam => Some(ReportReason::Spam),
            Self::Abuse => Some(ReportReason::Abuse),
            Self::OffTopic => Some(ReportReason::OffTopic),
            Self::Misinformation => Some(ReportReason::Misinformation),
            Self::Other => Some(ReportReason::Other),
            _ => None,
        }
    }
}

/// The order of a queue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QueueSort {
    /// Longest waiting first (reported: by the first open report).
    #[default]
    Oldest,
    /// Most reports first (those open and those a rejection upheld), then longest waiting.
    MostReported,
}

impl QueueSort {
    /// Its name on the wire (`?sort=`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Oldest => "oldest",
            Self::MostReported => "most_reported",
        }
    }
}

/// Which comments of a queue the desk shows, and in which order. Empty, the whole queue oldest
/// first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct QueueFilter {
    /// Only comments under this article.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<Slug>,
    /// Only this account's comments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<UserId>,
    /// Only comments in the queue for this reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<QueueReason>,
    /// The order.
    pub sort: QueueSort,
}

impl QueueFilter {
    /// The filter a desk link's query says (`AppLink::Desk`), each value read by `get`; values
    /// that name nothing are left out, as a hand-edited address may have them.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            article: get("article").and_then(|raw| Slug::parse(&raw).ok()),
            author: get("author").and_then(|raw| raw.parse().ok()).map(UserId),
            reason: get("reason").and_then(|raw| QueueReason::from_name(&raw)),
            sort: match get("sort").as_deref() {
                Some("most_reported") => QueueSort::MostReported,
                _ => QueueSort::Oldest,
            },
        }
    }

    /// Whether it narrows the queue (its order aside).
    pub fn narrows(&self) -> bool {
        self.article.is_some() || self.author.is_some() || self.reason.is_some()
    }
}

/// `GET /api/v1/moderation/counts`: how many comments each queue holds, which the desk shows
/// on its tabs and counts again while it is open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueCounts {
    /// Comments waiting for a decision.
    pub pending: u64,
    /// Published comments with open reports.
    pub reported: u64,
    /// Comments turned down.
    pub rejected: u64,
}

/// A moderator's note on an account: for the moderators who meet its comments later; its owner
/// never sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModeratorNote {
    /// When it was written.
    pub at: DateTime<Utc>,
    /// Who wrote it.
    pub moderator: LogActor,
    /// What it says.
    pub body: String,
}

/// The most characters of a moderator's note.
pub const MAX_MODERATOR_NOTE_CHARS: usize = 1000;

/// `POST /api/v1/moderation/users/{id}/notes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NoteRequest {
    /// What it says: at most [`MAX_MODERATOR_NOTE_CHARS`] characters, not only white space
    /// (which is trimmed from around it).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1000, pattern = r"\S"))]
    pub body: String,
}

impl NoteRequest {
    /// The note's rules; the desk checks them before sending, the server again.
    pub fn check(&self) -> Result<&str, FieldError> {
        let body = self.body.trim();
        if body.is_empty() {
            return Err(FieldError {
                field: "body",
                reason: Reason::NoteRequired,
                message: "a note says something".into(),
            });
        }
        // Counted as sent, white space around included, as the document's `max_length` says.
        if self.body.chars().count() > MAX_MODERATOR_NOTE_CHARS {
            return Err(FieldError {
                field: "body",
                reason: Reason::NoteTooLong { max: MAX_MODERATOR_NOTE_CHARS },
                message: format!("a note has at most {MAX_MODERATOR_NOTE_CHARS} characters"),
            });
        }
        Ok(body)
    }
}

/// An author's record, as moderators weigh their comments (`GET /api/v1/moderation/users/{id}`,
/// and beside each queue item of a member).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountRecord {
    /// The account.
    pub user: LogActor,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// Its comments readers see.
    pub published: u32,
    /// Its comments waiting for a decision.
    pub pending: u32,
    /// Its comments moderators turned down.
    pub rejected: u32,
    /// The sanction it is under as stored (a suspension may have ended since).
    pub sanction: Option<Sanction>,
    /// Moderators' notes on it, newest first.
    pub notes: Vec<ModeratorNote>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_round_trip_by_name_and_know_reports() {
        for reason in QueueReason::ALL {
            assert_eq!(QueueReason::from_name(reason.as_str()), Some(reason));
            let wire = serde_json::to_value(reason).unwrap();
            assert_eq!(wire, serde_json::json!(reason.as_str()));
            if let Some(report) = reason.report() {
                assert_eq!(report.as_str(), reason.as_str());
            }
        }
        assert_eq!(QueueReason::ALL.iter().filter(|reason| reason.report().is_some()).count(), ReportReason::ALL.len());
    }

    #[test]
    fn a_desk_query_reads_back_what_its_link_says() {
        let filter = QueueFilter {
            article: Some(Slug::parse("der-faden").unwrap()),
            author: Some(UserId(7)),
            reason: Some(QueueReason::Spam),
            sort: QueueSort::MostReported,
        };
        let link = crate::paths::AppLink::Desk(crate::QueueState::Reported, &filter).href();
        let query: Vec<(String, String)> = link
            .split_once('?')
            .unwrap()
            .1
            .split('&')
            .map(|pair| pair.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())).unwrap())
            .collect();
        let get = |name: &str| query.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone());
        assert_eq!(QueueFilter::from_query(get), filter);
        let junk = |name: &str| Some(format!("{name}!"));
        assert_eq!(QueueFilter::from_query(junk), QueueFilter::default());
    }

    #[test]
    fn notes_say_something_within_their_length() {
        let note = |body: &str| NoteRequest { body: body.into() };
        assert_eq!(note("  bekannter Troll ").check(), Ok("bekannter Troll"));
        assert_eq!(note(" \n ").check().unwrap_err().reason, Reason::NoteRequired);
        let long = note(&"x".repeat(MAX_MODERATOR_NOTE_CHARS + 1)).check().unwrap_err();
        assert_eq!(long.reason, Reason::NoteTooLong { max: MAX_MODERATOR_NOTE_CHARS });
        assert!(note(&"ü".repeat(MAX_MODERATOR_NOTE_CHARS)).check().is_ok());
    }
}
