//! The account's figures and the CSV exports of the key list and the audit log.

use chrono::Utc;
use keyhold_ops::csv_out::{self, Column};
use keyhold_ops::status::key_status;

use super::files::{stamp, write_failed};
use crate::audit;
use crate::dto::KeyView;
use crate::dto_bulk::{AuditEntry, AuditFilter, CreditsView};
use crate::error::{AppError, AppResult};
use crate::session::Session;

/// Columns of the key list export, in order.
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

/// How each column of the key list export is written: money as numbers,
/// everything else as text.
const KEY_COLUMN_KINDS: [Column; 15] = {
    use Column::{Number as N, Text as T};
    [T, T, T, T, N, T, N, N, N, N, N, N, T, T, T]
};

/// The visible key list as CSV: no key strings; numbers unformatted,
/// empty when null; dates as received (RFC 3339 UTC).
pub fn keys_csv(keys: &[KeyView]) -> AppResult<Vec<u8>> {
    let now = Utc::now();
    let opt = |n: Option<f64>| n.map(csv_out::number).unwrap_or_default();
    let rows = keys.iter().map(|k| {
        vec![
            k.name.clone(),
            k.label.clone(),
            k.hash.clone(),
            key_status(k.disabled, k.expires_at.as_deref(), k.limit_remaining, now).to_string(),
            opt(k.limit),
            k.limit_reset.clone().unwrap_or_default(),
            opt(k.limit_remaining),
            csv_out::number(k.usage_daily),
            csv_out::number(k.usage_weekly),
            csv_out::number(k.usage_monthly),
            csv_out::number(k.usage),
            csv_out::number(k.byok_usage),
            k.include_byok_in_limit.to_string(),
            k.expires_at.clone().unwrap_or_default(),
            k.created_at.clone().unwrap_or_default(),
        ]
    });
    csv_out::to_bytes(&KEY_COLUMNS, &KEY_COLUMN_KINDS, rows).map_err(|_| write_failed())
}

impl Session {
    pub async fn credits(&self) -> AppResult<CreditsView> {
        let c = self.client.credits().await?;
        Ok(CreditsView {
            total_credits: c.total_credits,
            total_usage: c.total_usage,
            remaining: c.remaining(),
        })
    }

    pub async fn export_keys_csv(&self, keys: Vec<KeyView>) -> AppResult<Option<String>> {
        let bytes = keys_csv(&keys)?;
        let name = format!("keyhold-keys-{}.csv", stamp());
        match self.pick_save("Export keys as CSV", name).await? {
            Some(path) => self.write_file(path, bytes).await.map(Some),
            None => Ok(None),
        }
    }

    pub async fn list_audit(&self, filter: &AuditFilter) -> AppResult<Vec<AuditEntry>> {
        let log = self.audit.clone();
        let filter = filter.clone();
        tokio::task::spawn_blocking(move || log.list(&filter))
            .await
            .map_err(|_| AppError::file("The audit log could not be read."))?
    }

    pub async fn export_audit_csv(&self, filter: &AuditFilter) -> AppResult<Option<String>> {
        let entries = self.list_audit(filter).await?;
        let bytes = audit::to_csv(&entries)?;
        let name = format!("keyhold-audit-{}.csv", stamp());
        match self.pick_save("Export audit log as CSV", name).await? {
            Some(path) => self.write_file(path, bytes).await.map(Some),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str, label: &str) -> KeyView {
        KeyView {
            hash: "-h".into(),
            name: name.into(),
            label: label.into(),
            disabled: false,
            limit: Some(-5.0),
            limit_remaining: Some(12.5),
            limit_reset: Some("=monthly".into()),
            include_byok_in_limit: true,
            usage: 0.0,
            usage_daily: 0.0,
            usage_weekly: 0.0,
            usage_monthly: 0.0,
            byok_usage: 1.0,
            byok_usage_daily: 0.0,
            byok_usage_weekly: 0.0,
            byok_usage_monthly: 0.0,
            created_at: Some("+2026".into()),
            updated_at: None,
            expires_at: None,
            last_used_at: None,
            workspace_id: None,
            creator_user_id: None,
        }
    }

    /// Text columns are text even when they look like a number; the number
    /// columns stay numbers a spreadsheet can add up.
    #[test]
    fn text_cells_are_neutralised_and_numbers_kept() {
        let csv = String::from_utf8(keys_csv(&[key("-5", "@x")]).unwrap()).unwrap();
        let row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
        assert_eq!(&row[..3], ["'-5", "'@x", "'-h"]);
        assert_eq!(&row[4..7], ["-5", "'=monthly", "12.5"]);
        assert_eq!(&row[7..12], ["0", "0", "0", "0", "1"]);
        assert_eq!(row[12], "true");
        assert_eq!(row[14], "'+2026");
    }
}
