//! The simulated accounts scenarios start from, and keys put on them
//! directly (preconditions, not what a scenario tests).

use std::collections::HashSet;

use openrouter_sim::{Sim, SimConfig};
use serde_json::json;

use crate::fixture::sim;
use crate::sim_keys::{create_key, expiry_in_days, SimKey};

/// The personal account: 250 plainly named keys (`key-0001`…).
pub const ACCOUNT_KEYS: usize = 250;

pub fn account() -> SimConfig {
    SimConfig {
        keys: ACCOUNT_KEYS,
        seed: 7,
        ..SimConfig::default()
    }
}

/// The key the single-key scenarios create, edit, rotate and delete.
pub const NEW_KEY: &str = "e2e-build-server";

/// [`NEW_KEY`] as if made in the "New key" dialog: limit $10, monthly reset,
/// expiring in 30 days.
pub async fn with_created_key(sim: &Sim) -> SimKey {
    create_key(
        sim,
        json!({
            "name": NEW_KEY,
            "limit": 10,
            "limit_reset": "monthly",
            "expires_at": expiry_in_days(30),
        }),
    )
    .await
}

/// The workshop account: 50 plain keys, two of them with spend.
pub const PLAIN_KEYS: usize = 50;
/// The plain keys, and only they, match this search.
pub const PLAIN_SEARCH: &str = "key-0";
/// Bulk-created keys: `Workshop Nov 2026 – 1` … `– 30`.
pub const PATTERN: &str = "Workshop Nov 2026 – {n}";
pub const BULK_COUNT: usize = 30;

pub fn workshop_name(n: usize) -> String {
    PATTERN.replace("{n}", &n.to_string())
}

/// The plain keys of the workshop account.
pub struct PlainKeys {
    /// Newest first (the order the list shows them); key-0001 … key-0050.
    pub hashes: Vec<String>,
    pub names: HashSet<String>,
}

/// The workshop account: a simulator with [`PLAIN_KEYS`] plain keys; the
/// newest has $1.234567 of spend, the next $0.50 of BYOK spend.
pub async fn workshop() -> (Sim, PlainKeys) {
    let sim = sim(SimConfig {
        keys: 0,
        seed: 44,
        ..SimConfig::default()
    })
    .await;
    let hashes = sim.insert_keys(PLAIN_KEYS, None);
    let names: HashSet<String> = hashes
        .iter()
        .map(|h| {
            sim.key_snapshot(h).unwrap()["name"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(
        names.iter().all(|n| n.starts_with(PLAIN_SEARCH)),
        "setup: plain keys are named {PLAIN_SEARCH}…: {names:?}"
    );
    // Some spend, so an export has numbers other than 0 to check.
    assert!(sim.add_spend(&hashes[0], 1.234567, false));
    assert!(sim.add_spend(&hashes[1], 0.5, true));
    (sim, PlainKeys { hashes, names })
}

/// The 30 workshop keys as a bulk create makes them (limit $2, monthly,
/// expiring in 90 days), created in order: returned oldest (– 1) first.
pub async fn with_workshop_keys(sim: &Sim) -> Vec<SimKey> {
    let expires = expiry_in_days(90);
    let mut keys = Vec::new();
    for n in 1..=BULK_COUNT {
        keys.push(
            create_key(
                sim,
                json!({
                    "name": workshop_name(n),
                    "limit": 2,
                    "limit_reset": "monthly",
                    "expires_at": expires,
                }),
            )
            .await,
        );
    }
    keys
}
