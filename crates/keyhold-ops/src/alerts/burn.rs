//! A cheap daily burn rate for the runway warning, from the key list the
//! watch reads anyway: this month's spend before today, over the days of
//! the month already over (UTC, as OpenRouter counts its windows).

use chrono::{DateTime, Datelike, Utc};
use openrouter_client::Key;

/// Average spend per completed day this month, or `None` on the 1st (no
/// completed day yet) or when nothing was spent. Keys deleted this month
/// are not in the list, so their spend is not counted.
pub fn burn_per_day(keys: &[Key], now: DateTime<Utc>) -> Option<f64> {
    let days_over = f64::from(now.day().checked_sub(1).filter(|d| *d > 0)?);
    let before_today: f64 = keys
        .iter()
        .map(|k| (k.usage_monthly - k.usage_daily).max(0.0))
        .sum();
    (before_today > 0.0).then(|| before_today / days_over)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn key(monthly: f64, daily: f64) -> Key {
        serde_json::from_value(serde_json::json!({
            "hash": "h", "name": "n", "label": "sk-or-v1-abc...def",
            "disabled": false, "limit": null, "limit_remaining": null,
            "limit_reset": null, "include_byok_in_limit": false,
            "usage": monthly, "usage_daily": daily, "usage_weekly": daily,
            "usage_monthly": monthly, "created_at": "2026-11-01T00:00:00Z"
        }))
        .unwrap()
    }

    #[test]
    fn todays_spend_is_left_out_and_the_rest_spread_over_the_days_over() {
        let now = Utc.with_ymd_and_hms(2026, 12, 11, 15, 0, 0).unwrap();
        // $100 spent on the 1st–10th, $40 of it today and on top of it.
        let keys = [key(70.0, 20.0), key(70.0, 20.0)];
        assert_eq!(burn_per_day(&keys, now), Some(10.0));
    }

    #[test]
    fn no_rate_on_the_first_or_without_spend() {
        let first = Utc.with_ymd_and_hms(2026, 12, 1, 15, 0, 0).unwrap();
        assert_eq!(burn_per_day(&[key(50.0, 50.0)], first), None);
        let later = Utc.with_ymd_and_hms(2026, 12, 9, 0, 0, 0).unwrap();
        assert_eq!(burn_per_day(&[key(5.0, 5.0)], later), None);
        assert_eq!(burn_per_day(&[], later), None);
    }
}
