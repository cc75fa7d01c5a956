//! Signing in and out: commands over [`AppState`].

use secrecy::SecretString;

use crate::dto::*;
use crate::error::AppResult;

use super::AppStateRef;

#[tauri::command]
pub async fn startup(app: tauri::AppHandle, state: AppStateRef<'_>) -> AppResult<StartupInfo> {
    let info = state.startup().await;
    crate::desktop::after_startup(&app, &info);
    Ok(info)
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

/// Signs in with the stored key after the person agreed to use it against a
/// non-default API.
#[tauri::command]
pub async fn sign_in_stored(state: AppStateRef<'_>) -> AppResult<SessionInfo> {
    state.sign_in_stored().await
}

#[tauri::command]
pub async fn start_demo(state: AppStateRef<'_>) -> AppResult<SessionInfo> {
    state.start_demo().await
}

#[tauri::command]
pub async fn sign_out(state: AppStateRef<'_>) -> AppResult<()> {
    state.sign_out().await
}
