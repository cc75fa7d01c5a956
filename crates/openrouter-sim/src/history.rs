//! Spend history: what each key spent per UTC day and model endpoint. Both a
//! key's usage windows (`usage_daily/weekly/monthly`, lifetime `usage`, and the
//! BYOK twins) and `GET /activity` are read from it, so they always agree.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rand::rngs::StdRng;
use rand::Rng;
use sha2::{Digest, Sha256};

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

/// A model served by one provider: one `endpoint_id` in `/activity`.
#[derive(Debug)]
pub(crate) struct Endpoint {
    pub model: &'static str,
    pub permaslug: &'static str,
    pub provider: &'static str,
    /// USD per million prompt / completion tokens.
    pub prompt_price: f64,
    pub completion_price: f64,
    pub reasoning: bool,
}

const fn ep(
    model: &'static str,
    permaslug: &'static str,
    provider: &'static str,
    prompt_price: f64,
    completion_price: f64,
    reasoning: bool,
) -> Endpoint {
    Endpoint {
        model,
        permaslug,
        provider,
        prompt_price,
        completion_price,
        reasoning,
    }
}

/// Popular endpoints with list prices of the time; the first is where spend
/// added through the control API lands when a key has no history.
pub(crate) const ENDPOINTS: &[Endpoint] = &[
    ep(
        "openai/gpt-4.1",
        "openai/gpt-4.1-2025-04-14",
        "OpenAI",
        2.0,
        8.0,
        false,
    ),
    ep(
        "openai/gpt-4.1-mini",
        "openai/gpt-4.1-mini-2025-04-14",
        "OpenAI",
        0.4,
        1.6,
        false,
    ),
    ep(
        "openai/o4-mini",
        "openai/o4-mini-2025-04-16",
        "OpenAI",
        1.1,
        4.4,
        true,
    ),
    ep(
        "anthropic/claude-sonnet-4",
        "anthropic/claude-4-sonnet-20250522",
        "Anthropic",
        3.0,
        15.0,
        false,
    ),
    ep(
        "anthropic/claude-sonnet-4",
        "anthropic/claude-4-sonnet-20250522",
        "Google Vertex",
        3.0,
        15.0,
        false,
    ),
    ep(
        "google/gemini-2.5-flash",
        "google/gemini-2.5-flash",
        "Google AI Studio",
        0.3,
        2.5,
        true,
    ),
    ep(
        "google/gemini-2.5-pro",
        "google/gemini-2.5-pro",
        "Google Vertex",
        1.25,
        10.0,
        true,
    ),
    ep(
        "meta-llama/llama-3.3-70b-instruct",
        "meta-llama/llama-3.3-70b-instruct",
        "DeepInfra",
        0.23,
        0.4,
        false,
    ),
    ep(
        "meta-llama/llama-4-maverick",
        "meta-llama/llama-4-maverick-17b-128e-instruct",
        "Together",
        0.27,
        0.85,
        false,
    ),
    ep(
        "deepseek/deepseek-r1",
        "deepseek/deepseek-r1",
        "DeepSeek",
        0.55,
        2.19,
        true,
    ),
    ep(
        "mistralai/mistral-small-3.2-24b-instruct",
        "mistralai/mistral-small-3.2-24b-instruct-2506",
        "Mistral",
        0.1,
        0.3,
        false,
    ),
];

/// Where BYOK spend runs: the customer's own Anthropic key.
const BYOK_ENDPOINT: usize = 3;

/// A stable uuid-shaped id per endpoint, the same on every run.
pub(crate) fn endpoint_id(index: usize) -> String {
    let e = &ENDPOINTS[index];
    let digest = Sha256::digest(format!("{}|{}", e.permaslug, e.provider));
    let h = hex::encode(&digest[..16]);
    format!(
        "{}-{}-4{}-8{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
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
    let mut history = SpendHistory {
        endpoints,
        avg_prompt: rng.random_range(800..6_000),
        ..SpendHistory::default()
    };

    let mut days = Vec::new();
    let mut d = plan.first_day;
    while d <= plan.last_day {
        days.push(d);
        match d.succ_opt() {
            Some(next) => d = next,
            None => break,
        }
    }
    let day_weights: Vec<f64> = days
        .iter()
        .map(|d| {
            let weekend = d.weekday().num_days_from_monday() >= 5;
            if rng.random_bool(0.12) {
                0.0
            } else {
                rng.random_range(0.3..1.7) * if weekend { 0.35 } else { 1.0 }
            }
        })
        .collect();

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
                continue;
            }
            // Split the day over the key's endpoints; the rest goes to the first.
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
                    history.row(*day, e).add(share, false, avg);
                }
            }
        }
    }
    history
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
    let start = match plan.window {
        Some(LimitReset::Daily) => plan.today,
        Some(LimitReset::Weekly) => week_start(plan.today),
        Some(LimitReset::Monthly) => month_start(plan.today),
        None => NaiveDate::MIN,
    };
    let mut weights = weights.to_vec();
    let in_window: Vec<usize> = (0..days.len()).filter(|&i| days[i] >= start).collect();
    if target > 0 && !in_window.is_empty() && in_window.iter().all(|&i| weights[i] == 0.0) {
        // The window must show the target: the latest day in it was busy.
        weights[*in_window.last().unwrap_or(&0)] = 1.0;
    }
    let in_sum: f64 = in_window.iter().map(|&i| weights[i]).sum();
    let mut amounts = vec![0 as Micros; days.len()];
    let lifetime = plan.window.is_none();
    // A lifetime target also covers the time before the history.
    let share_in_history = if lifetime && plan.days_before_history > 0 {
        rng.random_range(0.25..0.9)
    } else {
        1.0
    };
    let in_target = (target as f64 * share_in_history) as Micros;
    if in_sum > 0.0 && in_target > 0 {
        let mut given = 0;
        for &i in &in_window {
            let a = (in_target as f64 * weights[i] / in_sum) as Micros;
            amounts[i] = a;
            given += a;
        }
        // Rounding leftovers go to the last busy day of the window.
        if let Some(&last) = in_window.iter().rev().find(|&&i| weights[i] > 0.0) {
            amounts[last] += in_target - given;
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn calendar_windows() {
        // 2026-06-03 is a Wednesday; its week began on Monday 2026-06-01.
        assert_eq!(week_start(day("2026-06-03")), day("2026-06-01"));
        assert_eq!(week_start(day("2026-06-01")), day("2026-06-01"));
        assert_eq!(week_start(day("2026-05-31")), day("2026-05-25"));
        assert_eq!(month_start(day("2026-05-31")), day("2026-05-01"));
    }

    #[test]
    fn seeded_windows_hit_their_targets_exactly() {
        let mut rng = StdRng::seed_from_u64(3);
        let today = day("2026-07-02");
        for window in [
            None,
            Some(LimitReset::Daily),
            Some(LimitReset::Weekly),
            Some(LimitReset::Monthly),
        ] {
            let plan = Plan {
                first_day: today - chrono::Days::new(HISTORY_DAYS as u64),
                last_day: today,
                today,
                days_before_history: 100,
                window,
                target: 12_340_000,
                byok_target: 2_000_000,
            };
            let h = seed(&mut rng, &plan);
            let u = h.usage(today);
            let (got, byok) = match window {
                None => (u.total, u.byok_total),
                Some(LimitReset::Daily) => (u.daily, u.byok_daily),
                Some(LimitReset::Weekly) => (u.weekly, u.byok_weekly),
                Some(LimitReset::Monthly) => (u.monthly, u.byok_monthly),
            };
            assert_eq!((got, byok), (12.34, 2.0), "{window:?}");
            assert!(u.daily <= u.weekly && u.monthly <= u.total, "{u:?}");
        }
    }

    #[test]
    fn endpoint_ids_are_uuid_shaped_and_distinct() {
        let ids: std::collections::HashSet<_> = (0..ENDPOINTS.len()).map(endpoint_id).collect();
        assert_eq!(ids.len(), ENDPOINTS.len());
        assert!(ids.iter().all(|id| crate::keygen::is_uuid(id)));
    }
}
