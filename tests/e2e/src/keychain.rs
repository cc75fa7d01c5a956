//! The app's Secret Service entry, read with the same keyring crate and store.

/// The service and account the app stores its management key under.
pub const SERVICE: &str = "Keyhold";
pub const ACCOUNT: &str = "management-key";

fn entry() -> keyring::Entry {
    if let Err(e) = keyring::Entry::store_status() {
        panic!(
            "the Secret Service is not usable from the test process ({e}); \
             run the tests under scripts/with-keyring.sh"
        );
    }
    keyring::Entry::new(SERVICE, ACCOUNT)
        .unwrap_or_else(|e| panic!("cannot open the keychain entry {SERVICE}/{ACCOUNT}: {e}"))
}

/// The stored management key, or `None` when there is no entry.
pub async fn stored_key() -> Option<String> {
    tokio::task::spawn_blocking(|| match entry().get_password() {
        Ok(key) => Some(key),
        Err(keyring::Error::NoEntry) => None,
        Err(e) => panic!("reading the keychain entry {SERVICE}/{ACCOUNT} failed: {e}"),
    })
    .await
    .expect("keychain thread")
}

/// Removes the entry (if any), so a scenario starts from a known state.
pub async fn delete_stored_key() {
    tokio::task::spawn_blocking(|| match entry().delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => {}
        Err(e) => panic!("deleting the keychain entry {SERVICE}/{ACCOUNT} failed: {e}"),
    })
    .await
    .expect("keychain thread")
}
