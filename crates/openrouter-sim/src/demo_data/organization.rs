//! The demo account as an organization: its members (who created which
//! keys) and its guardrails with the keys each holds.

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use crate::guardrails::parse_input;
use crate::keygen;
use crate::model::Member;
use crate::state::Store;

/// The organization: the key creators plus people who never made a key.
pub(super) fn add_members(store: &mut Store, creators: &[String]) {
    const PEOPLE: [(Option<&str>, Option<&str>, &str, bool); 7] = [
        (Some("Priya"), Some("Raman"), "priya.raman", false),
        (Some("Marcus"), Some("Oyelaran"), "marcus.oyelaran", false),
        (Some("Sofia"), Some("Lindqvist"), "sofia.lindqvist", true),
        (Some("Tomás"), Some("Herrera"), "tomas.herrera", false),
        (Some("Aiko"), Some("Tanaka"), "aiko.tanaka", false),
        (Some("Jonas"), None, "jonas", false),
        (None, None, "ml-platform-bot", false),
    ];
    for (i, (first, last, mailbox, admin)) in PEOPLE.into_iter().enumerate() {
        // Creators after the owner are the first people; the rest are new.
        let id = match creators.get(i + 1) {
            Some(id) => id.clone(),
            None => keygen::user_id(store.rng()),
        };
        store.members.push(Member {
            id,
            email: format!("{mailbox}@northwind.example"),
            first_name: first.map(str::to_string),
            last_name: last.map(str::to_string),
            admin,
        });
    }
}

/// A few guardrails per workspace, most of them assigned to the keys they
/// are named for.
pub(super) fn add_guardrails(store: &mut Store, lab_id: &str, now: DateTime<Utc>) {
    let default_id = store.default_workspace_id().to_string();
    let rails: [(Value, &str, i64, &[&str]); 6] = [
        (
            json!({"name": "Production", "description": "Customer-facing traffic: monthly cap, zero data retention",
                   "limit_usd": 500, "reset_interval": "monthly",
                   "allowed_providers": ["openai", "anthropic", "google-vertex"],
                   "enforce_zdr_openai": true, "enforce_zdr_anthropic": true, "enforce_zdr_google": true}),
            &default_id,
            150,
            &[
                "Production backend",
                "Mobile app (iOS)",
                "Mobile app (Android)",
                "Support inbox triage",
            ],
        ),
        (
            json!({"name": "Customer keys", "description": "Keys handed to customers: cheap models, weekly cap per key",
                   "limit_usd": 100, "reset_interval": "weekly",
                   "allowed_models": ["openai/gpt-4.1-mini", "google/gemini-2.5-flash"]}),
            &default_id,
            120,
            &["Customer: Acme Corp", "Customer: Globex"],
        ),
        (
            json!({"name": "Workshop seats", "description": "Attendees of the November workshop",
                   "limit_usd": 10, "reset_interval": "daily",
                   "content_filter_builtins": [{"slug": "email", "action": "redact"}, {"slug": "regex-prompt-injection", "action": "block"}]}),
            &default_id,
            13,
            &[],
        ),
        (
            json!({"name": "EU data only", "description": "Not assigned yet: for the Frankfurt rollout",
                   "ignored_providers": ["deepinfra", "together"],
                   "enforce_zdr": true}),
            &default_id,
            20,
            &[],
        ),
        (
            json!({"name": "Interns", "description": "$50 a month per intern key, open models only",
                   "limit_usd": 50, "reset_interval": "monthly",
                   "allowed_models": ["meta-llama/llama-3.3-70b-instruct", "meta-llama/llama-4-maverick", "google/gemini-2.5-flash", "mistralai/mistral-small-3.2-24b-instruct"]}),
            lab_id,
            90,
            &[
                "Interns 2026 – 1",
                "Interns 2026 – 2",
                "Interns 2026 – 3",
                "Interns 2026 – 4",
                "Interns 2026 – 5",
            ],
        ),
        (
            json!({"name": "Eval budget", "limit_usd": 200, "reset_interval": "weekly",
                   "include_byok_in_budgets": true}),
            lab_id,
            60,
            &["Eval harness", "Long-context benchmark", "Ablation runs"],
        ),
    ];
    for (body, workspace, age_days, key_names) in rails {
        let mut body = body;
        body["workspace_id"] = Value::String(workspace.to_string());
        let Ok(input) = parse_input(body.to_string().as_bytes(), true) else {
            continue;
        };
        let created = now - Duration::days(age_days);
        let g = store.create_guardrail(input, created);
        let mut hashes: Vec<String> = key_names
            .iter()
            .filter_map(|name| store.hash_named(name))
            .collect();
        if g.name == "Workshop seats" {
            hashes = store.hashes_named_like("Workshop Nov 2026");
        }
        store.assign(&g.id, &hashes, created + Duration::hours(2));
    }
}
