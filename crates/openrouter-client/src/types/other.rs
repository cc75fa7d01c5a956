//! Small bodies: credits, workspaces, and the shared envelopes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::lenient::null_as_default;
use super::time;

/// `GET /credits`: totals for the whole account, in USD.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Credits {
    #[serde(default, deserialize_with = "null_as_default")]
    pub total_credits: f64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub total_usage: f64,
}

impl Credits {
    /// Credits left; negative if usage ran past the purchased total
    /// (OpenRouter does not say whether that can happen).
    pub fn remaining(&self) -> f64 {
        self.total_credits - self.total_usage
    }
}

/// A workspace (`GET /workspaces`). Only the fields Keyhold shows are typed;
/// the rest of the object is ignored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    pub id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub slug: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The guardrail applied to all of the workspace's traffic. OpenRouter
    /// derives the id from the workspace's; the guardrail itself exists (and
    /// reads) only once its rules were first set.
    #[serde(default)]
    pub default_guardrail_id: Option<String>,
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(default, deserialize_with = "time::lenient")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "time::lenient")]
    pub updated_at: Option<DateTime<Utc>>,
}

/// `{ "data": T }`, the envelope of most responses.
#[derive(Deserialize)]
pub(crate) struct DataEnvelope<T> {
    pub data: T,
}

/// `DELETE /keys/{hash}` → `{ "deleted": true }`.
#[derive(Deserialize)]
pub(crate) struct DeleteResponse {
    #[serde(default)]
    pub deleted: Option<bool>,
}
