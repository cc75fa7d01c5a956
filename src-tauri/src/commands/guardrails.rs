//! Guardrails: the screen's list and form, and giving keys to one or taking
//! them out from the key list.

use super::AppStateRef;
use crate::dto_guardrails::*;
use crate::error::AppResult;

#[tauri::command]
pub async fn list_guardrails(
    state: AppStateRef<'_>,
    workspace_id: Option<String>,
) -> AppResult<GuardrailList> {
    state.session()?.list_guardrails(workspace_id).await
}

#[tauri::command]
pub async fn key_guardrails(
    state: AppStateRef<'_>,
    workspace_id: Option<String>,
) -> AppResult<Vec<KeyGuardrail>> {
    state.session()?.key_guardrails(workspace_id).await
}

#[tauri::command]
pub async fn create_guardrail(
    state: AppStateRef<'_>,
    workspace_id: Option<String>,
    input: GuardrailInput,
) -> AppResult<GuardrailSummary> {
    state.session()?.create_guardrail(workspace_id, input).await
}

#[tauri::command]
pub async fn edit_guardrail(
    state: AppStateRef<'_>,
    id: String,
    input: GuardrailInput,
) -> AppResult<GuardrailSummary> {
    state.session()?.edit_guardrail(&id, input).await
}

#[tauri::command]
pub async fn delete_guardrail(state: AppStateRef<'_>, id: String) -> AppResult<()> {
    state.session()?.delete_guardrail(&id).await
}

#[tauri::command]
pub async fn preview_guardrail_assign(
    state: AppStateRef<'_>,
    id: String,
    hashes: Vec<String>,
) -> AppResult<AssignPreview> {
    state
        .session()?
        .preview_guardrail_assign(&id, &hashes)
        .await
}

#[tauri::command]
pub async fn assign_guardrail(
    state: AppStateRef<'_>,
    id: String,
    hashes: Vec<String>,
) -> AppResult<AssignOutcome> {
    state.session()?.assign_guardrail(&id, &hashes).await
}

#[tauri::command]
pub async fn remove_guardrail(
    state: AppStateRef<'_>,
    hashes: Vec<String>,
) -> AppResult<AssignOutcome> {
    state.session()?.remove_guardrail(&hashes).await
}

#[tauri::command]
pub async fn guardrail_suggestions(
    state: AppStateRef<'_>,
    workspace_id: Option<String>,
) -> AppResult<GuardrailSuggestions> {
    state.session()?.guardrail_suggestions(workspace_id).await
}
