//! Telling the person: a desktop notification for each new warning and an
//! event that refreshes the alert centre. Texts carry names and figures
//! only (the alert engine's wording), never a key string.

use keyhold_ops::alerts::Alert;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter};
use tauri_plugin_notification::{ActionPerformed, NotificationExt};
use ts_rs::TS;

use super::{AlertSink, AlertsView};
use crate::dto::SessionMode;

/// The event the window listens to; its payload is the alert centre.
pub const ALERTS_EVENT: &str = "alerts-changed";

/// A click on one of Keyhold's desktop notifications: the window comes back
/// and opens what the notification was about.
pub const NOTIFICATION_CLICKED_EVENT: &str = "notification-clicked";

/// What a clicked notification was about: one key (its page opens), or
/// several warnings at once (the alert centre opens).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NotificationClicked {
    pub key_hash: Option<String>,
}

/// Where the notification's own payload keeps the key it is about.
const KEY_EXTRA: &str = "keyhold_key";

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

/// One desktop notification: its words and what a click on it opens.
#[derive(Debug, Clone, PartialEq)]
pub struct Told {
    pub title: String,
    pub body: String,
    pub opens: NotificationClicked,
}

/// The notifications for one look's new warnings. A demo's say so in the
/// title, where a glance at the desktop lands.
pub fn notifications(alerts: &[Alert], mode: SessionMode) -> Vec<Told> {
    let told: Vec<Told> = if alerts.len() > MAX_SINGLE_NOTIFICATIONS {
        vec![Told {
            title: format!("{} new warnings in Keyhold", alerts.len()),
            body: "Open the warnings (the bell at the top of Keyhold) to see each one.".to_string(),
            opens: NotificationClicked { key_hash: None },
        }]
    } else {
        alerts
            .iter()
            .map(|a| Told {
                title: a.title.clone(),
                body: a.detail.clone(),
                opens: NotificationClicked {
                    key_hash: a.condition.key_hash().map(str::to_string),
                },
            })
            .collect()
    };
    match mode {
        SessionMode::Demo => told
            .into_iter()
            .map(|t| Told {
                title: format!("{DEMO_PREFIX}{}", t.title),
                ..t
            })
            .collect(),
        SessionMode::Keychain | SessionMode::SessionOnly => told,
    }
}

/// What a click on a notification opens, read back from its payload; `None`
/// for a notification that is not one of the warnings.
pub fn clicked(performed: &ActionPerformed) -> Option<NotificationClicked> {
    // "tap" is a click on the notification itself; its buttons are not used.
    if performed.action_id() != "tap" {
        return None;
    }
    let extra = performed.notification()?.extra();
    let opens = extra.get(KEY_EXTRA)?;
    serde_json::from_value(opens.clone()).ok()
}

/// Brings the window back and has it open what the clicked notification was
/// about. Registered once at start; runs on the notification plugin's thread.
pub fn follow_clicks(app: &AppHandle) {
    let handle = app.clone();
    let _ = app.notification().on_action(move |performed| {
        if let Some(opens) = clicked(performed) {
            crate::desktop::show_main(&handle);
            let _ = handle.emit(NOTIFICATION_CLICKED_EVENT, opens);
        }
    });
}

/// Starts the title of every notification about the demo account.
pub const DEMO_PREFIX: &str = "Demo: ";

impl AlertSink for WindowAndDesktop {
    fn raised(&self, alerts: &[Alert], mode: SessionMode) {
        for told in notifications(alerts, mode) {
            // No notification server (a bare desktop) must not stop the
            // watch: the warnings still show in the alert centre.
            let _ = self
                .app
                .notification()
                .builder()
                .title(told.title)
                .body(told.body)
                .extra(KEY_EXTRA, told.opens)
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
        assert_eq!(
            told[0],
            Told {
                title: "title 0".to_string(),
                body: "detail 0".to_string(),
                opens: NotificationClicked {
                    key_hash: Some("h0".to_string())
                },
            }
        );
        let many: Vec<Alert> = (0..=MAX_SINGLE_NOTIFICATIONS).map(alert).collect();
        let told = notifications(&many, SessionMode::SessionOnly);
        assert_eq!(told.len(), 1);
        assert!(told[0]
            .title
            .starts_with(&format!("{} new warnings", many.len())));
        assert_eq!(told[0].opens, NotificationClicked { key_hash: None });
    }

    #[test]
    fn every_demo_notification_says_demo_in_its_title() {
        for n in [1, MAX_SINGLE_NOTIFICATIONS + 2] {
            let alerts: Vec<Alert> = (0..n).map(alert).collect();
            let told = notifications(&alerts, SessionMode::Demo);
            assert!(!told.is_empty());
            for t in &told {
                assert!(t.title.starts_with("Demo: "), "{}", t.title);
            }
            let real = notifications(&alerts, SessionMode::Keychain);
            assert!(real.iter().all(|t| !t.title.contains("Demo")), "{real:?}");
        }
    }

    fn performed(action: &str, extra: serde_json::Value) -> ActionPerformed {
        serde_json::from_value(serde_json::json!({
            "actionId": action,
            "inputValue": null,
            "notification": { "id": 7, "title": "t", "body": "b", "extra": extra },
        }))
        .expect("the plugin's payload shape")
    }

    #[test]
    fn a_click_on_a_warning_opens_its_key_and_nothing_else_opens_anything() {
        let told = &notifications(&[alert(3)], SessionMode::Keychain)[0];
        let extra = serde_json::json!({ KEY_EXTRA: told.opens });
        assert_eq!(
            clicked(&performed("tap", extra.clone())),
            Some(NotificationClicked {
                key_hash: Some("h3".to_string())
            })
        );
        assert_eq!(clicked(&performed("dismiss", extra)), None);
        assert_eq!(clicked(&performed("tap", serde_json::json!({}))), None);
        let summary = serde_json::json!({ KEY_EXTRA: { "key_hash": null } });
        assert_eq!(
            clicked(&performed("tap", summary)),
            Some(NotificationClicked { key_hash: None })
        );
    }
}
