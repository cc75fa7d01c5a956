//! One key of a bulk edit: whether anything is sent, which request, and
//! what its answer means for the key's row.

use openrouter_client::{Key, KeyPatch};

use crate::diff::Change;

/// What to do for one key.
#[derive(Debug, Clone, PartialEq)]
pub enum RowPlan {
    /// The key as last read already has the target value: nothing is sent.
    Unchanged,
    Patch(KeyPatch),
    Delete,
}

/// The plan for a key as last read (the preview's version), if it was read.
/// A key never read is sent the change: only the server can tell.
pub fn plan_row(before: Option<&Key>, change: &Change) -> RowPlan {
    if before.is_some_and(|b| !change.diff(b.into()).changes) {
        return RowPlan::Unchanged;
    }
    match change.patch() {
        Some(patch) => RowPlan::Patch(patch),
        None => RowPlan::Delete,
    }
}

/// How the request ended: what the server answered (the key after a
/// PATCH, nothing after a DELETE), or the error, told apart when it says
/// the key does not exist.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer<T, E> {
    Done(T),
    NotFound(E),
    Failed(E),
}

/// What the row shows once its request has ended.
#[derive(Debug, Clone, PartialEq)]
pub enum RowOutcome<T, E> {
    /// Made, with what the server answered.
    Succeeded(T),
    /// A delete found the key gone: the wanted end is reached, there is
    /// nothing to retry.
    AlreadyDeleted,
    Failed(E),
}

/// The note of a row whose delete found the key gone.
pub const ALREADY_DELETED_NOTE: &str = "it was already deleted";

pub fn settle<T, E>(change: &Change, answer: Answer<T, E>) -> RowOutcome<T, E> {
    match answer {
        Answer::Done(after) => RowOutcome::Succeeded(after),
        Answer::NotFound(_) if matches!(change, Change::Delete) => RowOutcome::AlreadyDeleted,
        Answer::NotFound(e) | Answer::Failed(e) => RowOutcome::Failed(e),
    }
}

#[cfg(test)]
mod tests {
    use openrouter_client::{LimitReset, Usd};

    use super::*;

    fn key() -> Key {
        serde_json::from_value(serde_json::json!({
            "hash": "h1",
            "name": "Team",
            "limit": 20.0,
            "limit_reset": "monthly",
            "disabled": true,
        }))
        .unwrap()
    }

    #[test]
    fn a_key_that_already_has_the_value_is_left_alone() {
        let k = key();
        let usd = |t| Usd::parse(t).unwrap();
        assert_eq!(
            plan_row(Some(&k), &Change::SetLimit(usd("20.000"))),
            RowPlan::Unchanged
        );
        assert_eq!(plan_row(Some(&k), &Change::Disable), RowPlan::Unchanged);
        assert_eq!(
            plan_row(Some(&k), &Change::SetReset(Some(LimitReset::Monthly))),
            RowPlan::Unchanged
        );
        assert_eq!(
            plan_row(Some(&k), &Change::SetLimit(usd("5"))),
            RowPlan::Patch(KeyPatch::default().limit(usd("5")))
        );
        assert_eq!(
            plan_row(Some(&k), &Change::Enable),
            RowPlan::Patch(KeyPatch::default().disabled(false))
        );
    }

    #[test]
    fn a_key_never_read_is_sent_the_change_and_a_delete_is_a_delete() {
        assert_eq!(
            plan_row(None, &Change::Disable),
            RowPlan::Patch(KeyPatch::default().disabled(true))
        );
        assert_eq!(plan_row(None, &Change::Delete), RowPlan::Delete);
        assert_eq!(plan_row(Some(&key()), &Change::Delete), RowPlan::Delete);
    }

    #[test]
    fn a_delete_that_finds_the_key_gone_has_nothing_to_retry() {
        assert_eq!(
            settle(&Change::Delete, Answer::<(), _>::NotFound("404")),
            RowOutcome::AlreadyDeleted
        );
        assert_eq!(
            settle(&Change::Delete, Answer::<_, &str>::Done(None::<Key>)),
            RowOutcome::Succeeded(None)
        );
        assert_eq!(
            settle(&Change::Delete, Answer::<(), _>::Failed("500")),
            RowOutcome::Failed("500")
        );
    }

    #[test]
    fn an_edit_of_a_missing_key_fails() {
        assert_eq!(
            settle(&Change::Disable, Answer::<(), _>::NotFound("404")),
            RowOutcome::Failed("404")
        );
        assert_eq!(
            settle(&Change::ClearLimit, Answer::<_, &str>::Done(Some(key()))),
            RowOutcome::Succeeded(Some(key()))
        );
    }
}
