//! Copying secrets to the system clipboard from Rust (the web view never gets
//! clipboard access), and clearing it again after a while if it still holds
//! what we put there. Only a SHA-256 digest of the secret is kept for that
//! comparison, so the timer holds no copy of the key.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::error::{AppError, ErrorCode};

/// The clipboard operations Keyhold needs. The app uses the system clipboard
/// through tauri-plugin-clipboard-manager; unit tests use an in-memory one.
pub trait ClipboardAccess: Send + Sync + 'static {
    fn read_text(&self) -> Option<String>;
    /// Writes a secret, hinting clipboard managers not to keep it in history.
    fn write_secret(&self, text: &str) -> Result<(), String>;
    fn clear(&self) -> Result<(), String>;
}

pub const DEFAULT_CLEAR_AFTER: Duration = Duration::from_secs(45);

fn digest(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// The copies Keyhold made that may still be on the clipboard. Each is
/// cleared after its delay, and all of them at once on sign-out and on exit,
/// so a copied key never outlives the app.
#[derive(Default, Clone)]
pub struct PendingCopies {
    digests: Arc<Mutex<Vec<[u8; 32]>>>,
}

impl PendingCopies {
    /// Writes `secret` and schedules the clear. Returns once written.
    pub fn copy(
        &self,
        clipboard: Arc<dyn ClipboardAccess>,
        secret: &str,
        clear_after: Duration,
    ) -> Result<(), AppError> {
        clipboard.write_secret(secret).map_err(|_| {
            AppError::new(
                ErrorCode::Clipboard,
                "Could not write to the clipboard. Use Show and copy the key by hand.",
            )
        })?;
        let expected = digest(secret);
        self.lock().push(expected);
        let pending = self.clone();
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(clear_after).await;
            clear_if_unchanged(clipboard.as_ref(), &expected);
            pending.lock().retain(|d| d != &expected);
        });
        Ok(())
    }

    /// Clears the clipboard now if it holds any copy still pending; `true`
    /// when something was cleared.
    pub fn clear_now(&self, clipboard: &dyn ClipboardAccess) -> bool {
        let pending = std::mem::take(&mut *self.lock());
        match clipboard.read_text() {
            Some(current) if pending.contains(&digest(&current)) => clipboard.clear().is_ok(),
            _ => false,
        }
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<[u8; 32]>> {
        self.digests.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Clears the clipboard only if it still holds the secret we wrote, so
/// whatever the person copied since is left alone.
pub fn clear_if_unchanged(clipboard: &dyn ClipboardAccess, expected: &[u8; 32]) -> bool {
    match clipboard.read_text() {
        Some(current) if digest(&current) == *expected => clipboard.clear().is_ok(),
        _ => false,
    }
}

/// The system clipboard, via the plugin.
pub struct SystemClipboard<R: tauri::Runtime> {
    app: tauri::AppHandle<R>,
}

impl<R: tauri::Runtime> SystemClipboard<R> {
    pub fn new(app: tauri::AppHandle<R>) -> Self {
        Self { app }
    }
}

impl<R: tauri::Runtime> ClipboardAccess for SystemClipboard<R> {
    fn read_text(&self) -> Option<String> {
        use tauri_plugin_clipboard_manager::ClipboardExt;
        self.app.clipboard().read_text().ok()
    }

    fn write_secret(&self, text: &str) -> Result<(), String> {
        use tauri_plugin_clipboard_manager::ClipboardExt;
        // The plugin's error may echo nothing secret, but keep it generic anyway.
        self.app
            .clipboard()
            .write_secret(text)
            .map_err(|_| "clipboard write failed".to_string())
    }

    fn clear(&self) -> Result<(), String> {
        use tauri_plugin_clipboard_manager::ClipboardExt;
        self.app
            .clipboard()
            .clear()
            .map_err(|_| "clipboard clear failed".to_string())
    }
}

#[cfg(test)]
pub mod memory {
    //! An in-memory clipboard for unit tests of the clear-after logic.
    use std::sync::Mutex;

    #[derive(Default)]
    pub struct MemoryClipboard {
        pub content: Mutex<Option<String>>,
    }

    impl super::ClipboardAccess for MemoryClipboard {
        fn read_text(&self) -> Option<String> {
            self.content.lock().unwrap().clone()
        }
        fn write_secret(&self, text: &str) -> Result<(), String> {
            *self.content.lock().unwrap() = Some(text.to_string());
            Ok(())
        }
        fn clear(&self) -> Result<(), String> {
            *self.content.lock().unwrap() = None;
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::memory::MemoryClipboard;
    use super::*;

    #[tokio::test]
    async fn clears_after_the_delay_when_unchanged() {
        let cb = Arc::new(MemoryClipboard::default());
        let pending = PendingCopies::default();
        pending
            .copy(cb.clone(), "secret-one", Duration::from_millis(50))
            .unwrap();
        assert_eq!(cb.read_text().as_deref(), Some("secret-one"));
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(cb.read_text(), None, "clipboard must be cleared");
    }

    #[tokio::test]
    async fn leaves_newer_clipboard_content_alone() {
        let cb = Arc::new(MemoryClipboard::default());
        PendingCopies::default()
            .copy(cb.clone(), "secret-two", Duration::from_millis(50))
            .unwrap();
        cb.write_secret("something the person copied").unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(
            cb.read_text().as_deref(),
            Some("something the person copied")
        );
    }

    #[tokio::test]
    async fn pending_copies_are_cleared_at_once_on_demand() {
        let cb = Arc::new(MemoryClipboard::default());
        let pending = PendingCopies::default();
        pending
            .copy(cb.clone(), "secret-three", Duration::from_secs(45))
            .unwrap();
        assert_eq!(pending.len(), 1);
        assert!(pending.clear_now(cb.as_ref()));
        assert_eq!(cb.read_text(), None);
        assert!(pending.is_empty());
    }

    #[tokio::test]
    async fn clearing_on_demand_leaves_other_content_alone() {
        let cb = Arc::new(MemoryClipboard::default());
        let pending = PendingCopies::default();
        pending
            .copy(cb.clone(), "secret-four", Duration::from_secs(45))
            .unwrap();
        cb.write_secret("a note the person copied").unwrap();
        assert!(!pending.clear_now(cb.as_ref()));
        assert_eq!(cb.read_text().as_deref(), Some("a note the person copied"));
    }
}
