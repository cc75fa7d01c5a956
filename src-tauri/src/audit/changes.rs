//! An entry's content (built by `keyhold_ops::audit`) as the audit screen
//! shows it: stamped with the time, its action under the screen's name, and
//! the outcome with the error's stable code.

use chrono::{SecondsFormat, Utc};
use keyhold_ops::audit::{Action, Entry, Outcome};

use crate::dto_bulk::{AuditAction, AuditEntry, AuditOutcome, FieldChange};
use crate::error::{AppError, ErrorCode};

pub fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `ok`, or the error's outcome and stable code.
pub fn outcome_of(error: Option<&AppError>) -> (AuditOutcome, Option<String>) {
    let code = error.map(|e| code_name(e.code));
    let outcome = match Outcome::of(code.as_deref()) {
        Outcome::Ok => AuditOutcome::Ok,
        Outcome::Failed => AuditOutcome::Failed,
        Outcome::Unknown => AuditOutcome::Unknown,
    };
    (outcome, code)
}

/// The snake_case name the UI also receives (`rate_limited`, …).
pub fn code_name(code: ErrorCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "internal".into())
}

/// The screen's name for an action.
pub fn screen_action(action: Action) -> AuditAction {
    use Action as A;
    use AuditAction as S;
    match action {
        A::Create => S::Create,
        A::Update => S::Update,
        A::Disable => S::Disable,
        A::Enable => S::Enable,
        A::Delete => S::Delete,
        A::RotateCreate => S::RotateCreate,
        A::RetireDisable => S::RetireDisable,
        A::RetireDelete => S::RetireDelete,
        A::RetireGrace => S::RetireGrace,
        A::BulkCreate => S::BulkCreate,
        A::BulkUpdate => S::BulkUpdate,
        A::BulkDisable => S::BulkDisable,
        A::BulkEnable => S::BulkEnable,
        A::BulkDelete => S::BulkDelete,
        A::BulkReplaceLost => S::BulkReplaceLost,
        A::GuardrailCreate => S::GuardrailCreate,
        A::GuardrailUpdate => S::GuardrailUpdate,
        A::GuardrailDelete => S::GuardrailDelete,
        A::GuardrailAssign => S::GuardrailAssign,
        A::GuardrailRemove => S::GuardrailRemove,
    }
}

/// The entry of a change that ended with `error` (or worked), made now.
pub fn screen_entry(entry: Entry, error: Option<&AppError>) -> AuditEntry {
    let (outcome, error_code) = outcome_of(error);
    AuditEntry {
        time: now(),
        workspace_id: entry.workspace_id,
        action: screen_action(entry.action),
        key_hash: entry.key_hash,
        key_name: entry.key_name,
        changes: entry
            .changes
            .into_iter()
            .map(|c| FieldChange {
                field: c.field,
                before: c.before,
                after: c.after,
            })
            .collect(),
        outcome,
        error_code,
        batch_id: entry.batch_id,
    }
}
