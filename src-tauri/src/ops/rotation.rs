//! Rotation: a replacement key with the old one's settings, then retiring the
//! old one now or after a grace period (a reminder until then).

use chrono::Utc;

use crate::audit;
use crate::convert::key_view;
use crate::dto::{CreatedKeyView, RetireAction, RetireInput, RetireReminder, RotateInput};
use crate::error::{AppError, AppResult, ErrorCode, Field};
use crate::rotation;
use crate::session::Session;

impl Session {
    /// Creates the replacement; the old key is untouched until `retire_key`.
    pub async fn rotate_key(&self, input: RotateInput) -> AppResult<CreatedKeyView> {
        let old = self.client.get_key(&input.hash).await?;
        let new = rotation::replacement(&old, &input.expiry, Utc::now())?;
        let replaces = audit::field("replaces", None, Some(old.hash.clone()));
        let created = match self.client.create_key(&new).await {
            Ok(created) => created,
            Err(e) => {
                let e = AppError::from(e);
                let mut change = audit::planned_create("rotate_create", &new, None);
                change.changes.push(replaces);
                self.record(change, Some(&e));
                return Err(e);
            }
        };
        let view = key_view(&created.key);
        let mut change = audit::created("rotate_create", &view, None);
        change.changes.push(replaces);
        self.record(change, None);
        Ok(self.reveal_view(view, created.secret))
    }

    pub async fn retire_key(&self, input: RetireInput) -> AppResult<Vec<RetireReminder>> {
        match input.action {
            RetireAction::DisableNow => {
                self.set_disabled_as(&input.old_hash, true, "retire_disable")
                    .await?;
                self.reminders.dismiss(&input.old_hash).ok();
            }
            RetireAction::DeleteNow => {
                self.delete_key_as(&input.old_hash, "retire_delete").await?;
            }
            RetireAction::Grace { hours } => {
                self.remind(&input.old_hash, &input.new_hash, hours).await?
            }
        }
        Ok(self.reminders.list(Utc::now()))
    }

    async fn remind(&self, old_hash: &str, new_hash: &str, hours: u32) -> AppResult<()> {
        if hours == 0 || hours > 24 * 90 {
            return Err(AppError::invalid(
                Field::Hours,
                "Choose a grace period between 1 hour and 90 days.",
            ));
        }
        let old = self.client.get_key(old_hash).await?;
        let grace = chrono::Duration::hours(i64::from(hours));
        let now = Utc::now();
        self.reminders
            .add(&old.hash, &old.name, new_hash, old.workspace_id.clone(), grace, now)
            .map_err(|_| {
                AppError::new(
                    ErrorCode::Reminders,
                    "The reminder could not be saved. The old key is still active; retire it by hand later.",
                )
            })?;
        let due = crate::convert::rfc3339(&Some(now + grace)).unwrap_or_default();
        self.record(
            audit::Change {
                action: "retire_grace",
                workspace_id: old.workspace_id.clone(),
                key_hash: Some(old.hash.clone()),
                key_name: old.name.clone(),
                changes: vec![audit::field("retire_reminder", None, Some(due))],
                batch_id: None,
            },
            None,
        );
        Ok(())
    }

    pub fn reminders(&self) -> Vec<RetireReminder> {
        self.reminders.list(Utc::now())
    }

    pub fn dismiss_reminder(&self, id: &str) -> AppResult<Vec<RetireReminder>> {
        self.reminders.dismiss(id).map_err(|_| {
            AppError::new(ErrorCode::Reminders, "The reminder could not be removed.")
        })?;
        Ok(self.reminders.list(Utc::now()))
    }
}
