//! Creating, changing, deleting keys and spending on them.

use super::*;

impl Store {
    /// A fresh record with a new key string; nothing else set.
    pub(crate) fn blank_key(
        &mut self,
        name: String,
        workspace_id: &str,
        created_at: DateTime<Utc>,
    ) -> KeyRecord {
        let secret = keygen::key_string(&mut self.rng);
        KeyRecord {
            hash: keygen::key_hash(&secret),
            label: keygen::key_label(&secret),
            secret,
            name,
            disabled: false,
            limit: None,
            limit_reset: None,
            include_byok_in_limit: false,
            history: SpendHistory::default(),
            created_at,
            updated_at: None,
            expires_at: None,
            creator_user_id: Some(self.owner_user_id.clone()),
            workspace_id: workspace_id.to_string(),
            external_user: None,
            last_used_at: None,
        }
    }

    /// A plainly named key (`key-0001`, `key-0002`, … across the whole run).
    pub(super) fn insert_generated_key(
        &mut self,
        workspace_id: &str,
        created_at: DateTime<Utc>,
    ) -> String {
        self.generated_names += 1;
        let name = format!("key-{:04}", self.generated_names);
        let record = self.blank_key(name, workspace_id, created_at);
        let hash = record.hash.clone();
        self.insert(record);
        hash
    }

    /// Inserts `n` plain keys created "now" (newer than every existing key).
    /// Returns their hashes newest first, i.e. in list order.
    pub(crate) fn insert_generated(
        &mut self,
        n: usize,
        workspace_id: Option<&str>,
        now: DateTime<Utc>,
    ) -> Vec<String> {
        let ws = workspace_id
            .and_then(|id| self.canonical_workspace_id(id))
            .unwrap_or_else(|| self.default_workspace_id().to_string());
        let created_at = self.creation_time(now);
        let mut hashes: Vec<String> = (0..n)
            .map(|_| self.insert_generated_key(&ws, created_at))
            .collect();
        hashes.reverse();
        hashes
    }

    /// `now` to the second, but never older than the newest key, so that new keys
    /// always sort first even if the wall clock stepped back.
    fn creation_time(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let now = whole_seconds(now);
        match self.keys.keys().next_back() {
            Some((newest, _)) if *newest > now => *newest,
            _ => now,
        }
    }

    /// Creates a key from a validated request. The workspace must exist.
    pub(crate) fn create(&mut self, new: NewKey, now: DateTime<Utc>) -> KeyRecord {
        let ws = new
            .workspace_id
            .as_deref()
            .and_then(|id| self.canonical_workspace_id(id))
            .unwrap_or_else(|| self.default_workspace_id().to_string());
        let created_at = self.creation_time(now);
        let mut record = self.blank_key(new.name, &ws, created_at);
        record.limit = new.limit;
        record.limit_reset = new.limit_reset;
        record.include_byok_in_limit = new.include_byok_in_limit;
        record.expires_at = new.expires_at;
        if new.creator_user_id.is_some() {
            record.creator_user_id = new.creator_user_id;
        }
        record.external_user = new.external_user;
        self.insert(record.clone());
        record
    }

    /// Applies a validated PATCH; `None` when the key does not exist.
    pub(crate) fn update(
        &mut self,
        hash: &str,
        update: KeyUpdate,
        now: DateTime<Utc>,
    ) -> Option<KeyRecord> {
        let ws = update
            .workspace_id
            .as_deref()
            .and_then(|id| self.canonical_workspace_id(id));
        let key = self.get_mut(hash)?;
        if let Some(name) = update.name {
            key.name = name;
        }
        if let Some(disabled) = update.disabled {
            key.disabled = disabled;
        }
        if let Some(limit) = update.limit {
            key.limit = limit;
        }
        if let Some(reset) = update.limit_reset {
            key.limit_reset = reset;
        }
        if let Some(include) = update.include_byok_in_limit {
            key.include_byok_in_limit = include;
        }
        if let Some(ws) = ws {
            key.workspace_id = ws;
        }
        key.updated_at = Some(whole_seconds(now));
        Some(key.clone())
    }

    pub(crate) fn delete(&mut self, hash: &str) -> bool {
        let Some(slot) = self.slots.remove(hash) else {
            return false;
        };
        if let Some(key) = self.keys.remove(&slot) {
            self.deleted_usage += key.history.total_usage();
            self.unassign_key(&key.hash);
            if !key.history.days.is_empty() {
                self.graveyard.push(key);
            }
        }
        true
    }

    /// Adds spend to a key's history on `now`'s UTC day (listed keys, or the
    /// account key), so every window that contains today grows.
    pub(crate) fn add_spend(
        &mut self,
        hash: &str,
        usd: f64,
        byok: bool,
        now: DateTime<Utc>,
    ) -> bool {
        let key = if self.account_key.hash == hash {
            Some(&mut self.account_key)
        } else {
            self.get_mut(hash)
        };
        match key {
            Some(key) => {
                key.history.add(now.date_naive(), to_micros(usd), byok);
                key.last_used_at = Some(whole_seconds(now));
                true
            }
            None => false,
        }
    }
}
