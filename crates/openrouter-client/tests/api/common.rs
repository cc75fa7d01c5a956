//! Simulator and client set-up shared by the tests.

use std::time::Duration;

use openrouter_client::{Client, ClientConfig, Error, ErrorCode, RetryPolicy, SecretString};
use openrouter_sim::{LoggedRequest, Sim, SimConfig};

/// A simulator with `keys` plain keys.
pub async fn sim(keys: usize) -> Sim {
    sim_with(SimConfig {
        keys,
        ..SimConfig::default()
    })
    .await
}

pub async fn sim_with(config: SimConfig) -> Sim {
    Sim::start(config).await.expect("simulator starts")
}

/// Settings for tests: the simulator's URL, short timeouts, millisecond
/// backoffs.
pub fn config(sim: &Sim) -> ClientConfig {
    ClientConfig::default()
        .with_base_url(sim.base_url())
        .with_timeouts(Duration::from_secs(2), Duration::from_secs(10))
        .with_retry(RetryPolicy::fast())
}

/// A client with the simulator's management key.
pub fn client(sim: &Sim) -> Client {
    client_with(sim, config(sim))
}

pub fn client_with(sim: &Sim, config: ClientConfig) -> Client {
    Client::new(config, SecretString::from(sim.management_key())).expect("valid config")
}

/// A client authenticating with `key` instead.
pub fn client_for_key(sim: &Sim, key: String) -> Client {
    Client::new(config(sim), SecretString::from(key)).expect("valid config")
}

/// Requests logged by the simulator with this method, ignoring others.
pub fn logged(sim: &Sim, method: &str) -> Vec<LoggedRequest> {
    sim.requests()
        .into_iter()
        .filter(|r| r.method == method)
        .collect()
}

#[track_caller]
pub fn assert_code<T: std::fmt::Debug>(result: Result<T, Error>, code: ErrorCode) -> Error {
    match result {
        Ok(v) => panic!("expected {code}, got Ok({v:?})"),
        Err(e) => {
            assert_eq!(e.code(), code, "{e:?}");
            e
        }
    }
}

/// A key string in the real format, built at run time (never a literal).
pub fn fake_key(fill: &str) -> String {
    format!("sk-or-v1-{}", fill.repeat(64 / fill.len()))
}

/// A loopback port with nothing listening on it.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    port
}
