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

mod guardrails;
mod keys;
mod list_hooks;

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
    /// The seeded initial state. The order of RNG draws here (and in the
    /// helpers it calls, in call order) is part of the determinism guarantee:
    /// same config → same keys, ids and names.
    pub(crate) fn initial(config: &SimConfig, now: DateTime<Utc>) -> Store {
        let now = whole_seconds(now);
        let mut store = Store::bare(config, now);
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

    /// The account with no keys, members or guardrails yet: its management
    /// key, owner, default workspace and own inference key.
    fn bare(config: &SimConfig, now: DateTime<Utc>) -> Store {
        let mut rng = StdRng::seed_from_u64(config.seed);
        let generated_management_key = keygen::key_string(&mut rng);
        let management_key = config
            .management_key
            .clone()
            .unwrap_or(generated_management_key);
        let owner_user_id = keygen::user_id(&mut rng);
        let default_ws = default_workspace(&mut rng, &owner_user_id, now);
        let account_key = account_key(&mut rng, &owner_user_id, &default_ws.id, now);
        Store {
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
        }
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

    pub(super) fn get_mut(&mut self, hash: &str) -> Option<&mut KeyRecord> {
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
}

fn default_workspace(rng: &mut StdRng, owner_user_id: &str, now: DateTime<Utc>) -> Workspace {
    Workspace {
        id: keygen::uuid(rng),
        name: "Default".into(),
        slug: "default".into(),
        description: None,
        default_guardrail_id: keygen::uuid(rng),
        created_at: now - ChronoDuration::days(400),
        updated_at: None,
        created_by: Some(owner_user_id.to_string()),
    }
}

/// The account's own inference key, as old as the account.
fn account_key(
    rng: &mut StdRng,
    owner_user_id: &str,
    workspace_id: &str,
    now: DateTime<Utc>,
) -> KeyRecord {
    let secret = keygen::key_string(rng);
    KeyRecord {
        hash: keygen::key_hash(&secret),
        label: keygen::key_label(&secret),
        secret,
        name: "Account inference key".into(),
        disabled: false,
        limit: None,
        limit_reset: None,
        include_byok_in_limit: false,
        history: SpendHistory::default(),
        created_at: now - ChronoDuration::days(400),
        updated_at: None,
        expires_at: None,
        creator_user_id: Some(owner_user_id.to_string()),
        workspace_id: workspace_id.to_string(),
        external_user: None,
        last_used_at: None,
    }
}

pub(crate) fn whole_seconds(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(ChronoDuration::seconds(1)).unwrap_or(t)
}

#[cfg(test)]
mod tests;
