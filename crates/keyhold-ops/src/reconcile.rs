//! Reconciling a bulk create whose answers were lost: which listed key is
//! which unconfirmed row, decided before anything is created again, so a
//! create is never blindly repeated.

use std::collections::HashSet;

use openrouter_client::Key;

/// What to do with one unconfirmed row, given the keys listed afterwards.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// No unclaimed key has the row's name: it was not created; create it.
    NotCreated,
    /// The row's key exists and was never used: nobody holds its string
    /// (the answer was lost), so it is replaced: deleted, then created afresh.
    Replace(Key),
    /// The row's key exists and has been used: someone holds its string;
    /// it is kept as created, without a string in the batch reveal.
    KeepUsed(Key),
}

/// Matches each unconfirmed row (index, name) to the oldest listed key of
/// that name that no other row and no key existing before the batch claims.
/// `claimed` is updated with every key matched.
pub fn match_unconfirmed<'a>(
    rows: impl IntoIterator<Item = (usize, &'a str)>,
    listed: &[Key],
    claimed: &mut HashSet<String>,
) -> Vec<(usize, Finding)> {
    rows.into_iter()
        .map(|(i, name)| {
            let found = listed
                .iter()
                .filter(|k| k.name == name && !claimed.contains(&k.hash))
                .min_by_key(|k| k.created_at);
            let finding = match found {
                None => Finding::NotCreated,
                Some(key) => {
                    claimed.insert(key.hash.clone());
                    if key.usage == 0.0 && key.byok_usage == 0.0 {
                        Finding::Replace(key.clone())
                    } else {
                        Finding::KeepUsed(key.clone())
                    }
                }
            };
            (i, finding)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(hash: &str, name: &str, created: &str, usage: f64) -> Key {
        serde_json::from_value(serde_json::json!({
            "hash": hash, "name": name, "label": "sk-or-v1-abc...def",
            "disabled": false, "limit": null, "limit_remaining": null,
            "limit_reset": null, "include_byok_in_limit": false,
            "usage": usage, "usage_daily": usage, "usage_weekly": usage, "usage_monthly": usage,
            "byok_usage": 0, "byok_usage_daily": 0, "byok_usage_weekly": 0, "byok_usage_monthly": 0,
            "created_at": created, "updated_at": null,
            "expires_at": null, "creator_user_id": null,
            "workspace_id": null, "external_user": null
        }))
        .unwrap()
    }

    #[test]
    fn twins_take_the_oldest_unclaimed_key_each() {
        let listed = vec![
            key("b", "Lab", "2026-11-02T00:00:00Z", 0.0),
            key("a", "Lab", "2026-11-01T00:00:00Z", 0.0),
            key("old", "Lab", "2026-01-01T00:00:00Z", 3.0),
        ];
        let mut claimed: HashSet<String> = ["old".to_string()].into();
        let found = match_unconfirmed([(0, "Lab"), (1, "Lab"), (2, "Lab")], &listed, &mut claimed);
        assert_eq!(found[0], (0, Finding::Replace(listed[1].clone())));
        assert_eq!(found[1], (1, Finding::Replace(listed[0].clone())));
        assert_eq!(found[2], (2, Finding::NotCreated));
        assert!(claimed.contains("a") && claimed.contains("b"));
    }

    #[test]
    fn a_used_key_is_kept_and_a_missing_one_created() {
        let listed = vec![key("u", "Used", "2026-11-01T00:00:00Z", 0.5)];
        let mut claimed = HashSet::new();
        let found = match_unconfirmed([(4, "Used"), (5, "Gone")], &listed, &mut claimed);
        assert_eq!(found[0], (4, Finding::KeepUsed(listed[0].clone())));
        assert_eq!(found[1], (5, Finding::NotCreated));
    }
}
