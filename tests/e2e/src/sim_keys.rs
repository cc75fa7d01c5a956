//! Keys made directly on the simulator, through its OpenRouter API (as any
//! other client of the account would), for scenarios where a key is only a
//! precondition. A tiny HTTP/1.1 client on loopback: no TLS, no new crates.

use openrouter_sim::Sim;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A key created on the simulator, with its one-time key string.
#[derive(Clone, Debug)]
pub struct SimKey {
    pub hash: String,
    pub name: String,
    pub secret: String,
}

/// `method /api/v1{path}` with the management key; returns status and JSON body.
pub async fn call(sim: &Sim, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
    let addr = sim.addr();
    let payload = body.map(|b| b.to_string()).unwrap_or_default();
    let mut head = format!(
        "{method} /api/v1{path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\n\
         Accept: application/json\r\nConnection: close\r\n",
        sim.management_key()
    );
    if body.is_some() {
        head.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            payload.len()
        ));
    }
    head.push_str("\r\n");
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .unwrap_or_else(|e| panic!("connect to the simulator at {addr}: {e}"));
    stream
        .write_all(head.as_bytes())
        .await
        .expect("send a request to the simulator");
    stream
        .write_all(payload.as_bytes())
        .await
        .expect("send a request body to the simulator");
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .await
        .expect("read the simulator's answer");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("simulator answer without headers: {text:.300}"));
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("simulator answer without a status: {head}"));
    let chunked = head.lines().any(|l| {
        l.to_ascii_lowercase()
            .starts_with("transfer-encoding: chunked")
    });
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_string()
    };
    let value = if body.trim().is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&body)
            .unwrap_or_else(|e| panic!("simulator answer is not JSON ({e}): {body:.300}"))
    };
    (status, value)
}

fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

/// Creates a key (`POST /keys` with `fields`, which must hold a `name`).
pub async fn create_key(sim: &Sim, fields: Value) -> SimKey {
    let (status, answer) = call(sim, "POST", "/keys", Some(&fields)).await;
    assert_eq!(
        status, 201,
        "setup: the simulator should create the key {fields}: {answer}"
    );
    SimKey {
        hash: answer["data"]["hash"].as_str().expect("hash").to_string(),
        name: answer["data"]["name"].as_str().expect("name").to_string(),
        secret: answer["key"].as_str().expect("key string").to_string(),
    }
}

/// Creates a key with only a name.
pub async fn create_named(sim: &Sim, name: &str) -> SimKey {
    create_key(sim, json!({ "name": name })).await
}

/// `expires_at` for "in `days` days", as the API takes it.
pub fn expiry_in_days(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
