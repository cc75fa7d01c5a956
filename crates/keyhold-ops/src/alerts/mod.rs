//! Warnings before money or keys run out: the rules a person sets, which
//! of them hold for a snapshot of the account, and the memory that tells
//! each warning once. Window-free; the app runs the watch and shows them.

mod burn;
mod conditions;
mod engine;
mod rules;
pub mod window;

#[cfg(test)]
mod tests;

pub use burn::burn_per_day;
pub use conditions::{findings, Condition, Finding, Snapshot};
pub use engine::{Alert, Outcome, WatchState, HISTORY_MAX};
pub use rules::{AlertRules, CreditsRule, ExpiryRule, LimitRule};

use chrono::{DateTime, Utc};

/// Dollars as people read them: `$1,234.50`, `-$3.00`.
pub fn format_usd(usd: f64) -> String {
    let cents = (usd * 100.0).round() as i64;
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}${grouped}.{:02}", cents % 100)
}

/// A moment in UTC, short: `on 1 Jan 2027 at 00:00 UTC`. The app shows
/// local times; notifications state UTC so they are never ambiguous.
pub fn short_utc(at: DateTime<Utc>) -> String {
    at.format("on %-d %b %Y at %H:%M UTC").to_string()
}
