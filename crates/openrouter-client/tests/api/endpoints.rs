//! Every endpoint: success, and each declared error status mapped to its code.

use chrono::{TimeZone, Timelike, Utc};
use openrouter_client::{
    ErrorCode, KeyPatch, LimitReset, ListOptions, NewKey, Patch, RetryPolicy, Usd,
};
use openrouter_sim::{FaultRule, Faults, RateLimitFault, ServerErrorFault, SimConfig};

use crate::common::*;

#[tokio::test]
async fn list_get_and_fields() {
    let sim = sim(3).await;
    let client = client(&sim);
    let keys = client.list_keys(&ListOptions::default()).await.unwrap();
    assert_eq!(keys.len(), 3);
    let names: Vec<_> = keys.iter().map(|k| k.name.clone()).collect();
    assert_eq!(names, sim.key_names());
    let first = &keys[0];
    assert_eq!(first.hash.len(), 64);
    assert!(first.created_at.is_some());
    assert_eq!(
        first.workspace_id.as_deref(),
        Some(sim.default_workspace_id().as_str())
    );

    let fetched = client.get_key(&first.hash).await.unwrap();
    assert_eq!(&fetched, first);
    // The request went to /keys/{hash} with the headers the API expects.
    let gets = logged(&sim, "GET");
    let last = gets.last().unwrap();
    assert_eq!(last.path, format!("/api/v1/keys/{}", first.hash));
    assert_eq!(last.authorization, "redacted");
    assert!(
        gets.iter().any(|r| r.path == "/api/v1/keys"),
        "no trailing slash"
    );
}

#[tokio::test]
async fn get_errors() {
    let sim = sim(1).await;
    let client = client(&sim);
    assert_code(client.get_key(&"0".repeat(64)).await, ErrorCode::NotFound);
    assert_code(client.get_key("").await, ErrorCode::NotFound);
    let bogus = client_for_key(&sim, fake_key("0f"));
    assert_code(
        bogus.get_key(&"0".repeat(64)).await,
        ErrorCode::Unauthorized,
    );
    let inference = client_for_key(&sim, sim.inference_key());
    assert_code(
        inference.get_key(&"0".repeat(64)).await,
        ErrorCode::NotManagementKey,
    );
}

#[tokio::test]
async fn list_errors() {
    let sim = sim(1).await;
    assert_code(
        client_for_key(&sim, fake_key("1e"))
            .list_keys(&ListOptions::default())
            .await,
        ErrorCode::Unauthorized,
    );
    assert_code(
        client_for_key(&sim, sim.inference_key())
            .list_keys(&ListOptions::default())
            .await,
        ErrorCode::NotManagementKey,
    );
    // An unknown workspace.
    let err = client(&sim)
        .list_keys(&ListOptions::default().in_workspace("00000000-0000-0000-0000-000000000000"))
        .await
        .unwrap_err();
    assert!(
        matches!(err.code(), ErrorCode::NotFound | ErrorCode::BadRequest),
        "{err:?}"
    );
}

#[tokio::test]
async fn rate_limited_and_server_errors_without_retries() {
    let sim = sim(1).await;
    let client = client_with(&sim, config(&sim).with_retry(RetryPolicy::none()));
    sim.set_faults(Faults {
        rate_limit: Some(RateLimitFault {
            rule: FaultRule::always(),
            retry_after_secs: 7,
        }),
        ..Faults::default()
    });
    let err = assert_code(client.credits().await, ErrorCode::RateLimited);
    assert_eq!(err.retry_after(), Some(std::time::Duration::from_secs(7)));

    for status in [500, 502, 503] {
        sim.set_faults(Faults {
            server_error: Some(ServerErrorFault {
                rule: FaultRule::always(),
                status,
                retry_after_secs: None,
            }),
            ..Faults::default()
        });
        let err = assert_code(client.current_key().await, ErrorCode::Server);
        assert!(matches!(err, openrouter_client::Error::Server { status: s, .. } if s == status));
        assert_code(
            client.list_keys(&ListOptions::default()).await,
            ErrorCode::Server,
        );
    }
}

#[tokio::test]
async fn create_update_delete_round_trip() {
    let sim = sim(0).await;
    let client = client(&sim);
    let expires = Utc
        .with_ymd_and_hms(2030, 12, 1, 0, 0, 0)
        .unwrap()
        .with_nanosecond(987_654_321)
        .unwrap();
    let request = NewKey {
        name: "round trip".into(),
        limit: Some(Usd::parse("$1,234.50").unwrap()),
        limit_reset: Some(LimitReset::Monthly),
        include_byok_in_limit: Some(true),
        expires_at: Some(expires),
        workspace_id: None,
    };
    let created = client.create_key(&request).await.unwrap();
    use openrouter_client::ExposeSecret;
    assert!(created.secret.expose_secret().starts_with("sk-or-v1-"));
    assert_eq!(created.key.name, "round trip");
    assert_eq!(created.key.limit, Some(1234.5));
    assert_eq!(created.key.limit_reset, Some(LimitReset::Monthly));
    assert!(created.key.include_byok_in_limit);
    assert_eq!(
        created.key.expires_at,
        Some(Utc.with_ymd_and_hms(2030, 12, 1, 0, 0, 0).unwrap())
    );
    // Byte for byte what went over the wire: a JSON number, whole-second expiry.
    let posts = logged(&sim, "POST");
    assert_eq!(posts.len(), 1);
    assert_eq!(
        posts[0].body,
        r#"{"name":"round trip","limit":1234.5,"limit_reset":"monthly","include_byok_in_limit":true,"expires_at":"2030-12-01T00:00:00Z"}"#
    );
    assert_eq!(sim.key_count(), 1);

    let hash = created.key.hash.clone();
    let updated = client
        .update_key(&hash, &KeyPatch::new().name("renamed").disabled(true))
        .await
        .unwrap();
    assert_eq!(updated.name, "renamed");
    assert!(updated.disabled);
    assert!(updated.updated_at.is_some());
    // Disabled keys are hidden unless asked for.
    assert!(client
        .list_keys(&ListOptions::default())
        .await
        .unwrap()
        .is_empty());
    let all = client.list_keys(&ListOptions::everything()).await.unwrap();
    assert_eq!(all.len(), 1);

    client.delete_key(&hash).await.unwrap();
    assert_eq!(sim.key_count(), 0);
    assert_code(client.delete_key(&hash).await, ErrorCode::NotFound);
    assert_code(client.get_key(&hash).await, ErrorCode::NotFound);
}

#[tokio::test]
async fn tri_state_patch_bodies_reach_the_server_verbatim() {
    let sim = sim(1).await;
    let client = client(&sim);
    let hash = client.list_keys(&ListOptions::default()).await.unwrap()[0]
        .hash
        .clone();
    let usd = |s| Usd::parse(s).unwrap();
    let cases: Vec<(KeyPatch, &str)> = vec![
        (
            KeyPatch::new()
                .limit(usd("12.5"))
                .limit_reset(LimitReset::Weekly),
            r#"{"limit":12.5,"limit_reset":"weekly"}"#,
        ),
        (KeyPatch::new().unlimited(), r#"{"limit":null}"#),
        (KeyPatch::new().limit(usd("0.10")), r#"{"limit":0.1}"#),
        (KeyPatch::new().no_reset(), r#"{"limit_reset":null}"#),
        (
            KeyPatch {
                limit: Patch::Null,
                limit_reset: Patch::Null,
                include_byok_in_limit: Some(false),
                ..KeyPatch::default()
            },
            r#"{"limit":null,"limit_reset":null,"include_byok_in_limit":false}"#,
        ),
    ];
    for (patch, want) in cases {
        assert_eq!(serde_json::to_string(&patch).unwrap(), want);
        sim.clear_requests();
        let key = client.update_key(&hash, &patch).await.unwrap();
        assert_eq!(logged(&sim, "PATCH")[0].body, want);
        match &patch.limit {
            Patch::Set(v) => assert_eq!(key.limit, Some(v.to_f64())),
            Patch::Null => assert_eq!(key.limit, None, "limit cleared"),
            Patch::Leave => {}
        }
        if patch.limit_reset == Patch::Null {
            assert_eq!(key.limit_reset, None, "reset cleared");
        }
    }
    let snapshot = sim.key_snapshot(&hash).unwrap();
    assert_eq!(snapshot["limit"], serde_json::Value::Null);
    assert_eq!(snapshot["limit_reset"], serde_json::Value::Null);
}

#[tokio::test]
async fn update_and_delete_errors() {
    let sim = sim(1).await;
    let client = client(&sim);
    let hash = client.list_keys(&ListOptions::default()).await.unwrap()[0]
        .hash
        .clone();
    let unknown = "f".repeat(64);
    let patch = KeyPatch::new().name("x");
    assert_code(
        client.update_key(&unknown, &patch).await,
        ErrorCode::NotFound,
    );
    let err = assert_code(
        client.update_key(&hash, &KeyPatch::new()).await,
        ErrorCode::BadRequest,
    );
    assert!(
        err.to_string().contains("No update fields provided"),
        "{err}"
    );
    assert!(err.user_message().contains("No update fields provided"));
    assert_code(client.delete_key(&unknown).await, ErrorCode::NotFound);
    for (key, code) in [
        (fake_key("2d"), ErrorCode::Unauthorized),
        (sim.inference_key(), ErrorCode::NotManagementKey),
    ] {
        let other = client_for_key(&sim, key);
        assert_code(other.update_key(&hash, &patch).await, code);
        assert_code(other.delete_key(&hash).await, code);
    }
    assert_eq!(sim.key_count(), 1, "nothing was deleted");
}

#[tokio::test]
async fn create_errors() {
    let sim = sim(0).await;
    let client = client(&sim);
    assert_code(
        client.create_key(&NewKey::named("")).await,
        ErrorCode::BadRequest,
    );
    let mut bad_ws = NewKey::named("x");
    bad_ws.workspace_id = Some("00000000-0000-0000-0000-000000000000".into());
    assert_code(client.create_key(&bad_ws).await, ErrorCode::BadRequest);
    assert_code(
        client_for_key(&sim, fake_key("3c"))
            .create_key(&NewKey::named("x"))
            .await,
        ErrorCode::Unauthorized,
    );
    assert_code(
        client_for_key(&sim, sim.inference_key())
            .create_key(&NewKey::named("x"))
            .await,
        ErrorCode::NotManagementKey,
    );
    assert_eq!(sim.key_count(), 0);
}

#[tokio::test]
async fn current_key_and_credits() {
    let sim = sim(1).await;
    let me = client(&sim).current_key().await.unwrap();
    assert!(me.is_management_key);
    let credits = client(&sim).credits().await.unwrap();
    assert!(credits.total_credits >= credits.total_usage || credits.total_usage >= 0.0);

    let inference = client_for_key(&sim, sim.inference_key());
    let it = inference.current_key().await.unwrap();
    assert!(!it.is_management_key);
    assert_code(inference.credits().await, ErrorCode::NotManagementKey);

    let bogus = client_for_key(&sim, fake_key("4b"));
    assert_code(bogus.current_key().await, ErrorCode::Unauthorized);
    assert_code(bogus.credits().await, ErrorCode::Unauthorized);
}

#[tokio::test]
async fn credits_reflect_spend() {
    let sim = sim(1).await;
    let client = client(&sim);
    let before = client.credits().await.unwrap();
    let hash = client.list_keys(&ListOptions::default()).await.unwrap()[0]
        .hash
        .clone();
    assert!(sim.add_spend(&hash, 2.5, false));
    let after = client.credits().await.unwrap();
    assert!((after.total_usage - before.total_usage - 2.5).abs() < 1e-9);
    let key = client.get_key(&hash).await.unwrap();
    assert!(key.usage >= 2.5);
}

#[tokio::test]
async fn workspaces_and_workspace_filter() {
    let sim = sim_with(SimConfig::demo(7)).await;
    let client = client(&sim);
    let workspaces = client.list_workspaces().await.unwrap();
    let ids: Vec<_> = workspaces.iter().map(|w| w.id.clone()).collect();
    assert_eq!(ids, sim.workspace_ids());
    assert!(workspaces
        .iter()
        .all(|w| !w.name.is_empty() && !w.slug.is_empty()));
    let gets = logged(&sim, "GET");
    let q = gets[0].query.clone().unwrap_or_default();
    assert!(q.contains("limit=100") && q.contains("offset=0"), "{q}");

    for ws in sim.workspace_ids() {
        let keys = client
            .list_keys(&ListOptions::everything().in_workspace(ws.clone()))
            .await
            .unwrap();
        assert!(!keys.is_empty(), "workspace {ws} has demo keys");
        assert!(keys
            .iter()
            .all(|k| k.workspace_id.as_deref() == Some(ws.as_str())));
    }

    assert_code(
        client_for_key(&sim, fake_key("5a")).list_workspaces().await,
        ErrorCode::Unauthorized,
    );
}

#[tokio::test]
async fn demo_data_parses_and_filters_hidden_keys() {
    let sim = sim_with(SimConfig::demo(3)).await;
    let client = client(&sim);
    let visible = client.list_keys(&ListOptions::default()).await.unwrap();
    let everything = client.list_keys(&ListOptions::everything()).await.unwrap();
    assert!(everything.len() >= visible.len());
    assert!(visible.iter().all(|k| !k.disabled));
    let sent: Vec<_> = logged(&sim, "GET")
        .into_iter()
        .filter_map(|r| r.query)
        .collect();
    assert!(sent.iter().any(|q| q.contains("include_disabled=true")));
}

#[tokio::test]
async fn loopback_http_is_accepted_by_name_and_other_http_refused() {
    let sim = sim(1).await;
    let by_name = sim.base_url().replace("127.0.0.1", "localhost");
    let client = client_with(&sim, config(&sim).with_base_url(by_name));
    assert_eq!(client.base_url().host_str(), Some("localhost"));
    client.credits().await.unwrap();

    let refused = openrouter_client::Client::new(
        config(&sim).with_base_url("http://openrouter.ai/api/v1"),
        sim.management_key().into(),
    );
    assert_code(refused, ErrorCode::Config);
    let https = openrouter_client::Client::new(
        config(&sim).with_base_url("https://openrouter.example/api/v1"),
        sim.management_key().into(),
    );
    assert!(https.is_ok());
}
