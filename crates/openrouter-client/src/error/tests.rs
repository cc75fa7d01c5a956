use super::*;

fn example(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../contract/openrouter/examples/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn example_envelopes_map_to_codes() {
    let cases = [
        ("error.400.json", 400, ErrorCode::BadRequest),
        ("error.401.json", 401, ErrorCode::Unauthorized),
        ("error.403.json", 403, ErrorCode::NotManagementKey),
        ("error.404.json", 404, ErrorCode::NotFound),
        ("error.429.json", 429, ErrorCode::RateLimited),
        ("error.500.json", 500, ErrorCode::Server),
    ];
    for (file, status, code) in cases {
        let err = Error::from_status(status, &example(file), None);
        assert_eq!(err.code(), code, "{file}");
    }
    let bad = Error::from_status(400, &example("error.400.json"), None);
    assert_eq!(
        bad.to_string(),
        "request rejected (HTTP 400): Invalid request parameters"
    );
}

#[test]
fn survives_empty_and_non_json_bodies() {
    for body in [
        &b""[..],
        b"<html>502 Bad Gateway</html>",
        b"{\"error\":5}",
        b"null",
    ] {
        assert_eq!(
            Error::from_status(502, body, None).code(),
            ErrorCode::Server
        );
        assert_eq!(
            Error::from_status(403, body, None).code(),
            ErrorCode::Forbidden
        );
        let bad = Error::from_status(422, body, None);
        assert_eq!(bad.code(), ErrorCode::BadRequest);
        assert_eq!(bad.to_string(), "request rejected (HTTP 422): HTTP 422");
    }
    assert_eq!(
        Error::from_status(302, b"", None).code(),
        ErrorCode::InvalidResponse
    );
    assert_eq!(
        Error::from_status(408, b"", None).code(),
        ErrorCode::Timeout
    );
}

#[test]
fn forbidden_vs_not_management_key() {
    let old = br#"{"error":{"code":403,"message":"Provisioning key required"}}"#;
    assert_eq!(
        Error::from_status(403, old, None).code(),
        ErrorCode::NotManagementKey
    );
    let other = br#"{"error":{"code":403,"message":"Workspace access denied"}}"#;
    assert_eq!(
        Error::from_status(403, other, None).code(),
        ErrorCode::Forbidden
    );
}

#[test]
fn server_messages_are_redacted() {
    let key = format!("sk-or-v1-{}", "cd".repeat(32));
    let body = format!(r#"{{"error":{{"code":401,"message":"Key {key} is revoked"}}}}"#);
    let err = Error::from_status(401, body.as_bytes(), None);
    for text in [err.to_string(), format!("{err:?}"), err.user_message()] {
        assert!(!text.contains(&key), "{text}");
    }
}

#[test]
fn codes_serialize_as_snake_case() {
    assert_eq!(
        serde_json::to_string(&ErrorCode::CreateOutcomeUnknown).unwrap(),
        "\"create_outcome_unknown\""
    );
    assert_eq!(
        ErrorCode::NotManagementKey.to_string(),
        "not_management_key"
    );
    let rl = Error::from_status(429, b"", Some(Duration::from_secs(3)));
    assert_eq!(rl.retry_after(), Some(Duration::from_secs(3)));
    assert!(rl.user_message().contains("3 seconds"));
}
