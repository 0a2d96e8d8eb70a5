//! Readers' reports of comments (`POST /api/v1/comments/{id}/reports`), and how moderators
//! see them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{CommentId, FieldError, LogActor, Reason};

/// The most characters a report's note may have.
pub const MAX_REPORT_NOTE_CHARS: usize = 500;

/// Why a reader reports a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportReason {
    /// Advertising, scams, bots.
    Spam,
    /// Insults or harassment.
    Abuse,
    /// Nothing to do with the article.
    OffTopic,
    /// False claims.
    Misinformation,
    /// Something else, said in the note.
    Other,
}

impl ReportReason {
    /// Every reason, in the order the report dialog offers them.
    pub const ALL: [Self; 5] = [Self::Spam, Self::Abuse, Self::OffTopic, Self::Misinformation, Self::Other];

    /// Its name on the wire and in the database.
    pub const fn as_str(self) -> &'static str {
        match self {
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
}

/// `POST /api/v1/comments/{id}/reports`: a reader reports a comment, once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    /// Why.
    pub reason: ReportReason,
    /// In the reader's words: at most [`MAX_REPORT_NOTE_CHARS`] characters, and needed for
    /// [`ReportReason::Other`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub note: Option<String>,
}

impl ReportRequest {
    /// The report's rules: a note of at most [`MAX_REPORT_NOTE_CHARS`] characters, which
    /// "other" cannot do without. The dialog checks them before sending, the server again.
    pub fn check(&self) -> Result<(), FieldError> {
        if self.trimmed_note().is_some_and(|note| note.chars().count() > MAX_REPORT_NOTE_CHARS) {
            return Err(FieldError {
                field: "note",
                reason: Reason::NoteTooLong { max: MAX_REPORT_NOTE_CHARS },
                message: format!("a note has at most {MAX_REPORT_NOTE_CHARS} characters"),
            });
        }
        if self.reason == ReportReason::Other && self.trimmed_note().is_none() {
            return Err(FieldError {
                field: "note",
                reason: Reason::NoteRequired,
                message: "a report for another reason says what it is in its note".into(),
            });
        }
        Ok(())
    }

    /// The note with its white space trimmed, `None` when there is nothing left.
    pub fn trimmed_note(&self) -> Option<&str> {
        self.note.as_deref().map(str::trim).filter(|note| !note.is_empty())
    }
}

/// What the reporter hears back: their report is on record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportReceipt {
    /// The comment reported.
    pub comment: CommentId,
    /// Why.
    pub reason: ReportReason,
    /// When it was received.
    pub at: DateTime<Utc>,
}

/// How often a reader's earlier reports were right: moderators weigh a report by it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReporterRecord {
    /// Reports of comments a moderator then rejected.
    pub upheld: u32,
    /// Reports of comments a moderator kept.
    pub dismissed: u32,
}

/// A reader's report of a comment, as moderators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    /// Who reported it.
    pub reporter: LogActor,
    /// How often their decided reports were right.
    pub record: ReporterRecord,
    /// Why.
    pub reason: ReportReason,
    /// In their words.
    pub note: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_round_trip_by_name() {
        for reason in ReportReason::ALL {
            let json = serde_json::to_value(reason).unwrap();
            assert_eq!(json, serde_json::json!(reason.as_str()));
            assert_eq!(ReportReason::from_name(reason.as_str()), Some(reason));
        }
        assert_eq!(ReportReason::from_name("insult"), None);
    }

    #[test]
    fn other_needs_a_note_and_notes_have_a_limit() {
        let report = |reason, note: Option<&str>| ReportRequest { reason, note: note.map(str::to_owned) };
        assert!(report(ReportReason::Spam, None).check().is_ok());
        assert_eq!(report(ReportReason::Other, Some("  ")).check().unwrap_err().reason, Reason::NoteRequired);
        assert!(report(ReportReason::Other, Some("Werbung für ein Casino")).check().is_ok());
        let long = "ü".repeat(MAX_REPORT_NOTE_CHARS + 1);
        let refused = report(ReportReason::Abuse, Some(&long)).check().unwrap_err();
        assert_eq!(refused.reason, Reason::NoteTooLong { max: MAX_REPORT_NOTE_CHARS });
        assert!(report(ReportReason::Abuse, Some(&long[2..])).check().is_ok());
    }

    #[test]
    fn unknown_fields_are_refused() {
        assert!(serde_json::from_str::<ReportRequest>(r#"{"reason":"spam","notes":"x"}"#).is_err());
        assert!(serde_json::from_str::<ReportRequest>(r#"{"reason":"rude"}"#).is_err());
    }
}
