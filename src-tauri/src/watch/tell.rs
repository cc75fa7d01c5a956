//! Telling the person: a desktop notification for each new warning and an
//! event that refreshes the alert centre. Texts carry names and figures
//! only (the alert engine's wording), never a key string.

use keyhold_ops::alerts::Alert;
use tauri::{AppHandle, Emitter};
use tauri_plugin_notification::NotificationExt;

use super::{AlertSink, AlertsView};
use crate::dto::SessionMode;

/// The event the window listens to; its payload is the alert centre.
pub const ALERTS_EVENT: &str = "alerts-changed";

pub struct WindowAndDesktop {
    app: AppHandle,
}

impl WindowAndDesktop {
    pub fn new(app: AppHandle) -> Self {
        WindowAndDesktop { app }
    }
}

/// More new warnings than this in one look (a first sign-in to a busy
/// account) are told in one notification, not a flood of them.
pub const MAX_SINGLE_NOTIFICATIONS: usize = 3;

/// The notifications for one look's new warnings: (title, body) each. A
/// demo's say so in the title, where a glance at the desktop lands.
pub fn notifications(alerts: &[Alert], mode: SessionMode) -> Vec<(String, String)> {
    let told: Vec<(String, String)> = if alerts.len() > MAX_SINGLE_NOTIFICATIONS {
        vec![(
            format!("{} new warnings in Keyhold", alerts.len()),
            "Open the warnings (the bell at the top of Keyhold) to see each one.".to_string(),
        )]
    } else {
        alerts
            .iter()
            .map(|a| (a.title.clone(), a.detail.clone()))
            .collect()
    };
    match mode {
        SessionMode::Demo => told
            .into_iter()
            .map(|(title, body)| (format!("{DEMO_PREFIX}{title}"), body))
            .collect(),
        SessionMode::Keychain | SessionMode::SessionOnly => told,
    }
}

/// Starts the title of every notification about the demo account.
pub const DEMO_PREFIX: &str = "Demo: ";

impl AlertSink for WindowAndDesktop {
    fn raised(&self, alerts: &[Alert], mode: SessionMode) {
        for (title, body) in notifications(alerts, mode) {
            // No notification server (a bare desktop) must not stop the
            // watch: the warnings still show in the alert centre.
            let _ = self
                .app
                .notification()
                .builder()
                .title(title)
                .body(body)
                .show();
        }
    }

    fn changed(&self, view: &AlertsView) {
        let _ = self.app.emit(ALERTS_EVENT, view);
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use keyhold_ops::alerts::Condition;

    use super::*;

    fn alert(n: usize) -> Alert {
        Alert {
            condition: Condition::KeyAppeared {
                hash: format!("h{n}"),
            },
            title: format!("title {n}"),
            detail: format!("detail {n}"),
            raised_at: Utc::now(),
            cleared_at: None,
            dismissed: false,
        }
    }

    #[test]
    fn a_few_warnings_are_told_one_by_one_many_in_one_notification() {
        let few: Vec<Alert> = (0..MAX_SINGLE_NOTIFICATIONS).map(alert).collect();
        let told = notifications(&few, SessionMode::Keychain);
        assert_eq!(told.len(), few.len());
        assert_eq!(told[0], ("title 0".to_string(), "detail 0".to_string()));
        let many: Vec<Alert> = (0..=MAX_SINGLE_NOTIFICATIONS).map(alert).collect();
        let told = notifications(&many, SessionMode::SessionOnly);
        assert_eq!(told.len(), 1);
        assert!(told[0]
            .0
            .starts_with(&format!("{} new warnings", many.len())));
    }

    #[test]
    fn every_demo_notification_says_demo_in_its_title() {
        for n in [1, MAX_SINGLE_NOTIFICATIONS + 2] {
            let alerts: Vec<Alert> = (0..n).map(alert).collect();
            let told = notifications(&alerts, SessionMode::Demo);
            assert!(!told.is_empty());
            for (title, _) in &told {
                assert!(title.starts_with("Demo: "), "{title}");
            }
            let real = notifications(&alerts, SessionMode::Keychain);
            assert!(real.iter().all(|(t, _)| !t.contains("Demo")), "{real:?}");
        }
    }
}
