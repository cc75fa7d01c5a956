//! The retirement plans of rotated-out keys, kept in the app's data
//! directory as JSON (hashes, names and times only: never a key string) so
//! a plan survives a restart. What is due and what happens after an attempt
//! is decided in `keyhold_ops::retirement`.

use std::path::PathBuf;
use std::sync::Mutex;

use chrono::{DateTime, SecondsFormat, Utc};
use keyhold_ops::retirement::RetirePlan;

use crate::dto::RetireReminder;

#[derive(Debug)]
pub struct Reminders {
    path: Option<PathBuf>,
    items: Mutex<Vec<RetirePlan>>,
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Reminders {
    /// Loads from `path` (missing or unreadable file = no plans);
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

    /// Adds `plan`, replacing any earlier plan for the same old key.
    pub fn add(&self, plan: RetirePlan) -> std::io::Result<()> {
        let mut items = self.lock();
        items.retain(|r| r.old_hash != plan.old_hash);
        items.push(plan);
        self.save(&items)
    }

    /// Puts back a plan after a failed attempt (unless it was removed meanwhile).
    pub fn update(&self, plan: RetirePlan) -> std::io::Result<()> {
        let mut items = self.lock();
        let Some(slot) = items.iter_mut().find(|r| r.id == plan.id) else {
            return Ok(());
        };
        *slot = plan;
        self.save(&items)
    }

    /// Removes the plan with this id, or every plan for this old key hash;
    /// returns what was removed.
    pub fn dismiss(&self, id_or_hash: &str) -> std::io::Result<Vec<RetirePlan>> {
        let mut items = self.lock();
        let (gone, kept): (Vec<_>, Vec<_>) = items
            .drain(..)
            .partition(|r| r.id == id_or_hash || r.old_hash == id_or_hash);
        *items = kept;
        self.save(&items)?;
        Ok(gone)
    }

    pub fn plans(&self) -> Vec<RetirePlan> {
        self.lock().clone()
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
                due_at: rfc3339(r.due_at),
                due: r.due_at <= now,
                then: r.then.into(),
                problem: r.problem.clone(),
                retry_at: r.retry_at.map(rfc3339),
            })
            .collect();
        out.sort_by(|a, b| a.due_at.cmp(&b.due_at));
        out
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<RetirePlan>> {
        self.items.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn save(&self, items: &[RetirePlan]) -> std::io::Result<()> {
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
    use chrono::Duration;
    use keyhold_ops::retirement::FinalStep;

    use super::*;
    use crate::dto::RetireStep;

    #[test]
    fn plans_persist_and_become_due() {
        let dir = std::env::temp_dir().join(format!("keyhold-rem-{}", std::process::id()));
        let path = dir.join("reminders.json");
        let now: DateTime<Utc> = "2026-11-24T12:00:00Z".parse().unwrap();
        let store = Reminders::load(Some(path.clone()));
        let plan = RetirePlan::new(
            "old1",
            "CI bot",
            "new1",
            None,
            Duration::hours(24),
            FinalStep::Delete,
            now,
        );
        store.add(plan).unwrap();
        let reloaded = Reminders::load(Some(path.clone()));
        let listed = reloaded.list(now);
        assert_eq!(listed.len(), 1);
        assert!(!listed[0].due);
        assert_eq!(listed[0].due_at, "2026-11-25T12:00:00Z");
        assert_eq!(listed[0].then, RetireStep::Delete);
        assert!(reloaded.list(now + Duration::hours(25))[0].due);
        assert_eq!(reloaded.dismiss("old1").unwrap().len(), 1);
        assert!(Reminders::load(Some(path)).list(now).is_empty());
        std::fs::remove_dir_all(dir).ok();
    }
}
