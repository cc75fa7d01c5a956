//! The content of audit entries: which change was made to which key, each
//! field's before and after as display text, and the outcome. The app adds
//! the time and turns an entry into what the audit screen shows; the file
//! format has its own names for the actions.
//!
//! Display values are those of [`crate::diff`]; an expiry is RFC 3339 UTC
//! to the second, or `never`.

mod guardrails;
mod retirement;

pub use guardrails::{guardrail_deleted, guardrail_rules, key_guardrail};
pub use retirement::{retirement_dropped, retirement_planned};

use openrouter_client::{format_expiry, ErrorCode, Key, LimitReset, NewKey};

use crate::diff::{enabled_text, limit_text, reset_text, yes_no, Change as Edit};

/// What a change did. Every place that records one names it here, so a
/// misspelt action cannot slip into the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
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
}

impl Action {
    /// Adds or removes a key: the account watch must not report it as a
    /// change made outside Keyhold.
    pub fn creates_or_deletes(self) -> bool {
        use Action as A;
        matches!(
            self,
            A::Create
                | A::Delete
                | A::RotateCreate
                | A::RetireDelete
                | A::BulkCreate
                | A::BulkDelete
                | A::BulkReplaceLost
        )
    }
}

/// One field, before and after (display text; `None` = not known or not set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

pub fn field(field: &str, before: Option<String>, after: Option<String>) -> FieldChange {
    FieldChange {
        field: field.to_string(),
        before,
        after,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Failed,
    /// The request was sent but no clear answer came back.
    Unknown,
}

impl Outcome {
    /// The outcome of a change that ended with `error_code` (the stable
    /// snake_case name), or without error.
    pub fn of(error_code: Option<&str>) -> Outcome {
        let lost = [ErrorCode::CreateOutcomeUnknown, ErrorCode::OutcomeUnknown];
        match error_code {
            None => Outcome::Ok,
            Some(code) if lost.iter().any(|l| l.as_str() == code) => Outcome::Unknown,
            Some(_) => Outcome::Failed,
        }
    }
}

/// An entry for one change of one key (or of a guardrail), without its time
/// and outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub action: Action,
    pub workspace_id: Option<String>,
    pub key_hash: Option<String>,
    pub key_name: String,
    pub changes: Vec<FieldChange>,
    pub batch_id: Option<String>,
}

fn expiry_text(at: Option<&chrono::DateTime<chrono::Utc>>) -> String {
    at.map(format_expiry).unwrap_or_else(|| "never".into())
}

/// The editable fields (and expiry) that differ between two versions of a
/// key; with no `before` (a new key) every field of `after`.
pub fn key_changes(before: Option<&Key>, after: &Key) -> Vec<FieldChange> {
    type Show = fn(&Key) -> String;
    let fields: [(&str, Show); 6] = [
        ("name", |k| k.name.clone()),
        ("limit", |k| limit_text(k.limit)),
        ("limit_reset", |k| {
            reset_text(k.limit_reset.as_ref().map(LimitReset::as_str))
        }),
        ("include_byok_in_limit", |k| yes_no(k.include_byok_in_limit)),
        ("disabled", |k| enabled_text(k.disabled)),
        ("expires_at", |k| expiry_text(k.expires_at.as_ref())),
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
pub fn planned_create(action: Action, new: &NewKey, batch_id: Option<String>) -> Entry {
    let mut changes = vec![
        field("name", None, Some(new.name.clone())),
        field(
            "limit",
            None,
            Some(limit_text(new.limit.map(|u| u.to_f64()))),
        ),
        field(
            "limit_reset",
            None,
            Some(reset_text(new.limit_reset.as_ref().map(LimitReset::as_str))),
        ),
    ];
    if let Some(b) = new.include_byok_in_limit {
        changes.push(field("include_byok_in_limit", None, Some(yes_no(b))));
    }
    changes.push(field(
        "expires_at",
        None,
        Some(expiry_text(new.expires_at.as_ref())),
    ));
    Entry {
        action,
        workspace_id: new.workspace_id.clone(),
        key_hash: None,
        key_name: new.name.clone(),
        changes,
        batch_id,
    }
}

/// A key that was created.
pub fn created(action: Action, key: &Key, batch_id: Option<String>) -> Entry {
    Entry {
        action,
        workspace_id: key.workspace_id.clone(),
        key_hash: Some(key.hash.clone()),
        key_name: key.name.clone(),
        changes: key_changes(None, key),
        batch_id,
    }
}

/// An update from `before` to `after` (made, or wanted when it failed).
pub fn updated(action: Action, before: &Key, after: &Key) -> Entry {
    Entry {
        action,
        workspace_id: before.workspace_id.clone(),
        key_hash: Some(before.hash.clone()),
        key_name: before.name.clone(),
        changes: key_changes(Some(before), after),
        batch_id: None,
    }
}

/// Disable or enable that worked; `before` is the last version shown, if any.
pub fn toggled(action: Action, hash: &str, before: Option<&Key>, after: &Key) -> Entry {
    Entry {
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

/// Disable or enable that failed: the state that was wanted.
pub fn toggle_failed(action: Action, hash: &str, before: Option<&Key>, disabled: bool) -> Entry {
    Entry {
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
pub fn deleted(action: Action, hash: &str, known: Option<&Key>, batch_id: Option<String>) -> Entry {
    Entry {
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
    change: &Edit,
    hash: &str,
    before: Option<&Key>,
    after: Option<&Key>,
    batch_id: Option<String>,
) -> Entry {
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
    Entry {
        action,
        workspace_id: known.and_then(|k| k.workspace_id.clone()),
        key_hash: Some(hash.to_string()),
        key_name: known.map(|k| k.name.clone()).unwrap_or_default(),
        changes,
        batch_id,
    }
}

#[cfg(test)]
mod tests;
