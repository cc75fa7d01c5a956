//! Retiring rotated-out keys when their grace period ends: planning it,
//! carrying out the plans that are due (on a timer while the app runs, and
//! at every sign-in for those that came due while it did not), and keeping
//! the old key after all. The decisions are `keyhold_ops::retirement`'s.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use keyhold_ops::retirement::{self, Attempt, FinalStep, RetirePlan, Settled};
use tokio::sync::Notify;

use crate::audit::{self, Action};
use crate::clock::Clock;
use crate::dto::{RetireNotice, RetireOutcome, Retirements};
use crate::error::{AppError, AppResult, ErrorCode, Field};
use crate::session::Session;

/// The longest a running app sleeps between looks at its plans, so a
/// computer waking from sleep does not leave a due key working for long.
const LONGEST_NAP: std::time::Duration = std::time::Duration::from_secs(300);

/// A session's retirement machinery: its clock, what was carried out since
/// the person last looked, and the timer's wake-up call.
pub struct Retiring {
    clock: Clock,
    hour: Duration,
    notices: Mutex<Vec<RetireNotice>>,
    /// One run at a time: the timer and the window may ask together.
    running: tokio::sync::Mutex<()>,
    wake: Arc<Notify>,
    stopped: AtomicBool,
}

impl Retiring {
    pub fn new(clock: Clock, grace_hour: Option<std::time::Duration>) -> Self {
        Self {
            clock,
            hour: grace_hour
                .and_then(|d| Duration::from_std(d).ok())
                .unwrap_or_else(|| Duration::hours(1)),
            notices: Mutex::new(Vec::new()),
            running: tokio::sync::Mutex::new(()),
            wake: Arc::new(Notify::new()),
            stopped: AtomicBool::new(false),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Ends the timer (sign-out, exit).
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        self.wake.notify_one();
    }

    fn notices(&self) -> std::sync::MutexGuard<'_, Vec<RetireNotice>> {
        self.notices.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn plans_not_saved() -> AppError {
    AppError::new(
        ErrorCode::Reminders,
        "The retirement plan could not be saved. The old key is still active; retire it by hand.",
    )
}

impl Session {
    /// Keeps the old key working for `hours`, then retires it as `then` says.
    pub async fn plan_retirement(
        &self,
        old_hash: &str,
        new_hash: &str,
        hours: u32,
        then: FinalStep,
    ) -> AppResult<()> {
        let hours = retirement::grace_hours(hours)
            .map_err(|e| AppError::invalid(Field::Hours, e.message))?;
        let old = self.client.get_key(old_hash).await?;
        let now = self.retiring.now();
        let grace = self.retiring.hour * i32::try_from(hours).unwrap_or(i32::MAX);
        let plan = RetirePlan::new(
            &old.hash,
            &old.name,
            new_hash,
            old.workspace_id.clone(),
            grace,
            then,
            now,
        );
        let entry = audit::retirement_planned(&plan);
        self.reminders.add(plan).map_err(|_| plans_not_saved())?;
        self.retiring.wake.notify_one();
        self.record(entry, None);
        Ok(())
    }

    /// The plans, and the retirements carried out since the person last looked.
    pub fn retirements(&self) -> Retirements {
        Retirements {
            plans: self.reminders.list(self.retiring.now()),
            notices: self.retiring.notices().clone(),
        }
    }

    /// Carries out every plan that is due. `at_start`: also those waiting
    /// to retry after a failure (a new start is a good moment to try again).
    pub async fn run_due_retirements(&self, at_start: bool) -> Retirements {
        let _one_at_a_time = self.retiring.running.lock().await;
        let now = self.retiring.now();
        for plan in retirement::due(&self.reminders.plans(), now, at_start) {
            let attempt = self.carry_out(&plan).await;
            let at = self.retiring.now();
            let outcome = match retirement::settle(&plan, attempt, at) {
                Settled::Retired => RetireOutcome::Retired,
                Settled::AlreadyGone => RetireOutcome::AlreadyGone,
                Settled::Retry(next) => {
                    self.reminders.update(next).ok();
                    continue;
                }
            };
            self.reminders.dismiss(&plan.id).ok();
            self.retiring.notices().push(RetireNotice {
                id: format!("{}-{}", plan.id, at.timestamp_millis()),
                old_hash: plan.old_hash.clone(),
                old_name: plan.old_name.clone(),
                workspace_id: plan.workspace_id.clone(),
                then: plan.then.into(),
                outcome,
                at: rfc3339(at),
            });
        }
        self.retirements()
    }

    /// Disables or deletes the old key; each attempt has its audit entry.
    async fn carry_out(&self, plan: &RetirePlan) -> Attempt {
        // At start the key list is not loaded yet: read the key first so
        // its audit entry names it and shows what it was.
        if self.seen.latest(&plan.old_hash).is_none() {
            match self.client.get_key(&plan.old_hash).await {
                Ok(key) => self.seen.remember(&key),
                Err(openrouter_client::Error::NotFound { .. }) => return Attempt::NotFound,
                Err(_) => {}
            }
        }
        let result = match plan.then {
            FinalStep::Disable => self
                .set_disabled_as(&plan.old_hash, true, Action::RetireDisable)
                .await
                .map(|_| ()),
            FinalStep::Delete => {
                self.delete_key_as(&plan.old_hash, Action::RetireDelete)
                    .await
            }
        };
        match result {
            Ok(()) => Attempt::Done,
            Err(e) if e.code == ErrorCode::NotFound => Attempt::NotFound,
            Err(e) => Attempt::Failed(e.message),
        }
    }

    /// The person keeps the old key after all: its plan is dropped.
    pub fn keep_old_key(&self, id: &str) -> AppResult<Retirements> {
        let dropped = self.reminders.dismiss(id).map_err(|_| {
            AppError::new(
                ErrorCode::Reminders,
                "The retirement plan could not be removed; the old key will still be retired.",
            )
        })?;
        for plan in dropped {
            self.record(audit::retirement_dropped(&plan), None);
        }
        Ok(self.retirements())
    }

    pub fn dismiss_retire_notice(&self, id: &str) -> Retirements {
        self.retiring.notices().retain(|n| n.id != id);
        self.retirements()
    }

    /// How long the timer may sleep before the next plan needs attention.
    fn nap(&self) -> Option<std::time::Duration> {
        let next = retirement::next_wake(&self.reminders.plans())?;
        let wait = (next - self.retiring.now()).to_std().unwrap_or_default();
        Some(wait.min(LONGEST_NAP))
    }
}

/// Carries out `session`'s plans when they come due, starting with those
/// already due, until the session ends.
pub fn watch(session: &Arc<Session>) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    let weak = Arc::downgrade(session);
    let wake = session.retiring.wake.clone();
    runtime.spawn(async move {
        let mut at_start = true;
        loop {
            let nap = {
                let Some(session) = weak.upgrade() else {
                    return;
                };
                if session.retiring.stopped.load(Ordering::SeqCst) {
                    return;
                }
                session.run_due_retirements(at_start).await;
                session.nap()
            };
            at_start = false;
            match nap {
                Some(nap) => {
                    tokio::select! {
                        _ = tokio::time::sleep(nap) => {}
                        _ = wake.notified() => {}
                    }
                }
                None => wake.notified().await,
            }
        }
    });
}
