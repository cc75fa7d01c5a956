//! The memory of the watch: which warnings were already told, so each is
//! told once — again only after it cleared and came back, or in a new
//! window. Saved between runs so a restart does not repeat them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::conditions::{findings, Condition, Finding, Snapshot};
use super::rules::AlertRules;

/// A warning as the alert centre keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    pub condition: Condition,
    pub title: String,
    pub detail: String,
    pub raised_at: DateTime<Utc>,
    /// When it stopped holding or was dismissed (history only).
    #[serde(default)]
    pub cleared_at: Option<DateTime<Utc>>,
    /// Dismissed by the person: hidden, and not told again until it stops
    /// holding and comes back.
    #[serde(default)]
    pub dismissed: bool,
}

/// How many past warnings the history keeps.
pub const HISTORY_MAX: usize = 200;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct WatchState {
    /// Warnings holding now, by identity.
    active: Vec<Alert>,
    /// Past warnings, newest first.
    history: Vec<Alert>,
    /// The key list of the last refresh (hash → name); `None` before the
    /// first, so the first refresh reports nothing as created or deleted.
    seen_keys: Option<BTreeMap<String, String>>,
}

/// What one refresh changed.
#[derive(Debug, Default)]
pub struct Outcome {
    /// New warnings: each is told once (desktop notification).
    pub raised: Vec<Alert>,
    /// Warnings that no longer hold.
    pub cleared: Vec<Alert>,
}

impl WatchState {
    /// Warnings holding now that the person has not dismissed.
    pub fn active(&self) -> impl Iterator<Item = &Alert> {
        self.active.iter().filter(|a| !a.dismissed)
    }

    pub fn history(&self) -> &[Alert] {
        &self.history
    }

    /// Applies one refresh: what holds now and was not active is raised;
    /// what was active and no longer holds is cleared into the history.
    pub fn evaluate(&mut self, rules: &AlertRules, snap: &Snapshot) -> Outcome {
        let now: Vec<Finding> = findings(rules, snap, self.seen_keys.as_ref());
        let mut outcome = Outcome::default();
        let (kept, gone): (Vec<Alert>, Vec<Alert>) = std::mem::take(&mut self.active)
            .into_iter()
            .partition(|a| now.iter().any(|f| f.condition == a.condition));
        self.active = kept;
        for mut alert in gone {
            alert.cleared_at = Some(snap.now);
            outcome.cleared.push(alert);
        }
        for finding in now {
            if let Some(active) = self
                .active
                .iter_mut()
                .find(|a| a.condition == finding.condition)
            {
                // Same warning, fresher figures: update the words, tell nobody.
                active.title = finding.title;
                active.detail = finding.detail;
                continue;
            }
            let alert = Alert {
                condition: finding.condition,
                title: finding.title,
                detail: finding.detail,
                raised_at: snap.now,
                cleared_at: None,
                dismissed: false,
            };
            self.active.push(alert.clone());
            outcome.raised.push(alert);
        }
        // A dismissed warning is in the history already.
        outcome.cleared.retain(|a| !a.dismissed);
        for alert in outcome.cleared.iter().rev() {
            self.history.insert(0, alert.clone());
        }
        self.history.truncate(HISTORY_MAX);
        self.seen_keys = Some(
            snap.keys
                .iter()
                .map(|k| (k.hash.clone(), k.name.clone()))
                .collect(),
        );
        outcome
    }

    /// The person dismissed a warning: it moves to the history and is not
    /// told again while it keeps holding.
    pub fn dismiss(&mut self, condition: &Condition, at: DateTime<Utc>) -> bool {
        let Some(alert) = self
            .active
            .iter_mut()
            .find(|a| &a.condition == condition && !a.dismissed)
        else {
            return false;
        };
        alert.dismissed = true;
        let mut past = alert.clone();
        past.cleared_at = Some(at);
        self.history.insert(0, past);
        self.history.truncate(HISTORY_MAX);
        true
    }
}
