//! Bulk and finance operations against the real simulator over HTTP: bulk
//! create with injected failures, retry and reconciliation, cancel, bulk
//! edit with its audit entries, previews, exports through the dialog
//! override, and scans for key strings in every file written.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use openrouter_sim::{FaultRule, Faults, ServerErrorFault, Sim, SimConfig};
use secrecy::SecretString;

use super::{app, TestSession};
use crate::app_state::AppState;
use crate::clipboard::memory::MemoryClipboard;
use crate::clipboard::ClipboardAccess;
use crate::dialog::DirDialog;
use crate::dto::*;
use crate::dto_bulk::*;
use crate::error::ErrorCode;
use crate::keychain::Keychain;

async fn sim(keys: usize) -> Sim {
    Sim::start(SimConfig {
        keys,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts")
}

/// Signed in (session only: the keychain is not touched), with the audit log
/// and dialog "choices" in `dir`.
async fn signed_in(sim: &Sim, dir: &std::path::Path) -> Arc<AppState> {
    let kc = Keychain::new(&format!("bulk-test-{}", std::process::id()));
    let st = app(kc, Some(dir.join("data")), Some(sim.base_url()), |_| {});
    st.platform
        .set_dialog(Arc::new(DirDialog::new(dir.join("files"))));
    st.sign_in(SecretString::from(sim.management_key()), false)
        .await
        .expect("management key signs in");
    Arc::new(st)
}

/// Every key of the account, disabled and expired ones too.
async fn all_keys(st: &AppState) -> Vec<KeyView> {
    st.s()
        .list_keys(ListKeysInput {
            workspace_id: None,
            include_disabled: true,
            include_expired: true,
        })
        .await
        .unwrap()
}

fn names_input(names: &[String]) -> BulkCreateInput {
    BulkCreateInput {
        names: names
            .iter()
            .map(|n| BulkName {
                name: n.clone(),
                limit: None,
            })
            .collect(),
        limit: Some("5".into()),
        limit_reset: Some(ResetPeriod::Monthly),
        include_byok_in_limit: false,
        expires_at: None,
        workspace_id: None,
    }
}

async fn wait(st: &AppState, id: &str) -> BatchStatus {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let status = st.s().batch_status(id).unwrap();
        if !status.running {
            return status;
        }
        assert!(
            Instant::now() < deadline,
            "batch did not finish: {status:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn count_names(sim: &Sim) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for n in sim.key_names() {
        *counts.entry(n).or_insert(0) += 1;
    }
    counts
}

fn all_files_text(dir: &std::path::Path) -> String {
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            text.push_str(&all_files_text(&path));
        } else {
            text.push_str(&String::from_utf8_lossy(&std::fs::read(&path).unwrap()));
        }
    }
    text
}

#[tokio::test]
async fn bulk_create_with_failures_then_retry_makes_exactly_the_keys() {
    let sim = sim(0).await;
    let dir = tempfile::tempdir().unwrap();
    let st = signed_in(&sim, dir.path()).await;
    let names = crate::bulk_input::expand_name_pattern("Workshop Nov 2026 – {n:2}", 30, 1).unwrap();
    // Every 10th POST answers 500 before creating; one create is applied and
    // then the connection drops (the key exists, its string is lost).
    sim.set_faults(Faults {
        server_error: Some(ServerErrorFault {
            rule: FaultRule::every_nth(10).only_methods(&["POST"]),
            ..ServerErrorFault::default()
        }),
        reset_after_create: Some(FaultRule::every_nth(20)),
        ..Faults::default()
    });
    let id = st.s().start_bulk_create(names_input(&names)).await.unwrap();
    let first = wait(&st, &id).await;
    assert_eq!(first.kind, BatchKind::Create);
    assert_eq!(first.total, 30);
    assert_eq!(first.done, 30);
    assert_eq!(first.failed, 4, "{:#?}", first.rows);
    assert!(first
        .rows
        .iter()
        .filter(|r| r.state != RowState::Succeeded)
        .all(|r| r.state == RowState::OutcomeUnknown
            && r.error.as_ref().unwrap().code == ErrorCode::CreateOutcomeUnknown));
    assert_eq!(sim.key_count(), 27, "26 answered creates + 1 lost answer");
    let reveal_id = first.reveal_id.clone().expect("a batch reveal");

    sim.set_faults(Faults::default());
    assert_eq!(st.s().retry_failed(&id).await.unwrap(), id);
    let after = wait(&st, &id).await;
    assert_eq!(after.succeeded, 30, "{:#?}", after.rows);
    assert_eq!(after.failed, 0);

    // Exactly the 30 names, each once.
    let counts = count_names(&sim);
    assert_eq!(sim.key_count(), 30);
    for n in &names {
        assert_eq!(counts.get(n), Some(&1), "{n}");
    }
    // The key whose answer was lost (unused, nobody holds its string) was
    // deleted and created again: every row has a usable string, and the
    // replaced row says what happened.
    assert!(after.rows.iter().all(|r| r.has_secret), "{:#?}", after.rows);
    let replaced: Vec<&BatchRow> = after
        .rows
        .iter()
        .filter(|r| r.note.as_deref() == Some(crate::batches::REPLACED_NOTE))
        .collect();
    assert_eq!(replaced.len(), 1, "{:#?}", after.rows);
    // The batch reveal holds a string for every row, in batch order.
    let secrets = st.s().reveal_batch(&reveal_id).unwrap();
    assert_eq!(secrets.len(), 30);
    for s in &secrets {
        assert!(s.key.starts_with("sk-or-v1-"));
        let row = after.rows.iter().find(|r| r.name == s.name).unwrap();
        assert_eq!(row.hash.as_deref(), Some(s.hash.as_str()));
        assert!(row.has_secret);
    }
    let mut ordered = secrets.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
    ordered.sort();
    assert_eq!(
        ordered,
        secrets.iter().map(|s| s.name.clone()).collect::<Vec<_>>()
    );

    // A second retry has nothing to do and creates nothing.
    st.s().retry_failed(&id).await.unwrap();
    wait(&st, &id).await;
    assert_eq!(sim.key_count(), 30);

    // The audit log: one ok entry per key, failures recorded with their code,
    // and no key string or management key anywhere in the files.
    let entries = st.s().list_audit(&AuditFilter::default()).await.unwrap();
    let ok: Vec<_> = entries
        .iter()
        .filter(|e| e.action == AuditAction::BulkCreate && e.outcome == AuditOutcome::Ok)
        .collect();
    assert_eq!(ok.len(), 30);
    assert!(ok
        .iter()
        .all(|e| e.batch_id.as_deref() == Some(id.as_str())));
    assert_eq!(
        entries
            .iter()
            .filter(|e| e.outcome == AuditOutcome::Unknown)
            .count(),
        4
    );
    // The replacement's delete is on record, for a key no row ends with.
    let deletes: Vec<_> = entries
        .iter()
        .filter(|e| e.action == AuditAction::BulkReplaceLost)
        .collect();
    assert_eq!(deletes.len(), 1);
    assert_eq!(deletes[0].outcome, AuditOutcome::Ok);
    assert_eq!(deletes[0].key_name, replaced[0].name);
    let gone = deletes[0].key_hash.clone().unwrap();
    assert!(sim.key_snapshot(&gone).is_none());
    assert!(after.rows.iter().all(|r| r.hash.as_deref() != Some(&gone)));
    st.s().save_batch_csv(&reveal_id).await.unwrap().unwrap();
    st.s()
        .export_audit_csv(&AuditFilter::default())
        .await
        .unwrap()
        .unwrap();
    let audit_text = std::fs::read_to_string(dir.path().join("data/audit.jsonl")).unwrap();
    assert_eq!(audit_text.lines().count(), entries.len());
    for s in &secrets {
        assert!(!audit_text.contains(&s.key));
    }
    assert!(!all_files_text(&dir.path().join("data")).contains(&sim.management_key()));

    st.s().close_batch_reveal(&reveal_id);
    assert_eq!(
        st.s().reveal_batch(&reveal_id).unwrap_err().code,
        ErrorCode::RevealGone
    );
    assert_eq!(st.s().batch_vault.secrets(), 0);
}

#[tokio::test]
async fn lost_keys_are_replaced_once_and_used_ones_are_kept() {
    let sim = sim(2).await;
    let dir = tempfile::tempdir().unwrap();
    let st = signed_in(&sim, dir.path()).await;
    // Every create is applied but its answer lost.
    sim.set_faults(Faults {
        reset_after_create: Some(FaultRule::always()),
        ..Faults::default()
    });
    // Same name twice, a name that already exists before the batch, and one
    // whose key gets used before the retry (someone holds that string).
    let names = vec![
        "twin".to_string(),
        "twin".to_string(),
        "key-0001".to_string(),
        "used".to_string(),
    ];
    let id = st.s().start_bulk_create(names_input(&names)).await.unwrap();
    let first = wait(&st, &id).await;
    assert_eq!(first.failed, 4);
    assert_eq!(sim.key_count(), 6);
    assert!(first.reveal_id.is_none(), "no key string was received");
    let listed = all_keys(&st).await;
    let used = listed
        .iter()
        .find(|k| k.name == "used")
        .unwrap()
        .hash
        .clone();
    let old_twins: Vec<String> = listed
        .iter()
        .filter(|k| k.name == "twin")
        .map(|k| k.hash.clone())
        .collect();
    assert!(sim.add_spend(&used, 0.25, false));

    // The replacement's delete fails: nothing is created again, and the
    // rows say why.
    sim.set_faults(Faults {
        server_error: Some(ServerErrorFault {
            rule: FaultRule::always().only_methods(&["DELETE"]),
            ..ServerErrorFault::default()
        }),
        ..Faults::default()
    });
    st.s().retry_failed(&id).await.unwrap();
    let stuck = wait(&st, &id).await;
    assert_eq!(sim.key_count(), 6, "no create without the delete");
    let unknown: Vec<&BatchRow> = stuck
        .rows
        .iter()
        .filter(|r| r.state == RowState::OutcomeUnknown)
        .collect();
    assert_eq!(unknown.len(), 3, "{:#?}", stuck.rows);
    assert!(unknown.iter().all(|r| r
        .error
        .as_ref()
        .unwrap()
        .message
        .contains("could not be replaced")));
    let kept = stuck.rows.iter().find(|r| r.name == "used").unwrap();
    assert_eq!(kept.state, RowState::Succeeded);
    assert_eq!(kept.hash.as_deref(), Some(used.as_str()));
    assert_eq!(kept.note.as_deref(), Some(crate::batches::LOST_STRING_NOTE));

    // With deletes working, the three unused keys are replaced.
    sim.set_faults(Faults::default());
    st.s().retry_failed(&id).await.unwrap();
    let after = wait(&st, &id).await;
    assert_eq!(after.succeeded, 4, "{:#?}", after.rows);
    assert_eq!(sim.key_count(), 6, "each lost key replaced, none doubled");
    let hashes: std::collections::HashSet<_> =
        after.rows.iter().map(|r| r.hash.clone().unwrap()).collect();
    assert_eq!(hashes.len(), 4, "each row has its own key");
    for old in &old_twins {
        assert!(sim.key_snapshot(old).is_none(), "old twin {old} deleted");
    }
    assert_eq!(
        count_names(&sim).get("key-0001"),
        Some(&2),
        "the old one and ours"
    );
    let secrets = st
        .s()
        .reveal_batch(after.reveal_id.as_deref().unwrap())
        .unwrap();
    let mut revealed: Vec<&str> = secrets.iter().map(|s| s.name.as_str()).collect();
    revealed.sort_unstable();
    assert_eq!(revealed, ["key-0001", "twin", "twin"]);
    // The pre-existing key-0001 was never touched.
    let preexisting = listed
        .iter()
        .filter(|k| k.name == "key-0001")
        .min_by_key(|k| k.created_at.clone())
        .unwrap();
    assert!(sim.key_snapshot(&preexisting.hash).is_some());
}

#[tokio::test]
async fn cancel_stops_new_creates_and_retry_finishes_them() {
    let sim = sim(0).await;
    let dir = tempfile::tempdir().unwrap();
    let st = signed_in(&sim, dir.path()).await;
    sim.set_latency(Duration::from_millis(150));
    let names = crate::bulk_input::expand_name_pattern("Seat {n}", 40, 1).unwrap();
    let id = st.s().start_bulk_create(names_input(&names)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(60)).await;
    let status = st.s().cancel_batch(&id).unwrap();
    assert!(status.cancelled);
    let stopped = wait(&st, &id).await;
    let created = stopped
        .rows
        .iter()
        .filter(|r| r.state == RowState::Succeeded)
        .count();
    let cancelled = stopped
        .rows
        .iter()
        .filter(|r| r.state == RowState::Cancelled)
        .count();
    assert!(created <= 16, "at most two rounds in flight: {created}");
    assert_eq!(created + cancelled, 40);
    assert_eq!(sim.key_count(), created, "cancelled rows sent nothing");
    sim.set_latency(Duration::ZERO);
    st.s().retry_failed(&id).await.unwrap();
    let done = wait(&st, &id).await;
    assert_eq!(done.succeeded, 40);
    assert!(!done.cancelled);
    assert_eq!(sim.key_count(), 40);
}

#[tokio::test]
async fn preview_flags_collisions_and_bad_rows_and_sends_nothing() {
    let sim = sim(3).await;
    let dir = tempfile::tempdir().unwrap();
    let st = signed_in(&sim, dir.path()).await;
    let disabled = all_keys(&st).await[0].clone();
    st.s().set_disabled(&disabled.hash, true).await.unwrap();
    sim.clear_requests();
    let mut input = names_input(&[
        "fresh".into(),
        disabled.name.clone(),
        "fresh".into(),
        "  ".into(),
    ]);
    input.names[0].limit = Some("7.25".into());
    input.names[2].limit = Some("lots".into());
    let rows = st.s().preview_bulk_create(&input).await.unwrap();
    assert_eq!(rows.len(), 4);
    assert!(!rows[0].collision && !rows[0].duplicate_in_batch);
    assert_eq!(rows[0].limit, Some(7.25));
    assert_eq!(rows[0].limit_reset, Some(ResetPeriod::Monthly));
    assert!(rows[1].collision, "disabled keys count as existing");
    assert_eq!(rows[1].limit, Some(5.0));
    assert!(rows[2].duplicate_in_batch);
    assert!(rows[2].problem.as_deref().unwrap().contains("lots"));
    assert!(rows[3].problem.is_some());
    assert!(sim.requests().iter().all(|r| r.method == "GET"));
    // A batch with a bad row does not start.
    let err = st.s().start_bulk_create(input).await.unwrap_err();
    assert_eq!(err.field, Some(crate::error::Field::Names));
    assert!(err.message.contains("Row 3"), "{}", err.message);
    assert!(sim.requests().iter().all(|r| r.method == "GET"));
}

#[tokio::test]
async fn bulk_limit_change_on_fifty_keys_changes_every_key_and_audits_each() {
    let sim = sim(50).await;
    let dir = tempfile::tempdir().unwrap();
    let st = signed_in(&sim, dir.path()).await;
    let keys = all_keys(&st).await;
    assert_eq!(keys.len(), 50);
    let input = BulkEditInput {
        hashes: keys.iter().map(|k| k.hash.clone()).collect(),
        action: BulkAction::SetLimit {
            limit: "42.50".into(),
        },
    };
    let preview = st.s().preview_bulk_edit(&input).await.unwrap();
    assert_eq!(preview.len(), 50);
    assert!(preview
        .iter()
        .all(|p| p.field == "limit" && p.after == "42.5" && p.changes));
    assert_eq!(preview[0].hash, keys[0].hash, "in selection order");
    assert_eq!(preview[0].name, keys[0].name);

    // A few 429s and 500s on the way: the client retries PATCH.
    sim.set_faults(Faults {
        rate_limit: Some(openrouter_sim::RateLimitFault {
            rule: FaultRule::every_nth(17).only_methods(&["PATCH"]),
            retry_after_secs: 1,
        }),
        server_error: Some(ServerErrorFault {
            rule: FaultRule::every_nth(23).only_methods(&["PATCH"]),
            ..ServerErrorFault::default()
        }),
        ..Faults::default()
    });
    let id = st.s().start_bulk_edit(input.clone()).await.unwrap();
    let done = wait(&st, &id).await;
    assert_eq!(done.kind, BatchKind::Edit);
    assert_eq!((done.succeeded, done.failed), (50, 0), "{:#?}", done.rows);
    for k in &keys {
        assert_eq!(
            sim.key_snapshot(&k.hash).unwrap()["limit"],
            42.5,
            "{}",
            k.name
        );
    }
    let entries = st
        .s()
        .list_audit(&AuditFilter {
            action: Some("bulk_update".into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(entries.len(), 50);
    let one = entries
        .iter()
        .find(|e| e.key_hash.as_deref() == Some(&keys[0].hash))
        .unwrap();
    assert_eq!(one.key_name, keys[0].name);
    assert_eq!(one.outcome, AuditOutcome::Ok);
    assert_eq!(one.batch_id.as_deref(), Some(id.as_str()));
    assert_eq!(one.changes[0].field, "limit");
    assert_eq!(one.changes[0].after.as_deref(), Some("42.5"));
    assert_eq!(
        one.changes[0].before,
        Some(keyhold_ops::diff::limit_text(keys[0].limit))
    );

    // Same change again: every key already has it, so nothing is sent.
    sim.set_faults(Faults::default());
    sim.clear_requests();
    let again = st.s().start_bulk_edit(input).await.unwrap();
    let skipped = wait(&st, &again).await;
    assert_eq!(skipped.succeeded, 50);
    assert!(skipped.rows.iter().all(|r| r.state == RowState::Unchanged));
    assert!(sim.requests().is_empty());
}

#[tokio::test]
async fn twenty_a_month_is_one_action_one_patch_and_one_audit_entry_per_key() {
    let sim = sim(6).await;
    let dir = tempfile::tempdir().unwrap();
    let st = signed_in(&sim, dir.path()).await;
    let keys = all_keys(&st).await;
    // One key already has exactly $20 a month: it is skipped.
    let already = &keys[0];
    let patch = openrouter_client::KeyPatch::default()
        .limit(openrouter_client::Usd::parse("20").unwrap())
        .limit_reset(openrouter_client::LimitReset::Monthly);
    st.s()
        .client
        .update_key(&already.hash, &patch)
        .await
        .unwrap();
    let input = BulkEditInput {
        hashes: keys.iter().map(|k| k.hash.clone()).collect(),
        action: BulkAction::SetLimitAndReset {
            limit: "20".into(),
            reset: Some(ResetPeriod::Monthly),
        },
    };
    let preview = st.s().preview_bulk_edit(&input).await.unwrap();
    assert_eq!(preview.len(), 6);
    assert!(preview
        .iter()
        .all(|p| p.field == "limit_and_reset" && p.after == "20, monthly"));
    assert!(!preview[0].changes, "{:?}", preview[0]);
    assert!(preview[1..].iter().all(|p| p.changes));

    sim.clear_requests();
    let id = st.s().start_bulk_edit(input).await.unwrap();
    let done = wait(&st, &id).await;
    assert_eq!((done.succeeded, done.failed), (6, 0), "{:#?}", done.rows);
    assert_eq!(done.rows[0].state, RowState::Unchanged);
    let patches: Vec<_> = sim
        .requests()
        .into_iter()
        .filter(|r| r.method == "PATCH")
        .collect();
    assert_eq!(patches.len(), 5, "one PATCH per key that changes");
    for k in &keys {
        let snap = sim.key_snapshot(&k.hash).unwrap();
        assert_eq!(snap["limit"], 20.0, "{}", k.name);
        assert_eq!(snap["limit_reset"], "monthly", "{}", k.name);
    }
    let entries = st
        .s()
        .list_audit(&AuditFilter {
            action: Some("bulk_update".into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(entries.len(), 5, "one entry per key changed");
    for e in &entries {
        let k = keys
            .iter()
            .find(|k| k.hash == e.key_hash.clone().unwrap())
            .unwrap();
        let fields: Vec<(&str, Option<&str>, Option<&str>)> = e
            .changes
            .iter()
            .map(|c| (c.field.as_str(), c.before.as_deref(), c.after.as_deref()))
            .collect();
        let before_limit = keyhold_ops::diff::limit_text(k.limit);
        let before_reset = keyhold_ops::diff::reset_text(k.limit_reset.as_deref());
        assert_eq!(
            fields,
            [
                ("limit", Some(before_limit.as_str()), Some("20")),
                ("limit_reset", Some(before_reset.as_str()), Some("monthly")),
            ],
            "{}",
            k.name
        );
    }
}

#[tokio::test]
async fn bulk_edit_actions_preview_and_failures_are_listed_and_retried() {
    let sim = sim(4).await;
    let dir = tempfile::tempdir().unwrap();
    let st = signed_in(&sim, dir.path()).await;
    let keys = all_keys(&st).await;
    let hashes: Vec<String> = keys.iter().map(|k| k.hash.clone()).collect();
    let preview = |action: BulkAction| {
        let st = st.clone();
        let hashes = hashes.clone();
        async move {
            st.s()
                .preview_bulk_edit(&BulkEditInput { hashes, action })
                .await
                .unwrap()
        }
    };
    let p = preview(BulkAction::Disable).await;
    assert!(p
        .iter()
        .all(|r| r.before == "enabled" && r.after == "disabled" && r.changes));
    let p = preview(BulkAction::Enable).await;
    assert!(p.iter().all(|r| !r.changes));
    let p = preview(BulkAction::SetByok { include: true }).await;
    assert!(p
        .iter()
        .all(|r| r.field == "include_byok_in_limit" && r.after == "yes"));
    let p = preview(BulkAction::SetReset { reset: None }).await;
    assert!(p
        .iter()
        .all(|r| r.field == "limit_reset" && r.after == "never"));
    let p = preview(BulkAction::ClearLimit).await;
    assert!(p.iter().all(|r| r.after == "none"));
    let p = preview(BulkAction::Delete).await;
    assert!(p
        .iter()
        .all(|r| r.before == "exists" && r.after == "deleted"));

    // One key vanishes before the run: its row fails with not_found, the
    // others are deleted; "Retry failed" re-runs only that row.
    sim.delete_key(&hashes[2]);
    let gone = st
        .s()
        .preview_bulk_edit(&BulkEditInput {
            hashes: vec![hashes[2].clone()],
            action: BulkAction::Disable,
        })
        .await
        .unwrap();
    assert_eq!(gone[0].problem.as_ref().unwrap().code, ErrorCode::NotFound);
    let id = st
        .s()
        .start_bulk_edit(BulkEditInput {
            hashes: hashes.clone(),
            action: BulkAction::Delete,
        })
        .await
        .unwrap();
    let done = wait(&st, &id).await;
    assert_eq!(done.kind, BatchKind::Delete);
    // The key deleted elsewhere meanwhile is already gone: skipped, not failed.
    assert_eq!((done.succeeded, done.failed), (4, 0));
    assert_eq!(done.rows[2].state, RowState::Unchanged);
    assert_eq!(done.rows[2].note.as_deref(), Some("it was already deleted"));
    assert_eq!(sim.key_count(), 0);
    sim.clear_requests();
    st.s().retry_failed(&id).await.unwrap();
    wait(&st, &id).await;
    assert!(
        sim.requests().iter().all(|r| r.method != "DELETE"),
        "nothing left to retry"
    );
    let entries = st.s().list_audit(&AuditFilter::default()).await.unwrap();
    let deletes: Vec<_> = entries
        .iter()
        .filter(|e| e.action == AuditAction::BulkDelete)
        .collect();
    assert_eq!(deletes.len(), 4);
    assert_eq!(
        deletes
            .iter()
            .filter(|e| e.outcome == AuditOutcome::Failed)
            .count(),
        1
    );
    assert!(deletes
        .iter()
        .filter(|e| e.outcome == AuditOutcome::Failed)
        .all(|e| e.error_code.as_deref() == Some("not_found")));
}

#[tokio::test]
async fn keys_export_is_checked_field_by_field_and_holds_no_key_string() {
    let sim = sim(0).await;
    let dir = tempfile::tempdir().unwrap();
    let st = signed_in(&sim, dir.path()).await;
    let created = st
        .s()
        .create_key(CreateKeyInput {
            name: "Finance, EU".into(),
            limit: Some("100".into()),
            limit_reset: Some(ResetPeriod::Weekly),
            include_byok_in_limit: true,
            expires_at: Some("2099-01-02T03:04:05Z".into()),
            workspace_id: None,
        })
        .await
        .unwrap();
    let secret = st.s().reveal_secret(&created.reveal_id).unwrap();
    sim.add_spend(&created.key.hash, 12.5, false);
    let capped = st
        .s()
        .create_key(CreateKeyInput {
            name: "Capped".into(),
            limit: Some("1".into()),
            limit_reset: None,
            include_byok_in_limit: false,
            expires_at: None,
            workspace_id: None,
        })
        .await
        .unwrap();
    sim.add_spend(&capped.key.hash, 1.0, false);
    let keys = all_keys(&st).await;
    let path = st
        .s()
        .export_keys_csv(keys.clone())
        .await
        .unwrap()
        .expect("saved");
    assert!(path.contains("keyhold-keys-"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains(secret.as_str()));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, crate::ops::export::KEY_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    let row = rows
        .iter()
        .find(|r| &r[2] == created.key.hash.as_str())
        .unwrap();
    let k = keys.iter().find(|k| k.hash == created.key.hash).unwrap();
    let expect = [
        "Finance, EU",
        k.label.as_str(),
        k.hash.as_str(),
        "active",
        "100",
        "weekly",
        "87.5",
        "12.5",
        "12.5",
        "12.5",
        "12.5",
        "0",
        "true",
        "2099-01-02T03:04:05Z",
        k.created_at.as_deref().unwrap(),
    ];
    for (i, want) in expect.iter().enumerate() {
        assert_eq!(&row[i], *want, "column {}", header[i]);
    }
    assert!(row[14].ends_with('Z'));
    let capped_row = rows.iter().find(|r| &r[0] == "Capped").unwrap();
    assert_eq!(&capped_row[3], "at_limit");
    assert_eq!(&capped_row[5], "", "no reset is empty");
    assert_eq!(&capped_row[13], "", "no expiry is empty");
}

#[tokio::test]
async fn batch_csv_is_owner_only_and_copy_goes_to_the_clipboard() {
    let sim = sim(0).await;
    let dir = tempfile::tempdir().unwrap();
    let st = signed_in(&sim, dir.path()).await;
    let cb = Arc::new(MemoryClipboard::default());
    st.platform.set_clipboard(cb.clone());
    let names = vec!["Lab, A".to_string(), "Lab \"B\"".to_string()];
    let id = st.s().start_bulk_create(names_input(&names)).await.unwrap();
    let status = wait(&st, &id).await;
    let reveal_id = status.reveal_id.unwrap();
    let secrets = st.s().reveal_batch(&reveal_id).unwrap();
    assert_eq!(secrets.len(), 2);
    // What crossed to the UI with the status holds no key string.
    let shown = serde_json::to_string(&st.s().batch_status(&id).unwrap()).unwrap();
    assert!(secrets.iter().all(|s| !shown.contains(&s.key)));

    st.s().copy_batch_csv(&reveal_id).unwrap();
    let copied = cb.read_text().unwrap();
    assert_eq!(
        copied,
        format!(
            "name,key,hash\n\"Lab, A\",{},{}\n\"Lab \"\"B\"\"\",{},{}\n",
            secrets[0].key, secrets[0].hash, secrets[1].key, secrets[1].hash
        )
    );

    let path = st.s().save_batch_csv(&reveal_id).await.unwrap().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text, copied, "the clipboard and the file hold one format");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // The audit log, the key list export and the audit export hold no key string.
    let keys = all_keys(&st).await;
    let keys_csv = st.s().export_keys_csv(keys).await.unwrap().unwrap();
    let audit_csv = st
        .s()
        .export_audit_csv(&AuditFilter::default())
        .await
        .unwrap()
        .unwrap();
    let audit_jsonl = dir.path().join("data/audit.jsonl");
    for file in [
        std::path::PathBuf::from(keys_csv),
        audit_csv.into(),
        audit_jsonl,
    ] {
        let text = std::fs::read_to_string(&file).unwrap();
        for s in &secrets {
            assert!(!text.contains(&s.key), "{}", file.display());
        }
        assert!(!text.contains(&sim.management_key()));
    }
    st.s().close_batch_reveal(&reveal_id);
    assert_eq!(
        st.s().copy_batch_csv(&reveal_id).unwrap_err().code,
        ErrorCode::RevealGone
    );
    assert_eq!(
        st.s().save_batch_csv(&reveal_id).await.unwrap_err().code,
        ErrorCode::RevealGone
    );
    // Sign-out ends the session: its batches are forgotten with it.
    let session = st.s();
    st.sign_out().await.unwrap();
    assert!(st.session().is_err());
    assert_eq!(
        session.batch_status(&id).unwrap_err().code,
        ErrorCode::BatchNotFound
    );
}

#[tokio::test]
async fn single_key_changes_are_audited_with_before_and_after() {
    let sim = sim(0).await;
    let dir = tempfile::tempdir().unwrap();
    let st = signed_in(&sim, dir.path()).await;
    let created = st
        .s()
        .create_key(CreateKeyInput {
            name: "Audit me".into(),
            limit: Some("10".into()),
            limit_reset: None,
            include_byok_in_limit: false,
            expires_at: None,
            workspace_id: None,
        })
        .await
        .unwrap();
    let secret = st.s().reveal_secret(&created.reveal_id).unwrap();
    let key = st.s().get_key(&created.key.hash).await.unwrap();
    st.s()
        .edit_key(EditKeyInput {
            hash: key.hash.clone(),
            expected_updated_at: key.updated_at.clone(),
            name: "Audit me too".into(),
            limit: Some("20".into()),
            limit_reset: None,
            include_byok_in_limit: false,
            disabled: false,
            force: false,
        })
        .await
        .unwrap();
    st.s().set_disabled(&key.hash, true).await.unwrap();
    st.s().set_disabled(&key.hash, false).await.unwrap();
    let rotated = st
        .s()
        .rotate_key(RotateInput {
            hash: key.hash.clone(),
            expiry: ExpiryChoice::Keep,
        })
        .await
        .unwrap();
    let rotated_secret = st.s().reveal_secret(&rotated.reveal_id).unwrap();
    st.s()
        .retire_key(RetireInput {
            old_hash: key.hash.clone(),
            new_hash: rotated.key.hash.clone(),
            action: RetireAction::Grace {
                hours: 2,
                then: RetireStep::Disable,
            },
        })
        .await
        .unwrap();
    st.s()
        .retire_key(RetireInput {
            old_hash: key.hash.clone(),
            new_hash: rotated.key.hash.clone(),
            action: RetireAction::DisableNow,
        })
        .await
        .unwrap();
    st.s()
        .retire_key(RetireInput {
            old_hash: key.hash.clone(),
            new_hash: rotated.key.hash.clone(),
            action: RetireAction::DeleteNow,
        })
        .await
        .unwrap();
    assert_eq!(
        st.s().delete_key(&key.hash).await.unwrap_err().code,
        ErrorCode::NotFound
    );
    st.s().delete_key(&rotated.key.hash).await.unwrap();

    let entries = st.s().list_audit(&AuditFilter::default()).await.unwrap();
    let actions: Vec<String> = entries.iter().rev().map(|e| e.action.name()).collect();
    assert_eq!(
        actions,
        vec![
            "create",
            "update",
            "disable",
            "enable",
            "rotate_create",
            "retire_grace",
            "retire_disable",
            "retire_delete",
            "delete",
            "delete"
        ]
    );
    let update = entries
        .iter()
        .find(|e| e.action == AuditAction::Update)
        .unwrap();
    let fields: Vec<(&str, Option<&str>, Option<&str>)> = update
        .changes
        .iter()
        .map(|c| (c.field.as_str(), c.before.as_deref(), c.after.as_deref()))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("name", Some("Audit me"), Some("Audit me too")),
            ("limit", Some("10"), Some("20"))
        ]
    );
    let disable = entries
        .iter()
        .find(|e| e.action == AuditAction::Disable)
        .unwrap();
    assert_eq!(disable.changes[0].before.as_deref(), Some("enabled"));
    assert_eq!(disable.changes[0].after.as_deref(), Some("disabled"));
    let failed = &entries[1];
    assert_eq!(failed.outcome, AuditOutcome::Failed);
    assert_eq!(failed.error_code.as_deref(), Some("not_found"));
    let rotate = entries
        .iter()
        .find(|e| e.action == AuditAction::RotateCreate)
        .unwrap();
    assert!(rotate
        .changes
        .iter()
        .any(|c| c.field == "replaces" && c.after.as_deref() == Some(key.hash.as_str())));

    let file = std::fs::read_to_string(dir.path().join("data/audit.jsonl")).unwrap();
    assert_eq!(file.lines().count(), 10);
    assert!(!file.contains(secret.as_str()));
    assert!(!file.contains(rotated_secret.as_str()));
    assert!(!file.contains(&sim.management_key()));
}

#[tokio::test]
async fn credits_and_names_import_through_the_dialog_override() {
    let sim = sim(0).await;
    let dir = tempfile::tempdir().unwrap();
    let st = signed_in(&sim, dir.path()).await;
    let credits = st.s().credits().await.unwrap();
    assert!(credits.total_credits >= credits.total_usage);
    assert!((credits.remaining - (credits.total_credits - credits.total_usage)).abs() < 1e-9);

    // No import.csv: like a cancelled dialog.
    assert_eq!(st.s().import_names_csv().await.unwrap(), None);
    std::fs::create_dir_all(dir.path().join("files")).unwrap();
    std::fs::write(
        dir.path().join("files/import.csv"),
        "\u{feff}name;limit\r\nAda;12,50\r\n\r\n;3\r\n",
    )
    .unwrap();
    let parsed = st.s().import_names_csv().await.unwrap().unwrap();
    assert_eq!(
        parsed.names,
        vec![BulkName {
            name: "Ada".into(),
            limit: Some("12.50".into())
        }]
    );
    assert_eq!(parsed.problems[0].line, 4);
    std::fs::write(dir.path().join("files/import.csv"), [0xff, 0xfe, 0x41]).unwrap();
    assert_eq!(
        st.s().import_names_csv().await.unwrap_err().field,
        Some(crate::error::Field::File)
    );
}

#[tokio::test]
async fn the_preview_names_every_working_key_a_new_limit_stops_at_once() {
    let sim = sim(0).await;
    let dir = tempfile::tempdir().unwrap();
    let st = signed_in(&sim, dir.path()).await;
    let hashes = sim.insert_keys(2, None);
    assert!(sim.add_spend(&hashes[0], 37.4, false));
    assert!(sim.add_spend(&hashes[1], 3.0, false));
    let rows = st
        .s()
        .preview_bulk_edit(&BulkEditInput {
            hashes: hashes.clone(),
            action: BulkAction::SetLimitAndReset {
                limit: "20".into(),
                reset: Some(ResetPeriod::Monthly),
            },
        })
        .await
        .unwrap();
    let stop = rows[0]
        .stops
        .as_ref()
        .expect("the key that spent $37.40 stops");
    assert!((stop.spent - 37.4).abs() < 1e-9, "{stop:?}");
    assert_eq!(stop.limit, 20.0);
    assert_eq!(stop.limit_reset.as_deref(), Some("monthly"));
    assert!(
        rows[1].stops.is_none(),
        "a key under the new limit keeps working"
    );
    assert!(
        sim.requests().iter().all(|r| r.method != "PATCH"),
        "a preview sends nothing"
    );
}
