//! Bulk create: the preview (names that exist already, duplicates in the
//! batch), the run (a few requests at a time, cancellable), retrying what
//! failed, and the batch's progress.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::Utc;
use keyhold_ops::batch::{run_bounded, DEFAULT_CONCURRENCY};
use openrouter_client::{ListOptions, NewKey};

use crate::audit::{self, Action};
use crate::batches::{Batch, Plan};
use crate::bulk_input::plan_create;
use crate::dto_bulk::*;
use crate::error::{AppError, AppResult, ErrorCode, Field};
use crate::session::Session;
use crate::vault::BatchSecretEntry;

impl Session {
    // ---- bulk create --------------------------------------------------------------

    pub async fn preview_bulk_create(
        &self,
        input: &BulkCreateInput,
    ) -> AppResult<Vec<CreatePreviewRow>> {
        let plan = plan_create(input, Utc::now())?;
        let mut options = ListOptions::everything();
        options.workspace_id = input.workspace_id.clone().filter(|w| !w.trim().is_empty());
        let existing: HashSet<String> = self
            .client
            .list_keys(&options)
            .await?
            .into_iter()
            .map(|k| k.name)
            .collect();
        let mut seen_in_batch = HashSet::new();
        Ok(plan
            .into_iter()
            .map(|row| {
                let duplicate_in_batch = !seen_in_batch.insert(row.name.clone());
                match row.request {
                    Ok(new) => CreatePreviewRow {
                        collision: existing.contains(&new.name),
                        duplicate_in_batch,
                        limit: new.limit.map(|u| u.to_f64()),
                        limit_reset: input.limit_reset,
                        expires_at: crate::convert::rfc3339(&new.expires_at),
                        name: new.name,
                        problem: None,
                    },
                    Err(problem) => CreatePreviewRow {
                        collision: existing.contains(&row.name),
                        duplicate_in_batch,
                        limit: None,
                        limit_reset: input.limit_reset,
                        expires_at: None,
                        name: row.name,
                        problem: Some(problem),
                    },
                }
            })
            .collect())
    }

    pub async fn start_bulk_create(self: Arc<Self>, input: BulkCreateInput) -> AppResult<String> {
        let plan = plan_create(&input, Utc::now())?;
        let mut keys = Vec::with_capacity(plan.len());
        for (i, row) in plan.into_iter().enumerate() {
            match row.request {
                Ok(new) => keys.push(new),
                Err(problem) => {
                    return Err(AppError::invalid(
                        Field::Names,
                        format!("Row {} (\"{}\"): {problem}", i + 1, row.name),
                    ))
                }
            }
        }
        let workspace_id = input.workspace_id.clone().filter(|w| !w.trim().is_empty());
        let mut options = ListOptions::everything();
        options.workspace_id = workspace_id.clone();
        let preexisting = self
            .client
            .list_keys(&options)
            .await?
            .into_iter()
            .map(|k| k.hash)
            .collect();
        let rows: Vec<_> = keys.iter().map(|k| (k.name.clone(), None)).collect();
        let all = (0..rows.len()).collect();
        let batch = Arc::new(Batch::new(
            Plan::Create {
                keys,
                workspace_id,
                preexisting,
            },
            rows,
        ));
        self.batches.insert(batch.clone());
        batch.start_run();
        tokio::spawn(self.clone().run_rows(batch.clone(), all));
        Ok(batch.id.clone())
    }

    /// Runs `rows` of the batch, bounded, then marks those never started.
    pub(crate) async fn run_rows(self: Arc<Self>, batch: Arc<Batch>, rows: Vec<usize>) {
        let cancel = batch.cancel.clone();
        let not_started = run_bounded(rows, DEFAULT_CONCURRENCY, &cancel, |i| {
            let (session, batch) = (self.clone(), batch.clone());
            async move {
                match &batch.plan {
                    Plan::Create { keys, .. } => session.create_row(&batch, i, &keys[i]).await,
                    Plan::Edit { change } => session.edit_row(&batch, i, change).await,
                }
            }
        })
        .await;
        batch.finish_run(&not_started);
    }

    async fn create_row(&self, batch: &Batch, i: usize, new: &NewKey) {
        batch.update(i, |r| {
            r.state = RowState::Running;
            r.error = None;
        });
        match self.client.create_key(new).await {
            Ok(created) => {
                self.seen.remember(&created.key);
                self.record(
                    audit::created(Action::BulkCreate, &created.key, Some(batch.id.clone())),
                    None,
                );
                let entry = BatchSecretEntry {
                    index: u32::try_from(i).unwrap_or(u32::MAX),
                    name: created.key.name.clone(),
                    hash: created.key.hash.clone(),
                    secret: created.secret,
                };
                // Dropping the entry (reveal closed, signed out) wipes the string.
                let kept = batch
                    .reveal_id(&self.batch_vault)
                    .is_some_and(|reveal| self.batch_vault.push(&reveal, entry));
                batch.update(i, |r| {
                    r.state = RowState::Succeeded;
                    r.hash = Some(created.key.hash.clone());
                    r.has_secret = kept;
                    if !kept {
                        r.note =
                            Some("created; its key string was wiped when the reveal closed".into());
                    }
                });
            }
            Err(e) => {
                let e = AppError::from(e);
                self.record(
                    audit::planned_create(Action::BulkCreate, new, Some(batch.id.clone())),
                    Some(&e),
                );
                batch.update(i, |r| {
                    r.state = if e.code == ErrorCode::CreateOutcomeUnknown {
                        RowState::OutcomeUnknown
                    } else {
                        RowState::Failed
                    };
                    r.error = Some(e);
                });
            }
        }
    }

    pub async fn retry_failed(self: Arc<Self>, batch_id: &str) -> AppResult<String> {
        let batch = self.batches.get(batch_id)?;
        if !batch.start_run() {
            return Err(AppError::new(
                ErrorCode::BatchRunning,
                "This batch is still running; wait for it to finish or cancel it first.",
            ));
        }
        let session = self.clone();
        let run = batch.clone();
        tokio::spawn(async move {
            let mut rows = session.reconcile(&run).await;
            rows.extend(run.rows_in(&[RowState::Failed, RowState::Cancelled]));
            rows.sort_unstable();
            rows.dedup();
            for &i in &rows {
                run.update(i, |r| {
                    r.state = RowState::Pending;
                    r.error = None;
                });
            }
            session.run_rows(run, rows).await;
        });
        Ok(batch.id.clone())
    }

    // ---- batch progress -------------------------------------------------------------

    pub fn batch_status(&self, batch_id: &str) -> AppResult<BatchStatus> {
        Ok(self
            .batches
            .get(batch_id)?
            .status(self.batch_vault.lifetime()))
    }

    pub fn cancel_batch(&self, batch_id: &str) -> AppResult<BatchStatus> {
        let batch = self.batches.get(batch_id)?;
        batch.cancel.cancel();
        Ok(batch.status(self.batch_vault.lifetime()))
    }
}
