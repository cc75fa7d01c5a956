//! One key at a time: search, create and reveal, edit, disable and enable,
//! rotate with a grace period, delete.
//!
//! Each scenario signs in to its own simulated account (250 plain keys); a key
//! it works on that it does not create itself is put on the simulator first.

use std::time::Duration;

use chrono::Utc;
use keyhold_e2e::accounts::{account, with_created_key, ACCOUNT_KEYS, NEW_KEY};
use keyhold_e2e::app::{dialog, row, Match, Role};
use keyhold_e2e::fixture::{signed_in, signed_in_to, sim, Fixture};
use keyhold_e2e::keys_screen::{
    clear_search, delete_confirm_button, parse_time, reveal_and_close, row_action, search_for,
    snapshot, wait_key_count, wait_sim,
};
use keyhold_e2e::sim_keys::create_named;
use keyhold_e2e::{eventually, step, Secrets};

const SEARCHED: &str = "key-0042";

/// Searching shows "250 keys · 1 shown" and only the matching row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_shows_only_matching_row() {
    let f = signed_in("search_shows_only_matching_row", account()).await;
    let app = &f.app;
    let hashes = search_for(app, SEARCHED).await;
    assert_eq!(hashes.len(), 1, "exactly one row named {SEARCHED}");
    eventually(
        &format!("only the row of {SEARCHED:?} to be visible while searching"),
        || async { (app.visible_row_hashes().await == hashes).then_some(()) },
    )
    .await;
    let shown = format!("{ACCOUNT_KEYS} keys · 1 shown");
    let count_text = app.wait_text(&shown).await;
    assert!(
        count_text.contains(&shown),
        "the count should read {shown:?} while searching"
    );
    app.screenshot("search").await;
    clear_search(app).await;
    wait_key_count(app, ACCOUNT_KEYS, "search cleared").await;
    f.finish(Secrets::none()).await;
}

/// New key (limit 10, monthly, 30 days) → reveal → Show → Copy (system
/// clipboard) → "I have saved it" → the string is gone from DOM and web
/// storage; the simulator holds the key as asked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_reveal_copy_then_wiped() {
    let f = signed_in("create_reveal_copy_then_wiped", account()).await;
    let app = &f.app;
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
    let secret = reveal_and_close(app, "reveal-dialog", true).await;

    let hashes = search_for(app, NEW_KEY).await;
    assert_eq!(hashes.len(), 1, "one row named {NEW_KEY}");
    let snap = snapshot(&f.sim, &hashes[0]);
    assert_eq!(snap["name"], NEW_KEY, "simulator name");
    assert_eq!(snap["limit"].as_f64(), Some(10.0), "simulator limit = 10");
    assert_eq!(snap["limit_reset"], "monthly", "simulator limit_reset");
    let expires = parse_time(&snap["expires_at"]);
    let want = before_create + chrono::Duration::days(30);
    let off = (expires - want).num_minutes().abs();
    assert!(
        off <= 24 * 60,
        "expires_at {expires} should be about now + 30 days ({want}); off by {off} min"
    );
    assert_eq!(snap["disabled"], false, "new key enabled");
    f.finish(Secrets::none().with("the created key", &secret))
        .await;
}

/// Edit shows the current limit; "Clear limit" → Save → the simulator's limit is null.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edit_clears_limit() {
    let sim = sim(account()).await;
    let key = with_created_key(&sim).await;
    let f = signed_in_to("edit_clears_limit", sim).await;
    let app = &f.app;
    search_for(app, NEW_KEY).await;
    row_action(app, &key.hash, "Edit", NEW_KEY).await;
    let edit = dialog("Edit key");
    app.wait_dialog("Edit key").await;
    let limit = app
        .wait_in(&edit, Role::Textbox, "Spend limit", Match::Prefix)
        .await;
    assert_eq!(
        app.value_of(&limit).await,
        "10",
        "the edit form should show the current limit"
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
        &f.sim,
        &key.hash,
        "limit cleared (null) after Edit → Save",
        |s| s["limit"].is_null(),
    )
    .await;
    f.finish(Secrets::none()).await;
}

/// Disable a key that spent this week → a confirmation names the spend →
/// Disable → the simulator's key is disabled → Undo → enabled again; then
/// Disable once more and Enable from its row (showing disabled keys if they
/// are hidden).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disable_and_enable() {
    let sim = sim(account()).await;
    let key = with_created_key(&sim).await;
    assert!(sim.add_spend(&key.hash, 3.2, false));
    let f = signed_in_to("disable_and_enable", sim).await;
    let app = &f.app;
    search_for(app, NEW_KEY).await;
    let confirm = dialog("Disable key");
    let disable_confirmed = || async {
        row_action(app, &key.hash, "Disable", NEW_KEY).await;
        app.wait_dialog("Disable key").await;
        app.click_in(&confirm, Role::Button, "Disable").await;
        app.wait_dialog_gone("Disable key").await;
        wait_sim(&f.sim, &key.hash, "disabled = true after Disable", |s| {
            s["disabled"] == true
        })
        .await;
    };
    step("a key with spend asks first, and nothing is sent before the yes");
    row_action(app, &key.hash, "Disable", NEW_KEY).await;
    app.wait_dialog("Disable key").await;
    app.wait_text("spent $3.20 this week; disabling stops it at once")
        .await;
    app.screenshot("disable-confirm").await;
    assert_eq!(snapshot(&f.sim, &key.hash)["disabled"], false);
    app.click_in(&confirm, Role::Button, "Cancel").await;
    app.wait_dialog_gone("Disable key").await;
    assert_eq!(snapshot(&f.sim, &key.hash)["disabled"], false);

    step("disable, then Undo");
    disable_confirmed().await;
    app.click(Role::Button, &format!("Undo: enable {NEW_KEY} again"))
        .await;
    wait_sim(&f.sim, &key.hash, "disabled = false after Undo", |s| {
        s["disabled"] == false
    })
    .await;

    step("disable, then Enable from the row");
    disable_confirmed().await;
    app.screenshot("disabled").await;
    let enable_name = format!("Enable {NEW_KEY}");
    let enable_scope = row(&key.hash);
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
    wait_sim(&f.sim, &key.hash, "disabled = false after Enable", |s| {
        s["disabled"] == false
    })
    .await;
    if toggled_show_disabled {
        app.click(Role::Toggle, "Show disabled and expired").await;
    }
    f.finish(Secrets::none()).await;
}

/// Rotate → Create replacement → reveal → retire with a 24-hour grace period:
/// two keys share the name, the old one stays enabled and listed as
/// "Replaced · retiring …", and the plan says until when it keeps working.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotate_with_grace_keeps_old_key() {
    let sim = sim(account()).await;
    let old = with_created_key(&sim).await;
    let f = signed_in_to("rotate_with_grace_keeps_old_key", sim).await;
    let app = &f.app;
    search_for(app, NEW_KEY).await;
    row_action(app, &old.hash, "Rotate", NEW_KEY).await;
    app.wait_dialog("Rotate").await;
    app.screenshot("rotate-dialog").await;
    app.click_in(&dialog("Rotate"), Role::Button, "Create replacement")
        .await;
    let secret = reveal_and_close(app, "rotate-reveal", false).await;
    step("retire the old key: keep it for 24 hours");
    let retire = dialog("Retire the old key");
    app.wait_dialog("Retire the old key").await;
    app.click_in(&retire, Role::Radio, "Keep it working for a grace period")
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
            let n = f.sim.key_names().iter().filter(|n| *n == NEW_KEY).count();
            (n == 2).then_some(n)
        },
    )
    .await;
    assert_eq!(same_name, 2, "old and replacement key share the name");
    assert_eq!(
        snapshot(&f.sim, &old.hash)["disabled"],
        false,
        "the old key stays enabled during its grace period"
    );
    let reminder = eventually("the retirement plan of the old key in the app", || async {
        let text = app
            .js(
                "const r = document.querySelector('[aria-label=\"Retiring keys\"]'); return r ? r.innerText : null;",
                vec![],
            )
            .await;
        text.as_str()
            .filter(|t| t.contains(NEW_KEY))
            .map(str::to_string)
    })
    .await;
    assert!(
        reminder.contains("keeps working until") && reminder.contains("then Keyhold disables it"),
        "the plan should say until when the old key works (it says: {reminder})"
    );
    eventually("the old key's status to say it is retiring", || async {
        let text = app.row_text(&old.hash).await?;
        text.contains("Replaced · retiring").then_some(())
    })
    .await;
    app.screenshot("rotate-reminder").await;
    clear_search(app).await;
    let hashes = search_for(app, NEW_KEY).await;
    assert!(
        hashes.contains(&old.hash),
        "the old key's row ({}) should still be listed",
        old.hash
    );
    f.finish(Secrets::none().with("the replacement key", &secret))
        .await;
}

/// Rotate → retire after a grace period of "1 hour", which the developer
/// switch makes 3 seconds: the old key is listed as retiring, then Keyhold
/// disables it on its own and says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotate_with_grace_disables_the_old_key_when_it_ends() {
    let sim = sim(account()).await;
    let old = with_created_key(&sim).await;
    let name = "rotate_with_grace_disables_the_old_key_when_it_ends";
    let f = Fixture::launch_with(name, sim, &[("KEYHOLD_GRACE_HOUR_SECS", "3".into())]).await;
    f.sign_in(false).await;
    let app = &f.app;
    search_for(app, NEW_KEY).await;
    row_action(app, &old.hash, "Rotate", NEW_KEY).await;
    app.wait_dialog("Rotate").await;
    app.click_in(&dialog("Rotate"), Role::Button, "Create replacement")
        .await;
    let secret = reveal_and_close(app, "rotate-short-grace-reveal", false).await;
    let retire = dialog("Retire the old key");
    app.wait_dialog("Retire the old key").await;
    app.click_in(&retire, Role::Radio, "Keep it working for a grace period")
        .await;
    let hours = app
        .wait_in(&retire, Role::Combobox, "Grace period", Match::Exact)
        .await;
    app.choose(&hours, "1 hour").await;
    app.click_in(&retire, Role::Button, "Confirm").await;
    app.wait_dialog_gone("Retire the old key").await;
    wait_sim(
        &f.sim,
        &old.hash,
        "the old key disabled when the grace ends",
        |s| s["disabled"] == true,
    )
    .await;
    app.wait_text("Keyhold disabled the old key").await;
    app.screenshot("retired-notice").await;
    let replacement = f.sim.key_names().iter().filter(|n| *n == NEW_KEY).count();
    assert_eq!(replacement, 2, "the replacement is kept");
    f.finish(Secrets::none().with("the replacement key", &secret))
        .await;
}

/// Deleting the rotated-out one of two keys with the same name (typing its
/// name if asked): it is gone from the simulator, the other one stays.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_key() {
    let sim = sim(account()).await;
    let old = with_created_key(&sim).await;
    let replacement = create_named(&sim, NEW_KEY).await;
    let f = signed_in_to("delete_key", sim).await;
    let app = &f.app;
    let hashes = search_for(app, NEW_KEY).await;
    assert!(
        hashes.contains(&old.hash),
        "the old key's row ({}) should be listed",
        old.hash
    );
    row_action(app, &old.hash, "Delete", NEW_KEY).await;
    let confirm = delete_confirm_button(app, NEW_KEY).await;
    app.screenshot("delete-confirm").await;
    app.click_el(&confirm, "the Delete confirm button").await;
    app.wait_dialog_gone("Delete").await;
    eventually("simulator: the deleted key's hash to be gone", || async {
        f.sim.key_snapshot(&old.hash).is_none().then_some(())
    })
    .await;
    assert!(
        f.sim.key_snapshot(&replacement.hash).is_some(),
        "the other key with the same name is kept"
    );
    clear_search(app).await;
    wait_key_count(app, f.sim.key_count(), "after the delete").await;
    f.finish(Secrets::none()).await;
}
