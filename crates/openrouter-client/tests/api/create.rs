//! Create is never retried; unknown outcomes are reported and reconciled.

use std::collections::HashMap;

use openrouter_client::{Client, Error, ErrorCode, Key, NewKey};
use openrouter_sim::{FaultRule, Faults, RateLimitFault, ServerErrorFault, SimConfig};

use crate::common::*;

#[tokio::test]
async fn create_is_sent_once_whatever_happens() {
    let sim = sim(0).await;
    let client = client(&sim);
    let cases: Vec<(Faults, ErrorCode, usize)> = vec![
        (
            Faults {
                reset_after_create: Some(FaultRule::always()),
                ..Faults::default()
            },
            ErrorCode::CreateOutcomeUnknown,
            1, // applied, answer lost
        ),
        (
            Faults {
                reset_before: Some(FaultRule::always()),
                ..Faults::default()
            },
            ErrorCode::CreateOutcomeUnknown,
            0, // not applied, but the client cannot know
        ),
        (
            Faults {
                server_error: Some(ServerErrorFault {
                    rule: FaultRule::always(),
                    status: 500,
                    retry_after_secs: None,
                }),
                ..Faults::default()
            },
            ErrorCode::CreateOutcomeUnknown,
            0,
        ),
        (
            Faults {
                malformed_json: Some(FaultRule::always()),
                ..Faults::default()
            },
            ErrorCode::CreateOutcomeUnknown,
            1,
        ),
        (
            Faults {
                truncated_body: Some(FaultRule::always()),
                ..Faults::default()
            },
            ErrorCode::CreateOutcomeUnknown,
            1,
        ),
        (
            Faults {
                rate_limit: Some(RateLimitFault {
                    rule: FaultRule::always(),
                    retry_after_secs: 0,
                }),
                ..Faults::default()
            },
            ErrorCode::RateLimited, // a 429 proves nothing was created
            0,
        ),
    ];
    for (i, (faults, code, created)) in cases.into_iter().enumerate() {
        let name = format!("case-{i}");
        sim.set_faults(faults);
        sim.clear_requests();
        let before = sim.key_count();
        let err = assert_code(client.create_key(&NewKey::named(&name)).await, code);
        assert_eq!(logged(&sim, "POST").len(), 1, "case {i}: exactly one POST");
        assert_eq!(sim.key_count() - before, created, "case {i}");
        if let Error::CreateOutcomeUnknown { name: n, .. } = &err {
            assert_eq!(n, &name);
            assert!(err.user_message().contains(&name));
        }
        sim.set_faults(Faults::none());
        let found = client.find_keys_by_name(&name).await.unwrap();
        assert_eq!(
            found.len(),
            created,
            "case {i}: reconciliation finds what exists"
        );
    }
}

/// What an app does with a create: on an unknown outcome, look before
/// creating again. Returns the key and whether the secret was lost (the key
/// exists but its string was never received).
async fn create_reconciled(client: &Client, request: &NewKey) -> (Key, bool) {
    for _ in 0..20 {
        match client.create_key(request).await {
            Ok(created) => return (created.key, false),
            Err(e) if e.code() == ErrorCode::CreateOutcomeUnknown => {
                if let Some(existing) = client.find_created_keys(request).await.unwrap().pop() {
                    return (existing, true);
                }
                // Not there: safe to try again.
            }
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    panic!("no create went through in 20 tries");
}

#[tokio::test]
async fn two_hundred_creates_under_faults_make_no_duplicates() {
    let sim = sim_with(SimConfig {
        seed: 42,
        ..SimConfig::default()
    })
    .await;
    sim.set_faults(Faults {
        reset_after_create: Some(FaultRule::with_probability(0.3)),
        reset_before: Some(FaultRule::with_probability(0.1).only_methods(&["POST"])),
        ..Faults::default()
    });
    let client = client(&sim);
    let mut lost_secrets = 0;
    for i in 0..200 {
        let (key, lost) = create_reconciled(&client, &NewKey::named(format!("bulk-{i:03}"))).await;
        assert_eq!(key.name, format!("bulk-{i:03}"));
        lost_secrets += usize::from(lost);
    }
    let posts = logged(&sim, "POST").len();
    let mut per_name: HashMap<String, usize> = HashMap::new();
    for name in sim.key_names() {
        *per_name.entry(name).or_default() += 1;
    }
    assert_eq!(sim.key_count(), 200, "0 duplicates, none missing");
    assert!(
        per_name.values().all(|&n| n == 1),
        "a name was created twice"
    );
    // The faults really fired, in both directions.
    assert!(
        lost_secrets > 20,
        "only {lost_secrets} applied-but-lost creates"
    );
    assert!(
        posts > 200,
        "no create was retried after a reset before apply"
    );
}
