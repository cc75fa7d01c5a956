//! The alert centre as the UI receives it. Titles and details carry names
//! and figures only, never a key string.

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, Utc};
use keyhold_ops::alerts::{Alert, Condition};
use serde::Serialize;
use ts_rs::TS;

/// One warning, active or past.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AlertView {
    /// Identifies the warning for "Dismiss".
    pub id: String,
    /// "limit_reached", "credits_low", "key_appeared", …
    pub kind: String,
    /// The key it concerns, for "Open key".
    pub key_hash: Option<String>,
    /// That key's name while it exists (what "Open key" searches for).
    pub key_name: Option<String>,
    pub title: String,
    pub detail: String,
    /// RFC 3339 UTC.
    pub raised_at: String,
    pub cleared_at: Option<String>,
    pub dismissed: bool,
}

/// How the watch is doing.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum WatchStatus {
    /// No refresh has finished yet.
    Starting,
    Watching,
    /// OpenRouter cannot be reached; the watch tries again later.
    Offline,
    /// OpenRouter asked Keyhold to slow down; the next look is later.
    RateLimited {
        retry_in_secs: u32,
    },
    Failed {
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AlertsView {
    pub active: Vec<AlertView>,
    pub history: Vec<AlertView>,
    pub status: WatchStatus,
    /// When the last refresh finished, RFC 3339 UTC.
    pub last_refresh: Option<String>,
}

pub fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The id "Dismiss" sends back: the warning's identity as JSON.
pub fn alert_id(condition: &Condition) -> String {
    serde_json::to_string(condition).unwrap_or_default()
}

pub fn alert_view(alert: &Alert, names: &BTreeMap<String, String>) -> AlertView {
    let kind = serde_json::to_value(&alert.condition)
        .ok()
        .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_string))
        .unwrap_or_default();
    AlertView {
        id: alert_id(&alert.condition),
        kind,
        key_hash: alert.condition.key_hash().map(str::to_string),
        key_name: alert
            .condition
            .key_hash()
            .and_then(|h| names.get(h))
            .cloned(),
        title: alert.title.clone(),
        detail: alert.detail.clone(),
        raised_at: time(alert.raised_at),
        cleared_at: alert.cleared_at.map(time),
        dismissed: alert.dismissed,
    }
}
