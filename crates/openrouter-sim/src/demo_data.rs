//! Realistic seeded demo data (~60 keys over two workspaces) for `--demo` and
//! [`crate::SimConfig::demo`]: varied limits and reset periods, usage, disabled,
//! expired and soon-expiring keys, keys near or at their limit.

use chrono::{DateTime, Days, Duration, NaiveTime, Utc};
use rand::rngs::StdRng;
use rand::Rng;

use crate::history::{self, to_micros, Plan, SpendHistory, HISTORY_DAYS};
use crate::keygen;
use crate::model::{KeyRecord, LimitReset, Workspace};
use crate::state::Store;

/// What makes a demo key interesting; numbers are drawn from the seeded RNG.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Profile {
    Normal,
    Disabled,
    /// Past `expires_at`: only listed with `include_expired=true`.
    Expired,
    /// Expires within the next 7 days.
    ExpiringSoon,
    /// Spent ≥ 80% (and < 100%) of its limit in the current window.
    NearLimit,
    /// Spent all of its limit (or more) in the current window.
    AtLimit,
    /// Workshop batch: $5 one-off limit, created together, expiring soon.
    Workshop,
}

use Profile::*;

const DEFAULT_WORKSPACE_KEYS: &[(&str, Profile)] = &[
    ("Marketing site chatbot", NearLimit),
    ("CI pipeline", Normal),
    ("Production backend", Normal),
    ("Staging backend", Normal),
    ("Support inbox triage", Normal),
    ("Docs search assistant", Normal),
    ("Mobile app (iOS)", Normal),
    ("Mobile app (Android)", Normal),
    ("Sales email drafts", AtLimit),
    ("Internal wiki assistant", Normal),
    ("Slack bot", Normal),
    ("Zapier integration", ExpiringSoon),
    ("Load testing", AtLimit),
    ("Alice – prototyping", Normal),
    ("Bob – local dev", Disabled),
    ("Customer: Acme Corp", NearLimit),
    ("Customer: Globex", Normal),
    ("Translation service", Normal),
    ("Code review bot", Normal),
    ("Nightly evals", Normal),
    ("Legacy v1 integration", Disabled),
    ("Contractor access (Q2)", Expired),
    ("Data warehouse enrichment", Normal),
    ("Onboarding emails", Normal),
    ("Analytics summaries", Normal),
    ("Hackathon team Blue", Expired),
    ("Hackathon team Green", Disabled),
    ("Demo day kiosk", Expired),
];

const RESEARCH_LAB_KEYS: &[(&str, Profile)] = &[
    ("Eval harness", Normal),
    ("RAG experiments", Normal),
    ("Synthetic data generation", AtLimit),
    ("Red-team sweep", NearLimit),
    ("Long-context benchmark", Normal),
    ("Paper reproduction – 1", Expired),
    ("Paper reproduction – 2", Normal),
    ("Paper reproduction – 3", ExpiringSoon),
    ("Interns 2026 – 1", Normal),
    ("Interns 2026 – 2", Normal),
    ("Interns 2026 – 3", NearLimit),
    ("Interns 2026 – 4", Normal),
    ("Interns 2026 – 5", Disabled),
    ("Embedding backfill", Normal),
    ("Agent sandbox", Normal),
    ("Grant demo", ExpiringSoon),
    ("Tokenizer study", Disabled),
    ("Ablation runs", Normal),
    ("Shared notebook key", Normal),
];

/// Workshop keys ("Workshop Nov 2026 – 1" …) in the default workspace.
const WORKSHOP_SEATS: usize = 12;

/// Adds the "Research Lab" workspace and every demo key to `store`.
pub(crate) fn populate(store: &mut Store, now: DateTime<Utc>) {
    let lab = lab_workspace(store, now);
    let creators = key_creators(store);
    let lab_id = lab.id.clone();
    let default_id = store.default_workspace_id().to_string();
    store.add_workspace(lab);
    add_demo_keys(store, &default_id, &lab_id, &creators, now);
    add_members(store, &creators);
    add_guardrails(store, &lab_id, now);
    fund_account(store, now);
}

fn lab_workspace(store: &mut Store, now: DateTime<Utc>) -> Workspace {
    let owner = store.owner_user_id.clone();
    let rng = store.rng();
    Workspace {
        id: keygen::uuid(rng),
        name: "Research Lab".into(),
        slug: "research-lab".into(),
        description: Some("Experiments, evals and interns".into()),
        default_guardrail_id: keygen::uuid(rng),
        created_at: now - Duration::days(210),
        updated_at: Some(now - Duration::days(35)),
        created_by: Some(owner),
    }
}

/// The people demo keys are created by: the owner and three colleagues.
fn key_creators(store: &mut Store) -> [String; 4] {
    let owner = store.owner_user_id.clone();
    let rng = store.rng();
    [
        owner,
        keygen::user_id(rng),
        keygen::user_id(rng),
        keygen::user_id(rng),
    ]
}

/// The default workspace's keys, then the workshop batch, then the lab's.
fn add_demo_keys(
    store: &mut Store,
    default_id: &str,
    lab_id: &str,
    creators: &[String],
    now: DateTime<Utc>,
) {
    for (name, profile) in DEFAULT_WORKSPACE_KEYS {
        let name = name.to_string();
        add_key(store, name, default_id, *profile, creators, now, None);
    }
    let workshop_day = now - Duration::days(12) - Duration::hours(3);
    for seat in 1..=WORKSHOP_SEATS {
        let created = Some(workshop_day + Duration::minutes(seat as i64));
        let name = format!("Workshop Nov 2026 – {seat}");
        add_key(store, name, default_id, Workshop, creators, now, created);
    }
    for (name, profile) in RESEARCH_LAB_KEYS {
        let name = name.to_string();
        add_key(store, name, lab_id, *profile, creators, now, None);
    }
}

/// Enough credits to cover the seeded spend, and about six weeks more at
/// the last week's rate: a believable balance for a runway to be read from.
fn fund_account(store: &mut Store, now: DateTime<Utc>) {
    let headroom = f64::max(250.0, last_week_daily_spend(store, now) * RUNWAY_DAYS);
    let needed = store.total_usage() + headroom;
    store.total_credits = f64::max(500.0, (needed / 100.0).ceil() * 100.0);
}

/// Days of spend the demo balance covers beyond what was already spent.
const RUNWAY_DAYS: f64 = 45.0;

/// Average daily credit spend of the whole account over the last 7 completed days.
fn last_week_daily_spend(store: &Store, now: DateTime<Utc>) -> f64 {
    let today = now.date_naive();
    let week: history::Micros = store
        .spenders()
        .flat_map(|k| k.history.days.range(today - Days::new(7)..today))
        .flat_map(|(_, rows)| rows)
        .map(|r| r.usage)
        .sum();
    history::usd(week) / 7.0
}

fn add_key(
    store: &mut Store,
    name: String,
    workspace_id: &str,
    profile: Profile,
    creators: &[String],
    now: DateTime<Utc>,
    created_at: Option<DateTime<Utc>>,
) {
    let rng = store.rng();
    let created_at = match created_at {
        Some(created_at) => created_at,
        None => draw_created_at(rng, profile, now),
    };
    let budget = draw_budget(rng, profile);
    let expires_at = draw_expires_at(rng, profile, created_at, now);
    let creator_user_id = draw_creator(rng, creators);
    let updated_at = draw_updated_at(rng, profile, created_at, now);
    let plan = spend_plan(profile, &budget, created_at, expires_at, updated_at, now);
    let history = history::seed(rng, &plan);
    let last_used_at = draw_last_used_at(rng, &history, now);

    let mut record: KeyRecord = store.blank_key(name, workspace_id, created_at);
    record.disabled = profile == Disabled;
    record.limit = budget.limit;
    record.limit_reset = budget.limit_reset;
    record.include_byok_in_limit = budget.include_byok_in_limit;
    record.history = history;
    record.expires_at = expires_at.map(crate::state::whole_seconds);
    record.creator_user_id = creator_user_id;
    record.updated_at = updated_at.map(crate::state::whole_seconds);
    record.last_used_at = last_used_at.map(crate::state::whole_seconds);
    store.insert(record);
}

fn draw_created_at(rng: &mut StdRng, profile: Profile, now: DateTime<Utc>) -> DateTime<Utc> {
    // Expired keys need room for an expiry between creation and now.
    let min_days = if profile == Expired { 30 } else { 1 };
    now - Duration::days(rng.random_range(min_days..365))
        - Duration::seconds(rng.random_range(0..86_400))
}

/// A demo key's limit and how much it has spent against it.
struct LimitAndSpend {
    limit: Option<f64>,
    limit_reset: Option<LimitReset>,
    /// USD spent in the limit's window (lifetime when it never resets).
    window_target: f64,
    /// USD spent through the key's own provider keys in that window.
    byok_target: f64,
    include_byok_in_limit: bool,
}

fn draw_budget(rng: &mut StdRng, profile: Profile) -> LimitAndSpend {
    let (limit, limit_reset) = limit_for(rng, profile);
    let window_target = match (profile, limit) {
        (NearLimit, Some(l)) => cents(l * rng.random_range(0.80..0.97)),
        (AtLimit, Some(l)) => cents(l * rng.random_range(1.0..1.08)),
        (Workshop, Some(l)) => cents(l * rng.random_range(0.0..1.0)),
        (_, Some(l)) => cents(l * rng.random_range(0.0..0.7)),
        (_, None) => cents(rng.random_range(0.0f64..1.0).powi(2) * 250.0),
    };
    // One key in five also spends through its own provider keys (BYOK).
    let has_byok = profile != Workshop && rng.random_bool(0.2);
    let byok_target = if has_byok {
        cents(rng.random_range(0.5..40.0))
    } else {
        0.0
    };
    // Including BYOK would blur the near/at-limit figures, so only Normal keys do.
    let include_byok_in_limit = profile == Normal && limit.is_some() && rng.random_bool(0.3);
    LimitAndSpend {
        limit,
        limit_reset,
        window_target,
        byok_target,
        include_byok_in_limit,
    }
}

fn draw_expires_at(
    rng: &mut StdRng,
    profile: Profile,
    created_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    match profile {
        Expired => Some(created_at + (now - created_at) / 2),
        ExpiringSoon | Workshop => Some(
            now + Duration::days(rng.random_range(1..7)) + Duration::hours(rng.random_range(0..23)),
        ),
        _ if rng.random_bool(0.15) => Some(now + Duration::days(rng.random_range(30..400))),
        _ => None,
    }
}

/// Mostly one of `creators`; some keys have no recorded creator.
fn draw_creator(rng: &mut StdRng, creators: &[String]) -> Option<String> {
    if rng.random_bool(0.1) {
        None
    } else {
        Some(creators[rng.random_range(0..creators.len())].clone())
    }
}

/// Disabled keys always show an update (their disabling); others sometimes.
fn draw_updated_at(
    rng: &mut StdRng,
    profile: Profile,
    created_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let age = now - created_at;
    if profile == Disabled || rng.random_bool(0.4) {
        Some(created_at + age / rng.random_range(2..6))
    } else {
        None
    }
}

/// Spend runs from creation until today, or until the key expired or was
/// disabled (its last update).
fn spend_plan(
    profile: Profile,
    budget: &LimitAndSpend,
    created_at: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
    updated_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Plan {
    let today = now.date_naive();
    let history_start = today - Days::new(HISTORY_DAYS as u64);
    let created_day = created_at.date_naive();
    let last_day = match profile {
        Expired => expires_at.map_or(today, |e| e.date_naive()),
        Disabled => updated_at.map_or(today, |u| u.date_naive()),
        _ => today,
    };
    Plan {
        first_day: created_day.max(history_start),
        last_day: last_day.min(today),
        today,
        days_before_history: (history_start - created_day).num_days().max(0),
        window: budget.limit_reset,
        target: to_micros(budget.window_target),
        byok_target: to_micros(budget.byok_target),
    }
}

/// A moment on the last day the key spent anything, never after `now`.
fn draw_last_used_at(
    rng: &mut StdRng,
    history: &SpendHistory,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let today = now.date_naive();
    history.last_active_day(today).map(|day| {
        let midnight = day.and_time(NaiveTime::MIN).and_utc();
        let latest = if day == today {
            now
        } else {
            midnight + Duration::days(1)
        };
        let span = (latest - midnight).num_seconds().max(1);
        midnight + Duration::seconds(rng.random_range(0..span))
    })
}

fn limit_for(rng: &mut StdRng, profile: Profile) -> (Option<f64>, Option<LimitReset>) {
    const LIMITS: [f64; 4] = [5.0, 20.0, 100.0, 500.0];
    let resets = [
        None,
        Some(LimitReset::Daily),
        Some(LimitReset::Weekly),
        Some(LimitReset::Monthly),
    ];
    match profile {
        Workshop => (Some(5.0), None),
        NearLimit | AtLimit => (
            Some(LIMITS[rng.random_range(0..LIMITS.len())]),
            resets[rng.random_range(0..resets.len())],
        ),
        _ if rng.random_bool(0.35) => (None, None),
        _ => (
            Some(LIMITS[rng.random_range(0..LIMITS.len())]),
            resets[rng.random_range(0..resets.len())],
        ),
    }
}

fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

mod organization;
use organization::{add_guardrails, add_members};

#[cfg(test)]
mod tests;
