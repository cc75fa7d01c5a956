//! The finance and bulk operations of [`AppState`] (issue #4): credits, CSV
//! import and export, bulk create and edit batches with retry and
//! reconciliation, the batch reveal, and the audit log screen.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use chrono::Utc;
use keyhold_ops::batch::{run_bounded, DEFAULT_CONCURRENCY};
use keyhold_ops::csv_out;
use keyhold_ops::diff::{Change, KeyState};
use keyhold_ops::status::key_status;
use openrouter_client::{ListOptions, NewKey};
use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use super::{AppState, Session};
use crate::audit;
use crate::batches::{Batch, Plan, LOST_STRING_NOTE, MAX_BATCH, REPLACED_NOTE};
use crate::bulk_input::{self, plan_create};
use crate::clipboard;
use crate::convert::key_view;
use crate::dto::{CopyOutcome, KeyView};
use crate::dto_bulk::*;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::vault::BatchSecretEntry;

/// Largest names file read (a 1,000-row list is far smaller).
const IMPORT_MAX_BYTES: u64 = 5 * 1024 * 1024;

/// Columns of the key list export, in order.
pub const KEY_COLUMNS: [&str; 15] = [
    "name",
    "label",
    "hash",
    "status",
    "limit",
    "limit_reset",
    "limit_remaining",
    "usage_daily",
    "usage_weekly",
    "usage_monthly",
    "usage",
    "byok_usage",
    "include_byok_in_limit",
    "expires_at",
    "created_at",
];

fn key_state(k: &KeyView) -> KeyState<'_> {
    KeyState {
        limit: k.limit,
        limit_reset: k.limit_reset.as_deref(),
        include_byok_in_limit: k.include_byok_in_limit,
        disabled: k.disabled,
    }
}

fn file_error() -> AppError {
    AppError::new(
        ErrorCode::Internal,
        "The file could not be written. Choose another folder and try again.",
    )
}

fn stamp() -> String {
    Utc::now().format("%Y%m%d-%H%M").to_string()
}

/// A CSV field quoted as RFC 4180 wants, appended to `out` (no copy made).
fn push_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\n', '\r']) {
        out.push('"');
        for c in field.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(field);
    }
}

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

impl AppState {
    pub async fn credits(&self) -> AppResult<CreditsView> {
        let session = self.session().await?;
        let c = session.client.credits().await?;
        Ok(CreditsView {
            total_credits: c.total_credits,
            total_usage: c.total_usage,
            remaining: c.remaining(),
        })
    }

    // ---- files ------------------------------------------------------------------

    async fn pick_save(
        &self,
        title: &'static str,
        file_name: String,
    ) -> AppResult<Option<PathBuf>> {
        let dialog = self.dialog()?;
        tokio::task::spawn_blocking(move || dialog.save_csv(title, &file_name))
            .await
            .map_err(|_| AppError::new(ErrorCode::Internal, "The save dialog failed."))
    }

    async fn write_file(&self, path: PathBuf, bytes: Vec<u8>) -> AppResult<String> {
        let shown = path.display().to_string();
        tokio::task::spawn_blocking(move || std::fs::write(&path, bytes))
            .await
            .map_err(|_| file_error())?
            .map_err(|_| file_error())?;
        Ok(shown)
    }

    pub async fn import_names_csv(&self) -> AppResult<Option<ParsedNames>> {
        let dialog = self.dialog()?;
        let picked = tokio::task::spawn_blocking(move || {
            let Some(path) = dialog.open_csv("Import names") else {
                return Ok(None);
            };
            let unreadable =
                || AppError::invalid("file", "The file could not be read. Choose a CSV file.");
            let size = std::fs::metadata(&path).map_err(|_| unreadable())?.len();
            if size > IMPORT_MAX_BYTES {
                return Err(AppError::invalid(
                    "file",
                    "The file is larger than 5 MB; a names list is far smaller.",
                ));
            }
            let bytes = std::fs::read(&path).map_err(|_| unreadable())?;
            String::from_utf8(bytes).map(Some).map_err(|_| {
                AppError::invalid(
                    "file",
                    "The file is not UTF-8 text. Save it as \"CSV UTF-8\" and import it again.",
                )
            })
        })
        .await
        .map_err(|_| AppError::new(ErrorCode::Internal, "The open dialog failed."))??;
        Ok(picked.map(|text| bulk_input::parse_names_csv(&text)))
    }

    /// The visible key list as CSV: no key strings; numbers unformatted,
    /// empty when null; dates as received (RFC 3339 UTC).
    pub fn keys_csv(keys: &[KeyView]) -> AppResult<Vec<u8>> {
        let now = Utc::now();
        let opt = |n: Option<f64>| n.map(csv_out::number).unwrap_or_default();
        let rows = keys.iter().map(|k| {
            vec![
                k.name.clone(),
                k.label.clone(),
                k.hash.clone(),
                key_status(k.disabled, k.expires_at.as_deref(), k.limit_remaining, now).to_string(),
                opt(k.limit),
                k.limit_reset.clone().unwrap_or_default(),
                opt(k.limit_remaining),
                csv_out::number(k.usage_daily),
                csv_out::number(k.usage_weekly),
                csv_out::number(k.usage_monthly),
                csv_out::number(k.usage),
                csv_out::number(k.byok_usage),
                k.include_byok_in_limit.to_string(),
                k.expires_at.clone().unwrap_or_default(),
                k.created_at.clone().unwrap_or_default(),
            ]
        });
        csv_out::to_bytes(&KEY_COLUMNS, rows).map_err(|_| file_error())
    }

    pub async fn export_keys_csv(&self, keys: Vec<KeyView>) -> AppResult<Option<String>> {
        let bytes = Self::keys_csv(&keys)?;
        let name = format!("keyhold-keys-{}.csv", stamp());
        match self.pick_save("Export keys as CSV", name).await? {
            Some(path) => self.write_file(path, bytes).await.map(Some),
            None => Ok(None),
        }
    }

    pub async fn list_audit(&self, filter: &AuditFilter) -> AppResult<Vec<AuditEntry>> {
        let log = self.audit();
        let filter = filter.clone();
        tokio::task::spawn_blocking(move || log.list(&filter))
            .await
            .map_err(|_| AppError::new(ErrorCode::Internal, "The audit log could not be read."))?
    }

    pub async fn export_audit_csv(&self, filter: &AuditFilter) -> AppResult<Option<String>> {
        let entries = self.list_audit(filter).await?;
        let bytes = audit::to_csv(&entries)?;
        let name = format!("keyhold-audit-{}.csv", stamp());
        match self.pick_save("Export audit log as CSV", name).await? {
            Some(path) => self.write_file(path, bytes).await.map(Some),
            None => Ok(None),
        }
    }

    // ---- bulk create --------------------------------------------------------------

    pub async fn preview_bulk_create(
        &self,
        input: &BulkCreateInput,
    ) -> AppResult<Vec<CreatePreviewRow>> {
        let plan = plan_create(input, Utc::now())?;
        let session = self.session().await?;
        let mut options = ListOptions::everything();
        options.workspace_id = input.workspace_id.clone().filter(|w| !w.trim().is_empty());
        let existing: HashSet<String> = session
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
                        "names",
                        format!("Row {} (\"{}\"): {problem}", i + 1, row.name),
                    ))
                }
            }
        }
        let session = self.session().await?;
        let workspace_id = input.workspace_id.clone().filter(|w| !w.trim().is_empty());
        let mut options = ListOptions::everything();
        options.workspace_id = workspace_id.clone();
        let preexisting = session
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
        tokio::spawn(self.clone().run_rows(session, batch.clone(), all));
        Ok(batch.id.clone())
    }

    /// Runs `rows` of the batch, bounded, then marks those never started.
    async fn run_rows(self: Arc<Self>, session: Arc<Session>, batch: Arc<Batch>, rows: Vec<usize>) {
        let cancel = batch.cancel.clone();
        let not_started = run_bounded(rows, DEFAULT_CONCURRENCY, &cancel, |i| {
            let (state, session, batch) = (self.clone(), session.clone(), batch.clone());
            async move {
                match &batch.plan {
                    Plan::Create { keys, .. } => {
                        state.create_row(&session, &batch, i, &keys[i]).await
                    }
                    Plan::Edit { change } => state.edit_row(&session, &batch, i, change).await,
                }
            }
        })
        .await;
        batch.finish_run(&not_started);
    }

    async fn create_row(&self, session: &Session, batch: &Batch, i: usize, new: &NewKey) {
        batch.update(i, |r| {
            r.state = RowState::Running;
            r.error = None;
        });
        match session.client.create_key(new).await {
            Ok(created) => {
                let view = key_view(&created.key);
                self.seen.remember(&view);
                self.record(
                    audit::created("bulk_create", &view, Some(batch.id.clone())),
                    None,
                );
                let entry = BatchSecretEntry {
                    index: u32::try_from(i).unwrap_or(u32::MAX),
                    name: view.name.clone(),
                    hash: view.hash.clone(),
                    secret: created.secret,
                };
                // Dropping the entry (reveal closed, signed out) wipes the string.
                let kept = batch
                    .reveal_id(&self.batch_vault)
                    .is_some_and(|reveal| self.batch_vault.push(&reveal, entry));
                batch.update(i, |r| {
                    r.state = RowState::Succeeded;
                    r.hash = Some(view.hash.clone());
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
                    audit::planned_create("bulk_create", new, Some(batch.id.clone())),
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

    /// Looks for the keys of outcome-unknown rows before anything is created
    /// again. Returns the rows still to (re)create. A key found that was
    /// never used is this batch's lost one: nobody holds its string, so it is
    /// deleted and its row created afresh (the batch ends with a usable string
    /// for every name). A found key with usage is kept as a success without a
    /// string. If the lookup or a delete fails, those rows stay unknown and
    /// are not created again (never a duplicate).
    async fn reconcile(self: &Arc<Self>, session: &Arc<Session>, batch: &Arc<Batch>) -> Vec<usize> {
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
        let listed = match session.client.list_keys(&options).await {
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
        let mut to_create = Vec::new();
        let mut to_replace: Vec<(usize, KeyView)> = Vec::new();
        for i in unknown {
            let name = &keys[i].name;
            let found = listed
                .iter()
                .filter(|k| &k.name == name && !claimed.contains(&k.hash))
                .min_by_key(|k| k.created_at);
            match found {
                Some(key) => {
                    claimed.insert(key.hash.clone());
                    let view = key_view(key);
                    self.seen.remember(&view);
                    if key.usage == 0.0 && key.byok_usage == 0.0 {
                        to_replace.push((i, view));
                        continue;
                    }
                    self.record(
                        audit::created("bulk_create", &view, Some(batch.id.clone())),
                        None,
                    );
                    batch.update(i, |r| {
                        r.state = RowState::Succeeded;
                        r.hash = Some(view.hash.clone());
                        r.error = None;
                        r.has_secret = false;
                        r.note = Some(LOST_STRING_NOTE.to_string());
                    });
                }
                None => {
                    batch.update(i, |r| r.state = RowState::Failed);
                    to_create.push(i);
                }
            }
        }
        let replaced = Arc::new(Mutex::new(Vec::new()));
        let orphans: Vec<usize> = to_replace.iter().map(|(i, _)| *i).collect();
        let views = Arc::new(
            to_replace
                .into_iter()
                .collect::<std::collections::HashMap<_, _>>(),
        );
        let never = keyhold_ops::batch::CancelFlag::default();
        run_bounded(orphans, DEFAULT_CONCURRENCY, &never, |i| {
            let (state, session, batch, views, replaced) = (
                self.clone(),
                session.clone(),
                batch.clone(),
                views.clone(),
                replaced.clone(),
            );
            async move {
                if state.delete_orphan(&session, &batch, i, &views[&i]).await {
                    replaced.lock().unwrap_or_else(|p| p.into_inner()).push(i);
                }
            }
        })
        .await;
        to_create.append(&mut replaced.lock().unwrap_or_else(|p| p.into_inner()));
        to_create
    }

    /// Deletes a key this batch created whose string never arrived, so its
    /// row can be created again. `true` when the key is gone.
    async fn delete_orphan(
        &self,
        session: &Session,
        batch: &Batch,
        i: usize,
        key: &KeyView,
    ) -> bool {
        let result = match session.client.delete_key(&key.hash).await {
            Err(openrouter_client::Error::NotFound { .. }) => Ok(()),
            other => other.map_err(AppError::from),
        };
        self.record(
            audit::deleted(
                "bulk_replace_lost",
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

    pub async fn retry_failed(self: Arc<Self>, batch_id: &str) -> AppResult<String> {
        let batch = self.batches.get(batch_id)?;
        let session = self.session().await?;
        if !batch.start_run() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "This batch is still running; wait for it to finish or cancel it first.",
            ));
        }
        let state = self.clone();
        let run = batch.clone();
        tokio::spawn(async move {
            let mut rows = state.reconcile(&session, &run).await;
            rows.extend(run.rows_in(&[RowState::Failed, RowState::Cancelled]));
            rows.sort_unstable();
            rows.dedup();
            for &i in &rows {
                run.update(i, |r| {
                    r.state = RowState::Pending;
                    r.error = None;
                });
            }
            state.run_rows(session, run, rows).await;
        });
        Ok(batch.id.clone())
    }

    // ---- bulk edit ----------------------------------------------------------------

    fn edit_hashes(input: &BulkEditInput) -> AppResult<Vec<String>> {
        let mut seen = HashSet::new();
        let hashes: Vec<String> = input
            .hashes
            .iter()
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty() && seen.insert(h.clone()))
            .collect();
        if hashes.is_empty() {
            return Err(AppError::invalid("hashes", "Select at least one key."));
        }
        if hashes.len() > MAX_BATCH {
            return Err(AppError::invalid(
                "hashes",
                format!("At most {MAX_BATCH} keys per batch."),
            ));
        }
        Ok(hashes)
    }

    /// Reads every selected key fresh from the server (a few at a time) and
    /// shows its before → after. Sends nothing else.
    pub async fn preview_bulk_edit(&self, input: &BulkEditInput) -> AppResult<Vec<EditPreviewRow>> {
        let change = bulk_input::change(&input.action)?;
        let hashes = Self::edit_hashes(input)?;
        let session = self.session().await?;
        let out: Arc<Mutex<Vec<Option<EditPreviewRow>>>> =
            Arc::new(Mutex::new(vec![None; hashes.len()]));
        let fetched: Arc<Mutex<Vec<Option<KeyView>>>> =
            Arc::new(Mutex::new(vec![None; hashes.len()]));
        let never = keyhold_ops::batch::CancelFlag::default();
        run_bounded(
            (0..hashes.len()).collect(),
            DEFAULT_CONCURRENCY,
            &never,
            |i| {
                let (client, hash, change, out, fetched) = (
                    session.client.clone(),
                    hashes[i].clone(),
                    change.clone(),
                    out.clone(),
                    fetched.clone(),
                );
                async move {
                    let row = match client.get_key(&hash).await {
                        Ok(key) => {
                            let view = key_view(&key);
                            let d = change.diff(key_state(&view));
                            let row = EditPreviewRow {
                                hash,
                                name: view.name.clone(),
                                field: d.field.to_string(),
                                before: d.before,
                                after: d.after,
                                changes: d.changes,
                                problem: None,
                            };
                            fetched.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(view);
                            row
                        }
                        Err(e) => EditPreviewRow {
                            hash,
                            name: String::new(),
                            field: change.field().to_string(),
                            before: String::new(),
                            after: String::new(),
                            changes: false,
                            problem: Some(e.into()),
                        },
                    };
                    out.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(row);
                }
            },
        )
        .await;
        for view in fetched
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .flatten()
        {
            self.seen.remember(view);
        }
        let rows = std::mem::take(&mut *out.lock().unwrap_or_else(|p| p.into_inner()));
        Ok(rows.into_iter().flatten().collect())
    }

    pub async fn start_bulk_edit(self: Arc<Self>, input: BulkEditInput) -> AppResult<String> {
        let change = bulk_input::change(&input.action)?;
        let hashes = Self::edit_hashes(&input)?;
        let session = self.session().await?;
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
        tokio::spawn(self.clone().run_rows(session, batch.clone(), all));
        Ok(batch.id.clone())
    }

    /// One key of an edit batch. A key whose last-read version (the preview's)
    /// already has the target value is skipped as `unchanged`; otherwise the
    /// PATCH or DELETE is sent (the client retries 429/5xx for these).
    async fn edit_row(&self, session: &Session, batch: &Batch, i: usize, change: &Change) {
        let Some(hash) = batch.row(i).hash else {
            return;
        };
        let before = self.seen.latest(&hash);
        let planned = before.as_ref().map(|b| change.diff(key_state(b)));
        if planned.as_ref().is_some_and(|d| !d.changes) {
            batch.update(i, |r| {
                r.state = RowState::Unchanged;
                r.error = None;
            });
            return;
        }
        batch.update(i, |r| {
            r.state = RowState::Running;
            r.error = None;
        });
        let action = change.audit_action();
        let batch_id = Some(batch.id.clone());
        let result: AppResult<Option<KeyView>> = match change.patch() {
            Some(patch) => session
                .client
                .update_key(&hash, &patch)
                .await
                .map(|k| Some(key_view(&k)))
                .map_err(AppError::from),
            None => session
                .client
                .delete_key(&hash)
                .await
                .map(|()| None)
                .map_err(AppError::from),
        };
        let entry = match (change, &result) {
            (Change::Delete, _) => audit::deleted(action, &hash, before.as_ref(), batch_id),
            _ => {
                let after = result.as_ref().ok().and_then(|k| k.as_ref());
                let known = after.or(before.as_ref());
                // One field change per field touched: before as last read, after
                // as the server answered (or as wanted, when it failed).
                let changes = change
                    .parts()
                    .iter()
                    .map(|part| {
                        audit::field(
                            part.field(),
                            before.as_ref().map(|b| part.diff(key_state(b)).before),
                            Some(match after {
                                Some(a) => part.diff(key_state(a)).before,
                                None => part.target_text(),
                            }),
                        )
                    })
                    .collect();
                audit::Change {
                    action,
                    workspace_id: known.and_then(|k| k.workspace_id.clone()),
                    key_hash: Some(hash.clone()),
                    key_name: known.map(|k| k.name.clone()).unwrap_or_default(),
                    changes,
                    batch_id,
                }
            }
        };
        self.record(entry, result.as_ref().err());
        match result {
            Ok(after) => {
                if let Some(after) = &after {
                    self.seen.remember(after);
                } else {
                    session.reminders.dismiss(&hash).ok();
                }
                batch.update(i, |r| {
                    r.state = RowState::Succeeded;
                    if let Some(after) = &after {
                        r.name = after.name.clone();
                    }
                });
            }
            // The key is gone either way: nothing to retry.
            Err(e) if matches!(change, Change::Delete) && e.code == ErrorCode::NotFound => {
                session.reminders.dismiss(&hash).ok();
                batch.update(i, |r| {
                    r.state = RowState::Unchanged;
                    r.error = None;
                    r.note = Some("it was already deleted".into());
                })
            }
            Err(e) => batch.update(i, |r| {
                r.state = RowState::Failed;
                r.error = Some(e);
            }),
        }
    }

    // ---- batch progress -------------------------------------------------------------

    pub fn batch_status(&self, batch_id: &str) -> AppResult<BatchStatus> {
        Ok(self.batches.get(batch_id)?.status())
    }

    pub fn cancel_batch(&self, batch_id: &str) -> AppResult<BatchStatus> {
        let batch = self.batches.get(batch_id)?;
        batch.cancel.cancel();
        Ok(batch.status())
    }

    // ---- the batch reveal ----------------------------------------------------------------

    pub fn reveal_batch(&self, reveal_id: &str) -> AppResult<Vec<BatchSecret>> {
        self.batch_vault.with_entries(reveal_id, |entries| {
            entries
                .iter()
                .map(|e| BatchSecret {
                    name: e.name.clone(),
                    hash: e.hash.clone(),
                    key: e.secret.expose_secret().to_string(),
                })
                .collect()
        })
    }

    /// The batch's key strings as CSV (`header` columns of name, key[, hash]),
    /// built in one buffer that is wiped when dropped.
    fn batch_csv(&self, reveal_id: &str, with_hash: bool) -> AppResult<Zeroizing<String>> {
        self.batch_vault.with_entries(reveal_id, |entries| {
            let size: usize = entries
                .iter()
                .map(|e| 2 * e.name.len() + e.secret.expose_secret().len() + e.hash.len() + 8)
                .sum();
            let mut out = Zeroizing::new(String::with_capacity(size + 32));
            out.push_str(if with_hash {
                "name,key,hash\n"
            } else {
                "name,key\n"
            });
            for e in entries {
                push_field(&mut out, &e.name);
                out.push(',');
                push_field(&mut out, e.secret.expose_secret());
                if with_hash {
                    out.push(',');
                    push_field(&mut out, &e.hash);
                }
                out.push('\n');
            }
            out
        })
    }

    pub fn copy_batch_csv(&self, reveal_id: &str) -> AppResult<CopyOutcome> {
        let cb = self.clipboard()?;
        let csv = self.batch_csv(reveal_id, false)?;
        clipboard::copy_and_schedule_clear(cb, &csv, self.clear_after)?;
        Ok(CopyOutcome {
            clears_in_secs: u32::try_from(self.clear_after.as_secs()).unwrap_or(u32::MAX),
        })
    }

    /// Writes name,key,hash to a file only the owner can read (0600).
    pub async fn save_batch_csv(&self, reveal_id: &str) -> AppResult<Option<String>> {
        // Fails at once (reveal gone) before any dialog opens.
        let csv = self.batch_csv(reveal_id, true)?;
        let name = format!("keyhold-new-keys-{}.csv", stamp());
        let Some(path) = self.pick_save("Save key strings as CSV", name).await? else {
            return Ok(None);
        };
        let shown = path.display().to_string();
        tokio::task::spawn_blocking(move || csv_out::write_owner_only(&path, csv.as_bytes()))
            .await
            .map_err(|_| file_error())?
            .map_err(|_| file_error())?;
        Ok(Some(shown))
    }

    pub fn close_batch_reveal(&self, reveal_id: &str) {
        self.batch_vault.close(reveal_id);
    }
}
