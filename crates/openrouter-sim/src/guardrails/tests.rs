use super::*;

#[test]
fn budget_needs_both_fields() {
    let ok = parse_input(
        br#"{"name":"x","limit_usd":50,"reset_interval":"monthly"}"#,
        true,
    )
    .unwrap();
    assert_eq!(ok.budget, Some((Some(50.0), Some(LimitReset::Monthly))));
    for bad in [
        &br#"{"name":"x","limit_usd":50}"#[..],
        br#"{"name":"x","reset_interval":"daily"}"#,
    ] {
        assert_eq!(parse_input(bad, true).unwrap_err(), LIMIT_NEEDS_INTERVAL);
    }
    let cleared = parse_input(br#"{"limit_usd":null,"reset_interval":null}"#, false).unwrap();
    assert_eq!(cleared.budget, Some((None, None)));
}

#[test]
fn lists_and_flags() {
    assert!(parse_input(br#"{"name":"x","allowed_models":[]}"#, true).is_err());
    assert!(parse_input(br#"{"name":"x","allowed_models":[""]}"#, true).is_err());
    let i = parse_input(
        br#"{"name":"x","enforce_zdr":true,"enforce_zdr_xai":false}"#,
        true,
    )
    .unwrap();
    assert_eq!(i.rules["enforce_zdr_openai"], json!(true));
    assert_eq!(i.rules["enforce_zdr_xai"], json!(false));
    assert_eq!(parse_input(b"{}", false).unwrap_err(), NO_UPDATE_FIELDS);
    assert_eq!(parse_input(b"{}", true).unwrap_err(), "name is required");
    let b = parse_input(
        br#"{"name":"x","content_filter_builtins":[{"slug":"credit-card","action":"redact","label":"mine"}]}"#,
        true,
    )
    .unwrap();
    assert_eq!(
        b.rules["content_filter_builtins"][0]["label"],
        json!("[CREDIT_CARD]")
    );
}

#[test]
fn key_hashes() {
    assert_eq!(
        parse_key_hashes(br#"{"key_hashes":["a","b","a"]}"#).unwrap(),
        ["a", "b"]
    );
    assert!(parse_key_hashes(br#"{"key_hashes":[]}"#).is_err());
    assert!(parse_key_hashes(br#"{"key_hashes":[""]}"#).is_err());
    assert!(parse_key_hashes(br#"{}"#).is_err());
}
