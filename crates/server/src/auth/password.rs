//! Password hashing: argon2id with OWASP's recommended parameters (19 MiB, 2 passes, 1 lane),
//! about 25 ms a hash on this machine; `cargo xtask bench` prints the figure.
//!
//! The server hashes through [`hash_limited`] and [`verify_limited`], which run a few hashes at a
//! time in memory that goes back once the logins stop ([`slots`]). Hashes are computed with
//! argon2's `hash_password_into_with_memory` for that, and written and read as the usual PHC
//! strings, so stored hashes are the same either way.

mod slots;

use std::sync::LazyLock;

use argon2::password_hash::{self, Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};

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

impl From<password_hash::Error> for HashError {
    fn from(error: password_hash::Error) -> Self {
        Self(error.to_string())
    }
}

/// A new argon2id hash of `password` with a random salt, as a PHC string.
pub fn hash(password: &str) -> Result<String, HashError> {
    hash_in(password, &mut Vec::new())
}

/// Whether `password` matches `stored` (a PHC string). Without a stored hash (no such account,
/// or one that cannot log in) a dummy hash is checked instead, so the answer takes as long
/// either way and timing tells nobody whether an address is registered.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    verify_in(password, stored, &mut Vec::new())
}

/// [`hash`] on the blocking pool, in turn with every other hash of the process.
pub async fn hash_limited(password: String) -> Result<String, HashError> {
    slots::in_slot(move |memory| hash_in(&password, memory)).await?
}

/// [`verify`] on the blocking pool, in turn with every other hash of the process.
pub async fn verify_limited(password: String, stored: Option<String>) -> Result<bool, HashError> {
    slots::in_slot(move |memory| verify_in(&password, stored.as_deref(), memory)).await
}

/// [`hash`], computed in `memory` (grown to the size the parameters need).
fn hash_in(password: &str, memory: &mut Vec<Block>) -> Result<String, HashError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| HashError(e.to_string()))?;
    Ok(salted_hash(password, &salt, memory)?)
}

/// The PHC string of `password` hashed with `salt` in `memory`.
fn salted_hash(password: &str, salt: &[u8], memory: &mut Vec<Block>) -> Result<String, password_hash::Error> {
    let hasher = hasher();
    let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
        Ok(hasher.hash_password_into_with_memory(password.as_bytes(), salt, out, sized(memory, hasher.params()))?)
    })?;
    let salt = SaltString::encode_b64(salt)?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(hasher.params())?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(phc.to_string())
}

/// [`verify`], computed in `memory`.
fn verify_in(password: &str, stored: Option<&str>, memory: &mut Vec<Block>) -> bool {
    static DUMMY: LazyLock<String> = LazyLock::new(|| hash("no account has this password").unwrap_or_default());
    let (phc, real) = match stored {
        Some(stored) => (stored, true),
        None => (DUMMY.as_str(), false),
    };
    let Ok(parsed) = PasswordHash::new(phc) else { return false };
    matches(password, &parsed, memory).unwrap_or(false) && real
}

/// Whether `password` hashes to `stored` with the algorithm, version, parameters and salt it
/// names, as argon2's own `verify_password` decides it (the comparison is constant-time).
fn matches(password: &str, stored: &PasswordHash, memory: &mut Vec<Block>) -> Result<bool, password_hash::Error> {
    let expected = stored.hash.ok_or(password_hash::Error::Password)?;
    let salt = stored.salt.ok_or(password_hash::Error::Password)?;
    let mut salt_bytes = [0u8; password_hash::Salt::MAX_LENGTH];
    let salt_bytes = salt.decode_b64(&mut salt_bytes)?;
    let version = stored.version.map(Version::try_from).transpose()?.unwrap_or_default();
    let hasher = Argon2::new(Algorithm::try_from(stored.algorithm)?, version, Params::try_from(stored)?);
    let computed = Output::init_with(expected.len(), |out| {
        Ok(hasher.hash_password_into_with_memory(
            password.as_bytes(),
            salt_bytes,
            out,
            sized(memory, hasher.params()),
        )?)
    })?;
    Ok(computed == expected)
}

/// `memory`, grown to at least what `params` need. Argon2 writes every block before it reads
/// it, so memory from an earlier hash needs no clearing.
fn sized<'m>(memory: &'m mut Vec<Block>, params: &Params) -> &'m mut [Block] {
    if memory.len() < params.block_count() {
        memory.resize(params.block_count(), Block::default());
    }
    memory
}

#[cfg(test)]
mod tests {
    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

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

    /// `richtig-richtig` with the salt `salzsalzsalz`, from the reference implementation
    /// (Debian's `argon2` tool): `argon2 salzsalzsalz -id -k 19456 -t 2 -p 1 -e`.
    const REFERENCE: &str =
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsenNhbHpzYWx6$hTc6ObrnlZEvQCV9F8tpOqOcn/OizWnY7lMtp9J+NrM";

    #[test]
    fn hashes_are_the_reference_implementations_phc_strings() {
        assert_eq!(salted_hash("richtig-richtig", b"salzsalzsalz", &mut Vec::new()).unwrap(), REFERENCE);
        assert!(verify("richtig-richtig", Some(REFERENCE)));
        assert!(!verify("falsch-falsch", Some(REFERENCE)));
        // argon2's own PHC functions made the hashes stored before hashing moved into our own
        // memory: they agree with both.
        let salt = SaltString::encode_b64(b"salzsalzsalz").unwrap();
        assert_eq!(hasher().hash_password(b"richtig-richtig", &salt).unwrap().to_string(), REFERENCE);
        let ours = hash("richtig-richtig").unwrap();
        assert!(hasher().verify_password(b"richtig-richtig", &PasswordHash::new(&ours).unwrap()).is_ok());
    }

    #[test]
    fn reused_memory_hashes_as_fresh_memory_does() {
        let stored = hash("richtig-richtig").unwrap();
        let mut memory = Vec::new();
        assert!(!verify_in("falsch-falsch", Some(&stored), &mut memory));
        assert!(verify_in("richtig-richtig", Some(&stored), &mut memory));
        assert_eq!(memory.len(), 19 * 1024, "one block per KiB");
    }

    #[test]
    fn other_parameters_than_ours_still_verify() {
        // A hash stored before a change of cost: more memory than the pooled blocks hold.
        let params = Params::new(2 * MEMORY_KIB, 1, 1, None).unwrap();
        let salt = SaltString::encode_b64(b"salzsalzsalz").unwrap();
        let older = Argon2::new(Algorithm::Argon2id, Version::V0x13, params).hash_password(b"richtig-richtig", &salt);
        let older = older.unwrap().to_string();
        let mut memory = vec![Block::default(); 19 * 1024];
        assert!(verify_in("richtig-richtig", Some(&older), &mut memory));
        assert!(!verify_in("falsch-falsch", Some(&older), &mut memory));
    }
}
