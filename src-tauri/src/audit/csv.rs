//! The audit log as CSV.

use crate::dto_bulk::{AuditEntry, AuditOutcome};
use crate::error::{AppError, AppResult};

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
            e.action.name(),
            e.key_hash.clone().unwrap_or_default(),
            e.key_name.clone(),
            changes,
            outcome.to_string(),
            e.error_code.clone().unwrap_or_default(),
            e.batch_id.clone().unwrap_or_default(),
        ]
    });
    keyhold_ops::csv_out::to_bytes(&CSV_HEADER, rows)
        .map_err(|_| AppError::file("The CSV could not be written."))
}
