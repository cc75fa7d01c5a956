//! One look of the watch: the key list walk over every workspace and
//! `GET /credits`, judged by the alert engine; and dismissing a warning.

use chrono::{DateTime, Utc};
use keyhold_ops::alerts::{burn_per_day, Condition, Snapshot};
use keyhold_ops::insights;
use openrouter_client::{ActivityQuery, Credits, Key, ListOptions};
use rust_decimal::prelude::ToPrimitive;

use crate::dto::RetireReminder;
use crate::error::{AppError, AppResult, ErrorCode, Field};
use crate::session::Session;
use crate::watch::{after_failure_status, AlertsView, WatchStatus};

/// Pages in flight at once: the watch runs in the background and should
/// not compete with what the person is doing.
const WATCH_CONCURRENCY: usize = 2;

impl Session {
    /// Refreshes now: evaluates, keeps the memory, tells each new warning
    /// once and returns the alert centre.
    pub async fn refresh_alerts(&self) -> AppResult<AlertsView> {
        let _one = self.watch.refreshing.lock().await;
        let looked = self.look().await;
        crate::memory::release_freed_soon();
        match looked {
            Ok(view) => Ok(view),
            Err(e) => {
                self.watch.set_status(after_failure_status(&e), None);
                self.tell_changed();
                Err(e)
            }
        }
    }

    async fn look(&self) -> AppResult<AlertsView> {
        let here = self.watch.changed_here_now();
        let keys = self.keys_of_every_workspace().await?;
        let credits = self.credits_for_look().await?;
        let now = Utc::now();
        let grace_over = not_retired(self.reminders.list(now));
        let rules = self.watch.warnings.get().rules;
        let runway_rule = rules.credits.on && rules.credits.runway_days_below.is_some();
        let burn = match credits {
            Some(_) if runway_rule => self.burn_rate(&keys, now).await,
            _ => None,
        };
        let snap = Snapshot {
            now,
            keys: &keys,
            credits: credits.as_ref(),
            burn_per_day: burn,
            grace_over: &grace_over,
            changed_here: &here,
        };
        let outcome = self.watch.with_state(|state| state.evaluate(&rules, &snap));
        self.watch.forget_changed_here(&here);
        self.watch.set_names(&keys);
        self.watch.set_status(WatchStatus::Watching, Some(now));
        if let (Some(sink), false) = (self.platform.alert_sink(), outcome.raised.is_empty()) {
            sink.raised(&outcome.raised, self.info.mode);
        }
        Ok(self.tell_changed())
    }

    /// Every key of every workspace, disabled and expired ones included: a
    /// warning can be about any of them.
    async fn keys_of_every_workspace(&self) -> AppResult<Vec<Key>> {
        let workspaces: Vec<Option<String>> = if self.info.workspaces.is_empty() {
            vec![None]
        } else {
            self.info
                .workspaces
                .iter()
                .map(|w| Some(w.id.clone()))
                .collect()
        };
        let mut keys: Vec<Key> = Vec::new();
        for workspace_id in workspaces {
            let options = ListOptions {
                include_disabled: true,
                include_expired: true,
                workspace_id,
                concurrency: WATCH_CONCURRENCY,
                ..ListOptions::default()
            };
            keys.extend(self.client.list_keys(&options).await?);
        }
        Ok(keys)
    }

    /// The account's credits, or `None` when they could not be read.
    async fn credits_for_look(&self) -> AppResult<Option<Credits>> {
        match self.client.credits().await {
            Ok(c) => Ok(Some(c)),
            // Being told to wait or being offline stops this look; any
            // other answer only leaves the credit warnings out of it.
            Err(e) => {
                let e = AppError::from(e);
                if matches!(
                    e.code,
                    ErrorCode::RateLimited | ErrorCode::Offline | ErrorCode::Timeout
                ) {
                    return Err(e);
                }
                Ok(None)
            }
        }
    }

    /// The overview's burn rate (the last seven completed days of the
    /// account's activity), so the warning and the overview agree. Without
    /// activity, this month's completed days from the key list stand in.
    async fn burn_rate(&self, keys: &[Key], now: DateTime<Utc>) -> Option<f64> {
        let today = now.date_naive();
        if let Some(burn) = self.watch.burn_on(today) {
            return burn;
        }
        match self.client.activity(&ActivityQuery::all()).await {
            Ok(rows) => {
                let burn = insights::summarize(&rows, today)
                    .burn_rate()
                    .to_f64()
                    .filter(|b| *b > 0.0);
                self.watch.set_burn(today, burn);
                burn
            }
            Err(_) => burn_per_day(keys, now),
        }
    }

    /// The person dismissed a warning: it goes to the history.
    pub fn dismiss_alert(&self, id: &str) -> AppResult<AlertsView> {
        let condition: Condition = serde_json::from_str(id)
            .map_err(|_| AppError::invalid(Field::Other, "This warning is not known."))?;
        self.watch
            .with_state(|state| state.dismiss(&condition, Utc::now()));
        Ok(self.tell_changed())
    }

    pub fn alerts(&self) -> AlertsView {
        self.watch.view()
    }

    pub(crate) fn tell_changed(&self) -> AlertsView {
        let view = self.watch.view();
        if let Some(sink) = self.platform.alert_sink() {
            sink.changed(&view);
        }
        view
    }
}

/// Replaced keys past their grace period whose retirement failed: Keyhold
/// retires the others itself, so they need no warning.
fn not_retired(plans: Vec<RetireReminder>) -> Vec<(String, String, String)> {
    plans
        .into_iter()
        .filter(|r| r.due)
        .filter_map(|r| Some((r.old_hash, r.old_name, r.problem?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dto::RetireStep;

    fn plan(hash: &str, due: bool, problem: Option<&str>) -> RetireReminder {
        RetireReminder {
            id: format!("r-{hash}"),
            old_hash: hash.into(),
            old_name: format!("key {hash}"),
            new_hash: "new".into(),
            workspace_id: None,
            due_at: "2026-12-04T10:00:00Z".into(),
            due,
            then: RetireStep::Disable,
            problem: problem.map(str::to_string),
            retry_at: None,
        }
    }

    #[test]
    fn only_retirements_that_failed_are_warned_about() {
        let plans = vec![
            plan("waiting", false, None),
            plan("due", true, None),
            plan("stuck", true, Some("OpenRouter did not answer")),
        ];
        assert_eq!(
            not_retired(plans),
            [(
                "stuck".to_string(),
                "key stuck".to_string(),
                "OpenRouter did not answer".to_string()
            )]
        );
    }
}
