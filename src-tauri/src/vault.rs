//! The reveal vault: new key strings wait here, in backend memory, under a
//! random reveal id until the person closes the reveal view. `SecretString`
//! zeroizes its buffer when dropped, so removing an entry wipes the string.

use std::collections::HashMap;
use std::sync::Mutex;

use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};

use crate::error::{AppError, ErrorCode};

#[derive(Default)]
pub struct RevealVault {
    entries: Mutex<HashMap<String, SecretString>>,
}

impl std::fmt::Debug for RevealVault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.entries.lock().map(|e| e.len()).unwrap_or(0);
        f.debug_struct("RevealVault").field("entries", &n).finish()
    }
}

fn gone() -> AppError {
    AppError::new(
        ErrorCode::RevealGone,
        "This key can no longer be shown: the reveal view was closed and the key string was wiped.",
    )
}

/// A random 128-bit id in hex.
pub fn random_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl RevealVault {
    /// Stores a secret and returns the id the UI uses to ask for it.
    pub fn put(&self, secret: SecretString) -> String {
        let id = random_id();
        self.lock().insert(id.clone(), secret);
        id
    }

    /// Runs `f` on the secret without taking it out of the vault.
    pub fn with_secret<T>(&self, id: &str, f: impl FnOnce(&str) -> T) -> Result<T, AppError> {
        let entries = self.lock();
        let secret = entries.get(id).ok_or_else(gone)?;
        Ok(f(secret.expose_secret()))
    }

    /// A copy of the secret for the one crossing to the reveal view.
    pub fn reveal(&self, id: &str) -> Result<String, AppError> {
        self.with_secret(id, str::to_string)
    }

    /// Removes and wipes the secret. Closing twice is fine.
    pub fn close(&self, id: &str) -> bool {
        self.lock().remove(id).is_some()
    }

    /// Wipes every secret (sign-out, app exit).
    pub fn clear(&self) {
        self.lock().clear();
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, SecretString>> {
        // A panic while holding the lock cannot leave the map half-updated.
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// One created key of a batch, waiting in the batch reveal.
pub struct BatchSecretEntry {
    /// The batch row it came from (the reveal lists rows in batch order).
    pub index: u32,
    pub name: String,
    pub hash: String,
    pub secret: SecretString,
}

/// The batch reveal: many key strings under one reveal id, filled while a
/// bulk create runs, wiped (zeroized) when the view closes, on sign-out and
/// at exit.
#[derive(Default)]
pub struct BatchVault {
    entries: Mutex<HashMap<String, Vec<BatchSecretEntry>>>,
}

impl std::fmt::Debug for BatchVault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.lock().len();
        f.debug_struct("BatchVault").field("reveals", &n).finish()
    }
}

impl BatchVault {
    /// An empty batch reveal.
    pub fn open(&self) -> String {
        let id = random_id();
        self.lock().insert(id.clone(), Vec::new());
        id
    }

    /// Adds a key string; `false` if the reveal was closed meanwhile (the
    /// secret is then dropped, i.e. wiped, at once).
    pub fn push(&self, id: &str, entry: BatchSecretEntry) -> bool {
        match self.lock().get_mut(id) {
            Some(list) => {
                list.push(entry);
                true
            }
            None => false,
        }
    }

    /// Runs `f` on the entries, in batch order, without taking them out.
    pub fn with_entries<T>(
        &self,
        id: &str,
        f: impl FnOnce(&[BatchSecretEntry]) -> T,
    ) -> Result<T, AppError> {
        let mut entries = self.lock();
        let list = entries.get_mut(id).ok_or_else(gone)?;
        list.sort_by_key(|e| e.index);
        Ok(f(list))
    }

    /// Removes and wipes every key string of the reveal. Closing twice is fine.
    pub fn close(&self, id: &str) -> bool {
        self.lock().remove(id).is_some()
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    /// Key strings held, over all batch reveals.
    pub fn secrets(&self) -> usize {
        self.lock().values().map(Vec::len).sum()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Vec<BatchSecretEntry>>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_reveal_holds_many_until_closed() {
        let vault = BatchVault::default();
        let id = vault.open();
        for i in [2u32, 0, 1] {
            assert!(vault.push(
                &id,
                BatchSecretEntry {
                    index: i,
                    name: format!("k{i}"),
                    hash: format!("h{i}"),
                    secret: secret(),
                }
            ));
        }
        let names = vault
            .with_entries(&id, |e| {
                e.iter().map(|e| e.name.clone()).collect::<Vec<_>>()
            })
            .unwrap();
        assert_eq!(names, vec!["k0", "k1", "k2"]);
        assert_eq!(vault.secrets(), 3);
        assert!(!format!("{vault:?}").contains("c3c3"));
        assert!(vault.close(&id));
        assert_eq!(
            vault.with_entries(&id, |_| ()).unwrap_err().code,
            ErrorCode::RevealGone
        );
        assert!(!vault.push(
            &id,
            BatchSecretEntry {
                index: 9,
                name: "late".into(),
                hash: "h9".into(),
                secret: secret(),
            }
        ));
        assert_eq!(vault.secrets(), 0);
    }

    fn secret() -> SecretString {
        SecretString::from(format!("sk-or-v1-{}", "c3".repeat(32)))
    }

    #[test]
    fn reveal_returns_the_secret_until_closed() {
        let vault = RevealVault::default();
        let id = vault.put(secret());
        assert_eq!(vault.reveal(&id).unwrap(), secret().expose_secret());
        assert!(vault.close(&id));
        let err = vault.reveal(&id).unwrap_err();
        assert_eq!(err.code, ErrorCode::RevealGone);
        assert!(!vault.close(&id));
        assert!(vault.is_empty());
    }

    #[test]
    fn ids_are_random_and_distinct() {
        let vault = RevealVault::default();
        let a = vault.put(secret());
        let b = vault.put(secret());
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert_eq!(vault.len(), 2);
        vault.clear();
        assert!(vault.is_empty());
    }

    #[test]
    fn debug_output_never_shows_secrets() {
        let vault = RevealVault::default();
        let id = vault.put(secret());
        let shown = format!("{vault:?}");
        assert!(!shown.contains("c3c3"), "{shown}");
        assert!(!shown.contains(&id));
    }
}
