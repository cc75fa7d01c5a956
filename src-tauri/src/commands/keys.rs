//! Single-key commands: list, read, create, edit, disable, delete, rotate,
//! and the reveal view.

use zeroize::Zeroizing;

use super::AppStateRef;
use crate::dto::*;
use crate::dto_list::ListedKeys;
use crate::error::AppResult;

#[tauri::command]
pub async fn list_keys(state: AppStateRef<'_>, input: ListKeysInput) -> AppResult<ListedKeys> {
    let listed = state.session()?.list_keys(input).await;
    crate::memory::release_freed_soon();
    Ok(listed?.into_iter().collect())
}

#[tauri::command]
pub async fn get_key(state: AppStateRef<'_>, hash: String) -> AppResult<KeyView> {
    state.session()?.get_key(&hash).await
}

#[tauri::command]
pub async fn create_key(
    state: AppStateRef<'_>,
    input: CreateKeyInput,
) -> AppResult<CreatedKeyView> {
    state.session()?.create_key(input).await
}

#[tauri::command]
pub async fn edit_key(state: AppStateRef<'_>, input: EditKeyInput) -> AppResult<EditOutcome> {
    state.session()?.edit_key(input).await
}

#[tauri::command]
pub async fn set_key_disabled(
    state: AppStateRef<'_>,
    hash: String,
    disabled: bool,
) -> AppResult<KeyView> {
    state.session()?.set_disabled(&hash, disabled).await
}

#[tauri::command]
pub async fn delete_key(state: AppStateRef<'_>, hash: String) -> AppResult<()> {
    state.session()?.delete_key(&hash).await
}

#[tauri::command]
pub async fn rotate_key(state: AppStateRef<'_>, input: RotateInput) -> AppResult<CreatedKeyView> {
    state.session()?.rotate_key(input).await
}

#[tauri::command]
pub async fn retire_key(state: AppStateRef<'_>, input: RetireInput) -> AppResult<Retirements> {
    state.session()?.retire_key(input).await
}

#[tauri::command]
pub async fn list_reminders(state: AppStateRef<'_>) -> AppResult<Retirements> {
    Ok(state.session()?.retirements())
}

/// Carries out the retirements due now (the window asks when one comes due).
#[tauri::command]
pub async fn run_due_retirements(state: AppStateRef<'_>) -> AppResult<Retirements> {
    Ok(state.session()?.run_due_retirements(false).await)
}

/// "Keep the old key": its retirement plan is dropped.
#[tauri::command]
pub async fn dismiss_reminder(state: AppStateRef<'_>, id: String) -> AppResult<Retirements> {
    state.session()?.keep_old_key(&id)
}

#[tauri::command]
pub async fn dismiss_retire_notice(state: AppStateRef<'_>, id: String) -> AppResult<Retirements> {
    Ok(state.session()?.dismiss_retire_notice(&id))
}

/// The only path by which a new key string reaches the web view: the person
/// clicked "Show". The backend's copy of the response is wiped after sending.
#[tauri::command]
pub fn reveal_secret(state: AppStateRef<'_>, reveal_id: String) -> AppResult<Zeroizing<String>> {
    state.session()?.reveal_secret(&reveal_id)
}

#[tauri::command]
pub fn copy_secret(state: AppStateRef<'_>, reveal_id: String) -> AppResult<CopyOutcome> {
    state.session()?.copy_secret(&reveal_id)
}

#[tauri::command]
pub fn close_reveal(state: AppStateRef<'_>, reveal_id: String) {
    if let Ok(session) = state.session() {
        session.close_reveal(&reveal_id);
    }
}
