//! Rotation: a replacement key with the old one's settings, then retiring the
//! old one now or when a grace period ends (see `retirement`).

use chrono::Utc;

use crate::audit::{self, Action};
use crate::convert::key_view;
use crate::dto::{CreatedKeyView, RetireAction, RetireInput, Retirements, RotateInput};
use crate::error::{AppError, AppResult};
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
                let mut change = audit::planned_create(Action::RotateCreate, &new, None);
                change.changes.push(replaces);
                self.record(change, Some(&e));
                return Err(e);
            }
        };
        let mut change = audit::created(Action::RotateCreate, &created.key, None);
        change.changes.push(replaces);
        self.record(change, None);
        Ok(self.reveal_view(key_view(&created.key), created.secret))
    }

    /// What happens to the old key once the replacement exists.
    pub async fn retire_key(&self, input: RetireInput) -> AppResult<Retirements> {
        match input.action {
            RetireAction::DisableNow => {
                self.set_disabled_as(&input.old_hash, true, Action::RetireDisable)
                    .await?;
                self.reminders.dismiss(&input.old_hash).ok();
            }
            RetireAction::DeleteNow => {
                self.delete_key_as(&input.old_hash, Action::RetireDelete)
                    .await?;
            }
            RetireAction::Grace { hours, then } => {
                self.plan_retirement(&input.old_hash, &input.new_hash, hours, then.into())
                    .await?
            }
        }
        Ok(self.retirements())
    }
}
