//! The single reveal view of a new key string: held in the session's vault
//! for a limited time, shown on request, copied from Rust, wiped on close.

use secrecy::SecretString;
use zeroize::Zeroizing;

use crate::dto::{CopyOutcome, CreatedKeyView, KeyView};
use crate::error::AppResult;
use crate::session::Session;

impl Session {
    /// Puts a new key string into the vault and describes its reveal.
    pub fn reveal_view(&self, key: KeyView, secret: SecretString) -> CreatedKeyView {
        let reveal_id = self.vault.put(secret);
        CreatedKeyView {
            key,
            reveal_id,
            reveal_lifetime_secs: u32::try_from(self.vault.lifetime().as_secs())
                .unwrap_or(u32::MAX),
        }
    }

    /// The one crossing of a key string to the reveal view.
    pub fn reveal_secret(&self, reveal_id: &str) -> AppResult<Zeroizing<String>> {
        self.vault.reveal(reveal_id).map(Zeroizing::new)
    }

    pub fn copy_secret(&self, reveal_id: &str) -> AppResult<CopyOutcome> {
        let clears_in_secs = self
            .vault
            .with_secret(reveal_id, |secret| self.platform.copy_secret(secret))??;
        Ok(CopyOutcome { clears_in_secs })
    }

    pub fn close_reveal(&self, reveal_id: &str) {
        self.vault.close(reveal_id);
    }
}
