//! Listing, reading, creating, editing, disabling and deleting single keys.

use chrono::Utc;
use openrouter_client::{KeyPatch, ListOptions, NewKey};

use crate::audit::{self, Action};
use crate::convert::key_view;
use crate::dto::{
    CreateKeyInput, CreatedKeyView, EditKeyInput, EditOutcome, KeyView, ListKeysInput,
};
use crate::editing;
use crate::error::{AppError, AppResult};
use crate::session::Session;
use crate::validation;

impl Session {
    pub async fn list_keys(&self, input: ListKeysInput) -> AppResult<Vec<KeyView>> {
        let options = ListOptions {
            include_disabled: input.include_disabled,
            include_expired: input.include_expired,
            workspace_id: input.workspace_id,
            ..ListOptions::default()
        };
        let keys = match self.first_list.take(&options).await {
            Some(listed) => listed?,
            None => self.client.list_keys(&options).await?,
        };
        let views = keys.iter().map(key_view).collect();
        self.seen.remember_all(keys);
        Ok(views)
    }

    pub async fn get_key(&self, hash: &str) -> AppResult<KeyView> {
        let key = self.client.get_key(hash).await?;
        self.seen.remember(&key);
        Ok(key_view(&key))
    }

    /// Creates a key; its string goes to the reveal vault, never elsewhere.
    /// A create is never retried blindly (the client does not repeat it).
    pub async fn create_key(&self, input: CreateKeyInput) -> AppResult<CreatedKeyView> {
        let new = new_key_from(&input)?;
        let created = match self.client.create_key(&new).await {
            Ok(created) => created,
            Err(e) => {
                let e = AppError::from(e);
                self.record(audit::planned_create(Action::Create, &new, None), Some(&e));
                return Err(e);
            }
        };
        self.seen.remember(&created.key);
        self.record(audit::created(Action::Create, &created.key, None), None);
        Ok(self.reveal_view(key_view(&created.key), created.secret))
    }

    /// Saves the edit form: re-reads the key first and reports a conflict
    /// instead of overwriting someone else's change.
    pub async fn edit_key(&self, input: EditKeyInput) -> AppResult<EditOutcome> {
        let server = self.client.get_key(&input.hash).await?;
        let current = key_view(&server);
        if let Some(changed_fields) = editing::detect_conflict(&self.seen, &input, &server) {
            self.seen.remember(&server);
            return Ok(EditOutcome::Conflict {
                current,
                changed_fields,
            });
        }
        let Some(patch) = editing::build_patch(&current, &input)? else {
            return Ok(EditOutcome::Unchanged { key: current });
        };
        let key = match self.client.update_key(&input.hash, &patch).await {
            Ok(key) => {
                self.seen.remember(&key);
                key
            }
            Err(e) => {
                let e = AppError::from(e);
                let wanted = editing::desired(&server, &input);
                self.record(audit::updated(Action::Update, &server, &wanted), Some(&e));
                return Err(e);
            }
        };
        self.record(audit::updated(Action::Update, &server, &key), None);
        Ok(EditOutcome::Saved {
            key: key_view(&key),
        })
    }

    /// Disables or enables a key, with its audit entry under `action`.
    pub async fn set_disabled_as(
        &self,
        hash: &str,
        disabled: bool,
        action: Action,
    ) -> AppResult<KeyView> {
        let patch = KeyPatch::default().disabled(disabled);
        let before = self.seen.latest(hash);
        match self.client.update_key(hash, &patch).await {
            Ok(key) => {
                self.seen.remember(&key);
                self.record(audit::toggled(action, hash, before.as_ref(), &key), None);
                Ok(key_view(&key))
            }
            Err(e) => {
                let e = AppError::from(e);
                self.record(
                    audit::toggle_failed(action, hash, before.as_ref(), disabled),
                    Some(&e),
                );
                Err(e)
            }
        }
    }

    pub async fn set_disabled(&self, hash: &str, disabled: bool) -> AppResult<KeyView> {
        let action = if disabled {
            Action::Disable
        } else {
            Action::Enable
        };
        self.set_disabled_as(hash, disabled, action).await
    }

    /// Deletes a key, with its audit entry under `action`.
    pub async fn delete_key_as(&self, hash: &str, action: Action) -> AppResult<()> {
        let result = self.client.delete_key(hash).await.map_err(AppError::from);
        let known = self.seen.latest(hash);
        self.record(
            audit::deleted(action, hash, known.as_ref(), None),
            result.as_ref().err(),
        );
        result?;
        self.reminders.dismiss(hash).ok();
        Ok(())
    }

    pub async fn delete_key(&self, hash: &str) -> AppResult<()> {
        self.delete_key_as(hash, Action::Delete).await
    }
}

fn new_key_from(input: &CreateKeyInput) -> AppResult<NewKey> {
    let mut new = NewKey::named(validation::key_name(&input.name)?);
    new.limit = validation::optional_usd(crate::error::Field::Limit, input.limit.as_deref())?;
    new.limit_reset = input.limit_reset.map(Into::into);
    new.include_byok_in_limit = Some(input.include_byok_in_limit);
    new.expires_at = match input.expires_at.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Some(validation::expiry(text, Utc::now())?),
        _ => None,
    };
    new.workspace_id = input.workspace_id.clone().filter(|w| !w.is_empty());
    Ok(new)
}
