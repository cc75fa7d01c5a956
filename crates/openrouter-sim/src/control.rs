//! The `/_sim/*` control API (never under `/api/v1`, never logged, never
//! faulted): JSON mirrors of the [`crate::Sim`] methods for out-of-process use.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;

use crate::shared::Shared;
use crate::{Faults, ListMutation};

type S = State<Arc<Shared>>;

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/info", get(info))
        .route("/spend", post(spend))
        .route("/requests", get(requests).delete(clear_requests))
        .route("/reset", post(reset))
        .route("/faults", get(get_faults).post(set_faults))
        .route("/latency", post(set_latency))
        .route("/keys", post(insert_keys))
        .route("/keys/{hash}", delete(delete_key))
        .route("/list-hooks", post(add_list_hook))
        .route("/clock", get(get_clock).post(set_clock))
        .route("/account", post(set_account))
}

fn ok() -> Response {
    Json(json!({"ok": true})).into_response()
}

fn fail(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({"ok": false, "error": message}))).into_response()
}

async fn info(State(shared): S) -> Response {
    let store = shared.store();
    Json(json!({
        "base_url": format!("{}/api/v1", shared.root_url),
        "management_key": store.management_key,
        "inference_key": store.account_key.secret,
        "default_workspace_id": store.default_workspace_id(),
        "workspace_ids": store.workspaces.iter().map(|w| w.id.clone()).collect::<Vec<_>>(),
        "key_count": store.key_count(),
    }))
    .into_response()
}

#[derive(Deserialize)]
struct Spend {
    hash: String,
    usd: f64,
    #[serde(default)]
    byok: bool,
}

async fn spend(State(shared): S, Json(body): Json<Spend>) -> Response {
    if !body.usd.is_finite() {
        return fail(StatusCode::BAD_REQUEST, "usd must be a finite number");
    }
    let now = shared.now();
    if shared
        .store()
        .add_spend(&body.hash, body.usd, body.byok, now)
    {
        ok()
    } else {
        fail(StatusCode::NOT_FOUND, "unknown key hash")
    }
}

async fn requests(State(shared): S) -> Response {
    Json(shared.requests()).into_response()
}

async fn clear_requests(State(shared): S) -> Response {
    shared.clear_requests();
    ok()
}

async fn reset(State(shared): S) -> Response {
    shared.reset();
    ok()
}

async fn get_faults(State(shared): S) -> Response {
    Json(shared.fault_engine().faults().clone()).into_response()
}

async fn set_faults(State(shared): S, Json(faults): Json<Faults>) -> Response {
    shared.set_faults(faults);
    ok()
}

#[derive(Deserialize)]
struct Latency {
    ms: u64,
}

async fn set_latency(State(shared): S, Json(body): Json<Latency>) -> Response {
    shared.set_latency(Duration::from_millis(body.ms));
    ok()
}

#[derive(Deserialize)]
struct InsertKeys {
    count: usize,
    workspace_id: Option<String>,
}

async fn insert_keys(State(shared): S, Json(body): Json<InsertKeys>) -> Response {
    let mut store = shared.store();
    if let Some(ws) = &body.workspace_id {
        if !store.workspace_exists(ws) {
            return fail(StatusCode::BAD_REQUEST, "unknown workspace_id");
        }
    }
    let hashes = store.insert_generated(body.count, body.workspace_id.as_deref(), shared.now());
    Json(json!({"ok": true, "hashes": hashes})).into_response()
}

async fn delete_key(State(shared): S, Path(hash): Path<String>) -> Response {
    if shared.store().delete(&hash) {
        ok()
    } else {
        fail(StatusCode::NOT_FOUND, "unknown key hash")
    }
}

#[derive(Deserialize)]
struct ListHook {
    page_index: usize,
    mutation: ListMutation,
}

async fn add_list_hook(State(shared): S, Json(body): Json<ListHook>) -> Response {
    shared.store().add_list_hook(body.page_index, body.mutation);
    ok()
}

#[derive(Deserialize)]
struct Clock {
    now: DateTime<Utc>,
}

async fn get_clock(State(shared): S) -> Response {
    Json(json!({"now": shared.now()})).into_response()
}

async fn set_clock(State(shared): S, Json(body): Json<Clock>) -> Response {
    shared.set_now(body.now);
    ok()
}

#[derive(Deserialize)]
struct Account {
    personal: bool,
}

async fn set_account(State(shared): S, Json(body): Json<Account>) -> Response {
    shared.store().personal = body.personal;
    ok()
}
