//! Tauri commands: thin adapters from IPC to [`AppState`]. Each returns
//! `Result<_, AppError>`, which reaches the UI as `{code, message, field}`.

use std::sync::Arc;

use secrecy::SecretString;
use tauri::State;
use zeroize::Zeroizing;

use crate::dto::*;
use crate::error::AppResult;
use crate::state::AppState;

type AppStateRef<'a> = State<'a, Arc<AppState>>;

#[tauri::command]
pub async fn startup(state: AppStateRef<'_>) -> AppResult<StartupInfo> {
    Ok(state.startup().await)
}

/// The one moment the management key crosses from the web view. It is moved
/// into a `SecretString` straight away and never logged.
#[tauri::command]
pub async fn sign_in(
    state: AppStateRef<'_>,
    key: String,
    remember: bool,
) -> AppResult<SessionInfo> {
    state.sign_in(SecretString::from(key), remember).await
}

#[tauri::command]
pub async fn sign_in_from_clipboard(
    state: AppStateRef<'_>,
    remember: bool,
) -> AppResult<SessionInfo> {
    state.sign_in_from_clipboard(remember).await
}

#[tauri::command]
pub async fn start_demo(state: AppStateRef<'_>) -> AppResult<SessionInfo> {
    state.start_demo().await
}

#[tauri::command]
pub async fn sign_out(state: AppStateRef<'_>) -> AppResult<()> {
    state.sign_out().await
}

#[tauri::command]
pub async fn list_keys(state: AppStateRef<'_>, input: ListKeysInput) -> AppResult<Vec<KeyView>> {
    state.list_keys(input).await
}

#[tauri::command]
pub async fn get_key(state: AppStateRef<'_>, hash: String) -> AppResult<KeyView> {
    state.get_key(&hash).await
}

#[tauri::command]
pub async fn create_key(
    state: AppStateRef<'_>,
    input: CreateKeyInput,
) -> AppResult<CreatedKeyView> {
    state.create_key(input).await
}

#[tauri::command]
pub async fn edit_key(state: AppStateRef<'_>, input: EditKeyInput) -> AppResult<EditOutcome> {
    state.edit_key(input).await
}

#[tauri::command]
pub async fn set_key_disabled(
    state: AppStateRef<'_>,
    hash: String,
    disabled: bool,
) -> AppResult<KeyView> {
    state.set_disabled(&hash, disabled).await
}

#[tauri::command]
pub async fn delete_key(state: AppStateRef<'_>, hash: String) -> AppResult<()> {
    state.delete_key(&hash).await
}

#[tauri::command]
pub async fn rotate_key(state: AppStateRef<'_>, input: RotateInput) -> AppResult<CreatedKeyView> {
    state.rotate_key(input).await
}

#[tauri::command]
pub async fn retire_key(
    state: AppStateRef<'_>,
    input: RetireInput,
) -> AppResult<Vec<RetireReminder>> {
    state.retire_key(input).await
}

#[tauri::command]
pub async fn list_reminders(state: AppStateRef<'_>) -> AppResult<Vec<RetireReminder>> {
    state.reminders().await
}

#[tauri::command]
pub async fn dismiss_reminder(
    state: AppStateRef<'_>,
    id: String,
) -> AppResult<Vec<RetireReminder>> {
    state.dismiss_reminder(&id).await
}

/// The only path by which a new key string reaches the web view: the person
/// clicked "Show". The backend's copy of the response is wiped after sending.
#[tauri::command]
pub fn reveal_secret(state: AppStateRef<'_>, reveal_id: String) -> AppResult<Zeroizing<String>> {
    state.reveal_secret(&reveal_id)
}

#[tauri::command]
pub fn copy_secret(state: AppStateRef<'_>, reveal_id: String) -> AppResult<CopyOutcome> {
    state.copy_secret(&reveal_id)
}

#[tauri::command]
pub fn close_reveal(state: AppStateRef<'_>, reveal_id: String) {
    state.close_reveal(&reveal_id)
}
