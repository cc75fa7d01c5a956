//! No error text, Debug output or user message ever shows a key string.

use std::collections::HashSet;
use std::time::Duration;

use openrouter_client::{
    Client, ClientConfig, Error, ErrorCode, ExposeSecret, KeyPatch, ListOptions, NewKey,
    RetryPolicy, SecretString,
};
use openrouter_sim::{
    FaultRule, Faults, RateLimitFault, ServerErrorFault, SimConfig, SlowBodyFault,
};

use crate::common::*;

const ALL_CODES: [ErrorCode; 12] = [
    ErrorCode::Unauthorized,
    ErrorCode::NotManagementKey,
    ErrorCode::Forbidden,
    ErrorCode::NotFound,
    ErrorCode::RateLimited,
    ErrorCode::Server,
    ErrorCode::BadRequest,
    ErrorCode::Timeout,
    ErrorCode::Offline,
    ErrorCode::InvalidResponse,
    ErrorCode::CreateOutcomeUnknown,
    ErrorCode::Config,
];

fn assert_clean(texts: &[String], secrets: &[&str]) {
    for text in texts {
        for secret in secrets {
            assert!(!text.contains(secret), "secret leaked in: {text}");
        }
    }
}

fn renderings(e: &Error) -> Vec<String> {
    vec![
        e.to_string(),
        format!("{e:?}"),
        format!("{e:#?}"),
        e.user_message(),
    ]
}

#[tokio::test]
async fn no_error_or_debug_output_contains_a_key() {
    let management = fake_key("9a");
    let sim = sim_with(SimConfig {
        keys: 2,
        management_key: Some(management.clone()),
        ..SimConfig::default()
    })
    .await;
    let fast = config(&sim).with_retry(RetryPolicy {
        max_attempts: 2,
        ..RetryPolicy::fast()
    });
    let admin = Client::new(fast.clone(), SecretString::from(management.clone())).unwrap();
    let created = admin
        .create_key(&NewKey::named("secret holder"))
        .await
        .unwrap();
    let secret = created.secret.expose_secret().to_string();
    let hash = created.key.hash.clone();
    let secrets = [management.as_str(), secret.as_str()];
    assert_clean(&[format!("{created:?}"), format!("{admin:?}")], &secrets);

    // The created key is an inference key: a client using it meets 403s.
    let inference = Client::new(fast.clone(), SecretString::from(secret.clone())).unwrap();
    assert_clean(&[format!("{inference:?}")], &secrets);

    let mut errors: Vec<Error> = Vec::new();
    errors.push(
        inference
            .list_keys(&ListOptions::default())
            .await
            .unwrap_err(),
    );
    errors.push(inference.create_key(&NewKey::named("x")).await.unwrap_err());
    errors.push(admin.get_key(&"0".repeat(64)).await.unwrap_err());
    errors.push(admin.update_key(&hash, &KeyPatch::new()).await.unwrap_err());
    errors.push(admin.create_key(&NewKey::named("")).await.unwrap_err());

    sim.set_faults(Faults {
        rate_limit: Some(RateLimitFault {
            rule: FaultRule::always(),
            retry_after_secs: 0,
        }),
        ..Faults::default()
    });
    errors.push(admin.credits().await.unwrap_err());
    sim.set_faults(Faults {
        server_error: Some(ServerErrorFault {
            rule: FaultRule::always(),
            status: 503,
            retry_after_secs: None,
        }),
        ..Faults::default()
    });
    errors.push(admin.current_key().await.unwrap_err());
    sim.set_faults(Faults {
        reset_after_create: Some(FaultRule::always()),
        ..Faults::default()
    });
    errors.push(admin.create_key(&NewKey::named("lost")).await.unwrap_err());
    sim.set_faults(Faults {
        malformed_json: Some(FaultRule::always()),
        ..Faults::default()
    });
    errors.push(admin.get_key(&hash).await.unwrap_err());
    errors.push(
        admin
            .create_key(&NewKey::named("garbled"))
            .await
            .unwrap_err(),
    );
    sim.set_faults(Faults {
        slow_body: Some(SlowBodyFault {
            rule: FaultRule::always(),
            duration_ms: 1_000,
        }),
        ..Faults::default()
    });
    let impatient = Client::new(
        fast.clone()
            .with_timeouts(Duration::from_secs(1), Duration::from_millis(200)),
        SecretString::from(management.clone()),
    )
    .unwrap();
    errors.push(impatient.credits().await.unwrap_err());
    sim.set_faults(Faults::none());

    // The created key, once deleted, is rejected outright.
    admin.delete_key(&hash).await.unwrap();
    errors.push(inference.current_key().await.unwrap_err());

    let offline = Client::new(
        ClientConfig::default()
            .with_base_url(format!("http://127.0.0.1:{}/api/v1", closed_port()))
            .with_retry(RetryPolicy::none()),
        SecretString::from(secret.clone()),
    )
    .unwrap();
    errors.push(offline.credits().await.unwrap_err());
    errors.push(
        Client::new(
            ClientConfig::default().with_base_url("http://openrouter.ai/api/v1"),
            SecretString::from(management.clone()),
        )
        .unwrap_err(),
    );
    errors.push(
        Client::new(
            ClientConfig::default(),
            SecretString::from(format!("{secret}\nX")),
        )
        .unwrap_err(),
    );
    // No simulator answer is a plain 403 "forbidden"; build one as the server would word it.
    errors.push(Error::Forbidden {
        message: Some("Workspace access denied".into()),
    });

    let seen: HashSet<ErrorCode> = errors.iter().map(Error::code).collect();
    for code in ALL_CODES {
        assert!(seen.contains(&code), "no {code} error was produced");
    }
    for e in &errors {
        assert_clean(&renderings(e), &secrets);
    }
}
