//! Grace-period reminders for rotated-out keys, kept in the app's data
//! directory as JSON (hashes, names and times only: never a key string).

use std::path::PathBuf;
use std::sync::Mutex;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::dto::RetireReminder;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Stored {
    id: String,
    old_hash: String,
    old_name: String,
    new_hash: String,
    workspace_id: Option<String>,
    due_at: DateTime<Utc>,
}

#[derive(Debug)]
pub struct Reminders {
    path: Option<PathBuf>,
    items: Mutex<Vec<Stored>>,
}

impl Reminders {
    /// Loads from `path` (missing or unreadable file = no reminders);
    /// `None` keeps them in memory only (demo mode, tests).
    pub fn load(path: Option<PathBuf>) -> Self {
        let items = path
            .as_ref()
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        Self {
            path,
            items: Mutex::new(items),
        }
    }

    pub fn add(
        &self,
        old_hash: &str,
        old_name: &str,
        new_hash: &str,
        workspace_id: Option<String>,
        grace: Duration,
        now: DateTime<Utc>,
    ) -> std::io::Result<()> {
        let mut items = self.lock();
        items.retain(|r| r.old_hash != old_hash);
        items.push(Stored {
            id: format!("{old_hash}-{}", now.timestamp()),
            old_hash: old_hash.to_string(),
            old_name: old_name.to_string(),
            new_hash: new_hash.to_string(),
            workspace_id,
            due_at: now + grace,
        });
        self.save(&items)
    }

    /// Removes the reminder with this id, or every reminder for this old key hash.
    pub fn dismiss(&self, id_or_hash: &str) -> std::io::Result<()> {
        let mut items = self.lock();
        items.retain(|r| r.id != id_or_hash && r.old_hash != id_or_hash);
        self.save(&items)
    }

    pub fn list(&self, now: DateTime<Utc>) -> Vec<RetireReminder> {
        let mut out: Vec<RetireReminder> = self
            .lock()
            .iter()
            .map(|r| RetireReminder {
                id: r.id.clone(),
                old_hash: r.old_hash.clone(),
                old_name: r.old_name.clone(),
                new_hash: r.new_hash.clone(),
                workspace_id: r.workspace_id.clone(),
                due_at: r.due_at.to_rfc3339_opts(SecondsFormat::Secs, true),
                due: r.due_at <= now,
            })
            .collect();
        out.sort_by(|a, b| a.due_at.cmp(&b.due_at));
        out
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Stored>> {
        self.items.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn save(&self, items: &[Stored]) -> std::io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, serde_json::to_vec_pretty(items)?)?;
        std::fs::rename(tmp, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reminders_persist_and_become_due() {
        let dir = std::env::temp_dir().join(format!("keyhold-rem-{}", std::process::id()));
        let path = dir.join("reminders.json");
        let now: DateTime<Utc> = "2026-11-24T12:00:00Z".parse().unwrap();
        let store = Reminders::load(Some(path.clone()));
        store
            .add("old1", "CI bot", "new1", None, Duration::hours(24), now)
            .unwrap();
        let reloaded = Reminders::load(Some(path.clone()));
        let listed = reloaded.list(now);
        assert_eq!(listed.len(), 1);
        assert!(!listed[0].due);
        assert_eq!(listed[0].due_at, "2026-11-25T12:00:00Z");
        assert!(reloaded.list(now + Duration::hours(25))[0].due);
        reloaded.dismiss("old1").unwrap();
        assert!(Reminders::load(Some(path)).list(now).is_empty());
        std::fs::remove_dir_all(dir).ok();
    }
}
