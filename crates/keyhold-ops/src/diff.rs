//! Bulk edit: one change applied to many keys. For each key, the before →
//! after of the field it touches (for the preview and the audit log), and
//! the PATCH that makes it.
//!
//! Display values: limits as plain numbers (`12.5`) or `none`; resets as
//! `daily`/`weekly`/`monthly` or `never`; BYOK as `yes`/`no`; the disabled
//! flag as `enabled`/`disabled`; deletion as `exists` → `deleted`.

use openrouter_client::{Key, KeyPatch, LimitReset, Usd};

use crate::audit::Action;
use crate::csv_out::number;

#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    SetLimit(Usd),
    /// A limit and its reset period in one PATCH ("$20 a month").
    SetLimitAndReset(Usd, Option<LimitReset>),
    ClearLimit,
    SetReset(Option<LimitReset>),
    SetByok(bool),
    Disable,
    Enable,
    Delete,
}

/// The fields a bulk edit can touch, as they are on one key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KeyState<'a> {
    pub limit: Option<f64>,
    /// Wire text (`monthly`, …); `None` = never resets.
    pub limit_reset: Option<&'a str>,
    pub include_byok_in_limit: bool,
    pub disabled: bool,
}

impl<'a> From<&'a Key> for KeyState<'a> {
    fn from(k: &'a Key) -> Self {
        KeyState {
            limit: k.limit,
            limit_reset: k.limit_reset.as_ref().map(LimitReset::as_str),
            include_byok_in_limit: k.include_byok_in_limit,
            disabled: k.disabled,
        }
    }
}

/// One key's before → after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    pub field: &'static str,
    pub before: String,
    pub after: String,
    /// False when the key already has the target value.
    pub changes: bool,
}

pub fn limit_text(limit: Option<f64>) -> String {
    limit.map(number).unwrap_or_else(|| "none".into())
}

pub fn reset_text(reset: Option<&str>) -> String {
    reset.unwrap_or("never").to_string()
}

pub fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

pub fn enabled_text(disabled: bool) -> String {
    if disabled { "disabled" } else { "enabled" }.to_string()
}

fn same_money(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => (a - b).abs() < 0.000_5,
        _ => false,
    }
}

impl Change {
    /// The audit action of a bulk row making this change.
    pub fn audit_action(&self) -> Action {
        match self {
            Change::Disable => Action::BulkDisable,
            Change::Enable => Action::BulkEnable,
            Change::Delete => Action::BulkDelete,
            _ => Action::BulkUpdate,
        }
    }

    /// The single-field changes this one is made of, in order (itself for
    /// all but [`Change::SetLimitAndReset`]); the audit log records each.
    pub fn parts(&self) -> Vec<Change> {
        match self {
            Change::SetLimitAndReset(usd, reset) => {
                vec![Change::SetLimit(*usd), Change::SetReset(reset.clone())]
            }
            other => vec![other.clone()],
        }
    }

    /// The field this change touches.
    pub fn field(&self) -> &'static str {
        match self {
            Change::SetLimitAndReset(..) => "limit_and_reset",
            Change::SetLimit(_) | Change::ClearLimit => "limit",
            Change::SetReset(_) => "limit_reset",
            Change::SetByok(_) => "include_byok_in_limit",
            Change::Disable | Change::Enable => "disabled",
            Change::Delete => "key",
        }
    }

    /// The display value the field has after the change, on any key.
    pub fn target_text(&self) -> String {
        match self {
            Change::SetLimit(usd) => limit_text(Some(usd.to_f64())),
            Change::SetLimitAndReset(..) => self
                .parts()
                .iter()
                .map(Change::target_text)
                .collect::<Vec<_>>()
                .join(", "),
            Change::ClearLimit => limit_text(None),
            Change::SetReset(reset) => reset_text(reset.as_ref().map(LimitReset::as_str)),
            Change::SetByok(include) => yes_no(*include),
            Change::Disable => enabled_text(true),
            Change::Enable => enabled_text(false),
            Change::Delete => "deleted".into(),
        }
    }

    /// Before → after on `key` as it is now.
    pub fn diff(&self, key: KeyState<'_>) -> Diff {
        let field = self.field();
        let (before, after, changes) = match self {
            Change::SetLimit(usd) => {
                let target = Some(usd.to_f64());
                (
                    limit_text(key.limit),
                    limit_text(target),
                    !same_money(key.limit, target),
                )
            }
            Change::SetLimitAndReset(..) => {
                let parts: Vec<Diff> = self.parts().iter().map(|p| p.diff(key)).collect();
                let join =
                    |f: fn(&Diff) -> &str| parts.iter().map(f).collect::<Vec<_>>().join(", ");
                (
                    join(|d| &d.before),
                    join(|d| &d.after),
                    parts.iter().any(|d| d.changes),
                )
            }
            Change::ClearLimit => (limit_text(key.limit), limit_text(None), key.limit.is_some()),
            Change::SetReset(reset) => {
                let now = key.limit_reset;
                let target = reset.as_ref().map(LimitReset::as_str);
                (reset_text(now), reset_text(target), now != target)
            }
            Change::SetByok(include) => (
                yes_no(key.include_byok_in_limit),
                yes_no(*include),
                key.include_byok_in_limit != *include,
            ),
            Change::Disable => (
                enabled_text(key.disabled),
                enabled_text(true),
                !key.disabled,
            ),
            Change::Enable => (
                enabled_text(key.disabled),
                enabled_text(false),
                key.disabled,
            ),
            Change::Delete => ("exists".into(), "deleted".into(), true),
        };
        Diff {
            field,
            before,
            after,
            changes,
        }
    }

    /// The PATCH body; `None` for [`Change::Delete`] (a DELETE instead).
    pub fn patch(&self) -> Option<KeyPatch> {
        let patch = KeyPatch::default();
        Some(match self {
            Change::SetLimit(usd) => patch.limit(*usd),
            Change::SetLimitAndReset(usd, Some(reset)) => {
                patch.limit(*usd).limit_reset(reset.clone())
            }
            Change::SetLimitAndReset(usd, None) => patch.limit(*usd).no_reset(),
            Change::ClearLimit => patch.unlimited(),
            Change::SetReset(Some(reset)) => patch.limit_reset(reset.clone()),
            Change::SetReset(None) => patch.no_reset(),
            Change::SetByok(include) => patch.include_byok_in_limit(*include),
            Change::Disable => patch.disabled(true),
            Change::Enable => patch.disabled(false),
            Change::Delete => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> Key {
        serde_json::from_value(serde_json::json!({
            "hash": "h1",
            "name": "Team",
            "limit": 20.0,
            "limit_reset": "monthly",
            "include_byok_in_limit": false,
            "disabled": false,
        }))
        .unwrap()
    }

    fn d(change: Change, k: &Key) -> (String, String, String, bool) {
        let d = change.diff(k.into());
        (d.field.to_string(), d.before, d.after, d.changes)
    }

    fn s(field: &str, before: &str, after: &str, changes: bool) -> (String, String, String, bool) {
        (field.into(), before.into(), after.into(), changes)
    }

    #[test]
    fn before_and_after_of_every_action() {
        let k = key();
        let usd = |t| Usd::parse(t).unwrap();
        assert_eq!(
            d(Change::SetLimit(usd("12.50")), &k),
            s("limit", "20", "12.5", true)
        );
        assert_eq!(
            d(Change::SetLimit(usd("20")), &k),
            s("limit", "20", "20", false)
        );
        assert_eq!(d(Change::ClearLimit, &k), s("limit", "20", "none", true));
        assert_eq!(
            d(
                Change::SetLimitAndReset(usd("20"), Some(LimitReset::Monthly)),
                &k
            ),
            s("limit_and_reset", "20, monthly", "20, monthly", false)
        );
        assert_eq!(
            d(Change::SetLimitAndReset(usd("20"), None), &k),
            s("limit_and_reset", "20, monthly", "20, never", true),
            "the reset alone changing is a change"
        );
        assert_eq!(
            d(
                Change::SetLimitAndReset(usd("5"), Some(LimitReset::Monthly)),
                &k
            ),
            s("limit_and_reset", "20, monthly", "5, monthly", true),
            "the limit alone changing is a change"
        );
        assert_eq!(
            d(Change::SetReset(Some(LimitReset::Weekly)), &k),
            s("limit_reset", "monthly", "weekly", true)
        );
        assert_eq!(
            d(Change::SetReset(None), &k),
            s("limit_reset", "monthly", "never", true)
        );
        assert_eq!(
            d(Change::SetReset(Some(LimitReset::Monthly)), &k),
            s("limit_reset", "monthly", "monthly", false)
        );
        assert_eq!(
            d(Change::SetByok(true), &k),
            s("include_byok_in_limit", "no", "yes", true)
        );
        assert_eq!(
            d(Change::Disable, &k),
            s("disabled", "enabled", "disabled", true)
        );
        assert_eq!(
            d(Change::Enable, &k),
            s("disabled", "enabled", "enabled", false)
        );
        assert_eq!(d(Change::Delete, &k), s("key", "exists", "deleted", true));

        let mut unlimited = key();
        unlimited.limit = None;
        unlimited.limit_reset = None;
        unlimited.disabled = true;
        assert_eq!(
            d(Change::ClearLimit, &unlimited),
            s("limit", "none", "none", false)
        );
        assert_eq!(
            d(Change::SetLimit(usd("0")), &unlimited),
            s("limit", "none", "0", true)
        );
        assert_eq!(
            d(Change::SetReset(None), &unlimited),
            s("limit_reset", "never", "never", false)
        );
        assert_eq!(
            d(Change::Enable, &unlimited),
            s("disabled", "disabled", "enabled", true)
        );
    }

    #[test]
    fn patches_touch_only_the_field() {
        let body = |c: Change| serde_json::to_value(c.patch().unwrap()).unwrap();
        assert_eq!(
            body(Change::SetLimit(Usd::parse("12.50").unwrap())),
            serde_json::json!({"limit": 12.5})
        );
        assert_eq!(body(Change::ClearLimit), serde_json::json!({"limit": null}));
        assert_eq!(
            body(Change::SetLimitAndReset(
                Usd::parse("20").unwrap(),
                Some(LimitReset::Monthly)
            )),
            serde_json::json!({"limit": 20, "limit_reset": "monthly"})
        );
        assert_eq!(
            body(Change::SetLimitAndReset(Usd::parse("20").unwrap(), None)),
            serde_json::json!({"limit": 20, "limit_reset": null})
        );
        let both = Change::SetLimitAndReset(Usd::parse("20").unwrap(), Some(LimitReset::Weekly));
        assert_eq!(both.audit_action(), Action::BulkUpdate);
        assert_eq!(both.target_text(), "20, weekly");
        assert_eq!(
            both.parts().iter().map(Change::field).collect::<Vec<_>>(),
            ["limit", "limit_reset"]
        );
        assert_eq!(
            body(Change::SetReset(None)),
            serde_json::json!({"limit_reset": null})
        );
        assert_eq!(
            body(Change::SetReset(Some(LimitReset::Daily))),
            serde_json::json!({"limit_reset": "daily"})
        );
        assert_eq!(
            body(Change::SetByok(true)),
            serde_json::json!({"include_byok_in_limit": true})
        );
        assert_eq!(body(Change::Disable), serde_json::json!({"disabled": true}));
        assert!(Change::Delete.patch().is_none());
        assert_eq!(Change::Delete.audit_action(), Action::BulkDelete);
        assert_eq!(Change::ClearLimit.audit_action(), Action::BulkUpdate);
        assert_eq!(Change::SetReset(None).target_text(), "never");
        assert_eq!(Change::Enable.target_text(), "enabled");
    }
}
