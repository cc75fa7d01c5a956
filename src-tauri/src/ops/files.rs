//! Files people choose with native dialogs (opened from Rust; the web view
//! has no file-system permission): where to save, writing, importing names.

use std::path::PathBuf;

use chrono::Utc;

use crate::bulk_input;
use crate::dto_bulk::ParsedNames;
use crate::error::{AppError, AppResult, ErrorCode, Field};
use crate::session::Session;

/// Largest names file read (a 1,000-row list is far smaller).
const IMPORT_MAX_BYTES: u64 = 5 * 1024 * 1024;

pub fn write_failed() -> AppError {
    AppError::file("The file could not be written. Choose another folder and try again.")
}

/// The time in a suggested file name.
pub fn stamp() -> String {
    Utc::now().format("%Y%m%d-%H%M").to_string()
}

impl Session {
    // ---- files ------------------------------------------------------------------

    pub(crate) async fn pick_save(
        &self,
        title: &'static str,
        file_name: String,
    ) -> AppResult<Option<PathBuf>> {
        let dialog = self.platform.dialog()?;
        tokio::task::spawn_blocking(move || dialog.save_csv(title, &file_name))
            .await
            .map_err(|_| AppError::new(ErrorCode::Dialog, "The save dialog failed."))
    }

    pub(crate) async fn write_file(&self, path: PathBuf, bytes: Vec<u8>) -> AppResult<String> {
        let shown = path.display().to_string();
        tokio::task::spawn_blocking(move || std::fs::write(&path, bytes))
            .await
            .map_err(|_| write_failed())?
            .map_err(|_| write_failed())?;
        Ok(shown)
    }

    pub async fn import_names_csv(&self) -> AppResult<Option<ParsedNames>> {
        let dialog = self.platform.dialog()?;
        let picked = tokio::task::spawn_blocking(move || {
            let Some(path) = dialog.open_csv("Import names") else {
                return Ok(None);
            };
            let unreadable = || {
                AppError::invalid(
                    Field::File,
                    "The file could not be read. Choose a CSV file.",
                )
            };
            let size = std::fs::metadata(&path).map_err(|_| unreadable())?.len();
            if size > IMPORT_MAX_BYTES {
                return Err(AppError::invalid(
                    Field::File,
                    "The file is larger than 5 MB; a names list is far smaller.",
                ));
            }
            let bytes = std::fs::read(&path).map_err(|_| unreadable())?;
            String::from_utf8(bytes).map(Some).map_err(|_| {
                AppError::invalid(
                    Field::File,
                    "The file is not UTF-8 text. Save it as \"CSV UTF-8\" and import it again.",
                )
            })
        })
        .await
        .map_err(|_| AppError::new(ErrorCode::Dialog, "The open dialog failed."))??;
        Ok(picked.map(|text| bulk_input::parse_names_csv(&text)))
    }
}
