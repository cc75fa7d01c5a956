//! Tests of the audit log, its entries and its export.

use super::*;
use crate::dto_bulk::{AuditAction, AuditEntry, AuditFilter, AuditOutcome, FieldChange};
use crate::error::{AppError, ErrorCode};

fn entry(action: &str, name: &str, time: &str) -> AuditEntry {
    AuditEntry {
        time: time.into(),
        workspace_id: None,
        action: AuditAction::named(action),
        key_hash: Some(format!("hash-{name}")),
        key_name: name.into(),
        changes: vec![FieldChange {
            field: "limit".into(),
            before: Some("5".into()),
            after: Some("10".into()),
        }],
        outcome: AuditOutcome::Ok,
        error_code: None,
        batch_id: None,
    }
}

#[test]
fn filters_combine_and_newest_comes_first() {
    let log = AuditLog::in_memory();
    log.record(&entry("create", "Alpha", "2026-11-20T10:00:00.000Z"));
    log.record(&entry("update", "Alpha", "2026-11-21T10:00:00.000Z"));
    log.record(&entry("update", "Beta", "2026-11-22T23:59:00.000Z"));
    let all = log.list(&AuditFilter::default()).unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[0].key_name, "Beta");
    let f = |key: Option<&str>, action: Option<&str>, from: Option<&str>, to: Option<&str>| {
        log.list(&AuditFilter {
            key: key.map(Into::into),
            action: action.map(Into::into),
            from: from.map(Into::into),
            to: to.map(Into::into),
        })
        .unwrap()
        .len()
    };
    assert_eq!(f(Some("alp"), None, None, None), 2);
    assert_eq!(f(Some("hash-beta"), None, None, None), 1);
    assert_eq!(f(Some("hash-Beta"), None, None, None), 1);
    assert_eq!(f(None, Some("update"), None, None), 2);
    assert_eq!(f(Some("alpha"), Some("update"), None, None), 1);
    assert_eq!(f(None, None, Some("2026-11-21"), None), 2);
    assert_eq!(
        f(None, None, None, Some("2026-11-22")),
        3,
        "the whole last day"
    );
    assert_eq!(
        f(None, None, Some("2026-11-21T10:00:01Z"), Some("2026-11-21")),
        0
    );
    let bad = log.list(&AuditFilter {
        from: Some("yesterday".into()),
        ..AuditFilter::default()
    });
    assert_eq!(bad.unwrap_err().field, Some(crate::error::Field::DateFrom));
}

#[test]
fn csv_has_a_header_and_flat_changes() {
    let csv = to_csv(&[entry("update", "A, b", "2026-11-20T10:00:00.000Z")]).unwrap();
    let text = String::from_utf8(csv).unwrap();
    assert_eq!(
        text,
        "time,workspace_id,action,key_hash,key_name,changes,outcome,error_code,batch_id\n\
         2026-11-20T10:00:00.000Z,,update,hash-A, b,\"A, b\",limit: 5 -> 10,ok,,\n"
            .replace("hash-A, b", "\"hash-A, b\"")
    );
}

#[test]
fn older_lines_and_newer_actions_still_read() {
    let log = AuditLog::in_memory();
    // A line as the first Keyhold wrote it (no version field), and one with
    // an action this build does not know.
    let old = r#"{"time":"2026-11-01T10:00:00.000Z","workspace_id":null,"action":"bulk_update","key_hash":"h1","key_name":"Lab 1","changes":[{"field":"limit","before":"none","after":"20"}],"outcome":"ok","error_code":null,"batch_id":"b1"}"#;
    let newer = r#"{"v":2,"time":"2026-11-02T10:00:00.000Z","workspace_id":null,"action":"workspace_move","key_hash":"h2","key_name":"Lab 2","outcome":"ok","error_code":null,"batch_id":null,"extra":1}"#;
    for line in [old, newer] {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        log.file.append(&value).unwrap();
    }
    let entries = log.list(&AuditFilter::default()).unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1].action, AuditAction::BulkUpdate);
    assert_eq!(entries[1].changes[0].after.as_deref(), Some("20"));
    assert_eq!(entries[0].action, AuditAction::Other);
}

#[test]
fn new_lines_carry_the_format_version() {
    let log = AuditLog::in_memory();
    log.record(&entry("create", "Bot", "2026-11-03T10:00:00.000Z"));
    let lines: Vec<serde_json::Value> = log.file.read_all().unwrap();
    assert_eq!(lines[0]["v"], 1);
    assert_eq!(lines[0]["action"], "create");
}

/// Every action under the name the file has always used for it.
const FILE_NAMES: [(&str, AuditAction); 21] = [
    ("create", AuditAction::Create),
    ("update", AuditAction::Update),
    ("disable", AuditAction::Disable),
    ("enable", AuditAction::Enable),
    ("delete", AuditAction::Delete),
    ("rotate_create", AuditAction::RotateCreate),
    ("retire_disable", AuditAction::RetireDisable),
    ("retire_delete", AuditAction::RetireDelete),
    ("retire_grace", AuditAction::RetireGrace),
    ("bulk_create", AuditAction::BulkCreate),
    ("bulk_update", AuditAction::BulkUpdate),
    ("bulk_disable", AuditAction::BulkDisable),
    ("bulk_enable", AuditAction::BulkEnable),
    ("bulk_delete", AuditAction::BulkDelete),
    ("bulk_replace_lost", AuditAction::BulkReplaceLost),
    ("guardrail_create", AuditAction::GuardrailCreate),
    ("guardrail_update", AuditAction::GuardrailUpdate),
    ("guardrail_delete", AuditAction::GuardrailDelete),
    ("guardrail_assign", AuditAction::GuardrailAssign),
    ("guardrail_remove", AuditAction::GuardrailRemove),
    ("other", AuditAction::Other),
];

#[test]
fn every_action_reads_and_writes_under_its_file_name() {
    for (name, action) in FILE_NAMES {
        let log = AuditLog::in_memory();
        let line = format!(
            r#"{{"v":1,"time":"2026-11-01T10:00:00.000Z","workspace_id":null,"action":"{name}","key_hash":"h1","key_name":"Lab","changes":[],"outcome":"ok","error_code":null,"batch_id":null}}"#
        );
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        log.file.append(&value).unwrap();
        let read = log.list(&AuditFilter::default()).unwrap();
        assert_eq!(read[0].action, action, "{name} reads");
        log.record(&read[0]);
        let lines: Vec<serde_json::Value> = log.file.read_all().unwrap();
        assert_eq!(lines[1]["action"], name, "{action:?} writes");
    }
}

#[test]
fn every_change_reaches_the_screen_under_its_action() {
    use keyhold_ops::audit::Action as A;
    let actions = [
        (A::Create, "create"),
        (A::Update, "update"),
        (A::Disable, "disable"),
        (A::Enable, "enable"),
        (A::Delete, "delete"),
        (A::RotateCreate, "rotate_create"),
        (A::RetireDisable, "retire_disable"),
        (A::RetireDelete, "retire_delete"),
        (A::RetireGrace, "retire_grace"),
        (A::BulkCreate, "bulk_create"),
        (A::BulkUpdate, "bulk_update"),
        (A::BulkDisable, "bulk_disable"),
        (A::BulkEnable, "bulk_enable"),
        (A::BulkDelete, "bulk_delete"),
        (A::BulkReplaceLost, "bulk_replace_lost"),
        (A::GuardrailCreate, "guardrail_create"),
        (A::GuardrailUpdate, "guardrail_update"),
        (A::GuardrailDelete, "guardrail_delete"),
        (A::GuardrailAssign, "guardrail_assign"),
        (A::GuardrailRemove, "guardrail_remove"),
    ];
    for (action, name) in actions {
        assert_eq!(screen_action(action).name(), name);
    }
}

#[test]
fn a_screen_entry_carries_the_outcome_and_code() {
    let entry = keyhold_ops::audit::deleted(keyhold_ops::audit::Action::Delete, "h1", None, None);
    let lost = AppError::new(ErrorCode::OutcomeUnknown, "no answer");
    let shown = screen_entry(entry.clone(), Some(&lost));
    assert_eq!(shown.action, AuditAction::Delete);
    assert_eq!(shown.outcome, AuditOutcome::Unknown);
    assert_eq!(shown.error_code.as_deref(), Some("outcome_unknown"));
    assert_eq!(shown.changes[0].after.as_deref(), Some("deleted"));
    let created_lost = AppError::new(ErrorCode::CreateOutcomeUnknown, "no answer");
    assert_eq!(outcome_of(Some(&created_lost)).0, AuditOutcome::Unknown);
    let gone = AppError::new(ErrorCode::NotFound, "gone");
    assert_eq!(
        screen_entry(entry.clone(), Some(&gone)).outcome,
        AuditOutcome::Failed
    );
    assert_eq!(outcome_of(None), (AuditOutcome::Ok, None));
}
