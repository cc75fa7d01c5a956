//! `/api/v1/key` (the calling key), `/api/v1/credits`, `/api/v1/workspaces`.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::api_error::ApiError;
use crate::keygen;
use crate::keys_api::result;
use crate::model::{management_current_key_json, money};
use crate::shared::{Access, Shared};
use crate::state::Caller;
use crate::validation;

pub(crate) async fn current_key(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    result((|| {
        let caller = shared.authorize(&headers, Access::AnyKey)?;
        let today = shared.now().date_naive();
        let store = shared.store();
        let data = match caller {
            Caller::Management => management_current_key_json(
                &keygen::key_label(&store.management_key),
                &store.owner_user_id,
            ),
            Caller::Inference(None) => store.account_key.to_current_key_json(today),
            Caller::Inference(Some(hash)) => store
                .get(&hash)
                .ok_or_else(ApiError::not_found)?
                .to_current_key_json(today),
            // authorize() turns every other caller into an error.
            _ => return Err(ApiError::not_found()),
        };
        Ok(Json(json!({ "data": data })).into_response())
    })())
}

pub(crate) async fn credits(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    result((|| {
        shared.authorize(&headers, Access::Management)?;
        let store = shared.store();
        let data = json!({
            "total_credits": money(store.total_credits),
            "total_usage": store.total_usage(),
        });
        Ok(Json(json!({ "data": data })).into_response())
    })())
}

pub(crate) async fn workspaces(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    result((|| {
        shared.authorize(&headers, Access::Management)?;
        let (offset, limit) =
            validation::parse_workspaces_query(query.as_deref()).map_err(ApiError::bad_request)?;
        let store = shared.store();
        let data: Vec<Value> = store
            .workspaces
            .iter()
            .skip(offset)
            .take(limit)
            .map(|w| w.to_json())
            .collect();
        Ok(Json(json!({ "data": data, "total_count": store.workspaces.len() })).into_response())
    })())
}
