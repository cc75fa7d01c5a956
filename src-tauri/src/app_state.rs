//! The app's managed state: the platform (keychain, clipboard, dialogs), the
//! settings this run started with, and the current session if someone is
//! signed in. Signing in, out and into the demo live here; every other
//! operation is the session's (see `ops`).

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use openrouter_client::ClientConfig;
use openrouter_sim::{Sim, SimConfig};
use secrecy::{ExposeSecret, SecretString};

use crate::clock::Clock;
use crate::dto::{KeychainStatus, SessionInfo, SessionMode, StartupInfo};
use crate::error::{AppError, AppResult, ErrorCode, Field};
use crate::platform::Platform;
use crate::session::{Opening, Session};
use crate::watch::{settings, Warnings};

/// How this run was started.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Where logs and reminders live; `None` keeps them in memory.
    pub data_dir: Option<PathBuf>,
    /// An API root other than OpenRouter's (tests, developer builds). While
    /// it is set, every screen says so and a stored key is never sent to it
    /// without the person asking.
    pub api_base: Option<String>,
    /// `--demo`: open the demo at start.
    pub demo_requested: bool,
    /// `--demo-if-no-key` (the README's run command): the demo when no key is stored.
    pub demo_if_no_key: bool,
    /// The time retirements are planned and carried out by.
    pub clock: Clock,
    /// How long one hour of a grace period lasts: an hour, except in tests
    /// and with the developer switch that shortens it.
    pub grace_hour: Option<std::time::Duration>,
    /// Run the warnings watch in the background (the app; tests refresh
    /// by hand).
    pub watch_in_background: bool,
    /// Look this often instead of the setting (a developer switch).
    pub watch_every: Option<Duration>,
}

pub struct AppState {
    pub platform: Arc<Platform>,
    pub settings: Settings,
    /// The warning settings (thresholds, interval), for every account.
    pub warnings: Arc<Warnings>,
    session: RwLock<Option<Arc<Session>>>,
}

/// The clipboard holds something that cannot be a management key.
fn not_a_key_on_clipboard() -> AppError {
    AppError::invalid(
        Field::Key,
        "The clipboard does not hold an OpenRouter key (they start with sk-or-). Copy your management key first; nothing was sent.",
    )
}

/// The shape of an OpenRouter key: `sk-or-` then visible ASCII, nothing else.
pub fn looks_like_openrouter_key(text: &str) -> bool {
    text.starts_with("sk-or-")
        && text.len() <= 512
        && text.len() > "sk-or-".len()
        && text.bytes().all(|b| b.is_ascii_graphic())
}

impl AppState {
    pub fn new(platform: Arc<Platform>, settings: Settings) -> Self {
        let warnings = Arc::new(Warnings::load(
            settings.data_dir.as_ref().map(|d| d.join(settings::FILE)),
        ));
        Self {
            platform,
            settings,
            warnings,
            session: RwLock::new(None),
        }
    }

    /// The current session, or "not signed in".
    pub fn session(&self) -> AppResult<Arc<Session>> {
        self.slot().clone().ok_or_else(AppError::not_signed_in)
    }

    fn slot(&self) -> std::sync::RwLockWriteGuard<'_, Option<Arc<Session>>> {
        self.session.write().unwrap_or_else(|p| p.into_inner())
    }

    /// Makes `session` the current one (the previous one ends) and starts
    /// carrying out its retirement plans: those already due at once.
    fn install(&self, session: Session) -> SessionInfo {
        let info = session.info.clone();
        let session = Arc::new(session);
        if self.settings.watch_in_background {
            session
                .watch
                .start(Arc::downgrade(&session), self.settings.watch_every);
        }
        if let Some(old) = self.slot().replace(session.clone()) {
            old.end();
        }
        crate::ops::retirement::watch(&session);
        info
    }

    /// What a session is opened with besides its key and API.
    fn opening(&self, key: SecretString, mode: SessionMode, config: ClientConfig) -> Opening {
        Opening {
            key,
            mode,
            config,
            api_base: self.settings.api_base.clone(),
            sim: None,
            data_dir: self.settings.data_dir.clone(),
            clock: self.settings.clock.clone(),
            grace_hour: self.settings.grace_hour,
            warnings: self.warnings.clone(),
        }
    }

    fn client_config(&self) -> ClientConfig {
        match &self.settings.api_base {
            Some(base) => ClientConfig::default().with_base_url(base),
            None => ClientConfig::default(),
        }
    }

    async fn open(&self, key: SecretString, mode: SessionMode) -> AppResult<SessionInfo> {
        let opening = self.opening(key, mode, self.client_config());
        let session = Session::open(opening, self.platform.clone()).await?;
        Ok(self.install(session))
    }

    /// At start: the keychain's state, and a session if a stored key works.
    /// Against an API other than OpenRouter's the stored key waits for the
    /// person's go-ahead (`sign_in_stored`).
    pub async fn startup(&self) -> StartupInfo {
        let status = self.platform.keychain_call(|k| k.status()).await;
        let mut info = StartupInfo {
            keychain: KeychainStatus {
                available: status.is_ok(),
                problem: status.err().map(|e| e.message),
            },
            session: None,
            stored_key_error: None,
            stored_key_waiting: false,
            api_base: self.settings.api_base.clone(),
            demo_requested: self.settings.demo_requested,
            version: env!("CARGO_PKG_VERSION").to_string(),
        };
        if self.settings.demo_requested {
            return info;
        }
        if !info.keychain.available {
            info.demo_requested = self.settings.demo_if_no_key;
            return info;
        }
        match self.platform.keychain_call(|k| k.load()).await {
            Ok(Some(_)) if self.settings.api_base.is_some() => info.stored_key_waiting = true,
            Ok(Some(key)) => match self.open(key, SessionMode::Keychain).await {
                Ok(session) => info.session = Some(session),
                Err(e) => info.stored_key_error = Some(e),
            },
            Ok(None) => info.demo_requested = self.settings.demo_if_no_key,
            Err(e) => info.stored_key_error = Some(e),
        }
        info
    }

    /// Signs in with the stored key when the person asked for it.
    pub async fn sign_in_stored(&self) -> AppResult<SessionInfo> {
        match self.platform.keychain_call(|k| k.load()).await? {
            Some(key) => self.open(key, SessionMode::Keychain).await,
            None => Err(AppError::invalid(
                Field::Key,
                "No key is stored on this computer. Paste your management key.",
            )),
        }
    }

    /// Validates the key with `GET /key`; stores it in the keychain only when
    /// it is a working management key and the person asked to remember it.
    pub async fn sign_in(&self, key: SecretString, remember: bool) -> AppResult<SessionInfo> {
        let trimmed = key.expose_secret().trim();
        if trimmed.is_empty() {
            return Err(AppError::invalid(Field::Key, "Paste your management key."));
        }
        let key = SecretString::from(trimmed.to_string());
        let mode = if remember {
            SessionMode::Keychain
        } else {
            SessionMode::SessionOnly
        };
        let info = self.open(key.clone(), mode).await?;
        if remember {
            if let Err(e) = self.platform.keychain_call(move |k| k.save(&key)).await {
                // The key works; only remembering it failed. Keep nothing half-done.
                self.end_session();
                return Err(e);
            }
        }
        Ok(info)
    }

    /// Reads the key from the clipboard in Rust (it never reaches the web
    /// view), refuses anything that is not key-shaped before sending it
    /// anywhere, and clears the clipboard once read.
    pub async fn sign_in_from_clipboard(&self, remember: bool) -> AppResult<SessionInfo> {
        let clipboard = self.platform.clipboard()?;
        let text = zeroize::Zeroizing::new(clipboard.read_text().unwrap_or_default());
        if text.trim().is_empty() {
            return Err(AppError::invalid(
                Field::Key,
                "The clipboard is empty. Copy your management key first.",
            ));
        }
        if !looks_like_openrouter_key(text.trim()) {
            return Err(not_a_key_on_clipboard());
        }
        // Read once, then gone: a management key must not linger there.
        clipboard.clear().ok();
        self.sign_in(SecretString::from(text.trim().to_string()), remember)
            .await
    }

    /// Starts the embedded simulator with its seeded demo account.
    pub async fn start_demo(&self) -> AppResult<SessionInfo> {
        let sim = Sim::start(SimConfig::demo(2026)).await.map_err(|_| {
            AppError::new(
                ErrorCode::Demo,
                "The demo could not start on this computer.",
            )
        })?;
        let key = SecretString::from(sim.management_key());
        let config = ClientConfig::default().with_base_url(sim.base_url());
        let opening = Opening {
            api_base: None,
            sim: Some(sim),
            ..self.opening(key, SessionMode::Demo, config)
        };
        let session = Session::open(opening, self.platform.clone()).await?;
        Ok(self.install(session))
    }

    fn end_session(&self) -> Option<Arc<Session>> {
        let old = self.slot().take();
        if let Some(session) = &old {
            session.end();
        }
        self.platform.clear_copies();
        old
    }

    /// Ends the session (wiping pending reveals and copies) and removes the
    /// stored key.
    pub async fn sign_out(&self) -> AppResult<()> {
        let was_demo = self.end_session().is_some_and(|s| s.is_demo());
        if was_demo {
            return Ok(());
        }
        if self.platform.keychain_call(|k| k.status()).await.is_ok() {
            self.platform.keychain_call(|k| k.delete()).await?;
        }
        Ok(())
    }

    /// At exit: nothing secret may outlive the app (reveals, clipboard).
    pub fn shutdown(&self) {
        self.end_session();
    }
}
