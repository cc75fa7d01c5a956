//! Keyhold end to end: the real app window over WebDriver, against the
//! simulator running in this process, with a real Secret Service.
//!
//! Run with (see tests/e2e/README.md):
//! `scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1280x800x24" cargo test -p keyhold-e2e -- --test-threads=1`
//!
//! `a_account_script` is the issue's script, steps 1–10 and 12, in order in
//! one app/driver/simulator (keychain state carries over between its steps);
//! `b_demo_mode` is step 11 and stands alone; `c_bulk_and_finance` covers
//! issue #4 (bulk create with faults, batch reveal, CSV exports, bulk edit,
//! audit log; see `bulk/mod.rs`).

mod bulk;

use std::time::Duration;

use chrono::{DateTime, Utc};
use keyhold_e2e::app::{dialog, row, Match, Role, Scope};
use keyhold_e2e::{
    app_binary, eventually, eventually_for, keychain, one_app_at_a_time, require_environment, scan,
    step, App, Driver,
};
use openrouter_sim::{Sim, SimConfig};
use serde_json::Value;

const ACCOUNT_KEYS: usize = 250;
const NEW_KEY: &str = "e2e-build-server";
const SEARCHED: &str = "key-0042";
const DEMO_BANNER: &str = "Demo — simulated account, nothing is sent to OpenRouter";

/// Waits for the keys screen to say it lists `n` keys: the count text
/// ("250 keys") or the table's `aria-rowcount` (with or without its header row).
async fn wait_key_count(app: &App, n: usize, what: &str) {
    let text = format!("{n} keys");
    eventually(&format!("{what}: the keys screen to show {text:?}"), || async {
        let body = app.body_text().await;
        if body.contains(&text) {
            return Some(());
        }
        let counts = app
            .js(
                "return Array.from(document.querySelectorAll('[aria-rowcount]')).map((e) => Number(e.getAttribute('aria-rowcount')));",
                vec![],
            )
            .await;
        let hit = counts.as_array().is_some_and(|a| {
            a.iter()
                .any(|c| c.as_u64() == Some(n as u64) || c.as_u64() == Some(n as u64 + 1))
        });
        hit.then_some(())
    })
    .await
}

/// Types into "Search keys" and waits until a row named `name` is visible.
async fn search_for(app: &App, name: &str) -> Vec<String> {
    let search = app.wait(Role::Textbox, "Search keys").await;
    app.type_into(&search, name).await;
    eventually(&format!("a row named {name:?} after searching"), || async {
        let hashes = app.row_hashes(name).await;
        (!hashes.is_empty()).then_some(hashes)
    })
    .await
}

async fn clear_search(app: &App) {
    let search = app.wait(Role::Textbox, "Search keys").await;
    app.set_value(&search, "").await;
}

async fn snapshot(sim: &Sim, hash: &str) -> Value {
    sim.key_snapshot(hash)
        .unwrap_or_else(|| panic!("the simulator has no key {hash}"))
}

async fn wait_sim<F>(sim: &Sim, hash: &str, what: &str, ok: F) -> Value
where
    F: Fn(&Value) -> bool,
{
    eventually(&format!("simulator: {what}"), || async {
        let snap = sim.key_snapshot(hash)?;
        ok(&snap).then_some(snap)
    })
    .await
}

/// The reveal dialog's key field once "Show" was clicked.
async fn shown_secret(app: &App) -> String {
    eventually("the key string (sk-or-v1-…) to be shown in the reveal dialog", || async {
        let v = app
            .js(
                r#"const ds = Array.from(document.querySelectorAll('[role=dialog],[role=alertdialog]'));
                   const d = ds[ds.length - 1]; if (!d) return null;
                   for (const el of d.querySelectorAll('input, textarea')) if ((el.value || '').startsWith('sk-or-v1-')) return el.value;
                   for (const el of d.querySelectorAll('code, pre, span, p, div'))
                     if (el.children.length === 0 && /^sk-or-v1-[0-9a-f]{16,}$/.test((el.textContent || '').trim())) return el.textContent.trim();
                   return null;"#,
                vec![],
            )
            .await;
        v.as_str().map(str::to_string)
    })
    .await
}

fn clipboard_text() -> Option<String> {
    let out = std::process::Command::new("xclip")
        .args(["-selection", "clipboard", "-o"])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Reveal dialog: Show (returns the string), optionally Copy and check the
/// system clipboard, then "I have saved it" and check the string left the page.
async fn reveal_and_close(app: &App, screen: &str, copy: bool) -> String {
    let reveal = dialog("Your new key");
    app.wait_dialog("Your new key").await;
    app.screenshot(screen).await;
    app.click_in(&reveal, Role::Button, "Show").await;
    let secret = shown_secret(app).await;
    assert!(
        secret.starts_with("sk-or-v1-"),
        "reveal: the shown key should start with sk-or-v1-"
    );
    app.screenshot(&format!("{screen}-shown")).await;
    // Control for the leak check below: while shown, the dump does hold it.
    assert!(
        app.dom_dump().await.contains(&secret),
        "reveal: the DOM dump should contain the key while it is shown (else the leak check proves nothing)"
    );
    if copy {
        app.click_in(&reveal, Role::Button, "Copy").await;
        let on_clipboard = eventually_for(
            Duration::from_secs(10),
            "the system clipboard (xclip) to hold the new key after Copy",
            || async { clipboard_text().filter(|t| t.trim() == secret) },
        )
        .await;
        assert_eq!(on_clipboard.trim(), secret, "Copy: clipboard content");
        app.wait_text("Copied").await;
    }
    app.click_in(&reveal, Role::Button, "I have saved it").await;
    app.wait_dialog_gone("Your new key").await;
    // The string must be gone from the page as soon as the dialog closes.
    app.assert_not_in_page(&secret, "the new key string", "after \"I have saved it\"")
        .await;
    secret
}

fn parse_time(v: &Value) -> DateTime<Utc> {
    let s = v.as_str().unwrap_or_else(|| panic!("not a time: {v}"));
    DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("bad time {s:?}: {e}"))
        .with_timezone(&Utc)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_account_script() {
    require_environment();
    let _serial = one_app_at_a_time().await;
    let binary = app_binary();

    let sim = Sim::start(SimConfig {
        keys: ACCOUNT_KEYS,
        seed: 7,
        ..SimConfig::default()
    })
    .await
    .expect("start the simulator");
    let management_key = sim.management_key();
    let mut new_secrets: Vec<String> = Vec::new();

    // A known keychain state: nothing stored.
    keychain::delete_stored_key().await;
    assert_eq!(
        keychain::stored_key().await,
        None,
        "setup: keychain entry removed"
    );

    let driver = Driver::start("account", &binary, &[("KEYHOLD_API_BASE", sim.base_url())]);
    let app = App::launch(&driver, &[]).await;

    // ---- 1. A regular API key gets a plain error; nothing is stored --------
    step("1. wrong key type → plain error, nothing stored");
    let key_field = app.wait(Role::Textbox, "Management key").await;
    app.screenshot("sign-in").await;
    for other in ["Paste from clipboard", "Try the demo"] {
        app.wait(Role::Button, other).await;
    }
    app.type_into(&key_field, &sim.inference_key()).await;
    app.click(Role::Button, "Sign in").await;
    app.wait_text("regular API key").await;
    app.screenshot("sign-in-error").await;
    assert_eq!(
        keychain::stored_key().await,
        None,
        "step 1: a rejected (inference) key must not be written to the keychain"
    );

    // ---- 2. Sign in with the management key, remembered ---------------------
    step("2. sign in with the management key, remembered → 250 keys, keychain entry");
    let key_field = app.wait(Role::Textbox, "Management key").await;
    app.type_into(&key_field, &management_key).await;
    let remember = app.wait(Role::Checkbox, "Remember on this computer").await;
    if !app.is_checked(&remember).await {
        app.click_el(&remember, "\"Remember on this computer\"")
            .await;
    }
    assert!(
        app.is_checked(&remember).await,
        "step 2: \"Remember on this computer\" should be checked"
    );
    app.click(Role::Button, "Sign in").await;
    wait_key_count(&app, ACCOUNT_KEYS, "step 2").await;
    app.screenshot("keys-list").await;
    for control in ["New key", "Refresh", "Sign out"] {
        app.wait(Role::Button, control).await;
    }
    app.wait(Role::Checkbox, "Show disabled and expired").await;
    assert_eq!(
        keychain::stored_key().await.as_deref(),
        Some(management_key.as_str()),
        "step 2: the keychain entry Keyhold/management-key should hold the management key"
    );
    // 12 (after sign-in): the management key is nowhere in the page.
    app.assert_not_in_page(
        &management_key,
        "the management key",
        "step 12, after sign-in",
    )
    .await;

    // ---- 3. Search -----------------------------------------------------------
    step("3. search for one key");
    let hashes = search_for(&app, SEARCHED).await;
    assert_eq!(hashes.len(), 1, "step 3: exactly one row named {SEARCHED}");
    // Step 3: while searching, only the matching row is visible.
    eventually(
        &format!("step 3: only the row of {SEARCHED:?} to be visible while searching"),
        || async { (app.visible_row_hashes().await == hashes).then_some(()) },
    )
    .await;
    let shown = format!("{ACCOUNT_KEYS} keys · 1 shown");
    let count_text = app.wait_text(&shown).await;
    assert!(
        count_text.contains(&shown),
        "step 3: the count should read {shown:?} while searching"
    );
    app.screenshot("search").await;
    clear_search(&app).await;
    wait_key_count(&app, ACCOUNT_KEYS, "step 3, search cleared").await;

    // ---- 4. Create with limit, monthly reset and 30-day expiry ---------------
    step("4. create a key (limit 10, monthly, 30 days) and reveal it once");
    app.click(Role::Button, "New key").await;
    let create = dialog("New key");
    app.wait_dialog("New key").await;
    let name = app
        .wait_in(&create, Role::Textbox, "Name", Match::Exact)
        .await;
    app.type_into(&name, NEW_KEY).await;
    let limit = app
        .wait_in(&create, Role::Textbox, "Spend limit", Match::Prefix)
        .await;
    app.type_into(&limit, "10").await;
    let reset = app
        .wait_in(&create, Role::Combobox, "Limit resets", Match::Prefix)
        .await;
    app.choose(&reset, "Monthly").await;
    let expiry = app
        .wait_in(&create, Role::Combobox, "Expiry", Match::Prefix)
        .await;
    app.choose(&expiry, "In 30 days").await;
    app.screenshot("create-dialog").await;
    let before_create = Utc::now();
    app.click_in(&create, Role::Button, "Create key").await;
    let secret = reveal_and_close(&app, "reveal-dialog", true).await;
    new_secrets.push(secret);

    let hashes = search_for(&app, NEW_KEY).await;
    assert_eq!(hashes.len(), 1, "step 4: one row named {NEW_KEY}");
    let created_hash = hashes[0].clone();
    let snap = snapshot(&sim, &created_hash).await;
    assert_eq!(snap["name"], NEW_KEY, "step 4: simulator name");
    assert_eq!(
        snap["limit"].as_f64(),
        Some(10.0),
        "step 4: simulator limit = 10"
    );
    assert_eq!(
        snap["limit_reset"], "monthly",
        "step 4: simulator limit_reset"
    );
    let expires = parse_time(&snap["expires_at"]);
    let want = before_create + chrono::Duration::days(30);
    let off = (expires - want).num_minutes().abs();
    assert!(
        off <= 24 * 60,
        "step 4: expires_at {expires} should be about now + 30 days ({want}); off by {off} min"
    );
    assert_eq!(snap["disabled"], false, "step 4: new key enabled");

    // ---- 5. Edit: clear the limit -----------------------------------------------
    step("5. edit the key and clear its limit");
    app.click_in(
        &row(&created_hash),
        Role::Button,
        &format!("Edit {NEW_KEY}"),
    )
    .await;
    let edit = dialog("Edit key");
    app.wait_dialog("Edit key").await;
    let limit = app
        .wait_in(&edit, Role::Textbox, "Spend limit", Match::Prefix)
        .await;
    assert_eq!(
        app.value_of(&limit).await,
        "10",
        "step 5: the edit form should show the current limit"
    );
    app.screenshot("edit-dialog").await;
    if app
        .exists(&edit, Role::Button, "Clear limit", Match::Exact)
        .await
    {
        app.click_in(&edit, Role::Button, "Clear limit").await;
    } else {
        app.set_value(&limit, "").await;
    }
    app.click_in(&edit, Role::Button, "Save").await;
    app.wait_dialog_gone("Edit key").await;
    wait_sim(
        &sim,
        &created_hash,
        "limit cleared (null) after Edit → Save",
        |s| s["limit"].is_null(),
    )
    .await;

    // ---- 6. Disable (and enable again, so the rotation below is of a live key) --
    step("6. disable the key, then enable it again");
    app.click_in(
        &row(&created_hash),
        Role::Button,
        &format!("Disable {NEW_KEY}"),
    )
    .await;
    wait_sim(&sim, &created_hash, "disabled = true after Disable", |s| {
        s["disabled"] == true
    })
    .await;
    app.screenshot("disabled").await;
    let enable_name = format!("Enable {NEW_KEY}");
    let enable_scope = row(&created_hash);
    let mut toggled_show_disabled = false;
    let found = app
        .appears_within(
            &enable_scope,
            Role::Button,
            &enable_name,
            Duration::from_secs(5),
        )
        .await;
    if !found {
        // Disabled keys are hidden by default: show them.
        app.click(Role::Toggle, "Show disabled and expired").await;
        toggled_show_disabled = true;
    }
    app.click_in(&enable_scope, Role::Button, &enable_name)
        .await;
    wait_sim(&sim, &created_hash, "disabled = false after Enable", |s| {
        s["disabled"] == false
    })
    .await;
    if toggled_show_disabled {
        app.click(Role::Toggle, "Show disabled and expired").await;
    }

    // ---- 7. Rotate with a 24 h grace period ------------------------------------
    step("7. rotate with a grace period");
    app.click_in(
        &row(&created_hash),
        Role::Button,
        &format!("Rotate {NEW_KEY}"),
    )
    .await;
    app.wait_dialog("Rotate").await;
    app.screenshot("rotate-dialog").await;
    app.click_in(&dialog("Rotate"), Role::Button, "Create replacement")
        .await;
    let secret = reveal_and_close(&app, "rotate-reveal", false).await;
    new_secrets.push(secret);
    // The retire step: keep the old key working for 24 hours.
    let retire = dialog("Retire the old key");
    app.wait_dialog("Retire the old key").await;
    app.click_in(&retire, Role::Radio, "Keep for a grace period")
        .await;
    let hours = app
        .wait_in(&retire, Role::Combobox, "Grace period", Match::Exact)
        .await;
    app.choose(&hours, "24 hours").await;
    app.screenshot("rotate-retire").await;
    app.click_in(&retire, Role::Button, "Confirm").await;
    app.wait_dialog_gone("Retire the old key").await;
    let same_name = eventually(
        "the simulator to hold two keys with the rotated name",
        || async {
            let n = sim.key_names().iter().filter(|n| *n == NEW_KEY).count();
            (n == 2).then_some(n)
        },
    )
    .await;
    assert_eq!(
        same_name, 2,
        "step 7: old and replacement key share the name"
    );
    assert_eq!(
        snapshot(&sim, &created_hash).await["disabled"],
        false,
        "step 7: the old key stays enabled during its grace period"
    );
    let reminder = eventually("a retire reminder for the old key in the app", || async {
        let text = app
            .js(
                "const r = document.querySelector('[aria-label=\"Retire reminders\"]'); return r ? r.innerText : null;",
                vec![],
            )
            .await;
        text.as_str()
            .filter(|t| t.contains(NEW_KEY))
            .map(str::to_string)
    })
    .await;
    assert!(
        reminder.contains("kept working until"),
        "step 7: the reminder should say until when the old key is kept (it says: {reminder})"
    );
    app.screenshot("rotate-reminder").await;

    // ---- 8. Delete the old key ----------------------------------------------------
    step("8. delete the rotated-out key");
    clear_search(&app).await;
    let hashes = search_for(&app, NEW_KEY).await;
    assert!(
        hashes.contains(&created_hash),
        "step 8: the old key's row ({created_hash}) should still be listed"
    );
    app.click_in(
        &row(&created_hash),
        Role::Button,
        &format!("Delete {NEW_KEY}"),
    )
    .await;
    let delete = dialog("Delete");
    app.wait_dialog("Delete").await;
    if let Some(field) = app.find(&delete, Role::Textbox, "", Match::Contains).await {
        app.type_into(&field, NEW_KEY).await;
    }
    app.screenshot("delete-confirm").await;
    let confirm = eventually("the Delete confirm button", || async {
        for name in ["Delete", "Delete key", &format!("Delete {NEW_KEY}")] {
            if let Some(el) = app.find(&delete, Role::Button, name, Match::Exact).await {
                return Some(el);
            }
        }
        None
    })
    .await;
    app.click_el(&confirm, "the Delete confirm button").await;
    app.wait_dialog_gone("Delete").await;
    eventually("simulator: the deleted key's hash to be gone", || async {
        sim.key_snapshot(&created_hash).is_none().then_some(())
    })
    .await;
    clear_search(&app).await;

    // ---- 9. Restart: still signed in ------------------------------------------------
    step("9. restart the app → still signed in");
    app.close().await;
    let app = App::launch(&driver, &[]).await;
    let expected = sim.key_count();
    wait_key_count(&app, expected, "step 9, after restart").await;
    assert!(
        !app.exists(&Scope::Page, Role::Textbox, "Management key", Match::Exact)
            .await,
        "step 9: no key should be asked for after a restart with a remembered key"
    );
    app.screenshot("restarted").await;
    app.assert_not_in_page(
        &management_key,
        "the management key",
        "step 12, after restart",
    )
    .await;

    // ---- 10. Sign out ----------------------------------------------------------------
    step("10. sign out → keychain entry removed, sign-in screen");
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
    assert!(gone, "step 10: keychain entry removed");

    // ---- 12. Secrets scan (end) -------------------------------------------------------
    step("12. secrets scan: page, app data/config/cache dirs, logs");
    app.assert_not_in_page(&management_key, "the management key", "step 12, at the end")
        .await;
    app.close().await;
    let log = driver.log.clone();
    let app_log = driver.app_log.clone();
    drop(driver);
    let mut needles: Vec<(String, String)> =
        vec![("the management key".into(), management_key.clone())];
    for (i, s) in new_secrets.iter().enumerate() {
        needles.push((format!("created key #{}", i + 1), s.clone()));
    }
    let mut scanned = 0;
    for dir in scan::app_dirs() {
        for (what, secret) in &needles {
            let (hits, read) = scan::files_containing(&dir, secret.as_bytes());
            scanned += read;
            assert!(
                hits.is_empty(),
                "step 12: {what} was written to disk: {hits:?}"
            );
        }
    }
    step(&format!(
        "scanned {scanned} file reads under the app's XDG dirs"
    ));
    assert!(
        scanned > 0,
        "step 12: no file of the app was found to scan under {:?}",
        scan::app_dirs()
    );
    let app_output = std::fs::read_to_string(&app_log).unwrap_or_default();
    assert!(
        app_output.contains(keyhold_e2e::driver::LAUNCH_MARKER),
        "step 12: the app's output was not captured in {}",
        app_log.display()
    );
    for file in [&log, &app_log] {
        for (what, secret) in &needles {
            assert!(
                !scan::file_contains(file, secret.as_bytes()),
                "step 12: {what} appears in the output log {}",
                file.display()
            );
        }
    }
    // The simulator never saw the key in a body or query either.
    for r in sim.requests() {
        assert!(
            !r.body.contains(&management_key)
                && !r.query.as_deref().unwrap_or("").contains(&management_key),
            "step 12: the management key was sent in a request body or query: {} {}",
            r.method,
            r.path
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn b_demo_mode() {
    require_environment();
    let _serial = one_app_at_a_time().await;
    let binary = app_binary();
    step("11. demo mode");
    let driver = Driver::start("demo", &binary, &[]);
    let app = App::launch(&driver, &["--demo"]).await;
    app.wait_text(DEMO_BANNER).await;
    let rows = eventually("demo keys to be listed (rows with data-hash)", || async {
        let rows = app.visible_row_hashes().await;
        (!rows.is_empty()).then_some(rows)
    })
    .await;
    assert!(!rows.is_empty(), "step 11: the demo lists keys");
    let body = app.body_text().await;
    assert!(
        body.contains(" keys"),
        "step 11: the demo shows a key count (page text: {body:.400})"
    );
    app.screenshot("demo").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn c_bulk_and_finance() {
    bulk::bulk_and_finance().await;
}
