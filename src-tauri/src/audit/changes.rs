//! Audit entries for each kind of change: what was asked, what the server
//! answered, and the outcome.

use chrono::{SecondsFormat, Utc};
use keyhold_ops::diff::{enabled_text, limit_text, reset_text, yes_no};

use crate::dto::KeyView;
use crate::dto_bulk::{AuditAction, AuditEntry, AuditOutcome, FieldChange};
use crate::error::{AppError, ErrorCode};

pub fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `ok`, or the error's outcome and stable code.
pub fn outcome_of(error: Option<&AppError>) -> (AuditOutcome, Option<String>) {
    match error {
        None => (AuditOutcome::Ok, None),
        Some(e) => (
            if matches!(
                e.code,
                ErrorCode::CreateOutcomeUnknown | ErrorCode::OutcomeUnknown
            ) {
                AuditOutcome::Unknown
            } else {
                AuditOutcome::Failed
            },
            Some(code_name(e.code)),
        ),
    }
}

/// The snake_case name the UI also receives (`rate_limited`, …).
pub fn code_name(code: ErrorCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "internal".into())
}

/// An entry for one change of one key.
pub struct Change<'a> {
    pub action: &'a str,
    pub workspace_id: Option<String>,
    pub key_hash: Option<String>,
    pub key_name: String,
    pub changes: Vec<FieldChange>,
    pub batch_id: Option<String>,
}

impl Change<'_> {
    pub fn entry(self, error: Option<&AppError>) -> AuditEntry {
        let (outcome, error_code) = outcome_of(error);
        AuditEntry {
            time: now(),
            workspace_id: self.workspace_id,
            action: AuditAction::named(self.action),
            key_hash: self.key_hash,
            key_name: self.key_name,
            changes: self.changes,
            outcome,
            error_code,
            batch_id: self.batch_id,
        }
    }
}

pub fn field(field: &str, before: Option<String>, after: Option<String>) -> FieldChange {
    FieldChange {
        field: field.to_string(),
        before,
        after,
    }
}

/// The editable fields (and expiry) that differ between two versions of a
/// key; with no `before` (a new key) every field of `after` that is set.
pub fn key_changes(before: Option<&KeyView>, after: &KeyView) -> Vec<FieldChange> {
    type Show = fn(&KeyView) -> String;
    let fields: [(&str, Show); 6] = [
        ("name", |k| k.name.clone()),
        ("limit", |k| limit_text(k.limit)),
        ("limit_reset", |k| reset_text(k.limit_reset.as_deref())),
        ("include_byok_in_limit", |k| yes_no(k.include_byok_in_limit)),
        ("disabled", |k| enabled_text(k.disabled)),
        ("expires_at", |k| {
            k.expires_at.clone().unwrap_or_else(|| "never".into())
        }),
    ];
    fields
        .iter()
        .filter_map(|(name, show)| {
            let now = show(after);
            match before {
                Some(b) => {
                    let was = show(b);
                    (was != now).then(|| field(name, Some(was), Some(now)))
                }
                None => Some(field(name, None, Some(now))),
            }
        })
        .collect()
}

/// A create that failed: what was asked for.
pub fn planned_create<'a>(
    action: &'a str,
    new: &openrouter_client::NewKey,
    batch_id: Option<String>,
) -> Change<'a> {
    let mut changes = vec![field("name", None, Some(new.name.clone()))];
    changes.push(field(
        "limit",
        None,
        Some(limit_text(new.limit.map(|u| u.to_f64()))),
    ));
    changes.push(field(
        "limit_reset",
        None,
        Some(reset_text(new.limit_reset.as_ref().map(|r| r.as_str()))),
    ));
    if let Some(b) = new.include_byok_in_limit {
        changes.push(field("include_byok_in_limit", None, Some(yes_no(b))));
    }
    changes.push(field(
        "expires_at",
        None,
        Some(
            new.expires_at
                .map(|t| openrouter_client::format_expiry(&t))
                .unwrap_or_else(|| "never".into()),
        ),
    ));
    Change {
        action,
        workspace_id: new.workspace_id.clone(),
        key_hash: None,
        key_name: new.name.clone(),
        changes,
        batch_id,
    }
}

/// A key that was created.
pub fn created<'a>(action: &'a str, key: &KeyView, batch_id: Option<String>) -> Change<'a> {
    Change {
        action,
        workspace_id: key.workspace_id.clone(),
        key_hash: Some(key.hash.clone()),
        key_name: key.name.clone(),
        changes: key_changes(None, key),
        batch_id,
    }
}

/// An update from `before` to `after` (made, or wanted when it failed).
pub fn updated<'a>(action: &'a str, before: &KeyView, after: &KeyView) -> Change<'a> {
    Change {
        action,
        workspace_id: before.workspace_id.clone(),
        key_hash: Some(before.hash.clone()),
        key_name: before.name.clone(),
        changes: key_changes(Some(before), after),
        batch_id: None,
    }
}

/// Disable or enable that worked; `before` is the last version shown, if any.
pub fn toggled<'a>(
    action: &'a str,
    hash: &str,
    before: Option<&KeyView>,
    after: &KeyView,
) -> Change<'a> {
    Change {
        action,
        workspace_id: after.workspace_id.clone(),
        key_hash: Some(hash.to_string()),
        key_name: after.name.clone(),
        changes: vec![field(
            "disabled",
            before.map(|b| enabled_text(b.disabled)),
            Some(enabled_text(after.disabled)),
        )],
        batch_id: None,
    }
}

pub fn toggle_failed<'a>(
    action: &'a str,
    hash: &str,
    before: Option<&KeyView>,
    disabled: bool,
) -> Change<'a> {
    Change {
        action,
        workspace_id: before.and_then(|b| b.workspace_id.clone()),
        key_hash: Some(hash.to_string()),
        key_name: before.map(|b| b.name.clone()).unwrap_or_default(),
        changes: vec![field(
            "disabled",
            before.map(|b| enabled_text(b.disabled)),
            Some(enabled_text(disabled)),
        )],
        batch_id: None,
    }
}

/// A delete (done or tried); `known` is the last version shown, if any.
pub fn deleted<'a>(
    action: &'a str,
    hash: &str,
    known: Option<&KeyView>,
    batch_id: Option<String>,
) -> Change<'a> {
    Change {
        action,
        workspace_id: known.and_then(|k| k.workspace_id.clone()),
        key_hash: Some(hash.to_string()),
        key_name: known.map(|k| k.name.clone()).unwrap_or_default(),
        changes: vec![field("key", Some("exists".into()), Some("deleted".into()))],
        batch_id,
    }
}

/// The entry of one key of a bulk edit: one field change per field touched,
/// before as last read, after as the server answered (or as wanted, when the
/// request failed).
pub fn bulk_edited(
    change: &keyhold_ops::diff::Change,
    hash: &str,
    before: Option<&KeyView>,
    after: Option<&KeyView>,
    batch_id: Option<String>,
) -> Change<'static> {
    use keyhold_ops::diff::Change as Edit;
    let action = change.audit_action();
    if matches!(change, Edit::Delete) {
        return deleted(action, hash, before, batch_id);
    }
    let known = after.or(before);
    let changes = change
        .parts()
        .iter()
        .map(|part| {
            field(
                part.field(),
                before.map(|b| part.diff(b.into()).before),
                Some(match after {
                    Some(a) => part.diff(a.into()).before,
                    None => part.target_text(),
                }),
            )
        })
        .collect();
    Change {
        action,
        workspace_id: known.and_then(|k| k.workspace_id.clone()),
        key_hash: Some(hash.to_string()),
        key_name: known.map(|k| k.name.clone()).unwrap_or_default(),
        changes,
        batch_id,
    }
}
