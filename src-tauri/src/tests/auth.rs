//! Signing in and out: what may be sent where, and what is wiped when.

use std::sync::Arc;
use std::time::Duration;

use openrouter_sim::{Sim, SimConfig};
use secrecy::SecretString;

use super::{app, TestSession};
use crate::app_state::AppState;
use crate::clipboard::memory::MemoryClipboard;
use crate::clipboard::ClipboardAccess;
use crate::dto::*;
use crate::dto_bulk::*;
use crate::error::{ErrorCode, Field};
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
    Keychain::new(&format!("auth-test-{test}-{}", std::process::id()))
}

fn with_clipboard(st: &AppState) -> Arc<MemoryClipboard> {
    let cb = Arc::new(MemoryClipboard::default());
    st.platform.set_clipboard(cb.clone());
    cb
}

#[tokio::test]
async fn a_stored_key_is_never_sent_to_a_non_default_api_without_asking() {
    let sim = sim(2).await;
    let kc = keychain("waiting");
    kc.save(&SecretString::from(sim.management_key())).unwrap();
    let st = app(kc.clone(), None, Some(sim.base_url()), |_| {});
    sim.clear_requests();
    let info = st.startup().await;
    assert!(info.stored_key_waiting);
    assert!(info.session.is_none());
    assert_eq!(info.api_base.as_deref(), Some(sim.base_url().as_str()));
    assert!(
        sim.requests().is_empty(),
        "nothing was sent before the person agreed"
    );
    let session = st.sign_in_stored().await.unwrap();
    assert_eq!(session.api_base.as_deref(), Some(sim.base_url().as_str()));
    assert!(sim.requests().iter().any(|r| r.path == "/api/v1/key"));
    kc.delete().unwrap();
}

#[tokio::test]
async fn clipboard_sign_in_refuses_what_is_not_a_key_and_sends_nothing() {
    let sim = sim(0).await;
    let st = app(keychain("clip-shape"), None, Some(sim.base_url()), |_| {});
    let cb = with_clipboard(&st);
    sim.clear_requests();
    for text in [
        "my shopping list",
        "Bearer sk-or-v1-abc",
        "sk-or-",
        "sk-or-v1-abc def",
    ] {
        cb.write_secret(text).unwrap();
        let err = st.sign_in_from_clipboard(false).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{text}");
        assert_eq!(err.field, Some(Field::Key));
        assert!(err.message.contains("sk-or-"), "{}", err.message);
        assert_eq!(cb.read_text().as_deref(), Some(text), "left as it was");
    }
    assert!(
        sim.requests().is_empty(),
        "no text was sent as a bearer token"
    );
    assert!(st.session().is_err());
}

#[tokio::test]
async fn clipboard_sign_in_clears_the_key_from_the_clipboard() {
    let sim = sim(1).await;
    let st = app(keychain("clip-clear"), None, Some(sim.base_url()), |_| {});
    let cb = with_clipboard(&st);
    cb.write_secret(&format!("  {}\n", sim.management_key()))
        .unwrap();
    let info = st.sign_in_from_clipboard(false).await.unwrap();
    assert_eq!(info.mode, SessionMode::SessionOnly);
    assert_eq!(
        cb.read_text(),
        None,
        "the management key is gone from the clipboard"
    );
}

async fn signed_in_with_copy(sim: &Sim, test: &str) -> (AppState, Arc<MemoryClipboard>, String) {
    let st = app(keychain(test), None, Some(sim.base_url()), |_| {});
    let cb = with_clipboard(&st);
    st.sign_in(SecretString::from(sim.management_key()), false)
        .await
        .unwrap();
    let created = st
        .s()
        .create_key(CreateKeyInput {
            name: "Copied".into(),
            limit: None,
            limit_reset: None,
            include_byok_in_limit: false,
            expires_at: None,
            workspace_id: None,
        })
        .await
        .unwrap();
    st.s().copy_secret(&created.reveal_id).unwrap();
    let secret = st.s().reveal_secret(&created.reveal_id).unwrap();
    assert_eq!(cb.read_text().as_deref(), Some(secret.as_str()));
    (st, cb, created.reveal_id)
}

#[tokio::test]
async fn sign_out_clears_a_pending_copy_and_wipes_reveals() {
    let sim = sim(0).await;
    let (st, cb, reveal_id) = signed_in_with_copy(&sim, "signout-clip").await;
    let session = st.s();
    st.sign_out().await.unwrap();
    assert_eq!(cb.read_text(), None, "the copied key left with the session");
    assert_eq!(
        session.reveal_secret(&reveal_id).unwrap_err().code,
        ErrorCode::RevealGone
    );
}

#[tokio::test]
async fn quitting_clears_a_pending_copy_and_wipes_reveals() {
    let sim = sim(0).await;
    let (st, cb, reveal_id) = signed_in_with_copy(&sim, "quit-clip").await;
    let session = st.s();
    st.shutdown();
    assert_eq!(cb.read_text(), None);
    assert!(session.vault.is_empty());
    assert!(session.reveal_secret(&reveal_id).is_err());
    assert!(st.session().is_err());
}

#[tokio::test]
async fn a_batch_in_flight_at_sign_out_writes_only_into_its_own_log() {
    let sim = sim(0).await;
    sim.set_latency(Duration::from_millis(300));
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let st = app(
        keychain("batch-log"),
        Some(data.clone()),
        Some(sim.base_url()),
        |_| {},
    );
    st.sign_in(SecretString::from(sim.management_key()), false)
        .await
        .unwrap();
    let names: Vec<BulkName> = (0..3)
        .map(|i| BulkName {
            name: format!("In flight {i}"),
            limit: None,
        })
        .collect();
    let batch = st
        .s()
        .start_bulk_create(BulkCreateInput {
            names,
            limit: None,
            limit_reset: None,
            include_byok_in_limit: false,
            expires_at: None,
            workspace_id: None,
        })
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    st.sign_out().await.unwrap();
    st.start_demo().await.unwrap();
    assert_eq!(
        st.s().batch_status(&batch).unwrap_err().code,
        ErrorCode::BatchNotFound
    );
    tokio::time::sleep(Duration::from_millis(900)).await;
    let demo_log = st.s().list_audit(&AuditFilter::default()).await.unwrap();
    assert!(
        demo_log.iter().all(|e| e.batch_id.is_none()),
        "the demo's log holds nothing of the other session's batch"
    );
    let real_log = std::fs::read_to_string(data.join("audit.jsonl")).unwrap_or_default();
    assert!(
        real_log.contains("In flight"),
        "the rows in flight were recorded in their own log"
    );
}

fn key_list_requests(sim: &Sim) -> usize {
    sim.requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path.ends_with("/keys"))
        .count()
}

async fn signed_in_plain(sim: &Sim, test: &str) -> AppState {
    let st = app(keychain(test), None, Some(sim.base_url()), |_| {});
    st.sign_in(SecretString::from(sim.management_key()), false)
        .await
        .expect("signs in");
    st
}

fn default_list(st: &AppState) -> ListKeysInput {
    ListKeysInput {
        workspace_id: st.s().info.default_workspace_id.clone(),
        include_disabled: false,
        include_expired: false,
    }
}

#[tokio::test]
async fn the_key_list_is_asked_for_as_soon_as_the_key_works() {
    let sim = sim(5).await;
    let st = signed_in_plain(&sim, "first-list").await;
    // The walk has begun before the window asks for anything.
    wait_for_early_walk(&sim).await;
    assert_eq!(key_list_requests(&sim), 1);
    let keys = st.s().list_keys(default_list(&st)).await.unwrap();
    assert_eq!(keys.len(), 5);
    assert_eq!(
        key_list_requests(&sim),
        1,
        "the window's first list is that walk"
    );
    // Every later list asks OpenRouter again.
    sim.delete_key(&keys[0].hash);
    let again = st.s().list_keys(default_list(&st)).await.unwrap();
    assert_eq!(again.len(), 4);
    assert_eq!(key_list_requests(&sim), 2);
}

#[tokio::test]
async fn a_first_list_of_another_kind_is_asked_for_anew() {
    let sim = sim(3).await;
    let st = signed_in_plain(&sim, "first-list-other").await;
    wait_for_early_walk(&sim).await;
    sim.insert_keys(2, None);
    let mut everything = default_list(&st);
    everything.include_disabled = true;
    everything.include_expired = true;
    let keys = st.s().list_keys(everything).await.unwrap();
    assert_eq!(keys.len(), 5, "listed now, not at sign-in");
    assert_eq!(key_list_requests(&sim), 2, "the early walk and this one");
}

/// Until the walk started at sign-in has been answered.
async fn wait_for_early_walk(sim: &Sim) {
    let started = std::time::Instant::now();
    while key_list_requests(sim) == 0 && started.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // One page of a handful of keys: answered well within this.
    tokio::time::sleep(Duration::from_millis(200)).await;
}
