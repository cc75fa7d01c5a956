//! The account's data: workspaces, keys (ordered newest first), credits, and the
//! list-page hooks. Everything here is synchronous; the server wraps it in a mutex.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration as ChronoDuration, DurationRound, Utc};
use rand::rngs::StdRng;
use rand::SeedableRng;

use crate::demo_data;
use crate::guardrails::{Assignment, Guardrail, GuardrailInput};
use crate::history::{to_micros, usd, Micros, SpendHistory};
use crate::keygen;
use crate::model::{KeyRecord, LimitReset, Member, Workspace};
use crate::ListMutation;
use crate::SimConfig;

/// GET /keys page size: OpenRouter's docs list "the most recent 100" keys per page.
pub(crate) const PAGE_SIZE: usize = 100;

/// Position of a key in creation order: (created_at, insertion sequence). The
/// sequence breaks ties between keys created within the same second.
type Slot = (DateTime<Utc>, u64);

/// Who a bearer token belongs to.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Caller {
    Management,
    /// An inference key: `Some(hash)` for a listed key, `None` for the account's
    /// built-in (unlisted) inference key.
    Inference(Option<String>),
    Disabled,
    Expired,
    Unknown,
}

/// Fields of a new key, already validated.
#[derive(Debug, Clone, Default)]
pub(crate) struct NewKey {
    pub name: String,
    pub limit: Option<f64>,
    pub limit_reset: Option<LimitReset>,
    pub include_byok_in_limit: bool,
    pub expires_at: Option<DateTime<Utc>>,
    pub workspace_id: Option<String>,
    pub creator_user_id: Option<String>,
    pub external_user: Option<String>,
}

/// A PATCH, already validated. Outer `None` = field absent.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct KeyUpdate {
    pub name: Option<String>,
    pub disabled: Option<bool>,
    pub limit: Option<Option<f64>>,
    pub limit_reset: Option<Option<LimitReset>>,
    pub include_byok_in_limit: Option<bool>,
    pub workspace_id: Option<String>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct ListFilter<'a> {
    pub workspace_id: &'a str,
    pub include_disabled: bool,
    pub include_expired: bool,
    pub offset: usize,
}

#[derive(Debug)]
struct ListHook {
    /// GET /keys responses still to be served before this hook fires.
    remaining: usize,
    mutation: ListMutation,
}

#[derive(Debug)]
pub(crate) struct Store {
    rng: StdRng,
    pub management_key: String,
    pub owner_user_id: String,
    /// The account's own inference key; authenticates but is never listed.
    pub account_key: KeyRecord,
    pub workspaces: Vec<Workspace>,
    keys: BTreeMap<Slot, KeyRecord>,
    slots: HashMap<String, Slot>,
    next_seq: u64,
    generated_names: usize,
    pub total_credits: f64,
    /// Spend of deleted keys still counts towards `/credits` `total_usage`.
    deleted_usage: Micros,
    /// Deleted keys that had spent something: their history stays in `/activity`.
    pub graveyard: Vec<KeyRecord>,
    hooks: Vec<ListHook>,
    /// Oldest first; listed newest first.
    pub guardrails: Vec<Guardrail>,
    /// By assignment order; a key appears at most once.
    assignments: BTreeMap<u64, Assignment>,
    next_assignment: u64,
    /// The organization's people, the owner first.
    pub members: Vec<Member>,
    /// A personal account has no organization (members → 404).
    pub personal: bool,
}

impl Store {
    /// The seeded initial state. The order of RNG draws here is part of the
    /// determinism guarantee: same config → same keys, ids and names.
    pub(crate) fn initial(config: &SimConfig, now: DateTime<Utc>) -> Store {
        let now = whole_seconds(now);
        let mut rng = StdRng::seed_from_u64(config.seed);
        let generated_management_key = keygen::key_string(&mut rng);
        let management_key = config
            .management_key
            .clone()
            .unwrap_or(generated_management_key);
        let owner_user_id = keygen::user_id(&mut rng);
        let default_ws = Workspace {
            id: keygen::uuid(&mut rng),
            name: "Default".into(),
            slug: "default".into(),
            description: None,
            default_guardrail_id: keygen::uuid(&mut rng),
            created_at: now - ChronoDuration::days(400),
            updated_at: None,
            created_by: Some(owner_user_id.clone()),
        };
        let account_secret = keygen::key_string(&mut rng);
        let account_key = KeyRecord {
            hash: keygen::key_hash(&account_secret),
            label: keygen::key_label(&account_secret),
            secret: account_secret,
            name: "Account inference key".into(),
            disabled: false,
            limit: None,
            limit_reset: None,
            include_byok_in_limit: false,
            history: SpendHistory::default(),
            created_at: now - ChronoDuration::days(400),
            updated_at: None,
            expires_at: None,
            creator_user_id: Some(owner_user_id.clone()),
            workspace_id: default_ws.id.clone(),
            external_user: None,
            last_used_at: None,
        };
        let mut store = Store {
            rng,
            management_key,
            owner_user_id,
            account_key,
            workspaces: vec![default_ws],
            keys: BTreeMap::new(),
            slots: HashMap::new(),
            next_seq: 0,
            generated_names: 0,
            total_credits: 500.0,
            deleted_usage: 0,
            graveyard: Vec::new(),
            hooks: Vec::new(),
            guardrails: Vec::new(),
            assignments: BTreeMap::new(),
            next_assignment: 0,
            members: Vec::new(),
            personal: config.personal_account,
        };
        store.members.push(Member {
            id: store.owner_user_id.clone(),
            email: "dana.whitfield@example.com".into(),
            first_name: Some("Dana".into()),
            last_name: Some("Whitfield".into()),
            admin: true,
        });
        if config.demo {
            demo_data::populate(&mut store, now);
        }
        // Plain keys are the newest: one second apart, ending at `now`.
        let default_id = store.default_workspace_id().to_string();
        for i in 0..config.keys {
            let created_at = now - ChronoDuration::seconds((config.keys - 1 - i) as i64);
            store.insert_generated_key(&default_id, created_at);
        }
        store
    }

    pub(crate) fn rng(&mut self) -> &mut StdRng {
        &mut self.rng
    }

    pub(crate) fn default_workspace_id(&self) -> &str {
        &self.workspaces[0].id
    }

    pub(crate) fn workspace_exists(&self, id: &str) -> bool {
        self.workspaces
            .iter()
            .any(|w| w.id.eq_ignore_ascii_case(id))
    }

    /// Canonical (stored) spelling of a workspace id given in any case.
    pub(crate) fn canonical_workspace_id(&self, id: &str) -> Option<String> {
        self.workspaces
            .iter()
            .find(|w| w.id.eq_ignore_ascii_case(id))
            .map(|w| w.id.clone())
    }

    pub(crate) fn add_workspace(&mut self, ws: Workspace) {
        self.workspaces.push(ws);
    }

    pub(crate) fn key_count(&self) -> usize {
        self.keys.len()
    }

    /// Names, newest first.
    pub(crate) fn key_names(&self) -> Vec<String> {
        self.keys.values().rev().map(|k| k.name.clone()).collect()
    }

    /// The hash of the newest key named exactly `name`.
    pub(crate) fn hash_named(&self, name: &str) -> Option<String> {
        self.keys
            .values()
            .rev()
            .find(|k| k.name == name)
            .map(|k| k.hash.clone())
    }

    /// Hashes of keys whose name starts with `prefix`, oldest first.
    pub(crate) fn hashes_named_like(&self, prefix: &str) -> Vec<String> {
        self.keys
            .values()
            .filter(|k| k.name.starts_with(prefix))
            .map(|k| k.hash.clone())
            .collect()
    }

    pub(crate) fn get(&self, hash: &str) -> Option<&KeyRecord> {
        self.slots.get(hash).and_then(|slot| self.keys.get(slot))
    }

    fn get_mut(&mut self, hash: &str) -> Option<&mut KeyRecord> {
        let slot = self.slots.get(hash)?;
        self.keys.get_mut(slot)
    }

    /// Adds a fully built record (used by demo data and creation).
    pub(crate) fn insert(&mut self, record: KeyRecord) {
        let slot = (record.created_at, self.next_seq);
        self.next_seq += 1;
        self.slots.insert(record.hash.clone(), slot);
        self.keys.insert(slot, record);
    }

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
    fn insert_generated_key(&mut self, workspace_id: &str, created_at: DateTime<Utc>) -> String {
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

    /// One page of `GET /keys`, newest first. Costs O(offset + page) steps
    /// (plus the filtered-out keys walked past), never a full copy or sort.
    pub(crate) fn list_page(&self, filter: ListFilter<'_>, now: DateTime<Utc>) -> Vec<&KeyRecord> {
        self.keys
            .values()
            .rev()
            .filter(|k| k.workspace_id == filter.workspace_id)
            .filter(|k| filter.include_disabled || !k.disabled)
            .filter(|k| filter.include_expired || !k.is_expired(now))
            .skip(filter.offset)
            .take(PAGE_SIZE)
            .collect()
    }

    pub(crate) fn total_usage(&self) -> f64 {
        let listed: Micros = self.keys.values().map(|k| k.history.total_usage()).sum();
        usd(listed + self.account_key.history.total_usage() + self.deleted_usage)
    }

    /// Every key whose spend `/activity` reports: listed keys, the account's
    /// own key and deleted keys.
    pub(crate) fn spenders(&self) -> impl Iterator<Item = &KeyRecord> {
        self.keys
            .values()
            .chain(std::iter::once(&self.account_key))
            .chain(self.graveyard.iter())
    }

    pub(crate) fn member(&self, id: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.id == id)
    }

    pub(crate) fn guardrail(&self, id: &str) -> Option<&Guardrail> {
        self.guardrails
            .iter()
            .find(|g| g.id.eq_ignore_ascii_case(id))
    }

    /// Guardrails of a workspace, newest first: one page and the total.
    pub(crate) fn guardrail_page(
        &self,
        workspace_id: &str,
        offset: usize,
        limit: usize,
    ) -> (Vec<&Guardrail>, usize) {
        let all: Vec<&Guardrail> = self
            .guardrails
            .iter()
            .rev()
            .filter(|g| g.workspace_id == workspace_id)
            .collect();
        let total = all.len();
        (all.into_iter().skip(offset).take(limit).collect(), total)
    }

    /// Creates a guardrail from a validated body; the workspace must exist.
    pub(crate) fn create_guardrail(
        &mut self,
        input: GuardrailInput,
        now: DateTime<Utc>,
    ) -> Guardrail {
        let ws = input
            .workspace_id
            .as_deref()
            .and_then(|id| self.canonical_workspace_id(id))
            .unwrap_or_else(|| self.default_workspace_id().to_string());
        let id = keygen::uuid(&mut self.rng);
        let mut g = Guardrail::new(id, String::new(), ws, whole_seconds(now));
        input.apply(&mut g);
        self.guardrails.push(g.clone());
        g
    }

    pub(crate) fn update_guardrail(
        &mut self,
        id: &str,
        input: GuardrailInput,
        now: DateTime<Utc>,
    ) -> Option<Guardrail> {
        let g = self
            .guardrails
            .iter_mut()
            .find(|g| g.id.eq_ignore_ascii_case(id))?;
        input.apply(g);
        g.updated_at = Some(whole_seconds(now));
        Some(g.clone())
    }

    /// Deletes a guardrail and releases the keys it held.
    pub(crate) fn delete_guardrail(&mut self, id: &str) -> bool {
        let Some(i) = self
            .guardrails
            .iter()
            .position(|g| g.id.eq_ignore_ascii_case(id))
        else {
            return false;
        };
        let g = self.guardrails.remove(i);
        self.assignments.retain(|_, a| a.guardrail_id != g.id);
        true
    }

    /// Assigns existing keys to a guardrail, replacing whatever guardrail each
    /// held (a key holds at most one). Unknown hashes are skipped. Returns how
    /// many keys hold the guardrail because of this request (a key that held
    /// it already counts, keeping its original assignment).
    pub(crate) fn assign(
        &mut self,
        guardrail_id: &str,
        hashes: &[String],
        now: DateTime<Utc>,
    ) -> usize {
        let Some(gid) = self.guardrail(guardrail_id).map(|g| g.id.clone()) else {
            return 0;
        };
        let mut count = 0;
        for hash in hashes {
            if self.get(hash).is_none() {
                continue;
            }
            count += 1;
            if self
                .assignment_of(hash)
                .is_some_and(|a| a.guardrail_id == gid)
            {
                continue;
            }
            self.unassign_key(hash);
            let id = keygen::uuid(&mut self.rng);
            self.assignments.insert(
                self.next_assignment,
                Assignment {
                    id,
                    key_hash: hash.clone(),
                    guardrail_id: gid.clone(),
                    assigned_by: Some(self.owner_user_id.clone()),
                    created_at: whole_seconds(now),
                },
            );
            self.next_assignment += 1;
        }
        count
    }

    /// Releases those of `hashes` that hold this guardrail; returns how many.
    pub(crate) fn unassign(&mut self, guardrail_id: &str, hashes: &[String]) -> usize {
        let before = self.assignments.len();
        self.assignments.retain(|_, a| {
            !(a.guardrail_id.eq_ignore_ascii_case(guardrail_id) && hashes.contains(&a.key_hash))
        });
        before - self.assignments.len()
    }

    fn unassign_key(&mut self, hash: &str) {
        self.assignments.retain(|_, a| a.key_hash != hash);
    }

    pub(crate) fn assignment_of(&self, hash: &str) -> Option<&Assignment> {
        self.assignments.values().find(|a| a.key_hash == hash)
    }

    /// Key assignments (of one guardrail, or all), newest first: one page,
    /// rendered, and the total.
    pub(crate) fn assignment_page(
        &self,
        guardrail_id: Option<&str>,
        offset: usize,
        limit: usize,
    ) -> (Vec<serde_json::Value>, usize) {
        let matching: Vec<&Assignment> = self
            .assignments
            .values()
            .rev()
            .filter(|a| guardrail_id.is_none_or(|g| a.guardrail_id.eq_ignore_ascii_case(g)))
            .collect();
        let total = matching.len();
        let page = matching
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|a| {
                let (name, label) = self
                    .get(&a.key_hash)
                    .map(|k| (k.name.as_str(), k.label.as_str()))
                    .unwrap_or(("", ""));
                a.to_json(name, label)
            })
            .collect();
        (page, total)
    }

    pub(crate) fn authenticate(&self, token: &str, now: DateTime<Utc>) -> Caller {
        if token == self.management_key {
            return Caller::Management;
        }
        let hash = keygen::key_hash(token);
        if hash == self.account_key.hash {
            return Caller::Inference(None);
        }
        match self.get(&hash) {
            None => Caller::Unknown,
            Some(k) if k.disabled => Caller::Disabled,
            Some(k) if k.is_expired(now) => Caller::Expired,
            Some(_) => Caller::Inference(Some(hash)),
        }
    }

    pub(crate) fn add_list_hook(&mut self, page_index: usize, mutation: ListMutation) {
        self.hooks.push(ListHook {
            remaining: page_index,
            mutation,
        });
    }

    /// Called after each `GET /keys` 200 response has been rendered.
    pub(crate) fn list_served(&mut self, workspace_id: &str, now: DateTime<Utc>) {
        let mut due = Vec::new();
        self.hooks.retain_mut(|hook| {
            if hook.remaining == 0 {
                due.push(hook.mutation.clone());
                false
            } else {
                hook.remaining -= 1;
                true
            }
        });
        for mutation in due {
            self.apply_mutation(&mutation, workspace_id, now);
        }
    }

    fn apply_mutation(&mut self, mutation: &ListMutation, workspace_id: &str, now: DateTime<Utc>) {
        match *mutation {
            ListMutation::Insert(n) => {
                self.insert_generated(n, Some(workspace_id), now);
            }
            ListMutation::DeleteNewest(n) => {
                let victims = self.hashes_in(workspace_id, true, n);
                victims.iter().for_each(|h| {
                    self.delete(h);
                });
            }
            ListMutation::DeleteOldest(n) => {
                let victims = self.hashes_in(workspace_id, false, n);
                victims.iter().for_each(|h| {
                    self.delete(h);
                });
            }
        }
    }

    fn hashes_in(&self, workspace_id: &str, newest_first: bool, n: usize) -> Vec<String> {
        let in_ws = |k: &&KeyRecord| k.workspace_id == workspace_id;
        if newest_first {
            self.keys
                .values()
                .rev()
                .filter(in_ws)
                .take(n)
                .map(|k| k.hash.clone())
                .collect()
        } else {
            self.keys
                .values()
                .filter(in_ws)
                .take(n)
                .map(|k| k.hash.clone())
                .collect()
        }
    }
}

pub(crate) fn whole_seconds(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(ChronoDuration::seconds(1)).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(keys: usize) -> (Store, DateTime<Utc>) {
        let now = Utc::now();
        let config = SimConfig {
            keys,
            ..SimConfig::default()
        };
        (Store::initial(&config, now), now)
    }

    fn filter(store: &Store, offset: usize) -> ListFilter<'_> {
        ListFilter {
            workspace_id: store.default_workspace_id(),
            include_disabled: false,
            include_expired: false,
            offset,
        }
    }

    #[test]
    fn generated_keys_list_newest_first_in_pages_of_100() {
        let (s, now) = store(150);
        let first = s.list_page(filter(&s, 0), now);
        assert_eq!(first.len(), 100);
        assert_eq!(first[0].name, "key-0150");
        assert_eq!(first[99].name, "key-0051");
        let second = s.list_page(filter(&s, 100), now);
        assert_eq!(second.len(), 50);
        assert_eq!(second[49].name, "key-0001");
    }

    #[test]
    fn keys_created_in_the_same_second_keep_insertion_order() {
        let (mut s, now) = store(0);
        let hashes = s.insert_generated(3, None, now);
        let listed: Vec<_> = s
            .list_page(filter(&s, 0), now)
            .iter()
            .map(|k| k.hash.clone())
            .collect();
        assert_eq!(listed, hashes);
        assert_eq!(s.key_names(), vec!["key-0003", "key-0002", "key-0001"]);
    }

    #[test]
    fn limit_remaining_uses_the_reset_window_and_optional_byok() {
        let (mut s, now) = store(1);
        let hash = s.list_page(filter(&s, 0), now)[0].hash.clone();
        s.add_spend(&hash, 3.0, false, now);
        s.add_spend(&hash, 1.0, true, now);
        let update = KeyUpdate {
            limit: Some(Some(10.0)),
            limit_reset: Some(Some(LimitReset::Weekly)),
            ..KeyUpdate::default()
        };
        let k = s.update(&hash, update, now).unwrap();
        assert_eq!(k.limit_remaining(now.date_naive()), Some(7.0));
        let k = s
            .update(
                &hash,
                KeyUpdate {
                    include_byok_in_limit: Some(true),
                    ..KeyUpdate::default()
                },
                now,
            )
            .unwrap();
        assert_eq!(k.limit_remaining(now.date_naive()), Some(6.0));
        s.add_spend(&hash, 50.0, false, now);
        assert_eq!(
            s.get(&hash).unwrap().limit_remaining(now.date_naive()),
            Some(0.0)
        );
        let k = s
            .update(
                &hash,
                KeyUpdate {
                    limit: Some(None),
                    ..KeyUpdate::default()
                },
                now,
            )
            .unwrap();
        assert_eq!(k.limit_remaining(now.date_naive()), None);
    }

    #[test]
    fn deleted_spend_still_counts_towards_total_usage() {
        let (mut s, now) = store(2);
        let hash = s.list_page(filter(&s, 0), now)[0].hash.clone();
        s.add_spend(&hash, 2.5, false, now);
        s.add_spend(&hash, 9.0, true, now);
        assert!(s.delete(&hash));
        assert!(!s.delete(&hash));
        assert_eq!(s.total_usage(), 2.5);
    }
}
