//! IPC types of the finance and bulk screens: account credits,
//! CSV import/export, bulk create and edit batches, the batch reveal and the
//! audit log. Same conventions as `dto.rs`: ts-rs exports them to
//! `ui/src/lib/bindings/`; no 64-bit integers (they would become `bigint`);
//! tagged enums carry `kind`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dto::ResetPeriod;
use crate::error::AppError;

/// `GET /credits`: the account's prepaid balance, shared by every key. A key's
/// own spend limit is separate: it caps that key, it adds no credits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CreditsView {
    /// USD bought in total.
    pub total_credits: f64,
    /// USD used in total, by all keys.
    pub total_usage: f64,
    /// `total_credits - total_usage`; negative if usage ran past the credits.
    pub remaining: f64,
}

// ---- bulk create: input ------------------------------------------------------

/// One key to create in a batch: its name and, from a CSV import, its own limit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BulkName {
    pub name: String,
    /// USD as typed; null or empty = use the batch's shared limit.
    pub limit: Option<String>,
}

/// A row of an imported names file that could not be used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RowProblem {
    /// 1-based line of the file where the row starts.
    pub line: u32,
    pub message: String,
}

/// The result of reading a names CSV: the usable rows, and the problems found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ParsedNames {
    pub names: Vec<BulkName>,
    pub problems: Vec<RowProblem>,
}

/// What the bulk create form sends. The shared fields apply to every name;
/// a name's own `limit` (from a CSV) wins over the shared `limit`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BulkCreateInput {
    pub names: Vec<BulkName>,
    /// USD as typed; null or empty = no limit.
    pub limit: Option<String>,
    pub limit_reset: Option<ResetPeriod>,
    pub include_byok_in_limit: bool,
    /// RFC 3339 instant; null = never expires.
    pub expires_at: Option<String>,
    pub workspace_id: Option<String>,
}

/// One key of the create preview. Nothing has been sent yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CreatePreviewRow {
    /// The name as it will be sent (trimmed).
    pub name: String,
    /// The limit that will apply (the row's own or the shared one); null = none.
    pub limit: Option<f64>,
    pub limit_reset: Option<ResetPeriod>,
    /// RFC 3339 UTC, or null.
    pub expires_at: Option<String>,
    /// A key with this name already exists in the workspace (disabled and
    /// expired keys included). Allowed, but worth a second look.
    pub collision: bool,
    /// The same name appears earlier in this batch.
    pub duplicate_in_batch: bool,
    /// Why this row cannot be created as it is (bad name or limit); the batch
    /// does not start while any row has a problem.
    pub problem: Option<String>,
}

// ---- bulk edit: input --------------------------------------------------------

/// One change applied to every selected key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum BulkAction {
    /// USD as typed.
    SetLimit {
        limit: String,
    },
    /// A limit and its reset period at once; null = the limit never resets.
    SetLimitAndReset {
        limit: String,
        reset: Option<ResetPeriod>,
    },
    ClearLimit,
    /// null = the limit never resets.
    SetReset {
        reset: Option<ResetPeriod>,
    },
    SetByok {
        include: bool,
    },
    Disable,
    Enable,
    Delete,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BulkEditInput {
    pub hashes: Vec<String>,
    pub action: BulkAction,
}

/// Before → after of one key, read fresh from the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EditPreviewRow {
    pub hash: String,
    /// Empty when the key could not be read (see `problem`).
    pub name: String,
    /// "limit" | "limit_reset" | "include_byok_in_limit" | "disabled" | "key".
    pub field: String,
    /// Display text: "12.5", "none", "monthly", "never", "yes"/"no",
    /// "enabled"/"disabled", "exists"/"deleted".
    pub before: String,
    pub after: String,
    /// False when the key already has the target value (it is skipped).
    pub changes: bool,
    /// Set when the key could not be read (e.g. deleted meanwhile).
    pub problem: Option<AppError>,
    /// Set when the change stops this working key at once: its spend in
    /// the window of the new limit already reaches that limit.
    pub stops: Option<LimitStop>,
}

/// A key that a new limit would stop at once, in numbers the UI words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LimitStop {
    /// USD spent in the window of the new limit (all time when it never resets).
    pub spent: f64,
    /// The new limit in USD.
    pub limit: f64,
    /// "daily" | "weekly" | "monthly"; null = never resets.
    pub limit_reset: Option<String>,
}

// ---- batches -------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BatchKind {
    Create,
    Edit,
    /// An edit batch that deletes (its summary says "Deleted", not "Updated").
    Delete,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RowState {
    Pending,
    Running,
    Succeeded,
    /// Skipped: the key already had the target value (edit batches).
    Unchanged,
    Failed,
    /// A create whose answer was lost: the key may exist. "Retry failed"
    /// looks for it before creating again.
    OutcomeUnknown,
    /// Not started because the batch was cancelled.
    Cancelled,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BatchRow {
    /// Position in the batch (0-based), stable across retries.
    pub index: u32,
    pub name: String,
    /// The key's hash: the edited key, or the created one once known.
    pub hash: Option<String>,
    pub state: RowState,
    pub error: Option<AppError>,
    /// Extra information for a successful row, e.g. "created, but its key
    /// string was lost in transit — rotate it to get a usable string".
    pub note: Option<String>,
    /// True when this row's key string is in the batch reveal.
    pub has_secret: bool,
}

/// A batch's progress, polled by the UI (every ~300 ms while `running`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BatchStatus {
    pub batch_id: String,
    pub kind: BatchKind,
    pub total: u32,
    /// Rows finished in any way (succeeded, unchanged, failed, unknown, cancelled).
    pub done: u32,
    /// Succeeded or unchanged.
    pub succeeded: u32,
    /// Failed or outcome unknown.
    pub failed: u32,
    pub running: bool,
    pub cancelled: bool,
    pub rows: Vec<BatchRow>,
    /// Create batches: the batch reveal holding the new key strings, once at
    /// least one key was created.
    pub reveal_id: Option<String>,
    /// How long the batch reveal keeps its key strings after the last one
    /// arrived, unless closed sooner.
    pub reveal_lifetime_secs: u32,
}

/// One created key with its string, crossing only when the person clicks Show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BatchSecret {
    pub name: String,
    pub hash: String,
    pub key: String,
}

impl Drop for BatchSecret {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.key.zeroize();
    }
}

// ---- audit log -----------------------------------------------------------------

/// One field of a key, before and after a change (display text; null = none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AuditOutcome {
    Ok,
    Failed,
    /// The request was sent but no clear answer came back.
    Unknown,
}

/// What a change of the audit log did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AuditAction {
    Create,
    Update,
    Disable,
    Enable,
    Delete,
    RotateCreate,
    RetireDisable,
    RetireDelete,
    RetireGrace,
    BulkCreate,
    BulkUpdate,
    BulkDisable,
    BulkEnable,
    BulkDelete,
    /// A bulk-created key whose string was lost, deleted to be created again.
    BulkReplaceLost,
    GuardrailCreate,
    GuardrailUpdate,
    GuardrailDelete,
    /// A key given to a guardrail (leaving the one it held).
    GuardrailAssign,
    /// A key taken out of its guardrail.
    GuardrailRemove,
    /// An action written by a newer Keyhold: kept, not dropped.
    #[serde(other)]
    Other,
}

impl AuditAction {
    /// The stable snake_case name (the file's and the UI's).
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| "other".into())
    }

    /// The action named `name` (unknown names are [`AuditAction::Other`]).
    #[cfg(test)]
    pub fn named(name: &str) -> AuditAction {
        serde_json::from_value(serde_json::Value::String(name.to_string()))
            .unwrap_or(AuditAction::Other)
    }
}

/// One change made from the app, as the audit screen shows it. Holds no key
/// string and no management key: names, hashes and field values only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditEntry {
    /// RFC 3339 UTC with milliseconds.
    pub time: String,
    pub workspace_id: Option<String>,
    pub action: AuditAction,
    pub key_hash: Option<String>,
    pub key_name: String,
    pub changes: Vec<FieldChange>,
    pub outcome: AuditOutcome,
    /// The stable error code (`ErrorCode`'s snake_case name) when not ok.
    pub error_code: Option<String>,
    /// Set for rows of a bulk batch.
    pub batch_id: Option<String>,
}

/// Filters for the audit screen; every field is optional and they combine.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditFilter {
    /// Case-insensitive substring of the key's name or hash.
    pub key: Option<String>,
    /// Exact action, e.g. "bulk_update".
    pub action: Option<String>,
    /// Inclusive lower bound: RFC 3339 instant or a `YYYY-MM-DD` date (UTC).
    pub from: Option<String>,
    /// Inclusive upper bound: RFC 3339 instant or a `YYYY-MM-DD` date (the
    /// whole day, UTC).
    pub to: Option<String>,
}
