//! Which guardrail each key holds, as assigning and releasing keys sees it:
//! a key holds at most one, so assigning it elsewhere replaces its guardrail.

use std::collections::HashMap;

use openrouter_client::KeyAssignment;

/// What assigning a key to a guardrail does to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AssignEffect {
    /// It holds no guardrail yet.
    New,
    /// It leaves the guardrail with this id (a key holds at most one).
    Replaces(String),
    /// It already holds this guardrail: nothing is sent for it.
    Already,
}

/// For each key (in the order given), what assigning it to `target` does.
pub fn assign_preview(
    target: &str,
    hashes: &[String],
    assignments: &[KeyAssignment],
) -> Vec<(String, AssignEffect)> {
    let held = holders(assignments);
    hashes
        .iter()
        .map(|h| {
            let effect = match held.get(&h.to_ascii_lowercase()) {
                None => AssignEffect::New,
                Some(g) if g.eq_ignore_ascii_case(target) => AssignEffect::Already,
                Some(g) => AssignEffect::Replaces((*g).to_string()),
            };
            (h.clone(), effect)
        })
        .collect()
}

/// The keys to release, grouped by the guardrail each holds (guardrail id →
/// hashes, in the order given); keys holding none are left out.
pub fn removal_groups(
    hashes: &[String],
    assignments: &[KeyAssignment],
) -> Vec<(String, Vec<String>)> {
    let held = holders(assignments);
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for h in hashes {
        let Some(g) = held.get(&h.to_ascii_lowercase()) else {
            continue;
        };
        match groups.iter_mut().find(|(id, _)| id == g) {
            Some((_, keys)) => keys.push(h.clone()),
            None => groups.push(((*g).to_string(), vec![h.clone()])),
        }
    }
    groups
}

/// How many keys each guardrail holds, by guardrail id.
pub fn key_counts(assignments: &[KeyAssignment]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for a in assignments {
        *counts.entry(a.guardrail_id.clone()).or_insert(0) += 1;
    }
    counts
}

/// Key hash (lower case) → the guardrail id it holds.
fn holders(assignments: &[KeyAssignment]) -> HashMap<String, &str> {
    assignments
        .iter()
        .map(|a| (a.key_hash.to_ascii_lowercase(), a.guardrail_id.as_str()))
        .collect()
}
