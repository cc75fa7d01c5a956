//! What the overview's spend chart and a key's page receive: spend per UTC
//! day and model over the last 30 completed days, and the facts around a key
//! (who created it, what caps it). Money crosses as JSON numbers for display.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dto::KeyView;

/// One model's part of one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ModelAmount {
    pub model: String,
    pub usage: f64,
}

/// One completed UTC day: credit spend, split by model (highest first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DaySpendView {
    /// `YYYY-MM-DD`, a UTC day.
    pub date: String,
    pub total: f64,
    pub models: Vec<ModelAmount>,
}

/// One model over the whole history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ModelSpendView {
    pub model: String,
    pub usage: f64,
    pub byok_usage: f64,
    #[ts(type = "number")]
    pub requests: u64,
    #[ts(type = "number")]
    pub prompt_tokens: u64,
    #[ts(type = "number")]
    pub completion_tokens: u64,
    #[ts(type = "number")]
    pub reasoning_tokens: u64,
}

/// The last 30 completed UTC days (never today).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SpendHistoryView {
    /// First and last day covered, `YYYY-MM-DD` (UTC).
    pub first_day: String,
    pub last_day: String,
    /// Every day, oldest first; idle days at zero.
    pub days: Vec<DaySpendView>,
    /// Highest credit spend first.
    pub models: Vec<ModelSpendView>,
    pub total: f64,
    /// Average daily credit spend over the last 7 completed days.
    pub burn_rate: f64,
    /// The last day with spend, `YYYY-MM-DD`; null = none in the 30 days.
    pub last_active: Option<String>,
}

/// How long the credits balance lasts at the account's burn rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum RunwayView {
    NoSpend,
    NoCredits,
    Days {
        #[ts(type = "number")]
        days: u64,
    },
}

/// The overview's picture: the workspace's history, and the account's burn
/// rate and runway (the balance is shared by every workspace).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AccountInsights {
    pub workspace: SpendHistoryView,
    pub account_burn_rate: f64,
    pub balance: f64,
    pub runway: RunwayView,
}

/// Who created a key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum CreatorView {
    Member {
        name: String,
        email: String,
    },
    /// A user id no current member has (someone who left).
    UnknownMember {
        user_id: String,
    },
    /// The key has no creator recorded.
    NotRecorded,
    /// A personal account: keys have no members to belong to.
    NotOrganization,
    /// The members could not be read; the rest of the page still works.
    Unavailable {
        message: String,
    },
}

/// The guardrail that holds a key, if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum GuardrailView {
    None,
    Assigned {
        id: String,
        name: String,
        /// Budget per key in USD; null = no budget.
        limit: Option<f64>,
        /// "daily" | "weekly" | "monthly"; null = never resets.
        limit_reset: Option<String>,
    },
    Unavailable {
        message: String,
    },
}

/// Everything a key's page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeyInsights {
    pub key: KeyView,
    pub history: SpendHistoryView,
    pub creator: CreatorView,
    pub guardrail: GuardrailView,
}
