//! Which warnings hold for one snapshot of the account, each with the words
//! a person reads. No memory here: the engine decides what is new.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};
use openrouter_client::{Credits, Key};
use serde::{Deserialize, Serialize};

use super::rules::AlertRules;
use super::window;
use super::{format_usd, short_utc};
use crate::limit_stop::window_spend;

/// What the watch saw at one refresh.
pub struct Snapshot<'a> {
    pub now: DateTime<Utc>,
    pub keys: &'a [Key],
    pub credits: Option<&'a Credits>,
    /// Average daily spend of the last completed days, when known.
    pub burn_per_day: Option<f64>,
    /// Replaced keys past their grace period that Keyhold could not retire
    /// yet: (hash, name, why the last attempt failed).
    pub grace_over: &'a [(String, String, String)],
    /// Keys this app created or deleted since the previous refresh.
    pub changed_here: &'a HashSet<String>,
}

/// One warning's identity. A warning is told once per identity: a new
/// window, a new threshold or a new key is a new identity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Condition {
    LimitReached {
        hash: String,
        percent: u8,
        window: String,
    },
    CreditsLow,
    RunwayShort,
    ExpiresSoon {
        hash: String,
    },
    Expired {
        hash: String,
    },
    GraceOver {
        hash: String,
    },
    KeyAppeared {
        hash: String,
    },
    KeyDisappeared {
        hash: String,
    },
}

impl Condition {
    /// The key it concerns, for "open this key".
    pub fn key_hash(&self) -> Option<&str> {
        match self {
            Condition::LimitReached { hash, .. }
            | Condition::ExpiresSoon { hash }
            | Condition::Expired { hash }
            | Condition::GraceOver { hash }
            | Condition::KeyAppeared { hash }
            | Condition::KeyDisappeared { hash } => Some(hash),
            Condition::CreditsLow | Condition::RunwayShort => None,
        }
    }
}

/// A warning as it holds now: its identity and its words.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub condition: Condition,
    pub title: String,
    pub detail: String,
}

/// Every warning that holds in `snap` under `rules`. `previous` is the key
/// list of the refresh before (hash → name), `None` on the first one.
pub fn findings(
    rules: &AlertRules,
    snap: &Snapshot,
    previous: Option<&BTreeMap<String, String>>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for key in snap.keys.iter().filter(|k| !k.disabled) {
        if rules.limit.on {
            out.extend(limit_finding(&rules.limit.thresholds, key, snap.now));
        }
        if rules.expiry.on {
            out.extend(expiry_finding(rules, key, snap.now));
        }
    }
    if rules.credits.on {
        out.extend(credit_findings(rules, snap));
    }
    if rules.retirement {
        // Keyhold retires these itself; a warning is due only when it could not.
        out.extend(snap.grace_over.iter().map(|(hash, name, problem)| Finding {
            condition: Condition::GraceOver { hash: hash.clone() },
            title: format!("The old key '{name}' still works past its grace period"),
            detail: format!(
                "Keyhold could not retire it ({problem}) and will try again; until then it keeps \
                 working. Disable it from the key list if it must stop now."
            ),
        }));
    }
    if let (true, Some(previous)) = (rules.outside_changes, previous) {
        out.extend(outside_changes(snap, previous));
    }
    out
}

fn limit_finding(thresholds: &[u8], key: &Key, now: DateTime<Utc>) -> Option<Finding> {
    let limit = key.limit.filter(|l| *l > 0.0)?;
    let reset = key.limit_reset.as_ref();
    let spent = window_spend(key, reset, key.include_byok_in_limit);
    // Hundredths of a percent, so $19.99 of $20.00 is not 100 %.
    let used = (spent / limit * 10_000.0).round() / 100.0;
    let percent = *thresholds.iter().rev().find(|t| used >= f64::from(**t))?;
    let win = window::current(reset, now);
    let resets = match win.resets_at {
        Some(at) => format!(
            "It resets {} ({}).",
            short_utc(at),
            window::reset_rule(reset)
        ),
        None => "This limit never resets.".to_string(),
    };
    let whole = used.floor();
    Some(Finding {
        condition: Condition::LimitReached {
            hash: key.hash.clone(),
            percent,
            window: win.id,
        },
        title: format!(
            "'{}' has used {} of its {} {}limit ({whole:.0} %)",
            key.name,
            format_usd(spent),
            format_usd(limit),
            window::period_word(reset),
        ),
        detail: if used >= 100.0 {
            format!("OpenRouter now refuses its requests. {resets}")
        } else {
            resets
        },
    })
}

fn expiry_finding(rules: &AlertRules, key: &Key, now: DateTime<Utc>) -> Option<Finding> {
    let at = key.expires_at?;
    if at <= now {
        return rules.expiry.expired.then(|| Finding {
            condition: Condition::Expired {
                hash: key.hash.clone(),
            },
            title: format!("'{}' has expired", key.name),
            detail: format!(
                "It stopped working {}. An expiry cannot be changed: replace it by rotation.",
                short_utc(at)
            ),
        });
    }
    let left = at - now;
    if left > chrono::Duration::days(i64::from(rules.expiry.within_days)) {
        return None;
    }
    let days = left.num_days();
    let when = match days {
        0 => "within a day".to_string(),
        1 => "in 1 day".to_string(),
        n => format!("in {n} days"),
    };
    Some(Finding {
        condition: Condition::ExpiresSoon {
            hash: key.hash.clone(),
        },
        title: format!("'{}' expires {when}", key.name),
        detail: format!(
            "It stops working {}. To keep it going, rotate it to a key with a later expiry.",
            short_utc(at)
        ),
    })
}

fn credit_findings(rules: &AlertRules, snap: &Snapshot) -> Vec<Finding> {
    let Some(credits) = snap.credits else {
        return Vec::new();
    };
    let balance = credits.remaining();
    let mut out = Vec::new();
    if let Some(floor) = rules.credits.below_usd.filter(|f| balance < *f) {
        out.push(Finding {
            condition: Condition::CreditsLow,
            title: format!("Credits are down to {}", format_usd(balance)),
            detail: format!(
                "Below your warning at {}. When they run out every key stops, whatever its limit.",
                format_usd(floor)
            ),
        });
    }
    let burn = snap.burn_per_day.filter(|b| *b > 0.0);
    if let (Some(days), Some(burn)) = (rules.credits.runway_days_below, burn) {
        let left = balance.max(0.0) / burn;
        if left < f64::from(days) {
            out.push(Finding {
                condition: Condition::RunwayShort,
                title: format!("About {} days of credits left", left.floor()),
                detail: format!(
                    "At {} a day (the average of recent days), {} lasts about {:.0} days; your warning is at {days}.",
                    format_usd(burn),
                    format_usd(balance),
                    left.floor()
                ),
            });
        }
    }
    out
}

fn outside_changes(snap: &Snapshot, previous: &BTreeMap<String, String>) -> Vec<Finding> {
    let now: HashSet<&str> = snap.keys.iter().map(|k| k.hash.as_str()).collect();
    let mut out: Vec<Finding> = snap
        .keys
        .iter()
        .filter(|k| !previous.contains_key(&k.hash) && !snap.changed_here.contains(&k.hash))
        .map(|k| Finding {
            condition: Condition::KeyAppeared {
                hash: k.hash.clone(),
            },
            title: format!("A key was created outside Keyhold: '{}'", k.name),
            detail: "Someone else with access to the account, or a leaked management key, is at \
                     work. Check who created it on openrouter.ai; if nobody knows it, disable it \
                     and rotate the management key."
                .to_string(),
        })
        .collect();
    out.extend(
        previous
            .iter()
            .filter(|(h, _)| !now.contains(h.as_str()) && !snap.changed_here.contains(*h))
            .map(|(hash, name)| Finding {
                condition: Condition::KeyDisappeared { hash: hash.clone() },
                title: format!("The key '{name}' was deleted outside Keyhold"),
                detail: "Programs using it now fail. If nobody on the account deleted it, a \
                         leaked management key may be at work: rotate the management key."
                    .to_string(),
            }),
    );
    out
}
