//! Warnings in the real window: a key created on the account outside
//! Keyhold is told as a desktop notification (a real notification server on
//! the test session bus) and in the alert centre after "Refresh now",
//! counted on the bell; dismissing it moves it to the past warnings.

use keyhold_e2e::accounts::account;
use keyhold_e2e::app::{dialog, Match, Role, Scope};
use keyhold_e2e::fixture::signed_in;
use keyhold_e2e::notifications::NotificationServer;
use keyhold_e2e::{step, Secrets};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_created_elsewhere_is_warned_of_and_dismissed() {
    let desktop = NotificationServer::start().await;
    let f = signed_in("alerts_outside_key", account()).await;
    let app = &f.app;
    step("the alert centre: the watch looked once at sign-in");
    let bell = app
        .wait_in(&Scope::Page, Role::Button, "Warnings", Match::Prefix)
        .await;
    app.click_el(&bell, "the warnings bell").await;
    app.wait_dialog("Warnings").await;
    app.wait_text("Watching.").await;

    step("a key created directly on the account, then Refresh now");
    let hash = f.sim.insert_keys(1, None).remove(0);
    let name = f.sim.key_snapshot(&hash).expect("the new key")["name"]
        .as_str()
        .expect("its name")
        .to_string();
    let title = format!("A key was created outside Keyhold: '{name}'");
    app.click_in(&dialog("Warnings"), Role::Button, "Refresh now")
        .await;
    app.wait_text(&title).await;
    app.screenshot("alert-centre").await;
    step("the desktop was told, with the key's name and no key string");
    let told = desktop.wait_for("created outside Keyhold").await;
    assert!(told.contains(&name), "{told}");
    assert_eq!(
        told.matches("member=Notify").count(),
        1,
        "one new warning, one notification: {told}"
    );
    assert!(!told.contains("sk-or-"), "{told}");
    let count = app
        .js(
            "return document.querySelectorAll('[aria-label=\"Active warnings\"] li').length;",
            vec![],
        )
        .await
        .as_u64()
        .expect("a count of warnings");
    assert!(count >= 1);
    app.wait_in(
        &Scope::Page,
        Role::Button,
        &format!("Warnings ({count})"),
        Match::Exact,
    )
    .await;

    step("dismiss it: it moves to the past warnings");
    app.js(
        "const li = [...document.querySelectorAll('[aria-label=\"Active warnings\"] li')]
           .find(l => l.textContent.includes(arguments[0]));
         li.querySelector('button:last-of-type').click();",
        vec![title.clone().into()],
    )
    .await;
    app.wait_text("Earlier").await;
    app.wait_in(
        &Scope::Page,
        Role::Button,
        &if count > 1 {
            format!("Warnings ({})", count - 1)
        } else {
            "Warnings".to_string()
        },
        Match::Exact,
    )
    .await;
    f.finish(Secrets::none()).await;
}
