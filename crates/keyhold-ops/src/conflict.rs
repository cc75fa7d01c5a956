//! Telling what someone else changed since a form opened: the versions of
//! each key the person has been shown, and the editable fields that differ
//! between the version the form started from and the server's current one.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use openrouter_client::Key;

/// The fields the edit form can change, in the order the UI lists them.
pub const EDITABLE: [&str; 5] = [
    "name",
    "limit",
    "limit_reset",
    "include_byok_in_limit",
    "disabled",
];

/// A key's version: `updated_at` to the second (as the UI receives it).
fn version(at: Option<DateTime<Utc>>) -> Option<i64> {
    at.map(|t| t.timestamp())
}

/// Names of the editable fields that differ between two versions of a key.
pub fn changed_fields(before: &Key, after: &Key) -> Vec<String> {
    let differs = |field: &str| match field {
        "name" => before.name != after.name,
        "limit" => before.limit != after.limit,
        "limit_reset" => before.limit_reset != after.limit_reset,
        "include_byok_in_limit" => before.include_byok_in_limit != after.include_byok_in_limit,
        "disabled" => before.disabled != after.disabled,
        _ => false,
    };
    EDITABLE
        .iter()
        .filter(|f| differs(f))
        .map(|f| f.to_string())
        .collect()
}

/// The versions of each key the person has been shown, so a conflict can
/// name the fields that changed since the form opened. A few per key suffice.
#[derive(Debug, Default)]
pub struct SeenVersions {
    by_hash: Mutex<HashMap<String, Vec<Key>>>,
}

const VERSIONS_KEPT: usize = 4;

impl SeenVersions {
    pub fn remember(&self, key: &Key) {
        keep(&mut self.lock(), key.clone());
    }

    /// Takes the keys over, without copying them (a list of 10,000 keys).
    pub fn remember_all(&self, keys: Vec<Key>) {
        let mut map = self.lock();
        for k in keys {
            keep(&mut map, k);
        }
    }

    /// The version of `hash` last updated at `updated_at` (to the second).
    pub fn find(&self, hash: &str, updated_at: Option<DateTime<Utc>>) -> Option<Key> {
        let v = version(updated_at);
        self.lock()
            .get(hash)?
            .iter()
            .find(|k| version(k.updated_at) == v)
            .cloned()
    }

    /// The newest version of a key shown so far (by `updated_at`).
    pub fn latest(&self, hash: &str) -> Option<Key> {
        self.lock()
            .get(hash)?
            .iter()
            .max_by_key(|k| k.updated_at)
            .cloned()
    }

    #[cfg(test)]
    fn room_for(&self, hash: &str) -> usize {
        self.lock().get(hash).map_or(0, Vec::capacity)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Vec<Key>>> {
        self.by_hash.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn keep(map: &mut HashMap<String, Vec<Key>>, key: Key) {
    // Most keys are only ever seen in one version: room for exactly one
    // (a Vec's first push would reserve four, ~1 KB per key at 10,000).
    let versions = map
        .entry(key.hash.clone())
        .or_insert_with(|| Vec::with_capacity(1));
    // `updated_at` is compared to the second: two changes within one
    // second share it, so the later read replaces the earlier one.
    let v = version(key.updated_at);
    if let Some(same) = versions.iter_mut().find(|k| version(k.updated_at) == v) {
        *same = key;
        return;
    }
    versions.push(key);
    if versions.len() > VERSIONS_KEPT {
        versions.remove(0);
    }
}

/// Checks the version a form started from against the server's current one.
/// Returns the changed field names when someone else changed the key (empty
/// when the starting version is unknown); `None` when saving is safe, also
/// when only usage changed.
pub fn detect_conflict(
    seen: &SeenVersions,
    expected: Option<DateTime<Utc>>,
    current: &Key,
) -> Option<Vec<String>> {
    if version(expected) == version(current.updated_at) {
        return None;
    }
    match seen.find(&current.hash, expected) {
        Some(before) => {
            let fields = changed_fields(&before, current);
            (!fields.is_empty()).then_some(fields)
        }
        None => Some(Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str, limit: Option<f64>, updated: &str) -> Key {
        serde_json::from_value(serde_json::json!({
            "hash": "h1", "name": name, "label": "sk-or-v1-abc...def",
            "disabled": false, "limit": limit, "limit_remaining": null,
            "limit_reset": "monthly", "include_byok_in_limit": false,
            "usage": 1.0, "usage_daily": 0, "usage_weekly": 0, "usage_monthly": 0,
            "byok_usage": 0, "byok_usage_daily": 0, "byok_usage_weekly": 0, "byok_usage_monthly": 0,
            "created_at": "2026-11-01T00:00:00Z", "updated_at": updated,
            "expires_at": null, "creator_user_id": null,
            "workspace_id": null, "external_user": null
        }))
        .unwrap()
    }

    fn at(text: &str) -> Option<DateTime<Utc>> {
        Some(text.parse().unwrap())
    }

    #[test]
    fn someone_elses_rename_is_a_conflict_naming_the_field() {
        let seen = SeenVersions::default();
        let shown = key("Bot", Some(5.0), "2026-11-02T10:00:00Z");
        seen.remember(&shown);
        let now = key("Renamed", Some(5.0), "2026-11-02T11:00:00Z");
        let conflict = detect_conflict(&seen, at("2026-11-02T10:00:00Z"), &now);
        assert_eq!(conflict, Some(vec!["name".to_string()]));
    }

    #[test]
    fn the_same_version_or_a_usage_change_is_not_a_conflict() {
        let seen = SeenVersions::default();
        seen.remember(&key("Bot", Some(5.0), "2026-11-02T10:00:00.400Z"));
        let same = key("Bot", Some(5.0), "2026-11-02T10:00:00Z");
        assert_eq!(
            detect_conflict(&seen, at("2026-11-02T10:00:00Z"), &same),
            None
        );
        let mut used = key("Bot", Some(5.0), "2026-11-02T12:00:00Z");
        used.usage = 3.0;
        assert_eq!(
            detect_conflict(&seen, at("2026-11-02T10:00:00Z"), &used),
            None
        );
    }

    #[test]
    fn an_unknown_starting_version_is_a_conflict_without_fields() {
        let seen = SeenVersions::default();
        let now = key("Bot", Some(5.0), "2026-11-02T11:00:00Z");
        assert_eq!(
            detect_conflict(&seen, at("2026-11-01T00:00:00Z"), &now),
            Some(vec![])
        );
    }

    #[test]
    fn a_key_seen_in_one_version_holds_room_for_one() {
        let seen = SeenVersions::default();
        seen.remember_all(vec![key("Bot", None, "2026-11-02T10:00:00Z")]);
        assert_eq!(seen.room_for("h1"), 1);
        seen.remember(&key("Bot", Some(1.0), "2026-11-02T11:00:00Z"));
        assert_eq!(seen.latest("h1").unwrap().limit, Some(1.0));
    }

    #[test]
    fn latest_is_the_newest_version_and_few_are_kept() {
        let seen = SeenVersions::default();
        for h in 0..6 {
            seen.remember(&key(
                &format!("v{h}"),
                None,
                &format!("2026-11-02T1{h}:00:00Z"),
            ));
        }
        assert_eq!(seen.latest("h1").unwrap().name, "v5");
        assert!(seen.find("h1", at("2026-11-02T10:00:00Z")).is_none());
    }
}
