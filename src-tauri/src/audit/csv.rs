//! The audit log as CSV.

use keyhold_ops::csv_out::Column;

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
    // Every column is text, times and codes included.
    let columns = [Column::Text; CSV_HEADER.len()];
    keyhold_ops::csv_out::to_bytes(&CSV_HEADER, &columns, rows)
        .map_err(|_| AppError::file("The CSV could not be written."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dto_bulk::{AuditAction, FieldChange};

    /// Every audit column is text: a name or value that looks like a number
    /// is still neutralised.
    #[test]
    fn number_looking_text_is_neutralised() {
        let entry = AuditEntry {
            time: "2026-11-20T10:00:00.000Z".into(),
            workspace_id: Some("-1".into()),
            action: AuditAction::Update,
            key_hash: Some("+1".into()),
            key_name: "-5".into(),
            changes: vec![FieldChange {
                field: "-limit".into(),
                before: None,
                after: Some("5".into()),
            }],
            outcome: AuditOutcome::Ok,
            error_code: None,
            batch_id: Some("-2".into()),
        };
        let csv = String::from_utf8(to_csv(&[entry]).unwrap()).unwrap();
        assert_eq!(
            csv.lines().nth(1).unwrap(),
            "2026-11-20T10:00:00.000Z,'-1,update,'+1,'-5,'-limit:  -> 5,ok,,'-2"
        );
    }
}
