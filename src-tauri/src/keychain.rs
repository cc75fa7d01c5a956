//! The management key in the OS keychain (Keychain Services, Windows Credential
//! Manager, Secret Service). Never a file. All calls block, so async callers
//! run them on a blocking thread.
//!
//! keyring's own errors can carry the stored bytes (`BadEncoding`), so they are
//! turned into fixed wording here and never formatted.

use secrecy::{ExposeSecret, SecretString};

use crate::error::{AppError, ErrorCode};

pub const SERVICE: &str = "Keyhold";

/// Where the management key is remembered between runs. The app uses the OS
/// keychain; the trait keeps the operations testable and the store swappable.
pub trait KeyStore: Send + Sync + 'static {
    /// Whether the store can be used, with the reason and fix when not.
    fn status(&self) -> Result<(), AppError>;
    /// The stored key, or `None` when nothing is stored.
    fn load(&self) -> Result<Option<SecretString>, AppError>;
    fn save(&self, key: &SecretString) -> Result<(), AppError>;
    /// Removes the stored key; succeeds when there was none.
    fn delete(&self) -> Result<(), AppError>;
}

impl KeyStore for Keychain {
    fn status(&self) -> Result<(), AppError> {
        Keychain::status(self)
    }
    fn load(&self) -> Result<Option<SecretString>, AppError> {
        Keychain::load(self)
    }
    fn save(&self, key: &SecretString) -> Result<(), AppError> {
        Keychain::save(self, key)
    }
    fn delete(&self) -> Result<(), AppError> {
        Keychain::delete(self)
    }
}
const DEFAULT_ACCOUNT: &str = "management-key";

/// One keychain entry. The account name is configurable so tests can use
/// their own entry and never touch a person's stored key.
#[derive(Debug, Clone)]
pub struct Keychain {
    account: String,
}

impl Default for Keychain {
    fn default() -> Self {
        Self::new(DEFAULT_ACCOUNT)
    }
}

impl Keychain {
    pub fn new(account: &str) -> Self {
        Self {
            account: account.to_string(),
        }
    }

    /// Whether a real credential store can be used, with the reason and fix when not.
    pub fn status(&self) -> Result<(), AppError> {
        match keyring::Entry::store_status() {
            Ok(()) => Ok(()),
            Err(_) => Err(unavailable()),
        }
    }

    fn entry(&self) -> Result<keyring::Entry, AppError> {
        self.status()?;
        keyring::Entry::new(SERVICE, &self.account).map_err(|e| map_error(&e))
    }

    /// The stored key, or `None` when nothing is stored.
    pub fn load(&self) -> Result<Option<SecretString>, AppError> {
        match self.entry()?.get_password() {
            Ok(key) => Ok(Some(SecretString::from(key))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_error(&e)),
        }
    }

    pub fn save(&self, key: &SecretString) -> Result<(), AppError> {
        self.entry()?
            .set_password(key.expose_secret())
            .map_err(|e| map_error(&e))
    }

    /// Removes the stored key; succeeds when there was none.
    pub fn delete(&self) -> Result<(), AppError> {
        match self.entry()?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_error(&e)),
        }
    }
}

fn unavailable() -> AppError {
    let fix = if cfg!(target_os = "linux") {
        " On Linux, Keyhold needs a Secret Service such as GNOME Keyring or KWallet running in your desktop session."
    } else {
        ""
    };
    AppError::new(
        ErrorCode::KeychainUnavailable,
        format!(
            "This computer's keychain is not available, so Keyhold cannot remember your key.{fix} You can still sign in for this session only; the key is then kept in memory and forgotten when Keyhold closes."
        ),
    )
}

fn map_error(e: &keyring::Error) -> AppError {
    match e {
        keyring::Error::NoDefaultStore | keyring::Error::PlatformFailure(_) => unavailable(),
        keyring::Error::NoStorageAccess(_) => AppError::new(
            ErrorCode::KeychainUnavailable,
            "The keychain is locked or refused access. Unlock it (or allow Keyhold) and try again, or sign in for this session only.",
        ),
        _ => AppError::new(
            ErrorCode::Keychain,
            "The keychain entry for Keyhold could not be read or written. Sign in again to replace it.",
        ),
    }
}

#[cfg(test)]
mod tests {
    //! These run against the real OS keychain: in CI a gnome-keyring started
    //! by scripts/with-keyring.sh. Each test uses its own account name.
    use super::*;

    fn unique(name: &str) -> Keychain {
        Keychain::new(&format!("test-{name}-{}", std::process::id()))
    }

    #[test]
    fn save_load_delete_round_trip() {
        let kc = unique("roundtrip");
        kc.status()
            .expect("a Secret Service must be running for these tests");
        let secret = SecretString::from(format!("sk-or-v1-{}", "5a".repeat(32)));
        kc.save(&secret).unwrap();
        let loaded = kc.load().unwrap().expect("stored key");
        assert_eq!(loaded.expose_secret(), secret.expose_secret());
        kc.delete().unwrap();
        assert!(
            kc.load().unwrap().is_none(),
            "entry must be gone after delete"
        );
        // Deleting twice is not an error: sign-out must always succeed.
        kc.delete().unwrap();
    }

    #[test]
    fn entries_are_separate_per_account() {
        let a = unique("a");
        let b = unique("b");
        a.save(&SecretString::from("first".to_string())).unwrap();
        assert!(b.load().unwrap().is_none());
        a.delete().unwrap();
    }

    #[test]
    fn errors_never_carry_the_stored_bytes() {
        let secret = "sk-or-v1-secretbytes";
        let e = map_error(&keyring::Error::BadEncoding(secret.as_bytes().to_vec()));
        assert_eq!(e.code, ErrorCode::Keychain);
        assert!(!format!("{e:?} {e}").contains("secretbytes"));
    }
}
