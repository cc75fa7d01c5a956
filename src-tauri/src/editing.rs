//! Turning the edit form's desired state into the smallest PATCH, and telling
//! what someone else changed since the form opened.

use std::collections::HashMap;
use std::sync::Mutex;

use openrouter_client::{KeyPatch, LimitReset, Usd};

use crate::dto::{EditKeyInput, KeyView, ResetPeriod};
use crate::error::AppResult;
use crate::validation;

/// The fields the edit form can change, in the order the UI lists them.
const EDITABLE: [&str; 5] = [
    "name",
    "limit",
    "limit_reset",
    "include_byok_in_limit",
    "disabled",
];

/// The wire name of a reset period, as `KeyView.limit_reset` holds it.
fn reset_name(r: Option<ResetPeriod>) -> Option<String> {
    r.map(|r| LimitReset::from(r).as_str().to_string())
}

fn same_money(a: Option<f64>, b: Option<Usd>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => (a - b.to_f64()).abs() < 0.000_5,
        _ => false,
    }
}

/// The PATCH that turns `current` into what the form asks for; `None` when
/// nothing differs. Validates the input first, field by field.
pub fn build_patch(current: &KeyView, input: &EditKeyInput) -> AppResult<Option<KeyPatch>> {
    let name = validation::key_name(&input.name)?;
    let limit = validation::optional_usd(crate::error::Field::Limit, input.limit.as_deref())?;
    let mut patch = KeyPatch::default();
    let mut any = false;
    if name != current.name {
        patch = patch.name(name);
        any = true;
    }
    if !same_money(current.limit, limit) {
        patch = match limit {
            Some(usd) => patch.limit(usd),
            None => patch.unlimited(),
        };
        any = true;
    }
    if reset_name(input.limit_reset) != current.limit_reset {
        patch = match input.limit_reset.map(LimitReset::from) {
            Some(r) => patch.limit_reset(r),
            None => patch.no_reset(),
        };
        any = true;
    }
    if input.include_byok_in_limit != current.include_byok_in_limit {
        patch = patch.include_byok_in_limit(input.include_byok_in_limit);
        any = true;
    }
    if input.disabled != current.disabled {
        patch = patch.disabled(input.disabled);
        any = true;
    }
    Ok(any.then_some(patch))
}

/// The key as the form wants it (for the audit entry of a failed save).
pub fn desired(current: &KeyView, input: &EditKeyInput) -> KeyView {
    let mut want = current.clone();
    if let Ok(name) = validation::key_name(&input.name) {
        want.name = name;
    }
    if let Ok(limit) = validation::optional_usd(crate::error::Field::Limit, input.limit.as_deref())
    {
        want.limit = limit.map(|u| u.to_f64());
    }
    want.limit_reset = reset_name(input.limit_reset);
    want.include_byok_in_limit = input.include_byok_in_limit;
    want.disabled = input.disabled;
    want
}

/// Names of the editable fields that differ between two versions of a key.
pub fn changed_fields(before: &KeyView, after: &KeyView) -> Vec<String> {
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

/// The versions of each key the UI has been shown, so a conflict can name
/// the fields that changed since the form opened. A few per key suffice.
#[derive(Debug, Default)]
pub struct SeenVersions {
    by_hash: Mutex<HashMap<String, Vec<KeyView>>>,
}

const VERSIONS_KEPT: usize = 4;

impl SeenVersions {
    pub fn remember(&self, key: &KeyView) {
        let mut map = self.by_hash.lock().unwrap_or_else(|p| p.into_inner());
        let versions = map.entry(key.hash.clone()).or_default();
        // `updated_at` has whole seconds: two changes within one second share
        // it, so the later read replaces the earlier one.
        if let Some(same) = versions.iter_mut().find(|v| v.updated_at == key.updated_at) {
            *same = key.clone();
            return;
        }
        versions.push(key.clone());
        if versions.len() > VERSIONS_KEPT {
            versions.remove(0);
        }
    }

    pub fn remember_all(&self, keys: &[KeyView]) {
        for k in keys {
            self.remember(k);
        }
    }

    pub fn find(&self, hash: &str, updated_at: &Option<String>) -> Option<KeyView> {
        let map = self.by_hash.lock().unwrap_or_else(|p| p.into_inner());
        map.get(hash)?
            .iter()
            .find(|v| &v.updated_at == updated_at)
            .cloned()
    }

    /// The newest version of a key shown so far (by `updated_at`).
    pub fn latest(&self, hash: &str) -> Option<KeyView> {
        let map = self.by_hash.lock().unwrap_or_else(|p| p.into_inner());
        map.get(hash)?
            .iter()
            .max_by(|a, b| a.updated_at.cmp(&b.updated_at))
            .cloned()
    }

    pub fn clear(&self) {
        self.by_hash
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}

/// Checks the form's version against the server's current one.
/// Returns the changed field names when someone else changed the key.
pub fn detect_conflict(
    seen: &SeenVersions,
    input: &EditKeyInput,
    current: &KeyView,
) -> Option<Vec<String>> {
    if input.force || input.expected_updated_at == current.updated_at {
        return None;
    }
    let fields = match seen.find(&current.hash, &input.expected_updated_at) {
        Some(before) => changed_fields(&before, current),
        None => Vec::new(),
    };
    // Changes outside the editable fields (usage only) are not a conflict.
    if fields.is_empty()
        && seen
            .find(&current.hash, &input.expected_updated_at)
            .is_some()
    {
        return None;
    }
    Some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn key(name: &str) -> KeyView {
        KeyView {
            hash: "h1".into(),
            name: name.into(),
            label: "sk-or-v1-abc...123".into(),
            disabled: false,
            limit: Some(20.0),
            limit_remaining: Some(15.0),
            limit_reset: Some("monthly".into()),
            include_byok_in_limit: false,
            usage: 5.0,
            usage_daily: 1.0,
            usage_weekly: 2.0,
            usage_monthly: 5.0,
            byok_usage: 0.0,
            byok_usage_daily: 0.0,
            byok_usage_weekly: 0.0,
            byok_usage_monthly: 0.0,
            created_at: Some("2026-01-01T00:00:00Z".into()),
            updated_at: None,
            expires_at: None,
            last_used_at: None,
            workspace_id: None,
            creator_user_id: None,
        }
    }

    fn input_from(k: &KeyView) -> EditKeyInput {
        EditKeyInput {
            hash: k.hash.clone(),
            expected_updated_at: k.updated_at.clone(),
            name: k.name.clone(),
            limit: k.limit.map(|l| l.to_string()),
            limit_reset: Some(ResetPeriod::Monthly),
            include_byok_in_limit: k.include_byok_in_limit,
            disabled: k.disabled,
            force: false,
        }
    }

    #[test]
    fn no_change_means_no_patch() {
        let k = key("Team");
        assert!(build_patch(&k, &input_from(&k)).unwrap().is_none());
    }

    #[test]
    fn clearing_the_limit_sends_an_explicit_null() {
        let k = key("Team");
        let mut input = input_from(&k);
        input.limit = Some("  ".into());
        let patch = build_patch(&k, &input).unwrap().expect("a patch");
        assert_eq!(serde_json::to_string(&patch).unwrap(), r#"{"limit":null}"#);
    }

    #[test]
    fn only_changed_fields_are_sent() {
        let k = key("Team");
        let mut input = input_from(&k);
        input.name = "Team A".into();
        input.limit_reset = None;
        input.disabled = true;
        let patch = build_patch(&k, &input).unwrap().unwrap();
        let body: serde_json::Value = serde_json::to_value(&patch).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"name": "Team A", "limit_reset": null, "disabled": true})
        );
    }

    #[test]
    fn invalid_limit_is_reported_on_its_field() {
        let k = key("Team");
        let mut input = input_from(&k);
        input.limit = Some("-5".into());
        let err = build_patch(&k, &input).unwrap_err();
        assert_eq!(err.field, Some(crate::error::Field::Limit));
    }

    #[test]
    fn conflict_names_the_fields_someone_else_changed() {
        let seen = SeenVersions::default();
        let before = key("Team");
        seen.remember(&before);
        let mut after = key("Team (finance)");
        after.limit = Some(50.0);
        after.updated_at = Some("2026-11-20T10:00:00Z".into());
        let input = input_from(&before);
        let fields = detect_conflict(&seen, &input, &after).expect("conflict");
        assert_eq!(fields, vec!["name".to_string(), "limit".to_string()]);
        let forced = EditKeyInput {
            force: true,
            ..input
        };
        assert!(detect_conflict(&seen, &forced, &after).is_none());
    }

    #[test]
    fn same_version_is_no_conflict() {
        let seen = SeenVersions::default();
        let k = key("Team");
        assert!(detect_conflict(&seen, &input_from(&k), &k).is_none());
    }
}
