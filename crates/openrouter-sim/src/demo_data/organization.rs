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
    let rails = default_workspace_rails(&default_id)
        .into_iter()
        .chain(lab_rails(lab_id));
    for rail in rails {
        add_guardrail(store, rail, now);
    }
}

/// One demo guardrail: its create body (without workspace), where it lives,
/// how many days ago it was made, and the names of the keys it holds.
struct DemoRail<'a> {
    body: Value,
    workspace_id: &'a str,
    age_days: i64,
    key_names: &'static [&'static str],
}

fn default_workspace_rails(workspace_id: &str) -> [DemoRail<'_>; 4] {
    [
        DemoRail {
            body: json!({"name": "Production", "description": "Customer-facing traffic: monthly cap, zero data retention",
                         "limit_usd": 500, "reset_interval": "monthly",
                         "allowed_providers": ["openai", "anthropic", "google-vertex"],
                         "enforce_zdr_openai": true, "enforce_zdr_anthropic": true, "enforce_zdr_google": true}),
            workspace_id,
            age_days: 150,
            key_names: &[
                "Production backend",
                "Mobile app (iOS)",
                "Mobile app (Android)",
                "Support inbox triage",
            ],
        },
        DemoRail {
            body: json!({"name": "Customer keys", "description": "Keys handed to customers: cheap models, weekly cap per key",
                         "limit_usd": 100, "reset_interval": "weekly",
                         "allowed_models": ["openai/gpt-4.1-mini", "google/gemini-2.5-flash"]}),
            workspace_id,
            age_days: 120,
            key_names: &["Customer: Acme Corp", "Customer: Globex"],
        },
        // Holds the workshop batch, found by name prefix when assigning.
        DemoRail {
            body: json!({"name": "Workshop seats", "description": "Attendees of the November workshop",
                         "limit_usd": 10, "reset_interval": "daily",
                         "content_filter_builtins": [{"slug": "email", "action": "redact"}, {"slug": "regex-prompt-injection", "action": "block"}]}),
            workspace_id,
            age_days: 13,
            key_names: &[],
        },
        DemoRail {
            body: json!({"name": "EU data only", "description": "Not assigned yet: for the Frankfurt rollout",
                         "ignored_providers": ["deepinfra", "together"],
                         "enforce_zdr": true}),
            workspace_id,
            age_days: 20,
            key_names: &[],
        },
    ]
}

fn lab_rails(workspace_id: &str) -> [DemoRail<'_>; 2] {
    [
        DemoRail {
            body: json!({"name": "Interns", "description": "$50 a month per intern key, open models only",
                         "limit_usd": 50, "reset_interval": "monthly",
                         "allowed_models": ["meta-llama/llama-3.3-70b-instruct", "meta-llama/llama-4-maverick", "google/gemini-2.5-flash", "mistralai/mistral-small-3.2-24b-instruct"]}),
            workspace_id,
            age_days: 90,
            key_names: &[
                "Interns 2026 – 1",
                "Interns 2026 – 2",
                "Interns 2026 – 3",
                "Interns 2026 – 4",
                "Interns 2026 – 5",
            ],
        },
        DemoRail {
            body: json!({"name": "Eval budget", "limit_usd": 200, "reset_interval": "weekly",
                         "include_byok_in_budgets": true}),
            workspace_id,
            age_days: 60,
            key_names: &["Eval harness", "Long-context benchmark", "Ablation runs"],
        },
    ]
}

/// Creates the guardrail through the same validation as the API, then
/// assigns its keys two hours later.
fn add_guardrail(store: &mut Store, rail: DemoRail<'_>, now: DateTime<Utc>) {
    let mut body = rail.body;
    body["workspace_id"] = Value::String(rail.workspace_id.to_string());
    let Ok(input) = parse_input(body.to_string().as_bytes(), true) else {
        return;
    };
    let created = now - Duration::days(rail.age_days);
    let g = store.create_guardrail(input, created);
    let mut hashes: Vec<String> = rail
        .key_names
        .iter()
        .filter_map(|name| store.hash_named(name))
        .collect();
    if g.name == "Workshop seats" {
        hashes = store.hashes_named_like("Workshop Nov 2026");
    }
    store.assign(&g.id, &hashes, created + Duration::hours(2));
}
