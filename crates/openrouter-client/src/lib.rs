//! Typed client for OpenRouter's key-management API, as used by Keyhold.
//!
//! One [`Client`] per management key; one method per endpoint:
//!
//! | method | request |
//! |---|---|
//! | [`Client::list_keys`] | `GET /keys`, every page, several in flight |
//! | [`Client::get_key`] | `GET /keys/{hash}` |
//! | [`Client::create_key`] | `POST /keys` (never retried) |
//! | [`Client::update_key`] | `PATCH /keys/{hash}` with a tri-state [`KeyPatch`] |
//! | [`Client::delete_key`] | `DELETE /keys/{hash}` |
//! | [`Client::current_key`] | `GET /key` |
//! | [`Client::credits`] | `GET /credits` |
//! | [`Client::list_workspaces`] | `GET /workspaces`, every page |
//! | [`Client::activity`] | `GET /activity` (30 completed UTC days) with [`ActivityQuery`] filters |
//! | [`Client::list_guardrails`] | `GET /guardrails`, every page |
//! | [`Client::get_guardrail`] | `GET /guardrails/{id}` |
//! | [`Client::create_guardrail`] | `POST /guardrails` (never retried) |
//! | [`Client::update_guardrail`] | `PATCH /guardrails/{id}` with a [`GuardrailPatch`] |
//! | [`Client::delete_guardrail`] | `DELETE /guardrails/{id}` |
//! | [`Client::assign_keys_to_guardrail`] | `POST /guardrails/{id}/assignments/keys` (never retried) |
//! | [`Client::unassign_keys_from_guardrail`] | `POST /guardrails/{id}/assignments/keys/remove` (never retried) |
//! | [`Client::list_guardrail_key_assignments`] | `GET /guardrails/{id}/assignments/keys`, every page |
//! | [`Client::list_key_assignments`] | `GET /guardrails/assignments/keys`, every page |
//! | [`Client::list_organization_members`] | `GET /organization/members`, every page; 404 → [`ErrorCode::NotOrganization`] |
//!
//! ```no_run
//! # async fn demo() -> Result<(), openrouter_client::Error> {
//! use openrouter_client::{Client, ClientConfig, ListOptions, NewKey, Usd};
//! use secrecy::SecretString;
//!
//! let client = Client::new(ClientConfig::default(), SecretString::from("…management key…"))?;
//! let keys = client.list_keys(&ListOptions::everything()).await?;
//! let mut request = NewKey::named("ci");
//! request.limit = Some(Usd::parse("$25.00").unwrap());
//! match client.create_key(&request).await {
//!     Ok(created) => { /* show created.secret once */ }
//!     Err(e) if e.code() == openrouter_client::ErrorCode::CreateOutcomeUnknown => {
//!         // Maybe created: look before creating again.
//!         let found = client.find_created_keys(&request).await?;
//!     }
//!     Err(e) => eprintln!("{}", e.user_message()),
//! }
//! # Ok(()) }
//! ```
//!
//! Behaviour worth knowing:
//! - **Base URL**: `https://openrouter.ai/api/v1`, overridable by
//!   [`ClientConfig::with_base_url`] (the client reads no environment: which
//!   server a key is sent to is the app's decision). Plain `http://` is refused except for
//!   loopback hosts, and requests to loopback hosts never go through a proxy
//!   (`HTTP_PROXY` and friends), which would see them in clear text.
//! - **Size**: response bodies larger than [`MAX_RESPONSE_BYTES`] (16 MiB)
//!   are not read to the end: [`ErrorCode::ResponseTooLarge`].
//! - **Retries** ([`RetryPolicy`]): GET, PATCH and DELETE are retried on 429,
//!   5xx, timeouts, dropped connections and unreadable bodies, with backoff
//!   and jitter, honouring `Retry-After`. POST (creating keys or guardrails,
//!   assigning keys) is never retried; an uncertain outcome is
//!   [`ErrorCode::CreateOutcomeUnknown`] for keys, [`ErrorCode::OutcomeUnknown`]
//!   otherwise.
//! - **Money**: amounts people type are [`Usd`] (cents); amounts the API
//!   reports for activity and guardrail budgets are exact [`Decimal`]s.
//! - **Errors**: one [`Error`] enum with a stable [`ErrorCode`] and a
//!   [`Error::user_message`] for people.
//! - **Secrets**: the management key and created key strings are
//!   [`secrecy::SecretString`]s; no error, `Debug` output or log line
//!   contains them.
//! - **Leniency**: unknown fields are ignored, newer fields are optional,
//!   odd timestamps become `None` instead of failing a list.
//!
//! Choices where OpenRouter's spec and docs leave room:
//! - Timestamps are `Option<DateTime<Utc>>`: `Z`, `+00:00`, microseconds and
//!   offset-less text are read; anything else is `None`.
//! - [`Usd`] accepts at most two decimals (cents) and at most $1,000,000,000;
//!   it is sent as a JSON number (`12.5`, `50`).
//! - Listing assumes pages of 100 ([`ListOptions::page_size`]); a shorter page,
//!   or a 404 for a page after the first, ends the list.
//! - A 403 whose message mentions a management (or provisioning) key is
//!   [`ErrorCode::NotManagementKey`]; any other 403 is `Forbidden`.
//! - A DELETE retried after an uncertain first try (timeout, reset, 5xx) that
//!   then meets 404 counts as deleted.
//! - Create failures that prove nothing happened (4xx, 429, connection never
//!   opened) are returned as they are; everything else after sending is
//!   [`ErrorCode::CreateOutcomeUnknown`].
//! - Page requests run as tokio tasks: call the client from a tokio runtime
//!   (Tauri's async runtime is one).

mod client;
mod config;
mod error;
mod http;
mod money;
mod pagination;
#[doc(hidden)]
pub mod parsers;
mod patch;
mod redact;
mod retry;
mod types;

pub use client::Client;
pub use config::{ClientConfig, ConfigError, DEFAULT_BASE_URL, MAX_RESPONSE_BYTES};
pub use error::{Error, ErrorCode, Result};
pub use money::{Usd, UsdError};
pub use pagination::{ListOptions, DEFAULT_CONCURRENCY, PAGE_SIZE};
pub use patch::{KeyPatch, Patch};
pub use retry::RetryPolicy;
pub use types::{
    ActivityItem, ActivityQuery, ContentFilter, ContentFilterBuiltin, CreatedKey, Credits,
    CurrentKey, FreeModelDailyRequests, Guardrail, GuardrailBudget, GuardrailPatch, Key,
    KeyAssignment, KeyBudget, LimitReset, NewGuardrail, NewKey, OrganizationMember, RateLimit,
    Workspace,
};

/// Exact decimals for the amounts `/activity` and guardrails report.
pub use rust_decimal::Decimal;

/// Re-exported so callers can build the key without depending on `secrecy`.
pub use secrecy::{ExposeSecret, SecretString};

/// `Keyhold/<version>`, sent as `User-Agent`.
pub const USER_AGENT: &str = http::USER_AGENT;

/// Formats an expiry exactly as it is sent: `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_expiry(at: &chrono::DateTime<chrono::Utc>) -> String {
    types::time::format_expiry(at)
}
