//! Behaviour of the key endpoints over HTTP: pagination, create validation,
//! PATCH/DELETE semantics, auth, the request log, determinism and list hooks.

mod common;

use common::*;
use openrouter_sim::{ListMutation, SimConfig};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[tokio::test]
async fn pagination_at_page_boundaries() {
    for (n, expected_pages) in [
        (0usize, vec![0usize]),
        (99, vec![99]),
        (100, vec![100, 0]),
        (101, vec![100, 1]),
    ] {
        let sim = start_with_keys(n).await;
        let mut seen = Vec::new();
        for (i, expected) in expected_pages.iter().enumerate() {
            let page = get(&sim, &format!("/keys?offset={}", i * 100)).await;
            assert_eq!(page.status, StatusCode::OK);
            assert_eq!(
                page.body["data"].as_array().unwrap().len(),
                *expected,
                "n={n} page {i}"
            );
            seen.extend(names(&page.body));
        }
        // Newest first: key-N … key-0001, each exactly once.
        let want: Vec<String> = (1..=n).rev().map(|i| format!("key-{i:04}")).collect();
        assert_eq!(seen, want, "n={n}");
        assert_eq!(sim.key_count(), n);
    }
}

#[tokio::test]
async fn offset_past_the_end_is_empty_and_bad_offsets_are_400() {
    let sim = start_with_keys(3).await;
    assert_eq!(
        get(&sim, "/keys?offset=1000").await.body,
        json!({"data": []})
    );
    for bad in ["-1", "abc", "1.5"] {
        let r = get(&sim, &format!("/keys?offset={bad}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "offset={bad}");
        assert_eq!(error_message(&r), "offset must be a non-negative integer");
    }
    let r = get(&sim, "/keys?include_disabled=yes").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // Unknown parameters are ignored.
    assert_eq!(
        get(&sim, "/keys?limit=1&foo=bar").await.body["data"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[tokio::test]
async fn disabled_and_expired_keys_are_filtered_unless_asked_for() {
    let sim = start(SimConfig::demo(5)).await;
    let ws = sim.workspace_ids();
    let mut totals = 0;
    for id in &ws {
        let count = |q: &str| {
            let path = format!("/keys?workspace_id={id}{q}");
            let sim = &sim;
            async move {
                get(sim, &path).await.body["data"]
                    .as_array()
                    .unwrap()
                    .clone()
            }
        };
        let plain = count("").await;
        let with_disabled = count("&include_disabled=true").await;
        let with_expired = count("&include_expired=true").await;
        let all = count("&include_disabled=true&include_expired=true").await;
        assert!(plain.iter().all(|k| k["disabled"] == false));
        assert!(with_disabled.len() > plain.len());
        assert!(with_expired.len() > plain.len());
        assert!(all.len() >= with_disabled.len().max(with_expired.len()));
        assert!(all.iter().all(|k| k["workspace_id"] == id.as_str()));
        totals += all.len();
        // Newest first.
        let created: Vec<&str> = all
            .iter()
            .map(|k| k["created_at"].as_str().unwrap())
            .collect();
        assert!(created.windows(2).all(|w| w[0] >= w[1]));
    }
    assert_eq!(totals, sim.key_count());
    // No workspace_id = default workspace.
    let default = get(&sim, "/keys").await.body;
    let explicit = get(&sim, &format!("/keys?workspace_id={}", ws[0]))
        .await
        .body;
    assert_eq!(default, explicit);
    let unknown = get(
        &sim,
        "/keys?workspace_id=00000000-0000-4000-8000-000000000000",
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(error_message(&unknown), "Workspace not found");
    let bad = get(&sim, "/keys?workspace_id=not-a-uuid").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn create_returns_201_with_key_and_defaults() {
    let sim = start_with_keys(2).await;
    let r = post(&sim, "/keys", r#"{"name":"CI pipeline"}"#).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let key = r.body["key"].as_str().unwrap();
    let data = &r.body["data"];
    let secret = key.strip_prefix("sk-or-v1-").unwrap();
    assert_eq!(secret.len(), 64);
    assert!(secret
        .chars()
        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    assert_eq!(
        data["label"],
        format!("sk-or-v1-{}...{}", &secret[..3], &secret[61..])
    );
    assert_eq!(data["hash"].as_str().unwrap().len(), 64);
    assert_eq!(data["name"], "CI pipeline");
    assert_eq!(data["limit"], Value::Null);
    assert_eq!(data["limit_remaining"], Value::Null);
    assert_eq!(data["limit_reset"], Value::Null);
    assert_eq!(data["include_byok_in_limit"], false);
    assert_eq!(data["updated_at"], Value::Null);
    assert_eq!(data["expires_at"], Value::Null);
    assert_eq!(data["workspace_id"], sim.default_workspace_id());
    // Newest first, and GET returns the same object (without the key string).
    let hash = data["hash"].as_str().unwrap();
    assert_eq!(names(&get(&sim, "/keys").await.body)[0], "CI pipeline");
    assert_eq!(
        get(&sim, &format!("/keys/{hash}")).await.body["data"],
        *data
    );
    assert_eq!(sim.key_snapshot(hash).unwrap(), *data);

    let expires = future_timestamp(30);
    let body = json!({"name":"Workshop","limit":5,"limit_reset":"weekly","include_byok_in_limit":true,
                      "expires_at": expires, "workspace_id": sim.default_workspace_id()});
    let r = post(&sim, "/keys", &body.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let d = &r.body["data"];
    assert_eq!(
        (d["limit"].as_f64(), d["limit_remaining"].as_f64()),
        (Some(5.0), Some(5.0))
    );
    assert_eq!(d["limit_reset"], "weekly");
    assert_eq!(d["include_byok_in_limit"], true);
    assert_eq!(d["expires_at"], expires.as_str());
}

#[tokio::test]
async fn create_validation_messages() {
    let sim = start_with_keys(0).await;
    let soon = future_timestamp(1);
    let minute = &soon[..16];
    let cases: Vec<(String, &str)> = vec![
        ("{".into(), "Invalid JSON in request body"),
        ("[1]".into(), "Request body must be a JSON object"),
        ("{}".into(), "name is required"),
        (r#"{"name":""}"#.into(), "name must not be empty"),
        (r#"{"name":"   "}"#.into(), "name must not be empty"),
        (r#"{"name":42}"#.into(), "name must be a string"),
        (r#"{"name":"a","limit":-0.01}"#.into(), "limit must be greater than or equal to 0"),
        (r#"{"name":"a","limit":"10"}"#.into(), "limit must be a number or null"),
        (r#"{"name":"a","limit_reset":"yearly"}"#.into(), "limit_reset must be one of: daily, weekly, monthly, or null"),
        (r#"{"name":"a","include_byok_in_limit":"true"}"#.into(), "include_byok_in_limit must be a boolean"),
        (format!(r#"{{"name":"a","expires_at":"{minute}Z"}}"#), "expires_at must include seconds (YYYY-MM-DDTHH:MM:SSZ); minute-precision timestamps are rejected"),
        (format!(r#"{{"name":"a","expires_at":"{}+02:00"}}"#, &soon[..19]), "expires_at must be in UTC (end with Z or +00:00); other timezones are rejected"),
        (r#"{"name":"a","expires_at":"2020-01-01T00:00:00Z"}"#.into(), "expires_at must be in the future"),
        (r#"{"name":"a","expires_at":"next week"}"#.into(), "expires_at must be a valid ISO 8601 date-time (YYYY-MM-DDTHH:MM:SSZ)"),
        (r#"{"name":"a","workspace_id":"nope"}"#.into(), "workspace_id must be a valid UUID"),
        (r#"{"name":"a","workspace_id":"00000000-0000-4000-8000-000000000000"}"#.into(), "Workspace not found"),
    ];
    for (body, message) in cases {
        let r = post(&sim, "/keys", &body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(error_message(&r), message, "{body}");
        assert_eq!(r.body["error"]["code"], 400);
    }
    assert_eq!(
        sim.key_count(),
        0,
        "no failed create may leave a key behind"
    );
    // Accepted edge cases: limit 0, explicit nulls, +00:00, fractional seconds.
    let body = json!({"name":"edge","limit":0,"limit_reset":null,"expires_at":format!("{}.5+00:00", &soon[..19])});
    let r = post(&sim, "/keys", &body.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["data"]["limit_remaining"].as_f64(), Some(0.0));
}

#[tokio::test]
async fn patch_semantics() {
    let sim = start_with_keys(1).await;
    let hash = get(&sim, "/keys").await.body["data"][0]["hash"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/keys/{hash}");
    let before = sim.key_snapshot(&hash).unwrap();
    assert_eq!(before["updated_at"], Value::Null);

    let r = patch(&sim, &path, r#"{"name":"renamed","limit":10,"limit_reset":"daily","include_byok_in_limit":true,"disabled":true,"unknown":1}"#).await;
    assert_eq!(r.status, StatusCode::OK);
    let d = &r.body["data"];
    assert_eq!(d["name"], "renamed");
    assert_eq!(d["limit"].as_f64(), Some(10.0));
    assert_eq!(d["limit_reset"], "daily");
    assert_eq!(d["include_byok_in_limit"], true);
    assert_eq!(d["disabled"], true);
    assert!(d["updated_at"].is_string());
    assert_eq!(
        d["label"], before["label"],
        "label does not follow the name"
    );
    // Disabled keys leave the default list.
    assert!(names(&get(&sim, "/keys").await.body).is_empty());

    sim.add_spend(&hash, 4.0, false);
    sim.add_spend(&hash, 1.0, true);
    assert_eq!(
        get(&sim, &path).await.body["data"]["limit_remaining"].as_f64(),
        Some(5.0)
    );

    // limit:null = unlimited; untouched fields stay; expires_at is ignored.
    let r = patch(
        &sim,
        &path,
        r#"{"limit":null,"expires_at":"2099-01-01T00:00:00Z"}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["data"]["limit"], Value::Null);
    assert_eq!(r.body["data"]["limit_remaining"], Value::Null);
    assert_eq!(r.body["data"]["limit_reset"], "daily");
    assert_eq!(r.body["data"]["expires_at"], Value::Null);
    let r = patch(&sim, &path, r#"{"limit_reset":null}"#).await;
    assert_eq!(r.body["data"]["limit_reset"], Value::Null);

    for body in [
        "{}",
        r#"{"expires_at":"2099-01-01T00:00:00Z"}"#,
        r#"{"foo":"bar"}"#,
    ] {
        let r = patch(&sim, &path, body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(error_message(&r), "No update fields provided");
    }
    let r = patch(&sim, &path, r#"{"name":""}"#).await;
    assert_eq!(
        (r.status, error_message(&r)),
        (StatusCode::BAD_REQUEST, "name must not be empty")
    );
    let r = patch(&sim, &path, r#"{"limit":-5}"#).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = patch(&sim, "/keys/ffff", r#"{"name":"x"}"#).await;
    assert_eq!(
        (r.status, error_message(&r)),
        (StatusCode::NOT_FOUND, "Resource not found")
    );
}

#[tokio::test]
async fn delete_then_404() {
    let sim = start_with_keys(2).await;
    let hash = get(&sim, "/keys").await.body["data"][0]["hash"]
        .as_str()
        .unwrap()
        .to_string();
    let r = delete(&sim, &format!("/keys/{hash}")).await;
    assert_eq!(
        (r.status, r.body.clone()),
        (StatusCode::OK, json!({"deleted": true}))
    );
    for r in [
        get(&sim, &format!("/keys/{hash}")).await,
        delete(&sim, &format!("/keys/{hash}")).await,
    ] {
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(
            r.body,
            json!({"error":{"code":404,"message":"Resource not found"},"openrouter_metadata":null,"user_id":null})
        );
    }
    assert_eq!(sim.key_count(), 1);
    assert_eq!(
        get(&sim, "/keys/not-even-hex").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn auth_rules() {
    let sim = start_with_keys(1).await;
    let inference = sim.inference_key();
    let created = post(&sim, "/keys", r#"{"name":"made here"}"#).await.body;
    let created_key = created["key"].as_str().unwrap().to_string();
    let created_hash = created["data"]["hash"].as_str().unwrap().to_string();
    let some_hash = format!("/keys/{created_hash}");

    let management_paths: [(Method, &str, Option<&str>); 7] = [
        (Method::GET, "/keys", None),
        (Method::POST, "/keys", Some(r#"{"name":"x"}"#)),
        (Method::GET, &some_hash, None),
        (Method::PATCH, &some_hash, Some(r#"{"name":"x"}"#)),
        (Method::DELETE, &some_hash, None),
        (Method::GET, "/credits", None),
        (Method::GET, "/workspaces", None),
    ];
    for (method, path, body) in management_paths.iter().cloned() {
        for token in [inference.as_str(), created_key.as_str()] {
            let r = call(&sim, method.clone(), path, Auth::Token(token), body).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{method} {path}");
            assert_eq!(
                error_message(&r),
                "Only management keys can perform this operation"
            );
        }
        let r = call(&sim, method.clone(), path, Auth::None, body).await;
        assert_eq!(
            (r.status, error_message(&r)),
            (StatusCode::UNAUTHORIZED, "Missing Authentication header")
        );
        let r = call(
            &sim,
            method.clone(),
            path,
            Auth::Token("sk-or-v1-nope"),
            body,
        )
        .await;
        assert_eq!(
            (r.status, error_message(&r)),
            (StatusCode::UNAUTHORIZED, "User not found.")
        );
    }
    assert_eq!(sim.key_count(), 2, "rejected calls changed nothing");

    // GET /key: each key sees itself.
    let me = call(&sim, Method::GET, "/key", Auth::Token(&created_key), None).await;
    assert_eq!(me.body["data"]["is_management_key"], false);
    assert_eq!(me.body["data"]["label"], created["data"]["label"]);
    let mgmt = get(&sim, "/key").await.body;
    assert_eq!(mgmt["data"]["is_management_key"], true);
    assert_eq!(mgmt["data"]["is_provisioning_key"], true);
    assert!(mgmt["data"]["label"]
        .as_str()
        .unwrap()
        .starts_with("sk-or-v1-"));
    let own = call(&sim, Method::GET, "/key", Auth::Token(&inference), None).await;
    assert_eq!(
        (own.status, own.body["data"]["is_management_key"].clone()),
        (StatusCode::OK, json!(false))
    );

    // A disabled key can no longer authenticate; nor can a deleted one.
    sim.add_spend(&created_hash, 1.25, false);
    let me = call(&sim, Method::GET, "/key", Auth::Token(&created_key), None).await;
    assert_eq!(me.body["data"]["usage"].as_f64(), Some(1.25));
    patch(&sim, &some_hash, r#"{"disabled":true}"#).await;
    let r = call(&sim, Method::GET, "/key", Auth::Token(&created_key), None).await;
    assert_eq!(
        (r.status, error_message(&r)),
        (StatusCode::UNAUTHORIZED, "API key is disabled")
    );
    assert!(sim.delete_key(&created_hash));
    let r = call(&sim, Method::GET, "/key", Auth::Token(&created_key), None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn expired_key_is_rejected_and_hidden() {
    let sim = start(SimConfig::demo(11)).await;
    let expired: Vec<Value> = get(&sim, "/keys?include_expired=true&include_disabled=true")
        .await
        .body["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| {
            k["expires_at"]
                .as_str()
                .is_some_and(|e| e < chrono::Utc::now().to_rfc3339().as_str())
        })
        .cloned()
        .collect();
    assert!(!expired.is_empty());
    let listed = names(&get(&sim, "/keys?include_disabled=true").await.body);
    for k in &expired {
        assert!(!listed.contains(&k["name"].as_str().unwrap().to_string()));
        // Still reachable by hash.
        assert_eq!(
            get(&sim, &format!("/keys/{}", k["hash"].as_str().unwrap()))
                .await
                .status,
            StatusCode::OK
        );
    }

    // A key that expires while in use stops authenticating.
    let soon = (chrono::Utc::now() + chrono::Duration::seconds(2))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let created = post(
        &sim,
        "/keys",
        &json!({"name": "short-lived", "expires_at": soon}).to_string(),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let key = created.body["key"].as_str().unwrap().to_string();
    assert_eq!(
        call(&sim, Method::GET, "/key", Auth::Token(&key), None)
            .await
            .status,
        StatusCode::OK
    );
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let r = call(&sim, Method::GET, "/key", Auth::Token(&key), None).await;
    assert_eq!(
        (r.status, error_message(&r)),
        (StatusCode::UNAUTHORIZED, "API key has expired")
    );
    assert!(!names(&get(&sim, "/keys").await.body).contains(&"short-lived".to_string()));
}

#[tokio::test]
async fn request_log_redacts_authorization() {
    let sim = start_with_keys(1).await;
    post(&sim, "/keys", r#"{"name":"logged"}"#).await;
    call(&sim, Method::GET, "/keys", Auth::None, None).await;
    get(&sim, "/keys?offset=0&include_disabled=true").await;
    let log = sim.requests();
    assert_eq!(log.len(), 3);
    assert_eq!(
        (log[0].method.as_str(), log[0].path.as_str()),
        ("POST", "/api/v1/keys")
    );
    assert_eq!(log[0].body, r#"{"name":"logged"}"#);
    assert_eq!(log[0].authorization, "redacted");
    assert_eq!(log[1].authorization, "missing");
    assert_eq!(
        log[2].query.as_deref(),
        Some("offset=0&include_disabled=true")
    );
    let dump = serde_json::to_string(&log).unwrap();
    assert!(!dump.contains(&sim.management_key()));
    // The control API has the same log, and is not itself logged.
    let via_http: Value = client()
        .get(format!("{}/_sim/requests", sim.root_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(via_http.as_array().unwrap().len(), 3);
    sim.clear_requests();
    assert!(sim.requests().is_empty());
}

#[tokio::test]
async fn same_seed_same_data() {
    let snapshot = |sim: &openrouter_sim::Sim| {
        (
            sim.management_key(),
            sim.inference_key(),
            sim.workspace_ids(),
            sim.key_names(),
        )
    };
    let a = start(SimConfig {
        keys: 5,
        ..SimConfig::demo(3)
    })
    .await;
    let b = start(SimConfig {
        keys: 5,
        ..SimConfig::demo(3)
    })
    .await;
    let c = start(SimConfig {
        keys: 5,
        ..SimConfig::demo(4)
    })
    .await;
    let initial = snapshot(&a);
    assert_eq!(initial, snapshot(&b));
    assert_ne!(snapshot(&a).0, snapshot(&c).0);
    assert_ne!(
        snapshot(&a).3,
        snapshot(&c).3,
        "names are drawn in a seeded order"
    );

    // Whole key objects match apart from wall-clock timestamps.
    let strip = |mut page: Value| {
        for k in page["data"].as_array_mut().unwrap() {
            for f in ["created_at", "updated_at", "expires_at", "last_used_at"] {
                k.as_object_mut().unwrap().remove(f);
            }
        }
        page
    };
    let q = "/keys?include_disabled=true&include_expired=true";
    assert_eq!(strip(get(&a, q).await.body), strip(get(&b, q).await.body));
    // API-created keys are seeded too.
    let ka = post(&a, "/keys", r#"{"name":"n"}"#).await.body["key"].clone();
    let kb = post(&b, "/keys", r#"{"name":"n"}"#).await.body["key"].clone();
    assert_eq!(ka, kb);
    // Reset goes back to the seeded state.
    assert_eq!(a.key_count(), b.key_count());
    a.reset();
    assert_eq!(snapshot(&a), initial);
}

#[tokio::test]
async fn on_list_page_hook_mutates_after_the_nth_page() {
    let sim = start_with_keys(250).await;
    sim.on_list_page(0, ListMutation::Insert(3));
    let first = names(&get(&sim, "/keys").await.body);
    assert_eq!(
        first[0], "key-0250",
        "the page that triggers the hook is rendered before the mutation"
    );
    // The 3 inserted keys shift everything down by 3.
    let second = names(&get(&sim, "/keys?offset=100").await.body);
    assert_eq!(second[0], "key-0153");
    assert_eq!(sim.key_count(), 253);

    sim.on_list_page(1, ListMutation::DeleteNewest(2));
    get(&sim, "/keys").await; // 0th since set: nothing happens
    assert_eq!(sim.key_count(), 253);
    get(&sim, "/keys").await; // 1st: the two newest go
    assert_eq!(sim.key_count(), 251);
    assert_eq!(names(&get(&sim, "/keys").await.body)[0], "key-0251");

    sim.on_list_page(0, ListMutation::DeleteOldest(1));
    get(&sim, "/keys").await;
    assert!(!sim.key_names().contains(&"key-0001".to_string()));
    // Non-list requests do not count.
    sim.on_list_page(0, ListMutation::Insert(1));
    get(&sim, "/credits").await;
    assert_eq!(sim.key_count(), 250);
}

#[tokio::test]
async fn insert_keys_and_spend_through_the_control_api() {
    let sim = start_with_keys(1).await;
    let root = sim.root_url();
    let http = client();
    let lab_less = http
        .post(format!("{root}/_sim/keys"))
        .json(&json!({"count": 2}))
        .send()
        .await
        .unwrap();
    let hashes: Vec<String> =
        serde_json::from_value(lab_less.json::<Value>().await.unwrap()["hashes"].clone()).unwrap();
    assert_eq!(hashes.len(), 2);
    let listed: Vec<Value> = get(&sim, "/keys").await.body["data"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(
        listed[0]["hash"],
        hashes[0].as_str(),
        "returned newest first, as listed"
    );
    assert_eq!(listed[1]["hash"], hashes[1].as_str());

    let r = http
        .post(format!("{root}/_sim/spend"))
        .json(&json!({"hash": hashes[0], "usd": 2.5, "byok": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let k = sim.key_snapshot(&hashes[0]).unwrap();
    assert_eq!(
        (k["byok_usage"].as_f64(), k["usage"].as_f64()),
        (Some(2.5), Some(0.0))
    );
    assert!(k["last_used_at"].is_string());
    sim.add_spend(&hashes[0], 1.5, false);
    let credits = get(&sim, "/credits").await.body;
    assert_eq!(credits["data"]["total_usage"].as_f64(), Some(1.5));
    assert_eq!(credits["data"]["total_credits"].as_f64(), Some(500.0));
    let r = http
        .post(format!("{root}/_sim/reset"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(sim.key_count(), 1);
}

#[tokio::test]
async fn ten_thousand_keys_list_quickly() {
    let sim = start_with_keys(10_000).await;
    let started = std::time::Instant::now();
    let last = get(&sim, "/keys?offset=9900").await;
    assert_eq!(names(&last.body).last().unwrap(), "key-0001");
    for offset in (0..10_000).step_by(100) {
        let page = get(&sim, &format!("/keys?offset={offset}")).await;
        assert_eq!(page.body["data"].as_array().unwrap().len(), 100);
    }
    // Generous bound for an unoptimised build on a busy CI machine.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}
