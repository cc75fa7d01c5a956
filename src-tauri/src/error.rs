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
    /// An answer larger than Keyhold reads (16 MB).
    ResponseTooLarge,
    CreateOutcomeUnknown,
    /// A request that changes something was sent, but no clear answer came.
    OutcomeUnknown,
    /// The account is a personal one: it has no organization members.
    NotOrganization,
    InvalidInput,
    KeychainUnavailable,
    Keychain,
    NotSignedIn,
    RevealGone,
    Clipboard,
    Config,
    /// A file could not be read or written.
    File,
    /// A native open/save dialog failed.
    Dialog,
    BatchNotFound,
    BatchRunning,
    /// Rotation reminders could not be saved.
    Reminders,
    /// The built-in demo could not start.
    Demo,
    Internal,
}

/// The input field an error belongs to, so the UI shows the message next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Field {
    Key,
    Name,
    Limit,
    LimitReset,
    ExpiresAt,
    Hours,
    Names,
    Hashes,
    File,
    Pattern,
    Count,
    Start,
    /// The audit filter's first day.
    #[serde(rename = "from")]
    DateFrom,
    /// The audit filter's last day.
    #[serde(rename = "to")]
    DateTo,
    /// The warning settings' figures.
    Thresholds,
    CreditsBelow,
    RunwayDays,
    ExpiryDays,
    Interval,
    /// The guardrail form's fields.
    Description,
    AllowedModels,
    IgnoredModels,
    AllowedProviders,
    IgnoredProviders,
    /// A field the app does not know by name (kept rather than lost).
    Other,
}

impl Field {
    /// The field named by a lower layer (`keyhold-ops` input errors).
    pub fn named(name: &str) -> Field {
        match name {
            "key" => Field::Key,
            "name" => Field::Name,
            "limit" => Field::Limit,
            "limit_reset" => Field::LimitReset,
            "expires_at" => Field::ExpiresAt,
            "hours" => Field::Hours,
            "names" => Field::Names,
            "hashes" => Field::Hashes,
            "file" => Field::File,
            "pattern" => Field::Pattern,
            "count" => Field::Count,
            "start" => Field::Start,
            "from" => Field::DateFrom,
            "to" => Field::DateTo,
            "thresholds" => Field::Thresholds,
            "credits_below" => Field::CreditsBelow,
            "runway_days" => Field::RunwayDays,
            "expiry_days" => Field::ExpiryDays,
            "interval" => Field::Interval,
            "description" => Field::Description,
            "allowed_models" => Field::AllowedModels,
            "ignored_models" => Field::IgnoredModels,
            "allowed_providers" => Field::AllowedProviders,
            "ignored_providers" => Field::IgnoredProviders,
            _ => Field::Other,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(export)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    /// The input field this error is about, for messages shown next to it.
    pub field: Option<Field>,
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

    pub fn invalid(field: Field, message: impl Into<String>) -> Self {
        Self {
            field: Some(field),
            ..Self::new(ErrorCode::InvalidInput, message)
        }
    }

    pub fn on_field(mut self, field: Field) -> Self {
        self.field = Some(field);
        self
    }

    /// A file that could not be written or read, in words with the way out.
    pub fn file(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::File, message)
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
            C::ResponseTooLarge => ErrorCode::ResponseTooLarge,
            C::CreateOutcomeUnknown => ErrorCode::CreateOutcomeUnknown,
            C::Config => ErrorCode::Config,
            C::NotOrganization => ErrorCode::NotOrganization,
            C::OutcomeUnknown => ErrorCode::OutcomeUnknown,
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

    #[test]
    fn an_oversized_answer_keeps_its_own_code() {
        let app: AppError = openrouter_client::Error::ResponseTooLarge { limit: 16 }.into();
        assert_eq!(app.code, ErrorCode::ResponseTooLarge);
        assert!(app.message.contains("larger than"), "{}", app.message);
    }
}
