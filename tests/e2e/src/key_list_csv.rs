//! The key list export ("Export CSV…" on the keys screen): its columns and a
//! check of one row against the simulator's version of the key.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::Value;

pub const KEY_COLUMNS: [&str; 15] = [
    "name",
    "label",
    "hash",
    "status",
    "limit",
    "limit_reset",
    "limit_remaining",
    "usage_daily",
    "usage_weekly",
    "usage_monthly",
    "usage",
    "byok_usage",
    "include_byok_in_limit",
    "expires_at",
    "created_at",
];

/// Columns of the audit log export.
pub const AUDIT_COLUMNS: usize = 9;

/// `YYYY-MM-DDTHH:MM:SSZ` (what the export writes: RFC 3339, UTC, seconds).
pub fn is_iso_utc_seconds(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

pub fn parse_time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("bad time {s:?}: {e}"))
        .with_timezone(&Utc)
}

fn f64_field(row: &HashMap<String, String>, col: &str, what: &str) -> Option<f64> {
    let raw = &row[col];
    if raw.is_empty() {
        return None;
    }
    assert!(
        raw.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'e'),
        "{what}: {col} = {raw:?} is not a plain, unformatted number"
    );
    Some(
        raw.parse()
            .unwrap_or_else(|e| panic!("{what}: {col} = {raw:?}: {e}")),
    )
}

/// One exported key row against the simulator's current version of the key.
pub fn check_export_row(row: &HashMap<String, String>, snap: &Value, what: &str) {
    for col in ["name", "label", "hash"] {
        assert_eq!(row[col], snap[col].as_str().unwrap_or(""), "{what}: {col}");
    }
    assert_eq!(row["status"], "active", "{what}: status");
    for col in [
        "limit",
        "limit_remaining",
        "usage_daily",
        "usage_weekly",
        "usage_monthly",
        "usage",
        "byok_usage",
    ] {
        let got = f64_field(row, col, what);
        let want = snap[col].as_f64();
        match (got, want) {
            (Some(g), Some(w)) => {
                assert!((g - w).abs() < 1e-9, "{what}: {col} = {g}, simulator {w}")
            }
            (g, w) => assert_eq!(g, w, "{what}: {col} (empty when null)"),
        }
    }
    assert_eq!(
        row["limit_reset"],
        snap["limit_reset"].as_str().unwrap_or(""),
        "{what}: limit_reset"
    );
    assert_eq!(
        row["include_byok_in_limit"],
        snap["include_byok_in_limit"]
            .as_bool()
            .unwrap_or(false)
            .to_string(),
        "{what}: include_byok_in_limit"
    );
    for col in ["created_at", "expires_at"] {
        let got = &row[col];
        match snap[col].as_str() {
            None => assert_eq!(got, "", "{what}: {col} is null in the simulator"),
            Some(want) => {
                assert!(
                    is_iso_utc_seconds(got),
                    "{what}: {col} = {got:?} is not ISO 8601 UTC"
                );
                assert_eq!(
                    parse_time(got).timestamp(),
                    parse_time(want).timestamp(),
                    "{what}: {col} = {got}, simulator {want}"
                );
            }
        }
    }
}
