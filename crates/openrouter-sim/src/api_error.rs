//! OpenRouter's error envelope, the same for every endpoint and status:
//! `{"error":{"code":N,"message":"…"},"openrouter_metadata":null,"user_id":null}`
//! with the HTTP status equal to `error.code`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

pub(crate) const MISSING_AUTH: &str = "Missing Authentication header";
pub(crate) const USER_NOT_FOUND: &str = "User not found.";
pub(crate) const KEY_DISABLED: &str = "API key is disabled";
pub(crate) const KEY_EXPIRED: &str = "API key has expired";
pub(crate) const MANAGEMENT_ONLY: &str = "Only management keys can perform this operation";
pub(crate) const NOT_FOUND: &str = "Resource not found";
pub(crate) const RATE_LIMITED: &str = "Rate limit exceeded";

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub message: String,
    pub retry_after_secs: Option<u64>,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
            retry_after_secs: None,
        }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub(crate) fn unauthorized(message: &str) -> Self {
        ApiError::new(StatusCode::UNAUTHORIZED, message)
    }

    pub(crate) fn forbidden() -> Self {
        ApiError::new(StatusCode::FORBIDDEN, MANAGEMENT_ONLY)
    }

    pub(crate) fn not_found() -> Self {
        ApiError::new(StatusCode::NOT_FOUND, NOT_FOUND)
    }

    pub(crate) fn with_retry_after(mut self, secs: Option<u64>) -> Self {
        self.retry_after_secs = secs;
        self
    }
}

pub(crate) fn envelope(code: u16, message: &str) -> Value {
    json!({
        "error": {"code": code, "message": message},
        "openrouter_metadata": null,
        "user_id": null,
    })
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            Json(envelope(self.status.as_u16(), &self.message)),
        )
            .into_response();
        if let Some(secs) = self.retry_after_secs {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}
