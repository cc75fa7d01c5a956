//! The types that cross the IPC boundary. ts-rs generates their TypeScript
//! twins into `ui/src/lib/bindings/` (run `cargo test -p keyhold export_bindings`);
//! CI fails when the committed bindings are stale.
//!
//! Money crosses as JSON numbers (display only); money the person types crosses
//! as the text they typed and is parsed as a decimal in Rust.

use keyhold_ops::retirement::FinalStep;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One API key as the UI shows it. Never holds a key string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeyView {
    pub hash: String,
    pub name: String,
    pub label: String,
    pub disabled: bool,
    pub limit: Option<f64>,
    pub limit_remaining: Option<f64>,
    /// "daily" | "weekly" | "monthly", or whatever newer value the API sent; null = no reset.
    pub limit_reset: Option<String>,
    pub include_byok_in_limit: bool,
    pub usage: f64,
    pub usage_daily: f64,
    pub usage_weekly: f64,
    pub usage_monthly: f64,
    pub byok_usage: f64,
    pub byok_usage_daily: f64,
    pub byok_usage_weekly: f64,
    pub byok_usage_monthly: f64,
    /// RFC 3339 UTC, or null when the API sent something unparseable.
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
    pub workspace_id: Option<String>,
    pub creator_user_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ResetPeriod {
    Daily,
    Weekly,
    Monthly,
}

impl From<ResetPeriod> for openrouter_client::LimitReset {
    fn from(r: ResetPeriod) -> Self {
        match r {
            ResetPeriod::Daily => Self::Daily,
            ResetPeriod::Weekly => Self::Weekly,
            ResetPeriod::Monthly => Self::Monthly,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WorkspaceView {
    pub id: String,
    pub name: String,
    pub slug: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SessionMode {
    /// Signed in with a key kept in the OS keychain.
    Keychain,
    /// Signed in with a key held in memory only, for this session.
    SessionOnly,
    /// The embedded simulator; nothing is sent to OpenRouter.
    Demo,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SessionInfo {
    pub mode: SessionMode,
    /// The management key's masked label from `GET /key` (never the key).
    pub key_label: String,
    pub workspaces: Vec<WorkspaceView>,
    pub default_workspace_id: Option<String>,
    /// The API root in use when it is not OpenRouter's (shown on every screen).
    pub api_base: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeychainStatus {
    pub available: bool,
    /// Plain-language explanation and fix when the keychain cannot be used.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StartupInfo {
    pub keychain: KeychainStatus,
    /// Set when a stored key was found and accepted.
    pub session: Option<SessionInfo>,
    /// Set when a stored key was found but could not be used (revoked, offline...).
    pub stored_key_error: Option<crate::error::AppError>,
    /// A key is stored but the API is not OpenRouter's: it is used only
    /// when the person says so.
    pub stored_key_waiting: bool,
    /// The API root in use when it is not OpenRouter's.
    pub api_base: Option<String>,
    /// Set when the app was started with `--demo`.
    pub demo_requested: bool,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ListKeysInput {
    pub workspace_id: Option<String>,
    pub include_disabled: bool,
    pub include_expired: bool,
}

/// What the create form sends. Text fields are validated in Rust as well as in the UI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CreateKeyInput {
    pub name: String,
    /// USD as typed ("25", "1,000.50"); empty or null = no limit.
    pub limit: Option<String>,
    pub limit_reset: Option<ResetPeriod>,
    pub include_byok_in_limit: bool,
    /// RFC 3339 instant (the UI converts local time to UTC); null = never expires.
    pub expires_at: Option<String>,
    pub workspace_id: Option<String>,
}

/// A key that was just created. The key string itself stays in the backend's
/// reveal vault under `reveal_id` until the person clicks "Show" or "Copy".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CreatedKeyView {
    pub key: KeyView,
    pub reveal_id: String,
    /// The key string is wiped from memory after this many seconds even if
    /// the reveal view stays open.
    pub reveal_lifetime_secs: u32,
}

/// The desired state of the editable fields. The backend patches only what
/// differs from the key as it is on the server now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EditKeyInput {
    pub hash: String,
    /// `updated_at` of the key when the form opened, for conflict detection.
    pub expected_updated_at: Option<String>,
    pub name: String,
    /// USD as typed; empty or null = no limit (clears an existing one).
    pub limit: Option<String>,
    pub limit_reset: Option<ResetPeriod>,
    pub include_byok_in_limit: bool,
    pub disabled: bool,
    /// Save even if the key changed since the form opened.
    pub force: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum EditOutcome {
    Saved {
        key: KeyView,
    },
    /// Nothing differed from the server's state; no request was sent.
    Unchanged {
        key: KeyView,
    },
    /// Someone changed the key since the form opened; nothing was saved.
    Conflict {
        current: KeyView,
        changed_fields: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ExpiryChoice {
    /// Same expiry as the old key (or none if it had none).
    Keep,
    Never,
    At {
        expires_at: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RotateInput {
    pub hash: String,
    pub expiry: ExpiryChoice,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum RetireAction {
    DisableNow,
    DeleteNow,
    /// Keep the old key working for this many hours, then retire it as `then` says.
    Grace {
        hours: u32,
        then: RetireStep,
    },
}

/// What Keyhold does to an old key when its grace period ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RetireStep {
    Disable,
    Delete,
}

impl From<FinalStep> for RetireStep {
    fn from(step: FinalStep) -> Self {
        match step {
            FinalStep::Disable => RetireStep::Disable,
            FinalStep::Delete => RetireStep::Delete,
        }
    }
}

impl From<RetireStep> for FinalStep {
    fn from(step: RetireStep) -> Self {
        match step {
            RetireStep::Disable => FinalStep::Disable,
            RetireStep::Delete => FinalStep::Delete,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RetireInput {
    pub old_hash: String,
    pub new_hash: String,
    pub action: RetireAction,
}

/// A rotated-out key that keeps working until its grace period ends, when
/// Keyhold retires it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RetireReminder {
    pub id: String,
    pub old_hash: String,
    pub old_name: String,
    pub new_hash: String,
    pub workspace_id: Option<String>,
    /// When the grace period ends, RFC 3339 UTC.
    pub due_at: String,
    pub due: bool,
    pub then: RetireStep,
    /// Why the last attempt to retire the key failed, while it waits to be tried again.
    pub problem: Option<String>,
    /// When Keyhold tries again (RFC 3339 UTC).
    pub retry_at: Option<String>,
}

/// How a retirement at the end of a grace period went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RetireOutcome {
    /// Disabled or deleted, as planned.
    Retired,
    /// OpenRouter no longer knows the key (deleted elsewhere): nothing left to do.
    AlreadyGone,
}

/// A retirement Keyhold carried out on its own, to tell the person about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RetireNotice {
    pub id: String,
    pub old_hash: String,
    pub old_name: String,
    pub workspace_id: Option<String>,
    pub then: RetireStep,
    pub outcome: RetireOutcome,
    /// When it happened, RFC 3339 UTC.
    pub at: String,
}

/// The retirement plans, and what was carried out since the person last looked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Retirements {
    pub plans: Vec<RetireReminder>,
    pub notices: Vec<RetireNotice>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CopyOutcome {
    /// The clipboard is cleared after this many seconds if it still holds the key.
    pub clears_in_secs: u32,
}
