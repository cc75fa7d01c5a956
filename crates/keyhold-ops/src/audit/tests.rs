//! Tests of the audit entries' content.

use openrouter_client::{Key, LimitReset, NewKey, Usd};

use super::*;
use crate::diff::Change as Edit;

fn key(limit: Option<f64>, expires: Option<&str>) -> Key {
    serde_json::from_value(serde_json::json!({
        "hash": "h1",
        "name": "Team",
        "limit": limit,
        "limit_reset": "monthly",
        "include_byok_in_limit": false,
        "disabled": false,
        "expires_at": expires,
        "workspace_id": "ws1",
    }))
    .unwrap()
}

fn texts(changes: &[FieldChange]) -> Vec<(&str, Option<&str>, Option<&str>)> {
    changes
        .iter()
        .map(|c| (c.field.as_str(), c.before.as_deref(), c.after.as_deref()))
        .collect()
}

#[test]
fn an_update_lists_only_the_fields_that_differ() {
    let before = key(Some(20.0), None);
    let mut after = key(Some(12.5), Some("2026-12-01T10:00:00Z"));
    after.name = "Team B".into();
    after.limit_reset = None;
    let entry = updated(Action::Update, &before, &after);
    assert_eq!(entry.action, Action::Update);
    assert_eq!(entry.key_name, "Team", "named as it was");
    assert_eq!(entry.workspace_id.as_deref(), Some("ws1"));
    assert_eq!(
        texts(&entry.changes),
        [
            ("name", Some("Team"), Some("Team B")),
            ("limit", Some("20"), Some("12.5")),
            ("limit_reset", Some("monthly"), Some("never")),
            ("expires_at", Some("never"), Some("2026-12-01T10:00:00Z")),
        ]
    );
    assert!(updated(Action::Update, &before, &before).changes.is_empty());
}

#[test]
fn a_new_key_lists_every_field() {
    let entry = created(Action::BulkCreate, &key(None, None), Some("b1".into()));
    assert_eq!(entry.key_hash.as_deref(), Some("h1"));
    assert_eq!(entry.batch_id.as_deref(), Some("b1"));
    assert_eq!(
        texts(&entry.changes),
        [
            ("name", None, Some("Team")),
            ("limit", None, Some("none")),
            ("limit_reset", None, Some("monthly")),
            ("include_byok_in_limit", None, Some("no")),
            ("disabled", None, Some("enabled")),
            ("expires_at", None, Some("never")),
        ]
    );
}

#[test]
fn a_failed_create_says_what_was_asked() {
    let mut new = NewKey::named("Bot");
    new.limit = Some(Usd::parse("5").unwrap());
    new.limit_reset = Some(LimitReset::Weekly);
    new.expires_at = Some("2027-01-02T03:04:05Z".parse().unwrap());
    let entry = planned_create(Action::Create, &new, None);
    assert_eq!(entry.key_hash, None);
    assert_eq!(
        texts(&entry.changes),
        [
            ("name", None, Some("Bot")),
            ("limit", None, Some("5")),
            ("limit_reset", None, Some("weekly")),
            ("expires_at", None, Some("2027-01-02T03:04:05Z")),
        ],
        "BYOK is listed only when asked for"
    );
    new.include_byok_in_limit = Some(true);
    let entry = planned_create(Action::Create, &new, None);
    assert_eq!(
        texts(&entry.changes)[3],
        ("include_byok_in_limit", None, Some("yes"))
    );
}

#[test]
fn toggles_and_deletes_name_the_key_as_last_seen() {
    let seen = key(None, None);
    let mut now = seen.clone();
    now.disabled = true;
    let done = toggled(Action::Disable, "h1", Some(&seen), &now);
    assert_eq!(
        texts(&done.changes),
        [("disabled", Some("enabled"), Some("disabled"))]
    );
    let failed = toggle_failed(Action::Enable, "h9", None, false);
    assert_eq!((failed.key_name.as_str(), failed.workspace_id), ("", None));
    assert_eq!(
        texts(&failed.changes),
        [("disabled", None, Some("enabled"))]
    );
    let gone = deleted(Action::RetireDelete, "h1", Some(&seen), None);
    assert_eq!(gone.key_name, "Team");
    assert_eq!(
        texts(&gone.changes),
        [("key", Some("exists"), Some("deleted"))]
    );
}

#[test]
fn a_bulk_edit_entry_has_one_change_per_field_touched() {
    let before = key(Some(20.0), None);
    let mut after = before.clone();
    after.limit = Some(5.0);
    after.limit_reset = Some(LimitReset::Daily);
    let both = Edit::SetLimitAndReset(Usd::parse("5").unwrap(), Some(LimitReset::Daily));
    let done = bulk_edited(&both, "h1", Some(&before), Some(&after), None);
    assert_eq!(done.action, Action::BulkUpdate);
    assert_eq!(
        texts(&done.changes),
        [
            ("limit", Some("20"), Some("5")),
            ("limit_reset", Some("monthly"), Some("daily")),
        ]
    );
    let failed = bulk_edited(&Edit::Disable, "h2", None, None, Some("b1".into()));
    assert_eq!(failed.action, Action::BulkDisable);
    assert_eq!(failed.key_name, "");
    assert_eq!(
        texts(&failed.changes),
        [("disabled", None, Some("disabled"))]
    );
    let gone = bulk_edited(&Edit::Delete, "h1", Some(&before), None, None);
    assert_eq!(gone.action, Action::BulkDelete);
    assert_eq!(
        texts(&gone.changes),
        [("key", Some("exists"), Some("deleted"))]
    );
}

#[test]
fn the_outcome_follows_the_error_code() {
    assert_eq!(Outcome::of(None), Outcome::Ok);
    assert_eq!(Outcome::of(Some("outcome_unknown")), Outcome::Unknown);
    assert_eq!(
        Outcome::of(Some("create_outcome_unknown")),
        Outcome::Unknown
    );
    assert_eq!(Outcome::of(Some("not_found")), Outcome::Failed);
    assert_eq!(Outcome::of(Some("invalid_input")), Outcome::Failed);
}

#[test]
fn only_adding_or_removing_a_key_is_a_create_or_delete() {
    use Action as A;
    let yes = [
        A::Create,
        A::Delete,
        A::RotateCreate,
        A::RetireDelete,
        A::BulkCreate,
        A::BulkDelete,
        A::BulkReplaceLost,
    ];
    for a in yes {
        assert!(a.creates_or_deletes(), "{a:?}");
    }
    for a in [A::Update, A::Disable, A::RetireGrace, A::GuardrailAssign] {
        assert!(!a.creates_or_deletes(), "{a:?}");
    }
}

#[test]
fn a_grace_period_says_when_it_ends_and_what_then_and_a_kept_key_says_so() {
    use crate::retirement::{FinalStep, RetirePlan};
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-20T10:00:00Z")
        .unwrap()
        .to_utc();
    let plan = RetirePlan::new(
        "old",
        "Team",
        "new",
        Some("ws".into()),
        chrono::Duration::hours(24),
        FinalStep::Delete,
        now,
    );
    let planned = retirement_planned(&plan);
    assert_eq!(planned.action, Action::RetireGrace);
    assert_eq!(
        (planned.key_hash.as_deref(), planned.key_name.as_str()),
        (Some("old"), "Team")
    );
    assert_eq!(planned.workspace_id.as_deref(), Some("ws"));
    assert_eq!(
        texts(&planned.changes),
        [
            ("retire_at", None, Some("2026-11-21T10:00:00Z")),
            ("then", None, Some("delete")),
        ]
    );
    let kept = retirement_dropped(&plan);
    assert_eq!(kept.action, Action::RetireGrace);
    assert_eq!(
        texts(&kept.changes),
        [(
            "retire_at",
            Some("2026-11-21T10:00:00Z"),
            Some("kept (not retired)")
        )]
    );
}
