//! Audit entries for a rotated-out key's grace period: the plan made (when
//! it ends and what happens then), and the plan dropped because the person
//! keeps the key.

use openrouter_client::format_expiry;

use crate::retirement::{FinalStep, RetirePlan};

use super::{field, Action, Entry};

fn due_text(plan: &RetirePlan) -> String {
    format_expiry(&plan.due_at)
}

/// A grace period planned for the old key of a rotation.
pub fn retirement_planned(plan: &RetirePlan) -> Entry {
    let step = match plan.then {
        FinalStep::Disable => "disable",
        FinalStep::Delete => "delete",
    };
    Entry {
        action: Action::RetireGrace,
        workspace_id: plan.workspace_id.clone(),
        key_hash: Some(plan.old_hash.clone()),
        key_name: plan.old_name.clone(),
        changes: vec![
            field("retire_at", None, Some(due_text(plan))),
            field("then", None, Some(step.into())),
        ],
        batch_id: None,
    }
}

/// A planned retirement dropped: the old key stays as it is.
pub fn retirement_dropped(plan: &RetirePlan) -> Entry {
    Entry {
        action: Action::RetireGrace,
        workspace_id: plan.workspace_id.clone(),
        key_hash: Some(plan.old_hash.clone()),
        key_name: plan.old_name.clone(),
        changes: vec![field(
            "retire_at",
            Some(due_text(plan)),
            Some("kept (not retired)".into()),
        )],
        batch_id: None,
    }
}
