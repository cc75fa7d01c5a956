//! The simulated records (keys, workspaces) and how the API renders them.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde_json::{json, Value};

/// Request enum of `limit_reset`; responses render it as a plain string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LimitReset {
    Daily,
    Weekly,
    Monthly,
}

impl LimitReset {
    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "daily" => Some(LimitReset::Daily),
            "weekly" => Some(LimitReset::Weekly),
            "monthly" => Some(LimitReset::Monthly),
            _ => None,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            LimitReset::Daily => "daily",
            LimitReset::Weekly => "weekly",
            LimitReset::Monthly => "monthly",
        }
    }
}

use crate::history::SpendHistory;

/// Spend in USD per window as of one UTC day, computed from a key's
/// [`SpendHistory`]: the day, the Monday–Sunday week, the month, lifetime.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Usage {
    pub total: f64,
    pub daily: f64,
    pub weekly: f64,
    pub monthly: f64,
    pub byok_total: f64,
    pub byok_daily: f64,
    pub byok_weekly: f64,
    pub byok_monthly: f64,
}

#[derive(Clone, Debug)]
pub(crate) struct KeyRecord {
    pub hash: String,
    /// The key string; only ever returned by create.
    pub secret: String,
    pub name: String,
    pub label: String,
    pub disabled: bool,
    pub limit: Option<f64>,
    pub limit_reset: Option<LimitReset>,
    pub include_byok_in_limit: bool,
    pub history: SpendHistory,
    pub created_at: DateTime<Utc>,
    pub updated_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub creator_user_id: Option<String>,
    pub workspace_id: String,
    pub external_user: Option<String>,
    pub last_used_at: Option<DateTime<Utc>>,
}

impl KeyRecord {
    pub(crate) fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|at| at <= now)
    }

    /// `limit − spend in the reset window (− BYOK spend of that window if
    /// included)`, floored at 0; `None` when the key is unlimited.
    pub(crate) fn limit_remaining(&self, today: NaiveDate) -> Option<f64> {
        let limit = self.limit?;
        let u = &self.history.usage(today);
        let (spent, byok) = match self.limit_reset {
            Some(LimitReset::Daily) => (u.daily, u.byok_daily),
            Some(LimitReset::Weekly) => (u.weekly, u.byok_weekly),
            Some(LimitReset::Monthly) => (u.monthly, u.byok_monthly),
            None => (u.total, u.byok_total),
        };
        let counted = spent
            + if self.include_byok_in_limit {
                byok
            } else {
                0.0
            };
        Some(money(f64::max(0.0, limit - counted)))
    }

    /// The key object as every key endpoint renders it: all fields
    /// the spec requires plus `expires_at`, `external_user` and `last_used_at`.
    pub(crate) fn to_json(&self, today: NaiveDate) -> Value {
        let u = &self.history.usage(today);
        json!({
            "hash": self.hash,
            "name": self.name,
            "label": self.label,
            "disabled": self.disabled,
            "limit": self.limit,
            "limit_remaining": self.limit_remaining(today),
            "limit_reset": self.limit_reset.map(LimitReset::as_str),
            "include_byok_in_limit": self.include_byok_in_limit,
            "usage": money(u.total),
            "usage_daily": money(u.daily),
            "usage_weekly": money(u.weekly),
            "usage_monthly": money(u.monthly),
            "byok_usage": money(u.byok_total),
            "byok_usage_daily": money(u.byok_daily),
            "byok_usage_weekly": money(u.byok_weekly),
            "byok_usage_monthly": money(u.byok_monthly),
            "created_at": timestamp(self.created_at),
            "updated_at": self.updated_at.map(timestamp),
            "expires_at": self.expires_at.map(timestamp),
            "creator_user_id": self.creator_user_id,
            "workspace_id": self.workspace_id,
            "external_user": self.external_user,
            "last_used_at": self.last_used_at.map(timestamp),
        })
    }

    /// `GET /key` for an inference key: its own usage and limits.
    pub(crate) fn to_current_key_json(&self, today: NaiveDate) -> Value {
        let u = &self.history.usage(today);
        json!({
            "label": self.label,
            "limit": self.limit,
            "limit_remaining": self.limit_remaining(today),
            "limit_reset": self.limit_reset.map(LimitReset::as_str),
            "include_byok_in_limit": self.include_byok_in_limit,
            "usage": money(u.total),
            "usage_daily": money(u.daily),
            "usage_weekly": money(u.weekly),
            "usage_monthly": money(u.monthly),
            "byok_usage": money(u.byok_total),
            "byok_usage_daily": money(u.byok_daily),
            "byok_usage_weekly": money(u.byok_weekly),
            "byok_usage_monthly": money(u.byok_monthly),
            "is_free_tier": false,
            "is_management_key": false,
            "is_provisioning_key": false,
            "creator_user_id": self.creator_user_id,
            "expires_at": self.expires_at.map(timestamp),
            "rate_limit": legacy_rate_limit(),
            "allowed_data_regions": ["global"],
            "free_model_daily_requests": {"limit": 1000, "remaining": 1000, "used": 0},
            "organization_id": null,
            "workspace_id": self.workspace_id,
            "budgets": [],
            "effective_budget": null,
        })
    }
}

/// `GET /key` for the management key. Management keys cannot make inference
/// calls, so their own usage is zero and they have no limit.
pub(crate) fn management_current_key_json(label: &str, owner_user_id: &str) -> Value {
    json!({
        "label": label,
        "limit": null,
        "limit_remaining": null,
        "limit_reset": null,
        "include_byok_in_limit": false,
        "usage": 0.0,
        "usage_daily": 0.0,
        "usage_weekly": 0.0,
        "usage_monthly": 0.0,
        "byok_usage": 0.0,
        "byok_usage_daily": 0.0,
        "byok_usage_weekly": 0.0,
        "byok_usage_monthly": 0.0,
        "is_free_tier": false,
        "is_management_key": true,
        "is_provisioning_key": true,
        "creator_user_id": owner_user_id,
        "expires_at": null,
        "rate_limit": legacy_rate_limit(),
        "allowed_data_regions": ["global"],
        "free_model_daily_requests": {"limit": 1000, "remaining": 1000, "used": 0},
        "organization_id": null,
        "workspace_id": null,
        "budgets": [],
        "effective_budget": null,
    })
}

/// Deprecated field; the spec says it "will always return -1".
fn legacy_rate_limit() -> Value {
    json!({"requests": -1, "interval": "10s", "note": "This field is deprecated and safe to ignore."})
}

#[derive(Clone, Debug)]
pub(crate) struct Workspace {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
    pub default_guardrail_id: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: Option<DateTime<Utc>>,
    pub created_by: Option<String>,
}

impl Workspace {
    /// Every property of the spec's `Workspace` schema (all but one required).
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "slug": self.slug,
            "description": self.description,
            "default_guardrail_id": self.default_guardrail_id,
            "default_text_model": null,
            "default_image_model": null,
            "default_provider_sort": null,
            "include_byok_in_budgets": false,
            "io_logging_api_key_ids": null,
            "io_logging_sampling_rate": 1.0,
            "is_data_discount_logging_enabled": false,
            "is_observability_broadcast_enabled": false,
            "is_observability_io_logging_enabled": false,
            "created_at": timestamp(self.created_at),
            "updated_at": self.updated_at.map(timestamp),
            "created_by": self.created_by,
        })
    }
}

/// RFC 3339 in UTC with a `Z`; fractional seconds only when there are any.
pub(crate) fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Rounds USD amounts to 1e-8 so float accumulation noise does not leak out.
pub(crate) fn money(x: f64) -> f64 {
    (x * 1e8).round() / 1e8
}

/// A person in the organization (`GET /organization/members`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Member {
    pub id: String,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub admin: bool,
}

impl Member {
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "email": self.email,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "role": if self.admin { "org:admin" } else { "org:member" },
        })
    }
}
