//! Turning the edit form's desired state into the smallest PATCH, and telling
//! what someone else changed since the form opened.

use keyhold_ops::conflict::SeenVersions;
use openrouter_client::{Key, KeyPatch, LimitReset, Usd};

use crate::dto::{EditKeyInput, KeyView, ResetPeriod};
use crate::error::AppResult;
use crate::validation;

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
pub fn desired(current: &Key, input: &EditKeyInput) -> Key {
    let mut want = current.clone();
    if let Ok(name) = validation::key_name(&input.name) {
        want.name = name;
    }
    if let Ok(limit) = validation::optional_usd(crate::error::Field::Limit, input.limit.as_deref())
    {
        want.limit = limit.map(|u| u.to_f64());
    }
    want.limit_reset = input.limit_reset.map(LimitReset::from);
    want.include_byok_in_limit = input.include_byok_in_limit;
    want.disabled = input.disabled;
    want
}

/// Someone else's change since the form opened, as the field names that
/// differ (see `keyhold_ops::conflict`); `None` when saving is safe or the
/// person chose to overwrite.
pub fn detect_conflict(
    seen: &SeenVersions,
    input: &EditKeyInput,
    current: &openrouter_client::Key,
) -> Option<Vec<String>> {
    if input.force {
        return None;
    }
    let expected = input
        .expected_updated_at
        .as_deref()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&chrono::Utc));
    keyhold_ops::conflict::detect_conflict(seen, expected, current)
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

    fn server_key(name: &str, updated_at: &str) -> openrouter_client::Key {
        serde_json::from_value(serde_json::json!({
            "hash": "h1", "name": name, "label": "sk-or-v1-abc...123",
            "disabled": false, "limit": 20.0, "limit_remaining": 15.0,
            "limit_reset": "monthly", "include_byok_in_limit": false,
            "usage": 5.0, "usage_daily": 1.0, "usage_weekly": 2.0, "usage_monthly": 5.0,
            "byok_usage": 0, "byok_usage_daily": 0, "byok_usage_weekly": 0, "byok_usage_monthly": 0,
            "created_at": "2026-01-01T00:00:00Z", "updated_at": updated_at,
            "expires_at": null, "creator_user_id": null,
            "workspace_id": null, "external_user": null
        }))
        .unwrap()
    }

    #[test]
    fn the_form_version_is_read_from_its_text_and_force_overwrites() {
        let seen = SeenVersions::default();
        seen.remember(&server_key("Team", "2026-11-20T09:00:00Z"));
        let after = server_key("Team (finance)", "2026-11-20T10:00:00Z");
        let mut input = input_from(&key("Team"));
        input.expected_updated_at = Some("2026-11-20T09:00:00Z".into());
        let fields = detect_conflict(&seen, &input, &after).expect("conflict");
        assert_eq!(fields, vec!["name".to_string()]);
        input.force = true;
        assert!(detect_conflict(&seen, &input, &after).is_none());
    }
}
