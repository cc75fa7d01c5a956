//! Telling the person: a desktop notification for each new warning and an
//! event that refreshes the alert centre. Texts carry names and figures
//! only (the alert engine's wording), never a key string.

use keyhold_ops::alerts::Alert;
use tauri::{AppHandle, Emitter};
use tauri_plugin_notification::NotificationExt;

use super::{AlertSink, AlertsView};

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

/// The notifications for one look's new warnings: (title, body) each.
pub fn notifications(alerts: &[Alert]) -> Vec<(String, String)> {
    if alerts.len() > MAX_SINGLE_NOTIFICATIONS {
        return vec![(
            format!("{} new warnings in Keyhold", alerts.len()),
            "Open the warnings (the bell at the top of Keyhold) to see each one.".to_string(),
        )];
    }
    alerts
        .iter()
        .map(|a| (a.title.clone(), a.detail.clone()))
        .collect()
}

impl AlertSink for WindowAndDesktop {
    fn raised(&self, alerts: &[Alert]) {
        for (title, body) in notifications(alerts) {
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
        let told = notifications(&few);
        assert_eq!(told.len(), few.len());
        assert_eq!(told[0], ("title 0".to_string(), "detail 0".to_string()));
        let many: Vec<Alert> = (0..=MAX_SINGLE_NOTIFICATIONS).map(alert).collect();
        let told = notifications(&many);
        assert_eq!(told.len(), 1);
        assert!(told[0]
            .0
            .starts_with(&format!("{} new warnings", many.len())));
    }
}
