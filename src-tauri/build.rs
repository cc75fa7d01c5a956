// Declares the app's commands so each needs an explicit permission in
// src-tauri/capabilities/ (nothing is callable by default).
const COMMANDS: &[&str] = &[
    "startup",
    "sign_in",
    "sign_in_from_clipboard",
    "start_demo",
    "sign_out",
    "list_keys",
    "get_key",
    "create_key",
    "edit_key",
    "set_key_disabled",
    "delete_key",
    "rotate_key",
    "retire_key",
    "list_reminders",
    "dismiss_reminder",
    "reveal_secret",
    "copy_secret",
    "close_reveal",
    "get_credits",
    "expand_name_pattern",
    "parse_names_csv",
    "import_names_csv",
    "preview_bulk_create",
    "start_bulk_create",
    "preview_bulk_edit",
    "start_bulk_edit",
    "batch_status",
    "cancel_batch",
    "retry_failed",
    "reveal_batch",
    "copy_batch_csv",
    "save_batch_csv",
    "close_batch_reveal",
    "export_keys_csv",
    "list_audit",
    "export_audit_csv",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
