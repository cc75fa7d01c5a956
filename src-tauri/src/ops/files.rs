//! Files people choose with native dialogs (opened from Rust; the web view
//! has no file-system permission): where to save, writing, importing names.

use std::path::{Path, PathBuf};

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

/// The text of a names file: an I/O failure is a file problem (choose
/// another file), a file too large or not UTF-8 a problem with its content.
fn read_import(path: &Path) -> AppResult<String> {
    let unreadable =
        || AppError::file("The file could not be read. Choose a CSV file.").on_field(Field::File);
    let size = std::fs::metadata(path).map_err(|_| unreadable())?.len();
    if size > IMPORT_MAX_BYTES {
        return Err(AppError::invalid(
            Field::File,
            "The file is larger than 5 MB; a names list is far smaller.",
        ));
    }
    let bytes = std::fs::read(path).map_err(|_| unreadable())?;
    String::from_utf8(bytes).map_err(|_| {
        AppError::invalid(
            Field::File,
            "The file is not UTF-8 text. Save it as \"CSV UTF-8\" and import it again.",
        )
    })
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
            read_import(&path).map(Some)
        })
        .await
        .map_err(|_| AppError::new(ErrorCode::Dialog, "The open dialog failed."))??;
        Ok(picked.map(|text| bulk_input::parse_names_csv(&text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A path that cannot be read (here a folder) is a file problem, shown
    /// next to the file field; text that is not UTF-8 is a content problem.
    #[test]
    fn an_unreadable_file_is_a_file_error() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_import(dir.path()).unwrap_err();
        assert_eq!((e.code, e.field), (ErrorCode::File, Some(Field::File)));
        let bad = dir.path().join("names.csv");
        std::fs::write(&bad, [0xff, 0xfe, 0x41]).unwrap();
        let e = read_import(&bad).unwrap_err();
        assert_eq!(
            (e.code, e.field),
            (ErrorCode::InvalidInput, Some(Field::File))
        );
        std::fs::write(&bad, "name\nAda\n").unwrap();
        assert_eq!(read_import(&bad).unwrap(), "name\nAda\n");
    }
}
