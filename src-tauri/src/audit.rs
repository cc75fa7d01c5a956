//! The audit log: every change made from the app, appended as one JSON line
//! to `audit.jsonl` in the app's data directory (owner-only file). The demo
//! writes `audit-demo.jsonl` instead, emptied at each demo start, so demo
//! changes never mix with the real account's history. Without a data
//! directory (tests) the log is kept in memory.
//!
//! Entries hold names, hashes, field values and error codes: never a key
//! string, never the management key (a test scans the file for both).

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use keyhold_ops::diff::{enabled_text, limit_text, reset_text, yes_no};
use keyhold_ops::jsonl::JsonlFile;

use crate::dto::KeyView;
use crate::dto_bulk::{AuditEntry, AuditFilter, AuditOutcome, FieldChange};
use crate::error::{AppError, AppResult, ErrorCode};

#[derive(Debug)]
pub struct AuditLog {
    file: JsonlFile,
}

impl AuditLog {
    pub fn at(path: impl Into<std::path::PathBuf>) -> Self {
        Self {
            file: JsonlFile::at(path),
        }
    }

    pub fn in_memory() -> Self {
        Self {
            file: JsonlFile::in_memory(),
        }
    }

    pub fn path(&self) -> Option<&std::path::Path> {
        self.file.path()
    }

    /// Appends an entry. A log that cannot be written must not undo or hide
    /// a change that already happened, so the failure is not returned.
    pub fn record(&self, entry: &AuditEntry) {
        let _ = self.file.append(entry);
    }

    pub fn clear(&self) {
        let _ = self.file.truncate();
    }

    /// Matching entries, newest first.
    pub fn list(&self, filter: &AuditFilter) -> AppResult<Vec<AuditEntry>> {
        let matches = Matcher::new(filter)?;
        let mut entries: Vec<AuditEntry> = self
            .file
            .read_all()
            .map_err(|_| AppError::new(ErrorCode::Internal, "The audit log could not be read."))?;
        entries.retain(|e| matches.entry(e));
        entries.reverse();
        Ok(entries)
    }
}

struct Matcher {
    key: Option<String>,
    action: Option<String>,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
}

impl Matcher {
    fn new(f: &AuditFilter) -> AppResult<Self> {
        fn text(o: &Option<String>) -> Option<&str> {
            o.as_deref().map(str::trim).filter(|t| !t.is_empty())
        }
        Ok(Self {
            key: text(&f.key).map(str::to_lowercase),
            action: text(&f.action).map(str::to_string),
            from: text(&f.from).map(|t| bound(t, "from", false)).transpose()?,
            to: text(&f.to).map(|t| bound(t, "to", true)).transpose()?,
        })
    }

    fn entry(&self, e: &AuditEntry) -> bool {
        if let Some(key) = &self.key {
            let hit = e.key_name.to_lowercase().contains(key)
                || e.key_hash
                    .as_deref()
                    .is_some_and(|h| h.to_lowercase().contains(key));
            if !hit {
                return false;
            }
        }
        if self.action.as_deref().is_some_and(|a| a != e.action) {
            return false;
        }
        if self.from.is_some() || self.to.is_some() {
            let Ok(at) = DateTime::parse_from_rfc3339(&e.time) else {
                return false;
            };
            let at = at.with_timezone(&Utc);
            if self.from.is_some_and(|f| at < f) || self.to.is_some_and(|t| at > t) {
                return false;
            }
        }
        true
    }
}

/// An RFC 3339 instant, or a `YYYY-MM-DD` day (UTC): its start for `from`,
/// its last millisecond for `to`.
fn bound(text: &str, field: &str, end_of_day: bool) -> AppResult<DateTime<Utc>> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| AppError::invalid(field, "Use a date like 2026-11-24."))?;
    let start = day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc();
    Ok(if end_of_day {
        start + chrono::Duration::days(1) - chrono::Duration::milliseconds(1)
    } else {
        start
    })
}

pub fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `ok`, or the error's outcome and stable code.
pub fn outcome_of(error: Option<&AppError>) -> (AuditOutcome, Option<String>) {
    match error {
        None => (AuditOutcome::Ok, None),
        Some(e) => (
            if e.code == ErrorCode::CreateOutcomeUnknown {
                AuditOutcome::Unknown
            } else {
                AuditOutcome::Failed
            },
            Some(code_name(e.code)),
        ),
    }
}

/// The snake_case name the UI also receives (`rate_limited`, …).
pub fn code_name(code: ErrorCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "internal".into())
}

/// An entry for one change of one key.
pub struct Change<'a> {
    pub action: &'a str,
    pub workspace_id: Option<String>,
    pub key_hash: Option<String>,
    pub key_name: String,
    pub changes: Vec<FieldChange>,
    pub batch_id: Option<String>,
}

impl Change<'_> {
    pub fn entry(self, error: Option<&AppError>) -> AuditEntry {
        let (outcome, error_code) = outcome_of(error);
        AuditEntry {
            time: now(),
            workspace_id: self.workspace_id,
            action: self.action.to_string(),
            key_hash: self.key_hash,
            key_name: self.key_name,
            changes: self.changes,
            outcome,
            error_code,
            batch_id: self.batch_id,
        }
    }
}

pub fn field(field: &str, before: Option<String>, after: Option<String>) -> FieldChange {
    FieldChange {
        field: field.to_string(),
        before,
        after,
    }
}

/// The editable fields (and expiry) that differ between two versions of a
/// key; with no `before` (a new key) every field of `after` that is set.
pub fn key_changes(before: Option<&KeyView>, after: &KeyView) -> Vec<FieldChange> {
    type Show = fn(&KeyView) -> String;
    let fields: [(&str, Show); 6] = [
        ("name", |k| k.name.clone()),
        ("limit", |k| limit_text(k.limit)),
        ("limit_reset", |k| reset_text(k.limit_reset.as_deref())),
        ("include_byok_in_limit", |k| yes_no(k.include_byok_in_limit)),
        ("disabled", |k| enabled_text(k.disabled)),
        ("expires_at", |k| {
            k.expires_at.clone().unwrap_or_else(|| "never".into())
        }),
    ];
    fields
        .iter()
        .filter_map(|(name, show)| {
            let now = show(after);
            match before {
                Some(b) => {
                    let was = show(b);
                    (was != now).then(|| field(name, Some(was), Some(now)))
                }
                None => Some(field(name, None, Some(now))),
            }
        })
        .collect()
}

/// A create that failed: what was asked for.
pub fn planned_create<'a>(
    action: &'a str,
    new: &openrouter_client::NewKey,
    batch_id: Option<String>,
) -> Change<'a> {
    let mut changes = vec![field("name", None, Some(new.name.clone()))];
    changes.push(field(
        "limit",
        None,
        Some(limit_text(new.limit.map(|u| u.to_f64()))),
    ));
    changes.push(field(
        "limit_reset",
        None,
        Some(reset_text(new.limit_reset.as_ref().map(|r| r.as_str()))),
    ));
    if let Some(b) = new.include_byok_in_limit {
        changes.push(field("include_byok_in_limit", None, Some(yes_no(b))));
    }
    changes.push(field(
        "expires_at",
        None,
        Some(
            new.expires_at
                .map(|t| openrouter_client::format_expiry(&t))
                .unwrap_or_else(|| "never".into()),
        ),
    ));
    Change {
        action,
        workspace_id: new.workspace_id.clone(),
        key_hash: None,
        key_name: new.name.clone(),
        changes,
        batch_id,
    }
}

/// A key that was created.
pub fn created<'a>(action: &'a str, key: &KeyView, batch_id: Option<String>) -> Change<'a> {
    Change {
        action,
        workspace_id: key.workspace_id.clone(),
        key_hash: Some(key.hash.clone()),
        key_name: key.name.clone(),
        changes: key_changes(None, key),
        batch_id,
    }
}

/// An update from `before` to `after` (made, or wanted when it failed).
pub fn updated<'a>(action: &'a str, before: &KeyView, after: &KeyView) -> Change<'a> {
    Change {
        action,
        workspace_id: before.workspace_id.clone(),
        key_hash: Some(before.hash.clone()),
        key_name: before.name.clone(),
        changes: key_changes(Some(before), after),
        batch_id: None,
    }
}

/// Disable or enable that worked; `before` is the last version shown, if any.
pub fn toggled<'a>(
    action: &'a str,
    hash: &str,
    before: Option<&KeyView>,
    after: &KeyView,
) -> Change<'a> {
    Change {
        action,
        workspace_id: after.workspace_id.clone(),
        key_hash: Some(hash.to_string()),
        key_name: after.name.clone(),
        changes: vec![field(
            "disabled",
            before.map(|b| enabled_text(b.disabled)),
            Some(enabled_text(after.disabled)),
        )],
        batch_id: None,
    }
}

pub fn toggle_failed<'a>(
    action: &'a str,
    hash: &str,
    before: Option<&KeyView>,
    disabled: bool,
) -> Change<'a> {
    Change {
        action,
        workspace_id: before.and_then(|b| b.workspace_id.clone()),
        key_hash: Some(hash.to_string()),
        key_name: before.map(|b| b.name.clone()).unwrap_or_default(),
        changes: vec![field(
            "disabled",
            before.map(|b| enabled_text(b.disabled)),
            Some(enabled_text(disabled)),
        )],
        batch_id: None,
    }
}

/// A delete (done or tried); `known` is the last version shown, if any.
pub fn deleted<'a>(
    action: &'a str,
    hash: &str,
    known: Option<&KeyView>,
    batch_id: Option<String>,
) -> Change<'a> {
    Change {
        action,
        workspace_id: known.and_then(|k| k.workspace_id.clone()),
        key_hash: Some(hash.to_string()),
        key_name: known.map(|k| k.name.clone()).unwrap_or_default(),
        changes: vec![field("key", Some("exists".into()), Some("deleted".into()))],
        batch_id,
    }
}

const CSV_HEADER: [&str; 9] = [
    "time",
    "workspace_id",
    "action",
    "key_hash",
    "key_name",
    "changes",
    "outcome",
    "error_code",
    "batch_id",
];

/// The entries as CSV; `changes` as `field: before -> after` joined by `; `.
pub fn to_csv(entries: &[AuditEntry]) -> AppResult<Vec<u8>> {
    let rows = entries.iter().map(|e| {
        let changes = e
            .changes
            .iter()
            .map(|c| {
                format!(
                    "{}: {} -> {}",
                    c.field,
                    c.before.as_deref().unwrap_or(""),
                    c.after.as_deref().unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let outcome = match e.outcome {
            AuditOutcome::Ok => "ok",
            AuditOutcome::Failed => "failed",
            AuditOutcome::Unknown => "unknown",
        };
        vec![
            e.time.clone(),
            e.workspace_id.clone().unwrap_or_default(),
            e.action.clone(),
            e.key_hash.clone().unwrap_or_default(),
            e.key_name.clone(),
            changes,
            outcome.to_string(),
            e.error_code.clone().unwrap_or_default(),
            e.batch_id.clone().unwrap_or_default(),
        ]
    });
    keyhold_ops::csv_out::to_bytes(&CSV_HEADER, rows)
        .map_err(|_| AppError::new(ErrorCode::Internal, "The CSV could not be written."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str, name: &str, time: &str) -> AuditEntry {
        AuditEntry {
            time: time.into(),
            workspace_id: None,
            action: action.into(),
            key_hash: Some(format!("hash-{name}")),
            key_name: name.into(),
            changes: vec![field("limit", Some("5".into()), Some("10".into()))],
            outcome: AuditOutcome::Ok,
            error_code: None,
            batch_id: None,
        }
    }

    #[test]
    fn filters_combine_and_newest_comes_first() {
        let log = AuditLog::in_memory();
        log.record(&entry("create", "Alpha", "2026-11-20T10:00:00.000Z"));
        log.record(&entry("update", "Alpha", "2026-11-21T10:00:00.000Z"));
        log.record(&entry("update", "Beta", "2026-11-22T23:59:00.000Z"));
        let all = log.list(&AuditFilter::default()).unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].key_name, "Beta");
        let f = |key: Option<&str>, action: Option<&str>, from: Option<&str>, to: Option<&str>| {
            log.list(&AuditFilter {
                key: key.map(Into::into),
                action: action.map(Into::into),
                from: from.map(Into::into),
                to: to.map(Into::into),
            })
            .unwrap()
            .len()
        };
        assert_eq!(f(Some("alp"), None, None, None), 2);
        assert_eq!(f(Some("hash-beta"), None, None, None), 1);
        assert_eq!(f(Some("hash-Beta"), None, None, None), 1);
        assert_eq!(f(None, Some("update"), None, None), 2);
        assert_eq!(f(Some("alpha"), Some("update"), None, None), 1);
        assert_eq!(f(None, None, Some("2026-11-21"), None), 2);
        assert_eq!(
            f(None, None, None, Some("2026-11-22")),
            3,
            "the whole last day"
        );
        assert_eq!(
            f(None, None, Some("2026-11-21T10:00:01Z"), Some("2026-11-21")),
            0
        );
        let bad = log.list(&AuditFilter {
            from: Some("yesterday".into()),
            ..AuditFilter::default()
        });
        assert_eq!(bad.unwrap_err().field.as_deref(), Some("from"));
    }

    #[test]
    fn csv_has_a_header_and_flat_changes() {
        let csv = to_csv(&[entry("update", "A, b", "2026-11-20T10:00:00.000Z")]).unwrap();
        let text = String::from_utf8(csv).unwrap();
        assert_eq!(
            text,
            "time,workspace_id,action,key_hash,key_name,changes,outcome,error_code,batch_id\n\
             2026-11-20T10:00:00.000Z,,update,hash-A, b,\"A, b\",limit: 5 -> 10,ok,,\n"
                .replace("hash-A, b", "\"hash-A, b\"")
        );
    }
}
