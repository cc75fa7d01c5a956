//! The crate's single error type, its stable codes and plain-language texts.
//!
//! Nothing here ever holds a key string: server messages are passed through
//! [`redact`](crate::redact::redact) and the client also scrubs its own key,
//! transport errors are reduced to a short description, and create failures
//! carry only the key's name.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::config::ConfigError;
use crate::redact::redact;

/// Longest server message kept in an error.
const MAX_MESSAGE_CHARS: usize = 300;

/// Everything that can go wrong talking to OpenRouter.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// 401: the key is unknown, revoked, expired or mistyped.
    #[error("OpenRouter rejected the key (HTTP 401){}", suffix(.message))]
    Unauthorized { message: Option<String> },
    /// 403 saying a management key is required: a regular inference key was used.
    #[error("a management key is required (HTTP 403){}", suffix(.message))]
    NotManagementKey { message: Option<String> },
    /// Any other 403.
    #[error("forbidden (HTTP 403){}", suffix(.message))]
    Forbidden { message: Option<String> },
    /// 404: no such key (or path).
    #[error("not found (HTTP 404){}", suffix(.message))]
    NotFound { message: Option<String> },
    /// 429, after the retry budget ran out (or at once for creates).
    #[error("rate limited (HTTP 429){}{}", retry_suffix(.retry_after), suffix(.message))]
    RateLimited {
        retry_after: Option<Duration>,
        message: Option<String>,
    },
    /// 5xx, after retries (or at once for other requests that cannot be retried).
    #[error("OpenRouter server error (HTTP {status}){}", suffix(.message))]
    Server {
        status: u16,
        message: Option<String>,
    },
    /// 400 and the other 4xx answers that mean "this request is wrong".
    #[error("request rejected (HTTP {status}): {message}")]
    BadRequest { status: u16, message: String },
    /// No complete answer within the configured time.
    #[error("timed out: {detail}")]
    Timeout { detail: String },
    /// The server could not be reached (DNS, refused or dropped connection).
    #[error("could not reach OpenRouter: {detail}")]
    Offline { detail: String },
    /// A success status with a body that is not what the contract describes
    /// (malformed or truncated JSON, missing fields, unexpected status).
    #[error("unexpected response from OpenRouter: {detail}")]
    InvalidResponse { detail: String },
    /// The answer's body was longer than the client accepts
    /// ([`ClientConfig::max_response_bytes`](crate::ClientConfig::max_response_bytes));
    /// reading stopped at the limit.
    #[error("response body larger than {limit} bytes; stopped reading")]
    ResponseTooLarge { limit: usize },
    /// A create request failed after it may have reached the server: the key
    /// may or may not exist now. List keys by `name` before trying again.
    #[error("unknown whether key \"{name}\" was created: {cause}")]
    CreateOutcomeUnknown { name: String, cause: Box<Error> },
    /// The client's settings are unusable (e.g. an `http://` base URL that is
    /// not loopback).
    #[error("invalid configuration: {0}")]
    Config(#[from] ConfigError),
    /// 404 from `GET /organization/members`: the management key belongs to a
    /// personal account, which has no organization (and no members).
    #[error("not an organization account (HTTP 404){}", suffix(.message))]
    NotOrganization { message: Option<String> },
    /// A change other than a key create (creating a guardrail, assigning or
    /// unassigning keys) failed after it may have reached the server: it may
    /// or may not have taken effect. Look before doing it again.
    #[error("unknown whether {action} took effect: {cause}")]
    OutcomeUnknown { action: String, cause: Box<Error> },
}

/// A stable, machine-readable name for each [`Error`] variant; serialized as a
/// snake_case string (e.g. `"not_management_key"`), so the UI can switch on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
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
    ResponseTooLarge,
    CreateOutcomeUnknown,
    Config,
    NotOrganization,
    OutcomeUnknown,
}

impl ErrorCode {
    /// The snake_case name, the same as the serialized form.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::NotManagementKey => "not_management_key",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Server => "server",
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Offline => "offline",
            ErrorCode::InvalidResponse => "invalid_response",
            ErrorCode::ResponseTooLarge => "response_too_large",
            ErrorCode::CreateOutcomeUnknown => "create_outcome_unknown",
            ErrorCode::Config => "config",
            ErrorCode::NotOrganization => "not_organization",
            ErrorCode::OutcomeUnknown => "outcome_unknown",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Unauthorized { .. } => ErrorCode::Unauthorized,
            Error::NotManagementKey { .. } => ErrorCode::NotManagementKey,
            Error::Forbidden { .. } => ErrorCode::Forbidden,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::RateLimited { .. } => ErrorCode::RateLimited,
            Error::Server { .. } => ErrorCode::Server,
            Error::BadRequest { .. } => ErrorCode::BadRequest,
            Error::Timeout { .. } => ErrorCode::Timeout,
            Error::Offline { .. } => ErrorCode::Offline,
            Error::InvalidResponse { .. } => ErrorCode::InvalidResponse,
            Error::ResponseTooLarge { .. } => ErrorCode::ResponseTooLarge,
            Error::CreateOutcomeUnknown { .. } => ErrorCode::CreateOutcomeUnknown,
            Error::Config(_) => ErrorCode::Config,
            Error::NotOrganization { .. } => ErrorCode::NotOrganization,
            Error::OutcomeUnknown { .. } => ErrorCode::OutcomeUnknown,
        }
    }

    /// How long the server asked to wait, for `RateLimited`.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// A sentence for people, without jargon, saying what happened and what
    /// to do.
    pub fn user_message(&self) -> String {
        match self {
            Error::Unauthorized { .. } => {
                "OpenRouter rejected the management key. It may have been \
                revoked or mistyped."
                    .into()
            }
            Error::NotManagementKey { .. } => {
                "This is a regular OpenRouter API key, not a management \
                key. Create a management key in your OpenRouter settings and use that one."
                    .into()
            }
            Error::Forbidden { .. } => {
                "OpenRouter did not allow this action with this management key.".into()
            }
            Error::NotFound { .. } => "That key no longer exists on OpenRouter. It may have been \
                deleted elsewhere; refresh the list."
                .into(),
            Error::RateLimited { retry_after, .. } => match retry_after {
                Some(d) => format!(
                    "OpenRouter is receiving too many requests. Try again in {} seconds.",
                    d.as_secs().max(1)
                ),
                None => "OpenRouter is receiving too many requests. Try again in a moment.".into(),
            },
            Error::Server { status, .. } => format!(
                "OpenRouter had a problem on its side (error {status}). Try again in a few minutes."
            ),
            Error::BadRequest { message, .. } => {
                format!("OpenRouter did not accept the request: {message}")
            }
            Error::Timeout { .. } => "OpenRouter took too long to answer. Check your connection \
                and try again."
                .into(),
            Error::Offline { .. } => "Keyhold couldn't reach OpenRouter. Check your internet \
                connection and try again."
                .into(),
            Error::InvalidResponse { .. } => "OpenRouter sent an answer Keyhold couldn't read. \
                Try again; if this keeps happening, Keyhold may need an update."
                .into(),
            Error::ResponseTooLarge { limit } => format!(
                "OpenRouter's answer was larger than {}; Keyhold stopped reading it.",
                size_for_people(*limit)
            ),
            Error::CreateOutcomeUnknown { name, .. } => format!(
                "The connection failed while creating the key \"{name}\", so it is not known \
                whether it was created. Refresh the key list before trying again."
            ),
            Error::Config(e) => format!("Keyhold's OpenRouter settings are not valid: {e}."),
            Error::NotOrganization { .. } => "This OpenRouter account is a personal account, \
                so it has no organization members."
                .into(),
            Error::OutcomeUnknown { action, .. } => format!(
                "The connection failed while {action}, so it is not known whether it \
                happened. Refresh before trying again."
            ),
        }
    }

    /// Whether an idempotent request may be tried again after this error.
    /// `ResponseTooLarge` is not: the same answer would come again.
    pub(crate) fn is_transient(&self) -> bool {
        matches!(
            self,
            Error::RateLimited { .. }
                | Error::Server { .. }
                | Error::Timeout { .. }
                | Error::Offline { .. }
                | Error::InvalidResponse { .. }
        )
    }

    /// Maps a non-success HTTP answer to an error. `body` may be anything
    /// (the contract's envelope, other JSON, HTML, nothing).
    pub(crate) fn from_status(status: u16, body: &[u8], retry_after: Option<Duration>) -> Error {
        let message = envelope_message(body);
        match status {
            401 => Error::Unauthorized { message },
            403 if message.as_deref().is_some_and(mentions_management_key) => {
                Error::NotManagementKey { message }
            }
            403 => Error::Forbidden { message },
            404 => Error::NotFound { message },
            408 => Error::Timeout {
                detail: format!("server answered HTTP 408{}", suffix(&message)),
            },
            429 => Error::RateLimited {
                retry_after,
                message,
            },
            500..=599 => Error::Server { status, message },
            400..=499 => Error::BadRequest {
                status,
                message: message.unwrap_or_else(|| format!("HTTP {status}")),
            },
            _ => Error::InvalidResponse {
                detail: format!("unexpected HTTP status {status}"),
            },
        }
    }

    /// Applies `f` to every free-text part (used to scrub the client's key).
    pub(crate) fn map_text(self, f: &dyn Fn(String) -> String) -> Error {
        let opt = |m: Option<String>| m.map(f);
        match self {
            Error::Unauthorized { message } => Error::Unauthorized {
                message: opt(message),
            },
            Error::NotManagementKey { message } => Error::NotManagementKey {
                message: opt(message),
            },
            Error::Forbidden { message } => Error::Forbidden {
                message: opt(message),
            },
            Error::NotFound { message } => Error::NotFound {
                message: opt(message),
            },
            Error::RateLimited {
                retry_after,
                message,
            } => Error::RateLimited {
                retry_after,
                message: opt(message),
            },
            Error::Server { status, message } => Error::Server {
                status,
                message: opt(message),
            },
            Error::BadRequest { status, message } => Error::BadRequest {
                status,
                message: f(message),
            },
            Error::Timeout { detail } => Error::Timeout { detail: f(detail) },
            Error::Offline { detail } => Error::Offline { detail: f(detail) },
            Error::InvalidResponse { detail } => Error::InvalidResponse { detail: f(detail) },
            Error::CreateOutcomeUnknown { name, cause } => Error::CreateOutcomeUnknown {
                name,
                cause: Box::new(cause.map_text(f)),
            },
            Error::NotOrganization { message } => Error::NotOrganization {
                message: opt(message),
            },
            Error::OutcomeUnknown { action, cause } => Error::OutcomeUnknown {
                action,
                cause: Box::new(cause.map_text(f)),
            },
            e @ (Error::Config(_) | Error::ResponseTooLarge { .. }) => e,
        }
    }

    /// An `InvalidResponse` for a body that did not parse. serde's messages
    /// can quote the offending value, so they are redacted too.
    pub(crate) fn invalid_body(err: &serde_json::Error) -> Error {
        Error::InvalidResponse {
            detail: redact(&format!("malformed JSON: {err}"), MAX_MESSAGE_CHARS),
        }
    }
}

/// `error.message` of the contract's envelope, redacted; `None` when the body
/// is empty, not JSON, or has no message.
fn envelope_message(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let message = value
        .get("error")
        .and_then(|e| e.get("message"))
        .or_else(|| value.get("message"))?
        .as_str()?
        .trim();
    (!message.is_empty()).then(|| redact(message, MAX_MESSAGE_CHARS))
}

/// `16 MB` for whole mebibytes, else bytes (small limits appear in tests).
fn size_for_people(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

fn mentions_management_key(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("management key") || m.contains("provisioning key")
}

fn suffix(message: &Option<String>) -> String {
    message
        .as_deref()
        .map(|m| format!(": {m}"))
        .unwrap_or_default()
}

fn retry_suffix(retry_after: &Option<Duration>) -> String {
    retry_after
        .map(|d| format!(", retry after {} s", d.as_secs_f64()))
        .unwrap_or_default()
}

/// Shorthand for this crate's results.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests;
