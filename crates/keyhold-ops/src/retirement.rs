//! Retiring a rotated-out key when its grace period ends. OpenRouter cannot
//! shorten a key's life after creation, so Keyhold keeps a plan per old key
//! (hashes, names and times: never a key string) and carries it out itself:
//! which plans are due, and what happens to a plan after an attempt.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::InputError;

/// The longest grace period offered (90 days), in hours.
pub const MAX_GRACE_HOURS: u32 = 24 * 90;

/// What happens to the old key when the grace period ends.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinalStep {
    /// Can be undone by enabling the key again. Plans saved before the step
    /// could be chosen were grace periods ending in a retirement, hence the default.
    #[default]
    Disable,
    Delete,
}

/// One old key's retirement, as saved between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetirePlan {
    pub id: String,
    pub old_hash: String,
    pub old_name: String,
    pub new_hash: String,
    pub workspace_id: Option<String>,
    pub due_at: DateTime<Utc>,
    #[serde(default)]
    pub then: FinalStep,
    /// Attempts that failed so far (offline, server errors, …).
    #[serde(default)]
    pub failures: u32,
    /// The last failure, in words, while the plan waits for another try.
    #[serde(default)]
    pub problem: Option<String>,
    /// While running, a failed plan is tried again at this time.
    #[serde(default)]
    pub retry_at: Option<DateTime<Utc>>,
}

/// A grace period of `hours`, checked.
pub fn grace_hours(hours: u32) -> Result<u32, InputError> {
    if hours == 0 || hours > MAX_GRACE_HOURS {
        return Err(InputError::new(
            "hours",
            "Choose a grace period between 1 hour and 90 days.",
        ));
    }
    Ok(hours)
}

impl RetirePlan {
    /// A plan to retire `old_hash` (replaced by `new_hash`) once `grace` has passed.
    pub fn new(
        old_hash: &str,
        old_name: &str,
        new_hash: &str,
        workspace_id: Option<String>,
        grace: Duration,
        then: FinalStep,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id: format!("{old_hash}-{}", now.timestamp()),
            old_hash: old_hash.to_string(),
            old_name: old_name.to_string(),
            new_hash: new_hash.to_string(),
            workspace_id,
            due_at: now + grace,
            then,
            failures: 0,
            problem: None,
            retry_at: None,
        }
    }

    /// Whether the plan should be carried out at `now`. At start (or sign-in)
    /// every plan past its end is; while running, a plan that failed waits
    /// for its retry time so an outage is not hammered.
    pub fn is_due(&self, now: DateTime<Utc>, at_start: bool) -> bool {
        if self.due_at > now {
            return false;
        }
        at_start || self.retry_at.is_none_or(|at| at <= now)
    }

    /// When this plan next needs attention.
    pub fn wake_at(&self) -> DateTime<Utc> {
        match self.retry_at {
            Some(at) if at > self.due_at => at,
            _ => self.due_at,
        }
    }
}

/// The plans due at `now`, soonest first.
pub fn due(plans: &[RetirePlan], now: DateTime<Utc>, at_start: bool) -> Vec<RetirePlan> {
    let mut out: Vec<RetirePlan> = plans
        .iter()
        .filter(|p| p.is_due(now, at_start))
        .cloned()
        .collect();
    out.sort_by_key(|p| p.due_at);
    out
}

/// The earliest moment any plan needs attention; `None` when there are none.
pub fn next_wake(plans: &[RetirePlan]) -> Option<DateTime<Utc>> {
    plans.iter().map(RetirePlan::wake_at).min()
}

/// How one attempt to carry out a plan went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    Done,
    /// OpenRouter does not know the key (deleted elsewhere).
    NotFound,
    /// Anything else: offline, server error, rate limit, …; the message says which.
    Failed(String),
}

/// What becomes of a plan after an attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum Settled {
    /// The key is retired: the plan is finished.
    Retired,
    /// The key no longer exists, so there is nothing left to retire: the plan
    /// is finished and the person is told.
    AlreadyGone,
    /// Kept, to be tried again (the updated plan).
    Retry(RetirePlan),
}

/// The plan after `attempt` at `now`.
pub fn settle(plan: &RetirePlan, attempt: Attempt, now: DateTime<Utc>) -> Settled {
    match attempt {
        Attempt::Done => Settled::Retired,
        Attempt::NotFound => Settled::AlreadyGone,
        Attempt::Failed(message) => {
            let failures = plan.failures.saturating_add(1);
            Settled::Retry(RetirePlan {
                failures,
                problem: Some(message),
                retry_at: Some(now + retry_delay(failures)),
                ..plan.clone()
            })
        }
    }
}

/// 1, 5, 15 minutes, then hourly: soon after a short outage, quietly during a long one.
pub fn retry_delay(failures: u32) -> Duration {
    match failures {
        0 | 1 => Duration::minutes(1),
        2 => Duration::minutes(5),
        3 => Duration::minutes(15),
        _ => Duration::hours(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn plan(hours: i64) -> RetirePlan {
        RetirePlan::new(
            "old",
            "CI pipeline",
            "new",
            None,
            Duration::hours(hours),
            FinalStep::Disable,
            t("2026-11-24T12:00:00Z"),
        )
    }

    #[test]
    fn a_one_hour_grace_is_due_when_the_hour_is_up() {
        let p = plan(1);
        assert_eq!(p.due_at, t("2026-11-24T13:00:00Z"));
        assert!(due(std::slice::from_ref(&p), t("2026-11-24T12:59:59Z"), false).is_empty());
        let got = due(std::slice::from_ref(&p), t("2026-11-24T13:00:00Z"), false);
        assert_eq!(got, vec![p]);
    }

    #[test]
    fn due_plans_come_soonest_first_and_the_next_wake_is_the_earliest() {
        let (a, b, c) = (plan(3), plan(1), plan(48));
        let plans = [a.clone(), b.clone(), c];
        let got = due(&plans, t("2026-11-24T16:00:00Z"), false);
        assert_eq!(got, vec![b.clone(), a]);
        assert_eq!(next_wake(&plans), Some(b.due_at));
        assert_eq!(next_wake(&[]), None);
    }

    #[test]
    fn a_failure_waits_for_its_retry_while_running_but_not_at_start() {
        let now = t("2026-11-24T13:00:00Z");
        let Settled::Retry(p) = settle(&plan(1), Attempt::Failed("offline".into()), now) else {
            panic!("a failed attempt keeps the plan");
        };
        assert_eq!(p.failures, 1);
        assert_eq!(p.problem.as_deref(), Some("offline"));
        assert_eq!(p.retry_at, Some(t("2026-11-24T13:01:00Z")));
        assert_eq!(p.wake_at(), t("2026-11-24T13:01:00Z"));
        assert!(!p.is_due(t("2026-11-24T13:00:30Z"), false));
        assert!(p.is_due(t("2026-11-24T13:00:30Z"), true));
        assert!(p.is_due(t("2026-11-24T13:01:00Z"), false));
    }

    #[test]
    fn retries_back_off_to_hourly() {
        let mut p = plan(1);
        let mut now = p.due_at;
        let mut gaps = vec![];
        for _ in 0..5 {
            let Settled::Retry(next) = settle(&p, Attempt::Failed("HTTP 503".into()), now) else {
                panic!("kept");
            };
            let at = next.retry_at.unwrap();
            gaps.push((at - now).num_minutes());
            now = at;
            p = next;
        }
        assert_eq!(gaps, vec![1, 5, 15, 60, 60]);
    }

    #[test]
    fn a_key_already_gone_finishes_the_plan_and_success_too() {
        let p = plan(1);
        assert_eq!(
            settle(&p, Attempt::NotFound, p.due_at),
            Settled::AlreadyGone
        );
        assert_eq!(settle(&p, Attempt::Done, p.due_at), Settled::Retired);
    }

    #[test]
    fn grace_periods_between_an_hour_and_ninety_days() {
        assert!(grace_hours(0).is_err());
        assert_eq!(grace_hours(1), Ok(1));
        assert_eq!(grace_hours(MAX_GRACE_HOURS), Ok(MAX_GRACE_HOURS));
        assert_eq!(grace_hours(MAX_GRACE_HOURS + 1).unwrap_err().field, "hours");
    }

    #[test]
    fn plans_saved_before_the_final_step_existed_disable() {
        let json = r#"{"id":"x","old_hash":"o","old_name":"n","new_hash":"h",
            "workspace_id":null,"due_at":"2026-11-25T12:00:00Z"}"#;
        let p: RetirePlan = serde_json::from_str(json).unwrap();
        assert_eq!(p.then, FinalStep::Disable);
        assert_eq!((p.failures, p.retry_at), (0, None));
    }
}
