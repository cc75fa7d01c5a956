//! Keyhold's window on the desktop: with "Keep watching when the window is
//! closed" off, closing the window quits; the next start puts the window
//! back where and how large it was. Started at login, it goes to the tray
//! without a window.

use keyhold_e2e::app::{dialog, Role};
use keyhold_e2e::desktop::{app_processes, click_in_warnings, main_window, shown_windows, Display};
use keyhold_e2e::fixture::signed_in;
use keyhold_e2e::{eventually, scan, step, Secrets};
use openrouter_sim::SimConfig;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_watching_closing_quits_and_the_window_comes_back_as_it_was() {
    let config = SimConfig {
        keys: 2,
        ..SimConfig::default()
    };
    let mut f = signed_in("desktop_window_state", config).await;
    let app = &f.app;

    step("switch off keep watching");
    click_in_warnings(app, "Settings…").await;
    let keep = app
        .wait(Role::Checkbox, "Keep watching when the window is closed")
        .await;
    app.click_el(&keep, "keep watching").await;
    app.click_in(&dialog("Warning settings"), Role::Button, "Save")
        .await;
    app.wait_text("Saved.").await;

    step("move and resize the window, then close it: Keyhold quits");
    let x = Display::open();
    let window = main_window(&x).await;
    let (want_x, want_y, want_w, want_h) = (40, 30, 900, 620);
    x.move_resize(window, want_x, want_y, want_w as u32, want_h as u32);
    eventually("the window at its new place and size", || async {
        (x.geometry(window) == (want_x, want_y, want_w, want_h)).then_some(())
    })
    .await;
    assert_eq!(app_processes().len(), 1);
    x.ask_to_close(window);
    eventually("Keyhold to quit", || async {
        app_processes().is_empty().then_some(())
    })
    .await;
    let saved = scan::app_dirs()
        .iter()
        .map(|d| d.join(".window-state.json"))
        .find_map(|p| std::fs::read_to_string(p).ok())
        .expect("the window's state was saved at exit");
    let saved: serde_json::Value = serde_json::from_str(&saved).expect("the state is JSON");
    assert_eq!(saved["main"]["width"], want_w, "{saved}");
    assert_eq!(saved["main"]["x"], want_x, "{saved}");

    step("the next start restores the window's place and size");
    f.restart().await;
    let window = main_window(&x).await;
    eventually("the window where it was left", || async {
        (x.geometry(window) == (want_x, want_y, want_w, want_h)).then_some(())
    })
    .await;
    f.finish(Secrets::none()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn started_at_login_it_goes_to_the_tray_when_there_is_something_to_watch() {
    let config = SimConfig {
        keys: 2,
        ..SimConfig::default()
    };
    let mut f = signed_in("desktop_at_login", config).await;
    let x = Display::open();
    main_window(&x).await;

    step("at login with the demo to watch (keep watching is on by default): no window");
    f.restart_with_args(&["--at-login", "--demo"]).await;
    assert_eq!(app_processes().len(), 1, "Keyhold runs");
    // The page runs in the hidden window: the demo's keys are listed.
    f.app.wait_text("Demo — simulated account").await;
    assert!(shown_windows(&x).is_empty(), "no window on screen");
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert!(shown_windows(&x).is_empty(), "still no window on screen");

    step("at login with no key stored: the window shows, to sign in");
    f.restart_with_args(&["--at-login"]).await;
    main_window(&x).await;
    f.app.wait(Role::Textbox, "Management key").await;
    f.finish(Secrets::none()).await;
}
