//! Where the money goes: activity rows and organization members.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::lenient::null_as_default;

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

/// One page of an offset/limit listing with a total.
#[derive(Deserialize)]
pub(crate) struct Page<T> {
    pub data: Vec<T>,
    #[serde(default)]
    pub total_count: Option<u64>,
}

#[cfg(test)]
mod tests;
