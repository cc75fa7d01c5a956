//! Native open and save dialogs, opened from Rust (the web view has no dialog
//! or file-system permission). Behind a trait so the operations in `state`
//! are tested without a window.
//!
//! `DirDialog` replaces the dialogs in tests and, through the developer
//! switch `KEYHOLD_DIALOG_DIR` (debug builds only), in the end-to-end suite:
//! saves go to `<dir>/<suggested file name>` and opens read
//! `<dir>/import.csv` (missing file = cancelled).

use std::path::PathBuf;

/// Both calls block until the person chooses (call them off the async
/// runtime); `None` means cancelled.
pub trait FileDialog: Send + Sync + 'static {
    /// Where to save a CSV file, suggesting `file_name`.
    fn save_csv(&self, title: &str, file_name: &str) -> Option<PathBuf>;
    /// A CSV file to read.
    fn open_csv(&self, title: &str) -> Option<PathBuf>;
}

/// No dialog: a fixed directory.
pub struct DirDialog {
    pub dir: PathBuf,
}

impl DirDialog {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }
}

impl FileDialog for DirDialog {
    fn save_csv(&self, _title: &str, file_name: &str) -> Option<PathBuf> {
        std::fs::create_dir_all(&self.dir).ok()?;
        Some(self.dir.join(file_name))
    }

    fn open_csv(&self, _title: &str) -> Option<PathBuf> {
        Some(self.dir.join("import.csv")).filter(|p| p.is_file())
    }
}

/// The system's dialogs, via tauri-plugin-dialog.
pub struct NativeDialog<R: tauri::Runtime> {
    app: tauri::AppHandle<R>,
}

impl<R: tauri::Runtime> NativeDialog<R> {
    pub fn new(app: tauri::AppHandle<R>) -> Self {
        Self { app }
    }
}

impl<R: tauri::Runtime> FileDialog for NativeDialog<R> {
    fn save_csv(&self, title: &str, file_name: &str) -> Option<PathBuf> {
        use tauri_plugin_dialog::DialogExt;
        self.app
            .dialog()
            .file()
            .set_title(title)
            .set_file_name(file_name)
            .add_filter("CSV", &["csv"])
            .blocking_save_file()?
            .into_path()
            .ok()
    }

    fn open_csv(&self, title: &str) -> Option<PathBuf> {
        use tauri_plugin_dialog::DialogExt;
        self.app
            .dialog()
            .file()
            .set_title(title)
            .add_filter("CSV or text", &["csv", "txt", "tsv"])
            .blocking_pick_file()?
            .into_path()
            .ok()
    }
}
