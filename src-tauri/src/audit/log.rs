//! The audit file and its versioned record format.

use chrono::{DateTime, NaiveDate, Utc};
use keyhold_ops::jsonl::JsonlFile;

use crate::dto_bulk::{AuditAction, AuditEntry, AuditFilter, AuditOutcome, FieldChange};
use crate::error::{AppError, AppResult, Field};

/// The version of the file format written now.
const RECORD_VERSION: u32 = 1;

fn first_version() -> u32 {
    1
}

/// One line of `audit.jsonl`. Its field names are the file format and stay
/// as they are when the screen's types change, so older logs always read.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct AuditRecord {
    /// Format version; lines written before it existed are version 1.
    #[serde(default = "first_version")]
    v: u32,
    time: String,
    workspace_id: Option<String>,
    action: RecordAction,
    key_hash: Option<String>,
    key_name: String,
    #[serde(default)]
    changes: Vec<RecordedChange>,
    outcome: AuditOutcome,
    error_code: Option<String>,
    batch_id: Option<String>,
}

/// An action as the file names it. Pinned here, apart from the screen's
/// [`AuditAction`], so that renaming an action on the screen never changes
/// what older files say or how they read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) enum RecordAction {
    #[serde(rename = "create")]
    Create,
    #[serde(rename = "update")]
    Update,
    #[serde(rename = "disable")]
    Disable,
    #[serde(rename = "enable")]
    Enable,
    #[serde(rename = "delete")]
    Delete,
    #[serde(rename = "rotate_create")]
    RotateCreate,
    #[serde(rename = "retire_disable")]
    RetireDisable,
    #[serde(rename = "retire_delete")]
    RetireDelete,
    #[serde(rename = "retire_grace")]
    RetireGrace,
    #[serde(rename = "bulk_create")]
    BulkCreate,
    #[serde(rename = "bulk_update")]
    BulkUpdate,
    #[serde(rename = "bulk_disable")]
    BulkDisable,
    #[serde(rename = "bulk_enable")]
    BulkEnable,
    #[serde(rename = "bulk_delete")]
    BulkDelete,
    #[serde(rename = "bulk_replace_lost")]
    BulkReplaceLost,
    #[serde(rename = "guardrail_create")]
    GuardrailCreate,
    #[serde(rename = "guardrail_update")]
    GuardrailUpdate,
    #[serde(rename = "guardrail_delete")]
    GuardrailDelete,
    #[serde(rename = "guardrail_assign")]
    GuardrailAssign,
    #[serde(rename = "guardrail_remove")]
    GuardrailRemove,
    /// An action written by a newer Keyhold: kept, not dropped.
    #[serde(rename = "other", other)]
    Other,
}

impl From<AuditAction> for RecordAction {
    fn from(action: AuditAction) -> Self {
        use AuditAction as S;
        use RecordAction as R;
        match action {
            S::Create => R::Create,
            S::Update => R::Update,
            S::Disable => R::Disable,
            S::Enable => R::Enable,
            S::Delete => R::Delete,
            S::RotateCreate => R::RotateCreate,
            S::RetireDisable => R::RetireDisable,
            S::RetireDelete => R::RetireDelete,
            S::RetireGrace => R::RetireGrace,
            S::BulkCreate => R::BulkCreate,
            S::BulkUpdate => R::BulkUpdate,
            S::BulkDisable => R::BulkDisable,
            S::BulkEnable => R::BulkEnable,
            S::BulkDelete => R::BulkDelete,
            S::BulkReplaceLost => R::BulkReplaceLost,
            S::GuardrailCreate => R::GuardrailCreate,
            S::GuardrailUpdate => R::GuardrailUpdate,
            S::GuardrailDelete => R::GuardrailDelete,
            S::GuardrailAssign => R::GuardrailAssign,
            S::GuardrailRemove => R::GuardrailRemove,
            S::Other => R::Other,
        }
    }
}

impl From<RecordAction> for AuditAction {
    fn from(action: RecordAction) -> Self {
        use AuditAction as S;
        use RecordAction as R;
        match action {
            R::Create => S::Create,
            R::Update => S::Update,
            R::Disable => S::Disable,
            R::Enable => S::Enable,
            R::Delete => S::Delete,
            R::RotateCreate => S::RotateCreate,
            R::RetireDisable => S::RetireDisable,
            R::RetireDelete => S::RetireDelete,
            R::RetireGrace => S::RetireGrace,
            R::BulkCreate => S::BulkCreate,
            R::BulkUpdate => S::BulkUpdate,
            R::BulkDisable => S::BulkDisable,
            R::BulkEnable => S::BulkEnable,
            R::BulkDelete => S::BulkDelete,
            R::BulkReplaceLost => S::BulkReplaceLost,
            R::GuardrailCreate => S::GuardrailCreate,
            R::GuardrailUpdate => S::GuardrailUpdate,
            R::GuardrailDelete => S::GuardrailDelete,
            R::GuardrailAssign => S::GuardrailAssign,
            R::GuardrailRemove => S::GuardrailRemove,
            R::Other => S::Other,
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct RecordedChange {
    field: String,
    before: Option<String>,
    after: Option<String>,
}

impl From<&AuditEntry> for AuditRecord {
    fn from(e: &AuditEntry) -> Self {
        Self {
            v: RECORD_VERSION,
            time: e.time.clone(),
            workspace_id: e.workspace_id.clone(),
            action: e.action.into(),
            key_hash: e.key_hash.clone(),
            key_name: e.key_name.clone(),
            changes: e
                .changes
                .iter()
                .map(|c| RecordedChange {
                    field: c.field.clone(),
                    before: c.before.clone(),
                    after: c.after.clone(),
                })
                .collect(),
            outcome: e.outcome,
            error_code: e.error_code.clone(),
            batch_id: e.batch_id.clone(),
        }
    }
}

impl From<AuditRecord> for AuditEntry {
    fn from(r: AuditRecord) -> Self {
        Self {
            time: r.time,
            workspace_id: r.workspace_id,
            action: r.action.into(),
            key_hash: r.key_hash,
            key_name: r.key_name,
            changes: r
                .changes
                .into_iter()
                .map(|c| FieldChange {
                    field: c.field,
                    before: c.before,
                    after: c.after,
                })
                .collect(),
            outcome: r.outcome,
            error_code: r.error_code,
            batch_id: r.batch_id,
        }
    }
}

#[derive(Debug)]
pub struct AuditLog {
    pub(super) file: JsonlFile,
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
        let _ = self.file.append(&AuditRecord::from(entry));
    }

    pub fn clear(&self) {
        let _ = self.file.truncate();
    }

    /// Matching entries, newest first.
    pub fn list(&self, filter: &AuditFilter) -> AppResult<Vec<AuditEntry>> {
        let matches = Matcher::new(filter)?;
        let records: Vec<AuditRecord> = self
            .file
            .read_all()
            .map_err(|_| AppError::file("The audit log could not be read."))?;
        let mut entries: Vec<AuditEntry> = records.into_iter().map(AuditEntry::from).collect();
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
            from: text(&f.from)
                .map(|t| bound(t, Field::DateFrom, false))
                .transpose()?,
            to: text(&f.to)
                .map(|t| bound(t, Field::DateTo, true))
                .transpose()?,
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
        if self.action.as_deref().is_some_and(|a| a != e.action.name()) {
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
fn bound(text: &str, field: Field, end_of_day: bool) -> AppResult<DateTime<Utc>> {
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
