//! Guardrails (spend caps and model/provider rules for a set of keys), their
//! key assignments, and validation of the create/update bodies.

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

use crate::keygen::is_uuid;
use crate::model::{money, timestamp, LimitReset};
use crate::validation::{json_object, NO_UPDATE_FIELDS};

pub(crate) const GUARDRAIL_NOT_FOUND: &str = "Guardrail not found";
pub(crate) const LIMIT_NEEDS_INTERVAL: &str =
    "limit_usd and reset_interval must be provided together";

/// The list fields: `null` = no restriction, otherwise at least one entry.
const LIST_FIELDS: [&str; 4] = [
    "allowed_models",
    "ignored_models",
    "allowed_providers",
    "ignored_providers",
];
const ZDR_FIELDS: [&str; 5] = [
    "enforce_zdr_anthropic",
    "enforce_zdr_openai",
    "enforce_zdr_google",
    "enforce_zdr_xai",
    "enforce_zdr_other",
];
const TRAINING_FIELDS: [&str; 3] = [
    "enable_free_model_publication",
    "enable_free_model_training",
    "enable_paid_model_training",
];
const BUILTIN_SLUGS: [&str; 8] = [
    "email",
    "phone",
    "ssn",
    "credit-card",
    "ip-address",
    "person-name",
    "address",
    "regex-prompt-injection",
];
const ACTIONS: [&str; 3] = ["redact", "block", "flag"];

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Guardrail {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub limit_usd: Option<f64>,
    pub reset_interval: Option<LimitReset>,
    pub include_byok_in_budgets: bool,
    /// Every other settable field, as validated JSON (`null` when unset).
    pub rules: Map<String, Value>,
    pub workspace_id: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl Guardrail {
    pub(crate) fn new(id: String, name: String, workspace_id: String, now: DateTime<Utc>) -> Self {
        let mut rules = Map::new();
        for f in LIST_FIELDS.iter().chain(&TRAINING_FIELDS) {
            rules.insert(f.to_string(), Value::Null);
        }
        for f in ZDR_FIELDS {
            rules.insert(f.to_string(), Value::Bool(false));
        }
        rules.insert("content_filter_builtins".into(), Value::Null);
        rules.insert("content_filters".into(), Value::Null);
        Guardrail {
            id,
            name,
            description: None,
            limit_usd: None,
            reset_interval: None,
            include_byok_in_budgets: false,
            rules,
            workspace_id,
            created_at: now,
            updated_at: None,
        }
    }

    /// Every property of the spec's `Guardrail`; the deprecated `enforce_zdr`
    /// is always `null` (its value is spread over the per-provider flags).
    pub(crate) fn to_json(&self) -> Value {
        let mut out = self.rules.clone();
        let fixed = json!({
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "limit_usd": self.limit_usd.map(money),
            "reset_interval": self.reset_interval.map(LimitReset::as_str),
            "include_byok_in_budgets": self.include_byok_in_budgets,
            "enforce_zdr": null,
            "workspace_id": self.workspace_id,
            "created_at": timestamp(self.created_at),
            "updated_at": self.updated_at.map(timestamp),
        });
        if let Value::Object(fixed) = fixed {
            out.extend(fixed);
        }
        Value::Object(out)
    }

    pub(crate) fn set_rule(&mut self, field: &str, value: Value) {
        self.rules.insert(field.to_string(), value);
    }
}

/// One key held by one guardrail.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Assignment {
    pub id: String,
    pub key_hash: String,
    pub guardrail_id: String,
    pub assigned_by: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl Assignment {
    /// `key_name`/`key_label` are the key's current ones.
    pub(crate) fn to_json(&self, key_name: &str, key_label: &str) -> Value {
        json!({
            "id": self.id,
            "key_hash": self.key_hash,
            "guardrail_id": self.guardrail_id,
            "key_name": key_name,
            "key_label": key_label,
            "assigned_by": self.assigned_by,
            "created_at": timestamp(self.created_at),
        })
    }
}

/// A spend limit in USD and its reset period (`None`: no limit; never resets).
type Budget = (Option<f64>, Option<LimitReset>);

/// A validated create or update body. Outer `None` = field absent.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct GuardrailInput {
    pub name: Option<String>,
    pub description: Option<Option<String>>,
    /// Both or neither: `Some((limit, interval))`.
    pub budget: Option<Budget>,
    pub include_byok_in_budgets: Option<bool>,
    pub rules: Map<String, Value>,
    pub workspace_id: Option<String>,
}

impl GuardrailInput {
    pub(crate) fn apply(self, g: &mut Guardrail) {
        if let Some(name) = self.name {
            g.name = name;
        }
        if let Some(d) = self.description {
            g.description = d;
        }
        if let Some((limit, interval)) = self.budget {
            g.limit_usd = limit;
            g.reset_interval = interval;
        }
        if let Some(b) = self.include_byok_in_budgets {
            g.include_byok_in_budgets = b;
        }
        for (k, v) in self.rules {
            g.set_rule(&k, v);
        }
    }
}

/// `POST /guardrails` (`create`) or `PATCH /guardrails/{id}` body. Fields
/// are checked in a fixed order, so the first problem found is the one
/// reported.
pub(crate) fn parse_input(body: &[u8], create: bool) -> Result<GuardrailInput, String> {
    let obj = json_object(body)?;
    let mut input = GuardrailInput {
        name: parse_name(&obj, create)?,
        description: parse_description(&obj)?,
        budget: parse_budget(&obj)?,
        include_byok_in_budgets: parse_include_byok(&obj)?,
        ..GuardrailInput::default()
    };
    parse_rules(&obj, create, &mut input.rules)?;
    if create {
        input.workspace_id = parse_workspace_id(&obj)?;
    }
    let touched = input.name.is_some()
        || input.description.is_some()
        || input.budget.is_some()
        || input.include_byok_in_budgets.is_some()
        || !input.rules.is_empty();
    if !create && !touched {
        return Err(NO_UPDATE_FIELDS.into());
    }
    Ok(input)
}

fn parse_name(obj: &Map<String, Value>, create: bool) -> Result<Option<String>, String> {
    match obj.get("name") {
        None if create => Err("name is required".into()),
        None => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Err("name must not be empty".into()),
        Some(Value::String(s)) if s.chars().count() > 200 => {
            Err("name must be at most 200 characters".into())
        }
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err("name must be a string".into()),
    }
}

fn parse_description(obj: &Map<String, Value>) -> Result<Option<Option<String>>, String> {
    let Some(v) = obj.get("description") else {
        return Ok(None);
    };
    match v {
        Value::Null => Ok(Some(None)),
        Value::String(s) if s.chars().count() <= 1000 => Ok(Some(Some(s.clone()))),
        Value::String(_) => Err("description must be at most 1000 characters".into()),
        _ => Err("description must be a string or null".into()),
    }
}

/// A budget needs both its amount and its period (null for a one-off).
fn parse_budget(obj: &Map<String, Value>) -> Result<Option<Budget>, String> {
    match (obj.get("limit_usd"), obj.get("reset_interval")) {
        (None, None) => Ok(None),
        (Some(limit), Some(interval)) => {
            let limit = match limit {
                Value::Null => None,
                Value::Number(n) => match n.as_f64() {
                    Some(x) if x.is_finite() && x >= 0.0 => Some(x),
                    _ => return Err("limit_usd must be greater than or equal to 0".into()),
                },
                _ => return Err("limit_usd must be a number or null".into()),
            };
            let interval = match interval {
                Value::Null => None,
                Value::String(s) => Some(LimitReset::parse(s).ok_or_else(interval_error)?),
                _ => return Err(interval_error()),
            };
            Ok(Some((limit, interval)))
        }
        _ => Err(LIMIT_NEEDS_INTERVAL.into()),
    }
}

fn parse_include_byok(obj: &Map<String, Value>) -> Result<Option<bool>, String> {
    match obj.get("include_byok_in_budgets") {
        None => Ok(None),
        Some(v) => Ok(Some(
            v.as_bool()
                .ok_or("include_byok_in_budgets must be a boolean")?,
        )),
    }
}

/// The model/provider lists, data-policy flags and content filters sent.
fn parse_rules(
    obj: &Map<String, Value>,
    create: bool,
    rules: &mut Map<String, Value>,
) -> Result<(), String> {
    for f in LIST_FIELDS {
        if let Some(v) = obj.get(f) {
            rules.insert(f.into(), string_list(f, v)?);
        }
    }
    parse_zdr_flags(obj, create, rules)?;
    for f in TRAINING_FIELDS {
        match obj.get(f) {
            None => {}
            Some(v @ (Value::Null | Value::Bool(_))) => {
                rules.insert(f.into(), v.clone());
            }
            Some(_) => return Err(format!("{f} must be a boolean or null")),
        }
    }
    if let Some(v) = obj.get("content_filter_builtins") {
        rules.insert("content_filter_builtins".into(), builtins(v)?);
    }
    if let Some(v) = obj.get("content_filters") {
        rules.insert("content_filters".into(), filters(v)?);
    }
    Ok(())
}

/// The deprecated `enforce_zdr` fills in the per-provider flags not sent;
/// a new guardrail without either has every flag off.
fn parse_zdr_flags(
    obj: &Map<String, Value>,
    create: bool,
    rules: &mut Map<String, Value>,
) -> Result<(), String> {
    let zdr_default = match obj.get("enforce_zdr") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => return Err("enforce_zdr must be a boolean or null".into()),
    };
    for f in ZDR_FIELDS {
        match obj.get(f) {
            Some(Value::Bool(b)) => {
                rules.insert(f.into(), Value::Bool(*b));
            }
            Some(Value::Null) => {
                rules.insert(f.into(), Value::Bool(zdr_default.unwrap_or(false)));
            }
            Some(_) => return Err(format!("{f} must be a boolean or null")),
            None => {
                if let Some(b) = zdr_default {
                    rules.insert(f.into(), Value::Bool(b));
                } else if create {
                    rules.insert(f.into(), Value::Bool(false));
                }
            }
        }
    }
    Ok(())
}

fn parse_workspace_id(obj: &Map<String, Value>) -> Result<Option<String>, String> {
    match obj.get("workspace_id") {
        None => Ok(None),
        Some(Value::String(s)) if is_uuid(s) => Ok(Some(s.clone())),
        Some(_) => Err("workspace_id must be a valid UUID".into()),
    }
}

mod fields;
pub(crate) use fields::parse_key_hashes;
use fields::{builtins, filters, interval_error, string_list};

#[cfg(test)]
mod tests;
