//! Article slugs: the readable part of `/a/{slug}`.

use serde::{Deserialize, Serialize};

use crate::TextRule;

/// The longest slug we accept.
pub const MAX_SLUG_LEN: usize = 120;

/// An article slug: 1 to 120 characters of `a-z`, `0-9` and `-`, not starting or ending with `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

/// Why a slug was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    /// Empty or longer than [`MAX_SLUG_LEN`].
    #[error("a slug has 1 to {MAX_SLUG_LEN} characters")]
    Length,
    /// A character outside `a-z0-9-`, or a dash at either end.
    #[error("a slug has only a-z, 0-9 and inner dashes")]
    Characters,
}

impl Slug {
    /// The slug rules as the OpenAPI document states them: exactly what [`Slug::parse`] checks.
    pub const RULE: TextRule =
        TextRule { pattern: Some("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$"), min_chars: 1, max_chars: Some(MAX_SLUG_LEN) };

    /// Checks `raw` against the slug rules.
    pub fn parse(raw: &str) -> Result<Self, SlugError> {
        if raw.is_empty() || raw.len() > MAX_SLUG_LEN {
            return Err(SlugError::Length);
        }
        let allowed = raw.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !allowed || raw.starts_with('-') || raw.ends_with('-') {
            return Err(SlugError::Characters);
        }
        Ok(Self(raw.to_owned()))
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = SlugError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl From<Slug> for String {
    fn from(slug: Slug) -> Self {
        slug.0
    }
}

impl std::fmt::Display for Slug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_readable_slugs() {
        assert_eq!(Slug::parse("ki-im-rathaus-2026").unwrap().as_str(), "ki-im-rathaus-2026");
    }

    #[test]
    fn refuses_everything_else() {
        assert_eq!(Slug::parse(""), Err(SlugError::Length));
        assert_eq!(Slug::parse(&"a".repeat(121)), Err(SlugError::Length));
        for bad in ["Gross", "mit leerzeichen", "-vorne", "hinten-", "ümlaut", "a/b", "a%20b"] {
            assert_eq!(Slug::parse(bad), Err(SlugError::Characters), "{bad}");
        }
    }

    #[test]
    fn the_documented_rule_is_the_rule() {
        use crate::text_rule::check::*;
        let accepted = |text: &str| Slug::parse(text).is_ok();
        agrees_exactly(&Slug::RULE, texts_over(&['a', 'z', '0', '9', '-', 'A', '_', ' ', 'ä', '/'], 3), accepted);
        agrees_exactly(&Slug::RULE, every_bmp_char().map(|c| format!("a{c}b")), accepted);
        let long = ["a".repeat(MAX_SLUG_LEN), "a".repeat(MAX_SLUG_LEN + 1), format!("{}-", "a".repeat(MAX_SLUG_LEN))];
        agrees_exactly(&Slug::RULE, long, accepted);
    }
}
