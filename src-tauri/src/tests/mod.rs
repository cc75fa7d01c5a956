//! Operation-level tests: what every command does, driven against the real
//! simulator over HTTP and the real OS keychain (a Secret Service started by
//! scripts/with-keyring.sh). Each test uses its own keychain entry.

use std::path::PathBuf;
use std::sync::Arc;

use crate::app_state::{AppState, Settings};
use crate::keychain::Keychain;
use crate::platform::Platform;
use crate::session::Session;

mod alerts;
mod auth;
mod bulk;
mod guardrails;
mod insights;
mod keys;
mod retirement;

/// An app over the real keychain entry `kc`, against `api_base`, with
/// `adjust` applied to its settings.
pub fn app(
    kc: Keychain,
    data_dir: Option<PathBuf>,
    api_base: Option<String>,
    adjust: impl FnOnce(&mut Settings),
) -> AppState {
    let mut settings = Settings {
        data_dir,
        api_base,
        ..Settings::default()
    };
    adjust(&mut settings);
    AppState::new(Arc::new(Platform::new(Arc::new(kc))), settings)
}

/// The current session, for tests that are signed in.
pub trait TestSession {
    fn s(&self) -> Arc<Session>;
}

impl TestSession for AppState {
    fn s(&self) -> Arc<Session> {
        self.session().expect("signed in")
    }
}
