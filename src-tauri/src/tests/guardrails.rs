//! Guardrails against the simulator: the form checked before any request,
//! assigning keys (each leaves the guardrail it held), removing them,
//! editing and deleting, and the audit entry of every step.

use openrouter_sim::{FaultRule, Faults, ServerErrorFault, Sim, SimConfig};
use secrecy::SecretString;

use super::{app, TestSession};
use crate::app_state::AppState;
use crate::dto::ListKeysInput;
use crate::dto_bulk::{AuditAction, AuditEntry, AuditFilter, AuditOutcome};
use crate::dto_guardrails::{AssignEffectView, DefaultGuardrailView, GuardrailInput};
use crate::error::{ErrorCode, Field};
use crate::keychain::Keychain;

async fn signed_in(config: SimConfig, test: &str) -> (Sim, AppState) {
    let sim = Sim::start(config).await.expect("simulator starts");
    let kc = Keychain::new(&format!("guardrails-test-{test}-{}", std::process::id()));
    let st = app(kc, None, Some(sim.base_url()), |_| {});
    st.sign_in(SecretString::from(sim.management_key()), false)
        .await
        .expect("management key signs in");
    (sim, st)
}

fn plain(keys: usize) -> SimConfig {
    SimConfig {
        keys,
        ..SimConfig::default()
    }
}

async fn hashes(st: &AppState) -> Vec<String> {
    let mut keys = st
        .s()
        .list_keys(ListKeysInput {
            workspace_id: None,
            include_disabled: true,
            include_expired: true,
        })
        .await
        .unwrap();
    keys.sort_by(|a, b| a.name.cmp(&b.name));
    keys.into_iter().map(|k| k.hash).collect()
}

fn twenty_a_month_on_gpt41(name: &str) -> GuardrailInput {
    GuardrailInput {
        name: name.into(),
        limit: "20".into(),
        limit_reset: Some("monthly".into()),
        allowed_models: vec!["openai/gpt-4.1".into()],
        ..GuardrailInput::default()
    }
}

fn audit(st: &AppState) -> Vec<AuditEntry> {
    let mut entries = st.s().audit.list(&AuditFilter::default()).unwrap();
    entries.reverse();
    entries
}

fn change<'a>(e: &'a AuditEntry, field: &str) -> (Option<&'a str>, Option<&'a str>) {
    let c = e
        .changes
        .iter()
        .find(|c| c.field == field)
        .unwrap_or_else(|| panic!("{field} in {e:?}"));
    (c.before.as_deref(), c.after.as_deref())
}

#[tokio::test]
async fn keys_move_between_guardrails_and_every_step_is_audited() {
    let (sim, st) = signed_in(plain(6), "move").await;
    let s = st.s();
    let keys = hashes(&st).await;
    let cap = s
        .create_guardrail(None, twenty_a_month_on_gpt41("Interns"))
        .await
        .unwrap();
    assert_eq!(cap.limit, Some(20.0));
    assert_eq!(cap.limit_reset.as_deref(), Some("monthly"));
    assert_eq!(cap.allowed_models, ["openai/gpt-4.1"]);

    let five = &keys[..5];
    let preview = s.preview_guardrail_assign(&cap.id, five).await.unwrap();
    assert!(preview
        .rows
        .iter()
        .all(|r| r.effect == AssignEffectView::New));
    assert_eq!(preview.rows[0].name, "key-0001");
    let done = s.assign_guardrail(&cap.id, five).await.unwrap();
    assert_eq!((done.changed, done.unchanged), (5, 0));
    for h in five {
        assert_eq!(sim.guardrail_of(h).as_deref(), Some(cap.id.as_str()));
    }
    let map = s.key_guardrails(None).await.unwrap();
    assert_eq!(map.len(), 5);
    assert!(map.iter().all(|m| m.guardrail_name == "Interns"));

    // One key moves to another guardrail: the preview names the one it leaves.
    let other = s
        .create_guardrail(
            None,
            GuardrailInput {
                name: "Night shift".into(),
                ..GuardrailInput::default()
            },
        )
        .await
        .unwrap();
    let moving = vec![keys[0].clone(), keys[5].clone()];
    let preview = s
        .preview_guardrail_assign(&other.id, &moving)
        .await
        .unwrap();
    assert_eq!(
        preview.rows[0].effect,
        AssignEffectView::Replaces {
            guardrail_id: cap.id.clone(),
            guardrail_name: "Interns".into()
        }
    );
    assert_eq!(preview.rows[1].effect, AssignEffectView::New);
    s.assign_guardrail(&other.id, &moving).await.unwrap();
    let listed = s.list_guardrails(None).await.unwrap().guardrails;
    let count = |id: &str| listed.iter().find(|g| g.id == id).unwrap().key_count;
    assert_eq!((count(&cap.id), count(&other.id)), (4, 2));

    // Assigning again changes nothing and sends nothing for it.
    let again = s.assign_guardrail(&other.id, &moving[..1]).await.unwrap();
    assert_eq!((again.changed, again.unchanged), (0, 1));

    let removed = s
        .remove_guardrail(&[keys[1].clone(), keys[5].clone()])
        .await
        .unwrap();
    assert_eq!(removed.changed, 2);
    assert_eq!(sim.guardrail_of(&keys[1]), None);
    assert_eq!(sim.guardrail_of(&keys[5]), None);

    s.delete_guardrail(&cap.id).await.unwrap();
    assert!(!sim.guardrail_ids().contains(&cap.id));
    assert_eq!(sim.guardrail_of(&keys[2]), None, "its keys are released");

    let log = audit(&st);
    let actions: Vec<AuditAction> = log.iter().map(|e| e.action).collect();
    use AuditAction as A;
    assert_eq!(
        actions,
        [
            [A::GuardrailCreate].as_slice(),
            &[A::GuardrailAssign; 5],
            &[A::GuardrailCreate],
            &[A::GuardrailAssign; 2],
            &[A::GuardrailRemove; 2],
            &[A::GuardrailDelete],
        ]
        .concat()
    );
    assert_eq!(change(&log[0], "guardrail"), (None, Some("Interns")));
    assert_eq!(change(&log[0], "budget"), (None, Some("20, monthly")));
    assert_eq!(
        change(&log[0], "allowed_models"),
        (None, Some("openai/gpt-4.1"))
    );
    assert_eq!(log[1].key_hash.as_deref(), Some(keys[0].as_str()));
    assert_eq!(
        change(&log[1], "guardrail"),
        (Some("none"), Some("Interns"))
    );
    assert_eq!(
        change(&log[7], "guardrail"),
        (Some("Interns"), Some("Night shift"))
    );
    assert_eq!(
        change(&log[9], "guardrail"),
        (Some("Interns"), Some("none"))
    );
    assert_eq!(
        change(&log[10], "guardrail"),
        (Some("Night shift"), Some("none"))
    );
    assert_eq!(
        change(&log[11], "guardrail"),
        (Some("Interns"), Some("deleted"))
    );
    assert_eq!(change(&log[11], "keys_released"), (None, Some("3")));
}

#[tokio::test]
async fn a_form_with_a_problem_sends_nothing() {
    let (sim, st) = signed_in(plain(1), "invalid").await;
    let s = st.s();
    let mut input = twenty_a_month_on_gpt41("Interns");
    input.limit_reset = None;
    let e = s.create_guardrail(None, input.clone()).await.unwrap_err();
    assert_eq!(
        (e.code, e.field),
        (ErrorCode::InvalidInput, Some(Field::LimitReset))
    );
    input.limit_reset = Some("monthly".into());
    input.allowed_models = vec!["gpt-4.1".into()];
    let e = s.create_guardrail(None, input).await.unwrap_err();
    assert_eq!(e.field, Some(Field::AllowedModels));
    assert!(sim.guardrail_ids().is_empty());
    assert!(audit(&st).is_empty());

    let e = s
        .assign_guardrail("no-such-guardrail", &hashes(&st).await)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    let e = s.assign_guardrail("x", &[]).await.unwrap_err();
    assert_eq!(e.field, Some(Field::Hashes));
    assert!(audit(&st).is_empty());
}

#[tokio::test]
async fn an_assignment_without_a_clear_answer_is_logged_as_not_confirmed() {
    let (sim, st) = signed_in(plain(2), "unknown").await;
    let s = st.s();
    let keys = hashes(&st).await;
    let g = s
        .create_guardrail(None, twenty_a_month_on_gpt41("Interns"))
        .await
        .unwrap();
    sim.set_faults(Faults {
        server_error: Some(ServerErrorFault {
            rule: FaultRule {
                methods: vec!["POST".into()],
                ..FaultRule::every_nth(1)
            },
            ..ServerErrorFault::default()
        }),
        ..Faults::none()
    });
    let e = s.assign_guardrail(&g.id, &keys).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::OutcomeUnknown);
    let log = audit(&st);
    assert_eq!(log.len(), 3);
    for entry in &log[1..] {
        assert_eq!(entry.action, AuditAction::GuardrailAssign);
        assert_eq!(entry.outcome, AuditOutcome::Unknown);
        assert_eq!(entry.error_code.as_deref(), Some("outcome_unknown"));
    }
}

#[tokio::test]
async fn an_edit_sends_only_what_changed_and_says_so() {
    let (_sim, st) = signed_in(plain(1), "edit").await;
    let s = st.s();
    let input = twenty_a_month_on_gpt41("Interns");
    let g = s.create_guardrail(None, input.clone()).await.unwrap();
    let same = s.edit_guardrail(&g.id, input.clone()).await.unwrap();
    assert_eq!(same, g);
    assert_eq!(audit(&st).len(), 1, "an unchanged form writes nothing");

    let edited = s
        .edit_guardrail(
            &g.id,
            GuardrailInput {
                limit: "50".into(),
                allowed_models: vec![],
                ignored_providers: vec!["DeepInfra".into()],
                include_byok_in_budget: true,
                ..input
            },
        )
        .await
        .unwrap();
    assert_eq!(edited.limit, Some(50.0));
    assert!(edited.allowed_models.is_empty());
    assert_eq!(edited.ignored_providers, ["DeepInfra"]);
    assert!(edited.include_byok_in_budget);
    let log = audit(&st);
    assert_eq!(log[1].action, AuditAction::GuardrailUpdate);
    assert_eq!(
        change(&log[1], "budget"),
        (Some("20, monthly"), Some("50, monthly"))
    );
    assert_eq!(
        change(&log[1], "allowed_models"),
        (Some("openai/gpt-4.1"), Some("any"))
    );
    assert!(!log[1].changes.iter().any(|c| c.field == "description"));
}

#[tokio::test]
async fn the_demo_suggests_the_models_it_has_seen() {
    let (sim, st) = signed_in(SimConfig::demo(7), "suggest").await;
    let s = st.s();
    let ws = s.info.default_workspace_id.clone();
    let seen = s.guardrail_suggestions(ws.clone()).await.unwrap();
    assert!(!seen.models.is_empty() && seen.models.iter().all(|m| m.contains('/')));
    assert!(!seen.providers.is_empty());
    // The demo's guardrails list with the keys the simulator holds for them.
    let listed = s.list_guardrails(ws).await.unwrap();
    // The demo never set its workspaces' default rules.
    assert_eq!(listed.default, DefaultGuardrailView::NotSet);
    let listed = listed.guardrails;
    assert!(!listed.is_empty());
    let mut every_key = Vec::new();
    for w in sim.workspace_ids() {
        let keys = s
            .list_keys(ListKeysInput {
                workspace_id: Some(w),
                include_disabled: true,
                include_expired: true,
            })
            .await
            .unwrap();
        every_key.extend(keys.into_iter().map(|k| k.hash));
    }
    for g in &listed {
        let held = every_key
            .iter()
            .filter(|h| sim.guardrail_of(h).as_deref() == Some(g.id.as_str()))
            .count();
        assert_eq!(g.key_count as usize, held, "{}", g.name);
    }
}
