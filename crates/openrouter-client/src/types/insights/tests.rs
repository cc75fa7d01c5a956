use super::super::guardrails::*;
use super::super::key::LimitReset;
use super::*;
use crate::money::Usd;
use crate::patch::Patch;
use serde_json::json;

#[test]
fn requests_send_only_what_is_set_and_budgets_as_pairs() {
    let mut g = NewGuardrail::named("Interns");
    g.budget = Some(GuardrailBudget::new(
        Usd::parse("50").unwrap(),
        Some(LimitReset::Monthly),
    ));
    g.allowed_models = Some(vec!["openai/gpt-4.1".into()]);
    assert_eq!(
        serde_json::to_value(&g).unwrap(),
        json!({"name": "Interns", "limit_usd": 50, "reset_interval": "monthly",
               "allowed_models": ["openai/gpt-4.1"]})
    );
    let patch = GuardrailPatch {
        budget: Patch::Null,
        allowed_models: Patch::Null,
        description: Patch::Set("x".into()),
        ..GuardrailPatch::default()
    };
    assert_eq!(
        serde_json::to_value(&patch).unwrap(),
        json!({"limit_usd": null, "reset_interval": null, "allowed_models": null, "description": "x"})
    );
    let q = ActivityQuery::all()
        .for_key("h")
        .on(NaiveDate::from_ymd_opt(2026, 7, 1).unwrap())
        .grouped_by_workspace()
        .query();
    assert_eq!(
        q,
        [
            ("date", "2026-07-01".to_string()),
            ("api_key_hash", "h".to_string()),
            ("group_by", "workspace".to_string())
        ]
    );
}

#[test]
fn activity_amounts_are_exact_decimals() {
    let row: ActivityItem = serde_json::from_value(json!({
        "date": "2025-08-24", "model": "openai/gpt-4.1", "model_permaslug": "p",
        "endpoint_id": "e", "provider_name": "OpenAI", "usage": 0.015,
        "byok_usage_inference": 0.012, "requests": 5, "prompt_tokens": 50,
        "completion_tokens": 125, "reasoning_tokens": 25}))
    .unwrap();
    assert_eq!(row.usage.to_string(), "0.015");
    assert_eq!(row.byok_usage_inference.to_string(), "0.012");
    assert_eq!(row.workspace_id, None);
}
