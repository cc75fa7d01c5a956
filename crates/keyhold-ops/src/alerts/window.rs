//! The calendar window a key's limit counts in, as OpenRouter resets it:
//! UTC days, weeks from Monday, months from the 1st. A warning belongs to
//! one window, so a new window may warn again.

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, TimeZone, Utc};
use openrouter_client::LimitReset;

/// The window `now` falls in: an identifier and when it ends (the next
/// reset), or `None` for a limit that never resets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// `2026-12-03` (day), `week-2026-11-30` (week of that Monday),
    /// `2026-12` (month) or `all` (never resets).
    pub id: String,
    pub resets_at: Option<DateTime<Utc>>,
}

pub fn current(reset: Option<&LimitReset>, now: DateTime<Utc>) -> Window {
    let today = now.date_naive();
    let (id, next) = match reset {
        Some(LimitReset::Daily) => (today.to_string(), today.checked_add_days(Days::new(1))),
        Some(LimitReset::Weekly) => {
            let monday =
                today - chrono::Duration::days(today.weekday().num_days_from_monday() as i64);
            (
                format!("week-{monday}"),
                monday.checked_add_days(Days::new(7)),
            )
        }
        Some(LimitReset::Monthly) => {
            let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today);
            (
                format!("{:04}-{:02}", today.year(), today.month()),
                first.checked_add_months(Months::new(1)),
            )
        }
        // No reset, or one OpenRouter does not document: count all time.
        _ => ("all".to_string(), None),
    };
    Window {
        id,
        resets_at: next
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| Utc.from_utc_datetime(&t)),
    }
}

/// How a person reads the reset rule, in UTC.
pub fn reset_rule(reset: Option<&LimitReset>) -> &'static str {
    match reset {
        Some(LimitReset::Daily) => "daily limits reset at 00:00 UTC",
        Some(LimitReset::Weekly) => "weekly limits reset on Monday at 00:00 UTC",
        Some(LimitReset::Monthly) => "monthly limits reset on the 1st at 00:00 UTC",
        _ => "this limit never resets",
    }
}

/// The adjective for the limit's window.
pub fn period_word(reset: Option<&LimitReset>) -> &'static str {
    match reset {
        Some(LimitReset::Daily) => "daily ",
        Some(LimitReset::Weekly) => "weekly ",
        Some(LimitReset::Monthly) => "monthly ",
        _ => "",
    }
}
