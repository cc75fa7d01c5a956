//! The app's audit log file, `audit.jsonl` in its data directory.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// `$XDG_DATA_HOME/app.keyhold.desktop/audit.jsonl`.
pub fn audit_path() -> PathBuf {
    let data = std::env::var_os("XDG_DATA_HOME").expect("XDG_DATA_HOME");
    PathBuf::from(data)
        .join("app.keyhold.desktop")
        .join("audit.jsonl")
}

/// Every entry of an audit log file, oldest first.
pub fn read_audit_at(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read the audit log {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("audit line {l:?}: {e}")))
        .collect()
}

/// Every entry of the app's audit log.
pub fn read_audit() -> Vec<Value> {
    read_audit_at(&audit_path())
}

/// The entries with this action (and, if given, this outcome).
pub fn entries<'a>(audit: &'a [Value], action: &str, outcome: Option<&str>) -> Vec<&'a Value> {
    audit
        .iter()
        .filter(|e| e["action"] == action)
        .filter(|e| outcome.is_none_or(|o| e["outcome"] == o))
        .collect()
}
