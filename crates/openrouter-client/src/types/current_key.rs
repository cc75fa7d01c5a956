//! `GET /key`: the key the client authenticates with.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::key::LimitReset;
use super::lenient::null_as_default;
use super::time;

/// What OpenRouter says about the key in use. Keyhold calls this to check that
/// a pasted key is a management key before storing it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "CurrentKeyWire")]
pub struct CurrentKey {
    /// Masked key, e.g. `sk-or-v1-au7...890`.
    pub label: String,
    /// `is_management_key`, or the deprecated `is_provisioning_key` on servers
    /// older than 2026-02.
    pub is_management_key: bool,
    pub is_free_tier: bool,
    pub limit: Option<f64>,
    pub limit_remaining: Option<f64>,
    pub limit_reset: Option<LimitReset>,
    pub include_byok_in_limit: bool,
    pub usage: f64,
    pub usage_daily: f64,
    pub usage_weekly: f64,
    pub usage_monthly: f64,
    pub byok_usage: f64,
    pub byok_usage_daily: f64,
    pub byok_usage_weekly: f64,
    pub byok_usage_monthly: f64,
    pub expires_at: Option<DateTime<Utc>>,
    pub creator_user_id: Option<String>,
    pub organization_id: Option<String>,
    pub workspace_id: Option<String>,
    /// `global`, `europe`, `us` (kept as text: the list may grow).
    pub allowed_data_regions: Vec<String>,
    pub free_model_daily_requests: Option<FreeModelDailyRequests>,
    /// Deprecated by the API ("safe to ignore"); kept for completeness.
    pub rate_limit: Option<RateLimit>,
    pub budgets: Vec<KeyBudget>,
    pub effective_budget: Option<KeyBudget>,
}

/// Deprecated `rate_limit` object of `GET /key`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RateLimit {
    #[serde(default, deserialize_with = "null_as_default")]
    pub requests: i64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub interval: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub note: String,
}

/// Free-model request allowance of the current key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FreeModelDailyRequests {
    #[serde(default, deserialize_with = "null_as_default")]
    pub limit: i64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub remaining: i64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub used: i64,
}

/// A budget that applies to the current key (newest servers only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyBudget {
    #[serde(default)]
    pub budget_id: Option<String>,
    #[serde(default)]
    pub guardrail_id: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub include_byok: bool,
    #[serde(default)]
    pub limit_usd: Option<f64>,
    #[serde(default)]
    pub remaining_usd: Option<f64>,
    #[serde(default)]
    pub reset_interval: Option<LimitReset>,
    #[serde(default, deserialize_with = "time::lenient")]
    pub resets_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub spend_usd: Option<f64>,
}

/// The wire shape, with both management flags, folded into [`CurrentKey`].
#[derive(Deserialize)]
struct CurrentKeyWire {
    #[serde(default, deserialize_with = "null_as_default")]
    label: String,
    #[serde(default)]
    is_management_key: Option<bool>,
    #[serde(default)]
    is_provisioning_key: Option<bool>,
    #[serde(default, deserialize_with = "null_as_default")]
    is_free_tier: bool,
    #[serde(default)]
    limit: Option<f64>,
    #[serde(default)]
    limit_remaining: Option<f64>,
    #[serde(default)]
    limit_reset: Option<LimitReset>,
    #[serde(default, deserialize_with = "null_as_default")]
    include_byok_in_limit: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    usage: f64,
    #[serde(default, deserialize_with = "null_as_default")]
    usage_daily: f64,
    #[serde(default, deserialize_with = "null_as_default")]
    usage_weekly: f64,
    #[serde(default, deserialize_with = "null_as_default")]
    usage_monthly: f64,
    #[serde(default, deserialize_with = "null_as_default")]
    byok_usage: f64,
    #[serde(default, deserialize_with = "null_as_default")]
    byok_usage_daily: f64,
    #[serde(default, deserialize_with = "null_as_default")]
    byok_usage_weekly: f64,
    #[serde(default, deserialize_with = "null_as_default")]
    byok_usage_monthly: f64,
    #[serde(default, deserialize_with = "time::lenient")]
    expires_at: Option<DateTime<Utc>>,
    #[serde(default)]
    creator_user_id: Option<String>,
    #[serde(default)]
    organization_id: Option<String>,
    #[serde(default)]
    workspace_id: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    allowed_data_regions: Vec<String>,
    #[serde(default)]
    free_model_daily_requests: Option<FreeModelDailyRequests>,
    #[serde(default)]
    rate_limit: Option<RateLimit>,
    #[serde(default, deserialize_with = "null_as_default")]
    budgets: Vec<KeyBudget>,
    #[serde(default)]
    effective_budget: Option<KeyBudget>,
}

impl From<CurrentKeyWire> for CurrentKey {
    fn from(w: CurrentKeyWire) -> CurrentKey {
        CurrentKey {
            label: w.label,
            // The new flag wins; the deprecated one covers older servers.
            is_management_key: w
                .is_management_key
                .or(w.is_provisioning_key)
                .unwrap_or(false),
            is_free_tier: w.is_free_tier,
            limit: w.limit,
            limit_remaining: w.limit_remaining,
            limit_reset: w.limit_reset,
            include_byok_in_limit: w.include_byok_in_limit,
            usage: w.usage,
            usage_daily: w.usage_daily,
            usage_weekly: w.usage_weekly,
            usage_monthly: w.usage_monthly,
            byok_usage: w.byok_usage,
            byok_usage_daily: w.byok_usage_daily,
            byok_usage_weekly: w.byok_usage_weekly,
            byok_usage_monthly: w.byok_usage_monthly,
            expires_at: w.expires_at,
            creator_user_id: w.creator_user_id,
            organization_id: w.organization_id,
            workspace_id: w.workspace_id,
            allowed_data_regions: w.allowed_data_regions,
            free_model_daily_requests: w.free_model_daily_requests,
            rate_limit: w.rate_limit,
            budgets: w.budgets,
            effective_budget: w.effective_budget,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn management_flag_falls_back_to_deprecated_name() {
        let old: CurrentKey = serde_json::from_str(r#"{"is_provisioning_key":true}"#).unwrap();
        assert!(old.is_management_key);
        let new: CurrentKey =
            serde_json::from_str(r#"{"is_management_key":false,"is_provisioning_key":true}"#)
                .unwrap();
        assert!(!new.is_management_key);
        let neither: CurrentKey = serde_json::from_str("{}").unwrap();
        assert!(!neither.is_management_key);
    }

    #[test]
    fn newest_fields_are_read() {
        let k: CurrentKey = serde_json::from_str(
            r#"{"is_management_key":true,"allowed_data_regions":["global","eu-x"],
                "free_model_daily_requests":{"limit":50,"remaining":49,"used":1},
                "organization_id":null,"workspace_id":"ws",
                "budgets":[{"budget_id":null,"include_byok":true,"limit_usd":10,
                            "reset_interval":"weekly","resets_at":"2026-01-05T00:00:00Z",
                            "scope":"api_key","spend_usd":1.5,"remaining_usd":8.5}],
                "effective_budget":null}"#,
        )
        .unwrap();
        assert_eq!(k.allowed_data_regions, ["global", "eu-x"]);
        assert_eq!(k.free_model_daily_requests.unwrap().remaining, 49);
        assert_eq!(k.budgets[0].reset_interval, Some(LimitReset::Weekly));
        assert!(k.budgets[0].resets_at.is_some());
    }
}
