//! A faithful in-memory simulator of OpenRouter's key-management HTTP API
//! (`/api/v1/keys`, `/keys/{hash}`, `/key`, `/credits`, `/workspaces`) with
//! deterministic fault injection, for tests and offline development.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use openrouter_sim::{Sim, SimConfig};
//! let sim = Sim::start(SimConfig { keys: 3, ..SimConfig::default() }).await?;
//! // point a client at sim.base_url() with `Authorization: Bearer {sim.management_key()}`
//! # Ok(()) }
//! ```
//!
//! Behaviour follows OpenRouter's published OpenAPI description (vendored in
//! `contract/openrouter/`); where neither it nor the docs settle a question,
//! this crate makes the choices listed below (from README.md).
#![doc = include_str!("../README.md")]

pub use faults::{
    FaultRule, Faults, RandomLatency, RateLimitFault, ServerErrorFault, SlowBodyFault,
};

mod account_api;
mod api_error;
mod control;
mod demo_data;
mod faults;
mod keygen;
mod keys_api;
mod model;
mod pipeline;
mod server;
mod shared;
mod state;
mod validation;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::shared::Shared;

use serde::{Deserialize, Serialize};

/// How a simulator starts. Build it with struct-update syntax from `Default`.
#[derive(Clone, Debug)]
pub struct SimConfig {
    /// 0 = pick a free port. Only 127.0.0.1 is ever bound.
    pub port: u16,
    /// Seeds every generated value (key strings, ids, demo data, fault draws).
    pub seed: u64,
    /// Number of plainly named keys (`key-0001`…) in the default workspace.
    pub keys: usize,
    /// Adds ~60 realistic demo keys over two workspaces (on top of `keys`).
    pub demo: bool,
    /// Fixed latency added to every `/api/v1` request.
    pub latency: Duration,
    /// The accepted management key; `None` = derived from `seed`.
    pub management_key: Option<String>,
    pub faults: Faults,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            port: 0,
            seed: 1,
            keys: 0,
            demo: false,
            latency: Duration::ZERO,
            management_key: None,
            faults: Faults::default(),
        }
    }
}

impl SimConfig {
    /// Demo data (no plain keys), seeded.
    pub fn demo(seed: u64) -> Self {
        SimConfig {
            seed,
            demo: true,
            ..SimConfig::default()
        }
    }
}

/// A mutation applied by [`Sim::on_list_page`], in the workspace that was listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ListMutation {
    /// Inserts this many new (newest) keys.
    Insert(usize),
    /// Deletes this many of the newest keys (disabled/expired included).
    DeleteNewest(usize),
    /// Deletes this many of the oldest keys (disabled/expired included).
    DeleteOldest(usize),
}

/// One `/api/v1` request as received. The Authorization header is never stored:
/// `authorization` is `"redacted"` when the header was sent, `"missing"` when not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedRequest {
    pub method: String,
    /// Path without the query string, e.g. `/api/v1/keys`.
    pub path: String,
    pub query: Option<String>,
    /// Body as (lossy) UTF-8; empty when none.
    pub body: String,
    pub authorization: String,
}

/// A running simulator on `127.0.0.1`. Dropping it shuts the server down
/// (open connections are closed too); [`Sim::shutdown`] also waits for that.
pub struct Sim {
    shared: Arc<Shared>,
    addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl Sim {
    /// Binds `127.0.0.1:config.port` and starts serving on the current tokio runtime.
    pub async fn start(config: SimConfig) -> std::io::Result<Sim> {
        let (listener, addr) = server::bind(config.port).await?;
        let shared = Arc::new(Shared::new(config, format!("http://{addr}")));
        let (shutdown, shutdown_rx) = watch::channel(false);
        let task = server::spawn(listener, shared.clone(), shutdown_rx);
        Ok(Sim {
            shared,
            addr,
            shutdown,
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT/api/v1`
    pub fn base_url(&self) -> String {
        format!("{}/api/v1", self.shared.root_url)
    }

    /// `http://127.0.0.1:PORT` (the control API lives under `/_sim`).
    pub fn root_url(&self) -> String {
        self.shared.root_url.clone()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The management key the simulator accepts.
    pub fn management_key(&self) -> String {
        self.shared.store().management_key.clone()
    }

    /// The account's own inference key. It authenticates like any inference key
    /// (403 on management endpoints, its usage on `GET /key`) but is not one of
    /// the listed keys, so it does not disturb key counts or pagination.
    pub fn inference_key(&self) -> String {
        self.shared.store().account_key.secret.clone()
    }

    pub fn default_workspace_id(&self) -> String {
        self.shared.store().default_workspace_id().to_string()
    }

    /// All workspace ids, the default workspace first.
    pub fn workspace_ids(&self) -> Vec<String> {
        self.shared
            .store()
            .workspaces
            .iter()
            .map(|w| w.id.clone())
            .collect()
    }

    /// Replaces the faults; their counters and RNG restart from the seed.
    pub fn set_faults(&self, faults: Faults) {
        self.shared.set_faults(faults);
    }

    /// Replaces the fixed latency added to every `/api/v1` request.
    pub fn set_latency(&self, fixed: Duration) {
        self.shared.set_latency(fixed);
    }

    /// Every `/api/v1` request received so far, oldest first.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.shared.requests()
    }

    pub fn clear_requests(&self) {
        self.shared.clear_requests();
    }

    /// All keys in all workspaces, disabled and expired included.
    pub fn key_count(&self) -> usize {
        self.shared.store().key_count()
    }

    /// Names of all keys in all workspaces, newest first.
    pub fn key_names(&self) -> Vec<String> {
        self.shared.store().key_names()
    }

    /// The key as `GET /keys/{hash}` would render its `data`.
    pub fn key_snapshot(&self, hash: &str) -> Option<serde_json::Value> {
        self.shared.store().get(hash).map(|k| k.to_json())
    }

    /// Inserts `n` plain keys (`key-NNNN`), newer than every existing key, into
    /// `workspace_id` (default workspace when `None`). Returns their hashes
    /// newest first, i.e. in the order `GET /keys` lists them.
    ///
    /// # Panics
    /// If `workspace_id` names no workspace of the simulator.
    pub fn insert_keys(&self, n: usize, workspace_id: Option<&str>) -> Vec<String> {
        let mut store = self.shared.store();
        if let Some(ws) = workspace_id {
            assert!(
                store.workspace_exists(ws),
                "openrouter-sim: unknown workspace id {ws}"
            );
        }
        store.insert_generated(n, workspace_id, Utc::now())
    }

    /// Deletes a key as `DELETE /keys/{hash}` would; `false` if there was none.
    pub fn delete_key(&self, hash: &str) -> bool {
        self.shared.store().delete(hash)
    }

    /// Adds spend to every usage window of a key (BYOK windows when `byok`), and
    /// sets its `last_used_at`. Works for the [`Sim::inference_key`] too (pass
    /// its hash, the SHA-256 hex of the key string). `false` if no such key.
    pub fn add_spend(&self, hash: &str, usd: f64, byok: bool) -> bool {
        usd.is_finite() && self.shared.store().add_spend(hash, usd, byok, Utc::now())
    }

    /// Right after the `page_index`-th (0-based, counted from this call)
    /// `GET /keys` 200 response has been rendered, applies `mutation` to the
    /// workspace that request listed. Several hooks may be pending at once.
    pub fn on_list_page(&self, page_index: usize, mutation: ListMutation) {
        self.shared.store().add_list_hook(page_index, mutation);
    }

    /// Back to the seeded initial state (data, faults, latency, log, hooks).
    /// Timestamps are regenerated relative to the current time.
    pub fn reset(&self) {
        self.shared.reset();
    }

    /// Stops accepting, closes open connections and waits for the server task.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}
