//! `PATCH /keys/{hash}` bodies, with tri-state fields.
//!
//! A plain `Option` cannot say "set the limit to unlimited": that is an
//! explicit `"limit": null`, different from leaving `limit` out (which keeps
//! the current limit).

use serde::{Serialize, Serializer};

use crate::money::Usd;
use crate::types::LimitReset;

/// One field of a partial update: leave it alone, set it to `null`, or set it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Patch<T> {
    /// Not sent at all.
    #[default]
    Leave,
    /// Sent as JSON `null`.
    Null,
    /// Sent as the value.
    Set(T),
}

impl<T> Patch<T> {
    /// `true` for [`Patch::Leave`]; used to skip the field when serializing.
    pub fn is_leave(&self) -> bool {
        matches!(self, Patch::Leave)
    }
}

impl<T> From<Option<T>> for Patch<T> {
    /// `Some(v)` → `Set(v)`, `None` → `Null` (an explicit choice of "none").
    fn from(value: Option<T>) -> Patch<T> {
        value.map_or(Patch::Null, Patch::Set)
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            // Only reached if a field forgot `skip_serializing_if`.
            Patch::Leave | Patch::Null => s.serialize_none(),
            Patch::Set(v) => v.serialize(s),
        }
    }
}

/// Body of `PATCH /keys/{hash}`. Every field defaults to "leave unchanged";
/// build one with the chained setters:
///
/// ```
/// use openrouter_client::{KeyPatch, LimitReset, Usd};
/// let body = KeyPatch::new().limit(Usd::parse("25").unwrap()).limit_reset(LimitReset::Weekly);
/// assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"limit":25,"limit_reset":"weekly"}"#);
/// let body = KeyPatch::new().unlimited().no_reset();
/// assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"limit":null,"limit_reset":null}"#);
/// ```
///
/// `expires_at` is absent on purpose: the API cannot change it after creation.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct KeyPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    /// `Null` = unlimited.
    #[serde(skip_serializing_if = "Patch::is_leave")]
    pub limit: Patch<Usd>,
    /// `Null` = never resets.
    #[serde(skip_serializing_if = "Patch::is_leave")]
    pub limit_reset: Patch<LimitReset>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_byok_in_limit: Option<bool>,
    /// Moves the key to another workspace (newest servers only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace_id: Option<String>,
}

impl KeyPatch {
    /// An empty patch (the server rejects an empty one with 400).
    pub fn new() -> KeyPatch {
        KeyPatch::default()
    }

    /// `true` when nothing would be sent.
    pub fn is_empty(&self) -> bool {
        self == &KeyPatch::default()
    }

    pub fn name(mut self, name: impl Into<String>) -> KeyPatch {
        self.name = Some(name.into());
        self
    }

    pub fn disabled(mut self, disabled: bool) -> KeyPatch {
        self.disabled = Some(disabled);
        self
    }

    /// Sets a spending limit.
    pub fn limit(mut self, limit: Usd) -> KeyPatch {
        self.limit = Patch::Set(limit);
        self
    }

    /// Removes the spending limit (`"limit": null`).
    pub fn unlimited(mut self) -> KeyPatch {
        self.limit = Patch::Null;
        self
    }

    pub fn limit_reset(mut self, reset: LimitReset) -> KeyPatch {
        self.limit_reset = Patch::Set(reset);
        self
    }

    /// Makes the limit never reset (`"limit_reset": null`).
    pub fn no_reset(mut self) -> KeyPatch {
        self.limit_reset = Patch::Null;
        self
    }

    pub fn include_byok_in_limit(mut self, include: bool) -> KeyPatch {
        self.include_byok_in_limit = Some(include);
        self
    }

    pub fn workspace_id(mut self, workspace_id: impl Into<String>) -> KeyPatch {
        self.workspace_id = Some(workspace_id.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(p: &KeyPatch) -> String {
        serde_json::to_string(p).unwrap()
    }

    #[test]
    fn tri_state_bodies_byte_for_byte() {
        let usd = |s| Usd::parse(s).unwrap();
        assert_eq!(json(&KeyPatch::new()), "{}");
        assert_eq!(json(&KeyPatch::new().unlimited()), r#"{"limit":null}"#);
        assert_eq!(json(&KeyPatch::new().no_reset()), r#"{"limit_reset":null}"#);
        assert_eq!(
            json(&KeyPatch::new().limit(usd("12.5"))),
            r#"{"limit":12.5}"#
        );
        assert_eq!(
            json(
                &KeyPatch::new()
                    .limit(usd("0.10"))
                    .limit_reset(LimitReset::Daily)
            ),
            r#"{"limit":0.1,"limit_reset":"daily"}"#
        );
        assert_eq!(
            json(
                &KeyPatch::new()
                    .name("n")
                    .disabled(true)
                    .include_byok_in_limit(false)
            ),
            r#"{"name":"n","disabled":true,"include_byok_in_limit":false}"#
        );
        assert_eq!(
            json(&KeyPatch {
                limit: Patch::from(None),
                limit_reset: Patch::from(Some(LimitReset::Monthly)),
                workspace_id: Some("w".into()),
                ..KeyPatch::default()
            }),
            r#"{"limit":null,"limit_reset":"monthly","workspace_id":"w"}"#
        );
    }

    #[test]
    fn emptiness() {
        assert!(KeyPatch::new().is_empty());
        assert!(!KeyPatch::new().unlimited().is_empty());
    }
}
