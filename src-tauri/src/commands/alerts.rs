//! The warnings: their settings, the alert centre and "Refresh now".

use super::AppStateRef;
use crate::error::AppResult;
use crate::watch::{AlertsView, WarningSettings};

#[tauri::command]
pub async fn get_warning_settings(state: AppStateRef<'_>) -> AppResult<WarningSettings> {
    Ok(state.platform.desktop().form(&state.warnings))
}

/// Checks every figure, stores them (starting at login goes to the OS),
/// and lets the watch look again under the new rules and interval.
#[tauri::command]
pub async fn save_warning_settings(
    state: AppStateRef<'_>,
    settings: WarningSettings,
) -> AppResult<WarningSettings> {
    let form = state.platform.desktop().save(&state.warnings, &settings)?;
    if let Ok(session) = state.session() {
        session.watch.wake();
    }
    Ok(form)
}

#[tauri::command]
pub async fn list_alerts(state: AppStateRef<'_>) -> AppResult<AlertsView> {
    Ok(state.session()?.alerts())
}

#[tauri::command]
pub async fn refresh_alerts(state: AppStateRef<'_>) -> AppResult<AlertsView> {
    state.session()?.refresh_alerts().await
}

#[tauri::command]
pub async fn dismiss_alert(state: AppStateRef<'_>, id: String) -> AppResult<AlertsView> {
    state.session()?.dismiss_alert(&id)
}
