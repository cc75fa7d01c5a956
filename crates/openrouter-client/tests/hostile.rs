//! Property tests: whatever a server (or something pretending to be one)
//! sends, the response parsers return `Ok` or an error, never panic, and
//! never put a key string into an error. Inputs: arbitrary JSON-ish text,
//! the vendored example bodies with values swapped, removed or bytes
//! damaged, and odd numbers in the money fields. Also `Usd::parse` on
//! arbitrary text. The insights API's examples (activity, guardrails,
//! assignments, members) come from its OpenAPI file.

#[path = "hostile/insight_examples.rs"]
mod insight_examples;

use openrouter_client::parsers;
use openrouter_client::{ErrorCode, Usd};
use proptest::prelude::*;
use serde_json::{Map, Value};

const EXAMPLES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../contract/openrouter/examples"
);

/// Every response example (requests are not parsed by the client), with the
/// parser (index into [`parse_one`]) meant for it.
fn examples() -> Vec<(usize, Value)> {
    let mut out = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(EXAMPLES)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| !p.to_string_lossy().contains("request"))
        .collect();
    names.sort();
    for path in names {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let parser = [
            "get-key",
            "list-keys",
            "create-key",
            "current-key",
            "credits",
            "workspaces",
            "delete-key",
            "error",
        ]
        .iter()
        .position(|prefix| name.starts_with(prefix))
        .or_else(|| name.starts_with("update-key").then_some(0))
        .unwrap_or_else(|| panic!("no parser for {name}"));
        out.push((
            parser,
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap(),
        ));
    }
    let insights = insight_examples::examples();
    for parser in [
        insight_examples::ACTIVITY,
        insight_examples::GUARDRAIL,
        insight_examples::GUARDRAILS,
        insight_examples::ASSIGNMENTS,
        insight_examples::ASSIGNED_COUNT,
        insight_examples::MEMBERS,
    ] {
        assert!(
            insights.iter().any(|(p, _)| *p == parser),
            "an insights example for parser {parser}"
        );
    }
    out.extend(insights);
    assert!(out.len() >= 30);
    out
}

/// How many parsers `parse_one` knows.
const PARSERS: usize = 14;

/// Parser number `which` (0–13, 7 = an error answer): may fail, may not panic;
/// failures of the success parsers are always `invalid_response`.
fn parse_one(which: usize, body: &[u8]) {
    let code = match which {
        0 => parsers::key_body(body).err().map(|e| e.code()),
        1 => parsers::list_body(body).err().map(|e| e.code()),
        2 => parsers::create_body(body).err().map(|e| e.code()),
        3 => parsers::current_key_body(body).err().map(|e| e.code()),
        4 => parsers::credits_body(body).err().map(|e| e.code()),
        5 => parsers::workspaces_body(body).err().map(|e| e.code()),
        6 => parsers::delete_body(body).err().map(|e| e.code()),
        8 => parsers::activity_body(body).err().map(|e| e.code()),
        9 => parsers::guardrail_body(body).err().map(|e| e.code()),
        10 => parsers::guardrails_body(body).err().map(|e| e.code()),
        11 => parsers::assignments_body(body).err().map(|e| e.code()),
        12 => parsers::assigned_count_body(body).err().map(|e| e.code()),
        13 => parsers::members_body(body).err().map(|e| e.code()),
        _ => {
            let _ = parsers::error_answer(403, body, None).user_message();
            None
        }
    };
    if let Some(code) = code {
        assert_eq!(code, ErrorCode::InvalidResponse);
    }
}

/// Runs every parser; each may fail, none may panic. Failures of the success
/// parsers are always `invalid_response`.
fn parse_everything(body: &[u8]) {
    for which in (0..PARSERS).filter(|&p| p != 7) {
        parse_one(which, body);
    }
    // The status only picks the variant; the body is read the same way.
    for status in [403, 429] {
        let _ = parsers::error_answer(status, body, None).user_message();
    }
}

/// Field names of the bodies, so generated objects hit typed fields.
const FIELDS: &[&str] = &[
    "data",
    "key",
    "hash",
    "name",
    "label",
    "disabled",
    "limit",
    "limit_remaining",
    "limit_reset",
    "include_byok_in_limit",
    "usage",
    "usage_daily",
    "usage_weekly",
    "usage_monthly",
    "byok_usage",
    "byok_usage_daily",
    "created_at",
    "updated_at",
    "expires_at",
    "external_user",
    "last_used_at",
    "workspace_id",
    "creator_user_id",
    "is_management_key",
    "is_provisioning_key",
    "is_free_tier",
    "rate_limit",
    "requests",
    "interval",
    "total_credits",
    "total_usage",
    "deleted",
    "error",
    "code",
    "message",
    "metadata",
    "total_count",
    "id",
    "slug",
    // The insights API's bodies.
    "date",
    "model",
    "model_permaslug",
    "endpoint_id",
    "provider_name",
    "byok_usage_inference",
    "prompt_tokens",
    "completion_tokens",
    "reasoning_tokens",
    "user_id",
    "description",
    "limit_usd",
    "reset_interval",
    "allowed_models",
    "allowed_providers",
    "ignored_models",
    "ignored_providers",
    "include_byok_in_budgets",
    "enforce_zdr",
    "guardrail_id",
    "key_hash",
    "key_name",
    "key_label",
    "assigned_by",
    "assigned_count",
    "unassigned_count",
    "email",
    "first_name",
    "last_name",
    "role",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        (-1e12f64..1e12).prop_map(Value::from),
        prop::collection::vec(any::<char>(), 0..8)
            .prop_map(|c| Value::String(c.into_iter().collect())),
        prop::sample::select(vec![
            "",
            "daily",
            "weekly",
            "monthly",
            "yearly",
            "DAILY",
            "2025-08-24T10:30:00Z",
            "2025-02-19T20:52:27.363244+00:00",
            "2025-02-30T25:61:61Z",
            "0000-00-00",
            "12.5",
            "-1",
            "NaN",
            "1e999",
            "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",
        ])
        .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        4 => prop::sample::select(FIELDS).prop_map(String::from),
                        1 => prop::sample::select(vec!["", "Data", "data ", "\u{0}", "__proto__"]).prop_map(String::from),
                    ],
                    inner
                ),
                0..5
            )
            .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// One change to a parsed example: follow `path` (indices taken modulo the
/// children) and replace, remove, or wrap what is there.
#[derive(Debug, Clone)]
enum Change {
    Replace(Vec<usize>, Value),
    Remove(Vec<usize>),
    Duplicate(Vec<usize>),
}

fn change() -> impl Strategy<Value = Change> {
    let path = prop::collection::vec(0usize..64, 0..5);
    prop_oneof![
        3 => (path.clone(), json_value()).prop_map(|(p, v)| Change::Replace(p, v)),
        1 => path.clone().prop_map(Change::Remove),
        1 => path.prop_map(Change::Duplicate),
    ]
}

fn apply(value: &mut Value, change: &Change) {
    let path = match change {
        Change::Replace(p, _) | Change::Remove(p) | Change::Duplicate(p) => p,
    };
    apply_at(value, path, change);
}

fn apply_at(here: &mut Value, path: &[usize], op: &Change) {
    let Some((&i, rest)) = path.split_first() else {
        if let Change::Replace(_, v) = op {
            *here = v.clone();
        }
        return;
    };
    match here {
        Value::Object(map) if !map.is_empty() => {
            let key = map.keys().nth(i % map.len()).unwrap().clone();
            if !rest.is_empty() {
                return apply_at(map.get_mut(&key).unwrap(), rest, op);
            }
            match op {
                Change::Replace(_, v) => {
                    map.insert(key, v.clone());
                }
                Change::Remove(_) => {
                    map.remove(&key);
                }
                Change::Duplicate(_) => {
                    let v = map[&key].clone();
                    map.insert(key, Value::Array(vec![v.clone(), v]));
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let at = i % items.len();
            if !rest.is_empty() {
                return apply_at(&mut items[at], rest, op);
            }
            match op {
                Change::Replace(_, v) => items[at] = v.clone(),
                Change::Remove(_) => {
                    items.remove(at);
                }
                Change::Duplicate(_) => {
                    let v = items[at].clone();
                    items.insert(at, v);
                }
            }
        }
        _ => apply_at(here, &[], op),
    }
}

/// Damage to the serialized text: cut, insert a byte, or overwrite one.
#[derive(Debug, Clone)]
enum Damage {
    None,
    Truncate(usize),
    Insert(usize, u8),
    Overwrite(usize, u8),
}

fn damage() -> impl Strategy<Value = Damage> {
    let byte = prop_oneof![
        prop::sample::select(b"{}[]\":,0123456789.eE+-\\ntrufalse \x00\xff".to_vec()),
        any::<u8>()
    ];
    prop_oneof![
        4 => Just(Damage::None),
        1 => any::<usize>().prop_map(Damage::Truncate),
        1 => (any::<usize>(), byte.clone()).prop_map(|(at, b)| Damage::Insert(at, b)),
        1 => (any::<usize>(), byte).prop_map(|(at, b)| Damage::Overwrite(at, b)),
    ]
}

fn damaged(mut bytes: Vec<u8>, damage: &Damage) -> Vec<u8> {
    match *damage {
        Damage::None => {}
        Damage::Truncate(at) => bytes.truncate(at % (bytes.len() + 1)),
        Damage::Insert(at, b) => bytes.insert(at % (bytes.len() + 1), b),
        Damage::Overwrite(at, b) => {
            if !bytes.is_empty() {
                let n = bytes.len();
                bytes[at % n] = b;
            }
        }
    }
    bytes
}

/// Numbers as text, including ones serde_json cannot hold as f64.
fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "-?[0-9]{1,30}(\\.[0-9]{1,30})?([eE][-+]?[0-9]{1,4})?",
        prop::sample::select(vec![
            "0",
            "-0",
            "1e308",
            "1e309",
            "-1e309",
            "1e-400",
            "18446744073709551616",
            "-9223372036854775809",
            "0.1",
            "999999999.99",
            "1000000000.01",
            "4.9e-324",
        ])
        .prop_map(String::from),
        any::<f64>().prop_map(|f| format!("{f}")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn arbitrary_json_ish_text(text in prop_oneof![
        "[\\[\\]{}\":,0-9eE.+\\- a-z\\\\]{0,80}",
        any::<String>(),
        prop::collection::vec(any::<u8>(), 0..64).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]) {
        parse_everything(text.as_bytes());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(25_000))]

    #[test]
    fn mutated_examples(
        which in any::<usize>(),
        changes in prop::collection::vec(change(), 1..4),
        damage in damage(),
        other_parser in 0usize..PARSERS,
    ) {
        let examples = examples_cached();
        let (parser, example) = &examples[which % examples.len()];
        let mut value = example.clone();
        for c in &changes {
            apply(&mut value, c);
        }
        let bytes = damaged(serde_json::to_vec(&value).unwrap(), &damage);
        // The parser the body was meant for, and one chosen at random.
        parse_one(*parser, &bytes);
        parse_one(other_parser, &bytes);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(15_000))]

    /// Odd numbers in every money field of a key, a list, `/key` and `/credits`.
    #[test]
    fn odd_numbers_in_money_fields(
        which in 0usize..4,
        field in prop::sample::select(vec![
            "limit", "limit_remaining", "usage", "usage_daily", "usage_weekly",
            "usage_monthly", "byok_usage", "byok_usage_weekly", "total_credits", "total_usage",
        ]),
        number in number_text(),
    ) {
        let examples = examples_cached();
        // Splice the number in as text: serde_json::Value cannot hold 1e309.
        let template = match which {
            0 => find(examples, "data", |d| d.get("hash").is_some() && d.is_object()),
            1 => find(examples, "data", Value::is_array),
            2 => find(examples, "data", |d| d.get("is_management_key").is_some()),
            _ => find(examples, "data", |d| d.get("total_credits").is_some()),
        };
        let mut value = template.clone();
        let target = match &mut value["data"] {
            Value::Array(items) => &mut items[0],
            other => other,
        };
        target[field] = Value::String("@@NUMBER@@".into());
        let text = serde_json::to_string(&value).unwrap().replace("\"@@NUMBER@@\"", &number);
        parse_everything(text.as_bytes());
        if which == 0 {
            if let Ok(key) = parsers::key_body(text.as_bytes()) {
                // What parses is a finite number.
                for n in [key.usage, key.usage_daily, key.byok_usage] {
                    prop_assert!(n.is_finite());
                }
                prop_assert!(key.limit.is_none_or(f64::is_finite));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(15_000))]

    /// Error answers: any status, any body, any `Retry-After`; the key string
    /// in a server message never reaches the error's texts.
    #[test]
    fn error_answers_never_leak_a_key(
        status in 100u16..600,
        secret_bytes in any::<[u8; 32]>(),
        before in any::<String>(),
        after in ".{0,40}",
        shape in 0usize..4,
        retry_after in proptest::option::of(prop_oneof![
            "[0-9]{0,12}(\\.[0-9]{0,6})?", any::<String>(), Just("Wed, 21 Oct 2015 07:28:00 GMT".to_string()),
        ]),
    ) {
        let secret: String = std::iter::once("sk-or-v1-".to_string())
            .chain(secret_bytes.iter().map(|b| format!("{b:02x}")))
            .collect();
        let message = format!("{before}{secret}{after}");
        let body = match shape {
            0 => serde_json::json!({"error": {"code": status, "message": message}}).to_string(),
            1 => serde_json::json!({"message": message}).to_string(),
            2 => serde_json::json!({"error": {"message": message, "metadata": {"raw": message}}}).to_string(),
            _ => message.clone(),
        };
        let err = parsers::error_answer(status, body.as_bytes(), retry_after.as_deref());
        let hex = &secret["sk-or-v1-".len()..];
        for text in [err.to_string(), err.user_message(), format!("{err:?}")] {
            prop_assert!(!text.contains(hex), "{text}");
        }
        if (200..300).contains(&status) || status < 400 && status != 408 {
            prop_assert_eq!(err.code(), ErrorCode::InvalidResponse);
        }
        if let Some(wait) = err.retry_after() {
            prop_assert!(wait.as_secs() <= 86_400 || err.code() == ErrorCode::RateLimited);
        }
        // A create answer that does not parse says so without the secret.
        let created = format!("{{\"data\":{{\"hash\":\"x\"}},\"key\":\"{secret}\",");
        let err = parsers::create_body(created.as_bytes()).unwrap_err();
        let shown = format!("{err} {err:?}");
        prop_assert!(!shown.contains(hex), "{}", shown);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    /// `Usd::parse` on anything: no panic; what it accepts is within range,
    /// whole cents, and reads back the same from its own display.
    #[test]
    fn usd_parse_arbitrary_text(text in prop_oneof![
        any::<String>(),
        "[ $+\\-]{0,2}[0-9,]{0,16}(\\.[0-9]{0,5})?[ ]{0,2}",
        "[0-9]{0,60}\\.?[0-9]{0,60}",
    ]) {
        if let Ok(usd) = Usd::parse(&text) {
            prop_assert!(usd <= Usd::MAX && usd >= Usd::ZERO);
            prop_assert!(usd.as_decimal().scale() <= 2);
            prop_assert_eq!(Usd::parse(&usd.to_string()), Ok(usd));
            prop_assert_eq!(Usd::from_cents(usd.cents() as u64), Ok(usd));
            let json = serde_json::to_string(&usd).unwrap();
            prop_assert_eq!(serde_json::from_str::<Usd>(&json).unwrap(), usd);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// `Usd` from JSON numbers and strings (money fields sent as text).
    #[test]
    fn usd_from_json(number in number_text(), text in any::<String>()) {
        let _ = serde_json::from_str::<Usd>(&number);
        let _ = serde_json::from_value::<Usd>(Value::String(text));
        if let Ok(usd) = serde_json::from_str::<Usd>(&number) {
            prop_assert!(usd <= Usd::MAX && usd.as_decimal().scale() <= 2);
        }
    }
}

fn find<'a>(
    examples: &'a [(usize, Value)],
    field: &str,
    test: impl Fn(&Value) -> bool,
) -> &'a Value {
    examples
        .iter()
        .map(|(_, e)| e)
        .find(|e| e.get(field).is_some_and(&test))
        .expect("an example of that shape")
}

fn examples_cached() -> &'static [(usize, Value)] {
    static EXAMPLES_CACHE: std::sync::OnceLock<Vec<(usize, Value)>> = std::sync::OnceLock::new();
    EXAMPLES_CACHE.get_or_init(examples)
}
