//! Spend history: what each key spent per UTC day and model endpoint. Both a
//! key's usage windows (`usage_daily/weekly/monthly`, lifetime `usage`, and the
//! BYOK twins) and `GET /activity` are read from it, so they always agree.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rand::rngs::StdRng;
use rand::Rng;

use crate::endpoints::BYOK_ENDPOINT;
pub(crate) use crate::endpoints::{endpoint_id, ENDPOINTS};
use crate::model::{LimitReset, Usage};

/// Days of history seeded before "today": enough for `/activity`'s 30 days
/// plus the longest calendar month, with room to spare.
pub(crate) const HISTORY_DAYS: i64 = 90;

/// USD amounts are kept in millionths of a dollar so that every sum (windows,
/// activity rows, totals) is exact and adds up to the same figure.
pub(crate) type Micros = i64;

pub(crate) fn to_micros(usd: f64) -> Micros {
    (usd * 1e6).round() as Micros
}

pub(crate) fn usd(m: Micros) -> f64 {
    m as f64 / 1e6
}

/// One key's spend on one endpoint during one UTC day.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct DayRow {
    pub endpoint: usize,
    pub usage: Micros,
    pub byok: Micros,
    pub requests: u64,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub reasoning_tokens: u64,
}

impl DayRow {
    /// Adds `amount` of spend with requests and tokens that the endpoint's
    /// prices make plausible; `avg_prompt` is the typical prompt size.
    fn add(&mut self, amount: Micros, byok: bool, avg_prompt: u64) {
        if byok {
            self.byok += amount;
        } else {
            self.usage += amount;
        }
        if amount <= 0 {
            return;
        }
        let e = &ENDPOINTS[self.endpoint];
        // Completions run at a quarter of the prompt; reasoning models think
        // half as much again as they answer.
        let reasoning_share = if e.reasoning { 0.5 } else { 0.0 };
        let per_prompt_token =
            (e.prompt_price + 0.25 * (1.0 + reasoning_share) * e.completion_price) / 1e6;
        let prompt = (usd(amount) / per_prompt_token).round().max(1.0) as u64;
        let completion = (prompt as f64 * 0.25).round() as u64;
        self.prompt_tokens += prompt;
        self.completion_tokens += completion;
        self.reasoning_tokens += (completion as f64 * reasoning_share).round() as u64;
        self.requests += (prompt / avg_prompt.max(1)).max(1);
    }
}

/// A key's spend: per-day rows of the last [`HISTORY_DAYS`] (and whatever
/// was added since), plus lump sums for the time before that.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct SpendHistory {
    pub earlier_usage: Micros,
    pub earlier_byok: Micros,
    pub days: BTreeMap<NaiveDate, Vec<DayRow>>,
    /// The key's usual endpoints, most used first.
    pub endpoints: Vec<usize>,
    /// Typical prompt tokens per request for this key.
    pub avg_prompt: u64,
}

pub(crate) fn week_start(today: NaiveDate) -> NaiveDate {
    today - chrono::Days::new(u64::from(today.weekday().num_days_from_monday()))
}

pub(crate) fn month_start(today: NaiveDate) -> NaiveDate {
    today.with_day(1).unwrap_or(today)
}

impl SpendHistory {
    /// The usage windows as of `today` (UTC): the day, the Monday–Sunday week,
    /// the month from the 1st, and lifetime. Days after `today` (the clock was
    /// set back) do not count.
    pub(crate) fn usage(&self, today: NaiveDate) -> Usage {
        let (week, month) = (week_start(today), month_start(today));
        let mut m = [0 as Micros; 8];
        m[0] = self.earlier_usage;
        m[4] = self.earlier_byok;
        for (day, rows) in self.days.range(..=today) {
            for r in rows {
                let windows = [true, *day == today, *day >= week, *day >= month];
                for (i, inside) in windows.into_iter().enumerate() {
                    if inside {
                        m[i] += r.usage;
                        m[4 + i] += r.byok;
                    }
                }
            }
        }
        Usage {
            total: usd(m[0]),
            daily: usd(m[1]),
            weekly: usd(m[2]),
            monthly: usd(m[3]),
            byok_total: usd(m[4]),
            byok_daily: usd(m[5]),
            byok_weekly: usd(m[6]),
            byok_monthly: usd(m[7]),
        }
    }

    /// Lifetime credit (non-BYOK) spend.
    pub(crate) fn total_usage(&self) -> Micros {
        self.earlier_usage
            + self
                .days
                .values()
                .flatten()
                .map(|r| r.usage)
                .sum::<Micros>()
    }

    /// Spend added now (control API): lands on `day` on the key's main endpoint.
    pub(crate) fn add(&mut self, day: NaiveDate, amount: Micros, byok: bool) {
        let endpoint = if byok {
            BYOK_ENDPOINT
        } else {
            self.endpoints.first().copied().unwrap_or(0)
        };
        let avg = self.avg_prompt;
        self.row(day, endpoint).add(amount, byok, avg);
    }

    fn row(&mut self, day: NaiveDate, endpoint: usize) -> &mut DayRow {
        let rows = self.days.entry(day).or_default();
        let i = match rows.iter().position(|r| r.endpoint == endpoint) {
            Some(i) => i,
            None => {
                rows.push(DayRow {
                    endpoint,
                    ..DayRow::default()
                });
                rows.len() - 1
            }
        };
        &mut rows[i]
    }

    /// The last day with any spend, up to `today`.
    pub(crate) fn last_active_day(&self, today: NaiveDate) -> Option<NaiveDate> {
        self.days
            .range(..=today)
            .rev()
            .find(|(_, rows)| rows.iter().any(|r| r.usage != 0 || r.byok != 0))
            .map(|(d, _)| *d)
    }
}

/// What a seeded key's history must look like.
pub(crate) struct Plan {
    /// Days the key could spend on: from creation (or the start of the
    /// history) to today, or to when it expired or was disabled.
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub today: NaiveDate,
    /// Whole days the key existed before the seeded history starts.
    pub days_before_history: i64,
    /// The window whose figure must equal the target; `None` = lifetime.
    pub window: Option<LimitReset>,
    pub target: Micros,
    pub byok_target: Micros,
}

/// Seeds a key's history so that its usage in `plan.window` is exactly
/// `plan.target` (and its BYOK usage in that window exactly `byok_target`),
/// with weekday rhythm, idle days and a few favourite models.
pub(crate) fn seed(rng: &mut StdRng, plan: &Plan) -> SpendHistory {
    let (endpoints, weights) = draw_endpoints(rng);
    let mut history = SpendHistory {
        endpoints,
        avg_prompt: rng.random_range(800..6_000),
        ..SpendHistory::default()
    };
    let days = days_between(plan.first_day, plan.last_day);
    let day_weights = draw_day_weights(rng, &days);

    for byok in [false, true] {
        let target = if byok { plan.byok_target } else { plan.target };
        let (amounts, earlier) = daily_amounts(rng, plan, &days, &day_weights, target, byok);
        if byok {
            history.earlier_byok = earlier;
        } else {
            history.earlier_usage = earlier;
        }
        for (day, amount) in days.iter().zip(amounts) {
            if amount <= 0 {
                continue;
            }
            if byok {
                let avg = history.avg_prompt;
                history.row(*day, BYOK_ENDPOINT).add(amount, true, avg);
            } else {
                split_over_endpoints(&mut history, rng, *day, amount, &weights);
            }
        }
    }
    history
}

/// One to three favourite endpoints and their weights, the first favoured.
fn draw_endpoints(rng: &mut StdRng) -> (Vec<usize>, Vec<f64>) {
    let mut endpoints: Vec<usize> = Vec::new();
    for _ in 0..rng.random_range(1..=3) {
        let e = rng.random_range(0..ENDPOINTS.len());
        if !endpoints.contains(&e) {
            endpoints.push(e);
        }
    }
    let weights: Vec<f64> = (0..endpoints.len())
        .map(|i| rng.random_range(0.5..1.5) / (i + 1) as f64)
        .collect();
    (endpoints, weights)
}

/// Every day from `first` to `last`, both included.
fn days_between(first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    let mut days = Vec::new();
    let mut d = first;
    while d <= last {
        days.push(d);
        match d.succ_opt() {
            Some(next) => d = next,
            None => break,
        }
    }
    days
}

/// How busy each day is: some days idle, weekends quieter.
fn draw_day_weights(rng: &mut StdRng, days: &[NaiveDate]) -> Vec<f64> {
    days.iter()
        .map(|d| {
            let weekend = d.weekday().num_days_from_monday() >= 5;
            if rng.random_bool(0.12) {
                0.0
            } else {
                rng.random_range(0.3..1.7) * if weekend { 0.35 } else { 1.0 }
            }
        })
        .collect()
}

/// Splits a day's credit spend over the key's endpoints; the rest goes to
/// the first.
fn split_over_endpoints(
    history: &mut SpendHistory,
    rng: &mut StdRng,
    day: NaiveDate,
    amount: Micros,
    weights: &[f64],
) {
    let total_w: f64 = weights.iter().sum();
    let mut left = amount;
    for (i, e) in history.endpoints.clone().into_iter().enumerate().rev() {
        let share = if i == 0 {
            left
        } else {
            ((amount as f64) * weights[i] / total_w * rng.random_range(0.6..1.4)) as Micros
        };
        let share = share.min(left);
        left -= share;
        if share > 0 {
            let avg = history.avg_prompt;
            history.row(day, e).add(share, false, avg);
        }
    }
}

/// The first day of the plan's window as of its `today`; lifetime has none.
fn window_start(plan: &Plan) -> NaiveDate {
    match plan.window {
        Some(LimitReset::Daily) => plan.today,
        Some(LimitReset::Weekly) => week_start(plan.today),
        Some(LimitReset::Monthly) => month_start(plan.today),
        None => NaiveDate::MIN,
    }
}

/// Per-day amounts summing to exactly `target` over the window, days outside
/// it at the same rate, and the lump before the history.
fn daily_amounts(
    rng: &mut StdRng,
    plan: &Plan,
    days: &[NaiveDate],
    weights: &[f64],
    target: Micros,
    byok: bool,
) -> (Vec<Micros>, Micros) {
    let start = window_start(plan);
    let mut weights = weights.to_vec();
    let in_window: Vec<usize> = (0..days.len()).filter(|&i| days[i] >= start).collect();
    if target > 0 && !in_window.is_empty() && in_window.iter().all(|&i| weights[i] == 0.0) {
        // The window must show the target: the latest day in it was busy.
        weights[*in_window.last().unwrap_or(&0)] = 1.0;
    }
    let in_sum: f64 = in_window.iter().map(|&i| weights[i]).sum();
    let lifetime = plan.window.is_none();
    // A lifetime target also covers the time before the history.
    let share_in_history = if lifetime && plan.days_before_history > 0 {
        rng.random_range(0.25..0.9)
    } else {
        1.0
    };
    let in_target = (target as f64 * share_in_history) as Micros;
    let mut amounts = spread_in_window(&in_window, &weights, in_sum, in_target, days.len());
    let rate = if in_sum > 0.0 && in_target > 0 {
        in_target as f64 / in_sum
    } else if byok {
        0.0
    } else {
        rng.random_range(0.0..4.0) * 1e6
    };
    for i in 0..days.len() {
        if days[i] < start {
            amounts[i] = (rate * weights[i]) as Micros;
        }
    }
    let earlier = if lifetime {
        target - in_target
    } else {
        (rate * 0.6 * plan.days_before_history as f64 * rng.random_range(0.3..1.0)) as Micros
    };
    (amounts, earlier.max(0))
}

/// `in_target` shared over the window's days by weight, exactly: rounding
/// leftovers go to the last busy day of the window.
fn spread_in_window(
    in_window: &[usize],
    weights: &[f64],
    in_sum: f64,
    in_target: Micros,
    day_count: usize,
) -> Vec<Micros> {
    let mut amounts = vec![0 as Micros; day_count];
    if in_sum > 0.0 && in_target > 0 {
        let mut given = 0;
        for &i in in_window {
            let a = (in_target as f64 * weights[i] / in_sum) as Micros;
            amounts[i] = a;
            given += a;
        }
        if let Some(&last) = in_window.iter().rev().find(|&&i| weights[i] > 0.0) {
            amounts[last] += in_target - given;
        }
    }
    amounts
}

#[cfg(test)]
mod tests;
