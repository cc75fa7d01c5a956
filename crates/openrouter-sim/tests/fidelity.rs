//! Fidelity: every endpoint and error path of the simulator, each response body
//! validated against the response schema that the vendored
//! `contract/openrouter/openapi.yaml` declares for that path, method and status. Success bodies must also carry
//! every property the schema lists (required or not), and every declared
//! (path, method, status) must be exercised, so drift on either side fails.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use common::*;
use openrouter_sim::{FaultRule, Faults, RateLimitFault, ServerErrorFault, Sim, SimConfig};
use reqwest::Method;
use serde_json::{json, Value};

/// Statuses the simulator emits where the spec declares none for that
/// operation, and the component schema each is checked against instead.
const UNDECLARED: &[(&str, &str, u16, &str, &str)] = &[
    (
        "get",
        "/keys",
        403,
        "ForbiddenResponse",
        "inference key on a management endpoint",
    ),
    (
        "get",
        "/keys",
        404,
        "NotFoundResponse",
        "unknown workspace_id (the Python SDK declares 404 on list)",
    ),
    (
        "get",
        "/keys/{hash}",
        403,
        "ForbiddenResponse",
        "inference key",
    ),
    (
        "patch",
        "/keys/{hash}",
        403,
        "ForbiddenResponse",
        "inference key (the Python SDK declares 403 on PATCH)",
    ),
    (
        "delete",
        "/keys/{hash}",
        403,
        "ForbiddenResponse",
        "inference key",
    ),
    (
        "get",
        "/workspaces",
        400,
        "BadRequestResponse",
        "limit outside 1..=100",
    ),
    (
        "get",
        "/workspaces",
        403,
        "ForbiddenResponse",
        "inference key",
    ),
    (
        "get",
        "/workspaces",
        429,
        "TooManyRequestsResponse",
        "injected fault",
    ),
    (
        "get",
        "/key",
        429,
        "TooManyRequestsResponse",
        "injected fault",
    ),
    (
        "get",
        "/credits",
        429,
        "TooManyRequestsResponse",
        "injected fault",
    ),
];

/// The same for `openapi-insights.yaml`: management-only operations that
/// declare no 403 still answer an inference key with one, and the paged
/// listings without a declared 400 still refuse a `limit` outside 1..=100.
const UNDECLARED_INSIGHTS: &[(&str, &str, u16, &str, &str)] = &[
    (
        "get",
        "/guardrails",
        403,
        "ForbiddenResponse",
        "inference key",
    ),
    (
        "get",
        "/guardrails/{id}",
        403,
        "ForbiddenResponse",
        "inference key",
    ),
    (
        "patch",
        "/guardrails/{id}",
        403,
        "ForbiddenResponse",
        "inference key",
    ),
    (
        "delete",
        "/guardrails/{id}",
        403,
        "ForbiddenResponse",
        "inference key",
    ),
    (
        "get",
        "/guardrails/{id}/assignments/keys",
        403,
        "ForbiddenResponse",
        "inference key",
    ),
    (
        "post",
        "/guardrails/{id}/assignments/keys",
        403,
        "ForbiddenResponse",
        "inference key",
    ),
    (
        "post",
        "/guardrails/{id}/assignments/keys/remove",
        403,
        "ForbiddenResponse",
        "inference key",
    ),
    (
        "get",
        "/guardrails/assignments/keys",
        403,
        "ForbiddenResponse",
        "inference key",
    ),
    (
        "get",
        "/organization/members",
        403,
        "ForbiddenResponse",
        "inference key",
    ),
    (
        "get",
        "/guardrails/{id}/assignments/keys",
        400,
        "BadRequestResponse",
        "limit outside 1..=100",
    ),
    (
        "get",
        "/guardrails/assignments/keys",
        400,
        "BadRequestResponse",
        "limit outside 1..=100",
    ),
    (
        "get",
        "/organization/members",
        400,
        "BadRequestResponse",
        "limit outside 1..=100",
    ),
];

struct Spec {
    doc: Value,
    undeclared: &'static [(&'static str, &'static str, u16, &'static str, &'static str)],
    exercised: BTreeSet<(String, String, u16)>,
}

impl Spec {
    fn load() -> Spec {
        Spec::load_file("openapi.yaml", UNDECLARED)
    }

    fn load_file(
        name: &str,
        undeclared: &'static [(&'static str, &'static str, u16, &'static str, &'static str)],
    ) -> Spec {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../contract/openrouter")
            .join(name);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let doc: Value = serde_norway::from_str(&text).expect("the OpenAPI file parses");
        Spec {
            doc,
            undeclared,
            exercised: BTreeSet::new(),
        }
    }

    fn components(&self) -> &Value {
        &self.doc["components"]
    }

    /// Every (method, path, status) the spec declares.
    fn declared(&self) -> BTreeSet<(String, String, u16)> {
        let mut out = BTreeSet::new();
        for (path, ops) in self.doc["paths"].as_object().unwrap() {
            for (method, op) in ops.as_object().unwrap() {
                for status in op["responses"].as_object().unwrap().keys() {
                    out.insert((method.clone(), path.clone(), status.parse().unwrap()));
                }
            }
        }
        out
    }

    fn schema_for(&self, method: &str, template: &str, status: u16) -> Result<Value, String> {
        let declared = &self.doc["paths"][template][method]["responses"][status.to_string()];
        if !declared.is_null() {
            return Ok(declared["content"]["application/json"]["schema"].clone());
        }
        let component = if matches!(status, 502 | 503) {
            // Injected gateway errors use the same envelope as a 500.
            Some("InternalServerResponse")
        } else {
            self.undeclared
                .iter()
                .find(|(m, p, s, _, _)| *m == method && *p == template && *s == status)
                .map(|(_, _, _, c, _)| *c)
        };
        match component {
            Some(c) => Ok(json!({"$ref": format!("#/components/schemas/{c}")})),
            None => Err(format!(
                "{method} {template} -> {status}: status not in the spec nor in UNDECLARED"
            )),
        }
    }

    /// Validates `body` as the response of `method template` with `status`.
    fn check(&self, method: &str, template: &str, status: u16, body: &Value) -> Result<(), String> {
        let mut schema = self.schema_for(method, template, status)?;
        // Carry the components along so `#/components/...` refs resolve.
        schema
            .as_object_mut()
            .unwrap()
            .insert("components".into(), self.components().clone());
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .map_err(|e| format!("schema does not compile: {e}"))?;
        let errors: Vec<String> = validator
            .iter_errors(body)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        if !errors.is_empty() {
            return Err(format!(
                "{method} {template} -> {status}: {errors:#?}\nbody: {body}"
            ));
        }
        if (200..300).contains(&status) {
            let mut missing = Vec::new();
            self.missing_properties(&schema, body, "$", &mut missing);
            // Activity rows carry `workspace_id` only with `group_by=workspace`
            // (the test checks that case itself).
            if template == "/activity" {
                missing.retain(|p| !p.ends_with(".workspace_id"));
            }
            if !missing.is_empty() {
                return Err(format!(
                    "{method} {template} -> {status}: properties not emitted: {missing:?}"
                ));
            }
        } else {
            check_envelope(status, body)?;
        }
        Ok(())
    }

    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let name = r
                    .strip_prefix("#/components/schemas/")
                    .expect("local component ref");
                self.resolve(&self.components()["schemas"][name])
            }
            None => schema,
        }
    }

    /// Lists every property the schema declares that `instance` lacks, recursively.
    fn missing_properties(
        &self,
        schema: &Value,
        instance: &Value,
        at: &str,
        out: &mut Vec<String>,
    ) {
        let schema = self.resolve(schema);
        if let (Some(props), Some(obj)) = (
            schema.get("properties").and_then(Value::as_object),
            instance.as_object(),
        ) {
            for (name, sub) in props {
                match obj.get(name) {
                    Some(v) => self.missing_properties(sub, v, &format!("{at}.{name}"), out),
                    None => out.push(format!("{at}.{name}")),
                }
            }
        }
        if let (Some(items), Some(arr)) = (schema.get("items"), instance.as_array()) {
            for (i, v) in arr.iter().enumerate() {
                self.missing_properties(items, v, &format!("{at}[{i}]"), out);
            }
        }
    }
}

/// Exactly `{"error":{"code","message"},"openrouter_metadata":null,"user_id":null}`
/// with `code` equal to the HTTP status.
fn check_envelope(status: u16, body: &Value) -> Result<(), String> {
    let keys: BTreeSet<&str> = body
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let error_keys: BTreeSet<&str> = body["error"]
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let ok = keys == BTreeSet::from(["error", "openrouter_metadata", "user_id"])
        && error_keys == BTreeSet::from(["code", "message"])
        && body["error"]["code"] == json!(status)
        && body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
        && body["openrouter_metadata"].is_null()
        && body["user_id"].is_null();
    if ok {
        Ok(())
    } else {
        Err(format!("bad error envelope for {status}: {body}"))
    }
}

struct Harness {
    sim: Sim,
    spec: Spec,
}

impl Harness {
    /// Sends the request, validates the response, returns its body.
    async fn hit(
        &mut self,
        method: Method,
        template: &str,
        path: &str,
        auth: Auth<'_>,
        body: Option<&str>,
    ) -> Value {
        let reply = call(&self.sim, method.clone(), path, auth, body).await;
        let m = method.as_str().to_ascii_lowercase();
        let status = reply.status.as_u16();
        if let Err(e) = self.spec.check(&m, template, status, &reply.body) {
            panic!("{e}");
        }
        self.spec
            .exercised
            .insert((m, template.to_string(), status));
        reply.body
    }
}

#[tokio::test]
async fn every_response_matches_the_openapi_schema() {
    let sim = Sim::start(SimConfig {
        keys: 3,
        ..SimConfig::demo(7)
    })
    .await
    .unwrap();
    let mut h = Harness {
        sim,
        spec: Spec::load(),
    };
    let inference = h.sim.inference_key();
    let [default_ws, lab_ws] = <[String; 2]>::try_from(h.sim.workspace_ids()).unwrap();
    let g = Method::GET;

    // --- GET /keys: every key of both workspaces, in every filter combination.
    for ws in [&default_ws, &lab_ws] {
        for q in [
            "",
            "&include_disabled=true",
            "&include_expired=true",
            "&include_disabled=true&include_expired=true&offset=0",
        ] {
            h.hit(
                g.clone(),
                "/keys",
                &format!("/keys?workspace_id={ws}{q}"),
                Auth::Management,
                None,
            )
            .await;
        }
    }
    h.hit(g.clone(), "/keys", "/keys", Auth::Management, None)
        .await;
    h.hit(
        g.clone(),
        "/keys",
        "/keys?offset=-3",
        Auth::Management,
        None,
    )
    .await;
    h.hit(
        g.clone(),
        "/keys",
        "/keys?include_expired=maybe",
        Auth::Management,
        None,
    )
    .await;
    h.hit(g.clone(), "/keys", "/keys", Auth::None, None).await;
    h.hit(
        g.clone(),
        "/keys",
        "/keys",
        Auth::Token("sk-or-v1-unknown"),
        None,
    )
    .await;
    h.hit(g.clone(), "/keys", "/keys", Auth::Token(&inference), None)
        .await;
    h.hit(
        g.clone(),
        "/keys",
        "/keys?workspace_id=00000000-0000-4000-8000-000000000000",
        Auth::Management,
        None,
    )
    .await;

    // --- POST /keys
    let expires = future_timestamp(3);
    let full = json!({"name":"Fidelity","limit":20,"limit_reset":"monthly","include_byok_in_limit":true,
                      "expires_at": expires, "workspace_id": lab_ws, "creator_user_id":"user_fidelity",
                      "external":{"user":"partner-user-1"}})
    .to_string();
    let created = h
        .hit(
            Method::POST,
            "/keys",
            "/keys",
            Auth::Management,
            Some(&full),
        )
        .await;
    let minimal = h
        .hit(
            Method::POST,
            "/keys",
            "/keys",
            Auth::Management,
            Some(r#"{"name":"min"}"#),
        )
        .await;
    let created_key = created["key"].as_str().unwrap().to_string();
    for bad in [
        "{",
        "[]",
        "{}",
        r#"{"name":"x","limit":-1}"#,
        r#"{"name":"x","expires_at":"2020-01-01T00:00:00Z"}"#,
    ] {
        h.hit(Method::POST, "/keys", "/keys", Auth::Management, Some(bad))
            .await;
    }
    h.hit(
        Method::POST,
        "/keys",
        "/keys",
        Auth::None,
        Some(r#"{"name":"x"}"#),
    )
    .await;
    h.hit(
        Method::POST,
        "/keys",
        "/keys",
        Auth::Token(&created_key),
        Some(r#"{"name":"x"}"#),
    )
    .await;

    // --- /keys/{hash}
    let hash = minimal["data"]["hash"].as_str().unwrap().to_string();
    let one = format!("/keys/{hash}");
    let t = "/keys/{hash}";
    h.hit(g.clone(), t, &one, Auth::Management, None).await;
    h.hit(
        g.clone(),
        t,
        &format!("/keys/{}", created["data"]["hash"].as_str().unwrap()),
        Auth::Management,
        None,
    )
    .await;
    h.hit(g.clone(), t, "/keys/0000", Auth::Management, None)
        .await;
    h.hit(g.clone(), t, &one, Auth::None, None).await;
    h.hit(g.clone(), t, &one, Auth::Token(&inference), None)
        .await;
    h.hit(
        Method::PATCH,
        t,
        &one,
        Auth::Management,
        Some(r#"{"name":"renamed","disabled":true,"limit":5,"limit_reset":"daily"}"#),
    )
    .await;
    h.hit(
        Method::PATCH,
        t,
        &one,
        Auth::Management,
        Some(r#"{"limit":null,"limit_reset":null,"include_byok_in_limit":false}"#),
    )
    .await;
    h.hit(Method::PATCH, t, &one, Auth::Management, Some("{}"))
        .await;
    h.hit(
        Method::PATCH,
        t,
        &one,
        Auth::Management,
        Some(r#"{"limit_reset":"hourly"}"#),
    )
    .await;
    h.hit(
        Method::PATCH,
        t,
        "/keys/0000",
        Auth::Management,
        Some(r#"{"name":"x"}"#),
    )
    .await;
    h.hit(Method::PATCH, t, &one, Auth::None, Some(r#"{"name":"x"}"#))
        .await;
    h.hit(
        Method::PATCH,
        t,
        &one,
        Auth::Token(&inference),
        Some(r#"{"name":"x"}"#),
    )
    .await;
    h.hit(Method::DELETE, t, &one, Auth::None, None).await;
    h.hit(Method::DELETE, t, &one, Auth::Token(&inference), None)
        .await;
    h.hit(Method::DELETE, t, &one, Auth::Management, None).await;
    h.hit(Method::DELETE, t, &one, Auth::Management, None).await;

    // --- /key, /credits, /workspaces
    h.sim
        .add_spend(created["data"]["hash"].as_str().unwrap(), 3.5, false);
    h.hit(g.clone(), "/key", "/key", Auth::Management, None)
        .await;
    h.hit(g.clone(), "/key", "/key", Auth::Token(&inference), None)
        .await;
    h.hit(g.clone(), "/key", "/key", Auth::Token(&created_key), None)
        .await;
    h.hit(g.clone(), "/key", "/key", Auth::None, None).await;
    h.hit(g.clone(), "/credits", "/credits", Auth::Management, None)
        .await;
    h.hit(g.clone(), "/credits", "/credits", Auth::None, None)
        .await;
    h.hit(
        g.clone(),
        "/credits",
        "/credits",
        Auth::Token(&inference),
        None,
    )
    .await;
    for q in ["", "?limit=1", "?offset=1&limit=100", "?offset=5"] {
        h.hit(
            g.clone(),
            "/workspaces",
            &format!("/workspaces{q}"),
            Auth::Management,
            None,
        )
        .await;
    }
    h.hit(
        g.clone(),
        "/workspaces",
        "/workspaces?limit=0",
        Auth::Management,
        None,
    )
    .await;
    h.hit(g.clone(), "/workspaces", "/workspaces", Auth::None, None)
        .await;
    h.hit(
        g.clone(),
        "/workspaces",
        "/workspaces",
        Auth::Token(&inference),
        None,
    )
    .await;

    // --- Injected 429 and 5xx on every operation.
    let operations: Vec<(Method, &str, String, Option<&str>)> = vec![
        (g.clone(), "/keys", "/keys".into(), None),
        (
            Method::POST,
            "/keys",
            "/keys".into(),
            Some(r#"{"name":"x"}"#),
        ),
        (
            g.clone(),
            t,
            format!("/keys/{}", created["data"]["hash"].as_str().unwrap()),
            None,
        ),
        (
            Method::PATCH,
            t,
            format!("/keys/{}", created["data"]["hash"].as_str().unwrap()),
            Some(r#"{"name":"y"}"#),
        ),
        (
            Method::DELETE,
            t,
            format!("/keys/{}", created["data"]["hash"].as_str().unwrap()),
            None,
        ),
        (g.clone(), "/key", "/key".into(), None),
        (g.clone(), "/credits", "/credits".into(), None),
        (g.clone(), "/workspaces", "/workspaces".into(), None),
    ];
    let injected = [
        Faults {
            rate_limit: Some(RateLimitFault {
                rule: FaultRule::always(),
                retry_after_secs: 1,
            }),
            ..Faults::none()
        },
        Faults {
            server_error: Some(ServerErrorFault {
                rule: FaultRule::always(),
                ..ServerErrorFault::default()
            }),
            ..Faults::none()
        },
        Faults {
            server_error: Some(ServerErrorFault {
                rule: FaultRule::always(),
                status: 503,
                retry_after_secs: Some(2),
            }),
            ..Faults::none()
        },
    ];
    for faults in injected {
        h.sim.set_faults(faults);
        for (method, template, path, body) in &operations {
            h.hit(method.clone(), template, path, Auth::Management, *body)
                .await;
        }
    }

    // Every declared response of the spec was produced and validated.
    let missing: Vec<_> = h
        .spec
        .declared()
        .difference(&h.spec.exercised)
        .cloned()
        .collect();
    assert!(
        missing.is_empty(),
        "declared responses never exercised: {missing:?}"
    );
}

/// The checker itself must reject drift, or the test above proves nothing.
#[tokio::test]
async fn the_checker_rejects_drifted_bodies() {
    let sim = start_with_keys(1).await;
    let spec = Spec::load();
    let page = get(&sim, "/keys").await.body;
    spec.check("get", "/keys", 200, &page)
        .expect("the real page is valid");

    let drift = |f: &dyn Fn(&mut Value)| {
        let mut p = page.clone();
        f(&mut p);
        p
    };
    let drifted = [
        drift(&|p| {
            p["data"][0].as_object_mut().unwrap().remove("workspace_id");
        }),
        drift(&|p| p["data"][0]["limit"] = json!("10")),
        drift(&|p| p["data"][0]["usage"] = Value::Null),
        drift(&|p| {
            p["data"][0].as_object_mut().unwrap().remove("expires_at");
        }),
        drift(&|p| p["data"][0]["expires_at"] = json!("next tuesday")),
        drift(&|p| p["data"] = json!({})),
    ];
    for body in &drifted {
        assert!(
            spec.check("get", "/keys", 200, body).is_err(),
            "accepted drift: {body}"
        );
    }

    let envelope = json!({"error":{"code":404,"message":"Resource not found"},"openrouter_metadata":null,"user_id":null});
    spec.check("get", "/keys/{hash}", 404, &envelope).unwrap();
    assert!(
        spec.check("get", "/keys/{hash}", 400, &envelope).is_err(),
        "undeclared status"
    );
    assert!(
        spec.check("get", "/keys/{hash}", 500, &envelope).is_err(),
        "code differs from status"
    );
    assert!(spec
        .check(
            "get",
            "/keys/{hash}",
            404,
            &json!({"error":{"message":"x"}})
        )
        .is_err());
    assert!(spec
        .check("delete", "/keys/{hash}", 200, &json!({"deleted": false}))
        .is_err());
}

/// Every declared response of `openapi-insights.yaml` (activity, guardrails
/// and their key assignments, organization members), on the demo account.
#[tokio::test]
async fn every_insight_response_matches_the_openapi_schema() {
    let sim = Sim::start(SimConfig::demo(11)).await.unwrap();
    let mut h = Harness {
        sim,
        spec: Spec::load_file("openapi-insights.yaml", UNDECLARED_INSIGHTS),
    };
    let inference = h.sim.inference_key();
    let [_, lab_ws] = <[String; 2]>::try_from(h.sim.workspace_ids()).unwrap();
    let (g, p, m) = (Method::GET, Method::POST, Method::PATCH);
    let unknown = "00000000-0000-4000-8000-000000000000";
    let keys = get(&h.sim, "/keys").await.body;
    let hashes: Vec<String> = keys["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["hash"].as_str().unwrap().to_string())
        .collect();
    let member = h.sim.member_ids()[1].clone();
    let yesterday = (h.sim.now().date_naive() - chrono::Days::new(1)).to_string();
    let today = h.sim.now().date_naive().to_string();

    // --- GET /activity
    let a = "/activity";
    for q in [
        String::new(),
        format!("?api_key_hash={}", hashes[0]),
        "?group_by=workspace".into(),
        format!("?workspace_id={lab_ws}&group_by=workspace"),
        format!("?date={yesterday}"),
        format!("?user_id={member}"),
    ] {
        let body = h
            .hit(
                g.clone(),
                a,
                &format!("/activity{q}"),
                Auth::Management,
                None,
            )
            .await;
        let rows = body["data"].as_array().unwrap();
        if q.is_empty() {
            assert!(rows.len() > 30, "{body}");
        }
        let grouped = q.contains("group_by");
        assert!(
            rows.iter()
                .all(|r| r.get("workspace_id").is_some() == grouped),
            "{q}: {body}"
        );
    }
    for q in [
        format!("?date={today}"),
        "?date=2020-01-01".into(),
        "?group_by=key".into(),
        "?workspace_id=nope".into(),
    ] {
        h.hit(
            g.clone(),
            a,
            &format!("/activity{q}"),
            Auth::Management,
            None,
        )
        .await;
    }
    h.hit(g.clone(), a, a, Auth::None, None).await;
    h.hit(g.clone(), a, a, Auth::Token(&inference), None).await;
    for q in [
        format!("?workspace_id={unknown}"),
        "?user_id=user_nobody".into(),
    ] {
        h.hit(
            g.clone(),
            a,
            &format!("/activity{q}"),
            Auth::Management,
            None,
        )
        .await;
    }

    // --- /guardrails
    let gl = "/guardrails";
    for q in [
        "".to_string(),
        "?limit=1&offset=1".into(),
        format!("?workspace_id={lab_ws}"),
        "?offset=50".into(),
    ] {
        h.hit(
            g.clone(),
            gl,
            &format!("/guardrails{q}"),
            Auth::Management,
            None,
        )
        .await;
    }
    for q in ["?limit=0", "?limit=101", "?workspace_id=nope"] {
        h.hit(
            g.clone(),
            gl,
            &format!("/guardrails{q}"),
            Auth::Management,
            None,
        )
        .await;
    }
    h.hit(g.clone(), gl, gl, Auth::None, None).await;
    h.hit(g.clone(), gl, gl, Auth::Token(&inference), None)
        .await;
    let full = json!({
        "name": "Fidelity", "description": "every field", "limit_usd": 25.5,
        "reset_interval": "weekly", "include_byok_in_budgets": true,
        "allowed_models": ["openai/gpt-4.1"], "ignored_models": ["openai/gpt-4.1-mini"],
        "allowed_providers": ["openai"], "ignored_providers": ["azure"],
        "enforce_zdr": true, "enforce_zdr_xai": false,
        "enable_free_model_publication": false, "enable_free_model_training": false,
        "enable_paid_model_training": true,
        "content_filter_builtins": [{"slug": "email", "action": "redact"},
            {"slug": "regex-prompt-injection", "action": "block", "scan_scope": "user_only"}],
        "content_filters": [{"pattern": "secret-[0-9]+", "action": "block", "label": "[SECRET]"}],
        "workspace_id": lab_ws,
    })
    .to_string();
    let created = h
        .hit(p.clone(), gl, gl, Auth::Management, Some(&full))
        .await;
    let minimal = h
        .hit(
            p.clone(),
            gl,
            gl,
            Auth::Management,
            Some(r#"{"name":"min"}"#),
        )
        .await;
    for bad in [
        "{",
        "{}",
        r#"{"name":"x","limit_usd":10}"#,
        r#"{"name":"x","allowed_models":[]}"#,
        &format!(r#"{{"name":"x","workspace_id":"{unknown}"}}"#),
    ] {
        h.hit(p.clone(), gl, gl, Auth::Management, Some(bad)).await;
    }
    h.hit(p.clone(), gl, gl, Auth::None, Some(r#"{"name":"x"}"#))
        .await;
    h.hit(
        p.clone(),
        gl,
        gl,
        Auth::Token(&inference),
        Some(r#"{"name":"x"}"#),
    )
    .await;

    let id = minimal["data"]["id"].as_str().unwrap().to_string();
    let full_id = created["data"]["id"].as_str().unwrap().to_string();
    let one = format!("/guardrails/{id}");
    let missing = format!("/guardrails/{unknown}");
    let t = "/guardrails/{id}";
    h.hit(g.clone(), t, &one, Auth::Management, None).await;
    h.hit(
        g.clone(),
        t,
        &format!("/guardrails/{full_id}"),
        Auth::Management,
        None,
    )
    .await;
    h.hit(g.clone(), t, &missing, Auth::Management, None).await;
    h.hit(g.clone(), t, &one, Auth::None, None).await;
    h.hit(g.clone(), t, &one, Auth::Token(&inference), None)
        .await;
    let patch = r#"{"name":"renamed","limit_usd":5,"reset_interval":"daily","allowed_providers":["anthropic"],"description":null}"#;
    h.hit(m.clone(), t, &one, Auth::Management, Some(patch))
        .await;
    h.hit(
        m.clone(),
        t,
        &one,
        Auth::Management,
        Some(r#"{"limit_usd":null,"reset_interval":null,"allowed_providers":null}"#),
    )
    .await;
    for bad in ["{}", r#"{"reset_interval":"weekly"}"#, r#"{"name":""}"#] {
        h.hit(m.clone(), t, &one, Auth::Management, Some(bad)).await;
    }
    h.hit(
        m.clone(),
        t,
        &missing,
        Auth::Management,
        Some(r#"{"name":"x"}"#),
    )
    .await;
    h.hit(m.clone(), t, &one, Auth::None, Some(r#"{"name":"x"}"#))
        .await;
    h.hit(
        m.clone(),
        t,
        &one,
        Auth::Token(&inference),
        Some(r#"{"name":"x"}"#),
    )
    .await;

    // --- key assignments
    let ta = "/guardrails/{id}/assignments/keys";
    let tr = "/guardrails/{id}/assignments/keys/remove";
    let tall = "/guardrails/assignments/keys";
    let assign_path = format!("{one}/assignments/keys");
    let remove_path = format!("{one}/assignments/keys/remove");
    let two = json!({"key_hashes": [hashes[0], hashes[1], "no-such-key"]}).to_string();
    let assigned = h
        .hit(p.clone(), ta, &assign_path, Auth::Management, Some(&two))
        .await;
    assert_eq!(assigned["assigned_count"], 2);
    for bad in ["{", "{}", r#"{"key_hashes":[]}"#, r#"{"key_hashes":[""]}"#] {
        h.hit(p.clone(), ta, &assign_path, Auth::Management, Some(bad))
            .await;
        h.hit(p.clone(), tr, &remove_path, Auth::Management, Some(bad))
            .await;
    }
    for (template, path) in [
        (ta, format!("{missing}/assignments/keys")),
        (tr, format!("{missing}/assignments/keys/remove")),
    ] {
        h.hit(p.clone(), template, &path, Auth::Management, Some(&two))
            .await;
    }
    for auth in [Auth::None, Auth::Token(&inference)] {
        h.hit(p.clone(), ta, &assign_path, auth, Some(&two)).await;
        h.hit(p.clone(), tr, &remove_path, auth, Some(&two)).await;
        h.hit(g.clone(), ta, &assign_path, auth, None).await;
        h.hit(g.clone(), tall, tall, auth, None).await;
    }
    for q in ["", "?limit=1", "?offset=1&limit=100", "?offset=500"] {
        h.hit(
            g.clone(),
            ta,
            &format!("{assign_path}{q}"),
            Auth::Management,
            None,
        )
        .await;
        h.hit(
            g.clone(),
            tall,
            &format!("{tall}{q}"),
            Auth::Management,
            None,
        )
        .await;
    }
    h.hit(
        g.clone(),
        ta,
        &format!("{assign_path}?limit=0"),
        Auth::Management,
        None,
    )
    .await;
    h.hit(
        g.clone(),
        tall,
        &format!("{tall}?limit=101"),
        Auth::Management,
        None,
    )
    .await;
    h.hit(
        g.clone(),
        ta,
        &format!("{missing}/assignments/keys"),
        Auth::Management,
        None,
    )
    .await;
    let removed = h
        .hit(p.clone(), tr, &remove_path, Auth::Management, Some(&two))
        .await;
    assert_eq!(removed["unassigned_count"], 2);

    // --- /organization/members
    let om = "/organization/members";
    for q in ["", "?limit=2", "?offset=2&limit=100", "?offset=99"] {
        h.hit(g.clone(), om, &format!("{om}{q}"), Auth::Management, None)
            .await;
    }
    h.hit(
        g.clone(),
        om,
        &format!("{om}?limit=0"),
        Auth::Management,
        None,
    )
    .await;
    h.hit(g.clone(), om, om, Auth::None, None).await;
    h.hit(g.clone(), om, om, Auth::Token(&inference), None)
        .await;
    h.sim.set_personal_account(true);
    h.hit(g.clone(), om, om, Auth::Management, None).await;
    h.hit(
        g.clone(),
        a,
        &format!("{a}?user_id={member}"),
        Auth::Management,
        None,
    )
    .await;
    h.sim.set_personal_account(false);

    // --- DELETE last, then injected 500s everywhere.
    let td = format!("/guardrails/{full_id}");
    h.hit(Method::DELETE, t, &td, Auth::None, None).await;
    h.hit(Method::DELETE, t, &td, Auth::Token(&inference), None)
        .await;
    h.hit(Method::DELETE, t, &td, Auth::Management, None).await;
    h.hit(Method::DELETE, t, &td, Auth::Management, None).await;

    h.sim.set_faults(Faults {
        server_error: Some(ServerErrorFault {
            rule: FaultRule::always(),
            ..ServerErrorFault::default()
        }),
        ..Faults::none()
    });
    let ops: Vec<(Method, &str, String, Option<&str>)> = vec![
        (g.clone(), a, a.into(), None),
        (g.clone(), gl, gl.into(), None),
        (p.clone(), gl, gl.into(), Some(r#"{"name":"x"}"#)),
        (g.clone(), t, one.clone(), None),
        (m.clone(), t, one.clone(), Some(r#"{"name":"x"}"#)),
        (Method::DELETE, t, one.clone(), None),
        (g.clone(), ta, assign_path.clone(), None),
        (p.clone(), ta, assign_path.clone(), Some(&two)),
        (p.clone(), tr, remove_path.clone(), Some(&two)),
        (g.clone(), tall, tall.into(), None),
        (g.clone(), om, om.into(), None),
    ];
    for (method, template, path, body) in &ops {
        h.hit(method.clone(), template, path, Auth::Management, *body)
            .await;
    }

    let missing: Vec<_> = h
        .spec
        .declared()
        .difference(&h.spec.exercised)
        .cloned()
        .collect();
    assert!(
        missing.is_empty(),
        "declared responses never exercised: {missing:?}"
    );
}
