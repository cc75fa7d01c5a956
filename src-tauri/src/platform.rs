//! What Keyhold uses of the computer it runs on: the keychain, the clipboard
//! and the file dialogs, each behind a trait so the operations are tested
//! without a window, plus the copies still pending on the clipboard. Lives as
//! long as the app; sessions come and go over it.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use crate::clipboard::{self, ClipboardAccess, PendingCopies};
use crate::desktop::Desktop;
use crate::dialog::FileDialog;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::keychain::KeyStore;
use crate::watch::AlertSink;

pub struct Platform {
    pub keychain: Arc<dyn KeyStore>,
    clipboard: OnceLock<Arc<dyn ClipboardAccess>>,
    dialog: OnceLock<Arc<dyn FileDialog>>,
    alerts: OnceLock<Arc<dyn AlertSink>>,
    desktop: OnceLock<Desktop>,
    pub copies: PendingCopies,
    /// How long a copied key stays on the clipboard.
    pub clear_after: Duration,
}

impl Platform {
    pub fn new(keychain: Arc<dyn KeyStore>) -> Self {
        Self {
            keychain,
            clipboard: OnceLock::new(),
            dialog: OnceLock::new(),
            alerts: OnceLock::new(),
            desktop: OnceLock::new(),
            copies: PendingCopies::default(),
            clear_after: clipboard::DEFAULT_CLEAR_AFTER,
        }
    }

    pub fn set_clipboard(&self, cb: Arc<dyn ClipboardAccess>) {
        let _ = self.clipboard.set(cb);
    }

    pub fn clipboard(&self) -> AppResult<Arc<dyn ClipboardAccess>> {
        self.clipboard
            .get()
            .cloned()
            .ok_or_else(|| AppError::new(ErrorCode::Clipboard, "The clipboard is not available."))
    }

    pub fn set_dialog(&self, dialog: Arc<dyn FileDialog>) {
        let _ = self.dialog.set(dialog);
    }

    pub fn dialog(&self) -> AppResult<Arc<dyn FileDialog>> {
        self.dialog.get().cloned().ok_or_else(|| {
            AppError::new(
                ErrorCode::Dialog,
                "File dialogs are not available on this computer.",
            )
        })
    }

    /// Where the watch tells its warnings (desktop notifications and the
    /// window); without one they are only kept for the alert centre.
    pub fn set_alert_sink(&self, sink: Arc<dyn AlertSink>) {
        let _ = self.alerts.set(sink);
    }

    pub fn alert_sink(&self) -> Option<Arc<dyn AlertSink>> {
        self.alerts.get().cloned()
    }

    /// The tray and starting at login, as far as this computer offers them.
    pub fn set_desktop(&self, desktop: Desktop) {
        let _ = self.desktop.set(desktop);
    }

    /// Without one set (tests), nothing beyond the window.
    pub fn desktop(&self) -> &Desktop {
        self.desktop.get_or_init(Desktop::bare)
    }

    /// Copies a secret; the clipboard is cleared after `clear_after`, on
    /// sign-out and at exit if it still holds it.
    pub fn copy_secret(&self, secret: &str) -> AppResult<u32> {
        self.copies
            .copy(self.clipboard()?, secret, self.clear_after)?;
        Ok(u32::try_from(self.clear_after.as_secs()).unwrap_or(u32::MAX))
    }

    /// Clears every copy still pending (sign-out, exit).
    pub fn clear_copies(&self) {
        if let Some(cb) = self.clipboard.get() {
            self.copies.clear_now(cb.as_ref());
        }
    }

    /// Runs a keychain call on a blocking thread: they are D-Bus or OS round
    /// trips and must stay off the async runtime.
    pub async fn keychain_call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&dyn KeyStore) -> AppResult<T> + Send + 'static,
    ) -> AppResult<T> {
        let store = self.keychain.clone();
        tokio::task::spawn_blocking(move || f(store.as_ref()))
            .await
            .unwrap_or_else(|_| {
                Err(AppError::new(
                    ErrorCode::Keychain,
                    "A keychain call failed.",
                ))
            })
    }
}
