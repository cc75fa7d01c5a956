//! Keyhold desktop app: Tauri commands over `openrouter-client`.
//!
//! Layout: `commands` (IPC adapters) → `app_state` (signing in and out) and
//! `session` + `ops` (everything a signed-in person does) → the client and
//! the window-free `keyhold-ops` crate. `platform` holds what the app uses
//! of the computer (keychain, clipboard, dialogs) and `desktop` the rest of
//! the desktop (one instance, the tray, starting at login); `vault` and `clipboard`
//! hold the secrets' paths; `dto`, `dto_bulk`, `dto_list` and `error` are the
//! IPC types (exported to TypeScript by ts-rs); `switches` the developer
//! switches that exist only in debug builds. `first_list` is the key list
//! walked at sign-in, `memory` gives freed heap back after large answers.

pub mod app_state;
pub mod audit;
pub mod batches;
pub mod bulk_input;
pub mod clipboard;
pub mod clock;
pub mod commands;
pub mod convert;
pub mod desktop;
pub mod dialog;
pub mod dto;
pub mod dto_bulk;
pub mod dto_guardrails;
pub mod dto_insights;
pub mod dto_list;
pub mod editing;
pub mod error;
pub mod first_list;
pub mod hardening;
pub mod keychain;
pub mod memory;
pub mod ops;
pub mod platform;
pub mod reminders;
pub mod rendering;
pub mod rotation;
pub mod session;
pub mod switches;
pub mod updates;
pub mod validation;
pub mod vault;
pub mod watch;

use std::sync::Arc;

use tauri::Manager;

use crate::app_state::{AppState, Settings};
use crate::keychain::Keychain;
use crate::platform::Platform;
use crate::switches::DevSwitches;

fn has_flag(flag: &str) -> bool {
    std::env::args().any(|a| a == flag)
}

/// The computer's keychain, clipboard and dialogs, with the developer
/// switches of this build applied.
fn platform(app: &tauri::App, switches: &DevSwitches) -> Platform {
    let mut platform = Platform::new(Arc::new(Keychain::default()));
    if let Some(after) = switches.clipboard_clear_after {
        platform.clear_after = after;
    }
    platform.set_clipboard(Arc::new(clipboard::SystemClipboard::new(
        app.handle().clone(),
    )));
    let files: Arc<dyn dialog::FileDialog> = match &switches.dialog_dir {
        Some(dir) => Arc::new(dialog::DirDialog::new(dir)),
        None => Arc::new(dialog::NativeDialog::new(app.handle().clone())),
    };
    platform.set_dialog(files);
    platform
}

// One long builder chain: the handler list names every command once.
pub fn run() {
    memory::keep_heap_compact();
    hardening::disable_core_dumps_in_release();
    rendering::prefer_plain_drawing();
    let switches = DevSwitches::from_env();
    tauri::Builder::default()
        // First, so a second launch hands over before anything else starts.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            desktop::show_main(app)
        }))
        .plugin(
            tauri_plugin_window_state::Builder::new()
                .with_state_flags(desktop::window_state_flags())
                .build(),
        )
        .plugin(
            tauri_plugin_autostart::Builder::new()
                .arg(desktop::AT_LOGIN_FLAG)
                .build(),
        )
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .plugin(tauri_plugin_notification::init())
        .manage(updates::Updates::default())
        .setup(move |app| {
            let settings = Settings {
                data_dir: app.path().app_data_dir().ok(),
                api_base: switches.api_base.clone(),
                // `--demo` is the labelled demo, not a developer switch: it
                // never touches the stored key.
                demo_requested: has_flag("--demo") || switches.demo,
                demo_if_no_key: has_flag("--demo-if-no-key"),
                clock: Default::default(),
                grace_hour: switches.grace_hour,
                watch_in_background: true,
                watch_every: switches.watch_every,
            };
            let platform = platform(app, &switches);
            platform.set_desktop(desktop::Desktop {
                tray_missing: desktop::tray::create(app).err(),
                login: Some(Arc::new(desktop::login::Autostart::new(
                    app.handle().clone(),
                ))),
            });
            watch::tell::follow_clicks(app.handle());
            platform.set_alert_sink(Arc::new(watch::tell::WindowAndDesktop::new(
                app.handle().clone(),
            )));
            app.manage(Arc::new(AppState::new(Arc::new(platform), settings)));
            desktop::hide_when_started_at_login(app.handle(), has_flag(desktop::AT_LOGIN_FLAG));
            Ok(())
        })
        .on_window_event(desktop::on_window_event)
        .invoke_handler(tauri::generate_handler![
            commands::auth::startup,
            commands::auth::sign_in,
            commands::auth::sign_in_from_clipboard,
            commands::auth::sign_in_stored,
            commands::auth::start_demo,
            commands::auth::sign_out,
            commands::keys::list_keys,
            commands::keys::get_key,
            commands::keys::create_key,
            commands::keys::edit_key,
            commands::keys::set_key_disabled,
            commands::keys::delete_key,
            commands::keys::rotate_key,
            commands::keys::retire_key,
            commands::keys::list_reminders,
            commands::keys::dismiss_reminder,
            commands::keys::run_due_retirements,
            commands::keys::dismiss_retire_notice,
            commands::keys::reveal_secret,
            commands::keys::copy_secret,
            commands::keys::close_reveal,
            commands::bulk::get_credits,
            commands::insights::account_insights,
            commands::insights::key_insights,
            commands::guardrails::list_guardrails,
            commands::guardrails::key_guardrails,
            commands::guardrails::create_guardrail,
            commands::guardrails::edit_guardrail,
            commands::guardrails::delete_guardrail,
            commands::guardrails::preview_guardrail_assign,
            commands::guardrails::assign_guardrail,
            commands::guardrails::remove_guardrail,
            commands::guardrails::guardrail_suggestions,
            commands::bulk::expand_name_pattern,
            commands::bulk::parse_names_csv,
            commands::bulk::import_names_csv,
            commands::bulk::preview_bulk_create,
            commands::bulk::start_bulk_create,
            commands::bulk::preview_bulk_edit,
            commands::bulk::start_bulk_edit,
            commands::bulk::batch_status,
            commands::bulk::cancel_batch,
            commands::bulk::retry_failed,
            commands::bulk::reveal_batch,
            commands::bulk::copy_batch_csv,
            commands::bulk::save_batch_csv,
            commands::bulk::close_batch_reveal,
            commands::bulk::export_keys_csv,
            commands::bulk::list_audit,
            commands::bulk::export_audit_csv,
            updates::about_info,
            updates::set_update_check_at_start,
            updates::check_for_update,
            updates::install_update,
            commands::alerts::get_warning_settings,
            commands::alerts::save_warning_settings,
            commands::alerts::list_alerts,
            commands::alerts::refresh_alerts,
            commands::alerts::dismiss_alert,
        ])
        .build(tauri::generate_context!())
        .expect("error while building Keyhold")
        .run(|app, event| {
            // Nothing secret outlives the app: pending reveals and clipboard
            // copies are wiped however it quits.
            if let tauri::RunEvent::Exit = event {
                if let Some(state) = app.try_state::<Arc<AppState>>() {
                    state.shutdown();
                }
            }
        });
}

#[cfg(test)]
mod tests;
