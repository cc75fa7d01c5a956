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

impl AlertSink for WindowAndDesktop {
    fn raised(&self, alert: &Alert) {
        // No notification server (a bare desktop) must not stop the watch:
        // the warning still shows in the alert centre.
        let _ = self
            .app
            .notification()
            .builder()
            .title(&alert.title)
            .body(&alert.detail)
            .show();
    }

    fn changed(&self, view: &AlertsView) {
        let _ = self.app.emit(ALERTS_EVENT, view);
    }
}
