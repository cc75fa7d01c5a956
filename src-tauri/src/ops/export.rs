//! The account's figures and the CSV exports of the key list and the audit log.

use chrono::Utc;
use keyhold_ops::csv_out;
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
    csv_out::to_bytes(&KEY_COLUMNS, rows).map_err(|_| write_failed())
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
