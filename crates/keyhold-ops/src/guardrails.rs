//! Guardrails as a person edits them: the form's rules checked before any
//! request (a budget needs its reset and the reset its budget, names, model
//! and provider lists), the change to send for an edit, the words the audit
//! log keeps, and what assigning keys would replace.

use std::collections::{HashMap, HashSet};

use openrouter_client::{
    Guardrail, GuardrailBudget, GuardrailPatch, LimitReset, NewGuardrail, Patch, Usd,
};
use rust_decimal::prelude::ToPrimitive;

use crate::diff::limit_text;
use crate::InputError;

/// Longest name and description OpenRouter accepts.
pub const GUARDRAIL_NAME_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 1000;
/// A list longer than this is almost certainly a paste gone wrong.
pub const LIST_MAX: usize = 500;

/// The guardrail form as typed. `reset` is `None` until one is chosen;
/// `"never"` is a one-off budget that does not restart.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    pub name: String,
    pub description: String,
    pub limit: String,
    pub reset: Option<String>,
    pub include_byok_in_budget: bool,
    pub allowed_models: Vec<String>,
    pub ignored_models: Vec<String>,
    pub allowed_providers: Vec<String>,
    pub ignored_providers: Vec<String>,
}

/// A checked guardrail: what is sent. Lists are `None` for "no restriction"
/// (OpenRouter refuses empty lists).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rules {
    pub name: String,
    pub description: Option<String>,
    pub budget: Option<GuardrailBudget>,
    pub include_byok_in_budget: bool,
    pub allowed_models: Option<Vec<String>>,
    pub ignored_models: Option<Vec<String>>,
    pub allowed_providers: Option<Vec<String>>,
    pub ignored_providers: Option<Vec<String>>,
}

/// Checks the form; the first problem comes back on its field.
pub fn validate(draft: &Draft) -> Result<Rules, InputError> {
    let name = draft.name.trim();
    if name.is_empty() {
        return Err(InputError::new("name", "Give the guardrail a name."));
    }
    if name.chars().count() > GUARDRAIL_NAME_MAX {
        return Err(InputError::new(
            "name",
            format!("Use at most {GUARDRAIL_NAME_MAX} characters."),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(InputError::new(
            "name",
            "Use letters, digits and punctuation only.",
        ));
    }
    let description = draft.description.trim();
    if description.chars().count() > DESCRIPTION_MAX {
        return Err(InputError::new(
            "description",
            format!("Use at most {DESCRIPTION_MAX} characters."),
        ));
    }
    let allowed_models = list(&draft.allowed_models, "allowed_models", model_problem)?;
    let ignored_models = list(&draft.ignored_models, "ignored_models", model_problem)?;
    let allowed_providers = list(
        &draft.allowed_providers,
        "allowed_providers",
        provider_problem,
    )?;
    let ignored_providers = list(
        &draft.ignored_providers,
        "ignored_providers",
        provider_problem,
    )?;
    if let Some(both) = in_both(&allowed_models, &ignored_models) {
        return Err(InputError::new(
            "ignored_models",
            format!("{both} is also allowed; a model cannot be both allowed and ignored."),
        ));
    }
    if let Some(both) = in_both(&allowed_providers, &ignored_providers) {
        return Err(InputError::new(
            "ignored_providers",
            format!("{both} is also allowed; a provider cannot be both allowed and ignored."),
        ));
    }
    Ok(Rules {
        name: name.to_string(),
        description: (!description.is_empty()).then(|| description.to_string()),
        budget: budget(&draft.limit, draft.reset.as_deref())?,
        include_byok_in_budget: draft.include_byok_in_budget,
        allowed_models,
        ignored_models,
        allowed_providers,
        ignored_providers,
    })
}

/// A budget and its reset go together, or neither is set.
fn budget(limit: &str, reset: Option<&str>) -> Result<Option<GuardrailBudget>, InputError> {
    let limit = limit.trim();
    let reset = reset.map(str::trim).filter(|r| !r.is_empty());
    match (limit.is_empty(), reset) {
        (true, None) => Ok(None),
        (true, Some(_)) => Err(InputError::new(
            "limit",
            "Enter the budget for this reset, or clear the reset.",
        )),
        (false, None) => Err(InputError::new(
            "limit_reset",
            "Choose when the budget resets (or \"never\" for a one-off budget).",
        )),
        (false, Some(reset)) => {
            let amount = Usd::parse(limit).map_err(|_| {
                InputError::new(
                    "limit",
                    "Enter an amount in US dollars, like 20 or 1,250.50 (no negative amounts, at most 2 decimals).",
                )
            })?;
            let interval = match reset.to_ascii_lowercase().as_str() {
                "never" => None,
                "daily" => Some(LimitReset::Daily),
                "weekly" => Some(LimitReset::Weekly),
                "monthly" => Some(LimitReset::Monthly),
                _ => {
                    return Err(InputError::new(
                        "limit_reset",
                        "Choose daily, weekly, monthly or never.",
                    ))
                }
            };
            Ok(Some(GuardrailBudget::new(amount, interval)))
        }
    }
}

/// Trimmed, blanks dropped, duplicates (any case) kept once; empty → `None`.
fn list(
    raw: &[String],
    field: &'static str,
    problem: fn(&str) -> Option<String>,
) -> Result<Option<Vec<String>>, InputError> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for entry in raw.iter().map(|e| e.trim()).filter(|e| !e.is_empty()) {
        if let Some(p) = problem(entry) {
            return Err(InputError::new(field, p));
        }
        if seen.insert(entry.to_lowercase()) {
            out.push(entry.to_string());
        }
    }
    if out.len() > LIST_MAX {
        return Err(InputError::new(
            field,
            format!("Use at most {LIST_MAX} entries."),
        ));
    }
    Ok((!out.is_empty()).then_some(out))
}

/// Models are named like `openai/gpt-4.1`: an author, a slash, a model.
fn model_problem(entry: &str) -> Option<String> {
    let ok = entry
        .split_once('/')
        .is_some_and(|(author, model)| !author.is_empty() && !model.is_empty())
        && entry.len() <= 200
        && !entry.chars().any(|c| c.is_whitespace() || c.is_control());
    (!ok).then(|| format!("\"{entry}\" is not a model id; model ids look like openai/gpt-4.1."))
}

/// Providers are named like `OpenAI` or `deepinfra`.
fn provider_problem(entry: &str) -> Option<String> {
    let ok = entry.len() <= 100 && !entry.contains('/') && !entry.chars().any(char::is_control);
    (!ok).then(|| {
        format!("\"{entry}\" is not a provider name; provider names look like OpenAI or Anthropic.")
    })
}

fn in_both(a: &Option<Vec<String>>, b: &Option<Vec<String>>) -> Option<String> {
    let (a, b) = (a.as_ref()?, b.as_ref()?);
    a.iter()
        .find(|x| b.iter().any(|y| y.eq_ignore_ascii_case(x)))
        .cloned()
}

impl Rules {
    /// What a guardrail holds now, to compare an edit with.
    pub fn of(g: &Guardrail) -> Rules {
        let budget = g.limit_usd.and_then(|l| {
            Usd::try_from(l)
                .ok()
                .map(|u| GuardrailBudget::new(u, g.reset_interval.clone()))
        });
        let nonempty = |l: &Option<Vec<String>>| l.clone().filter(|v| !v.is_empty());
        Rules {
            name: g.name.clone(),
            description: g.description.clone().filter(|d| !d.trim().is_empty()),
            budget,
            include_byok_in_budget: g.include_byok_in_budgets,
            allowed_models: nonempty(&g.allowed_models),
            ignored_models: nonempty(&g.ignored_models),
            allowed_providers: nonempty(&g.allowed_providers),
            ignored_providers: nonempty(&g.ignored_providers),
        }
    }

    /// The create request, in `workspace_id` (the default one when `None`).
    pub fn to_new(&self, workspace_id: Option<String>) -> NewGuardrail {
        NewGuardrail {
            name: self.name.clone(),
            description: self.description.clone(),
            budget: self.budget.clone(),
            include_byok_in_budgets: Some(self.include_byok_in_budget),
            allowed_models: self.allowed_models.clone(),
            ignored_models: self.ignored_models.clone(),
            allowed_providers: self.allowed_providers.clone(),
            ignored_providers: self.ignored_providers.clone(),
            workspace_id,
            ..NewGuardrail::default()
        }
    }

    /// Only what differs from `current`; `None` when nothing does. Rules
    /// this form does not show (data policies, content filters) are left
    /// as they are.
    pub fn patch_from(&self, current: &Rules) -> Option<GuardrailPatch> {
        fn lists(now: &Option<Vec<String>>, was: &Option<Vec<String>>) -> Patch<Vec<String>> {
            match now {
                _ if now == was => Patch::Leave,
                Some(v) => Patch::Set(v.clone()),
                None => Patch::Null,
            }
        }
        let patch = GuardrailPatch {
            name: (self.name != current.name).then(|| self.name.clone()),
            description: match &self.description {
                d if *d == current.description => Patch::Leave,
                Some(d) => Patch::Set(d.clone()),
                None => Patch::Null,
            },
            budget: match &self.budget {
                b if *b == current.budget => Patch::Leave,
                Some(b) => Patch::Set(b.clone()),
                None => Patch::Null,
            },
            include_byok_in_budgets: (self.include_byok_in_budget
                != current.include_byok_in_budget)
                .then_some(self.include_byok_in_budget),
            allowed_models: lists(&self.allowed_models, &current.allowed_models),
            ignored_models: lists(&self.ignored_models, &current.ignored_models),
            allowed_providers: lists(&self.allowed_providers, &current.allowed_providers),
            ignored_providers: lists(&self.ignored_providers, &current.ignored_providers),
            ..GuardrailPatch::default()
        };
        (patch != GuardrailPatch::default()).then_some(patch)
    }

    /// Each rule in the audit log's words, by field name.
    pub fn texts(&self) -> Vec<(&'static str, String)> {
        let list = |l: &Option<Vec<String>>| l.as_ref().map_or("any".into(), |v| v.join(", "));
        vec![
            ("name", self.name.clone()),
            ("description", self.description.clone().unwrap_or_default()),
            ("budget", budget_text(self.budget.as_ref())),
            (
                "include_byok_in_budget",
                if self.include_byok_in_budget {
                    "yes"
                } else {
                    "no"
                }
                .into(),
            ),
            ("allowed_models", list(&self.allowed_models)),
            ("ignored_models", none_if_any(list(&self.ignored_models))),
            ("allowed_providers", list(&self.allowed_providers)),
            (
                "ignored_providers",
                none_if_any(list(&self.ignored_providers)),
            ),
        ]
    }
}

fn none_if_any(text: String) -> String {
    if text == "any" {
        "none".into()
    } else {
        text
    }
}

/// `"20, monthly"`, `"20, never"` or `"none"` (the audit log's limit words).
pub fn budget_text(b: Option<&GuardrailBudget>) -> String {
    match b {
        None => "none".into(),
        Some(b) => format!(
            "{}, {}",
            limit_text(b.limit_usd.as_decimal().to_f64()),
            b.reset_interval.as_ref().map_or("never", |r| r.as_str())
        ),
    }
}

/// `(field, before, after)` for each rule that differs; with no `before`
/// (a new guardrail), every rule.
pub fn rule_changes(
    before: Option<&Rules>,
    after: &Rules,
) -> Vec<(&'static str, Option<String>, String)> {
    let was = before.map(Rules::texts);
    after
        .texts()
        .into_iter()
        .enumerate()
        .filter_map(|(i, (field, now))| match &was {
            Some(was) if was[i].1 == now => None,
            Some(was) => Some((field, Some(was[i].1.clone()), now)),
            None if now.is_empty() => None,
            None => Some((field, None, now)),
        })
        .collect()
}

/// Models and providers seen in activity rows, most spent on first (ties by
/// name): the form's suggestions.
pub fn suggestions(rows: &[openrouter_client::ActivityItem]) -> (Vec<String>, Vec<String>) {
    use rust_decimal::Decimal;
    fn ranked(totals: HashMap<&str, Decimal>) -> Vec<String> {
        let mut v: Vec<(&str, Decimal)> = totals.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v.into_iter().map(|(n, _)| n.to_string()).collect()
    }
    let mut models: HashMap<&str, Decimal> = HashMap::new();
    let mut providers: HashMap<&str, Decimal> = HashMap::new();
    for r in rows {
        let spent = r.usage + r.byok_usage_inference;
        if !r.model.is_empty() {
            *models.entry(r.model.as_str()).or_default() += spent;
        }
        if !r.provider_name.is_empty() {
            *providers.entry(r.provider_name.as_str()).or_default() += spent;
        }
    }
    (ranked(models), ranked(providers))
}

mod assign;
pub use assign::{assign_preview, key_counts, removal_groups, AssignEffect};

#[cfg(test)]
mod tests;
