//! No secret is left behind: the management key and a new key string, over a
//! remembered sign-in, a create with reveal and copy, a restart and a sign-out.
//!
//! (Every scenario ends with the same scan, over what it did; this one walks
//! the whole life of a session so that its scan covers all of it at once.)

use keyhold_e2e::accounts::{account, NEW_KEY};
use keyhold_e2e::app::{dialog, Match, Role};
use keyhold_e2e::fixture::signed_in_remembered;
use keyhold_e2e::keys_screen::{reveal_and_close, wait_key_count};
use keyhold_e2e::{eventually, keychain, step, Secrets};

/// Sign in (remembered) → create and reveal a key (copied) → restart → sign
/// out: the management key is in no page along the way; at the end neither
/// it nor the new key string is in the app's files, the logs, or any request
/// body or query the simulator received.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_never_leak() {
    let mut f = signed_in_remembered("secrets_never_leak", account()).await;
    let mk = f.management_key.clone();
    f.app
        .assert_not_in_page(&mk, "the management key", "after sign-in")
        .await;

    step("create a key and reveal it once");
    let app = &f.app;
    app.click(Role::Button, "New key").await;
    let create = dialog("New key");
    app.wait_dialog("New key").await;
    let name = app
        .wait_in(&create, Role::Textbox, "Name", Match::Exact)
        .await;
    app.type_into(&name, NEW_KEY).await;
    app.click_in(&create, Role::Button, "Create key").await;
    let secret = reveal_and_close(app, "session-reveal", true).await;
    app.assert_not_in_page(&mk, "the management key", "after the reveal")
        .await;

    let sent_before = f.sim.requests().len();
    f.restart().await;
    f.use_stored_key_after_restart(sent_before).await;
    wait_key_count(&f.app, f.sim.key_count(), "after restart").await;
    f.app
        .assert_not_in_page(&mk, "the management key", "after restart")
        .await;

    step("sign out");
    let app = &f.app;
    app.click(Role::Button, "Sign out").await;
    app.wait_dialog("Sign out").await;
    app.click_in(&dialog("Sign out"), Role::Button, "Sign out and remove key")
        .await;
    app.wait(Role::Textbox, "Management key").await;
    eventually(
        "the keychain entry to be removed after sign-out",
        || async { keychain::stored_key().await.is_none().then_some(()) },
    )
    .await;
    f.finish(Secrets::none().with("the created key", &secret))
        .await;
}
