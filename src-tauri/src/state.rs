//! The app's managed state and every operation the commands expose. Kept free
//! of Tauri types so the tests drive it directly against the simulator.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use chrono::Utc;
use openrouter_client::{Client, ClientConfig, ListOptions, NewKey};
use openrouter_sim::{Sim, SimConfig};
use secrecy::SecretString;
use tokio::sync::RwLock;

use crate::audit::{self, AuditLog};
use crate::batches::Batches;
use crate::clipboard::{self, ClipboardAccess};
use crate::convert::{key_view, workspace_view};
use crate::dialog::FileDialog;
use crate::dto::*;
use crate::editing::{self, SeenVersions};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::keychain::Keychain;
use crate::reminders::Reminders;
use crate::rotation;
use crate::validation;
use crate::vault::{BatchVault, RevealVault};

/// A signed-in account (or the demo), with its client.
pub struct Session {
    pub client: Client,
    pub info: SessionInfo,
    pub reminders: Reminders,
    /// The embedded simulator in demo mode; dropping it stops the server.
    _sim: Option<Sim>,
}

pub struct AppState {
    session: RwLock<Option<Arc<Session>>>,
    pub vault: RevealVault,
    pub keychain: Keychain,
    seen: SeenVersions,
    clipboard: OnceLock<Arc<dyn ClipboardAccess>>,
    pub clear_after: Duration,
    pub demo_requested: bool,
    /// Open the demo when no key is stored (the README's run command).
    pub demo_if_no_key: bool,
    /// Where reminders live; `None` keeps them in memory.
    data_dir: Option<PathBuf>,
    /// Overrides the API base (tests); otherwise `KEYHOLD_API_BASE` or OpenRouter.
    api_base: Option<String>,
    /// The batch reveals of bulk creates.
    pub batch_vault: BatchVault,
    batches: Batches,
    dialog: OnceLock<Arc<dyn FileDialog>>,
    /// The real account's audit log (`audit.jsonl`), and the one in use now
    /// (the demo's own while the demo runs).
    main_audit: Arc<AuditLog>,
    audit: std::sync::RwLock<Arc<AuditLog>>,
}

impl AppState {
    pub fn new(keychain: Keychain, data_dir: Option<PathBuf>, demo_requested: bool) -> Self {
        let main_audit = Arc::new(match &data_dir {
            Some(dir) => AuditLog::at(dir.join("audit.jsonl")),
            None => AuditLog::in_memory(),
        });
        Self {
            session: RwLock::new(None),
            vault: RevealVault::default(),
            keychain,
            seen: SeenVersions::default(),
            clipboard: OnceLock::new(),
            clear_after: clipboard::DEFAULT_CLEAR_AFTER,
            demo_requested,
            demo_if_no_key: false,
            data_dir,
            api_base: None,
            batch_vault: BatchVault::default(),
            batches: Batches::default(),
            dialog: OnceLock::new(),
            audit: std::sync::RwLock::new(main_audit.clone()),
            main_audit,
        }
    }

    pub fn with_api_base(mut self, base: impl Into<String>) -> Self {
        self.api_base = Some(base.into());
        self
    }

    pub fn with_demo_if_no_key(mut self, on: bool) -> Self {
        self.demo_if_no_key = on;
        self
    }

    pub fn with_clear_after(mut self, after: Duration) -> Self {
        self.clear_after = after;
        self
    }

    pub fn set_clipboard(&self, cb: Arc<dyn ClipboardAccess>) {
        let _ = self.clipboard.set(cb);
    }

    fn clipboard(&self) -> AppResult<Arc<dyn ClipboardAccess>> {
        self.clipboard
            .get()
            .cloned()
            .ok_or_else(|| AppError::new(ErrorCode::Clipboard, "The clipboard is not available."))
    }

    pub fn set_dialog(&self, dialog: Arc<dyn FileDialog>) {
        let _ = self.dialog.set(dialog);
    }

    fn dialog(&self) -> AppResult<Arc<dyn FileDialog>> {
        self.dialog
            .get()
            .cloned()
            .ok_or_else(|| AppError::new(ErrorCode::Internal, "File dialogs are not available."))
    }

    /// The audit log in use (the demo's own while the demo runs).
    pub fn audit(&self) -> Arc<AuditLog> {
        self.audit.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn record(&self, change: audit::Change<'_>, error: Option<&AppError>) {
        self.audit().record(&change.entry(error));
    }

    fn client_config(&self) -> ClientConfig {
        match &self.api_base {
            Some(base) => ClientConfig::default().with_base_url(base),
            None => ClientConfig::from_env(),
        }
    }

    pub async fn session(&self) -> AppResult<Arc<Session>> {
        self.session
            .read()
            .await
            .clone()
            .ok_or_else(AppError::not_signed_in)
    }

    pub async fn is_demo(&self) -> bool {
        matches!(self.session.read().await.as_ref(), Some(s) if s.info.mode == SessionMode::Demo)
    }

    // ---- signing in and out ------------------------------------------------

    /// At start: the keychain's state, and a session if a stored key works.
    pub async fn startup(&self) -> StartupInfo {
        let keychain = self.keychain.clone();
        let status = run_blocking(move || keychain.status()).await;
        let mut info = StartupInfo {
            keychain: KeychainStatus {
                available: status.is_ok(),
                problem: status.err().map(|e| e.message),
            },
            session: None,
            stored_key_error: None,
            demo_requested: self.demo_requested,
            version: env!("CARGO_PKG_VERSION").to_string(),
        };
        if self.demo_requested {
            return info;
        }
        if !info.keychain.available {
            info.demo_requested = self.demo_if_no_key;
            return info;
        }
        let keychain = self.keychain.clone();
        match run_blocking(move || keychain.load()).await {
            Ok(Some(key)) => match self.open(key, SessionMode::Keychain, None).await {
                Ok(session) => info.session = Some(session),
                Err(e) => info.stored_key_error = Some(e),
            },
            Ok(None) => info.demo_requested = self.demo_if_no_key,
            Err(e) => info.stored_key_error = Some(e),
        }
        info
    }

    /// Validates the key with `GET /key`; stores it in the keychain only when
    /// it is a working management key and the person asked to remember it.
    pub async fn sign_in(&self, key: SecretString, remember: bool) -> AppResult<SessionInfo> {
        use secrecy::ExposeSecret;
        if key.expose_secret().trim().is_empty() {
            return Err(AppError::invalid("key", "Paste your management key."));
        }
        let key = SecretString::from(key.expose_secret().trim().to_string());
        let mode = if remember {
            SessionMode::Keychain
        } else {
            SessionMode::SessionOnly
        };
        let info = self.open(key.clone(), mode, None).await?;
        if remember {
            let keychain = self.keychain.clone();
            if let Err(e) = run_blocking(move || keychain.save(&key)).await {
                // The key works; only remembering it failed. Keep nothing half-done.
                self.clear_session().await;
                return Err(e);
            }
        }
        Ok(info)
    }

    pub async fn sign_in_from_clipboard(&self, remember: bool) -> AppResult<SessionInfo> {
        let text = self.clipboard()?.read_text().unwrap_or_default();
        if text.trim().is_empty() {
            return Err(AppError::invalid(
                "key",
                "The clipboard is empty. Copy your management key first.",
            ));
        }
        self.sign_in(SecretString::from(text), remember).await
    }

    /// Starts the embedded simulator with its seeded demo account.
    pub async fn start_demo(&self) -> AppResult<SessionInfo> {
        let sim = Sim::start(SimConfig::demo(2026)).await.map_err(|_| {
            AppError::new(
                ErrorCode::Internal,
                "The demo could not start on this computer.",
            )
        })?;
        let key = SecretString::from(sim.management_key());
        self.open(key, SessionMode::Demo, Some(sim)).await
    }

    async fn open(
        &self,
        key: SecretString,
        mode: SessionMode,
        sim: Option<Sim>,
    ) -> AppResult<SessionInfo> {
        let config = match &sim {
            Some(sim) => ClientConfig::default().with_base_url(sim.base_url()),
            None => self.client_config(),
        };
        let client = Client::new(config, key)?;
        let current = client.current_key().await?;
        if !current.is_management_key {
            return Err(AppError::new(
                ErrorCode::NotManagementKey,
                "This is a regular API key; create a Management key in OpenRouter's settings (Management keys) and paste that instead.",
            )
            .on_field("key"));
        }
        // Workspaces are a newer API; an account without them still works.
        let workspaces: Vec<WorkspaceView> = client
            .list_workspaces()
            .await
            .map(|ws| ws.iter().map(workspace_view).collect())
            .unwrap_or_default();
        let info = SessionInfo {
            mode,
            key_label: current.label.clone(),
            default_workspace_id: workspaces.first().map(|w| w.id.clone()),
            workspaces,
        };
        let reminders = Reminders::load(match mode {
            SessionMode::Demo => None,
            _ => self.data_dir.as_ref().map(|d| d.join("reminders.json")),
        });
        let audit_log = match mode {
            SessionMode::Demo => {
                let log = Arc::new(match &self.data_dir {
                    Some(dir) => AuditLog::at(dir.join("audit-demo.jsonl")),
                    None => AuditLog::in_memory(),
                });
                log.clear();
                log
            }
            _ => self.main_audit.clone(),
        };
        *self.audit.write().unwrap_or_else(|p| p.into_inner()) = audit_log;
        let session = Session {
            client,
            info: info.clone(),
            reminders,
            _sim: sim,
        };
        self.vault.clear();
        self.batches.clear();
        self.batch_vault.clear();
        self.seen.clear();
        *self.session.write().await = Some(Arc::new(session));
        Ok(info)
    }

    async fn clear_session(&self) {
        self.session.write().await.take();
        self.vault.clear();
        self.batches.clear();
        self.batch_vault.clear();
        self.seen.clear();
    }

    /// Forgets the session, wipes pending reveals and removes the stored key.
    pub async fn sign_out(&self) -> AppResult<()> {
        let was_demo = self.is_demo().await;
        self.clear_session().await;
        if was_demo {
            return Ok(());
        }
        let keychain = self.keychain.clone();
        let available = {
            let k = keychain.clone();
            run_blocking(move || k.status()).await.is_ok()
        };
        if available {
            run_blocking(move || keychain.delete()).await?;
        }
        Ok(())
    }

    // ---- keys ----------------------------------------------------------------

    pub async fn list_keys(&self, input: ListKeysInput) -> AppResult<Vec<KeyView>> {
        let session = self.session().await?;
        let options = ListOptions {
            include_disabled: input.include_disabled,
            include_expired: input.include_expired,
            workspace_id: input.workspace_id,
            ..ListOptions::default()
        };
        let keys: Vec<KeyView> = session
            .client
            .list_keys(&options)
            .await?
            .iter()
            .map(key_view)
            .collect();
        self.seen.remember_all(&keys);
        Ok(keys)
    }

    pub async fn get_key(&self, hash: &str) -> AppResult<KeyView> {
        let session = self.session().await?;
        let key = key_view(&session.client.get_key(hash).await?);
        self.seen.remember(&key);
        Ok(key)
    }

    pub async fn create_key(&self, input: CreateKeyInput) -> AppResult<CreatedKeyView> {
        let new = new_key_from(&input)?;
        let session = self.session().await?;
        let created = match session.client.create_key(&new).await {
            Ok(created) => created,
            Err(e) => {
                let e = AppError::from(e);
                self.record(audit::planned_create("create", &new, None), Some(&e));
                return Err(e);
            }
        };
        let view = key_view(&created.key);
        self.seen.remember(&view);
        self.record(audit::created("create", &view, None), None);
        let reveal_id = self.vault.put(created.secret);
        Ok(CreatedKeyView {
            key: view,
            reveal_id,
        })
    }

    /// Saves the edit form: re-reads the key first and reports a conflict
    /// instead of overwriting someone else's change.
    pub async fn edit_key(&self, input: EditKeyInput) -> AppResult<EditOutcome> {
        let session = self.session().await?;
        let current = key_view(&session.client.get_key(&input.hash).await?);
        if let Some(changed_fields) = editing::detect_conflict(&self.seen, &input, &current) {
            self.seen.remember(&current);
            return Ok(EditOutcome::Conflict {
                current,
                changed_fields,
            });
        }
        let Some(patch) = editing::build_patch(&current, &input)? else {
            return Ok(EditOutcome::Unchanged { key: current });
        };
        let key = match session.client.update_key(&input.hash, &patch).await {
            Ok(key) => key_view(&key),
            Err(e) => {
                let e = AppError::from(e);
                let wanted = editing::desired(&current, &input);
                self.record(audit::updated("update", &current, &wanted), Some(&e));
                return Err(e);
            }
        };
        self.seen.remember(&key);
        self.record(audit::updated("update", &current, &key), None);
        Ok(EditOutcome::Saved { key })
    }

    pub async fn set_disabled(&self, hash: &str, disabled: bool) -> AppResult<KeyView> {
        let session = self.session().await?;
        let patch = openrouter_client::KeyPatch::default().disabled(disabled);
        let action = if disabled { "disable" } else { "enable" };
        let before = self.seen.latest(hash);
        match session.client.update_key(hash, &patch).await {
            Ok(key) => {
                let key = key_view(&key);
                self.seen.remember(&key);
                self.record(audit::toggled(action, hash, before.as_ref(), &key), None);
                Ok(key)
            }
            Err(e) => {
                let e = AppError::from(e);
                self.record(
                    audit::toggle_failed(action, hash, before.as_ref(), disabled),
                    Some(&e),
                );
                Err(e)
            }
        }
    }

    pub async fn delete_key(&self, hash: &str) -> AppResult<()> {
        let session = self.session().await?;
        let result = session
            .client
            .delete_key(hash)
            .await
            .map_err(AppError::from);
        let known = self.seen.latest(hash);
        self.record(
            audit::deleted("delete", hash, known.as_ref(), None),
            result.as_ref().err(),
        );
        result?;
        session.reminders.dismiss(hash).ok();
        Ok(())
    }

    // ---- rotation --------------------------------------------------------------

    /// Creates the replacement; the old key is untouched until `retire_key`.
    pub async fn rotate_key(&self, input: RotateInput) -> AppResult<CreatedKeyView> {
        let session = self.session().await?;
        let old = session.client.get_key(&input.hash).await?;
        let new = rotation::replacement(&old, &input.expiry, Utc::now())?;
        let replaces = audit::field("replaces", None, Some(old.hash.clone()));
        let created = match session.client.create_key(&new).await {
            Ok(created) => created,
            Err(e) => {
                let e = AppError::from(e);
                let mut change = audit::planned_create("rotate_create", &new, None);
                change.changes.push(replaces);
                self.record(change, Some(&e));
                return Err(e);
            }
        };
        let view = key_view(&created.key);
        let mut change = audit::created("rotate_create", &view, None);
        change.changes.push(replaces);
        self.record(change, None);
        let reveal_id = self.vault.put(created.secret);
        Ok(CreatedKeyView {
            key: view,
            reveal_id,
        })
    }

    pub async fn retire_key(&self, input: RetireInput) -> AppResult<Vec<RetireReminder>> {
        let session = self.session().await?;
        match input.action {
            RetireAction::DisableNow => {
                let patch = openrouter_client::KeyPatch::default().disabled(true);
                let before = self.seen.latest(&input.old_hash);
                match session.client.update_key(&input.old_hash, &patch).await {
                    Ok(key) => {
                        let key = key_view(&key);
                        self.seen.remember(&key);
                        self.record(
                            audit::toggled("retire_disable", &key.hash, before.as_ref(), &key),
                            None,
                        );
                    }
                    Err(e) => {
                        let e = AppError::from(e);
                        self.record(
                            audit::toggle_failed(
                                "retire_disable",
                                &input.old_hash,
                                before.as_ref(),
                                true,
                            ),
                            Some(&e),
                        );
                        return Err(e);
                    }
                }
                session.reminders.dismiss(&input.old_hash).ok();
            }
            RetireAction::DeleteNow => {
                let result = session
                    .client
                    .delete_key(&input.old_hash)
                    .await
                    .map_err(AppError::from);
                let known = self.seen.latest(&input.old_hash);
                self.record(
                    audit::deleted("retire_delete", &input.old_hash, known.as_ref(), None),
                    result.as_ref().err(),
                );
                result?;
                session.reminders.dismiss(&input.old_hash).ok();
            }
            RetireAction::Grace { hours } => {
                if hours == 0 || hours > 24 * 90 {
                    return Err(AppError::invalid(
                        "hours",
                        "Choose a grace period between 1 hour and 90 days.",
                    ));
                }
                let old = session.client.get_key(&input.old_hash).await?;
                session
                    .reminders
                    .add(
                        &old.hash,
                        &old.name,
                        &input.new_hash,
                        old.workspace_id.clone(),
                        chrono::Duration::hours(i64::from(hours)),
                        Utc::now(),
                    )
                    .map_err(|_| {
                        AppError::new(
                            ErrorCode::Internal,
                            "The reminder could not be saved. The old key is still active; retire it by hand later.",
                        )
                    })?;
                let due = Utc::now() + chrono::Duration::hours(i64::from(hours));
                self.record(
                    audit::Change {
                        action: "retire_grace",
                        workspace_id: old.workspace_id.clone(),
                        key_hash: Some(old.hash.clone()),
                        key_name: old.name.clone(),
                        changes: vec![audit::field(
                            "retire_reminder",
                            None,
                            Some(crate::convert::rfc3339(&Some(due)).unwrap_or_default()),
                        )],
                        batch_id: None,
                    },
                    None,
                );
            }
        }
        Ok(session.reminders.list(Utc::now()))
    }

    pub async fn reminders(&self) -> AppResult<Vec<RetireReminder>> {
        Ok(self.session().await?.reminders.list(Utc::now()))
    }

    pub async fn dismiss_reminder(&self, id: &str) -> AppResult<Vec<RetireReminder>> {
        let session = self.session().await?;
        session.reminders.dismiss(id).map_err(|_| {
            AppError::new(ErrorCode::Internal, "The reminder could not be removed.")
        })?;
        Ok(session.reminders.list(Utc::now()))
    }

    // ---- the reveal vault --------------------------------------------------------

    pub fn reveal_secret(&self, reveal_id: &str) -> AppResult<zeroize::Zeroizing<String>> {
        self.vault.reveal(reveal_id).map(zeroize::Zeroizing::new)
    }

    pub fn copy_secret(&self, reveal_id: &str) -> AppResult<CopyOutcome> {
        let cb = self.clipboard()?;
        self.vault.with_secret(reveal_id, |secret| {
            clipboard::copy_and_schedule_clear(cb, secret, self.clear_after)
        })??;
        Ok(CopyOutcome {
            clears_in_secs: u32::try_from(self.clear_after.as_secs()).unwrap_or(u32::MAX),
        })
    }

    pub fn close_reveal(&self, reveal_id: &str) {
        self.vault.close(reveal_id);
    }
}

fn new_key_from(input: &CreateKeyInput) -> AppResult<NewKey> {
    let mut new = NewKey::named(validation::key_name(&input.name)?);
    new.limit = validation::optional_usd("limit", input.limit.as_deref())?;
    new.limit_reset = crate::bulk_input::limit_reset(input.limit_reset);
    new.include_byok_in_limit = Some(input.include_byok_in_limit);
    new.expires_at = match input.expires_at.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Some(validation::expiry(text, Utc::now())?),
        _ => None,
    };
    new.workspace_id = input.workspace_id.clone().filter(|w| !w.is_empty());
    Ok(new)
}

/// Keychain calls block (D-Bus round trips): keep them off the async runtime.
async fn run_blocking<T: Send + 'static>(
    f: impl FnOnce() -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|_| {
        Err(AppError::new(
            ErrorCode::Internal,
            "A keychain call failed.",
        ))
    })
}

#[path = "state_bulk.rs"]
pub mod bulk;

#[cfg(test)]
#[path = "state_bulk_tests.rs"]
mod bulk_tests;

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
