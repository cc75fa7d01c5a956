//! `/api/v1/keys` and `/api/v1/keys/{hash}`: list, create, get, update, delete.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::api_error::ApiError;
use crate::shared::{Access, Shared};
use crate::state::ListFilter;
use crate::validation::{self, WORKSPACE_NOT_FOUND};

/// Marks a response to `POST /keys` that created a key, so that the
/// `reset_after_create` fault knows the create took effect.
#[derive(Clone, Copy, Debug)]
pub(crate) struct KeyCreated;

type AppState = State<Arc<Shared>>;

pub(crate) async fn list(
    State(shared): AppState,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    result(list_inner(&shared, &headers, query.as_deref()))
}

fn list_inner(
    shared: &Shared,
    headers: &HeaderMap,
    query: Option<&str>,
) -> Result<Response, ApiError> {
    shared.authorize(headers, Access::Management)?;
    let q = validation::parse_list_query(query).map_err(ApiError::bad_request)?;
    let now = shared.now();
    let mut store = shared.store();
    let workspace_id = match &q.workspace_id {
        None => store.default_workspace_id().to_string(),
        Some(id) => store
            .canonical_workspace_id(id)
            .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, WORKSPACE_NOT_FOUND))?,
    };
    let filter = ListFilter {
        workspace_id: &workspace_id,
        include_disabled: q.include_disabled,
        include_expired: q.include_expired,
        offset: q.offset,
    };
    let data: Vec<Value> = store
        .list_page(filter, now)
        .into_iter()
        .map(|k| k.to_json(now.date_naive()))
        .collect();
    // The page is rendered; now let any test hook mutate the data behind it.
    store.list_served(&workspace_id, now);
    Ok(Json(json!({ "data": data })).into_response())
}

pub(crate) async fn create(State(shared): AppState, headers: HeaderMap, body: Bytes) -> Response {
    result(create_inner(&shared, &headers, &body))
}

fn create_inner(shared: &Shared, headers: &HeaderMap, body: &[u8]) -> Result<Response, ApiError> {
    shared.authorize(headers, Access::Management)?;
    let now = shared.now();
    let new = validation::parse_create(body, now).map_err(ApiError::bad_request)?;
    let mut store = shared.store();
    if let Some(ws) = &new.workspace_id {
        if !store.workspace_exists(ws) {
            return Err(ApiError::bad_request(WORKSPACE_NOT_FOUND));
        }
    }
    let key = store.create(new, now);
    let mut response = (
        StatusCode::CREATED,
        Json(json!({ "data": key.to_json(now.date_naive()), "key": key.secret })),
    )
        .into_response();
    response.extensions_mut().insert(KeyCreated);
    Ok(response)
}

pub(crate) async fn get(
    State(shared): AppState,
    headers: HeaderMap,
    Path(hash): Path<String>,
) -> Response {
    result((|| {
        shared.authorize(&headers, Access::Management)?;
        let today = shared.now().date_naive();
        let store = shared.store();
        let key = store.get(&hash).ok_or_else(ApiError::not_found)?;
        Ok(Json(json!({ "data": key.to_json(today) })).into_response())
    })())
}

pub(crate) async fn update(
    State(shared): AppState,
    headers: HeaderMap,
    Path(hash): Path<String>,
    body: Bytes,
) -> Response {
    result((|| {
        shared.authorize(&headers, Access::Management)?;
        // Unknown key first: a 404 tells the caller more than a body complaint.
        if shared.store().get(&hash).is_none() {
            return Err(ApiError::not_found());
        }
        let update = validation::parse_update(&body).map_err(ApiError::bad_request)?;
        let mut store = shared.store();
        if let Some(ws) = &update.workspace_id {
            if !store.workspace_exists(ws) {
                return Err(ApiError::bad_request(WORKSPACE_NOT_FOUND));
            }
        }
        let now = shared.now();
        let key = store
            .update(&hash, update, now)
            .ok_or_else(ApiError::not_found)?;
        Ok(Json(json!({ "data": key.to_json(now.date_naive()) })).into_response())
    })())
}

pub(crate) async fn delete(
    State(shared): AppState,
    headers: HeaderMap,
    Path(hash): Path<String>,
) -> Response {
    result((|| {
        shared.authorize(&headers, Access::Management)?;
        if !shared.store().delete(&hash) {
            return Err(ApiError::not_found());
        }
        Ok(Json(json!({ "deleted": true })).into_response())
    })())
}

pub(crate) fn result(r: Result<Response, ApiError>) -> Response {
    r.unwrap_or_else(IntoResponse::into_response)
}
