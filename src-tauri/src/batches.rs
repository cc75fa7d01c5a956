//! Bulk batches as the app tracks them: one row per key with its state, the
//! progress counters `batch_status` reports, cancel, and what a retry needs
//! (the create requests, the keys that existed before the batch).

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use keyhold_ops::batch::CancelFlag;
use keyhold_ops::diff::Change;
use openrouter_client::NewKey;

use crate::dto_bulk::{BatchKind, BatchRow, BatchStatus, RowState};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::vault::{random_id, BatchVault};

/// The most keys one batch may hold.
pub const MAX_BATCH: usize = 1_000;

/// What a successful row says when its key was found by reconciliation.
pub const LOST_STRING_NOTE: &str =
    "created, but its key string was lost in transit — rotate it to get a usable string";

/// What a row says once its lost, never-used key was deleted for a new one.
pub const REPLACED_NOTE: &str =
    "the first key's string was lost in transit; that unused key was deleted and this one created in its place";

pub enum Plan {
    Create {
        /// One request per row, validated before the batch started.
        keys: Vec<NewKey>,
        workspace_id: Option<String>,
        /// Hashes of the workspace's keys before the batch started: a key
        /// found by name later is only this batch's if it is not one of these.
        preexisting: HashSet<String>,
    },
    Edit {
        change: Change,
    },
}

pub struct Batch {
    pub id: String,
    pub plan: Plan,
    pub cancel: CancelFlag,
    running: AtomicBool,
    /// Set on sign-out: rows still in flight keep no key string.
    retired: AtomicBool,
    rows: Mutex<Vec<BatchRow>>,
    reveal_id: Mutex<Option<String>>,
}

impl Batch {
    pub fn new(plan: Plan, rows: Vec<(String, Option<String>)>) -> Self {
        let rows = rows
            .into_iter()
            .enumerate()
            .map(|(i, (name, hash))| BatchRow {
                index: u32::try_from(i).unwrap_or(u32::MAX),
                name,
                hash,
                state: RowState::Pending,
                error: None,
                note: None,
                has_secret: false,
            })
            .collect();
        Self {
            id: random_id(),
            plan,
            cancel: CancelFlag::default(),
            running: AtomicBool::new(false),
            retired: AtomicBool::new(false),
            rows: Mutex::new(rows),
            reveal_id: Mutex::new(None),
        }
    }

    pub fn kind(&self) -> BatchKind {
        match self.plan {
            Plan::Create { .. } => BatchKind::Create,
            Plan::Edit {
                change: Change::Delete,
            } => BatchKind::Delete,
            Plan::Edit { .. } => BatchKind::Edit,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<BatchRow>> {
        self.rows.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn row(&self, index: usize) -> BatchRow {
        self.lock()[index].clone()
    }

    pub fn update(&self, index: usize, f: impl FnOnce(&mut BatchRow)) {
        if let Some(row) = self.lock().get_mut(index) {
            f(row);
        }
    }

    /// Indices of the rows in any of `states`, in order.
    pub fn rows_in(&self, states: &[RowState]) -> Vec<usize> {
        self.lock()
            .iter()
            .enumerate()
            .filter(|(_, r)| states.contains(&r.state))
            .map(|(i, _)| i)
            .collect()
    }

    /// Hashes already tied to a row of this batch.
    pub fn claimed_hashes(&self) -> HashSet<String> {
        self.lock().iter().filter_map(|r| r.hash.clone()).collect()
    }

    /// Marks the batch running; `false` if it already was.
    pub fn start_run(&self) -> bool {
        if self.running.swap(true, Ordering::SeqCst) {
            return false;
        }
        self.cancel.reset();
        true
    }

    pub fn finish_run(&self, not_started: &[usize]) {
        {
            let mut rows = self.lock();
            for &i in not_started {
                rows[i].state = RowState::Cancelled;
            }
        }
        self.running.store(false, Ordering::SeqCst);
    }

    pub fn is_running(&self) -> bool {
        self.running.load(Ordering::SeqCst)
    }

    /// The batch reveal's id, opened on first use; `None` once the batch
    /// was retired (signed out), so no new reveal outlives the session.
    pub fn reveal_id(&self, vault: &Arc<BatchVault>) -> Option<String> {
        let mut id = self.reveal_id.lock().unwrap_or_else(|p| p.into_inner());
        if self.retired.load(Ordering::SeqCst) {
            return None;
        }
        Some(id.get_or_insert_with(|| vault.open()).clone())
    }

    /// Stops the batch for good (sign-out): no new rows, no new reveal.
    pub fn retire(&self) {
        self.retired.store(true, Ordering::SeqCst);
        self.cancel.cancel();
    }

    /// The batch's progress; `reveal_lifetime` is what its reveal says about
    /// when its key strings are wiped.
    pub fn status(&self, reveal_lifetime: Duration) -> BatchStatus {
        let rows = self.lock().clone();
        let count = |states: &[RowState]| {
            let n = rows.iter().filter(|r| states.contains(&r.state)).count();
            u32::try_from(n).unwrap_or(u32::MAX)
        };
        BatchStatus {
            batch_id: self.id.clone(),
            kind: self.kind(),
            total: u32::try_from(rows.len()).unwrap_or(u32::MAX),
            done: count(&[
                RowState::Succeeded,
                RowState::Unchanged,
                RowState::Failed,
                RowState::OutcomeUnknown,
                RowState::Cancelled,
            ]),
            succeeded: count(&[RowState::Succeeded, RowState::Unchanged]),
            failed: count(&[RowState::Failed, RowState::OutcomeUnknown]),
            running: self.is_running(),
            cancelled: self.cancel.is_cancelled(),
            reveal_id: self
                .reveal_id
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clone(),
            rows,
            reveal_lifetime_secs: u32::try_from(reveal_lifetime.as_secs()).unwrap_or(u32::MAX),
        }
    }
}

/// The batches of this session, by id.
#[derive(Default)]
pub struct Batches {
    map: Mutex<HashMap<String, Arc<Batch>>>,
}

impl Batches {
    pub fn insert(&self, batch: Arc<Batch>) {
        self.lock().insert(batch.id.clone(), batch);
    }

    pub fn get(&self, id: &str) -> AppResult<Arc<Batch>> {
        self.lock().get(id).cloned().ok_or_else(|| {
            AppError::new(
                ErrorCode::BatchNotFound,
                "This batch is no longer known (signed out or the app restarted).",
            )
        })
    }

    /// Cancels every batch and forgets them all (sign-out, exit).
    pub fn cancel_all(&self) {
        for batch in self.lock().drain().map(|(_, b)| b) {
            batch.retire();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Batch>>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }
}
