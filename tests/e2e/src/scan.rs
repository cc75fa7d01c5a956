//! Scans files on disk for secret bytes.

use std::path::{Path, PathBuf};

/// The app's data, config and cache directories under the XDG dirs that
/// scripts/with-keyring.sh sets (WebKit's storage for the app lives there too).
pub fn app_dirs() -> Vec<PathBuf> {
    const IDENTIFIER: &str = "app.keyhold.desktop";
    ["XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|base| PathBuf::from(base).join(IDENTIFIER))
        .collect()
}

/// The files under `dir` (recursively) that contain `needle`; unreadable
/// entries and non-regular files are skipped. Also returns how many files were read.
pub fn files_containing(dir: &Path, needle: &[u8]) -> (Vec<PathBuf>, usize) {
    let mut hits = Vec::new();
    let mut read = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let Ok(ft) = e.file_type() else { continue };
            let path = e.path();
            if ft.is_dir() {
                stack.push(path);
            } else if ft.is_file() {
                if let Ok(bytes) = std::fs::read(&path) {
                    read += 1;
                    if contains(&bytes, needle) {
                        hits.push(path);
                    }
                }
            }
        }
    }
    (hits, read)
}

/// How many regular files there are under `dir` (recursively).
pub fn file_count(dir: &Path) -> usize {
    let mut n = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            match e.file_type() {
                Ok(ft) if ft.is_dir() => stack.push(e.path()),
                Ok(ft) if ft.is_file() => n += 1,
                _ => {}
            }
        }
    }
    n
}

/// Whether `file` contains `needle` (false when it cannot be read).
pub fn file_contains(file: &Path, needle: &[u8]) -> bool {
    std::fs::read(file).is_ok_and(|b| contains(&b, needle))
}

/// Also finds the secret stored as UTF-16 (as some storage engines do).
fn contains(hay: &[u8], needle: &[u8]) -> bool {
    if needle.is_empty() {
        return false;
    }
    if hay.windows(needle.len()).any(|w| w == needle) {
        return true;
    }
    let wide: Vec<u8> = needle.iter().flat_map(|b| [*b, 0]).collect();
    hay.windows(wide.len()).any(|w| w == wide.as_slice())
}

#[cfg(test)]
mod tests {
    use super::contains;

    #[test]
    fn finds_plain_and_utf16() {
        assert!(contains(b"xx secret yy", b"secret"));
        assert!(contains(b"s\0e\0c\0r\0e\0t\0", b"secret"));
        assert!(!contains(b"secre", b"secret"));
    }
}
