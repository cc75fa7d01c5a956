//! Keyhold on the desktop beyond its window: one instance only, the system
//! tray that keeps the watch going while the window is closed, and starting
//! at login. The choices live in the warning settings; what the computer
//! offers (a tray, login items) is found out at start.

pub mod login;
pub mod tray;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tauri::{AppHandle, Manager, Window, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

use crate::app_state::AppState;
use crate::dto::StartupInfo;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::watch::{WarningSettings, Warnings};
pub use login::LoginStart;

/// The window's label in tauri.conf.json.
pub const MAIN_WINDOW: &str = "main";

/// What is remembered of the window: never whether it was shown, so a
/// Keyhold quit from the tray still opens its window next time.
pub fn window_state_flags() -> StateFlags {
    StateFlags::all() - StateFlags::VISIBLE
}

/// What this computer offers beyond the window.
pub struct Desktop {
    /// Why closing the window cannot leave Keyhold in the tray; `None` when
    /// it can.
    pub tray_missing: Option<String>,
    /// Starting at login; `None` where it cannot be set up.
    pub login: Option<Arc<dyn LoginStart>>,
}

const NO_TRAY: &str =
    "This desktop has no system tray Keyhold can use, so closing the window quits Keyhold.";
const NO_LOGIN: &str = "Keyhold cannot set itself to start at login on this computer.";

impl Desktop {
    /// Nothing beyond the window (tests, and a computer without either).
    pub fn bare() -> Self {
        Desktop {
            tray_missing: Some(NO_TRAY.to_string()),
            login: None,
        }
    }

    /// The settings form with what the computer offers filled in.
    pub fn form(&self, warnings: &Warnings) -> WarningSettings {
        let stored = warnings.get();
        let mut form = WarningSettings::from(&stored);
        form.keep_watching = stored.keep_watching && self.tray_missing.is_none();
        form.keep_watching_unavailable = self.tray_missing.clone();
        match self.login.as_ref().map(|l| l.enabled()) {
            Some(Ok(on)) => form.start_at_login = on,
            Some(Err(problem)) => form.start_at_login_unavailable = Some(problem),
            None => form.start_at_login_unavailable = Some(NO_LOGIN.to_string()),
        }
        form
    }

    /// Checks the form, switches starting at login if it changed, then
    /// stores the rest. Without a tray the stored "keep watching" stays as
    /// it was: the tray may be there next time.
    pub fn save(&self, warnings: &Warnings, form: &WarningSettings) -> AppResult<WarningSettings> {
        let mut stored = form.parse()?;
        if self.tray_missing.is_some() {
            stored.keep_watching = warnings.get().keep_watching;
        }
        if let Some(login) = &self.login {
            if login.enabled().ok() != Some(form.start_at_login) {
                login.set(form.start_at_login).map_err(|problem| {
                    AppError::new(
                        ErrorCode::Config,
                        format!("Starting at login could not be changed: {problem}"),
                    )
                })?;
            }
        }
        warnings.save(stored)?;
        Ok(self.form(warnings))
    }

    /// Closing the window leaves Keyhold in the tray, watching.
    pub fn hides_on_close(&self, warnings: &Warnings) -> bool {
        self.tray_missing.is_none() && warnings.get().keep_watching
    }
}

/// What the login item passes, so a start at login is told apart from one
/// the person made.
pub const AT_LOGIN_FLAG: &str = "--at-login";

/// Set while a start at login keeps the window hidden, until the first look
/// at the stored key tells whether there is anything to watch.
struct StartedHidden(AtomicBool);

/// Started at login, Keyhold goes straight to the tray to watch when the
/// person chose to keep watching and there is a tray; otherwise (or started
/// by hand) its window shows as usual.
pub fn hide_when_started_at_login(app: &AppHandle, at_login: bool) {
    let Some(state) = app.try_state::<Arc<AppState>>() else {
        return;
    };
    if at_login && state.platform.desktop().hides_on_close(&state.warnings) {
        if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
            if window.hide().is_ok() {
                app.manage(StartedHidden(AtomicBool::new(true)));
            }
        }
    }
}

/// After the first look at the stored key: a start at login with nothing to
/// watch (no key stored, one that failed, one waiting for a go-ahead) shows
/// the window after all, since the person has something to do.
pub fn after_startup(app: &AppHandle, info: &StartupInfo) {
    let watching = info.session.is_some() || info.demo_requested;
    let was_hidden = app
        .try_state::<StartedHidden>()
        .is_some_and(|hidden| hidden.0.swap(false, Ordering::SeqCst));
    if was_hidden && !watching {
        show_main(app);
    }
}

/// Brings the window back: a second launch, the tray's "Open Keyhold", a
/// click on a notification.
pub fn show_main(app: &AppHandle) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

/// Closing the main window hides it when the person chose to keep watching
/// and there is a tray to come back from; otherwise it closes and Keyhold
/// quits through its usual exit (which wipes pending copies and reveals).
pub fn on_window_event(window: &Window, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    if window.label() != MAIN_WINDOW {
        return;
    }
    let app = window.app_handle();
    let Some(state) = app.try_state::<Arc<AppState>>() else {
        return;
    };
    if state.platform.desktop().hides_on_close(&state.warnings) {
        api.prevent_close();
        // Saved now: a hidden Keyhold may end with the session, not a quit.
        let _ = app.save_window_state(window_state_flags());
        let _ = window.hide();
    }
}

#[cfg(test)]
mod tests;
