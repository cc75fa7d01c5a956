//! Request and response bodies of the key-management API.

mod current_key;
mod guardrails;
mod insights;
mod key;
mod lenient;
mod other;
pub(crate) mod time;

pub use current_key::{CurrentKey, FreeModelDailyRequests, KeyBudget, RateLimit};
pub use guardrails::{
    ContentFilter, ContentFilterBuiltin, Guardrail, GuardrailBudget, GuardrailPatch, KeyAssignment,
    NewGuardrail,
};
pub use insights::{ActivityItem, ActivityQuery, OrganizationMember};
pub use key::{CreatedKey, Key, LimitReset, NewKey};
pub use other::{Credits, Workspace};

pub(crate) use guardrails::AssignedCount;
pub(crate) use insights::Page;
pub(crate) use key::CreateResponse;
pub(crate) use other::{DataEnvelope, DeleteResponse};

/// Every example body of the vendored API description
/// (`contract/openrouter/examples`) parses.
#[cfg(test)]
mod examples {
    use super::*;
    use chrono::{TimeZone, Utc};
    use secrecy::ExposeSecret;

    fn example(name: &str) -> String {
        let path = format!(
            "{}/../../contract/openrouter/examples/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn data<T: serde::de::DeserializeOwned>(name: &str) -> T {
        serde_json::from_str::<DataEnvelope<T>>(&example(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .data
    }

    #[test]
    fn list_get_update() {
        let list: Vec<Key> = data("list-keys.GET_keys.200.json");
        assert_eq!(list.len(), 1);
        let key = &list[0];
        assert_eq!(key.hash.len(), 64);
        assert_eq!(key.name, "My Production Key");
        assert_eq!(key.limit, Some(100.0));
        assert_eq!(key.limit_remaining, Some(74.5));
        assert_eq!(key.limit_reset, Some(LimitReset::Monthly));
        assert_eq!(key.byok_usage_weekly, 17.38);
        assert_eq!(
            key.created_at,
            Some(Utc.with_ymd_and_hms(2025, 8, 24, 10, 30, 0).unwrap())
        );
        assert_eq!(
            key.expires_at,
            Some(Utc.with_ymd_and_hms(2027, 12, 31, 23, 59, 59).unwrap())
        );
        assert_eq!(key.external_user, None);
        assert_eq!(key.last_used_at, None);

        let got: Key = data("get-key.GET_keys_hash.200.json");
        assert_eq!(&got, key);
        let updated: Key = data("update-key.PATCH_keys_hash.200.json");
        assert_eq!(updated.expires_at, None);
        assert_eq!(updated.limit_reset, Some(LimitReset::Daily));
        assert!(updated.updated_at.is_some());
    }

    #[test]
    fn create_response_and_request() {
        let created: CreateResponse =
            serde_json::from_str(&example("create-key.POST_keys.201.json")).unwrap();
        assert_eq!(created.data.name, "My New API Key");
        assert_eq!(created.data.updated_at, None);
        assert!(created.key.expose_secret().starts_with("sk-or-v1-"));

        // Our request type produces the example request (same fields and values).
        let request = NewKey {
            name: "My New API Key".into(),
            limit: Some(crate::Usd::parse("50").unwrap()),
            limit_reset: Some(LimitReset::Monthly),
            include_byok_in_limit: Some(true),
            expires_at: Some(Utc.with_ymd_and_hms(2027, 12, 31, 23, 59, 59).unwrap()),
            workspace_id: None,
        };
        let ours = serde_json::to_value(&request).unwrap();
        let theirs: serde_json::Value =
            serde_json::from_str(&example("create-key.POST_keys.request.json")).unwrap();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn update_request() {
        let patch = crate::KeyPatch::new()
            .name("Updated API Key Name")
            .disabled(false)
            .limit(crate::Usd::parse("75").unwrap())
            .limit_reset(LimitReset::Daily)
            .include_byok_in_limit(true);
        let theirs: serde_json::Value =
            serde_json::from_str(&example("update-key.PATCH_keys_hash.request.json")).unwrap();
        assert_eq!(serde_json::to_value(&patch).unwrap(), theirs);
    }

    #[test]
    fn current_key_credits_delete() {
        let me: CurrentKey = data("current-key.GET_key.200.json");
        assert!(!me.is_management_key);
        assert_eq!(me.limit_remaining, Some(74.5));
        assert_eq!(me.rate_limit.as_ref().unwrap().requests, 1000);
        assert!(me.expires_at.is_some());

        let credits: Credits = data("credits.GET_credits.200.json");
        assert_eq!(credits.total_credits, 100.5);
        assert_eq!(credits.remaining(), 74.75);

        let deleted: DeleteResponse =
            serde_json::from_str(&example("delete-key.DELETE_keys_hash.200.json")).unwrap();
        assert_eq!(deleted.deleted, Some(true));
    }

    #[test]
    fn every_example_file_is_covered() {
        let dir = format!(
            "{}/../../contract/openrouter/examples",
            env!("CARGO_MANIFEST_DIR")
        );
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json"))
            .collect();
        files.sort();
        // Errors are covered in error.rs; the rest above. A new file fails here
        // until a test reads it.
        let known = [
            "create-key.POST_keys.201.json",
            "create-key.POST_keys.request.json",
            "credits.GET_credits.200.json",
            "current-key.GET_key.200.json",
            "delete-key.DELETE_keys_hash.200.json",
            "error.400.json",
            "error.401.json",
            "error.403.json",
            "error.404.json",
            "error.429.json",
            "error.500.json",
            "get-key.GET_keys_hash.200.json",
            "list-keys.GET_keys.200.json",
            "update-key.PATCH_keys_hash.200.json",
            "update-key.PATCH_keys_hash.request.json",
        ];
        assert_eq!(files, known);
    }
}
