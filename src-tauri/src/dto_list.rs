//! The key list as it crosses to the window: one array per field rather
//! than one object per key. At 10,000 keys the field names would otherwise
//! travel 10,000 times each, roughly half of the answer; without them the
//! answer is smaller to build, to hand over and to decode in the page,
//! which turns it back into `KeyView`s (`ui/src/lib/listedKeys.ts`).

use serde::Serialize;
use ts_rs::TS;

use crate::dto::KeyView;

/// Field `f` of key `i` is `f[i]`; every array has one entry per key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ListedKeys {
    pub hash: Vec<String>,
    pub name: Vec<String>,
    pub label: Vec<String>,
    pub disabled: Vec<bool>,
    pub limit: Vec<Option<f64>>,
    pub limit_remaining: Vec<Option<f64>>,
    pub limit_reset: Vec<Option<String>>,
    pub include_byok_in_limit: Vec<bool>,
    pub usage: Vec<f64>,
    pub usage_daily: Vec<f64>,
    pub usage_weekly: Vec<f64>,
    pub usage_monthly: Vec<f64>,
    pub byok_usage: Vec<f64>,
    pub byok_usage_daily: Vec<f64>,
    pub byok_usage_weekly: Vec<f64>,
    pub byok_usage_monthly: Vec<f64>,
    pub created_at: Vec<Option<String>>,
    pub updated_at: Vec<Option<String>>,
    pub expires_at: Vec<Option<String>>,
    pub last_used_at: Vec<Option<String>>,
    pub workspace_id: Vec<Option<String>>,
    pub creator_user_id: Vec<Option<String>>,
}

impl FromIterator<KeyView> for ListedKeys {
    fn from_iter<I: IntoIterator<Item = KeyView>>(views: I) -> ListedKeys {
        let mut c = ListedKeys::default();
        for view in views {
            // Taken apart field by field: a field added to `KeyView` and
            // not listed here does not compile.
            let KeyView {
                hash,
                name,
                label,
                disabled,
                limit,
                limit_remaining,
                limit_reset,
                include_byok_in_limit,
                usage,
                usage_daily,
                usage_weekly,
                usage_monthly,
                byok_usage,
                byok_usage_daily,
                byok_usage_weekly,
                byok_usage_monthly,
                created_at,
                updated_at,
                expires_at,
                last_used_at,
                workspace_id,
                creator_user_id,
            } = view;
            c.hash.push(hash);
            c.name.push(name);
            c.label.push(label);
            c.disabled.push(disabled);
            c.limit.push(limit);
            c.limit_remaining.push(limit_remaining);
            c.limit_reset.push(limit_reset);
            c.include_byok_in_limit.push(include_byok_in_limit);
            c.usage.push(usage);
            c.usage_daily.push(usage_daily);
            c.usage_weekly.push(usage_weekly);
            c.usage_monthly.push(usage_monthly);
            c.byok_usage.push(byok_usage);
            c.byok_usage_daily.push(byok_usage_daily);
            c.byok_usage_weekly.push(byok_usage_weekly);
            c.byok_usage_monthly.push(byok_usage_monthly);
            c.created_at.push(created_at);
            c.updated_at.push(updated_at);
            c.expires_at.push(expires_at);
            c.last_used_at.push(last_used_at);
            c.workspace_id.push(workspace_id);
            c.creator_user_id.push(creator_user_id);
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn view(i: u32) -> KeyView {
        KeyView {
            hash: format!("h{i}"),
            name: format!("Key {i}"),
            label: format!("sk-or-v1-{i}"),
            disabled: i.is_multiple_of(2),
            limit: Some(f64::from(i) + 0.5),
            limit_remaining: None,
            limit_reset: Some("monthly".into()),
            include_byok_in_limit: true,
            usage: 1.0 + f64::from(i),
            usage_daily: 2.0,
            usage_weekly: 3.0,
            usage_monthly: 4.0,
            byok_usage: 5.0,
            byok_usage_daily: 6.0,
            byok_usage_weekly: 7.0,
            byok_usage_monthly: 8.0,
            created_at: Some(format!("2026-01-0{i}T00:00:00Z")),
            updated_at: None,
            expires_at: Some("2027-01-01T00:00:00Z".into()),
            last_used_at: None,
            workspace_id: Some("ws".into()),
            creator_user_id: Some(format!("user{i}")),
        }
    }

    #[test]
    fn every_field_of_every_key_is_in_its_column_in_order() {
        let views: Vec<KeyView> = (1..=3).map(view).collect();
        let listed: ListedKeys = views.iter().cloned().collect();
        assert_eq!(listed.hash.len(), 3);
        let columns = serde_json::to_value(&listed).unwrap();
        for (i, v) in views.iter().enumerate() {
            let Value::Object(fields) = serde_json::to_value(v).unwrap() else {
                panic!("a key view is an object");
            };
            for (field, value) in fields {
                assert_eq!(columns[&field][i], value, "{field} of key {i}");
            }
        }
        // No column without a field of `KeyView`.
        let Value::Object(cols) = &columns else {
            panic!("columns are an object")
        };
        let Value::Object(fields) = serde_json::to_value(view(1)).unwrap() else {
            panic!("a key view is an object");
        };
        assert_eq!(cols.len(), fields.len());
        assert_eq!(columns["limit_remaining"], json!([null, null, null]));
    }
}
