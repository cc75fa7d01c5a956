//! The reveal vault: new key strings wait here, in backend memory, under a
//! random reveal id until the person closes the reveal view, signs out or
//! quits, or the entry's lifetime runs out (the UI states it). `SecretString`
//! zeroizes its buffer when dropped, so removing an entry wipes the string.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};

use crate::error::{AppError, ErrorCode};

/// How long a new key string waits in a reveal view before it is wiped.
pub const REVEAL_LIFETIME: Duration = Duration::from_secs(10 * 60);

struct Held<T> {
    value: T,
    expires: Instant,
}

pub struct RevealVault {
    entries: Mutex<HashMap<String, Held<SecretString>>>,
    lifetime: Duration,
}

impl Default for RevealVault {
    fn default() -> Self {
        Self::with_lifetime(REVEAL_LIFETIME)
    }
}

/// Removes `id` from `vault` once its lifetime is over, even if nobody asks
/// for it again: an unattended reveal must not keep a key in memory.
fn schedule_expiry<V: Expiring + 'static>(vault: Weak<V>, id: String, after: Duration) {
    if tokio::runtime::Handle::try_current().is_err() {
        // Outside a runtime (plain unit tests) expiry is still enforced on access.
        return;
    }
    tokio::spawn(async move {
        tokio::time::sleep(after).await;
        if let Some(vault) = vault.upgrade() {
            vault.expire(&id);
        }
    });
}

trait Expiring: Send + Sync {
    fn expire(&self, id: &str);
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

impl Expiring for RevealVault {
    fn expire(&self, id: &str) {
        let mut entries = self.lock();
        if entries.get(id).is_some_and(|h| h.expires <= Instant::now()) {
            entries.remove(id);
        }
    }
}

impl RevealVault {
    pub fn with_lifetime(lifetime: Duration) -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            lifetime,
        }
    }

    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }

    /// Stores a secret and returns the id the UI uses to ask for it.
    pub fn put(self: &Arc<Self>, secret: SecretString) -> String {
        let id = random_id();
        let expires = Instant::now() + self.lifetime;
        self.lock().insert(
            id.clone(),
            Held {
                value: secret,
                expires,
            },
        );
        schedule_expiry(Arc::downgrade(self), id.clone(), self.lifetime);
        id
    }

    /// Runs `f` on the secret without taking it out of the vault.
    pub fn with_secret<T>(&self, id: &str, f: impl FnOnce(&str) -> T) -> Result<T, AppError> {
        let mut entries = self.lock();
        if entries.get(id).is_some_and(|h| h.expires <= Instant::now()) {
            entries.remove(id);
        }
        let held = entries.get(id).ok_or_else(gone)?;
        Ok(f(held.value.expose_secret()))
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

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Held<SecretString>>> {
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
/// bulk create runs, wiped (zeroized) when the view closes, on sign-out, at
/// exit, and once the lifetime has passed since the last key arrived.
pub struct BatchVault {
    entries: Mutex<HashMap<String, Held<Vec<BatchSecretEntry>>>>,
    lifetime: Duration,
}

impl Default for BatchVault {
    fn default() -> Self {
        Self::with_lifetime(REVEAL_LIFETIME)
    }
}

impl Expiring for BatchVault {
    fn expire(&self, id: &str) {
        let mut entries = self.lock();
        if entries.get(id).is_some_and(|h| h.expires <= Instant::now()) {
            entries.remove(id);
        }
    }
}

impl std::fmt::Debug for BatchVault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.lock().len();
        f.debug_struct("BatchVault").field("reveals", &n).finish()
    }
}

impl BatchVault {
    pub fn with_lifetime(lifetime: Duration) -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            lifetime,
        }
    }

    /// An empty batch reveal.
    pub fn open(self: &Arc<Self>) -> String {
        let id = random_id();
        let expires = Instant::now() + self.lifetime;
        self.lock().insert(
            id.clone(),
            Held {
                value: Vec::new(),
                expires,
            },
        );
        schedule_expiry(Arc::downgrade(self), id.clone(), self.lifetime);
        id
    }

    /// Adds a key string and restarts the reveal's lifetime; `false` if the
    /// reveal was closed or expired meanwhile (the secret is then dropped,
    /// i.e. wiped, at once).
    pub fn push(self: &Arc<Self>, id: &str, entry: BatchSecretEntry) -> bool {
        let mut entries = self.lock();
        match entries.get_mut(id) {
            Some(held) if held.expires > Instant::now() => {
                held.value.push(entry);
                held.expires = Instant::now() + self.lifetime;
                drop(entries);
                schedule_expiry(Arc::downgrade(self), id.to_string(), self.lifetime);
                true
            }
            Some(_) => {
                entries.remove(id);
                false
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
        if entries.get(id).is_some_and(|h| h.expires <= Instant::now()) {
            entries.remove(id);
        }
        let list = &mut entries.get_mut(id).ok_or_else(gone)?.value;
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

    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }

    /// Key strings held, over all batch reveals.
    pub fn secrets(&self) -> usize {
        self.lock().values().map(|h| h.value.len()).sum()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Held<Vec<BatchSecretEntry>>>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_reveal_holds_many_until_closed() {
        let vault = Arc::new(BatchVault::default());
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
        let vault = Arc::new(RevealVault::default());
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
        let vault = Arc::new(RevealVault::default());
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
        let vault = Arc::new(RevealVault::default());
        let id = vault.put(secret());
        let shown = format!("{vault:?}");
        assert!(!shown.contains("c3c3"), "{shown}");
        assert!(!shown.contains(&id));
    }

    #[test]
    fn an_unread_reveal_is_gone_after_its_lifetime() {
        let vault = Arc::new(RevealVault::with_lifetime(Duration::from_millis(40)));
        let id = vault.put(secret());
        assert!(vault.reveal(&id).is_ok());
        std::thread::sleep(Duration::from_millis(80));
        assert_eq!(vault.reveal(&id).unwrap_err().code, ErrorCode::RevealGone);
        assert!(
            vault.is_empty(),
            "the expired string is removed, not just hidden"
        );
    }

    #[tokio::test]
    async fn an_unattended_reveal_is_wiped_without_being_asked_for() {
        let vault = Arc::new(RevealVault::with_lifetime(Duration::from_millis(40)));
        vault.put(secret());
        let batches = Arc::new(BatchVault::with_lifetime(Duration::from_millis(40)));
        let batch = batches.open();
        batches.push(
            &batch,
            BatchSecretEntry {
                index: 0,
                name: "k".into(),
                hash: "h".into(),
                secret: secret(),
            },
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(vault.len(), 0);
        assert_eq!(batches.secrets(), 0);
    }

    #[test]
    fn a_batch_reveal_lives_on_while_keys_arrive() {
        let vault = Arc::new(BatchVault::with_lifetime(Duration::from_millis(150)));
        let id = vault.open();
        for i in 0..3 {
            std::thread::sleep(Duration::from_millis(60));
            let entry = BatchSecretEntry {
                index: i,
                name: format!("k{i}"),
                hash: format!("h{i}"),
                secret: secret(),
            };
            assert!(vault.push(&id, entry), "push {i} within the lifetime");
        }
        assert_eq!(vault.secrets(), 3);
        std::thread::sleep(Duration::from_millis(200));
        assert!(vault.with_entries(&id, |_| ()).is_err());
        assert_eq!(vault.secrets(), 0);
    }
}
