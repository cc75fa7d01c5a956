//! Command-level tests: the operations behind every command, driven against
//! the real simulator over HTTP and the real OS keychain (a Secret Service
//! started by scripts/with-keyring.sh). Each test uses its own keychain entry.

use std::sync::Arc;
use std::time::Duration;

use openrouter_client::{Client, ClientConfig, KeyPatch};
use openrouter_sim::{Sim, SimConfig};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use super::{app, TestSession};
use crate::app_state::AppState;
use crate::clipboard::memory::MemoryClipboard;
use crate::clipboard::ClipboardAccess;
use crate::dto::*;
use crate::error::ErrorCode;
use crate::keychain::Keychain;

async fn sim(keys: usize) -> Sim {
    Sim::start(SimConfig {
        keys,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts")
}

fn keychain(test: &str) -> Keychain {
    Keychain::new(&format!("state-test-{test}-{}", std::process::id()))
}

fn state(sim: &Sim, kc: Keychain) -> AppState {
    app(kc, None, Some(sim.base_url()), |_| {})
}

async fn signed_in(sim: &Sim, test: &str) -> AppState {
    let st = state(sim, keychain(test));
    st.sign_in(SecretString::from(sim.management_key()), false)
        .await
        .expect("management key signs in");
    st
}

fn app_with_clipboard(sim: &Sim, test: &str, clear_after: Duration) -> AppState {
    let mut platform = crate::platform::Platform::new(Arc::new(keychain(test)));
    platform.clear_after = clear_after;
    AppState::new(
        Arc::new(platform),
        crate::app_state::Settings {
            api_base: Some(sim.base_url()),
            ..Default::default()
        },
    )
}

fn create_input(name: &str) -> CreateKeyInput {
    CreateKeyInput {
        name: name.to_string(),
        limit: Some("12.50".into()),
        limit_reset: Some(ResetPeriod::Monthly),
        include_byok_in_limit: false,
        expires_at: None,
        workspace_id: None,
    }
}

#[tokio::test]
async fn a_regular_key_is_refused_with_a_plain_message_and_not_stored() {
    let sim = sim(3).await;
    let kc = keychain("inference");
    let st = state(&sim, kc.clone());
    let err = st
        .sign_in(SecretString::from(sim.inference_key()), true)
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotManagementKey);
    assert!(err.message.contains("regular API key"), "{}", err.message);
    assert!(kc.load().unwrap().is_none(), "nothing may be stored");
    assert_eq!(
        st.session().err().map(|e| e.code),
        Some(ErrorCode::NotSignedIn)
    );
}

#[tokio::test]
async fn an_unknown_key_is_unauthorized() {
    let sim = sim(0).await;
    let st = state(&sim, keychain("unknown"));
    let bogus = format!("sk-or-v1-{}", "0".repeat(64));
    let err = st
        .sign_in(SecretString::from(bogus.clone()), false)
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthorized);
    assert!(!format!("{err:?}").contains(&bogus));
    let empty = st
        .sign_in(SecretString::from("  ".to_string()), false)
        .await
        .unwrap_err();
    assert_eq!(empty.field, Some(crate::error::Field::Key));
}

#[tokio::test]
async fn remembered_key_survives_restart_and_sign_out_removes_it() {
    let sim = sim(5).await;
    let kc = keychain("remember");
    let st = state(&sim, kc.clone());
    let info = st
        .sign_in(SecretString::from(sim.management_key()), true)
        .await
        .unwrap();
    assert_eq!(info.mode, SessionMode::Keychain);
    assert_eq!(
        kc.load().unwrap().unwrap().expose_secret(),
        sim.management_key()
    );

    // A new app instance finds the stored key; against this non-default API
    // it waits for the person's go-ahead, then signs in.
    let restarted = state(&sim, kc.clone());
    let startup = restarted.startup().await;
    assert!(startup.keychain.available);
    assert!(startup.stored_key_waiting && startup.session.is_none());
    let session = restarted.sign_in_stored().await.expect("restored session");
    assert_eq!(session.mode, SessionMode::Keychain);
    assert!(!format!("{session:?}").contains(&sim.management_key()));
    assert_eq!(restarted.s().list_keys(list_all()).await.unwrap().len(), 5);

    restarted.sign_out().await.unwrap();
    assert!(kc.load().unwrap().is_none(), "sign out deletes the entry");
    assert_eq!(
        restarted.session().err().map(|e| e.code),
        Some(ErrorCode::NotSignedIn)
    );
}

#[tokio::test]
async fn session_only_sign_in_stores_nothing() {
    let sim = sim(1).await;
    let kc = keychain("session-only");
    let st = state(&sim, kc.clone());
    let info = st
        .sign_in(SecretString::from(sim.management_key()), false)
        .await
        .unwrap();
    assert_eq!(info.mode, SessionMode::SessionOnly);
    assert!(kc.load().unwrap().is_none());
}

#[tokio::test]
async fn startup_without_a_stored_key_offers_the_demo_only_when_asked() {
    let sim = sim(0).await;
    let plain = state(&sim, keychain("no-key"));
    let info = plain.startup().await;
    assert!(info.session.is_none());
    assert!(!info.demo_requested);
    let readme_mode = app(keychain("no-key-demo"), None, Some(sim.base_url()), |s| {
        s.demo_if_no_key = true
    });
    assert!(readme_mode.startup().await.demo_requested);
}

fn list_all() -> ListKeysInput {
    ListKeysInput {
        workspace_id: None,
        include_disabled: true,
        include_expired: true,
    }
}

#[tokio::test]
async fn created_key_is_revealed_from_the_vault_then_wiped() {
    let sim = sim(0).await;
    let st = signed_in(&sim, "reveal").await;
    let created = st.s().create_key(create_input("Workshop 1")).await.unwrap();
    assert_eq!(created.key.limit, Some(12.5));
    assert_eq!(created.key.limit_reset.as_deref(), Some("monthly"));
    let secret = st.s().reveal_secret(&created.reveal_id).unwrap();
    assert!(secret.starts_with("sk-or-v1-"));
    // The view that crosses to the UI with the create result holds no key string.
    assert!(!serde_json::to_string(&created)
        .unwrap()
        .contains(secret.as_str()));
    let digest = hex(&Sha256::digest(secret.as_bytes()));
    assert_eq!(
        digest, created.key.hash,
        "the revealed string is this key's"
    );

    st.s().close_reveal(&created.reveal_id);
    assert_eq!(
        st.s().reveal_secret(&created.reveal_id).unwrap_err().code,
        ErrorCode::RevealGone
    );
    assert!(st.s().vault.is_empty());
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn copy_writes_the_clipboard_and_clears_it_later() {
    let sim = sim(0).await;
    let st = app_with_clipboard(&sim, "copy", Duration::from_millis(200));
    let cb = Arc::new(MemoryClipboard::default());
    st.platform.set_clipboard(cb.clone());
    st.sign_in(SecretString::from(sim.management_key()), false)
        .await
        .unwrap();
    let created = st
        .s()
        .create_key(create_input("Clipboard key"))
        .await
        .unwrap();
    let outcome = st.s().copy_secret(&created.reveal_id).unwrap();
    assert_eq!(outcome.clears_in_secs, 0);
    let secret = st.s().reveal_secret(&created.reveal_id).unwrap();
    assert_eq!(cb.read_text().as_deref(), Some(secret.as_str()));
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(cb.read_text(), None, "the clipboard is cleared");
    st.s().close_reveal(&created.reveal_id);
    assert_eq!(
        st.s().copy_secret(&created.reveal_id).unwrap_err().code,
        ErrorCode::RevealGone
    );
}

#[tokio::test]
async fn invalid_input_is_refused_before_any_request() {
    let sim = sim(0).await;
    let st = signed_in(&sim, "invalid").await;
    sim.clear_requests();
    let mut input = create_input("  ");
    assert_eq!(
        st.s().create_key(input.clone()).await.unwrap_err().field,
        Some(crate::error::Field::Name)
    );
    input.name = "ok".into();
    input.limit = Some("12.345".into());
    assert_eq!(
        st.s().create_key(input.clone()).await.unwrap_err().field,
        Some(crate::error::Field::Limit)
    );
    input.limit = None;
    input.expires_at = Some("2001-01-01T00:00:00Z".into());
    assert_eq!(
        st.s().create_key(input).await.unwrap_err().field,
        Some(crate::error::Field::ExpiresAt)
    );
    assert!(sim.requests().is_empty(), "no request may be sent");
}

fn edit_from(k: &KeyView) -> EditKeyInput {
    EditKeyInput {
        hash: k.hash.clone(),
        expected_updated_at: k.updated_at.clone(),
        name: k.name.clone(),
        limit: k.limit.map(|l| format!("{l:.2}")),
        limit_reset: match k.limit_reset.as_deref() {
            Some("daily") => Some(ResetPeriod::Daily),
            Some("weekly") => Some(ResetPeriod::Weekly),
            Some("monthly") => Some(ResetPeriod::Monthly),
            _ => None,
        },
        include_byok_in_limit: k.include_byok_in_limit,
        disabled: k.disabled,
        force: false,
    }
}

#[tokio::test]
async fn edit_clears_a_limit_and_detects_changes_made_elsewhere() {
    let sim = sim(0).await;
    let st = signed_in(&sim, "edit").await;
    let created = st.s().create_key(create_input("Finance")).await.unwrap();
    st.s().close_reveal(&created.reveal_id);
    let listed = st.s().list_keys(list_all()).await.unwrap();
    let key = listed.iter().find(|k| k.hash == created.key.hash).unwrap();

    // Unchanged form: nothing is sent.
    sim.clear_requests();
    let outcome = st.s().edit_key(edit_from(key)).await.unwrap();
    assert!(matches!(outcome, EditOutcome::Unchanged { .. }));
    assert!(sim.requests().iter().all(|r| r.method != "PATCH"));

    // Someone else renames the key while the form is open.
    let other = Client::new(
        ClientConfig::default().with_base_url(sim.base_url()),
        SecretString::from(sim.management_key()),
    )
    .unwrap();
    other
        .update_key(&key.hash, &KeyPatch::default().name("Finance (renamed)"))
        .await
        .unwrap();

    let mut form = edit_from(key);
    form.limit = None;
    let outcome = st.s().edit_key(form.clone()).await.unwrap();
    let EditOutcome::Conflict {
        current,
        changed_fields,
    } = outcome
    else {
        panic!("expected a conflict, got {outcome:?}");
    };
    assert_eq!(changed_fields, vec!["name".to_string()]);
    assert_eq!(current.name, "Finance (renamed)");
    assert_eq!(sim.key_snapshot(&key.hash).unwrap()["limit"], 12.5);

    // The person chooses to overwrite: the limit is cleared (sent as null).
    form.force = true;
    let EditOutcome::Saved { key: saved } = st.s().edit_key(form).await.unwrap() else {
        panic!("expected save");
    };
    assert_eq!(saved.limit, None);
    assert!(sim.key_snapshot(&key.hash).unwrap()["limit"].is_null());
    let patch = sim
        .requests()
        .into_iter()
        .rfind(|r| r.method == "PATCH")
        .unwrap();
    let body: serde_json::Value = serde_json::from_str(&patch.body).unwrap();
    assert!(body["limit"].is_null() && body.get("limit").is_some());
}

#[tokio::test]
async fn rotation_creates_a_twin_then_retires_the_old_key() {
    let sim = sim(0).await;
    let st = signed_in(&sim, "rotate").await;
    let old = st.s().create_key(create_input("Prod bot")).await.unwrap();
    st.s().close_reveal(&old.reveal_id);

    let new = st
        .s()
        .rotate_key(RotateInput {
            hash: old.key.hash.clone(),
            expiry: ExpiryChoice::At {
                expires_at: (chrono::Utc::now() + chrono::Duration::days(30))
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            },
        })
        .await
        .unwrap();
    assert_ne!(new.key.hash, old.key.hash);
    assert_eq!(new.key.name, "Prod bot");
    assert_eq!(new.key.limit, Some(12.5));
    assert_eq!(new.key.limit_reset.as_deref(), Some("monthly"));
    assert!(new.key.expires_at.is_some());
    assert!(st.s().reveal_secret(&new.reveal_id).is_ok());
    st.s().close_reveal(&new.reveal_id);

    // Grace period: the old key stays enabled and its retirement is planned.
    let planned = st
        .s()
        .retire_key(RetireInput {
            old_hash: old.key.hash.clone(),
            new_hash: new.key.hash.clone(),
            action: RetireAction::Grace {
                hours: 24,
                then: RetireStep::Disable,
            },
        })
        .await
        .unwrap();
    assert_eq!(planned.plans.len(), 1);
    assert_eq!(planned.plans[0].old_name, "Prod bot");
    assert!(!planned.plans[0].due);
    assert_eq!(sim.key_snapshot(&old.key.hash).unwrap()["disabled"], false);

    // Then disabling retires it and drops the reminder.
    let after = st
        .s()
        .retire_key(RetireInput {
            old_hash: old.key.hash.clone(),
            new_hash: new.key.hash.clone(),
            action: RetireAction::DisableNow,
        })
        .await
        .unwrap();
    assert!(after.plans.is_empty());
    assert_eq!(sim.key_snapshot(&old.key.hash).unwrap()["disabled"], true);

    st.s()
        .retire_key(RetireInput {
            old_hash: old.key.hash.clone(),
            new_hash: new.key.hash.clone(),
            action: RetireAction::DeleteNow,
        })
        .await
        .unwrap();
    assert!(sim.key_snapshot(&old.key.hash).is_none());
    assert!(sim.key_snapshot(&new.key.hash).is_some());
}

#[tokio::test]
async fn demo_mode_runs_on_the_embedded_simulator() {
    let kc = keychain("demo");
    let st = app(kc.clone(), None, None, |s| s.demo_requested = true);
    assert!(st.startup().await.demo_requested);
    let info = st.start_demo().await.unwrap();
    assert_eq!(info.mode, SessionMode::Demo);
    assert!(info.workspaces.len() >= 2, "demo has two workspaces");
    let keys = st.s().list_keys(list_all()).await.unwrap();
    assert!(keys.len() >= 20, "demo data is listed: {}", keys.len());
    st.sign_out().await.unwrap();
    assert!(
        kc.load().unwrap().is_none(),
        "the demo never writes the keychain"
    );
}

#[tokio::test]
async fn errors_from_every_flow_never_contain_the_management_key() {
    let sim = sim(0).await;
    let st = signed_in(&sim, "secrets").await;
    let mk = sim.management_key();
    let mut errors = vec![
        st.s().get_key("no-such-hash").await.unwrap_err(),
        st.s().delete_key("no-such-hash").await.unwrap_err(),
        st.s().reveal_secret("nope").unwrap_err(),
    ];
    errors.push(st.s().create_key(create_input("")).await.unwrap_err());
    for e in &errors {
        let shown = format!("{e:?} {e} {}", serde_json::to_string(e).unwrap());
        assert!(!shown.contains(&mk), "{shown}");
    }
    assert_eq!(errors[0].code, ErrorCode::NotFound);
}
