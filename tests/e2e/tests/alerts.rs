//! Warnings in the real window: a key created on the account outside
//! Keyhold is told as a desktop notification (a real notification server on
//! the test session bus) and in the alert centre after "Refresh now",
//! counted on the bell; dismissing it moves it to the past warnings. With
//! the window closed Keyhold stays in the tray and keeps telling, a click on
//! the notification opens the key's page, and a second launch brings the
//! first one's window back.

use std::process::Stdio;
use std::time::{Duration, Instant};

use keyhold_e2e::accounts::{account, with_created_key, NEW_KEY};
use keyhold_e2e::app::{dialog, Match, Role, Scope};
use keyhold_e2e::desktop::{app_processes, click_in_warnings, main_window, Display};
use keyhold_e2e::fixture::{signed_in, sim};
use keyhold_e2e::notifications::NotificationServer;
use keyhold_e2e::{app_binary, eventually, step, Fixture, Secrets};
use openrouter_sim::SimConfig;
use tokio::process::Command;

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_it_keeps_watching_from_the_tray_and_a_second_launch_shows_it() {
    let desktop = NotificationServer::start().await;
    let sim = sim(SimConfig {
        keys: 3,
        ..SimConfig::default()
    })
    .await;
    let key = with_created_key(&sim).await;
    let watch_secs = ("KEYHOLD_WATCH_SECS", "2".to_string());
    let f = Fixture::launch_with("alerts_keep_watching", sim, &[watch_secs]).await;
    f.sign_in(false).await;
    let app = &f.app;

    step("the setting is on by default, with a tray to stay in");
    click_in_warnings(app, "Settings…").await;
    let keep = app
        .wait(Role::Checkbox, "Keep watching when the window is closed")
        .await;
    assert!(
        app.is_checked(&keep).await,
        "keep watching is on by default"
    );
    assert!(
        keep.is_enabled().await.unwrap(),
        "the test desktop has a tray"
    );
    let login = app
        .wait(Role::Checkbox, "Start Keyhold when I log in")
        .await;
    assert!(
        !app.is_checked(&login).await,
        "start at login is off by default"
    );
    app.click_in(&dialog("Warning settings"), Role::Button, "Close")
        .await;

    step("close the window as a window manager would: hidden, still running");
    let x = Display::open();
    let window = main_window(&x).await;
    let running = app_processes();
    assert_eq!(running.len(), 1, "one Keyhold: {running:?}");
    x.ask_to_close(window);
    eventually("the window to be hidden", || async {
        (!x.is_shown(window)).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        app_processes(),
        running,
        "Keyhold keeps running in the tray"
    );

    step("a crossing while the window is closed is still told on the desktop");
    // Only this warning on screen, so the click below lands on it.
    desktop.close_all();
    assert!(f.sim.add_spend(&key.hash, 8.5, false));
    let told = desktop.wait_for(&format!("'{NEW_KEY}' has used")).await;
    assert!(told.contains("(85 %)"), "{told}");

    step("a click on the notification brings the window back on that key's page");
    desktop.click_newest().await;
    eventually("the window to be shown by the click", || async {
        x.is_shown(window).then_some(())
    })
    .await;
    app.wait_text("Daily spend, last 30 completed days, by model")
        .await;
    app.wait_in(&Scope::Page, Role::Button, "← Back to keys", Match::Exact)
        .await;
    let heading = app
        .js(
            "return document.querySelector('h1')?.textContent ?? '';",
            vec![],
        )
        .await;
    assert_eq!(heading.as_str(), Some(NEW_KEY), "the key's page opened");
    app.screenshot("opened-from-notification").await;

    step("the warning's own answer: Raise the limit… opens the key's edit dialog");
    click_in_warnings(app, "Raise the limit…").await;
    app.wait_dialog("Edit key").await;
    let name = app.wait(Role::Textbox, "Name").await;
    assert_eq!(app.value_of(&name).await, NEW_KEY);
    app.click_in(&dialog("Edit key"), Role::Button, "Cancel")
        .await;
    app.wait_dialog_gone("Edit key").await;

    step("closed again, for the second launch");
    x.ask_to_close(window);
    eventually("the window to be hidden again", || async {
        (!x.is_shown(window)).then_some(())
    })
    .await;

    step("a second launch hands over to the first and shows its window");
    let started = Instant::now();
    let status = Command::new(app_binary())
        .env("KEYHOLD_API_BASE", f.sim.base_url())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .await
        .expect("the second launch runs");
    assert!(
        status.success(),
        "the second launch exits cleanly: {status}"
    );
    assert!(started.elapsed() < Duration::from_secs(20));
    eventually("the first window to be shown again", || async {
        x.is_shown(window).then_some(())
    })
    .await;
    assert_eq!(app_processes(), running, "still the one first Keyhold");
    app.wait_in(&Scope::Page, Role::Button, "Warnings", Match::Prefix)
        .await;
    f.finish(Secrets::none()).await;
}
