//! Signing in and out, staying signed in across a restart, and demo mode.
//!
//! Each scenario starts the app anew on a fresh profile and keychain entry
//! (see tests/e2e/README.md for how to run them).

use keyhold_e2e::accounts::{account, ACCOUNT_KEYS};
use keyhold_e2e::app::{dialog, Match, Role, Scope};
use keyhold_e2e::fixture::{demo, signed_in_remembered, signed_out};
use keyhold_e2e::keys_screen::wait_key_count;
use keyhold_e2e::{eventually, keychain, step, Secrets};

const DEMO_BANNER: &str = "Demo — simulated account, nothing is sent to OpenRouter";

/// A regular (inference) API key is refused with a plain error and is not stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_rejects_inference_key() {
    let f = signed_out("sign_in_rejects_inference_key", account()).await;
    let app = &f.app;
    step("the sign-in screen: key field, paste and demo buttons");
    let key_field = app.wait(Role::Textbox, "Management key").await;
    app.screenshot("sign-in").await;
    for other in ["Paste from clipboard", "Try the demo"] {
        app.wait(Role::Button, other).await;
    }
    step("an inference key → plain error, nothing stored");
    let inference_key = f.sim.inference_key();
    app.type_into(&key_field, &inference_key).await;
    app.click(Role::Button, "Sign in").await;
    app.wait_text("regular API key").await;
    app.screenshot("sign-in-error").await;
    assert_eq!(
        keychain::stored_key().await,
        None,
        "a rejected (inference) key must not be written to the keychain"
    );
    f.finish(Secrets::none().with("the rejected inference key", &inference_key))
        .await;
}

/// The management key with "Remember on this computer": the keys screen
/// lists the account and the keychain entry `Keyhold`/`management-key` holds it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_remembers_key_in_keychain() {
    let f = signed_out("sign_in_remembers_key_in_keychain", account()).await;
    let app = &f.app;
    step("sign in with the management key, remembered");
    let key_field = app.wait(Role::Textbox, "Management key").await;
    app.type_into(&key_field, &f.management_key).await;
    let remember = app.wait(Role::Checkbox, "Remember on this computer").await;
    if !app.is_checked(&remember).await {
        app.click_el(&remember, "\"Remember on this computer\"")
            .await;
    }
    assert!(
        app.is_checked(&remember).await,
        "\"Remember on this computer\" should be checked"
    );
    app.click(Role::Button, "Sign in").await;
    wait_key_count(app, ACCOUNT_KEYS, "after sign-in").await;
    app.screenshot("keys-list").await;
    for control in ["New key", "Refresh", "Sign out"] {
        app.wait(Role::Button, control).await;
    }
    app.wait(Role::Checkbox, "Show disabled and expired").await;
    assert_eq!(
        keychain::stored_key().await.as_deref(),
        Some(f.management_key.as_str()),
        "the keychain entry Keyhold/management-key should hold the management key"
    );
    app.assert_not_in_page(&f.management_key, "the management key", "after sign-in")
        .await;
    f.finish(Secrets::none()).await;
}

/// After a restart with a remembered key the keys are listed without typing
/// the key again; against a non-default API (the simulator) only after the
/// person agrees to send the stored key there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_keeps_session() {
    let mut f = signed_in_remembered("restart_keeps_session", account()).await;
    let sent_before = f.sim.requests().len();
    f.restart().await;
    f.use_stored_key_after_restart(sent_before).await;
    let app = &f.app;
    wait_key_count(app, f.sim.key_count(), "after restart").await;
    assert!(
        !app.exists(&Scope::Page, Role::Textbox, "Management key", Match::Exact)
            .await,
        "no key should be asked for after a restart with a remembered key"
    );
    app.screenshot("restarted").await;
    app.assert_not_in_page(&f.management_key, "the management key", "after restart")
        .await;
    f.finish(Secrets::none()).await;
}

/// Sign out → confirm → the keychain entry is gone and the sign-in screen is back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_removes_keychain_entry() {
    let f = signed_in_remembered("sign_out_removes_keychain_entry", account()).await;
    let app = &f.app;
    assert!(
        keychain::stored_key().await.is_some(),
        "setup: a remembered sign-in stores the key"
    );
    app.click(Role::Button, "Sign out").await;
    let confirm = dialog("Sign out");
    app.wait_dialog("Sign out").await;
    app.screenshot("sign-out-confirm").await;
    app.click_in(&confirm, Role::Button, "Sign out and remove key")
        .await;
    app.wait_dialog_gone("Sign out").await;
    app.wait(Role::Textbox, "Management key").await;
    app.screenshot("signed-out").await;
    let gone = eventually(
        "the keychain entry to be removed after sign-out",
        || async { keychain::stored_key().await.is_none().then_some(true) },
    )
    .await;
    assert!(gone, "keychain entry removed");
    f.finish(Secrets::none()).await;
}

/// `--demo`: the demo banner, and demo keys with a count.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_mode_banner() {
    let d = demo("demo_mode_banner").await;
    let app = &d.app;
    app.wait_text(DEMO_BANNER).await;
    let rows = eventually("demo keys to be listed (rows with data-hash)", || async {
        let rows = app.visible_row_hashes().await;
        (!rows.is_empty()).then_some(rows)
    })
    .await;
    assert!(!rows.is_empty(), "the demo lists keys");
    let body = app.body_text().await;
    assert!(
        body.contains(" keys"),
        "the demo shows a key count (page text: {body:.400})"
    );
    app.screenshot("demo").await;
    d.finish().await;
}
