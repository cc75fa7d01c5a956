//! The batch reveal: the key strings of a bulk create, shown, copied as CSV
//! or saved to an owner-only file, then wiped.

use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use super::files::{stamp, write_failed};
use crate::dto::CopyOutcome;
use crate::dto_bulk::BatchSecret;
use crate::error::AppResult;
use crate::session::Session;

/// A CSV field quoted as RFC 4180 wants, appended to `out` (no copy made).
fn push_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\n', '\r']) {
        out.push('"');
        for c in field.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(field);
    }
}

impl Session {
    // ---- the batch reveal ----------------------------------------------------------------

    pub fn reveal_batch(&self, reveal_id: &str) -> AppResult<Vec<BatchSecret>> {
        self.batch_vault.with_entries(reveal_id, |entries| {
            entries
                .iter()
                .map(|e| BatchSecret {
                    name: e.name.clone(),
                    hash: e.hash.clone(),
                    key: e.secret.expose_secret().to_string(),
                })
                .collect()
        })
    }

    /// The batch's key strings as CSV, `name,key,hash`: one format for the
    /// clipboard and the file. Built in one buffer that is wiped when dropped.
    fn batch_csv(&self, reveal_id: &str) -> AppResult<Zeroizing<String>> {
        self.batch_vault.with_entries(reveal_id, |entries| {
            let size: usize = entries
                .iter()
                .map(|e| 2 * e.name.len() + e.secret.expose_secret().len() + e.hash.len() + 8)
                .sum();
            let mut out = Zeroizing::new(String::with_capacity(size + 32));
            out.push_str("name,key,hash\n");
            for e in entries {
                // The name is text a person chose: neutralised so a
                // spreadsheet never runs it as a formula.
                push_field(&mut out, &keyhold_ops::csv_out::spreadsheet_safe(&e.name));
                out.push(',');
                push_field(&mut out, e.secret.expose_secret());
                out.push(',');
                push_field(&mut out, &e.hash);
                out.push('\n');
            }
            out
        })
    }

    pub fn copy_batch_csv(&self, reveal_id: &str) -> AppResult<CopyOutcome> {
        let csv = self.batch_csv(reveal_id)?;
        let clears_in_secs = self.platform.copy_secret(&csv)?;
        Ok(CopyOutcome { clears_in_secs })
    }

    /// Writes name,key,hash to a file only the owner can read (0600).
    pub async fn save_batch_csv(&self, reveal_id: &str) -> AppResult<Option<String>> {
        // Fails at once (reveal gone) before any dialog opens.
        let csv = self.batch_csv(reveal_id)?;
        let name = format!("keyhold-new-keys-{}.csv", stamp());
        let Some(path) = self.pick_save("Save key strings as CSV", name).await? else {
            return Ok(None);
        };
        let shown = path.display().to_string();
        tokio::task::spawn_blocking(move || {
            keyhold_ops::owner_only::write_owner_only(&path, csv.as_bytes())
        })
        .await
        .map_err(|_| write_failed())?
        .map_err(|_| write_failed())?;
        Ok(Some(shown))
    }

    pub fn close_batch_reveal(&self, reveal_id: &str) {
        self.batch_vault.close(reveal_id);
    }
}
