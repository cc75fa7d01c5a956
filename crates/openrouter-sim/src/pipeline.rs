//! What happens to every request before and after the axum handlers: the
//! request log, latency, and the fault injection that needs to reach below
//! HTTP (dropped connections, lying Content-Length, trickled bodies).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, request, HeaderValue, Request, Response, StatusCode};
use axum::response::IntoResponse;
use axum::Router;
use bytes::Bytes;
use futures_util::stream;
use http_body_util::BodyExt;
use tokio::sync::Notify;
use tower::ServiceExt;

use crate::api_error::{ApiError, RATE_LIMITED};
use crate::faults::{Decision, PostFault, PreFault};
use crate::keys_api::KeyCreated;
use crate::shared::Shared;
use crate::LoggedRequest;

/// Pause between the bytes of a truncated body and closing the connection, so
/// the partial body is flushed to the client first.
const TRUNCATE_FLUSH_PAUSE: Duration = Duration::from_millis(50);
/// Number of chunks a slow body is trickled in.
const SLOW_BODY_CHUNKS: usize = 10;

pub(crate) fn is_api_path(path: &str) -> bool {
    path == "/api/v1" || path.starts_with("/api/v1/")
}

/// Serves one request. `kill` asks the connection task to drop the socket
/// (with RST); the returned future then never completes, so no response is sent.
pub(crate) async fn handle(
    shared: Arc<Shared>,
    router: Router,
    kill: Arc<Notify>,
    request: Request<hyper::body::Incoming>,
) -> Result<Response<Body>, Infallible> {
    let (parts, body) = request.into_parts();
    let bytes = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    if !is_api_path(parts.uri.path()) {
        return Ok(call(router, Request::from_parts(parts, Body::from(bytes))).await);
    }
    log_request(&shared, &parts, &bytes);
    let decision = delay_and_decide(&shared, parts.method.as_str()).await;
    if let Some(answer) = pre_fault_answer(decision.pre, &kill).await {
        return answer;
    }
    let response = call(router, Request::from_parts(parts, Body::from(bytes))).await;
    if response.extensions().get::<KeyCreated>().is_some()
        && shared.fault_engine().reset_after_create()
    {
        return drop_connection(&kill).await;
    }
    Ok(apply_post_fault(decision.post, response).await)
}

/// Records an API request for the control API; the bearer token itself is
/// never kept.
fn log_request(shared: &Shared, parts: &request::Parts, body: &Bytes) {
    shared.log_request(LoggedRequest {
        method: parts.method.as_str().to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().map(str::to_string),
        body: String::from_utf8_lossy(body).into_owned(),
        authorization: if parts.headers.contains_key(header::AUTHORIZATION) {
            "redacted".into()
        } else {
            "missing".into()
        },
    });
}

/// Draws the request's extra latency and its faults (in that order), then
/// waits out the total latency.
async fn delay_and_decide(shared: &Shared, method: &str) -> Decision {
    let (extra_ms, decision) = {
        let mut engine = shared.fault_engine();
        (engine.extra_latency_ms(method), engine.decide(method))
    };
    let delay = shared.latency() + Duration::from_millis(extra_ms);
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    decision
}

/// What a fault answers instead of handling the request, if it does; a reset
/// never completes.
async fn pre_fault_answer(
    pre: PreFault,
    kill: &Notify,
) -> Option<Result<Response<Body>, Infallible>> {
    match pre {
        PreFault::None => None,
        PreFault::ResetBefore => Some(drop_connection(kill).await),
        PreFault::RateLimit { retry_after_secs } => {
            let err = ApiError::new(StatusCode::TOO_MANY_REQUESTS, RATE_LIMITED);
            Some(Ok(err
                .with_retry_after(Some(retry_after_secs))
                .into_response()))
        }
        PreFault::ServerError {
            status,
            retry_after_secs,
        } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let message = status.canonical_reason().unwrap_or("Internal Server Error");
            let err = ApiError::new(status, message).with_retry_after(retry_after_secs);
            Some(Ok(err.into_response()))
        }
    }
}

async fn apply_post_fault(post: PostFault, response: Response<Body>) -> Response<Body> {
    match post {
        PostFault::None => response,
        PostFault::MalformedJson => malformed_json(response).await,
        PostFault::TruncatedBody => truncated(response).await,
        PostFault::SlowBody { duration_ms } => {
            slow(response, Duration::from_millis(duration_ms)).await
        }
    }
}

async fn call(router: Router, request: Request<Body>) -> Response<Body> {
    match router.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

async fn drop_connection(kill: &Notify) -> Result<Response<Body>, Infallible> {
    kill.notify_one();
    std::future::pending().await
}

async fn split(response: Response<Body>) -> (axum::http::response::Parts, Bytes) {
    let (parts, body) = response.into_parts();
    let bytes = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    (parts, bytes)
}

/// `200` with the first half of the real body followed by `<`: never valid JSON,
/// because a strict prefix of a JSON object leaves the object unclosed.
async fn malformed_json(response: Response<Body>) -> Response<Body> {
    let (_, bytes) = split(response).await;
    let mut garbled = bytes[..bytes.len() / 2].to_vec();
    garbled.extend_from_slice(b"<");
    let mut out = Response::new(Body::from(garbled));
    out.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    out
}

/// The real status and headers, a `Content-Length` of the full body, half of the
/// body, then the connection closes.
async fn truncated(response: Response<Body>) -> Response<Body> {
    let (mut parts, bytes) = split(response).await;
    let full_len = bytes.len();
    let half = bytes.slice(..full_len / 2);
    let chunks = stream::unfold(Some(half), |state| async move {
        match state {
            Some(half) => Some((Ok::<Bytes, std::io::Error>(half), None)),
            None => {
                tokio::time::sleep(TRUNCATE_FLUSH_PAUSE).await;
                // Ending the body short of Content-Length makes hyper close the connection.
                None
            }
        }
    });
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(full_len));
    Response::from_parts(parts, Body::from_stream(chunks))
}

/// Headers at once, then the body in chunks spread over `duration`.
async fn slow(response: Response<Body>, duration: Duration) -> Response<Body> {
    let (mut parts, bytes) = split(response).await;
    let len = bytes.len();
    let chunk_size = len.div_ceil(SLOW_BODY_CHUNKS).max(1);
    let pieces: Vec<Bytes> = (0..len)
        .step_by(chunk_size)
        .map(|start| bytes.slice(start..(start + chunk_size).min(len)))
        .collect();
    let pause = duration / (pieces.len().max(1) as u32);
    let chunks = stream::unfold(pieces.into_iter(), move |mut rest| async move {
        let piece = rest.next()?;
        tokio::time::sleep(pause).await;
        Some((Ok::<Bytes, std::io::Error>(piece), rest))
    });
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    Response::from_parts(parts, Body::from_stream(chunks))
}
