//! Retries: which requests, how often, how long, and what is never retried.

use std::time::{Duration, Instant};

use openrouter_client::{ClientConfig, ErrorCode, KeyPatch, ListOptions, RetryPolicy, Usd};
use openrouter_sim::{FaultRule, Faults, RateLimitFault, ServerErrorFault, SlowBodyFault};

use crate::common::*;

fn server_error(rule: FaultRule, status: u16) -> Faults {
    Faults {
        server_error: Some(ServerErrorFault {
            rule,
            status,
            retry_after_secs: None,
        }),
        ..Faults::default()
    }
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let sim = sim(1).await;
    // Real delays, as in production, except backoff (unused: the server says).
    let client = client_with(&sim, config(&sim).with_retry(RetryPolicy::default()));
    let hash = client.list_keys(&ListOptions::default()).await.unwrap()[0]
        .hash
        .clone();
    // Every 2nd GET from now on is limited for 1 s.
    sim.set_faults(Faults {
        rate_limit: Some(RateLimitFault {
            rule: FaultRule::every_nth(2).only_methods(&["GET"]),
            retry_after_secs: 1,
        }),
        ..Faults::default()
    });
    client.get_key(&hash).await.unwrap(); // 1st GET: fine
    sim.clear_requests();
    let started = Instant::now();
    client.get_key(&hash).await.unwrap(); // 2nd: 429, then the retry succeeds
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_secs(1), "waited only {elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "waited {elapsed:?}");
    assert_eq!(logged(&sim, "GET").len(), 2);
}

#[tokio::test]
async fn five_hundreds_are_retried_for_get_patch_delete() {
    let sim = sim(3).await;
    let client = client(&sim);
    let keys = client.list_keys(&ListOptions::default()).await.unwrap();

    // Every 2nd request fails: each call needs exactly one retry.
    for status in [500, 502, 503] {
        sim.set_faults(server_error(FaultRule::every_nth(2), status));
        sim.clear_requests();
        client.get_key(&keys[0].hash).await.unwrap(); // #1 ok
        client.get_key(&keys[0].hash).await.unwrap(); // #2 fails, #3 ok
        assert_eq!(logged(&sim, "GET").len(), 3, "status {status}");
    }

    sim.set_faults(server_error(
        FaultRule::always().only_methods(&["PATCH"]),
        503,
    ));
    sim.clear_requests();
    let patch = KeyPatch::new().limit(Usd::parse("5").unwrap());
    assert_code(
        client.update_key(&keys[0].hash, &patch).await,
        ErrorCode::Server,
    );
    assert_eq!(logged(&sim, "PATCH").len(), 4, "4 tries in total");

    sim.set_faults(server_error(
        FaultRule::every_nth(2).only_methods(&["PATCH"]),
        500,
    ));
    sim.clear_requests();
    client.update_key(&keys[0].hash, &patch).await.unwrap();
    client.update_key(&keys[0].hash, &patch).await.unwrap();
    assert_eq!(logged(&sim, "PATCH").len(), 3);

    sim.set_faults(server_error(
        FaultRule::always().only_methods(&["DELETE"]),
        502,
    ));
    sim.clear_requests();
    assert_code(client.delete_key(&keys[1].hash).await, ErrorCode::Server);
    assert_eq!(logged(&sim, "DELETE").len(), 4);
    assert_eq!(sim.key_count(), 3, "a 502 before handling deletes nothing");
}

#[tokio::test]
async fn delete_whose_first_answer_was_lost_counts_as_done() {
    let sim = sim(2).await;
    let client = client(&sim);
    let hash = client.list_keys(&ListOptions::default()).await.unwrap()[0]
        .hash
        .clone();
    // The delete is applied, but its answer is unreadable; the retry gets 404.
    sim.set_faults(Faults {
        truncated_body: Some(FaultRule::always().only_methods(&["DELETE"])),
        ..Faults::default()
    });
    client.delete_key(&hash).await.unwrap();
    assert_eq!(logged(&sim, "DELETE").len(), 2);
    assert_eq!(sim.key_count(), 1);
    // Without an uncertain first try, 404 stays an error.
    sim.set_faults(Faults::none());
    assert_code(client.delete_key(&hash).await, ErrorCode::NotFound);
}

#[tokio::test]
async fn unreadable_bodies_are_retried_then_reported() {
    let sim = sim(1).await;
    let client = client(&sim);
    let hash = client.list_keys(&ListOptions::default()).await.unwrap()[0]
        .hash
        .clone();
    for faults in [
        Faults {
            malformed_json: Some(FaultRule::always()),
            ..Faults::default()
        },
        Faults {
            truncated_body: Some(FaultRule::always()),
            ..Faults::default()
        },
    ] {
        sim.set_faults(faults);
        sim.clear_requests();
        assert_code(client.get_key(&hash).await, ErrorCode::InvalidResponse);
        assert_eq!(logged(&sim, "GET").len(), 4, "GET retried, then gave up");
        assert_code(client.credits().await, ErrorCode::InvalidResponse);
    }
    // Once in a while is absorbed by the retry.
    sim.set_faults(Faults {
        malformed_json: Some(FaultRule::every_nth(2)),
        ..Faults::default()
    });
    for _ in 0..4 {
        client.get_key(&hash).await.unwrap();
    }
}

#[tokio::test]
async fn connection_resets_are_retried_for_reads() {
    let sim = sim(1).await;
    let client = client(&sim);
    sim.set_faults(Faults {
        reset_before: Some(FaultRule::every_nth(2)),
        ..Faults::default()
    });
    for _ in 0..4 {
        client.current_key().await.unwrap();
    }
    sim.set_faults(Faults {
        reset_before: Some(FaultRule::always()),
        ..Faults::default()
    });
    assert_code(client.current_key().await, ErrorCode::Offline);
}

#[tokio::test]
async fn slow_bodies_time_out() {
    let sim = sim(1).await;
    let config = config(&sim)
        .with_timeouts(Duration::from_secs(2), Duration::from_millis(300))
        .with_retry(RetryPolicy {
            max_attempts: 2,
            ..RetryPolicy::fast()
        });
    let client = client_with(&sim, config);
    sim.set_faults(Faults {
        slow_body: Some(SlowBodyFault {
            rule: FaultRule::always(),
            duration_ms: 2_000,
        }),
        ..Faults::default()
    });
    let started = Instant::now();
    assert_code(client.credits().await, ErrorCode::Timeout);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(logged(&sim, "GET").len(), 2, "timeouts are retried");
}

#[tokio::test]
async fn closed_port_is_offline() {
    let base = format!("http://127.0.0.1:{}/api/v1", closed_port());
    let client = openrouter_client::Client::new(
        ClientConfig::default()
            .with_base_url(base)
            .with_retry(RetryPolicy::fast()),
        fake_key("6f").into(),
    )
    .unwrap();
    assert_code(client.credits().await, ErrorCode::Offline);
    assert_code(
        client.list_keys(&ListOptions::default()).await,
        ErrorCode::Offline,
    );
    // Nothing can have been created: no connection was ever made.
    assert_code(
        client
            .create_key(&openrouter_client::NewKey::named("x"))
            .await,
        ErrorCode::Offline,
    );
}

#[tokio::test]
async fn rate_limit_longer_than_the_budget_is_returned_at_once() {
    let sim = sim(1).await;
    let client = client_with(&sim, config(&sim).with_retry(RetryPolicy::default()));
    sim.set_faults(Faults {
        rate_limit: Some(RateLimitFault {
            rule: FaultRule::always(),
            retry_after_secs: 120,
        }),
        ..Faults::default()
    });
    let started = Instant::now();
    let err = assert_code(client.credits().await, ErrorCode::RateLimited);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(err.user_message().contains("120 seconds"));
}
