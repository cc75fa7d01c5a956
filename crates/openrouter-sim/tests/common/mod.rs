//! Helpers shared by the integration tests: a started simulator and a plain
//! reqwest client that talks to it.
#![allow(dead_code)] // each test binary uses a different subset

use openrouter_sim::{Sim, SimConfig};
use reqwest::{Client, Method, StatusCode};
use serde_json::Value;

pub async fn start(config: SimConfig) -> Sim {
    Sim::start(config).await.expect("simulator starts")
}

pub async fn start_with_keys(keys: usize) -> Sim {
    start(SimConfig {
        keys,
        ..SimConfig::default()
    })
    .await
}

pub fn client() -> Client {
    Client::builder().no_proxy().build().unwrap()
}

/// Auth to send: the management key, another token, or none.
#[derive(Clone, Copy)]
pub enum Auth<'a> {
    Management,
    Token(&'a str),
    None,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

/// Sends a request to `base_url + path` and parses the JSON body (panics if the
/// body is not JSON: every simulator response outside fault injection is).
pub async fn call(
    sim: &Sim,
    method: Method,
    path: &str,
    auth: Auth<'_>,
    body: Option<&str>,
) -> Reply {
    let mut req = client().request(method, format!("{}{}", sim.base_url(), path));
    req = match auth {
        Auth::Management => req.bearer_auth(sim.management_key()),
        Auth::Token(t) => req.bearer_auth(t),
        Auth::None => req,
    };
    if let Some(b) = body {
        req = req
            .header("content-type", "application/json")
            .body(b.to_string());
    }
    let resp = req.send().await.expect("request succeeds");
    let status = resp.status();
    let headers = resp.headers().clone();
    let text = resp.text().await.expect("body");
    let body = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    Reply {
        status,
        headers,
        body,
    }
}

pub async fn get(sim: &Sim, path: &str) -> Reply {
    call(sim, Method::GET, path, Auth::Management, None).await
}

pub async fn post(sim: &Sim, path: &str, body: &str) -> Reply {
    call(sim, Method::POST, path, Auth::Management, Some(body)).await
}

pub async fn patch(sim: &Sim, path: &str, body: &str) -> Reply {
    call(sim, Method::PATCH, path, Auth::Management, Some(body)).await
}

pub async fn delete(sim: &Sim, path: &str) -> Reply {
    call(sim, Method::DELETE, path, Auth::Management, None).await
}

/// Names of a `{data:[Key]}` page, in order.
pub fn names(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .expect("data array")
        .iter()
        .map(|k| k["name"].as_str().unwrap().to_string())
        .collect()
}

pub fn error_message(reply: &Reply) -> &str {
    reply.body["error"]["message"]
        .as_str()
        .expect("error envelope")
}

/// A future RFC 3339 UTC timestamp with seconds.
pub fn future_timestamp(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}
