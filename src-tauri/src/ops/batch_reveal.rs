//! The batch reveal: the key strings of a bulk create, shown, copied as CSV
//! or saved to an owner-only file, then wiped.

use keyhold_ops::csv_out::{cell_len, push_cell, Column};
use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use super::files::{stamp, write_failed};
use crate::dto::CopyOutcome;
use crate::dto_bulk::BatchSecret;
use crate::error::AppResult;
use crate::session::Session;
use crate::vault::BatchSecretEntry;

const HEADER: &str = "name,key,hash\n";

/// The batch's key strings as CSV, `name,key,hash`: one format for the
/// clipboard and the file. Built in one buffer, sized exactly so that it never
/// grows (a grown buffer would leave a copy of the keys in freed memory), and
/// wiped when dropped.
fn batch_csv(entries: &[BatchSecretEntry]) -> Zeroizing<String> {
    let size: usize = entries
        .iter()
        .map(|e| {
            [e.name.as_str(), e.secret.expose_secret(), e.hash.as_str()]
                .iter()
                .map(|cell| cell_len(cell, Column::Text))
                .sum::<usize>()
                + 3
        })
        .sum();
    let mut out = Zeroizing::new(String::with_capacity(HEADER.len() + size));
    out.push_str(HEADER);
    for e in entries {
        // Every cell is text to a spreadsheet, the key string and hash as
        // much as the name: a hostile server's answer must not run either.
        push_cell(&mut out, &e.name, Column::Text);
        out.push(',');
        push_cell(&mut out, e.secret.expose_secret(), Column::Text);
        out.push(',');
        push_cell(&mut out, &e.hash, Column::Text);
        out.push('\n');
    }
    out
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

    fn batch_csv(&self, reveal_id: &str) -> AppResult<Zeroizing<String>> {
        self.batch_vault.with_entries(reveal_id, batch_csv)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, key: &str, hash: &str) -> BatchSecretEntry {
        BatchSecretEntry {
            index: 0,
            name: name.into(),
            hash: hash.into(),
            secret: key.to_string().into(),
        }
    }

    /// The buffer holding key strings is sized once and never grows, however
    /// many quotes and formula starts a hostile server put in them.
    #[test]
    fn the_buffer_never_grows() {
        let hostile = "=\"a\",\"b\"".repeat(20);
        let entries: Vec<_> = (0..8)
            .map(|_| entry(&hostile, &hostile, &hostile))
            .collect();
        let csv = batch_csv(&entries);
        assert_eq!(csv.len(), csv.capacity());
    }

    /// Every cell of the file, the key string and hash included, is safe to
    /// open in a spreadsheet, whatever the server sent.
    #[test]
    fn every_cell_is_neutralised() {
        let csv = batch_csv(&[
            entry("=HYPERLINK(\"x\")", "=cmd|' /C calc'!A0", "@SUM(1)"),
            entry("Lab, A", "sk-or-v1-abc", "-1+2"),
        ]);
        assert_eq!(
            csv.as_str(),
            "name,key,hash\n\"'=HYPERLINK(\"\"x\"\")\",'=cmd|' /C calc'!A0,'@SUM(1)\n\
             \"Lab, A\",sk-or-v1-abc,'-1+2\n"
        );
    }
}
