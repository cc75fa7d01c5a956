//! Whether a limit change stops a working key at once: a key that has
//! already spent its (new) limit in the (new) window is refused by OpenRouter
//! from the next request on. People must be told before, not after.

use openrouter_client::{Key, LimitReset};

use crate::diff::Change;

/// The spend counted against a limit that resets every `reset` (never: all
/// time), BYOK spend included when the key counts it.
pub fn window_spend(key: &Key, reset: Option<&LimitReset>, byok_in_limit: bool) -> f64 {
    let (usage, byok) = match reset.map(LimitReset::as_str) {
        Some("daily") => (key.usage_daily, key.byok_usage_daily),
        Some("weekly") => (key.usage_weekly, key.byok_usage_weekly),
        Some("monthly") => (key.usage_monthly, key.byok_usage_monthly),
        _ => (key.usage, key.byok_usage),
    };
    if byok_in_limit {
        usage + byok
    } else {
        usage
    }
}

/// A limit with its window, as a key has it or as a change would leave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cap {
    pub limit: Option<f64>,
    pub reset: Option<LimitReset>,
    pub byok_in_limit: bool,
}

impl Cap {
    pub fn of(key: &Key) -> Cap {
        Cap {
            limit: key.limit,
            reset: key.limit_reset.clone(),
            byok_in_limit: key.include_byok_in_limit,
        }
    }

    /// This cap after `change` (changes that touch no limit leave it as is).
    pub fn after(&self, change: &Change) -> Cap {
        let mut cap = self.clone();
        match change {
            Change::SetLimit(usd) => cap.limit = Some(usd.to_f64()),
            Change::SetLimitAndReset(usd, reset) => {
                cap.limit = Some(usd.to_f64());
                cap.reset = reset.clone();
            }
            Change::ClearLimit => cap.limit = None,
            Change::SetReset(reset) => cap.reset = reset.clone(),
            Change::SetByok(include) => cap.byok_in_limit = *include,
            Change::Disable | Change::Enable | Change::Delete => {}
        }
        cap
    }

    /// The spend this cap counts on `key`, and whether that reaches the limit.
    pub fn reached(&self, key: &Key) -> (f64, bool) {
        let spent = window_spend(key, self.reset.as_ref(), self.byok_in_limit);
        let reached = self.limit.is_some_and(|limit| spent + 0.000_5 >= limit);
        (spent, reached)
    }
}

/// What a change does to a key's ability to spend.
#[derive(Debug, Clone, PartialEq)]
pub struct StopCheck {
    /// Spend in the window of the limit after the change.
    pub window_spend: f64,
    /// The key works now and would be refused at once after the change.
    pub stops_key: bool,
}

/// Checks `change` on `key`: does it stop a key that works today?
pub fn check(key: &Key, change: &Change) -> StopCheck {
    let before = Cap::of(key);
    let after = before.after(change);
    let (_, reached_before) = before.reached(key);
    let (window_spend, reached_after) = after.reached(key);
    let works_now = !key.disabled && !reached_before;
    StopCheck {
        window_spend,
        stops_key: works_now
            && reached_after
            && !matches!(change, Change::Delete | Change::Disable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use openrouter_client::Usd;

    fn key(limit: Option<f64>, reset: Option<&str>) -> Key {
        serde_json::from_value(serde_json::json!({
            "hash": "h", "name": "Prod", "label": "sk-or-v1-abc...def",
            "disabled": false, "limit": limit, "limit_remaining": null,
            "limit_reset": reset, "include_byok_in_limit": false,
            "usage": 120.0, "usage_daily": 2.0, "usage_weekly": 9.5, "usage_monthly": 37.4,
            "byok_usage": 10.0, "byok_usage_daily": 1.0, "byok_usage_weekly": 1.0, "byok_usage_monthly": 5.0,
            "created_at": "2026-11-01T00:00:00Z", "updated_at": null,
            "expires_at": null, "creator_user_id": null,
            "workspace_id": null, "external_user": null
        }))
        .unwrap()
    }

    fn usd(text: &str) -> Usd {
        Usd::parse(text).unwrap()
    }

    #[test]
    fn twenty_a_month_stops_a_key_that_spent_more_this_month() {
        let k = key(None, None);
        let c = check(
            &k,
            &Change::SetLimitAndReset(usd("20"), Some(LimitReset::Monthly)),
        );
        assert!(c.stops_key);
        assert_eq!(c.window_spend, 37.4);
        let fine = check(
            &k,
            &Change::SetLimitAndReset(usd("50"), Some(LimitReset::Monthly)),
        );
        assert!(!fine.stops_key);
    }

    #[test]
    fn a_limit_equal_to_the_spend_stops_too() {
        let k = key(None, Some("weekly"));
        assert!(check(&k, &Change::SetLimit(usd("9.50"))).stops_key);
        assert!(!check(&k, &Change::SetLimit(usd("9.51"))).stops_key);
    }

    #[test]
    fn dropping_the_reset_counts_all_time_spend() {
        let k = key(Some(50.0), Some("monthly"));
        let c = check(&k, &Change::SetReset(None));
        assert_eq!(c.window_spend, 120.0);
        assert!(c.stops_key);
    }

    #[test]
    fn counting_byok_can_stop_a_key() {
        let k = key(Some(40.0), Some("monthly"));
        assert!(check(&k, &Change::SetByok(true)).stops_key);
    }

    #[test]
    fn a_key_already_stopped_or_disabled_is_not_stopped_again() {
        let over = key(Some(10.0), Some("monthly"));
        assert!(!check(&over, &Change::SetLimit(usd("5"))).stops_key);
        let mut off = key(None, None);
        off.disabled = true;
        assert!(!check(&off, &Change::SetLimit(usd("1"))).stops_key);
        assert!(!check(&key(None, None), &Change::Disable).stops_key);
    }
}
