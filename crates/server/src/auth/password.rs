//! Password hashing: argon2id with OWASP's recommended parameters (19 MiB, 2 passes, 1 lane),
//! about 25 ms a hash on this machine; `cargo xtask bench` prints the figure.

use std::sync::LazyLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// Memory per hash, in KiB.
const MEMORY_KIB: u32 = 19 * 1024;
/// Passes over the memory.
const PASSES: u32 = 2;

fn hasher() -> Argon2<'static> {
    // The parameters are constants that argon2 accepts; `Params::DEFAULT` would be a silent
    // change of cost, so a bad constant is a bug that must not pass unnoticed.
    #[allow(clippy::expect_used)]
    let params = Params::new(MEMORY_KIB, PASSES, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Why hashing failed (it does not, for the inputs the API lets through).
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// A new argon2id hash of `password` with a random salt, as a PHC string.
pub fn hash(password: &str) -> Result<String, HashError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| HashError(e.to_string()))?;
    let salt = SaltString::encode_b64(&bytes).map_err(|e| HashError(e.to_string()))?;
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Whether `password` matches `stored` (a PHC string). Without a stored hash (no such account,
/// or one that cannot log in) a dummy hash is checked instead, so the answer takes as long
/// either way and timing tells nobody whether an address is registered.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    static DUMMY: LazyLock<String> = LazyLock::new(|| hash("no account has this password").unwrap_or_default());
    let (phc, real) = match stored {
        Some(stored) => (stored, true),
        None => (DUMMY.as_str(), false),
    };
    let Ok(parsed) = PasswordHash::new(phc) else { return false };
    hasher().verify_password(password.as_bytes(), &parsed).is_ok() && real
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let stored = hash("richtig-richtig").unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{stored}");
        assert!(verify("richtig-richtig", Some(&stored)));
        assert!(!verify("falsch-falsch", Some(&stored)));
        assert_ne!(hash("richtig-richtig").unwrap(), stored, "salted");
    }

    #[test]
    fn no_stored_hash_never_verifies() {
        assert!(!verify("no account has this password", None));
        assert!(!verify("anything at all", Some("not a phc string")));
    }
}
