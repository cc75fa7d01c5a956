//! Generated identifiers: key strings, their hashes and labels, uuids, user ids.
//! Everything comes from the caller's seeded RNG so a seed reproduces them.

use rand::rngs::StdRng;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};

/// Prefix of every OpenRouter key string (v1 keys).
pub(crate) const KEY_PREFIX: &str = "sk-or-v1-";

/// `sk-or-v1-` followed by 64 lowercase hex characters.
pub(crate) fn key_string(rng: &mut StdRng) -> String {
    let mut bytes = [0u8; 32];
    rng.fill_bytes(&mut bytes);
    format!("{KEY_PREFIX}{}", hex::encode(bytes))
}

/// A key's `hash`: SHA-256 (lowercase hex) of the full key string.
pub(crate) fn key_hash(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// The masked form OpenRouter shows as `label`: prefix, first 3 and last 3 hex chars.
pub(crate) fn key_label(key: &str) -> String {
    let secret = key.strip_prefix(KEY_PREFIX).unwrap_or(key);
    let head: String = secret.chars().take(3).collect();
    let tail: String = {
        let chars: Vec<char> = secret.chars().collect();
        chars[chars.len().saturating_sub(3)..].iter().collect()
    };
    format!("{KEY_PREFIX}{head}...{tail}")
}

/// A random (version 4 layout) uuid in canonical lowercase form.
pub(crate) fn uuid(rng: &mut StdRng) -> String {
    let mut b = [0u8; 16];
    rng.fill_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// A user id shaped like the spec examples (`user_` + 27 alphanumerics).
pub(crate) fn user_id(rng: &mut StdRng) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let id: String = (0..27)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    format!("user_{id}")
}

/// Whether `s` is a canonical lowercase/uppercase hyphenated uuid.
pub(crate) fn is_uuid(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn key_shape_hash_and_label() {
        let mut rng = StdRng::seed_from_u64(1);
        let key = key_string(&mut rng);
        let secret = key.strip_prefix(KEY_PREFIX).unwrap();
        assert_eq!(secret.len(), 64);
        assert!(secret.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')));
        let hash = key_hash(&key);
        assert_eq!(hash.len(), 64);
        assert_eq!(hash, hex::encode(Sha256::digest(key.as_bytes())));
        let label = key_label(&key);
        assert_eq!(
            label,
            format!("{KEY_PREFIX}{}...{}", &secret[..3], &secret[61..])
        );
    }

    #[test]
    fn uuid_is_canonical() {
        let mut rng = StdRng::seed_from_u64(9);
        let u = uuid(&mut rng);
        assert!(is_uuid(&u), "{u}");
        assert_eq!(&u[14..15], "4");
        assert!(!is_uuid("not-a-uuid"));
    }
}
