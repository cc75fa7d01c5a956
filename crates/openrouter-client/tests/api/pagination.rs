//! Listing every key across pages, with and without concurrency, while the
//! account changes underneath.

use std::collections::HashSet;

use openrouter_client::{Key, ListOptions};
use openrouter_sim::{FaultRule, Faults, ListMutation, RateLimitFault};

use crate::common::*;

fn names(keys: &[Key]) -> Vec<String> {
    keys.iter().map(|k| k.name.clone()).collect()
}

fn assert_unique(keys: &[Key]) {
    let hashes: HashSet<_> = keys.iter().map(|k| &k.hash).collect();
    assert_eq!(hashes.len(), keys.len(), "duplicate keys");
}

#[tokio::test]
async fn every_size_is_listed_completely_in_order() {
    for n in [0, 99, 100, 101, 250] {
        let sim = sim(n).await;
        let client = client(&sim);
        for options in [
            ListOptions::everything(),
            ListOptions::everything().sequential(),
        ] {
            let keys = client.list_keys(&options).await.unwrap();
            assert_eq!(keys.len(), n, "n={n} concurrency={}", options.concurrency);
            assert_unique(&keys);
            assert_eq!(
                names(&keys),
                sim.key_names(),
                "n={n}: newest first, as the sim"
            );
        }
        // A sequential walk asks for exactly the pages needed: full ones plus
        // the short (possibly empty) last one.
        sim.clear_requests();
        client
            .list_keys(&ListOptions::everything().sequential())
            .await
            .unwrap();
        assert_eq!(logged(&sim, "GET").len(), n / 100 + 1, "n={n}");
    }
}

#[tokio::test]
async fn ten_thousand_keys() {
    let sim = sim(10_000).await;
    let client = client(&sim);
    let concurrent = client.list_keys(&ListOptions::everything()).await.unwrap();
    assert_eq!(concurrent.len(), 10_000);
    assert_unique(&concurrent);
    assert_eq!(names(&concurrent), sim.key_names());
    let sequential = client
        .list_keys(&ListOptions::everything().sequential())
        .await
        .unwrap();
    assert_eq!(concurrent, sequential);
    // Every page offset was asked for; none past the speculative window.
    let offsets: HashSet<String> = logged(&sim, "GET")
        .into_iter()
        .filter_map(|r| r.query)
        .collect();
    for page in 0..=100 {
        assert!(
            offsets
                .iter()
                .any(|q| q.contains(&format!("offset={}", page * 100))),
            "page {page} missing"
        );
    }
}

#[tokio::test]
async fn inserts_during_the_walk_produce_no_duplicates() {
    for concurrency in [1, 4, 16] {
        let sim = sim(1_000).await;
        sim.on_list_page(2, ListMutation::Insert(30));
        sim.on_list_page(5, ListMutation::Insert(250));
        let keys = client(&sim)
            .list_keys(&ListOptions::everything().with_concurrency(concurrency))
            .await
            .unwrap();
        assert_unique(&keys);
        // All of the original keys are still there (inserts only push down).
        assert!(
            keys.len() >= 1_000,
            "concurrency {concurrency}: {}",
            keys.len()
        );
        // And a fresh walk sees everything.
        let after = client(&sim)
            .list_keys(&ListOptions::everything())
            .await
            .unwrap();
        assert_eq!(after.len(), sim.key_count());
        assert_unique(&after);
    }
}

#[tokio::test]
async fn deletes_during_the_walk_do_not_crash_or_duplicate() {
    for concurrency in [1, 16] {
        let sim = sim(1_000).await;
        sim.on_list_page(1, ListMutation::DeleteNewest(40));
        sim.on_list_page(3, ListMutation::DeleteOldest(120));
        sim.on_list_page(6, ListMutation::Insert(10));
        let keys = client(&sim)
            .list_keys(&ListOptions::everything().with_concurrency(concurrency))
            .await
            .unwrap();
        assert_unique(&keys);
        // Deleted keys may be missed or seen; nothing else is lost twice.
        assert!(keys.len() <= 1_010 && keys.len() >= 700, "{}", keys.len());
    }
}

#[tokio::test]
async fn rate_limits_while_paging_still_list_everything() {
    let sim = sim(1_000).await;
    sim.set_faults(Faults {
        rate_limit: Some(RateLimitFault {
            rule: FaultRule::every_nth(3),
            retry_after_secs: 0,
        }),
        ..Faults::default()
    });
    let keys = client(&sim)
        .list_keys(&ListOptions::everything())
        .await
        .unwrap();
    assert_eq!(keys.len(), 1_000);
    assert_unique(&keys);
    assert_eq!(names(&keys), sim.key_names());
}
