//! Where the money goes: the overview's 30-day picture and a key's page.

use super::AppStateRef;
use crate::dto_insights::{AccountInsights, KeyInsights};
use crate::error::AppResult;

#[tauri::command]
pub async fn account_insights(
    state: AppStateRef<'_>,
    workspace_id: Option<String>,
) -> AppResult<AccountInsights> {
    state.session()?.account_insights(workspace_id).await
}

#[tauri::command]
pub async fn key_insights(state: AppStateRef<'_>, hash: String) -> AppResult<KeyInsights> {
    state.session()?.key_insights(&hash).await
}
