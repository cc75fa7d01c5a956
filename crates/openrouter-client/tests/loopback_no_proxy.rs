//! A client aimed at this machine never goes through a proxy: the key travels
//! in clear text over loopback http://, and a proxy would see it.
//!
//! Its own test binary (so its own process): the proxy variables set here
//! cannot leak into other tests.

use std::time::Duration;

use openrouter_client::{Client, ClientConfig, RetryPolicy, SecretString};
use openrouter_sim::{Sim, SimConfig};

/// Port 9 (discard) on loopback: nothing listens, so a proxied request fails.
const DEAD_PROXY: &str = "http://127.0.0.1:9";

#[tokio::test]
async fn loopback_requests_ignore_proxy_variables() {
    for var in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        std::env::set_var(var, DEAD_PROXY);
    }
    for var in ["NO_PROXY", "no_proxy"] {
        std::env::remove_var(var);
    }

    let sim = Sim::start(SimConfig {
        keys: 3,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    let base = sim.base_url().to_string();
    let localhost = base.replace("127.0.0.1", "localhost");
    for url in [base, localhost] {
        let config = ClientConfig::default()
            .with_base_url(&url)
            .with_timeouts(Duration::from_secs(2), Duration::from_secs(10))
            .with_retry(RetryPolicy {
                max_attempts: 1,
                ..RetryPolicy::fast()
            });
        let client = Client::new(config, SecretString::from(sim.management_key())).unwrap();
        let keys = client
            .list_keys(&Default::default())
            .await
            .unwrap_or_else(|e| panic!("{url}: {e:?}"));
        assert_eq!(keys.len(), 3, "{url}");
    }
}
