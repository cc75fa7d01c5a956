//! The answer examples of `openapi-insights.yaml` (activity, guardrails, their
//! key assignments, organization members), each with the parser meant for it.

use serde_json::Value;

const SPEC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../contract/openrouter/openapi-insights.yaml"
);

/// Parser indices, as `parse_one` in `hostile.rs` numbers them.
pub const ERROR: usize = 7;
pub const ACTIVITY: usize = 8;
pub const GUARDRAIL: usize = 9;
pub const GUARDRAILS: usize = 10;
pub const ASSIGNMENTS: usize = 11;
pub const ASSIGNED_COUNT: usize = 12;
pub const MEMBERS: usize = 13;
pub const DELETED: usize = 6;

/// The success parser for an operation of the insights API.
fn parser_for(method: &str, path: &str) -> usize {
    match (method, path) {
        ("get", "/activity") => ACTIVITY,
        ("get", "/guardrails") => GUARDRAILS,
        ("post", "/guardrails") | ("get" | "patch", "/guardrails/{id}") => GUARDRAIL,
        ("delete", "/guardrails/{id}") => DELETED,
        ("get", "/guardrails/{id}/assignments/keys" | "/guardrails/assignments/keys") => {
            ASSIGNMENTS
        }
        (
            "post",
            "/guardrails/{id}/assignments/keys" | "/guardrails/{id}/assignments/keys/remove",
        ) => ASSIGNED_COUNT,
        ("get", "/organization/members") => MEMBERS,
        _ => panic!("no parser for {method} {path}"),
    }
}

/// Every JSON answer example of the spec: successes with their operation's
/// parser, failures with the error parser.
pub fn examples() -> Vec<(usize, Value)> {
    let text = std::fs::read_to_string(SPEC).expect("the insights spec is vendored");
    let doc: Value = serde_norway::from_str(&text).expect("the insights spec parses");
    let mut out = Vec::new();
    for (path, ops) in doc["paths"].as_object().expect("paths") {
        for (method, op) in ops.as_object().expect("operations") {
            let Some(responses) = op["responses"].as_object() else {
                continue;
            };
            for (status, response) in responses {
                let json = &response["content"]["application/json"];
                let mut bodies: Vec<Value> = json.get("example").cloned().into_iter().collect();
                if let Some(named) = json["examples"].as_object() {
                    bodies.extend(named.values().filter_map(|e| e.get("value").cloned()));
                }
                let parser = if status.starts_with('2') {
                    parser_for(method, path)
                } else {
                    ERROR
                };
                out.extend(bodies.into_iter().map(|b| (parser, b)));
            }
        }
    }
    out
}
