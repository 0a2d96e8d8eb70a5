//! Drafts: a reply being written, kept on the server (`/api/v1/articles/{slug}/draft`) so that
//! it follows its writer from one device to another.
//!
//! A draft is unfinished, so only the limits that protect storage apply: it must have some text
//! and may not be longer than a comment may be. Quote nesting, links and mentions are checked
//! when the comment is posted, not while it is being written.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::body::fmt_number;
use crate::{MAX_BODY_CHARS, TextRule};

/// A reply being written, kept on the server so that it follows its writer to another device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Draft {
    /// The text as last saved, in schrieb markup.
    pub body: String,
    /// When it was last saved.
    pub updated_at: DateTime<Utc>,
}

/// `PUT /api/v1/articles/{slug}/draft`: the draft's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DraftRequest {
    /// The text, under the draft rules ([`DraftBody::parse`]), which the server checks after
    /// reading the request so that a refusal names its rule ([`crate::Reason`]).
    #[cfg_attr(feature = "openapi", schema(value_type = crate::DraftBody))]
    pub body: String,
}

/// A draft's text: not blank and at most [`MAX_BODY_CHARS`] characters, the comment limit.
/// The other comment rules (quote nesting, links, mentions) are not applied: a draft is
/// unfinished, and the editor may hold a half-typed flood that the writer is about to trim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DraftBody(String);

/// Why a draft was refused. Each message names the limit, so people know what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DraftError {
    /// Nothing but white space: delete the draft instead.
    #[error("a draft needs some text")]
    Empty,
    /// Over [`MAX_BODY_CHARS`]: it could never be posted, and storage is not unbounded.
    #[error("a draft may have at most {max} characters; this one has {chars}", max = fmt_number(MAX_BODY_CHARS), chars = fmt_number(*.0))]
    TooLong(usize),
}

impl DraftBody {
    /// The draft rules as the OpenAPI document states them: exactly what [`DraftBody::parse`]
    /// checks, but for a text whose `\r\n` line endings bring it under the limit only once
    /// they are made `\n`.
    pub const RULE: TextRule =
        TextRule { pattern: Some(crate::text_rule::NOT_BLANK), min_chars: 1, max_chars: Some(MAX_BODY_CHARS) };

    /// Checks `raw`. Line endings become `\n`; nothing else is changed (trailing white space is
    /// kept, since the writer may be in the middle of a word), and nothing is ever cut off.
    pub fn parse(raw: &str) -> Result<Self, DraftError> {
        let source = raw.replace("\r\n", "\n");
        if source.trim().is_empty() {
            return Err(DraftError::Empty);
        }
        let chars = source.chars().count();
        if chars > MAX_BODY_CHARS {
            return Err(DraftError::TooLong(chars));
        }
        Ok(Self(source))
    }

    /// The text as written (normalized line endings).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DraftBody {
    type Error = DraftError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl From<DraftBody> for String {
    fn from(body: DraftBody) -> Self {
        body.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_a_draft_as_written_with_normalized_line_endings() {
        let body = DraftBody::parse("> Zitat\r\n\r\nAntwort an @Mar").unwrap();
        assert_eq!(body.as_str(), "> Zitat\n\nAntwort an @Mar");
        // Mid-sentence: the space the writer just typed stays.
        assert_eq!(DraftBody::parse("Ich denke ").unwrap().as_str(), "Ich denke ");
    }

    #[test]
    fn refuses_blank_drafts() {
        assert_eq!(DraftBody::parse(""), Err(DraftError::Empty));
        assert_eq!(DraftBody::parse(" \r\n\t "), Err(DraftError::Empty));
        assert_eq!(DraftError::Empty.to_string(), "a draft needs some text");
    }

    #[test]
    fn length_is_counted_in_characters_and_named_in_the_error() {
        assert!(DraftBody::parse(&"ä".repeat(MAX_BODY_CHARS)).is_ok());
        let error = DraftBody::parse(&"ä".repeat(MAX_BODY_CHARS + 1)).unwrap_err();
        assert_eq!(error, DraftError::TooLong(20_001));
        assert_eq!(error.to_string(), "a draft may have at most 20,000 characters; this one has 20,001");
    }

    #[test]
    fn other_comment_rules_do_not_apply_to_drafts() {
        let links = (0..30).map(|i| format!("https://example.org/{i}")).collect::<Vec<_>>().join(" ");
        assert!(DraftBody::parse(&links).is_ok());
        let mentions = (0..30).map(|i| format!("@leser{i}")).collect::<Vec<_>>().join(" ");
        assert!(DraftBody::parse(&mentions).is_ok());
        assert!(DraftBody::parse(&format!("{} tief", ">".repeat(12))).is_ok());
    }

    #[test]
    fn the_documented_rule_is_the_rule() {
        use crate::text_rule::check::*;
        let accepted = |text: &str| DraftBody::parse(text).is_ok();
        agrees_exactly(&DraftBody::RULE, every_bmp_char().map(|c| format!("{c}{c}")), accepted);
        let long = ["x".repeat(MAX_BODY_CHARS), "x ".repeat(MAX_BODY_CHARS / 2 + 1), " \r\n ".into()];
        agrees_exactly(&DraftBody::RULE, long, accepted);
    }

    #[test]
    fn deserializing_checks_the_rules() {
        assert_eq!(serde_json::from_str::<DraftBody>(r#""hallo""#).unwrap().as_str(), "hallo");
        assert!(serde_json::from_str::<DraftBody>(r#""  ""#).is_err());
        assert_eq!(serde_json::to_string(&DraftBody::parse("hallo").unwrap()).unwrap(), r#""hallo""#);
    }
}
