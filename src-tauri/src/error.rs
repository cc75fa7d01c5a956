//! The app's one error type, as the UI receives it: a stable `code` the UI
//! branches on, a message written for people, and the form field it concerns.
//! Never carries a key string: every conversion below builds its text from
//! fixed wording or from the lower layer's already-redacted message.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    Unauthorized,
    NotManagementKey,
    Forbidden,
    NotFound,
    RateLimited,
    Server,
    BadRequest,
    Timeout,
    Offline,
    InvalidResponse,
    CreateOutcomeUnknown,
    InvalidInput,
    KeychainUnavailable,
    Keychain,
    NotSignedIn,
    RevealGone,
    Clipboard,
    Config,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(export)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    /// The input field this error is about, for messages shown next to it.
    pub field: Option<String>,
    /// For `rate_limited`: how long OpenRouter asked us to wait.
    pub retry_after_secs: Option<u32>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
            retry_after_secs: None,
        }
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: Some(field.to_string()),
            ..Self::new(ErrorCode::InvalidInput, message)
        }
    }

    pub fn on_field(mut self, field: &str) -> Self {
        self.field = Some(field.to_string());
        self
    }

    pub fn not_signed_in() -> Self {
        Self::new(
            ErrorCode::NotSignedIn,
            "You are not signed in. Sign in with a management key or try the demo.",
        )
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// Client errors become app errors with the same stable code and the
/// client's plain-language message (which never contains a key string).
impl From<openrouter_client::Error> for AppError {
    fn from(e: openrouter_client::Error) -> Self {
        use openrouter_client::ErrorCode as C;
        let code = match e.code() {
            C::Unauthorized => ErrorCode::Unauthorized,
            C::NotManagementKey => ErrorCode::NotManagementKey,
            C::Forbidden => ErrorCode::Forbidden,
            C::NotFound => ErrorCode::NotFound,
            C::RateLimited => ErrorCode::RateLimited,
            C::Server => ErrorCode::Server,
            C::BadRequest => ErrorCode::BadRequest,
            C::Timeout => ErrorCode::Timeout,
            C::Offline => ErrorCode::Offline,
            C::InvalidResponse => ErrorCode::InvalidResponse,
            C::CreateOutcomeUnknown => ErrorCode::CreateOutcomeUnknown,
            C::Config => ErrorCode::Config,
            _ => ErrorCode::Internal,
        };
        Self {
            code,
            message: e.user_message(),
            field: None,
            retry_after_secs: e
                .retry_after()
                .map(|d| u32::try_from(d.as_secs().max(1)).unwrap_or(u32::MAX)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_errors_keep_their_code_and_retry_hint() {
        let e = openrouter_client::Error::RateLimited {
            retry_after: Some(std::time::Duration::from_secs(7)),
            message: None,
        };
        let app: AppError = e.into();
        assert_eq!(app.code, ErrorCode::RateLimited);
        assert_eq!(app.retry_after_secs, Some(7));
        assert!(app.message.contains("7 seconds"));
        let json = serde_json::to_value(&app).unwrap();
        assert_eq!(json["code"], "rate_limited");
    }
}
