//! Every fault type, observed the way a client would: through reqwest or a raw
//! TCP socket.

mod common;

use std::time::{Duration, Instant};

use common::*;
use openrouter_sim::{
    FaultRule, Faults, RandomLatency, RateLimitFault, ServerErrorFault, SimConfig, SlowBodyFault,
};
use reqwest::StatusCode;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn status_of(
    sim: &openrouter_sim::Sim,
    method: reqwest::Method,
    path: &str,
    body: Option<&str>,
) -> StatusCode {
    let mut req = client()
        .request(method, format!("{}{}", sim.base_url(), path))
        .bearer_auth(sim.management_key());
    if let Some(b) = body {
        req = req.body(b.to_string());
    }
    req.send().await.expect("a response").status()
}

/// Sends a raw HTTP/1.1 request and reads until the server closes or resets.
/// Returns what arrived and how reading ended.
async fn raw_exchange(
    sim: &openrouter_sim::Sim,
    method: &str,
    path: &str,
    body: &str,
) -> (Vec<u8>, std::io::Result<()>) {
    let mut stream = TcpStream::connect(sim.addr()).await.unwrap();
    let request = format!(
        "{method} /api/v1{path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        sim.management_key(),
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut received = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) => return (received, Ok(())),
            Ok(n) => received.extend_from_slice(&buf[..n]),
            Err(e) => return (received, Err(e)),
        }
    }
}

fn header_value(response: &str, name: &str) -> Option<String> {
    response
        .lines()
        .find(|l| {
            l.to_ascii_lowercase()
                .starts_with(&format!("{}:", name.to_ascii_lowercase()))
        })
        .map(|l| l.split_once(':').unwrap().1.trim().to_string())
}

#[tokio::test]
async fn rate_limit_every_nth_with_retry_after_and_method_filter() {
    let sim = start_with_keys(1).await;
    sim.set_faults(Faults {
        rate_limit: Some(RateLimitFault {
            rule: FaultRule::every_nth(2).only_methods(&["GET"]),
            retry_after_secs: 3,
        }),
        ..Faults::none()
    });
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let r = get(&sim, "/keys").await;
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(r.headers["retry-after"], "3");
            assert_eq!(
                r.body,
                json!({"error":{"code":429,"message":"Rate limit exceeded"},"openrouter_metadata":null,"user_id":null})
            );
        }
        statuses.push(r.status.as_u16());
        // POSTs do not match the rule and do not advance its counter.
        assert_eq!(
            post(&sim, "/keys", r#"{"name":"p"}"#).await.status,
            StatusCode::CREATED
        );
    }
    assert_eq!(statuses, vec![200, 429, 200, 429]);
}

#[tokio::test]
async fn server_errors_with_configurable_status_skip_the_handler() {
    for status in [500u16, 502, 503] {
        let sim = start_with_keys(0).await;
        sim.set_faults(Faults {
            server_error: Some(ServerErrorFault {
                rule: FaultRule::always(),
                status,
                retry_after_secs: Some(7),
            }),
            ..Faults::none()
        });
        let r = post(&sim, "/keys", r#"{"name":"never"}"#).await;
        assert_eq!(r.status.as_u16(), status);
        assert_eq!(r.body["error"]["code"], status);
        assert_eq!(r.headers["retry-after"], "7");
        assert_eq!(sim.key_count(), 0, "a faulted request is not applied");
        sim.set_faults(Faults::none());
        assert_eq!(get(&sim, "/keys").await.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn reset_before_drops_the_connection_without_applying() {
    let sim = start_with_keys(0).await;
    sim.set_faults(Faults {
        reset_before: Some(FaultRule::always().only_methods(&["POST"])),
        ..Faults::none()
    });
    let err = client()
        .post(format!("{}/keys", sim.base_url()))
        .bearer_auth(sim.management_key())
        .body(r#"{"name":"lost"}"#)
        .send()
        .await
        .expect_err("no response");
    assert!(err.status().is_none());
    assert!(
        err.is_request() || err.is_connect() || err.is_body(),
        "{err:?}"
    );
    assert_eq!(sim.key_count(), 0);
    assert_eq!(
        sim.requests().len(),
        1,
        "the request was received and logged"
    );

    // On the wire it is a reset (RST), not an orderly close.
    let (received, ending) = raw_exchange(&sim, "POST", "/keys", r#"{"name":"lost"}"#).await;
    assert!(received.is_empty());
    assert_eq!(
        ending.unwrap_err().kind(),
        std::io::ErrorKind::ConnectionReset
    );
    // GETs are not in the rule's methods.
    assert_eq!(
        status_of(&sim, reqwest::Method::GET, "/keys", None).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn reset_after_create_applies_the_create_then_drops() {
    let sim = start_with_keys(0).await;
    sim.set_faults(Faults {
        reset_after_create: Some(FaultRule::every_nth(2)),
        ..Faults::none()
    });
    assert_eq!(
        post(&sim, "/keys", r#"{"name":"first"}"#).await.status,
        StatusCode::CREATED
    );
    let err = client()
        .post(format!("{}/keys", sim.base_url()))
        .bearer_auth(sim.management_key())
        .body(r#"{"name":"second"}"#)
        .send()
        .await
        .expect_err("connection dropped after the create");
    assert!(err.status().is_none(), "{err:?}");
    assert_eq!(
        sim.key_names(),
        vec!["second", "first"],
        "the create took effect"
    );
    // Failed validation is not a create and does not count.
    assert_eq!(
        post(&sim, "/keys", "{}").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        post(&sim, "/keys", r#"{"name":"third"}"#).await.status,
        StatusCode::CREATED
    );
    assert!(client()
        .post(format!("{}/keys", sim.base_url()))
        .bearer_auth(sim.management_key())
        .body(r#"{"name":"fourth"}"#)
        .send()
        .await
        .is_err());
    assert_eq!(sim.key_count(), 4);
}

#[tokio::test]
async fn malformed_json_is_a_200_that_does_not_parse() {
    let sim = start_with_keys(2).await;
    sim.set_faults(Faults {
        malformed_json: Some(FaultRule::always()),
        ..Faults::none()
    });
    for path in ["/keys", "/credits", "/key", "/workspaces"] {
        let resp = client()
            .get(format!("{}{path}", sim.base_url()))
            .bearer_auth(sim.management_key())
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(resp.headers()["content-type"], "application/json");
        let text = resp.text().await.unwrap();
        assert!(!text.is_empty());
        assert!(
            serde_json::from_str::<serde_json::Value>(&text).is_err(),
            "{path}: {text}"
        );
    }
    // Mutations behind a garbled response still happen.
    let resp = client()
        .post(format!("{}/keys", sim.base_url()))
        .bearer_auth(sim.management_key())
        .body(r#"{"name":"x"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(sim.key_count(), 3);
}

#[tokio::test]
async fn truncated_body_promises_more_than_it_sends() {
    let sim = start_with_keys(5).await;
    sim.set_faults(Faults {
        truncated_body: Some(FaultRule::always()),
        ..Faults::none()
    });
    let (received, _) = raw_exchange(&sim, "GET", "/keys", "").await;
    let text = String::from_utf8_lossy(&received).to_string();
    let (head, body) = text.split_once("\r\n\r\n").expect("headers arrive");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let promised: usize = header_value(head, "content-length")
        .unwrap()
        .parse()
        .unwrap();
    assert!(body.len() < promised, "sent {} of {promised}", body.len());
    assert!(!body.is_empty());

    let resp = client()
        .get(format!("{}/keys", sim.base_url()))
        .bearer_auth(sim.management_key())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.bytes().await.is_err(), "reading the body fails");
}

#[tokio::test]
async fn slow_body_sends_headers_then_trickles() {
    let sim = start_with_keys(20).await;
    sim.set_faults(Faults {
        slow_body: Some(SlowBodyFault {
            rule: FaultRule::always(),
            duration_ms: 600,
        }),
        ..Faults::none()
    });
    let started = Instant::now();
    let resp = client()
        .get(format!("{}/keys", sim.base_url()))
        .bearer_auth(sim.management_key())
        .send()
        .await
        .unwrap();
    let headers_after = started.elapsed();
    let body = resp.bytes().await.unwrap();
    let body_after = started.elapsed();
    assert!(
        headers_after < Duration::from_millis(400),
        "headers took {headers_after:?}"
    );
    assert!(
        body_after >= Duration::from_millis(500),
        "body took {body_after:?}"
    );
    let page: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        page["data"].as_array().unwrap().len(),
        20,
        "the body is complete and valid"
    );
}

#[tokio::test]
async fn fixed_and_random_latency() {
    let sim = start(SimConfig {
        latency: Duration::from_millis(150),
        ..SimConfig::default()
    })
    .await;
    let t = Instant::now();
    get(&sim, "/credits").await;
    assert!(t.elapsed() >= Duration::from_millis(150));
    sim.set_latency(Duration::ZERO);
    sim.set_faults(Faults {
        random_latency: Some(RandomLatency {
            max_ms: 300,
            methods: vec!["GET".into()],
        }),
        ..Faults::none()
    });
    let t = Instant::now();
    for _ in 0..8 {
        get(&sim, "/credits").await;
    }
    let elapsed = t.elapsed();
    // Seeded draws: expected ~1.2 s, at most 2.4 s (+ slack).
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(5),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn probabilistic_faults_repeat_for_the_same_seed() {
    let faults = Faults {
        server_error: Some(ServerErrorFault {
            rule: FaultRule::with_probability(0.3),
            status: 503,
            retry_after_secs: None,
        }),
        rate_limit: Some(RateLimitFault {
            rule: FaultRule::with_probability(0.2),
            retry_after_secs: 1,
        }),
        ..Faults::none()
    };
    let run = |seed: u64| {
        let faults = faults.clone();
        async move {
            let sim = start(SimConfig {
                seed,
                faults,
                ..SimConfig::default()
            })
            .await;
            let mut out = Vec::new();
            for _ in 0..40 {
                out.push(
                    status_of(&sim, reqwest::Method::GET, "/credits", None)
                        .await
                        .as_u16(),
                );
            }
            out
        }
    };
    let a = run(21).await;
    assert_eq!(a, run(21).await);
    assert_ne!(a, run(22).await);
    assert!(
        a.contains(&503) && a.contains(&429) && a.contains(&200),
        "{a:?}"
    );
}

#[tokio::test]
async fn faults_can_be_set_through_the_control_api_and_reset() {
    let sim = start_with_keys(0).await;
    let http = client();
    let r = http
        .post(format!("{}/_sim/faults", sim.root_url()))
        .json(&json!({"server_error": {"every_nth": 1, "status": 502}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        status_of(&sim, reqwest::Method::GET, "/keys", None).await,
        StatusCode::BAD_GATEWAY
    );
    let current: Faults = http
        .get(format!("{}/_sim/faults", sim.root_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(current.server_error.unwrap().status, 502);
    // The control API itself is never faulted.
    let r = http
        .post(format!("{}/_sim/reset", sim.root_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        status_of(&sim, reqwest::Method::GET, "/keys", None).await,
        StatusCode::OK
    );
}
