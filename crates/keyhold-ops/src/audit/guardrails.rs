//! Audit entries for guardrails: a guardrail created, edited or deleted
//! (no key; its name and rules in the changes), and each key given to or
//! taken from one (the guardrail it held before and after).

use crate::guardrails::{rule_changes, Rules};

use super::{field, Action, Entry};

/// A guardrail created (`before` = `None`) or edited.
pub fn guardrail_rules(
    action: Action,
    workspace_id: Option<String>,
    before: Option<&Rules>,
    after: &Rules,
) -> Entry {
    let mut changes = vec![field(
        "guardrail",
        before.map(|b| b.name.clone()),
        Some(after.name.clone()),
    )];
    changes.extend(
        rule_changes(before, after)
            .into_iter()
            .filter(|(f, _, _)| *f != "name")
            .map(|(f, was, now)| field(f, was, Some(now))),
    );
    Entry {
        action,
        workspace_id,
        key_hash: None,
        key_name: String::new(),
        changes,
        batch_id: None,
    }
}

/// A guardrail deleted, with how many keys it released.
pub fn guardrail_deleted(workspace_id: Option<String>, name: &str, keys: usize) -> Entry {
    Entry {
        action: Action::GuardrailDelete,
        workspace_id,
        key_hash: None,
        key_name: String::new(),
        changes: vec![
            field("guardrail", Some(name.to_string()), Some("deleted".into())),
            field("keys_released", None, Some(keys.to_string())),
        ],
        batch_id: None,
    }
}

/// One key moved from `before` (a guardrail's name, `None` = none) to
/// `after`, by `action` ([`Action::GuardrailAssign`] or [`Action::GuardrailRemove`]).
pub fn key_guardrail(
    action: Action,
    workspace_id: Option<String>,
    hash: &str,
    key_name: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> Entry {
    Entry {
        action,
        workspace_id,
        key_hash: Some(hash.to_string()),
        key_name: key_name.to_string(),
        changes: vec![field(
            "guardrail",
            Some(before.unwrap_or("none").to_string()),
            Some(after.unwrap_or("none").to_string()),
        )],
        batch_id: None,
    }
}
