//! Bulk limit change on 1,000 keys against the simulator at 50 ms latency,
//! with 429s (Retry-After: 1 s) injected: the app's bounded concurrent runner
//! (8 in flight) against one key after another.
//!
//! `cargo bench -p keyhold-ops` runs the full comparison (about 1.5 minutes,
//! most of it the sequential run) and ends with
//! `bulk-limit-1000-50ms speedup: <ratio>x`. Without `--bench` (as under
//! `cargo test --benches` / `--all-targets`), or with `--test`, a small smoke
//! run checks the same things in a second or two. Failures are counted and
//! listed, never hidden; any failure makes the bench exit non-zero.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use keyhold_ops::batch::{run_bounded, CancelFlag, DEFAULT_CONCURRENCY};
use keyhold_ops::diff::Change;
use openrouter_client::{Client, ClientConfig, ListOptions, SecretString, Usd};
use openrouter_sim::{FaultRule, Faults, RateLimitFault, Sim, SimConfig};

struct Plan {
    keys: usize,
    latency_ms: u64,
    rate_limit_every: u64,
    label: &'static str,
}

struct Run {
    time: Duration,
    failures: Vec<String>,
    retried_429: usize,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let full = args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test");
    let plan = if full {
        Plan {
            keys: 1_000,
            latency_ms: 50,
            rate_limit_every: 40,
            label: "bulk-limit-1000",
        }
    } else {
        Plan {
            keys: 60,
            latency_ms: 10,
            rate_limit_every: 20,
            label: "smoke-bulk-limit-60",
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let failed = runtime.block_on(run(plan));
    if failed {
        std::process::exit(1);
    }
}

async fn run(plan: Plan) -> bool {
    let sim = Sim::start(SimConfig {
        keys: plan.keys,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    // The client's default retry policy: what the app uses.
    let client = Client::new(
        ClientConfig::default().with_base_url(sim.base_url()),
        SecretString::from(sim.management_key()),
    )
    .expect("client");
    let hashes: Vec<String> = client
        .list_keys(&ListOptions::everything())
        .await
        .expect("list")
        .into_iter()
        .map(|k| k.hash)
        .collect();
    assert_eq!(hashes.len(), plan.keys);
    sim.set_latency(Duration::from_millis(plan.latency_ms));

    println!(
        "bulk limit change over HTTP against the simulator: {} keys, {} ms latency, \
         429 (Retry-After: 1 s) on every {}th PATCH, client retries as in the app",
        plan.keys, plan.latency_ms, plan.rate_limit_every
    );
    println!(
        "{:<11} | {:>9} | {:>10} | {:>8} | {:>12}",
        "mode", "in flight", "time", "failures", "429s retried"
    );
    let concurrent = change_all(&sim, &client, &hashes, "25.00", DEFAULT_CONCURRENCY, &plan).await;
    report("concurrent", DEFAULT_CONCURRENCY, &concurrent);
    let sequential = change_all(&sim, &client, &hashes, "30.00", 1, &plan).await;
    report("sequential", 1, &sequential);

    let ratio = sequential.time.as_secs_f64() / concurrent.time.as_secs_f64();
    let failures = concurrent.failures.len() + sequential.failures.len();
    for f in concurrent.failures.iter().chain(&sequential.failures) {
        println!("FAILED: {f}");
    }
    println!("failures in total: {failures}");
    sim.shutdown().await;
    println!(
        "{}-{}ms speedup: {:.1}x",
        plan.label, plan.latency_ms, ratio
    );
    failures > 0
}

fn report(mode: &str, in_flight: usize, run: &Run) {
    println!(
        "{:<11} | {:>9} | {:>8.2} s | {:>8} | {:>12}",
        mode,
        in_flight,
        run.time.as_secs_f64(),
        run.failures.len(),
        run.retried_429
    );
}

/// Sets every key's limit to `limit` with `in_flight` requests at a time,
/// then checks every key in the simulator.
async fn change_all(
    sim: &Sim,
    client: &Client,
    hashes: &[String],
    limit: &str,
    in_flight: usize,
    plan: &Plan,
) -> Run {
    let change = Change::SetLimit(Usd::parse(limit).unwrap());
    let patch = change.patch().unwrap();
    // Fresh fault counters for each run, so both meet the same 429s.
    sim.set_faults(Faults {
        rate_limit: Some(RateLimitFault {
            rule: FaultRule::every_nth(plan.rate_limit_every).only_methods(&["PATCH"]),
            retry_after_secs: 1,
        }),
        ..Faults::default()
    });
    sim.clear_requests();
    let failures = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let left = run_bounded(
        (0..hashes.len()).collect(),
        in_flight,
        &CancelFlag::default(),
        |i| {
            let (client, hash, patch, failures) = (
                client.clone(),
                hashes[i].clone(),
                patch.clone(),
                failures.clone(),
            );
            async move {
                if let Err(e) = client.update_key(&hash, &patch).await {
                    failures.lock().unwrap().push(format!(
                        "{hash}: {} ({})",
                        e.code().as_str(),
                        e.user_message()
                    ));
                }
            }
        },
    )
    .await;
    let time = started.elapsed();
    assert!(left.is_empty());
    let mut failures = std::mem::take(&mut *failures.lock().unwrap());
    let want = Usd::parse(limit).unwrap().to_f64();
    for h in hashes {
        let now = sim.key_snapshot(h).and_then(|k| k["limit"].as_f64());
        if now != Some(want) {
            failures.push(format!("{h}: limit is {now:?} after the run, not {want}"));
        }
    }
    let patches = sim
        .requests()
        .iter()
        .filter(|r| r.method == "PATCH")
        .count();
    Run {
        time,
        failures,
        retried_429: patches.saturating_sub(hashes.len()),
    }
}
