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
mod activity;
mod api_error;
mod control;
mod demo_data;
mod endpoints;
mod faults;
mod guardrails;
mod guardrails_api;
mod history;
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

use chrono::{DateTime, Utc};
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
    /// Where the simulator's clock starts (it then runs at real speed);
    /// `None` = the real time. Usage windows, `/activity`'s 30 days, expiry
    /// and new timestamps all follow this clock.
    pub now: Option<DateTime<Utc>>,
    /// A personal account instead of an organization: `GET /organization/members`
    /// answers 404 and `/activity` refuses `user_id`.
    pub personal_account: bool,
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
            now: None,
            personal_account: false,
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
        let today = self.shared.now().date_naive();
        self.shared.store().get(hash).map(|k| k.to_json(today))
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
        store.insert_generated(n, workspace_id, self.shared.now())
    }

    /// Deletes a key as `DELETE /keys/{hash}` would; `false` if there was none.
    pub fn delete_key(&self, hash: &str) -> bool {
        self.shared.store().delete(hash)
    }

    /// Adds spend to a key on the simulator's current UTC day (so to every
    /// usage window, BYOK ones when `byok`; `/activity` shows it once the day
    /// is over), and sets its `last_used_at`. Works for the
    /// [`Sim::inference_key`] too (pass its hash, the SHA-256 hex of the key
    /// string). `false` if no such key.
    pub fn add_spend(&self, hash: &str, usd: f64, byok: bool) -> bool {
        let now = self.shared.now();
        usd.is_finite() && self.shared.store().add_spend(hash, usd, byok, now)
    }

    /// The simulator's current time (see [`SimConfig::now`]).
    pub fn now(&self) -> DateTime<Utc> {
        self.shared.now()
    }

    /// Moves the simulator's clock to `now` (it keeps running from there).
    /// Spend stays on the days it was made, so the usage windows and
    /// `/activity` follow the calendar of the new date.
    pub fn set_now(&self, now: DateTime<Utc>) {
        self.shared.set_now(now);
    }

    /// Makes the account a personal one (`true`) or an organization again.
    pub fn set_personal_account(&self, personal: bool) {
        self.shared.store().personal = personal;
    }

    /// Ids of all guardrails, newest first.
    pub fn guardrail_ids(&self) -> Vec<String> {
        let store = self.shared.store();
        store
            .guardrails
            .iter()
            .rev()
            .map(|g| g.id.clone())
            .collect()
    }

    /// The guardrail a key is assigned to, if any.
    pub fn guardrail_of(&self, key_hash: &str) -> Option<String> {
        let store = self.shared.store();
        store
            .assignment_of(key_hash)
            .map(|a| a.guardrail_id.clone())
    }

    /// User ids of the organization's members, the owner first.
    pub fn member_ids(&self) -> Vec<String> {
        self.shared
            .store()
            .members
            .iter()
            .map(|m| m.id.clone())
            .collect()
    }

    /// Right after the `page_index`-th (0-based, counted from this call)
    /// `GET /keys` 200 response has been rendered, applies `mutation` to the
    /// workspace that request listed. Several hooks may be pending at once.
    pub fn on_list_page(&self, page_index: usize, mutation: ListMutation) {
        self.shared.store().add_list_hook(page_index, mutation);
    }

    /// Back to the seeded initial state (data, faults, latency, log, hooks,
    /// clock, account kind). Timestamps are regenerated relative to the
    /// clock's start.
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
