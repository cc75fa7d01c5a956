//! The system tray icon and its menu: Open Keyhold, Refresh now, Quit.

use std::sync::Arc;

use tauri::menu::{Menu, MenuEvent, MenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager};

use crate::app_state::AppState;

const OPEN: &str = "open";
const REFRESH: &str = "refresh";
const QUIT: &str = "quit";

/// Puts Keyhold in the tray, or says why it cannot be there.
pub fn create(app: &tauri::App) -> Result<(), String> {
    library_present()?;
    let open = MenuItem::with_id(app, OPEN, "Open Keyhold", true, None::<&str>);
    let refresh = MenuItem::with_id(app, REFRESH, "Refresh now", true, None::<&str>);
    let quit = MenuItem::with_id(app, QUIT, "Quit", true, None::<&str>);
    let built = (|| {
        let menu = Menu::with_items(app, &[&open?, &refresh?, &quit?])?;
        let mut tray = TrayIconBuilder::with_id("keyhold")
            .tooltip("Keyhold")
            .menu(&menu)
            .show_menu_on_left_click(true)
            .on_menu_event(on_menu);
        if let Some(icon) = app.default_window_icon() {
            tray = tray.icon(icon.clone());
        }
        tray.build(app)
    })();
    built.map(|_| ()).map_err(|e| {
        format!("The system tray could not be used ({e}), so closing the window quits Keyhold.")
    })
}

fn on_menu(app: &AppHandle, event: MenuEvent) {
    match event.id.as_ref() {
        OPEN => super::show_main(app),
        REFRESH => refresh(app),
        // The usual exit: pending clipboard copies and reveals are wiped.
        QUIT => app.exit(0),
        _ => {}
    }
}

/// Looks at the account now; signed out, it opens the window instead.
fn refresh(app: &AppHandle) {
    let session = app
        .try_state::<Arc<AppState>>()
        .and_then(|state| state.session().ok());
    match session {
        // A failure shows as the watch's status in the alert centre.
        Some(session) => drop(tauri::async_runtime::spawn(async move {
            let _ = session.refresh_alerts().await;
        })),
        None => super::show_main(app),
    }
}

/// On Linux the tray goes through the AppIndicator library, loaded at run
/// time; without it the tray would fail deep inside, so look first.
#[cfg(target_os = "linux")]
fn library_present() -> Result<(), String> {
    const NAMES: [&std::ffi::CStr; 4] = [
        c"libayatana-appindicator3.so.1",
        c"libappindicator3.so.1",
        c"libayatana-appindicator3.so",
        c"libappindicator3.so",
    ];
    let found = NAMES.iter().any(|name| {
        // SAFETY: a plain dlopen/dlclose of a library by name; nothing of
        // it is called here.
        unsafe {
            let handle = libc::dlopen(name.as_ptr(), libc::RTLD_LAZY);
            if handle.is_null() {
                false
            } else {
                libc::dlclose(handle);
                true
            }
        }
    });
    if found {
        Ok(())
    } else {
        Err("The system tray needs the AppIndicator library (package libayatana-appindicator3-1), which is not installed, so closing the window quits Keyhold.".to_string())
    }
}

#[cfg(not(target_os = "linux"))]
fn library_present() -> Result<(), String> {
    Ok(())
}
