//! The bearer token `/metrics` may ask for.

use sha2::{Digest, Sha256};

/// The token scrapers send as `Authorization: Bearer <token>`. Its `Debug` hides it: settings
/// are printed, secrets never.
#[derive(Clone)]
pub struct MetricsToken(String);

impl std::fmt::Debug for MetricsToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MetricsToken(…)")
    }
}

impl MetricsToken {
    /// `token`, unless it is empty (an empty variable is no token: `/metrics` stays open).
    pub fn new(token: &str) -> Option<Self> {
        let token = token.trim();
        (!token.is_empty()).then(|| Self(token.to_owned()))
    }

    /// Whether `authorization` (the header's value) names this token. Digests are compared,
    /// so how long the comparison takes says nothing of how much of the token was right.
    pub fn admits(&self, authorization: Option<&str>) -> bool {
        let Some(given) = authorization.and_then(|value| value.strip_prefix("Bearer ")) else {
            return false;
        };
        Sha256::digest(given.trim().as_bytes()) == Sha256::digest(self.0.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_token_as_bearer_is_admitted() {
        let token = MetricsToken::new("geheim-123").unwrap();
        assert!(token.admits(Some("Bearer geheim-123")));
        for refused in [None, Some("Bearer geheim-12"), Some("geheim-123"), Some("Basic geheim-123"), Some("Bearer ")] {
            assert!(!token.admits(refused), "{refused:?}");
        }
        assert!(MetricsToken::new("  ").is_none());
        assert_eq!(format!("{token:?}"), "MetricsToken(…)");
    }
}
