//! Starting at login, through the OS's own mechanism (an autostart entry,
//! a launch agent, a registry value) via the autostart plugin. The OS holds
//! the truth: Keyhold asks it rather than keeping a copy that could drift.

use tauri::AppHandle;
use tauri_plugin_autostart::ManagerExt;

pub trait LoginStart: Send + Sync {
    /// Whether Keyhold starts at login; the error is a plain reason.
    fn enabled(&self) -> Result<bool, String>;
    fn set(&self, on: bool) -> Result<(), String>;
}

pub struct Autostart {
    app: AppHandle,
}

impl Autostart {
    pub fn new(app: AppHandle) -> Self {
        Autostart { app }
    }
}

impl LoginStart for Autostart {
    fn enabled(&self) -> Result<bool, String> {
        self.app
            .autolaunch()
            .is_enabled()
            .map_err(|e| e.to_string())
    }

    fn set(&self, on: bool) -> Result<(), String> {
        let login = self.app.autolaunch();
        if on { login.enable() } else { login.disable() }.map_err(|e| e.to_string())
    }
}
