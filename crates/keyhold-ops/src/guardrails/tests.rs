use openrouter_client::KeyAssignment;

use super::*;

fn draft(name: &str) -> Draft {
    Draft {
        name: name.into(),
        ..Draft::default()
    }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn assignment(key: &str, guardrail: &str) -> KeyAssignment {
    KeyAssignment {
        id: format!("a-{key}"),
        key_hash: key.into(),
        guardrail_id: guardrail.into(),
        key_name: String::new(),
        key_label: String::new(),
        assigned_by: None,
        created_at: None,
    }
}

#[test]
fn a_budget_needs_its_reset_and_the_reset_its_budget() {
    let mut d = draft("Interns");
    d.limit = "20".into();
    assert_eq!(validate(&d).unwrap_err().field, "limit_reset");
    d.limit = " ".into();
    d.reset = Some("monthly".into());
    assert_eq!(validate(&d).unwrap_err().field, "limit");
    d.limit = "$20".into();
    let rules = validate(&d).unwrap();
    assert_eq!(
        rules.budget,
        Some(GuardrailBudget::new(
            Usd::parse("20").unwrap(),
            Some(LimitReset::Monthly)
        ))
    );
    d.reset = Some("never".into());
    assert_eq!(validate(&d).unwrap().budget.unwrap().reset_interval, None);
    d.reset = Some("yearly".into());
    assert_eq!(validate(&d).unwrap_err().field, "limit_reset");
    d.reset = Some("daily".into());
    d.limit = "-5".into();
    assert_eq!(validate(&d).unwrap_err().field, "limit");
    d.limit = String::new();
    d.reset = None;
    assert_eq!(validate(&d).unwrap().budget, None);
}

#[test]
fn names_and_descriptions_are_checked() {
    assert_eq!(validate(&draft("  ")).unwrap_err().field, "name");
    assert_eq!(
        validate(&draft(&"x".repeat(GUARDRAIL_NAME_MAX + 1)))
            .unwrap_err()
            .field,
        "name"
    );
    assert_eq!(validate(&draft("a\u{7}b")).unwrap_err().field, "name");
    let mut d = draft("  Interns ");
    d.description = "x".repeat(DESCRIPTION_MAX + 1);
    assert_eq!(validate(&d).unwrap_err().field, "description");
    d.description = "  ".into();
    let rules = validate(&d).unwrap();
    assert_eq!(rules.name, "Interns");
    assert_eq!(rules.description, None);
}

#[test]
fn lists_are_trimmed_deduplicated_and_checked() {
    let mut d = draft("Interns");
    d.allowed_models = strings(&[
        " openai/gpt-4.1 ",
        "",
        "OpenAI/GPT-4.1",
        "anthropic/claude-sonnet-4",
    ]);
    d.allowed_providers = strings(&["OpenAI"]);
    let rules = validate(&d).unwrap();
    assert_eq!(
        rules.allowed_models,
        Some(strings(&["openai/gpt-4.1", "anthropic/claude-sonnet-4"]))
    );
    assert_eq!(rules.ignored_models, None);
    assert_eq!(rules.allowed_providers, Some(strings(&["OpenAI"])));

    d.allowed_models = strings(&["gpt-4.1"]);
    let e = validate(&d).unwrap_err();
    assert_eq!(e.field, "allowed_models");
    assert!(e.message.contains("openai/gpt-4.1"), "{}", e.message);
    d.allowed_models = strings(&["openai/gpt 4"]);
    assert_eq!(validate(&d).unwrap_err().field, "allowed_models");

    d.allowed_models = strings(&["openai/gpt-4.1"]);
    d.ignored_models = strings(&["OPENAI/gpt-4.1"]);
    assert_eq!(validate(&d).unwrap_err().field, "ignored_models");
    d.ignored_models = vec![];
    d.ignored_providers = strings(&["openai"]);
    assert_eq!(validate(&d).unwrap_err().field, "ignored_providers");
    d.ignored_providers = strings(&["open/ai"]);
    assert_eq!(validate(&d).unwrap_err().field, "ignored_providers");
    d.ignored_providers = (0..=LIST_MAX).map(|i| format!("p{i}")).collect();
    assert_eq!(validate(&d).unwrap_err().field, "ignored_providers");
}

#[test]
fn an_edit_sends_only_what_changed() {
    let mut d = draft("Interns");
    d.limit = "20".into();
    d.reset = Some("monthly".into());
    d.allowed_models = strings(&["openai/gpt-4.1"]);
    let before = validate(&d).unwrap();
    assert_eq!(before.patch_from(&before), None);

    d.allowed_models.clear();
    d.description = "Summer".into();
    let after = validate(&d).unwrap();
    let patch = after.patch_from(&before).unwrap();
    assert_eq!(patch.allowed_models, Patch::Null);
    assert_eq!(patch.description, Patch::Set("Summer".into()));
    assert_eq!(patch.budget, Patch::Leave);
    assert_eq!(patch.name, None);

    d.limit.clear();
    d.reset = None;
    let no_budget = validate(&d).unwrap();
    assert_eq!(no_budget.patch_from(&after).unwrap().budget, Patch::Null);
}

#[test]
fn the_audit_words_name_each_changed_rule() {
    let mut d = draft("Interns");
    d.limit = "20".into();
    d.reset = Some("monthly".into());
    d.allowed_models = strings(&["openai/gpt-4.1"]);
    let first = validate(&d).unwrap();
    let created = rule_changes(None, &first);
    assert!(created.contains(&("budget", None, "20, monthly".into())));
    assert!(created.contains(&("allowed_models", None, "openai/gpt-4.1".into())));
    assert!(!created.iter().any(|c| c.0 == "description"));

    d.limit = "50".into();
    let second = validate(&d).unwrap();
    assert_eq!(
        rule_changes(Some(&first), &second),
        vec![("budget", Some("20, monthly".into()), "50, monthly".into())]
    );
}

#[test]
fn the_rules_of_a_guardrail_read_back_as_the_form_wrote_them() {
    let mut d = draft("Interns");
    d.limit = "20".into();
    d.reset = Some("weekly".into());
    d.ignored_providers = strings(&["DeepInfra"]);
    let rules = validate(&d).unwrap();
    let g: Guardrail = serde_json::from_value(serde_json::json!({
        "id": "g1", "name": "Interns", "description": null, "limit_usd": 20,
        "reset_interval": "weekly", "include_byok_in_budgets": false,
        "allowed_models": null, "ignored_models": [], "allowed_providers": null,
        "ignored_providers": ["DeepInfra"]
    }))
    .unwrap();
    assert_eq!(Rules::of(&g), rules);
    assert_eq!(rules.patch_from(&Rules::of(&g)), None);
}

#[test]
fn assigning_says_which_guardrail_each_key_leaves() {
    let held = [assignment("k1", "g1"), assignment("K2", "g2")];
    let preview = assign_preview("g2", &strings(&["k1", "k2", "k3"]), &held);
    assert_eq!(
        preview,
        vec![
            ("k1".into(), AssignEffect::Replaces("g1".into())),
            ("k2".into(), AssignEffect::Already),
            ("k3".into(), AssignEffect::New),
        ]
    );
    assert_eq!(
        removal_groups(
            &strings(&["k3", "k2", "k1", "k4"]),
            &[
                assignment("k1", "g1"),
                assignment("k2", "g2"),
                assignment("k4", "g1"),
            ]
        ),
        vec![
            ("g2".into(), strings(&["k2"])),
            ("g1".into(), strings(&["k1", "k4"])),
        ]
    );
    let counts = key_counts(&held);
    assert_eq!(counts.get("g1"), Some(&1));
    assert_eq!(counts.get("g3"), None);
}

#[test]
fn suggestions_come_most_spent_first() {
    let row = |model: &str, provider: &str, usage: &str| -> openrouter_client::ActivityItem {
        serde_json::from_value(serde_json::json!({
            "date": "2026-11-01", "model": model, "provider_name": provider,
            "usage": usage.parse::<f64>().unwrap()
        }))
        .unwrap()
    };
    let rows = [
        row("openai/gpt-4.1", "OpenAI", "1.5"),
        row("anthropic/claude-sonnet-4", "Anthropic", "2"),
        row("openai/gpt-4.1", "Azure", "1"),
        row("", "", "9"),
    ];
    let (models, providers) = suggestions(&rows);
    assert_eq!(
        models,
        strings(&["openai/gpt-4.1", "anthropic/claude-sonnet-4"])
    );
    assert_eq!(providers, strings(&["Anthropic", "OpenAI", "Azure"]));
}
