//! What the guardrails screen and the key list's "Guardrail…" action send
//! and receive. Money crosses as JSON numbers for display; amounts typed by a
//! person cross as text and are parsed once, in Rust.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The guardrail form as typed (checked by `keyhold_ops::guardrails`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GuardrailInput {
    pub name: String,
    pub description: String,
    /// Budget per key in USD as typed; blank = no budget.
    pub limit: String,
    /// "daily" | "weekly" | "monthly" | "never" (a one-off budget); null =
    /// not chosen (then there must be no budget).
    pub limit_reset: Option<String>,
    pub include_byok_in_budget: bool,
    /// Empty = any model.
    pub allowed_models: Vec<String>,
    pub ignored_models: Vec<String>,
    /// Empty = any provider.
    pub allowed_providers: Vec<String>,
    pub ignored_providers: Vec<String>,
}

/// One guardrail as the screen lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GuardrailSummary {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// Budget per key in USD; null = no budget.
    pub limit: Option<f64>,
    /// "daily" | "weekly" | "monthly"; null = never resets (or no budget).
    pub limit_reset: Option<String>,
    pub include_byok_in_budget: bool,
    /// Empty = any.
    pub allowed_models: Vec<String>,
    pub ignored_models: Vec<String>,
    pub allowed_providers: Vec<String>,
    pub ignored_providers: Vec<String>,
    /// Keys assigned to it.
    pub key_count: u32,
}

/// The guardrail a workspace applies to all its traffic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum DefaultGuardrailView {
    /// Its rules were never set: the workspace's traffic has no default rules.
    NotSet,
    Set {
        guardrail: GuardrailSummary,
    },
    /// It could not be read; the list still works.
    Unavailable {
        message: String,
    },
}

/// The guardrails screen: the workspace's default guardrail and the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GuardrailList {
    pub default: DefaultGuardrailView,
    pub guardrails: Vec<GuardrailSummary>,
}

/// Which guardrail holds a key (keys holding none are not listed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeyGuardrail {
    pub key_hash: String,
    pub guardrail_id: String,
    pub guardrail_name: String,
}

/// What assigning one key does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum AssignEffectView {
    /// It holds no guardrail yet.
    New,
    /// It leaves this guardrail (a key holds at most one).
    Replaces {
        guardrail_id: String,
        guardrail_name: String,
    },
    /// It already holds the chosen guardrail; nothing is sent for it.
    Already,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AssignPreviewRow {
    pub hash: String,
    pub name: String,
    pub effect: AssignEffectView,
}

/// Before assigning keys: each key and the guardrail it would leave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AssignPreview {
    pub guardrail_id: String,
    pub guardrail_name: String,
    pub rows: Vec<AssignPreviewRow>,
}

/// How many keys an assignment or removal changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AssignOutcome {
    pub changed: u32,
    /// Already as asked (holding that guardrail, or none).
    pub unchanged: u32,
}

/// Models and providers seen in the last 30 days of activity, most spent
/// on first: suggestions for the form's lists.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GuardrailSuggestions {
    pub models: Vec<String>,
    pub providers: Vec<String>,
}
