//! Response bodies past `max_response_bytes` are cut off with
//! `ResponseTooLarge`, whether the size is announced (`Content-Length`) or only
//! found out while reading (chunked, here an endless stream).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use openrouter_client::{Client, ClientConfig, ErrorCode, RetryPolicy, SecretString};

const CAP: usize = 4096;

/// The example key body, padded with spaces to exactly `len` bytes.
fn key_body(len: usize) -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../contract/openrouter/examples/get-key.GET_keys_hash.200.json"
    );
    let mut body = std::fs::read(path).unwrap();
    assert!(body.len() <= len);
    body.resize(len, b' ');
    body
}

/// Chunks of `body`, sent without `Content-Length`.
fn chunked(body: Vec<u8>) -> Body {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        body.chunks(1000).map(|c| Ok(c.to_vec())).collect();
    Body::from_stream(futures_util::stream::iter(chunks))
}

/// Serves on 127.0.0.1 and returns the base URL and a request counter.
async fn server() -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let app = Router::new()
        .route(
            "/announced/keys/{hash}",
            get(|| async { key_body(CAP + 1) }),
        )
        .route(
            "/announced-exact/keys/{hash}",
            get(|| async { key_body(CAP) }),
        )
        .route(
            "/chunked-exact/keys/{hash}",
            get(|| async { chunked(key_body(CAP)) }),
        )
        .route(
            "/chunked-over/keys/{hash}",
            get(|| async { chunked(key_body(CAP + 1)) }),
        )
        .route(
            "/endless/keys/{hash}",
            get(|| async {
                let chunks = futures_util::stream::repeat(vec![b' '; 1024]);
                Body::from_stream(futures_util::StreamExt::map(
                    chunks,
                    Ok::<_, std::io::Error>,
                ))
            }),
        )
        .layer(axum::middleware::from_fn_with_state(
            hits.clone(),
            |State(hits): State<Arc<AtomicUsize>>,
             request: axum::extract::Request,
             next: axum::middleware::Next| async move {
                hits.fetch_add(1, Ordering::SeqCst);
                next.run(request).await
            },
        ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, hits)
}

fn client(base: &str, route: &str) -> Client {
    let config = ClientConfig::default()
        .with_base_url(format!("{base}/{route}"))
        .with_timeouts(Duration::from_secs(2), Duration::from_secs(10))
        .with_retry(RetryPolicy::fast())
        .with_max_response_bytes(CAP);
    Client::new(config, SecretString::from("test-management-key")).unwrap()
}

#[tokio::test]
async fn bodies_over_the_cap_are_refused_and_not_retried() {
    let (base, hits) = server().await;
    for route in ["announced", "chunked-over", "endless"] {
        hits.store(0, Ordering::SeqCst);
        let err = tokio::time::timeout(Duration::from_secs(5), client(&base, route).get_key("h"))
            .await
            .unwrap_or_else(|_| panic!("{route}: kept reading"))
            .expect_err(route);
        assert_eq!(err.code(), ErrorCode::ResponseTooLarge, "{route}: {err:?}");
        assert_eq!(err.code().as_str(), "response_too_large");
        assert_eq!(
            err.user_message(),
            "OpenRouter's answer was larger than 4096 bytes; Keyhold stopped reading it."
        );
        // The same answer would come again: no retry.
        assert_eq!(hits.load(Ordering::SeqCst), 1, "{route}");
    }
}

#[tokio::test]
async fn bodies_at_the_cap_are_read() {
    let (base, _) = server().await;
    for route in ["announced-exact", "chunked-exact"] {
        let key = client(&base, route)
            .get_key("h")
            .await
            .unwrap_or_else(|e| panic!("{route}: {e:?}"));
        assert_eq!(key.name, "My Production Key");
    }
}

#[test]
fn the_default_cap_is_16_mib_and_says_so() {
    assert_eq!(openrouter_client::MAX_RESPONSE_BYTES, 16 * 1024 * 1024);
    assert_eq!(
        ClientConfig::default().max_response_bytes,
        openrouter_client::MAX_RESPONSE_BYTES
    );
}
