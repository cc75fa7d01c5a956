//! One look of the watch: the key list walk over every workspace and
//! `GET /credits`, judged by the alert engine; and dismissing a warning.

use chrono::Utc;
use keyhold_ops::alerts::{burn_per_day, Condition, Snapshot};
use openrouter_client::{Key, ListOptions};

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
        match self.look().await {
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
        let mut keys: Vec<Key> = Vec::new();
        let workspaces: Vec<Option<String>> = if self.info.workspaces.is_empty() {
            vec![None]
        } else {
            self.info
                .workspaces
                .iter()
                .map(|w| Some(w.id.clone()))
                .collect()
        };
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
        let credits = match self.client.credits().await {
            Ok(c) => Some(c),
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
                None
            }
        };
        let now = Utc::now();
        let grace_over: Vec<(String, String)> = self
            .reminders
            .list(now)
            .into_iter()
            .filter(|r| r.due)
            .map(|r| (r.old_hash, r.old_name))
            .collect();
        let rules = self.watch.warnings.get().rules;
        let snap = Snapshot {
            now,
            keys: &keys,
            credits: credits.as_ref(),
            burn_per_day: burn_per_day(&keys, now),
            grace_over: &grace_over,
            changed_here: &here,
        };
        let outcome = self.watch.with_state(|state| state.evaluate(&rules, &snap));
        self.watch.forget_changed_here(&here);
        self.watch.set_names(
            keys.iter()
                .map(|k| (k.hash.clone(), k.name.clone()))
                .collect(),
        );
        self.watch.set_status(WatchStatus::Watching, Some(now));
        if let (Some(sink), false) = (self.platform.alert_sink(), outcome.raised.is_empty()) {
            sink.raised(&outcome.raised);
        }
        Ok(self.tell_changed())
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
