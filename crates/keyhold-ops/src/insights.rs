//! Where the money goes: `/activity` rows turned into a 30-day daily spend
//! history per model, the burn rate of the last week, the runway the credits
//! balance gives at that rate, and the last day a key spent anything.
//!
//! Amounts stay exact decimals here; only the app turns them into display
//! numbers. Spend means OpenRouter credits (`usage`); BYOK spend is paid to
//! the person's own providers and is kept apart.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use openrouter_client::{ActivityItem, Decimal};

/// Completed UTC days `/activity` covers, ending yesterday.
pub const HISTORY_DAYS: u64 = 30;

/// Completed days the burn rate averages over.
pub const BURN_DAYS: u64 = 7;

/// What a row without a model name is shown as.
pub const UNKNOWN_MODEL: &str = "Unknown model";

/// The oldest and newest day `/activity` reports as of `today` (UTC).
pub fn history_range(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (today - Days::new(HISTORY_DAYS), today - Days::new(1))
}

/// One model's totals over the whole history.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModelTotals {
    pub model: String,
    pub usage: Decimal,
    pub byok_usage: Decimal,
    pub requests: u64,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub reasoning_tokens: u64,
}

/// One UTC day: its credit spend, split by model (highest first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DaySpend {
    pub date: NaiveDate,
    pub total: Decimal,
    pub by_model: Vec<(String, Decimal)>,
}

/// Every day of the history, oldest first (days without spend included, at
/// zero), and every model, highest credit spend first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpendHistory {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub days: Vec<DaySpend>,
    pub models: Vec<ModelTotals>,
}

/// How long the balance lasts at the burn rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runway {
    /// Nothing spent in the last week: the balance is not being used up.
    NoSpend,
    /// No credits left (or less than nothing).
    NoCredits,
    /// Whole days the balance covers at this rate (rounded down).
    Days(u64),
}

/// Sums `rows` per day and model. Rows outside the history range of `today`
/// are ignored (the API never sends them; a clock change could).
pub fn summarize(rows: &[ActivityItem], today: NaiveDate) -> SpendHistory {
    let (first_day, last_day) = history_range(today);
    let mut per_day: BTreeMap<NaiveDate, BTreeMap<&str, Decimal>> = BTreeMap::new();
    let mut per_model: BTreeMap<&str, ModelTotals> = BTreeMap::new();
    for r in rows
        .iter()
        .filter(|r| (first_day..=last_day).contains(&r.date))
    {
        let model = model_name(r);
        *per_day.entry(r.date).or_default().entry(model).or_default() += r.usage;
        let t = per_model.entry(model).or_insert_with(|| ModelTotals {
            model: model.to_string(),
            ..ModelTotals::default()
        });
        t.usage += r.usage;
        t.byok_usage += r.byok_usage_inference;
        t.requests += r.requests;
        t.prompt_tokens += r.prompt_tokens;
        t.completion_tokens += r.completion_tokens;
        t.reasoning_tokens += r.reasoning_tokens;
    }
    let days = first_day
        .iter_days()
        .take_while(|d| *d <= last_day)
        .map(|date| {
            let mut by_model: Vec<(String, Decimal)> = per_day
                .get(&date)
                .into_iter()
                .flatten()
                .filter(|(_, v)| !v.is_zero())
                .map(|(m, v)| (m.to_string(), *v))
                .collect();
            by_model.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            DaySpend {
                date,
                total: by_model.iter().map(|(_, v)| *v).sum(),
                by_model,
            }
        })
        .collect();
    let mut models: Vec<ModelTotals> = per_model.into_values().collect();
    models.sort_by(|a, b| {
        b.usage
            .cmp(&a.usage)
            .then_with(|| b.requests.cmp(&a.requests))
            .then_with(|| a.model.cmp(&b.model))
    });
    SpendHistory {
        first_day,
        last_day,
        days,
        models,
    }
}

fn model_name(r: &ActivityItem) -> &str {
    let m = r.model.trim();
    if m.is_empty() {
        UNKNOWN_MODEL
    } else {
        m
    }
}

impl SpendHistory {
    /// Credit spend over the whole history.
    pub fn total(&self) -> Decimal {
        self.days.iter().map(|d| d.total).sum()
    }

    /// Credit spend on the days from `from` to `to`, both included.
    pub fn total_between(&self, from: NaiveDate, to: NaiveDate) -> Decimal {
        self.days
            .iter()
            .filter(|d| (from..=to).contains(&d.date))
            .map(|d| d.total)
            .sum()
    }

    /// Average daily credit spend over the last [`BURN_DAYS`] completed days
    /// (idle days count as zero, so a quiet week lowers the rate).
    pub fn burn_rate(&self) -> Decimal {
        let from = self.last_day - Days::new(BURN_DAYS - 1);
        self.total_between(from, self.last_day) / Decimal::from(BURN_DAYS)
    }

    /// The last day with credit spend the history can see; `None` = nothing
    /// in the last 30 completed days.
    pub fn last_active(&self) -> Option<NaiveDate> {
        self.days
            .iter()
            .rev()
            .find(|d| !d.total.is_zero())
            .map(|d| d.date)
    }
}

/// Whole days `balance` lasts at `burn_rate` a day.
pub fn runway(balance: Decimal, burn_rate: Decimal) -> Runway {
    if balance <= Decimal::ZERO {
        Runway::NoCredits
    } else if burn_rate <= Decimal::ZERO {
        Runway::NoSpend
    } else {
        let days = (balance / burn_rate).floor();
        Runway::Days(u64::try_from(days).unwrap_or(u64::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn usd(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn row(date: &str, model: &str, usage: &str, requests: u64) -> ActivityItem {
        ActivityItem {
            date: d(date),
            model: model.into(),
            model_permaslug: String::new(),
            endpoint_id: String::new(),
            provider_name: String::new(),
            usage: usd(usage),
            byok_usage_inference: Decimal::ZERO,
            requests,
            prompt_tokens: requests * 10,
            completion_tokens: requests * 20,
            reasoning_tokens: 0,
            workspace_id: None,
        }
    }

    #[test]
    fn days_are_the_30_completed_ones_with_exact_sums_per_model() {
        let today = d("2026-03-10");
        let rows = [
            row("2026-03-09", "openai/gpt-4.1", "0.1", 1),
            // Two endpoints of one model on one day add up.
            row("2026-03-09", "openai/gpt-4.1", "0.2", 2),
            row("2026-03-09", "anthropic/claude", "0.05", 1),
            row("2026-02-08", "", "1.000001", 4),
            // Outside the window: today, and 31 days ago.
            row("2026-03-10", "openai/gpt-4.1", "9", 1),
            row("2026-02-07", "openai/gpt-4.1", "9", 1),
        ];
        let h = summarize(&rows, today);
        assert_eq!(h.days.len(), 30);
        assert_eq!(
            (h.first_day, h.last_day),
            (d("2026-02-08"), d("2026-03-09"))
        );
        assert_eq!(h.days[0].date, h.first_day);
        assert_eq!(h.days[29].date, h.last_day);
        let last = &h.days[29];
        assert_eq!(last.total, usd("0.35"));
        assert_eq!(
            last.by_model,
            vec![
                ("openai/gpt-4.1".to_string(), usd("0.3")),
                ("anthropic/claude".to_string(), usd("0.05"))
            ]
        );
        assert_eq!(
            h.days[0].by_model,
            vec![(UNKNOWN_MODEL.to_string(), usd("1.000001"))]
        );
        assert!(h.days[1].by_model.is_empty() && h.days[1].total.is_zero());
        assert_eq!(h.total(), usd("1.350001"));
        // Top models: highest spend first, with their requests and tokens.
        let names: Vec<&str> = h.models.iter().map(|m| m.model.as_str()).collect();
        assert_eq!(names, [UNKNOWN_MODEL, "openai/gpt-4.1", "anthropic/claude"]);
        assert_eq!(h.models[1].requests, 3);
        assert_eq!(h.models[1].completion_tokens, 60);
    }

    #[test]
    fn burn_rate_averages_the_last_seven_completed_days_idle_ones_included() {
        let today = d("2026-03-10");
        let rows = [
            row("2026-03-09", "m", "7", 1),
            row("2026-03-03", "m", "0.7", 1),
            // Eight days ago: outside the week.
            row("2026-03-02", "m", "100", 1),
        ];
        let h = summarize(&rows, today);
        assert_eq!(h.burn_rate(), usd("1.1"));
        assert_eq!(h.last_active(), Some(d("2026-03-09")));
        assert_eq!(summarize(&[], today).burn_rate(), Decimal::ZERO);
        assert_eq!(summarize(&[], today).last_active(), None);
        let old = summarize(&[row("2026-02-10", "m", "1", 1)], today);
        assert_eq!(old.last_active(), Some(d("2026-02-10")));
        assert_eq!(old.burn_rate(), Decimal::ZERO);
    }

    #[test]
    fn runway_is_whole_days_and_says_when_nothing_is_spent() {
        assert_eq!(runway(usd("100"), usd("3")), Runway::Days(33));
        assert_eq!(runway(usd("100"), usd("0.5")), Runway::Days(200));
        assert_eq!(runway(usd("0.01"), usd("3")), Runway::Days(0));
        assert_eq!(runway(usd("100"), Decimal::ZERO), Runway::NoSpend);
        assert_eq!(runway(Decimal::ZERO, usd("3")), Runway::NoCredits);
        assert_eq!(runway(usd("-2"), Decimal::ZERO), Runway::NoCredits);
    }
}
