//! The Key object every key endpoint returns, the create request and its response.

use std::fmt;

use chrono::{DateTime, Utc};
use secrecy::SecretString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::lenient::null_as_default;
use super::time;
use crate::money::Usd;

/// An API key as the management API describes it. The key string itself is
/// never part of it (it is only shown once, on creation: see [`CreatedKey`]).
///
/// Reading is lenient: only `hash` is required; unknown fields are ignored;
/// missing or `null` numbers and flags become 0/false; odd timestamps become
/// `None` rather than failing a whole list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Key {
    /// Stable identifier (64 hex characters in practice); the `{hash}` of
    /// `/keys/{hash}`.
    pub hash: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// Human-readable label; often a masked key like `sk-or-v1-0e6...1c96`,
    /// sometimes the name; OpenRouter does not document which.
    #[serde(default, deserialize_with = "null_as_default")]
    pub label: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub disabled: bool,
    /// Spending limit in USD; `None` = unlimited.
    #[serde(default)]
    pub limit: Option<f64>,
    /// `None` when unlimited.
    #[serde(default)]
    pub limit_remaining: Option<f64>,
    /// `None` = the limit never resets.
    #[serde(default)]
    pub limit_reset: Option<LimitReset>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub include_byok_in_limit: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub usage: f64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub usage_daily: f64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub usage_weekly: f64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub usage_monthly: f64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub byok_usage: f64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub byok_usage_daily: f64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub byok_usage_weekly: f64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub byok_usage_monthly: f64,
    /// Required by the contract, but `None` if the server sends something
    /// unparseable.
    #[serde(default, deserialize_with = "time::lenient")]
    pub created_at: Option<DateTime<Utc>>,
    /// `None` until the first update (at least in the create example).
    #[serde(default, deserialize_with = "time::lenient")]
    pub updated_at: Option<DateTime<Utc>>,
    /// `None` = never expires.
    #[serde(default, deserialize_with = "time::lenient")]
    pub expires_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub creator_user_id: Option<String>,
    /// Non-null per contract; `None` only if an older server omits it.
    #[serde(default)]
    pub workspace_id: Option<String>,
    /// Partner's end-user identifier (newer servers only).
    #[serde(default)]
    pub external_user: Option<String>,
    /// Newest servers only.
    #[serde(default, deserialize_with = "time::lenient")]
    pub last_used_at: Option<DateTime<Utc>>,
}

/// When a key's spending limit resets. The API reads only `daily`, `weekly`
/// and `monthly`; anything else it returns is kept verbatim in `Other`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LimitReset {
    Daily,
    Weekly,
    Monthly,
    Other(String),
}

impl LimitReset {
    /// The wire text (`"daily"`, …).
    pub fn as_str(&self) -> &str {
        match self {
            LimitReset::Daily => "daily",
            LimitReset::Weekly => "weekly",
            LimitReset::Monthly => "monthly",
            LimitReset::Other(s) => s,
        }
    }

    /// Reads wire text; case-insensitive for the known values.
    pub fn from_wire(text: &str) -> LimitReset {
        match text.to_ascii_lowercase().as_str() {
            "daily" => LimitReset::Daily,
            "weekly" => LimitReset::Weekly,
            "monthly" => LimitReset::Monthly,
            _ => LimitReset::Other(text.to_string()),
        }
    }
}

impl fmt::Display for LimitReset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for LimitReset {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for LimitReset {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<LimitReset, D::Error> {
        Ok(LimitReset::from_wire(&String::deserialize(d)?))
    }
}

/// Body of `POST /keys`. Absent options are left out of the JSON so the
/// server applies its defaults.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewKey {
    /// Must not be empty (the server answers 400).
    pub name: String,
    /// `None` = unlimited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<Usd>,
    /// `None` = never resets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit_reset: Option<LimitReset>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_byok_in_limit: Option<bool>,
    /// Sent as `YYYY-MM-DDTHH:MM:SSZ`; sub-second parts are truncated.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "time::serialize_expiry"
    )]
    pub expires_at: Option<DateTime<Utc>>,
    /// `None` = the account's default workspace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace_id: Option<String>,
}

impl NewKey {
    /// A key with only a name: unlimited, no reset, no expiry.
    pub fn named(name: impl Into<String>) -> NewKey {
        NewKey {
            name: name.into(),
            limit: None,
            limit_reset: None,
            include_byok_in_limit: None,
            expires_at: None,
            workspace_id: None,
        }
    }
}

/// The result of creating a key: its description and the key string, which
/// OpenRouter shows only this once. The secret is redacted in `Debug` and
/// wiped from memory when dropped.
#[derive(Clone, Debug)]
pub struct CreatedKey {
    pub key: Key,
    pub secret: SecretString,
}

/// Wire shape of the 201 response: the new key string `key` is a sibling of
/// `data`, and this is the only response that ever carries it.
#[derive(Deserialize)]
pub(crate) struct CreateResponse {
    pub data: Key,
    #[serde(deserialize_with = "secret_string")]
    pub key: SecretString,
}

fn secret_string<'de, D: Deserializer<'de>>(d: D) -> Result<SecretString, D::Error> {
    // No `secrecy/serde` feature: one private String, moved straight in.
    Ok(SecretString::from(String::deserialize(d)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Timelike};

    #[test]
    fn limit_reset_round_trips_and_keeps_unknowns() {
        for (wire, value) in [
            ("daily", LimitReset::Daily),
            ("weekly", LimitReset::Weekly),
            ("monthly", LimitReset::Monthly),
            ("yearly", LimitReset::Other("yearly".into())),
        ] {
            let json = format!("\"{wire}\"");
            assert_eq!(serde_json::from_str::<LimitReset>(&json).unwrap(), value);
            assert_eq!(serde_json::to_string(&value).unwrap(), json);
        }
        assert_eq!(LimitReset::from_wire("Monthly"), LimitReset::Monthly);
    }

    #[test]
    fn key_tolerates_missing_null_and_unknown_fields() {
        let key: Key = serde_json::from_str(
            r#"{"hash":"abc","name":null,"usage":null,"created_at":"not a date",
                "brand_new_field":{"x":1},"limit_reset":"fortnightly"}"#,
        )
        .unwrap();
        assert_eq!(key.hash, "abc");
        assert_eq!(key.name, "");
        assert_eq!(key.usage, 0.0);
        assert_eq!(key.created_at, None);
        assert_eq!(key.limit, None);
        assert_eq!(
            key.limit_reset,
            Some(LimitReset::Other("fortnightly".into()))
        );
        assert!(serde_json::from_str::<Key>(r#"{"name":"no hash"}"#).is_err());
    }

    #[test]
    fn new_key_minimal_and_full_bodies() {
        assert_eq!(
            serde_json::to_string(&NewKey::named("ci")).unwrap(),
            r#"{"name":"ci"}"#
        );
        let at = Utc
            .with_ymd_and_hms(2026, 12, 1, 0, 0, 0)
            .unwrap()
            .with_nanosecond(123_456_789)
            .unwrap();
        let full = NewKey {
            name: "ci".into(),
            limit: Some(Usd::parse("12.50").unwrap()),
            limit_reset: Some(LimitReset::Monthly),
            include_byok_in_limit: Some(true),
            expires_at: Some(at),
            workspace_id: Some("ws".into()),
        };
        assert_eq!(
            serde_json::to_string(&full).unwrap(),
            r#"{"name":"ci","limit":12.5,"limit_reset":"monthly","include_byok_in_limit":true,"expires_at":"2026-12-01T00:00:00Z","workspace_id":"ws"}"#
        );
    }
}
