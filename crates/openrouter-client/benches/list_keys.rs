//! Listing 10,000 keys from the simulator: the concurrent walk (32 pages in
//! flight) against a page-by-page walk, at 0 ms and 50 ms of server latency.
//!
//! `cargo bench -p openrouter-client` runs the full comparison and ends with
//! `list-10k-50ms speedup: <ratio>x`. Without `--bench` (as under
//! `cargo test --benches` / `--all-targets`), or with `--test`, a small smoke
//! run checks the same things in a second or two.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use openrouter_client::{Client, ClientConfig, Key, ListOptions, SecretString};
use openrouter_sim::{Sim, SimConfig};

struct Plan {
    keys: usize,
    latencies_ms: [u64; 2],
    concurrent_runs: usize,
    sequential_runs: usize,
    label: &'static str,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let full = args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test");
    let plan = if full {
        Plan {
            keys: 10_000,
            latencies_ms: [0, 50],
            concurrent_runs: 5,
            sequential_runs: 2,
            label: "list-10k",
        }
    } else {
        Plan {
            keys: 1_000,
            latencies_ms: [0, 10],
            concurrent_runs: 1,
            sequential_runs: 1,
            label: "smoke-list-1k",
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(run(plan));
}

async fn run(plan: Plan) {
    let sim = Sim::start(SimConfig {
        keys: plan.keys,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    let client = Client::new(
        ClientConfig::default().with_base_url(sim.base_url()),
        SecretString::from(sim.management_key()),
    )
    .expect("client");
    let concurrent = ListOptions::everything();
    let sequential = ListOptions::everything().sequential();

    println!(
        "list_keys over HTTP against the simulator: {} keys, {} per page",
        plan.keys,
        openrouter_client::PAGE_SIZE
    );
    println!(
        "{:>9} | {:>17} | {:>12} | {:>8}",
        "latency",
        format!("concurrent ({})", concurrent.concurrency),
        "sequential",
        "speedup"
    );
    let mut last_ratio = 0.0;
    for latency in plan.latencies_ms {
        sim.set_latency(Duration::from_millis(latency));
        // Warm-up: opens the pooled connections so both walks start equal.
        list(&client, &concurrent).await;
        let (fast, fast_keys) = median_time(&client, &concurrent, plan.concurrent_runs).await;
        let (slow, slow_keys) = median_time(&client, &sequential, plan.sequential_runs).await;

        let a: HashSet<&str> = fast_keys.iter().map(|k| k.hash.as_str()).collect();
        let b: HashSet<&str> = slow_keys.iter().map(|k| k.hash.as_str()).collect();
        assert_eq!(a, b, "both walks must return the same keys");
        assert_eq!(a.len(), plan.keys, "every key listed once");
        assert_eq!(fast_keys, slow_keys, "and in the same order");

        last_ratio = slow.as_secs_f64() / fast.as_secs_f64();
        println!(
            "{:>6} ms | {:>14.1} ms | {:>9.1} ms | {:>7.1}x",
            latency,
            ms(fast),
            ms(slow),
            last_ratio
        );
    }
    println!(
        "same set of hashes from both walks: yes ({} keys)",
        plan.keys
    );
    sim.shutdown().await;
    println!(
        "{}-{}ms speedup: {:.1}x",
        plan.label, plan.latencies_ms[1], last_ratio
    );
}

async fn list(client: &Client, options: &ListOptions) -> Vec<Key> {
    client.list_keys(options).await.expect("list_keys")
}

/// Median wall time of `runs` walks, and the keys of the last one.
async fn median_time(client: &Client, options: &ListOptions, runs: usize) -> (Duration, Vec<Key>) {
    let mut times = Vec::with_capacity(runs);
    let mut keys = Vec::new();
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        keys = list(client, options).await;
        times.push(started.elapsed());
    }
    times.sort();
    (times[times.len() / 2], keys)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
