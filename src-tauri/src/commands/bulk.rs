//! Commands of the finance and bulk screens. Files are chosen with native
//! dialogs opened from Rust (see `dialog.rs`), so the web view needs no
//! dialog or file-system permission.

use super::AppStateRef;
use crate::dto::{CopyOutcome, KeyView};
use crate::dto_bulk::*;
use crate::error::AppResult;

#[tauri::command]
pub async fn get_credits(state: AppStateRef<'_>) -> AppResult<CreditsView> {
    state.session()?.credits().await
}

/// `{n}` is replaced by the number, `{n:3}` by the number zero-padded to 3 digits.
#[tauri::command]
pub fn expand_name_pattern(pattern: String, count: u32, start: u32) -> AppResult<Vec<String>> {
    crate::bulk_input::expand_name_pattern(&pattern, count, start)
}

#[tauri::command]
pub fn parse_names_csv(text: String) -> AppResult<ParsedNames> {
    Ok(crate::bulk_input::parse_names_csv(&text))
}

/// Native open dialog; the file is read in Rust. `null` when cancelled.
#[tauri::command]
pub async fn import_names_csv(state: AppStateRef<'_>) -> AppResult<Option<ParsedNames>> {
    state.session()?.import_names_csv().await
}

#[tauri::command]
pub async fn preview_bulk_create(
    state: AppStateRef<'_>,
    input: BulkCreateInput,
) -> AppResult<Vec<CreatePreviewRow>> {
    state.session()?.preview_bulk_create(&input).await
}

/// Starts the batch in the background and returns its id at once.
#[tauri::command]
pub async fn start_bulk_create(
    state: AppStateRef<'_>,
    input: BulkCreateInput,
) -> AppResult<String> {
    state.session()?.start_bulk_create(input).await
}

#[tauri::command]
pub async fn preview_bulk_edit(
    state: AppStateRef<'_>,
    input: BulkEditInput,
) -> AppResult<Vec<EditPreviewRow>> {
    state.session()?.preview_bulk_edit(&input).await
}

#[tauri::command]
pub async fn start_bulk_edit(state: AppStateRef<'_>, input: BulkEditInput) -> AppResult<String> {
    state.session()?.start_bulk_edit(input).await
}

#[tauri::command]
pub fn batch_status(state: AppStateRef<'_>, batch_id: String) -> AppResult<BatchStatus> {
    state.session()?.batch_status(&batch_id)
}

/// Stops issuing new requests; those in flight finish.
#[tauri::command]
pub fn cancel_batch(state: AppStateRef<'_>, batch_id: String) -> AppResult<BatchStatus> {
    state.session()?.cancel_batch(&batch_id)
}

/// Re-runs the failed and outcome-unknown rows of the same batch; returns its id.
#[tauri::command]
pub async fn retry_failed(state: AppStateRef<'_>, batch_id: String) -> AppResult<String> {
    state.session()?.retry_failed(&batch_id).await
}

/// The batch's key strings: only when the person clicked Show.
#[tauri::command]
pub fn reveal_batch(state: AppStateRef<'_>, reveal_id: String) -> AppResult<Vec<BatchSecret>> {
    state.session()?.reveal_batch(&reveal_id)
}

#[tauri::command]
pub fn copy_batch_csv(state: AppStateRef<'_>, reveal_id: String) -> AppResult<CopyOutcome> {
    state.session()?.copy_batch_csv(&reveal_id)
}

/// Native save dialog; the file is created owner-only (0600). `null` when cancelled.
#[tauri::command]
pub async fn save_batch_csv(
    state: AppStateRef<'_>,
    reveal_id: String,
) -> AppResult<Option<String>> {
    state.session()?.save_batch_csv(&reveal_id).await
}

#[tauri::command]
pub fn close_batch_reveal(state: AppStateRef<'_>, reveal_id: String) {
    if let Ok(session) = state.session() {
        session.close_batch_reveal(&reveal_id);
    }
}

/// The visible key list as CSV (no key strings), via a native save dialog.
#[tauri::command]
pub async fn export_keys_csv(
    state: AppStateRef<'_>,
    keys: Vec<KeyView>,
) -> AppResult<Option<String>> {
    state.session()?.export_keys_csv(keys).await
}

/// Newest first.
#[tauri::command]
pub async fn list_audit(state: AppStateRef<'_>, filter: AuditFilter) -> AppResult<Vec<AuditEntry>> {
    state.session()?.list_audit(&filter).await
}

#[tauri::command]
pub async fn export_audit_csv(
    state: AppStateRef<'_>,
    filter: AuditFilter,
) -> AppResult<Option<String>> {
    state.session()?.export_audit_csv(&filter).await
}
