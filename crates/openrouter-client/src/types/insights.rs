//! Where the money goes: activity rows, guardrails and their key
//! assignments, organization members — and the requests that change them.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use super::key::LimitReset;
use super::lenient::null_as_default;
use super::time;
use crate::money::Usd;
use crate::patch::Patch;

/// One row of `GET /activity`: what was spent on one model endpoint on one
/// completed UTC day (summed over the keys and workspaces asked for).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityItem {
    /// The UTC day; `/activity` never reports the current one.
    pub date: NaiveDate,
    #[serde(default, deserialize_with = "null_as_default")]
    pub model: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub model_permaslug: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub endpoint_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub provider_name: String,
    /// OpenRouter credits spent, in USD (sub-cent amounts are common).
    #[serde(default, deserialize_with = "null_as_default")]
    pub usage: Decimal,
    /// Spent through the account's own provider keys (BYOK), in USD.
    #[serde(default, deserialize_with = "null_as_default")]
    pub byok_usage_inference: Decimal,
    #[serde(default, deserialize_with = "null_as_default")]
    pub requests: u64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub prompt_tokens: u64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub completion_tokens: u64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub reasoning_tokens: u64,
    /// Only with [`ActivityQuery::grouped_by_workspace`].
    #[serde(default)]
    pub workspace_id: Option<String>,
}

/// Filters of `GET /activity`. The default asks for the whole account's last
/// 30 completed UTC days; each filter narrows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActivityQuery {
    /// One UTC day among the last 30 completed ones (others → 400).
    pub date: Option<NaiveDate>,
    /// One key's activity (its hash).
    pub api_key_hash: Option<String>,
    /// One workspace's activity.
    pub workspace_id: Option<String>,
    /// Activity of one organization member's keys (organizations only).
    pub user_id: Option<String>,
    /// One row per workspace too, each with its `workspace_id`.
    pub group_by_workspace: bool,
}

impl ActivityQuery {
    /// The whole account, last 30 completed days.
    pub fn all() -> ActivityQuery {
        ActivityQuery::default()
    }

    pub fn for_key(mut self, hash: impl Into<String>) -> ActivityQuery {
        self.api_key_hash = Some(hash.into());
        self
    }

    pub fn on(mut self, date: NaiveDate) -> ActivityQuery {
        self.date = Some(date);
        self
    }

    pub fn in_workspace(mut self, workspace_id: impl Into<String>) -> ActivityQuery {
        self.workspace_id = Some(workspace_id.into());
        self
    }

    pub fn by_user(mut self, user_id: impl Into<String>) -> ActivityQuery {
        self.user_id = Some(user_id.into());
        self
    }

    pub fn grouped_by_workspace(mut self) -> ActivityQuery {
        self.group_by_workspace = true;
        self
    }

    /// Only what is set is sent.
    pub(crate) fn query(&self) -> Vec<(&'static str, String)> {
        let mut q = Vec::new();
        if let Some(d) = self.date {
            q.push(("date", d.format("%Y-%m-%d").to_string()));
        }
        if let Some(h) = &self.api_key_hash {
            q.push(("api_key_hash", h.clone()));
        }
        if let Some(w) = &self.workspace_id {
            q.push(("workspace_id", w.clone()));
        }
        if let Some(u) = &self.user_id {
            q.push(("user_id", u.clone()));
        }
        if self.group_by_workspace {
            q.push(("group_by", "workspace".to_string()));
        }
        q
    }
}

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
        put(
            &mut out,
            "enforce_zdr_anthropic",
            &self.enforce_zdr_anthropic,
        );
        put(&mut out, "enforce_zdr_openai", &self.enforce_zdr_openai);
        put(&mut out, "enforce_zdr_google", &self.enforce_zdr_google);
        put(&mut out, "enforce_zdr_xai", &self.enforce_zdr_xai);
        put(&mut out, "enforce_zdr_other", &self.enforce_zdr_other);
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
        put(
            &mut out,
            "enforce_zdr_anthropic",
            &self.enforce_zdr_anthropic,
        );
        put(&mut out, "enforce_zdr_openai", &self.enforce_zdr_openai);
        put(&mut out, "enforce_zdr_google", &self.enforce_zdr_google);
        put(&mut out, "enforce_zdr_xai", &self.enforce_zdr_xai);
        put(&mut out, "enforce_zdr_other", &self.enforce_zdr_other);
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

/// A person in the organization.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationMember {
    /// The user id that keys' `creator_user_id` and activity's `user_id` use.
    pub id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub email: String,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    /// `org:admin` or `org:member`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub role: String,
}

impl OrganizationMember {
    pub fn is_admin(&self) -> bool {
        self.role == "org:admin"
    }

    /// "First Last", whichever parts exist, else the email.
    pub fn display_name(&self) -> String {
        let parts: Vec<&str> = [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.is_empty() {
            self.email.clone()
        } else {
            parts.join(" ")
        }
    }
}

/// `{ "assigned_count": n }` / `{ "unassigned_count": n }`.
#[derive(Deserialize)]
pub(crate) struct AssignedCount {
    #[serde(default, alias = "unassigned_count")]
    pub assigned_count: Option<u64>,
}

/// One page of an offset/limit listing with a total.
#[derive(Deserialize)]
pub(crate) struct Page<T> {
    pub data: Vec<T>,
    #[serde(default)]
    pub total_count: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;
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
}
