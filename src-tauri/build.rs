// Declares the app's commands so each needs an explicit permission in
// src-tauri/capabilities/ (nothing is callable by default).
include!("src/commands/names.rs");

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/src/commands/names.rs");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
