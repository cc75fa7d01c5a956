//! `/api/v1/guardrails…` (guardrails and their key assignments) and
//! `/api/v1/organization/members`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::api_error::ApiError;
use crate::guardrails::{parse_input, parse_key_hashes, GUARDRAIL_NOT_FOUND};
use crate::keygen::is_uuid;
use crate::keys_api::result;
use crate::shared::{Access, Shared};
use crate::validation::{parse_workspaces_query, query_pairs, WORKSPACE_NOT_FOUND};

type AppState = State<Arc<Shared>>;

fn guardrail_not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, GUARDRAIL_NOT_FOUND)
}

/// `offset`/`limit` (1–100, default 50) as on every paged listing here.
fn page(query: Option<&str>) -> Result<(usize, usize), ApiError> {
    parse_workspaces_query(query).map_err(ApiError::bad_request)
}

pub(crate) async fn list(
    State(shared): AppState,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    result((|| {
        shared.authorize(&headers, Access::Management)?;
        let (offset, limit) = page(query.as_deref())?;
        let store = shared.store();
        let mut workspace = store.default_workspace_id().to_string();
        for (k, v) in query_pairs(query.as_deref()) {
            if k == "workspace_id" && !v.is_empty() {
                if !is_uuid(&v) {
                    return Err(ApiError::bad_request("workspace_id must be a valid UUID"));
                }
                // The listing declares no 404: an unknown workspace is a bad request.
                workspace = store
                    .canonical_workspace_id(&v)
                    .ok_or_else(|| ApiError::bad_request(WORKSPACE_NOT_FOUND))?;
            }
        }
        let (items, total) = store.guardrail_page(&workspace, offset, limit);
        let data: Vec<Value> = items.into_iter().map(|g| g.to_json()).collect();
        Ok(Json(json!({ "data": data, "total_count": total })).into_response())
    })())
}

pub(crate) async fn create(State(shared): AppState, headers: HeaderMap, body: Bytes) -> Response {
    result((|| {
        shared.authorize(&headers, Access::Management)?;
        let input = parse_input(&body, true).map_err(ApiError::bad_request)?;
        let mut store = shared.store();
        if let Some(ws) = &input.workspace_id {
            if !store.workspace_exists(ws) {
                return Err(ApiError::bad_request(WORKSPACE_NOT_FOUND));
            }
        }
        let g = store.create_guardrail(input, shared.now());
        Ok((StatusCode::CREATED, Json(json!({ "data": g.to_json() }))).into_response())
    })())
}

pub(crate) async fn get(
    State(shared): AppState,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    result((|| {
        shared.authorize(&headers, Access::Management)?;
        let store = shared.store();
        let g = store.guardrail(&id).ok_or_else(guardrail_not_found)?;
        Ok(Json(json!({ "data": g.to_json() })).into_response())
    })())
}

pub(crate) async fn update(
    State(shared): AppState,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    result((|| {
        shared.authorize(&headers, Access::Management)?;
        // Unknown guardrail first, as for keys.
        if shared.store().guardrail(&id).is_none() {
            return Err(guardrail_not_found());
        }
        let input = parse_input(&body, false).map_err(ApiError::bad_request)?;
        let g = shared
            .store()
            .update_guardrail(&id, input, shared.now())
            .ok_or_else(guardrail_not_found)?;
        Ok(Json(json!({ "data": g.to_json() })).into_response())
    })())
}

pub(crate) async fn delete(
    State(shared): AppState,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    result((|| {
        shared.authorize(&headers, Access::Management)?;
        if !shared.store().delete_guardrail(&id) {
            return Err(guardrail_not_found());
        }
        Ok(Json(json!({ "deleted": true })).into_response())
    })())
}

pub(crate) async fn list_assignments(
    State(shared): AppState,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    result((|| {
        shared.authorize(&headers, Access::Management)?;
        let store = shared.store();
        if store.guardrail(&id).is_none() {
            return Err(guardrail_not_found());
        }
        let (offset, limit) = page(query.as_deref())?;
        let (data, total) = store.assignment_page(Some(&id), offset, limit);
        Ok(Json(json!({ "data": data, "total_count": total })).into_response())
    })())
}

pub(crate) async fn list_all_assignments(
    State(shared): AppState,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    result((|| {
        shared.authorize(&headers, Access::Management)?;
        let (offset, limit) = page(query.as_deref())?;
        let (data, total) = shared.store().assignment_page(None, offset, limit);
        Ok(Json(json!({ "data": data, "total_count": total })).into_response())
    })())
}

pub(crate) async fn assign(
    State(shared): AppState,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    result((|| {
        shared.authorize(&headers, Access::Management)?;
        if shared.store().guardrail(&id).is_none() {
            return Err(guardrail_not_found());
        }
        let hashes = parse_key_hashes(&body).map_err(ApiError::bad_request)?;
        let now = shared.now();
        let count = shared.store().assign(&id, &hashes, now);
        Ok(Json(json!({ "assigned_count": count })).into_response())
    })())
}

pub(crate) async fn unassign(
    State(shared): AppState,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    result((|| {
        shared.authorize(&headers, Access::Management)?;
        if shared.store().guardrail(&id).is_none() {
            return Err(guardrail_not_found());
        }
        let hashes = parse_key_hashes(&body).map_err(ApiError::bad_request)?;
        let count = shared.store().unassign(&id, &hashes);
        Ok(Json(json!({ "unassigned_count": count })).into_response())
    })())
}

pub(crate) async fn members(
    State(shared): AppState,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    result((|| {
        shared.authorize(&headers, Access::Management)?;
        let store = shared.store();
        if store.personal {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "Organization not found: this is a personal account",
            ));
        }
        let (offset, limit) = page(query.as_deref())?;
        let data: Vec<Value> = store
            .members
            .iter()
            .skip(offset)
            .take(limit)
            .map(|m| m.to_json())
            .collect();
        Ok(Json(json!({ "data": data, "total_count": store.members.len() })).into_response())
    })())
}
