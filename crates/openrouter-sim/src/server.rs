//! The HTTP server: routes, and an accept loop that serves each connection with
//! hyper directly, so a fault can drop a connection without answering.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;

use crate::api_error::{ApiError, NOT_FOUND};
use crate::shared::Shared;
use crate::{account_api, activity, control, guardrails_api, keys_api, pipeline};

/// Every route of the API. Longer than our usual function on purpose: one
/// table naming every path and its methods reads better whole.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let api = Router::new()
        .route(
            "/keys",
            get(keys_api::list)
                .post(keys_api::create)
                .fallback(method_not_allowed),
        )
        .route(
            "/keys/{hash}",
            get(keys_api::get)
                .patch(keys_api::update)
                .delete(keys_api::delete)
                .fallback(method_not_allowed),
        )
        .route(
            "/key",
            get(account_api::current_key).fallback(method_not_allowed),
        )
        .route(
            "/credits",
            get(account_api::credits).fallback(method_not_allowed),
        )
        .route(
            "/workspaces",
            get(account_api::workspaces).fallback(method_not_allowed),
        )
        .route(
            "/activity",
            get(activity::activity).fallback(method_not_allowed),
        )
        .route(
            "/guardrails",
            get(guardrails_api::list)
                .post(guardrails_api::create)
                .fallback(method_not_allowed),
        )
        .route(
            "/guardrails/assignments/keys",
            get(guardrails_api::list_all_assignments).fallback(method_not_allowed),
        )
        .route(
            "/guardrails/{id}",
            get(guardrails_api::get)
                .patch(guardrails_api::update)
                .delete(guardrails_api::delete)
                .fallback(method_not_allowed),
        )
        .route(
            "/guardrails/{id}/assignments/keys",
            get(guardrails_api::list_assignments)
                .post(guardrails_api::assign)
                .fallback(method_not_allowed),
        )
        .route(
            "/guardrails/{id}/assignments/keys/remove",
            post(guardrails_api::unassign).fallback(method_not_allowed),
        )
        .route(
            "/organization/members",
            get(guardrails_api::members).fallback(method_not_allowed),
        )
        .fallback(api_not_found);
    Router::new()
        .nest("/api/v1", api)
        .nest("/_sim", control::routes())
        .with_state(shared)
}

async fn method_not_allowed() -> Response {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed").into_response()
}

async fn api_not_found() -> Response {
    ApiError::new(StatusCode::NOT_FOUND, NOT_FOUND).into_response()
}

pub(crate) async fn bind(port: u16) -> std::io::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
    let addr = listener.local_addr()?;
    Ok((listener, addr))
}

/// Accepts until `shutdown` changes or its sender is dropped.
pub(crate) fn spawn(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) -> JoinHandle<()> {
    let router = router(shared.clone());
    tokio::spawn(async move {
        loop {
            tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => {
                        let conn = serve_connection(stream, shared.clone(), router.clone(), shutdown.clone());
                        tokio::spawn(conn);
                    }
                    // E.g. EMFILE: back off briefly rather than spin.
                    Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                },
                _ = shutdown.changed() => break,
            }
        }
    })
}

async fn serve_connection(
    stream: TcpStream,
    shared: Arc<Shared>,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    // A second handle on the socket lets us set SO_LINGER=0 at kill time, so
    // the client sees a reset (RST) instead of an orderly close.
    let Ok((stream, handle)) = with_second_handle(stream) else {
        return;
    };
    let kill = Arc::new(Notify::new());
    let service = {
        let kill = kill.clone();
        service_fn(move |req| pipeline::handle(shared.clone(), router.clone(), kill.clone(), req))
    };
    let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = kill.notified() => {
            let _ = socket2::SockRef::from(&handle).set_linger(Some(Duration::ZERO));
        }
        _ = shutdown.changed() => {}
    }
}

fn with_second_handle(stream: TcpStream) -> std::io::Result<(TcpStream, std::net::TcpStream)> {
    let std_stream = stream.into_std()?;
    let second = std_stream.try_clone()?;
    Ok((TcpStream::from_std(std_stream)?, second))
}
