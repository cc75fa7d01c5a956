//! An append-only JSON-lines file (one JSON object per line), or the same in
//! memory. Backs the audit log: entries are only ever appended; a line that
//! cannot be read back (a crash mid-write, a hand edit) is skipped, not fatal.

use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::de::DeserializeOwned;
use serde::Serialize;

#[derive(Debug)]
pub struct JsonlFile {
    path: Option<PathBuf>,
    /// Serializes appends (whole lines) and holds the lines when in memory.
    memory: Mutex<Vec<String>>,
}

impl JsonlFile {
    /// Lines go to `path` (created owner-only on first append).
    pub fn at(path: impl Into<PathBuf>) -> Self {
        Self {
            path: Some(path.into()),
            memory: Mutex::new(Vec::new()),
        }
    }

    /// Lines are kept in memory only.
    pub fn in_memory() -> Self {
        Self {
            path: None,
            memory: Mutex::new(Vec::new()),
        }
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Appends one record as one line.
    pub fn append<T: Serialize>(&self, record: &T) -> io::Result<()> {
        let mut line = serde_json::to_string(record)?;
        let mut memory = self.memory.lock().unwrap_or_else(|p| p.into_inner());
        match &self.path {
            None => memory.push(line),
            Some(path) => {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                let mut file = crate::owner_only::append_owner_only(path)?;
                if !ends_with_newline(path)? {
                    // A line cut short (crash mid-write) stays alone on its line.
                    line.insert(0, '\n');
                }
                line.push('\n');
                file.write_all(line.as_bytes())?;
            }
        }
        Ok(())
    }

    /// Every readable record, oldest first. A missing file is empty.
    pub fn read_all<T: DeserializeOwned>(&self) -> io::Result<Vec<T>> {
        let memory = self.memory.lock().unwrap_or_else(|p| p.into_inner());
        match &self.path {
            None => Ok(memory
                .iter()
                .filter_map(|l| serde_json::from_str(l).ok())
                .collect()),
            Some(path) => {
                let file = match std::fs::File::open(path) {
                    Ok(f) => f,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
                    Err(e) => return Err(e),
                };
                let mut out = Vec::new();
                for line in BufReader::new(file).lines() {
                    let line = line?;
                    if let Ok(record) = serde_json::from_str(&line) {
                        out.push(record);
                    }
                }
                Ok(out)
            }
        }
    }

    /// Empties the log (the demo's own log, at each demo start).
    pub fn truncate(&self) -> io::Result<()> {
        let mut memory = self.memory.lock().unwrap_or_else(|p| p.into_inner());
        memory.clear();
        match &self.path {
            Some(path) if path.exists() => std::fs::write(path, b""),
            _ => Ok(()),
        }
    }
}

/// True for an empty or missing file, or one whose last byte is `\n`.
fn ends_with_newline(path: &Path) -> io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    if file.metadata()?.len() == 0 {
        return Ok(true);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Rec {
        n: u32,
        text: String,
    }

    #[test]
    fn appends_lines_and_skips_broken_ones() {
        let dir = tempfile::tempdir().unwrap();
        let log = JsonlFile::at(dir.path().join("sub/audit.jsonl"));
        assert!(log.read_all::<Rec>().unwrap().is_empty());
        log.append(&Rec {
            n: 1,
            text: "a\nb".into(),
        })
        .unwrap();
        log.append(&Rec {
            n: 2,
            text: "c".into(),
        })
        .unwrap();
        let path = log.path().unwrap().to_path_buf();
        let mut raw = std::fs::read_to_string(&path).unwrap();
        assert_eq!(raw.lines().count(), 2);
        raw.push_str("{\"n\": 3, \"te");
        std::fs::write(&path, raw).unwrap();
        log.append(&Rec {
            n: 4,
            text: "d".into(),
        })
        .unwrap();
        let all: Vec<Rec> = log.read_all().unwrap();
        // The broken line is skipped; the record after it starts a new line.
        assert_eq!(all.iter().map(|r| r.n).collect::<Vec<_>>(), vec![1, 2, 4]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }

    /// A log left readable by others (an older version, a copy, a hand edit)
    /// is made owner-only again at the next append.
    #[cfg(unix)]
    #[test]
    fn an_existing_log_is_tightened_on_append() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        std::fs::write(&path, "{\"n\":1,\"text\":\"a\"}\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let log = JsonlFile::at(&path);
        log.append(&Rec {
            n: 2,
            text: "b".into(),
        })
        .unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let all: Vec<Rec> = log.read_all().unwrap();
        assert_eq!(all.iter().map(|r| r.n).collect::<Vec<_>>(), vec![1, 2]);
    }

    #[test]
    fn in_memory_and_truncate() {
        let log = JsonlFile::in_memory();
        log.append(&Rec {
            n: 1,
            text: "x".into(),
        })
        .unwrap();
        assert_eq!(log.read_all::<Rec>().unwrap().len(), 1);
        log.truncate().unwrap();
        assert!(log.read_all::<Rec>().unwrap().is_empty());
    }
}
