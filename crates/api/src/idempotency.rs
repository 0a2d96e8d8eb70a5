//! Idempotency keys: a client's name for one write, so that sending it again (a retry after a
//! lost answer, a reply queued offline and sent twice) stores it once.
//!
//! The key travels in the `Idempotency-Key` request header of the IETF httpapi draft
//! (draft-ietf-httpapi-idempotency-key-header); `crypto.randomUUID()` makes a good one.

use serde::{Deserialize, Serialize};

use crate::TextRule;

/// The request header that carries an [`IdempotencyKey`], as HTTP/2 spells it (lower case).
pub const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";

/// The shortest key we accept: shorter ones are too easy to reuse by accident.
pub const MIN_IDEMPOTENCY_KEY_LEN: usize = 8;

/// The longest key we accept: a UUID has 36 characters, with room to spare.
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 64;

/// A client's name for one write: 8 to 64 characters of ASCII letters, digits, `-` and `_`.
/// A UUID passes. The server keeps it per author, so a random key needs no coordination
/// between clients.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdempotencyKey(String);

/// Why an idempotency key was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdempotencyKeyError {
    /// Shorter than [`MIN_IDEMPOTENCY_KEY_LEN`] or longer than [`MAX_IDEMPOTENCY_KEY_LEN`].
    #[error("an Idempotency-Key has {MIN_IDEMPOTENCY_KEY_LEN} to {MAX_IDEMPOTENCY_KEY_LEN} characters")]
    Length,
    /// A character other than an ASCII letter, a digit, `-` or `_`.
    #[error("an Idempotency-Key has only ASCII letters, digits, - and _")]
    Characters,
}

impl IdempotencyKey {
    /// The key rules as the OpenAPI document states them: exactly what [`IdempotencyKey::parse`]
    /// checks.
    pub const RULE: TextRule = TextRule {
        pattern: Some("^[A-Za-z0-9_-]*$"),
        min_chars: MIN_IDEMPOTENCY_KEY_LEN,
        max_chars: Some(MAX_IDEMPOTENCY_KEY_LEN),
    };

    /// Checks `raw` against the key rules. Nothing is trimmed or changed: the key is compared
    /// as sent.
    pub fn parse(raw: &str) -> Result<Self, IdempotencyKeyError> {
        if !(MIN_IDEMPOTENCY_KEY_LEN..=MAX_IDEMPOTENCY_KEY_LEN).contains(&raw.len()) {
            return Err(IdempotencyKeyError::Length);
        }
        if !raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            return Err(IdempotencyKeyError::Characters);
        }
        Ok(Self(raw.to_owned()))
    }

    /// A key made of 128 random bits, in hex: always within the rules, for clients that have no
    /// UUID generator at hand.
    pub fn from_random(bits: u128) -> Self {
        Self(format!("{bits:032x}"))
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for IdempotencyKey {
    type Error = IdempotencyKeyError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl From<IdempotencyKey> for String {
    fn from(key: IdempotencyKey) -> Self {
        key.0
    }
}

impl std::fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_uuids_and_other_plain_tokens() {
        let uuid = "3b241101-e2bb-4255-8caf-4136c566a962";
        assert_eq!(IdempotencyKey::parse(uuid).unwrap().as_str(), uuid);
        assert_eq!(IdempotencyKey::parse(uuid).unwrap().to_string(), uuid);
        for good in ["abcdefgh", "Reply_2026-11-28", &"x".repeat(MAX_IDEMPOTENCY_KEY_LEN)] {
            assert!(IdempotencyKey::parse(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn refuses_keys_too_short_or_too_long() {
        for bad in ["", "x", "abcdefg", &"x".repeat(MAX_IDEMPOTENCY_KEY_LEN + 1)] {
            assert_eq!(IdempotencyKey::parse(bad), Err(IdempotencyKeyError::Length), "{bad}");
        }
    }

    #[test]
    fn refuses_other_characters() {
        for bad in ["spaces not allowed", "\"quoted-key\"", "slash/inside", "ümlaute-hier", " leading-space"] {
            assert_eq!(IdempotencyKey::parse(bad), Err(IdempotencyKeyError::Characters), "{bad}");
        }
        assert_eq!(
            IdempotencyKeyError::Characters.to_string(),
            "an Idempotency-Key has only ASCII letters, digits, - and _"
        );
    }

    #[test]
    fn the_documented_rule_is_the_rule() {
        use crate::text_rule::check::*;
        let accepted = |text: &str| IdempotencyKey::parse(text).is_ok();
        agrees_exactly(&IdempotencyKey::RULE, every_bmp_char().map(|c| format!("abc{c}defg")), accepted);
        let lengths = [7, 8, 64, 65].map(|length| "k".repeat(length));
        agrees_exactly(&IdempotencyKey::RULE, lengths, accepted);
        agrees_exactly(&IdempotencyKey::RULE, ["ä".repeat(10), "_-_-_-_-".into()], accepted);
    }

    #[test]
    fn random_keys_keep_the_rules() {
        for bits in [0, 1, u128::MAX] {
            let key = IdempotencyKey::from_random(bits);
            assert_eq!(IdempotencyKey::parse(key.as_str()), Ok(key.clone()));
            assert_eq!(key.as_str().len(), 32);
        }
    }

    #[test]
    fn serializes_as_a_string_and_checks_the_rules_when_read() {
        let key: IdempotencyKey = serde_json::from_str(r#""queued-reply-0001""#).unwrap();
        assert_eq!(key.as_str(), "queued-reply-0001");
        assert_eq!(serde_json::to_string(&key).unwrap(), r#""queued-reply-0001""#);
        assert!(serde_json::from_str::<IdempotencyKey>(r#""kurz""#).is_err());
        assert!(serde_json::from_str::<IdempotencyKey>(r#""mit leerzeichen""#).is_err());
    }
}
