//! Keyhold desktop app: Tauri commands over `openrouter-client`.
//!
//! Layout: `commands` (IPC adapters) → `state` (operations) → the client
//! crate. `keychain`, `vault` and `clipboard` hold the secrets' paths;
//! `dto`, `dto_bulk` and `error` are the IPC types (exported to TypeScript by
//! ts-rs). Bulk work (issue #4): `commands_bulk` → `state_bulk` (batches,
//! exports) over `batches`, `bulk_input`, `audit`, `dialog` and the
//! window-free `keyhold-ops` crate.

pub mod audit;
pub mod batches;
pub mod bulk_input;
pub mod clipboard;
pub mod commands;
pub mod commands_bulk;
pub mod convert;
pub mod dialog;
pub mod dto;
pub mod dto_bulk;
pub mod editing;
pub mod error;
pub mod keychain;
pub mod reminders;
pub mod rotation;
pub mod state;
pub mod validation;
pub mod vault;

use std::sync::Arc;

use tauri::Manager;

use crate::keychain::Keychain;
use crate::state::AppState;

/// `--demo` on the command line starts the embedded simulator instead of
/// reading the keychain.
fn demo_requested() -> bool {
    std::env::args().any(|a| a == "--demo") || std::env::var_os("KEYHOLD_DEMO").is_some()
}

/// `--demo-if-no-key` (the README's run command) opens the demo only when
/// no management key is stored.
fn demo_if_no_key() -> bool {
    std::env::args().any(|a| a == "--demo-if-no-key")
}

/// How long a copied key stays on the clipboard; `KEYHOLD_CLIPBOARD_CLEAR_SECS`
/// overrides the default 45 s (bounded to 5 s – 10 min).
fn clipboard_clear_after() -> std::time::Duration {
    std::env::var("KEYHOLD_CLIPBOARD_CLEAR_SECS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(|s| std::time::Duration::from_secs(s.clamp(5, 600)))
        .unwrap_or(clipboard::DEFAULT_CLEAR_AFTER)
}

pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let data_dir = app.path().app_data_dir().ok();
            let state = Arc::new(
                AppState::new(Keychain::default(), data_dir, demo_requested())
                    .with_demo_if_no_key(demo_if_no_key())
                    .with_clear_after(clipboard_clear_after()),
            );
            state.set_clipboard(Arc::new(clipboard::SystemClipboard::new(
                app.handle().clone(),
            )));
            // KEYHOLD_DIALOG_DIR (tests, end-to-end suite) replaces the dialogs.
            let files: Arc<dyn dialog::FileDialog> = match dialog::DirDialog::from_env() {
                Some(dir) => Arc::new(dir),
                None => Arc::new(dialog::NativeDialog::new(app.handle().clone())),
            };
            state.set_dialog(files);
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::startup,
            commands::sign_in,
            commands::sign_in_from_clipboard,
            commands::start_demo,
            commands::sign_out,
            commands::list_keys,
            commands::get_key,
            commands::create_key,
            commands::edit_key,
            commands::set_key_disabled,
            commands::delete_key,
            commands::rotate_key,
            commands::retire_key,
            commands::list_reminders,
            commands::dismiss_reminder,
            commands::reveal_secret,
            commands::copy_secret,
            commands::close_reveal,
            commands_bulk::get_credits,
            commands_bulk::expand_name_pattern,
            commands_bulk::parse_names_csv,
            commands_bulk::import_names_csv,
            commands_bulk::preview_bulk_create,
            commands_bulk::start_bulk_create,
            commands_bulk::preview_bulk_edit,
            commands_bulk::start_bulk_edit,
            commands_bulk::batch_status,
            commands_bulk::cancel_batch,
            commands_bulk::retry_failed,
            commands_bulk::reveal_batch,
            commands_bulk::copy_batch_csv,
            commands_bulk::save_batch_csv,
            commands_bulk::close_batch_reveal,
            commands_bulk::export_keys_csv,
            commands_bulk::list_audit,
            commands_bulk::export_audit_csv,
        ])
        .run(tauri::generate_context!())
        .expect("error while running Keyhold");
}
