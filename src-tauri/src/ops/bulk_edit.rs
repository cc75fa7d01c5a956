//! Bulk edit: a fresh before → after preview of every selected key, then
//! one PATCH or DELETE per key (a few at a time) with one audit entry each.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use keyhold_ops::batch::{run_bounded, DEFAULT_CONCURRENCY};
use keyhold_ops::diff::{Change, KeyState};
use keyhold_ops::edit_row::{plan_row, settle, Answer, RowOutcome, RowPlan, ALREADY_DELETED_NOTE};
use openrouter_client::Key;

use crate::audit;
use crate::batches::{Batch, Plan, MAX_BATCH};
use crate::bulk_input;
use crate::dto_bulk::*;
use crate::error::{AppError, AppResult, ErrorCode, Field};
use crate::session::Session;

/// A preview row and the key it was read from (if it could be read).
type PreviewRead = (EditPreviewRow, Option<Key>);

/// One row of the bulk edit preview, from the key as read just now.
fn preview_row(
    hash: String,
    change: &Change,
    fetched: Result<Key, openrouter_client::Error>,
) -> PreviewRead {
    match fetched {
        Ok(key) => {
            let d = change.diff(KeyState::from(&key));
            let row = EditPreviewRow {
                hash,
                name: key.name.clone(),
                field: d.field.to_string(),
                before: d.before,
                after: d.after,
                changes: d.changes,
                problem: None,
                stops: limit_stop(&key, change),
            };
            (row, Some(key))
        }
        Err(e) => {
            let row = EditPreviewRow {
                hash,
                name: String::new(),
                field: change.field().to_string(),
                before: String::new(),
                after: String::new(),
                changes: false,
                problem: Some(e.into()),
                stops: None,
            };
            (row, None)
        }
    }
}

/// The stop a change would cause on a working key, if any.
fn limit_stop(key: &Key, change: &Change) -> Option<LimitStop> {
    let check = keyhold_ops::limit_stop::check(key, change);
    let cap = keyhold_ops::limit_stop::Cap::of(key).after(change);
    match (check.stops_key, cap.limit) {
        (true, Some(limit)) => Some(LimitStop {
            spent: check.window_spend,
            limit,
            limit_reset: cap.reset.map(|r| r.as_str().to_string()),
        }),
        _ => None,
    }
}

fn edit_hashes(input: &BulkEditInput) -> AppResult<Vec<String>> {
    let mut seen = HashSet::new();
    let hashes: Vec<String> = input
        .hashes
        .iter()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty() && seen.insert(h.clone()))
        .collect();
    if hashes.is_empty() {
        return Err(AppError::invalid(Field::Hashes, "Select at least one key."));
    }
    if hashes.len() > MAX_BATCH {
        return Err(AppError::invalid(
            Field::Hashes,
            format!("At most {MAX_BATCH} keys per batch."),
        ));
    }
    Ok(hashes)
}

impl Session {
    /// Reads every selected key fresh from the server (a few at a time) and
    /// shows its before → after. Sends nothing else.
    pub async fn preview_bulk_edit(&self, input: &BulkEditInput) -> AppResult<Vec<EditPreviewRow>> {
        let change = bulk_input::change(&input.action)?;
        let hashes = edit_hashes(input)?;
        let out: Arc<Mutex<Vec<Option<PreviewRead>>>> =
            Arc::new(Mutex::new(vec![None; hashes.len()]));
        let never = keyhold_ops::batch::CancelFlag::default();
        let all = (0..hashes.len()).collect();
        run_bounded(all, DEFAULT_CONCURRENCY, &never, |i| {
            let (client, hash, change, out) = (
                self.client.clone(),
                hashes[i].clone(),
                change.clone(),
                out.clone(),
            );
            async move {
                let fetched = client.get_key(&hash).await;
                let row = preview_row(hash, &change, fetched);
                out.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(row);
            }
        })
        .await;
        let rows = std::mem::take(&mut *out.lock().unwrap_or_else(|p| p.into_inner()));
        Ok(rows
            .into_iter()
            .flatten()
            .map(|(row, view)| {
                if let Some(view) = view {
                    self.seen.remember(&view);
                }
                row
            })
            .collect())
    }

    pub async fn start_bulk_edit(self: Arc<Self>, input: BulkEditInput) -> AppResult<String> {
        let change = bulk_input::change(&input.action)?;
        let hashes = edit_hashes(&input)?;
        let rows = hashes
            .into_iter()
            .map(|h| {
                let name = self.seen.latest(&h).map(|k| k.name).unwrap_or_default();
                (name, Some(h))
            })
            .collect::<Vec<_>>();
        let all = (0..rows.len()).collect();
        let batch = Arc::new(Batch::new(Plan::Edit { change }, rows));
        self.batches.insert(batch.clone());
        batch.start_run();
        tokio::spawn(self.clone().run_rows(batch.clone(), all));
        Ok(batch.id.clone())
    }

    /// One key of an edit batch: what to send (if anything) is decided by
    /// `keyhold_ops::edit_row` on the key as last read (the preview's); the
    /// client retries 429/5xx for these requests.
    pub(crate) async fn edit_row(&self, batch: &Batch, i: usize, change: &Change) {
        let Some(hash) = batch.row(i).hash else {
            return;
        };
        let before = self.seen.latest(&hash);
        let patch = match plan_row(before.as_ref(), change) {
            RowPlan::Unchanged => {
                batch.update(i, |r| {
                    r.state = RowState::Unchanged;
                    r.error = None;
                });
                return;
            }
            RowPlan::Patch(patch) => Some(patch),
            RowPlan::Delete => None,
        };
        batch.update(i, |r| {
            r.state = RowState::Running;
            r.error = None;
        });
        let result: AppResult<Option<Key>> = match patch {
            Some(patch) => self.client.update_key(&hash, &patch).await.map(Some),
            None => self.client.delete_key(&hash).await.map(|()| None),
        }
        .map_err(AppError::from);
        let after = result.as_ref().ok().and_then(Option::as_ref);
        let batch_id = Some(batch.id.clone());
        let entry = audit::bulk_edited(change, &hash, before.as_ref(), after, batch_id);
        self.record(entry, result.as_ref().err());
        let answer = match result {
            Ok(after) => Answer::Done(after),
            Err(e) if e.code == ErrorCode::NotFound => Answer::NotFound(e),
            Err(e) => Answer::Failed(e),
        };
        self.settle_edit(batch, i, &hash, settle(change, answer));
    }

    /// Shows a row's outcome; a key deleted (or found gone) loses its reminders.
    fn settle_edit(
        &self,
        batch: &Batch,
        i: usize,
        hash: &str,
        outcome: RowOutcome<Option<Key>, AppError>,
    ) {
        match outcome {
            RowOutcome::Succeeded(after) => {
                if let Some(after) = &after {
                    self.seen.remember(after);
                } else {
                    self.reminders.dismiss(hash).ok();
                }
                batch.update(i, |r| {
                    r.state = RowState::Succeeded;
                    if let Some(after) = &after {
                        r.name = after.name.clone();
                    }
                });
            }
            RowOutcome::AlreadyDeleted => {
                self.reminders.dismiss(hash).ok();
                batch.update(i, |r| {
                    r.state = RowState::Unchanged;
                    r.error = None;
                    r.note = Some(ALREADY_DELETED_NOTE.into());
                })
            }
            RowOutcome::Failed(e) => batch.update(i, |r| {
                r.state = RowState::Failed;
                r.error = Some(e);
            }),
        }
    }
}
