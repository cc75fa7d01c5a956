//! Guardrails and their key assignments — and the requests that change them.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use super::key::LimitReset;
use super::lenient::null_as_default;
use super::time;
use crate::money::Usd;
use crate::patch::Patch;

/// A builtin content filter (PII detectors, prompt-injection detector).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentFilterBuiltin {
    /// `email`, `phone`, `credit-card`, `regex-prompt-injection`, …
    pub slug: String,
    /// `redact`, `block` or `flag`.
    pub action: String,
    /// Set by OpenRouter (`[EMAIL]`); ignored when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// `user_only` or `all_messages` (prompt injection only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan_scope: Option<String>,
}

/// A custom regex content filter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentFilter {
    pub pattern: String,
    /// `redact`, `block` or `flag`.
    pub action: String,
    #[serde(default)]
    pub label: Option<String>,
}

/// A guardrail: a spend cap per key in a period and rules on models and
/// providers, applied to the keys assigned to it. A key's own limit applies
/// as well: whichever is reached first blocks it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Guardrail {
    pub id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Budget in USD for each assigned key; `None` = no budget.
    #[serde(default)]
    pub limit_usd: Option<Decimal>,
    /// When the budget restarts; `None` = never (with a budget) .
    #[serde(default)]
    pub reset_interval: Option<LimitReset>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub include_byok_in_budgets: bool,
    /// `None` = any model.
    #[serde(default)]
    pub allowed_models: Option<Vec<String>>,
    #[serde(default)]
    pub ignored_models: Option<Vec<String>>,
    /// `None` = any provider.
    #[serde(default)]
    pub allowed_providers: Option<Vec<String>>,
    #[serde(default)]
    pub ignored_providers: Option<Vec<String>>,
    #[serde(default)]
    pub enforce_zdr_anthropic: Option<bool>,
    #[serde(default)]
    pub enforce_zdr_openai: Option<bool>,
    #[serde(default)]
    pub enforce_zdr_google: Option<bool>,
    #[serde(default)]
    pub enforce_zdr_xai: Option<bool>,
    #[serde(default)]
    pub enforce_zdr_other: Option<bool>,
    #[serde(default)]
    pub enable_free_model_publication: Option<bool>,
    #[serde(default)]
    pub enable_free_model_training: Option<bool>,
    #[serde(default)]
    pub enable_paid_model_training: Option<bool>,
    #[serde(default)]
    pub content_filter_builtins: Option<Vec<ContentFilterBuiltin>>,
    #[serde(default)]
    pub content_filters: Option<Vec<ContentFilter>>,
    /// `None` for a legacy guardrail that predates workspaces.
    #[serde(default)]
    pub workspace_id: Option<String>,
    #[serde(default, deserialize_with = "time::lenient")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "time::lenient")]
    pub updated_at: Option<DateTime<Utc>>,
}

/// A budget: an amount and the period it restarts in (`None` = a one-off
/// budget). The API takes both together or neither, so they travel as one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuardrailBudget {
    pub limit_usd: Usd,
    pub reset_interval: Option<LimitReset>,
}

impl GuardrailBudget {
    pub fn new(limit_usd: Usd, reset_interval: Option<LimitReset>) -> GuardrailBudget {
        GuardrailBudget {
            limit_usd,
            reset_interval,
        }
    }

    fn write(budget: Option<&GuardrailBudget>, out: &mut Map<String, Value>) {
        let (limit, interval) = match budget {
            Some(b) => (
                serde_json::to_value(b.limit_usd).unwrap_or(Value::Null),
                b.reset_interval
                    .as_ref()
                    .map_or(Value::Null, |r| Value::String(r.as_str().to_string())),
            ),
            None => (Value::Null, Value::Null),
        };
        out.insert("limit_usd".into(), limit);
        out.insert("reset_interval".into(), interval);
    }
}

/// Body of `POST /guardrails`. Unset fields are not sent (the server's
/// defaults apply: no budget, no restrictions, zero data retention off).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewGuardrail {
    pub name: String,
    pub description: Option<String>,
    pub budget: Option<GuardrailBudget>,
    pub include_byok_in_budgets: Option<bool>,
    pub allowed_models: Option<Vec<String>>,
    pub ignored_models: Option<Vec<String>>,
    pub allowed_providers: Option<Vec<String>>,
    pub ignored_providers: Option<Vec<String>>,
    pub enforce_zdr_anthropic: Option<bool>,
    pub enforce_zdr_openai: Option<bool>,
    pub enforce_zdr_google: Option<bool>,
    pub enforce_zdr_xai: Option<bool>,
    pub enforce_zdr_other: Option<bool>,
    pub content_filter_builtins: Option<Vec<ContentFilterBuiltin>>,
    pub content_filters: Option<Vec<ContentFilter>>,
    /// The workspace it belongs to (default workspace when `None`); this does
    /// not apply it to that workspace's traffic.
    pub workspace_id: Option<String>,
}

impl NewGuardrail {
    pub fn named(name: impl Into<String>) -> NewGuardrail {
        NewGuardrail {
            name: name.into(),
            ..NewGuardrail::default()
        }
    }
}

fn put<T: Serialize>(out: &mut Map<String, Value>, field: &str, value: &Option<T>) {
    if let Some(v) = value {
        out.insert(field.into(), serde_json::to_value(v).unwrap_or(Value::Null));
    }
}

/// The zero-data-retention switches, in this order: Anthropic, OpenAI,
/// Google, xAI, other providers.
fn put_zdr(out: &mut Map<String, Value>, flags: [&Option<bool>; 5]) {
    let fields = [
        "enforce_zdr_anthropic",
        "enforce_zdr_openai",
        "enforce_zdr_google",
        "enforce_zdr_xai",
        "enforce_zdr_other",
    ];
    for (field, flag) in fields.into_iter().zip(flags) {
        put(out, field, flag);
    }
}

fn put_patch<T: Serialize>(out: &mut Map<String, Value>, field: &str, value: &Patch<T>) {
    match value {
        Patch::Leave => {}
        Patch::Null => {
            out.insert(field.into(), Value::Null);
        }
        Patch::Set(v) => {
            out.insert(field.into(), serde_json::to_value(v).unwrap_or(Value::Null));
        }
    }
}

impl Serialize for NewGuardrail {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = Map::new();
        out.insert("name".into(), Value::String(self.name.clone()));
        put(&mut out, "description", &self.description);
        if let Some(b) = &self.budget {
            GuardrailBudget::write(Some(b), &mut out);
        }
        put(
            &mut out,
            "include_byok_in_budgets",
            &self.include_byok_in_budgets,
        );
        put(&mut out, "allowed_models", &self.allowed_models);
        put(&mut out, "ignored_models", &self.ignored_models);
        put(&mut out, "allowed_providers", &self.allowed_providers);
        put(&mut out, "ignored_providers", &self.ignored_providers);
        put_zdr(
            &mut out,
            [
                &self.enforce_zdr_anthropic,
                &self.enforce_zdr_openai,
                &self.enforce_zdr_google,
                &self.enforce_zdr_xai,
                &self.enforce_zdr_other,
            ],
        );
        put(
            &mut out,
            "content_filter_builtins",
            &self.content_filter_builtins,
        );
        put(&mut out, "content_filters", &self.content_filters);
        put(&mut out, "workspace_id", &self.workspace_id);
        out.serialize(s)
    }
}

/// Body of `PATCH /guardrails/{id}`. Lists replace the whole set
/// (`Patch::Null` = no restriction); `budget: Patch::Null` removes the budget.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GuardrailPatch {
    pub name: Option<String>,
    pub description: Patch<String>,
    pub budget: Patch<GuardrailBudget>,
    pub include_byok_in_budgets: Option<bool>,
    pub allowed_models: Patch<Vec<String>>,
    pub ignored_models: Patch<Vec<String>>,
    pub allowed_providers: Patch<Vec<String>>,
    pub ignored_providers: Patch<Vec<String>>,
    pub enforce_zdr_anthropic: Option<bool>,
    pub enforce_zdr_openai: Option<bool>,
    pub enforce_zdr_google: Option<bool>,
    pub enforce_zdr_xai: Option<bool>,
    pub enforce_zdr_other: Option<bool>,
    pub content_filter_builtins: Patch<Vec<ContentFilterBuiltin>>,
    pub content_filters: Patch<Vec<ContentFilter>>,
}

impl Serialize for GuardrailPatch {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = Map::new();
        put(&mut out, "name", &self.name);
        put_patch(&mut out, "description", &self.description);
        match &self.budget {
            Patch::Leave => {}
            Patch::Null => GuardrailBudget::write(None, &mut out),
            Patch::Set(b) => GuardrailBudget::write(Some(b), &mut out),
        }
        put(
            &mut out,
            "include_byok_in_budgets",
            &self.include_byok_in_budgets,
        );
        put_patch(&mut out, "allowed_models", &self.allowed_models);
        put_patch(&mut out, "ignored_models", &self.ignored_models);
        put_patch(&mut out, "allowed_providers", &self.allowed_providers);
        put_patch(&mut out, "ignored_providers", &self.ignored_providers);
        put_zdr(
            &mut out,
            [
                &self.enforce_zdr_anthropic,
                &self.enforce_zdr_openai,
                &self.enforce_zdr_google,
                &self.enforce_zdr_xai,
                &self.enforce_zdr_other,
            ],
        );
        put_patch(
            &mut out,
            "content_filter_builtins",
            &self.content_filter_builtins,
        );
        put_patch(&mut out, "content_filters", &self.content_filters);
        out.serialize(s)
    }
}

/// A key held by a guardrail (a key holds at most one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyAssignment {
    pub id: String,
    pub key_hash: String,
    pub guardrail_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub key_name: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub key_label: String,
    /// User id of whoever assigned it.
    #[serde(default)]
    pub assigned_by: Option<String>,
    #[serde(default, deserialize_with = "time::lenient")]
    pub created_at: Option<DateTime<Utc>>,
}

/// `{ "assigned_count": n }` / `{ "unassigned_count": n }`.
#[derive(Deserialize)]
pub(crate) struct AssignedCount {
    #[serde(default, alias = "unassigned_count")]
    pub assigned_count: Option<u64>,
}
