//! Reconciling a bulk create whose answers were lost: find each unconfirmed
//! key by listing before anything is created again, so a create is never
//! blindly repeated.

use std::sync::{Arc, Mutex};

use keyhold_ops::batch::{run_bounded, DEFAULT_CONCURRENCY};
use keyhold_ops::reconcile::{match_unconfirmed, Finding};
use openrouter_client::{Key, ListOptions};

use crate::audit::{self, Action};
use crate::batches::{Batch, Plan, LOST_STRING_NOTE, REPLACED_NOTE};
use crate::dto_bulk::RowState;
use crate::error::AppError;
use crate::session::Session;

/// Leaves a create row unconfirmed after a failed check: says what failed
/// and that nothing was created again.
fn still_unknown(batch: &Batch, i: usize, what: &str, e: &AppError) {
    batch.update(i, |r| {
        r.state = RowState::OutcomeUnknown;
        r.error = Some(AppError {
            message: format!(
                "{what} ({}). Nothing was created again; try \"Retry failed\" later.",
                e.message
            ),
            ..e.clone()
        });
    });
}

impl Session {
    /// Looks for the keys of outcome-unknown rows before anything is created
    /// again. Returns the rows still to (re)create. A key found that was
    /// never used is this batch's lost one: nobody holds its string, so it is
    /// deleted and its row created afresh (the batch ends with a usable string
    /// for every name). A found key with usage is kept as a success without a
    /// string. If the lookup or a delete fails, those rows stay unknown and
    /// are not created again (never a duplicate).
    pub(crate) async fn reconcile(self: &Arc<Self>, batch: &Arc<Batch>) -> Vec<usize> {
        let Plan::Create {
            keys,
            workspace_id,
            preexisting,
        } = &batch.plan
        else {
            return Vec::new();
        };
        let unknown = batch.rows_in(&[RowState::OutcomeUnknown]);
        if unknown.is_empty() {
            return Vec::new();
        }
        for &i in &unknown {
            batch.update(i, |r| r.state = RowState::Running);
        }
        let mut options = ListOptions::everything();
        options.workspace_id = workspace_id.clone();
        let listed = match self.client.list_keys(&options).await {
            Ok(listed) => listed,
            Err(e) => {
                let e = AppError::from(e);
                for &i in &unknown {
                    still_unknown(batch, i, "Could not check whether this key was created", &e);
                }
                return Vec::new();
            }
        };
        let mut claimed = batch.claimed_hashes();
        claimed.extend(preexisting.iter().cloned());
        let rows = unknown.iter().map(|&i| (i, keys[i].name.as_str()));
        let mut to_create = Vec::new();
        let mut to_replace: Vec<(usize, Key)> = Vec::new();
        for (i, finding) in match_unconfirmed(rows, &listed, &mut claimed) {
            match finding {
                Finding::NotCreated => {
                    batch.update(i, |r| r.state = RowState::Failed);
                    to_create.push(i);
                }
                Finding::Replace(key) => {
                    self.seen.remember(&key);
                    to_replace.push((i, key));
                }
                Finding::KeepUsed(key) => self.keep_used(batch, i, &key),
            }
        }
        to_create.append(&mut self.replace_lost(batch, to_replace).await);
        to_create
    }

    /// A found key that has been used: someone holds its string, so it stays.
    fn keep_used(&self, batch: &Batch, i: usize, key: &openrouter_client::Key) {
        self.seen.remember(key);
        self.record(
            audit::created(Action::BulkCreate, key, Some(batch.id.clone())),
            None,
        );
        batch.update(i, |r| {
            r.state = RowState::Succeeded;
            r.hash = Some(key.hash.clone());
            r.error = None;
            r.has_secret = false;
            r.note = Some(LOST_STRING_NOTE.to_string());
        });
    }

    /// Deletes the never-used keys whose strings were lost, a few at a time;
    /// returns the rows whose key is gone, to be created afresh.
    async fn replace_lost(
        self: &Arc<Self>,
        batch: &Arc<Batch>,
        to_replace: Vec<(usize, Key)>,
    ) -> Vec<usize> {
        let replaced = Arc::new(Mutex::new(Vec::new()));
        let orphans: Vec<usize> = to_replace.iter().map(|(i, _)| *i).collect();
        let views = Arc::new(
            to_replace
                .into_iter()
                .collect::<std::collections::HashMap<_, _>>(),
        );
        let never = keyhold_ops::batch::CancelFlag::default();
        run_bounded(orphans, DEFAULT_CONCURRENCY, &never, |i| {
            let (session, batch, views, replaced) =
                (self.clone(), batch.clone(), views.clone(), replaced.clone());
            async move {
                if session.delete_orphan(&batch, i, &views[&i]).await {
                    replaced.lock().unwrap_or_else(|p| p.into_inner()).push(i);
                }
            }
        })
        .await;
        let mut done = replaced.lock().unwrap_or_else(|p| p.into_inner());
        std::mem::take(&mut *done)
    }

    /// Deletes a key this batch created whose string never arrived, so its
    /// row can be created again. `true` when the key is gone.
    async fn delete_orphan(&self, batch: &Batch, i: usize, key: &Key) -> bool {
        let result = match self.client.delete_key(&key.hash).await {
            Err(openrouter_client::Error::NotFound { .. }) => Ok(()),
            other => other.map_err(AppError::from),
        };
        self.record(
            audit::deleted(
                Action::BulkReplaceLost,
                &key.hash,
                Some(key),
                Some(batch.id.clone()),
            ),
            result.as_ref().err(),
        );
        match result {
            Ok(()) => {
                batch.update(i, |r| {
                    r.state = RowState::Failed;
                    r.note = Some(REPLACED_NOTE.to_string());
                });
                true
            }
            Err(e) => {
                still_unknown(
                    batch,
                    i,
                    "This key was created but its string was lost, and it could not be replaced",
                    &e,
                );
                false
            }
        }
    }
}
