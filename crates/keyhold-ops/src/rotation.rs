//! Rotation planning: a replacement key with the old one's settings. Also
//! the honest answer to "change the expiry": OpenRouter
//! cannot change an expiry after creation, so a new expiry means a new key.

use chrono::{DateTime, Utc};
use openrouter_client::{Key, NewKey, Usd};
use rust_decimal::prelude::FromPrimitive;
use rust_decimal::Decimal;

use crate::InputError;

/// The replacement's expiry, already checked by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpiryPlan {
    Never,
    At(DateTime<Utc>),
    /// The old key's expiry (refused when it has passed).
    Keep,
}

/// The create request for a replacement of `old`: same name, limit, reset,
/// BYOK setting and workspace; expiry as chosen.
pub fn replacement(
    old: &Key,
    expiry: &ExpiryPlan,
    now: DateTime<Utc>,
) -> Result<NewKey, InputError> {
    let expires_at = match expiry {
        ExpiryPlan::Never => None,
        ExpiryPlan::At(at) => Some(*at),
        ExpiryPlan::Keep => match old.expires_at {
            Some(at) if at <= now => {
                return Err(InputError::new(
                    "expires_at",
                    "The old key has already expired, so its expiry cannot be kept. Choose a new expiry or none.",
                ))
            }
            other => other,
        },
    };
    let mut new = NewKey::named(old.name.clone());
    new.limit = old.limit.and_then(usd_from_api);
    new.limit_reset = old.limit_reset.clone();
    new.include_byok_in_limit = Some(old.include_byok_in_limit);
    new.expires_at = expires_at;
    new.workspace_id = old.workspace_id.clone();
    Ok(new)
}

/// A limit as the API reported it, rounded to cents for the new key.
fn usd_from_api(limit: f64) -> Option<Usd> {
    let d = Decimal::from_f64(limit)?.round_dp(2);
    Usd::try_from(d).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use openrouter_client::LimitReset;

    fn old_key(expires_at: Option<&str>) -> Key {
        let json = serde_json::json!({
            "hash": "abc", "name": "Billing bot", "label": "sk-or-v1-abc...def",
            "disabled": false, "limit": 25.5, "limit_remaining": 20.0,
            "limit_reset": "weekly", "include_byok_in_limit": true,
            "usage": 5.5, "usage_daily": 0, "usage_weekly": 5.5, "usage_monthly": 5.5,
            "byok_usage": 0, "byok_usage_daily": 0, "byok_usage_weekly": 0, "byok_usage_monthly": 0,
            "created_at": "2026-01-01T00:00:00Z", "updated_at": null,
            "expires_at": expires_at, "creator_user_id": null,
            "workspace_id": "ws-1", "external_user": null
        });
        serde_json::from_value(json).unwrap()
    }

    fn now() -> DateTime<Utc> {
        "2026-11-24T12:00:00Z".parse().unwrap()
    }

    #[test]
    fn replacement_copies_settings() {
        let new = replacement(
            &old_key(Some("2027-01-01T00:00:00Z")),
            &ExpiryPlan::Keep,
            now(),
        )
        .unwrap();
        assert_eq!(new.name, "Billing bot");
        assert_eq!(new.limit.unwrap().to_f64(), 25.5);
        assert_eq!(new.limit_reset, Some(LimitReset::Weekly));
        assert_eq!(new.include_byok_in_limit, Some(true));
        assert_eq!(new.workspace_id.as_deref(), Some("ws-1"));
        assert_eq!(
            new.expires_at.unwrap(),
            "2027-01-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
    }

    #[test]
    fn new_expiry_or_none() {
        let old = old_key(Some("2027-01-01T00:00:00Z"));
        let never = replacement(&old, &ExpiryPlan::Never, now()).unwrap();
        assert!(never.expires_at.is_none());
        let at = ExpiryPlan::At("2027-03-01T08:30:00Z".parse().unwrap());
        let moved = replacement(&old, &at, now()).unwrap();
        assert_eq!(
            moved.expires_at.unwrap().to_rfc3339(),
            "2027-03-01T08:30:00+00:00"
        );
    }

    #[test]
    fn an_expired_expiry_cannot_be_kept() {
        let old = old_key(Some("2026-11-01T00:00:00Z"));
        let err = replacement(&old, &ExpiryPlan::Keep, now()).unwrap_err();
        assert_eq!(err.field, "expires_at");
    }
}
