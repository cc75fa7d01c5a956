//! Everything that exists because someone signed in: the client, the audit
//! log, the key versions seen, the reveal vaults, the batches and the
//! retirement plans of rotated-out keys. Signing out drops the session; work still in flight
//! holds its own session and so can only ever write into that session's log.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use openrouter_client::{Client, ClientConfig, ListOptions};
use openrouter_sim::Sim;
use secrecy::SecretString;

use crate::audit::{self, AuditLog};
use crate::batches::Batches;
use crate::clock::Clock;
use crate::convert::workspace_view;
use crate::dto::{SessionInfo, SessionMode, WorkspaceView};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::first_list::FirstList;
use crate::ops::retirement::Retiring;
use crate::platform::Platform;
use crate::reminders::Reminders;
use crate::vault::{BatchVault, RevealVault};
use crate::watch::{Warnings, Watch};
use keyhold_ops::conflict::SeenVersions;

pub struct Session {
    pub client: Client,
    pub info: SessionInfo,
    pub reminders: Reminders,
    pub audit: Arc<AuditLog>,
    pub seen: SeenVersions,
    pub vault: Arc<RevealVault>,
    pub batch_vault: Arc<BatchVault>,
    pub batches: Batches,
    pub platform: Arc<Platform>,
    pub retiring: Retiring,
    /// The warnings watch; its task runs while the session lives.
    pub watch: Watch,
    /// The default workspace's key list, started at sign-in.
    pub first_list: FirstList,
    /// The embedded simulator in demo mode; dropping it stops the server.
    _sim: Option<Sim>,
}

/// What a session is opened with.
pub struct Opening {
    pub key: SecretString,
    pub mode: SessionMode,
    pub config: ClientConfig,
    /// Shown on every screen when the API is not OpenRouter's.
    pub api_base: Option<String>,
    pub sim: Option<Sim>,
    /// The app's data directory; `None` keeps the logs in memory.
    pub data_dir: Option<PathBuf>,
    pub clock: Clock,
    /// One hour of a grace period (`None`: an hour).
    pub grace_hour: Option<std::time::Duration>,
    /// The warning settings, shared by every session.
    pub warnings: Arc<Warnings>,
}

impl Session {
    /// Checks the key with `GET /key` (it must be a management key) and
    /// builds the session around a working client.
    pub async fn open(opening: Opening, platform: Arc<Platform>) -> AppResult<Session> {
        let Opening {
            key,
            mode,
            config,
            api_base,
            sim,
            data_dir,
            clock,
            grace_hour,
            warnings,
        } = opening;
        let client = Client::new(config, key)?;
        // Asked together: signing in waits for one round trip, not two.
        let (current, workspaces) = tokio::join!(client.current_key(), client.list_workspaces());
        let current = current?;
        if !current.is_management_key {
            return Err(AppError::new(
                ErrorCode::NotManagementKey,
                "This is a regular API key; create a Management key in OpenRouter's settings (Management keys) and paste that instead.",
            )
            .on_field(crate::error::Field::Key));
        }
        // Workspaces are a newer API; an account without them still works.
        let workspaces: Vec<WorkspaceView> = workspaces
            .map(|ws| ws.iter().map(workspace_view).collect())
            .unwrap_or_default();
        let info = SessionInfo {
            mode,
            key_label: current.label.clone(),
            default_workspace_id: workspaces.first().map(|w| w.id.clone()),
            workspaces,
            api_base,
        };
        // What the window shows first: the default workspace's active keys.
        let first_list = FirstList::start(
            &client,
            ListOptions {
                workspace_id: info.default_workspace_id.clone(),
                ..ListOptions::default()
            },
        );
        let (reminders, audit) = records_for(mode, data_dir.as_deref());
        let watch = Watch::new(warnings, watch_file(&info, data_dir.as_deref()));
        Ok(Session {
            client,
            info,
            reminders,
            audit,
            seen: SeenVersions::default(),
            vault: Arc::new(RevealVault::default()),
            batch_vault: Arc::new(BatchVault::default()),
            batches: Batches::default(),
            platform,
            retiring: Retiring::new(clock, grace_hour),
            watch,
            first_list,
            _sim: sim,
        })
    }

    pub fn is_demo(&self) -> bool {
        self.info.mode == SessionMode::Demo
    }

    pub fn record(&self, entry: audit::Entry, error: Option<&AppError>) {
        if let (Some(hash), true) = (&entry.key_hash, entry.action.creates_or_deletes()) {
            self.watch.changed_here(hash);
        }
        self.audit.record(&audit::screen_entry(entry, error));
    }

    /// Wipes every key string this session holds and stops its batches.
    /// Runs on sign-out and at exit, even while work in flight still holds
    /// the session.
    pub fn end(&self) {
        self.vault.clear();
        self.batch_vault.clear();
        self.batches.cancel_all();
        self.retiring.stop();
        self.watch.stop();
        self.first_list.stop();
    }
}

/// The watch's memory for this account: named by a digest of the
/// management key's label and the default workspace (nothing secret); the
/// demo keeps it in memory.
fn watch_file(info: &SessionInfo, data_dir: Option<&Path>) -> Option<PathBuf> {
    use sha2::{Digest, Sha256};
    if info.mode == SessionMode::Demo {
        return None;
    }
    let mut digest = Sha256::new();
    digest.update(info.key_label.as_bytes());
    digest.update([0]);
    digest.update(
        info.default_workspace_id
            .as_deref()
            .unwrap_or("")
            .as_bytes(),
    );
    let hex: String = digest.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    data_dir.map(|d| d.join(format!("alerts-{hex}.json")))
}

/// The reminders and the audit log of a session: the account's own files,
/// or for the demo no reminders file and its own log, emptied at each start.
fn records_for(mode: SessionMode, data_dir: Option<&Path>) -> (Reminders, Arc<AuditLog>) {
    let demo = mode == SessionMode::Demo;
    let file = |name: &str| data_dir.map(|d| d.join(name));
    let reminders = Reminders::load(if demo { None } else { file("reminders.json") });
    let audit = Arc::new(
        match file(if demo {
            "audit-demo.jsonl"
        } else {
            "audit.jsonl"
        }) {
            Some(path) => AuditLog::at(path),
            None => AuditLog::in_memory(),
        },
    );
    if demo {
        audit.clear();
    }
    (reminders, audit)
}

impl Drop for Session {
    fn drop(&mut self) {
        self.end();
    }
}
