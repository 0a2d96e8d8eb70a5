//! Comment bodies, validated: the one set of rules the editor checks as you type and the
//! server checks again before saving.

use schrieb_markup::Document;
use serde::{Deserialize, Serialize};

use crate::TextRule;

/// The most characters a comment may have.
pub const MAX_BODY_CHARS: usize = 20_000;
/// How deep quotes may nest in a comment (a quote in a quote in a quote in a quote).
pub const MAX_QUOTE_NESTING: usize = 4;
/// The most links a comment may carry; more is what spam looks like.
pub const MAX_LINKS: usize = 20;
/// The most people a comment may mention; more is a mass ping.
pub const MAX_MENTIONS: usize = 10;

/// A comment body that keeps every limit, with its parsed document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CommentBody {
    source: String,
    #[serde(skip)]
    document: Document,
}

/// Why a body was refused. Each message names the limit, so people know what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    /// Nothing but white space.
    #[error("a comment needs some text")]
    Empty,
    /// Over [`MAX_BODY_CHARS`].
    #[error("a comment may have at most {max} characters; this one has {chars}", max = fmt_number(MAX_BODY_CHARS), chars = fmt_number(*.0))]
    TooLong(usize),
    /// Quotes nested deeper than [`MAX_QUOTE_NESTING`].
    #[error("quotes may nest at most {MAX_QUOTE_NESTING} deep; this comment nests them {0} deep")]
    QuotesTooDeep(usize),
    /// More than [`MAX_LINKS`] links.
    #[error("a comment may carry at most {MAX_LINKS} links; this one has {0}")]
    TooManyLinks(usize),
    /// More than [`MAX_MENTIONS`] mentions.
    #[error("a comment may mention at most {MAX_MENTIONS} people; this one mentions {0}")]
    TooManyMentions(usize),
}

impl CommentBody {
    /// What the OpenAPI document can state of the body rules: some text, at most
    /// [`MAX_BODY_CHARS`] characters. Quote nesting, links and mentions are counted in the
    /// parsed markup, which no pattern can do; the document says them in words.
    pub const RULE: TextRule =
        TextRule { pattern: Some(crate::text_rule::NOT_BLANK), min_chars: 1, max_chars: Some(MAX_BODY_CHARS) };

    /// Checks `raw` against every limit. Line endings become `\n` and trailing white space
    /// is dropped; nothing else is changed, and nothing is ever cut off.
    pub fn parse(raw: &str) -> Result<Self, BodyError> {
        let source = raw.replace("\r\n", "\n").trim_end().to_owned();
        if source.trim().is_empty() {
            return Err(BodyError::Empty);
        }
        let chars = source.chars().count();
        if chars > MAX_BODY_CHARS {
            return Err(BodyError::TooLong(chars));
        }
        let document = schrieb_markup::parse(&source);
        let depth = document.quote_depth();
        if depth > MAX_QUOTE_NESTING {
            return Err(BodyError::QuotesTooDeep(depth));
        }
        let links = document.link_count();
        if links > MAX_LINKS {
            return Err(BodyError::TooManyLinks(links));
        }
        let mentions = document.mentions().len();
        if mentions > MAX_MENTIONS {
            return Err(BodyError::TooManyMentions(mentions));
        }
        Ok(Self { source, document })
    }

    /// The body as written (normalized line endings).
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The parsed document.
    pub fn document(&self) -> &Document {
        &self.document
    }
}

impl TryFrom<String> for CommentBody {
    type Error = BodyError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl From<CommentBody> for String {
    fn from(body: CommentBody) -> Self {
        body.source
    }
}

/// 20000 → "20,000": limits are read by people.
pub(crate) fn fmt_number(number: usize) -> String {
    group_thousands(number, ',')
}

/// `number` with its thousands apart: `20000` → `20.000` with `'.'` (German), `20,000` with `','`.
pub fn group_thousands(number: usize, separator: char) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(20_000, '.'), "20.000");
        assert_eq!(group_thousands(1_234_567, ','), "1,234,567");
        assert_eq!(group_thousands(999, '.'), "999");
    }

    #[test]
    fn keeps_a_normal_comment_as_written() {
        let body = CommentBody::parse("> Zitat\r\n\r\nAntwort @Martin https://example.org\n\n").unwrap();
        assert_eq!(body.as_str(), "> Zitat\n\nAntwort @Martin https://example.org");
        assert_eq!(body.document().mentions(), ["Martin"]);
    }

    #[test]
    fn refuses_empty_bodies() {
        assert_eq!(CommentBody::parse(""), Err(BodyError::Empty));
        assert_eq!(CommentBody::parse(" \n\t "), Err(BodyError::Empty));
    }

    #[test]
    fn length_is_counted_in_characters_and_named_in_the_error() {
        assert!(CommentBody::parse(&"ä".repeat(MAX_BODY_CHARS)).is_ok());
        let error = CommentBody::parse(&"ä".repeat(MAX_BODY_CHARS + 1)).unwrap_err();
        assert_eq!(error, BodyError::TooLong(20_001));
        assert_eq!(error.to_string(), "a comment may have at most 20,000 characters; this one has 20,001");
    }

    #[test]
    fn refuses_quotes_nested_too_deep() {
        let deep = |depth: usize| format!("{} tief", ">".repeat(depth));
        assert!(CommentBody::parse(&deep(MAX_QUOTE_NESTING)).is_ok());
        let error = CommentBody::parse(&deep(MAX_QUOTE_NESTING + 1)).unwrap_err();
        assert_eq!(error, BodyError::QuotesTooDeep(5));
        assert!(error.to_string().contains("at most 4 deep"));
    }

    #[test]
    fn refuses_link_and_mention_floods() {
        let links = |n: usize| (0..n).map(|i| format!("https://example.org/{i}")).collect::<Vec<_>>().join(" ");
        assert!(CommentBody::parse(&links(MAX_LINKS)).is_ok());
        assert_eq!(CommentBody::parse(&links(MAX_LINKS + 1)), Err(BodyError::TooManyLinks(21)));
        let mentions = |n: usize| (0..n).map(|i| format!("@leser{i}")).collect::<Vec<_>>().join(" ");
        assert!(CommentBody::parse(&mentions(MAX_MENTIONS)).is_ok());
        assert_eq!(CommentBody::parse(&mentions(MAX_MENTIONS + 1)), Err(BodyError::TooManyMentions(11)));
        // The same person twice is one mention.
        assert!(CommentBody::parse(&"@Martin ".repeat(30)).is_ok());
    }

    #[test]
    fn the_documented_rule_admits_every_body_parse_accepts() {
        use crate::text_rule::check::*;
        let accepted = |text: &str| CommentBody::parse(text).is_ok();
        // One character breaks no markup rule: there the rule is the whole check.
        agrees_exactly(&CommentBody::RULE, every_bmp_char().map(String::from), accepted);
        let long = ["x".repeat(MAX_BODY_CHARS), "x".repeat(MAX_BODY_CHARS + 1), " \r\n".repeat(3)];
        agrees_exactly(&CommentBody::RULE, long, accepted);
        let floods = [">>>>> tief".to_owned(), "@a @b @c @d @e @f @g @h @i @j @k".to_owned()];
        admits_all_accepted(&CommentBody::RULE, floods, accepted);
    }

    #[test]
    fn deserializing_checks_the_rules() {
        assert!(serde_json::from_str::<CommentBody>("\"hallo\"").is_ok());
        assert!(serde_json::from_str::<CommentBody>("\"  \"").is_err());
        assert_eq!(fmt_number(1_234_567), "1,234,567");
        assert_eq!(fmt_number(999), "999");
    }
}
