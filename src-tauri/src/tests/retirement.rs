//! Retiring the old key of a rotation when its grace period ends, against
//! the simulator: on time while running, at sign-in after a restart, and
//! what happens when the key is already gone or OpenRouter cannot be reached.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use openrouter_sim::{FaultRule, Faults, RateLimitFault, Sim, SimConfig};
use secrecy::SecretString;

use super::{app, TestSession};
use crate::app_state::{AppState, Settings};
use crate::clock::Clock;
use crate::dto::*;
use crate::dto_bulk::AuditOutcome;
use crate::keychain::Keychain;

/// A clock the test moves on by hand.
#[derive(Clone)]
struct TestClock(Arc<Mutex<DateTime<Utc>>>);

impl TestClock {
    fn new() -> Self {
        Self(Arc::new(Mutex::new(Utc::now())))
    }
    fn clock(&self) -> Clock {
        let at = self.0.clone();
        Clock::from_fn(move || *at.lock().unwrap())
    }
    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

async fn sim() -> Sim {
    Sim::start(SimConfig {
        keys: 0,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts")
}

async fn signed_in(
    sim: &Sim,
    test: &str,
    data_dir: Option<PathBuf>,
    adjust: impl FnOnce(&mut Settings),
) -> AppState {
    let kc = Keychain::new(&format!("retire-test-{test}-{}", std::process::id()));
    let st = app(kc, data_dir, Some(sim.base_url()), adjust);
    st.sign_in(SecretString::from(sim.management_key()), false)
        .await
        .expect("signs in");
    st
}

/// Rotates a new key named `name`; the old and new hashes, and both key strings.
async fn rotated(st: &AppState, name: &str) -> (String, String, Vec<String>) {
    let s = st.s();
    let old = s
        .create_key(CreateKeyInput {
            name: name.into(),
            limit: None,
            limit_reset: None,
            include_byok_in_limit: false,
            expires_at: None,
            workspace_id: None,
        })
        .await
        .unwrap();
    let old_secret = s.reveal_secret(&old.reveal_id).unwrap().to_string();
    s.close_reveal(&old.reveal_id);
    let new = s
        .rotate_key(RotateInput {
            hash: old.key.hash.clone(),
            expiry: ExpiryChoice::Keep,
        })
        .await
        .unwrap();
    let new_secret = s.reveal_secret(&new.reveal_id).unwrap().to_string();
    s.close_reveal(&new.reveal_id);
    (old.key.hash, new.key.hash, vec![old_secret, new_secret])
}

async fn grace(st: &AppState, old: &str, new: &str, hours: u32, then: RetireStep) -> Retirements {
    st.s()
        .retire_key(RetireInput {
            old_hash: old.into(),
            new_hash: new.into(),
            action: RetireAction::Grace { hours, then },
        })
        .await
        .unwrap()
}

fn disabled(sim: &Sim, hash: &str) -> bool {
    sim.key_snapshot(hash).unwrap()["disabled"] == true
}

fn audited(st: &AppState, action: &str) -> Vec<AuditOutcome> {
    let all = st.s().audit.list(&Default::default()).unwrap();
    let named = crate::dto_bulk::AuditAction::named(action);
    all.iter()
        .filter(|e| e.action == named)
        .map(|e| e.outcome)
        .collect()
}

/// Waits for the app's own timer to have done something (it runs on its
/// own task); fails after a generous deadline.
async fn eventually(what: &str, done: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + StdDuration::from_secs(20);
    while !done() {
        assert!(
            std::time::Instant::now() < deadline,
            "never happened: {what}"
        );
        tokio::time::sleep(StdDuration::from_millis(25)).await;
    }
}

#[tokio::test]
async fn a_one_hour_grace_disables_the_old_key_when_the_hour_is_up() {
    let sim = sim().await;
    let clock = TestClock::new();
    let c = clock.clock();
    let st = signed_in(&sim, "hour", None, |s| s.clock = c).await;
    let (old, new, _) = rotated(&st, "CI pipeline").await;

    let planned = grace(&st, &old, &new, 1, RetireStep::Disable).await;
    assert_eq!(planned.plans.len(), 1);
    assert_eq!(planned.plans[0].then, RetireStep::Disable);
    assert!(!planned.plans[0].due);
    assert_eq!(audited(&st, "retire_grace"), vec![AuditOutcome::Ok]);

    clock.advance(Duration::minutes(59));
    let early = st.s().run_due_retirements(false).await;
    assert_eq!(early.plans.len(), 1, "still in its grace period");
    assert!(!disabled(&sim, &old));

    clock.advance(Duration::minutes(1));
    let after = st.s().run_due_retirements(false).await;
    assert!(disabled(&sim, &old), "the old key is disabled");
    assert!(!disabled(&sim, &new), "the replacement keeps working");
    assert!(after.plans.is_empty());
    assert_eq!(after.notices.len(), 1);
    assert_eq!(after.notices[0].outcome, RetireOutcome::Retired);
    assert_eq!(after.notices[0].old_name, "CI pipeline");
    assert_eq!(audited(&st, "retire_disable"), vec![AuditOutcome::Ok]);

    let id = after.notices[0].id.clone();
    assert!(st.s().dismiss_retire_notice(&id).notices.is_empty());
}

#[tokio::test]
async fn the_plan_survives_a_restart_and_is_carried_out_at_sign_in() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::new();
    let c = clock.clock();
    let first = signed_in(&sim, "restart-a", Some(dir.path().into()), |s| s.clock = c).await;
    let (old, new, secrets) = rotated(&first, "Billing bot").await;
    grace(&first, &old, &new, 1, RetireStep::Delete).await;
    first.shutdown();
    drop(first);

    let saved = std::fs::read_to_string(dir.path().join("reminders.json")).unwrap();
    assert!(saved.contains(&old));
    for secret in &secrets {
        assert!(!saved.contains(secret.as_str()), "no key string is saved");
    }

    // Started again two hours later: the plan is carried out at sign-in.
    clock.advance(Duration::hours(2));
    let c = clock.clock();
    let second = signed_in(&sim, "restart-b", Some(dir.path().into()), |s| s.clock = c).await;
    eventually("the old key is deleted", || {
        sim.key_snapshot(&old).is_none()
    })
    .await;
    assert!(sim.key_snapshot(&new).is_some());
    eventually("the notice is there", || {
        second.s().retirements().notices.len() == 1
    })
    .await;
    let now = second.s().retirements();
    assert!(now.plans.is_empty());
    assert_eq!(now.notices[0].then, RetireStep::Delete);
    assert_eq!(audited(&second, "retire_delete"), vec![AuditOutcome::Ok]);
    // The key list was never loaded in this run, yet the entry names the key.
    let all = second.s().audit.list(&Default::default()).unwrap();
    let deleted = crate::dto_bulk::AuditAction::named("retire_delete");
    let entry = all.iter().find(|e| e.action == deleted).unwrap();
    assert_eq!(entry.key_name, "Billing bot");
    assert_eq!(entry.key_hash.as_deref(), Some(old.as_str()));
}

#[tokio::test]
async fn while_running_the_timer_retires_the_key_on_time() {
    let sim = sim().await;
    // One "hour" of grace lasts 300 ms here, as with the developer switch.
    let st = signed_in(&sim, "timer", None, |s| {
        s.grace_hour = Some(StdDuration::from_millis(300))
    })
    .await;
    let (old, new, _) = rotated(&st, "Nightly job").await;
    grace(&st, &old, &new, 1, RetireStep::Disable).await;
    assert!(!disabled(&sim, &old));
    eventually("the timer disables the old key", || disabled(&sim, &old)).await;
    eventually("and tells the person", || {
        st.s().retirements().notices.len() == 1
    })
    .await;
}

#[tokio::test]
async fn a_key_deleted_elsewhere_ends_its_plan_and_says_so() {
    let sim = sim().await;
    let clock = TestClock::new();
    let c = clock.clock();
    let st = signed_in(&sim, "gone", None, |s| s.clock = c).await;
    let (old, new, _) = rotated(&st, "Old app").await;
    grace(&st, &old, &new, 24, RetireStep::Disable).await;
    assert!(sim.delete_key(&old));

    clock.advance(Duration::hours(24));
    let after = st.s().run_due_retirements(false).await;
    assert!(after.plans.is_empty(), "nothing left to retire");
    assert_eq!(after.notices[0].outcome, RetireOutcome::AlreadyGone);
}

#[tokio::test]
async fn a_failed_retirement_keeps_its_plan_and_tries_again_later() {
    let sim = sim().await;
    let clock = TestClock::new();
    let c = clock.clock();
    let st = signed_in(&sim, "retry", None, |s| s.clock = c).await;
    let (old, new, _) = rotated(&st, "Flaky").await;
    grace(&st, &old, &new, 1, RetireStep::Disable).await;

    sim.set_faults(Faults {
        rate_limit: Some(RateLimitFault {
            rule: FaultRule::always().only_methods(&["PATCH"]),
            retry_after_secs: 600,
        }),
        ..Faults::none()
    });
    clock.advance(Duration::hours(1));
    let failed = st.s().run_due_retirements(false).await;
    assert!(!disabled(&sim, &old));
    assert!(failed.notices.is_empty());
    let plan = &failed.plans[0];
    assert!(plan.problem.is_some(), "the failure is shown on the plan");
    assert!(plan.retry_at.is_some());
    assert_eq!(audited(&st, "retire_disable"), vec![AuditOutcome::Failed]);

    // Not hammered: nothing is sent before the retry time.
    sim.set_faults(Faults::none());
    sim.clear_requests();
    st.s().run_due_retirements(false).await;
    assert!(sim.requests().is_empty());

    clock.advance(Duration::minutes(1));
    let done = st.s().run_due_retirements(false).await;
    assert!(disabled(&sim, &old));
    assert!(done.plans.is_empty());
}

#[tokio::test]
async fn keeping_the_old_key_drops_its_plan() {
    let sim = sim().await;
    let clock = TestClock::new();
    let c = clock.clock();
    let st = signed_in(&sim, "keep", None, |s| s.clock = c).await;
    let (old, new, _) = rotated(&st, "Keeper").await;
    let planned = grace(&st, &old, &new, 1, RetireStep::Delete).await;

    let kept = st.s().keep_old_key(&planned.plans[0].id).unwrap();
    assert!(kept.plans.is_empty());
    assert_eq!(audited(&st, "retire_grace").len(), 2, "planned, then kept");
    clock.advance(Duration::hours(2));
    st.s().run_due_retirements(false).await;
    assert!(sim.key_snapshot(&old).is_some() && !disabled(&sim, &old));
}
