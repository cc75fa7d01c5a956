//! Bulk work on many keys: one limit change on 50 keys, names imported from a
//! CSV file, a shift-click range and a bulk delete.
//!
//! Each scenario signs in to its own workshop account (50 plain keys; the 30
//! workshop keys or the imported ones are put on the simulator when they are
//! only a precondition).

use std::collections::{HashMap, HashSet};

use keyhold_e2e::accounts::{with_workshop_keys, workshop, BULK_COUNT, PLAIN_KEYS, PLAIN_SEARCH};
use keyhold_e2e::app::{dialog, Match, Role};
use keyhold_e2e::audit::{entries, read_audit};
use keyhold_e2e::dialogs::{bulk_bar, bulk_edit, table_rows, wait_dialog_text, wait_table_rows};
use keyhold_e2e::fixture::signed_in_to;
use keyhold_e2e::keys_screen::{clear_search, wait_key_count};
use keyhold_e2e::sim_keys::create_key;
use keyhold_e2e::{eventually, step, Secrets};
use serde_json::{json, Value};

/// The names in the import file (with a semicolon and quotes in them).
const LAB: [&str; 3] = ["Lab; table 1", "Lab \"table\" 2", "Lab table 3"];

/// Search `key-0` → "Select all 50 filtered" → "Set limit…" $20 with a
/// monthly reset → preview of 50 changing rows → apply: the simulator has
/// limit 20 / monthly on all 50 (workshop keys untouched); audit.jsonl has
/// one bulk_update per key with its limit and reset.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_limit_and_reset_on_50() {
    let (sim, plain) = workshop().await;
    let workshop_keys = with_workshop_keys(&sim).await;
    let f = signed_in_to("bulk_limit_and_reset_on_50", sim).await;
    let app = &f.app;
    let total = PLAIN_KEYS + BULK_COUNT;
    step("select the 50 plain keys and cap them at $20 a month (one action)");
    let search = app.wait(Role::Textbox, "Search keys").await;
    app.type_into(&search, PLAIN_SEARCH).await;
    app.wait_text(&format!("{total} keys · {PLAIN_KEYS} shown"))
        .await;
    app.click(Role::Checkbox, &format!("Select all {PLAIN_KEYS} filtered"))
        .await;
    app.wait_text(&format!("{PLAIN_KEYS} selected")).await;
    bulk_edit(
        app,
        "Set limit…",
        || async {
            let be = dialog("Bulk edit");
            let change = app
                .wait_in(&be, Role::Combobox, "Change", Match::Exact)
                .await;
            assert_eq!(
                app.value_of(&change).await,
                "set_limit",
                "bulk edit: Change"
            );
            let l = app
                .wait_in(&be, Role::Textbox, "New spend limit (USD)", Match::Exact)
                .await;
            app.type_into(&l, "20").await;
            let r = app
                .wait_in(&be, Role::Combobox, "Limit resets", Match::Exact)
                .await;
            assert_eq!(
                app.value_of(&r).await,
                "keep",
                "bulk edit: a new limit keeps each key's reset unless told"
            );
            app.choose(&r, "Monthly").await;
        },
        PLAIN_KEYS,
        Some("bulk-edit-preview"),
    )
    .await;
    for h in &plain.hashes {
        let snap = f.sim.key_snapshot(h).expect("plain key");
        assert_eq!(
            snap["limit"].as_f64(),
            Some(20.0),
            "simulator: {} limit 20",
            snap["name"]
        );
        assert_eq!(
            snap["limit_reset"], "monthly",
            "simulator: {} monthly",
            snap["name"]
        );
    }
    for k in &workshop_keys {
        assert_eq!(
            f.sim.key_snapshot(&k.hash).unwrap()["limit"].as_f64(),
            Some(2.0),
            "simulator: {} untouched",
            k.name
        );
    }

    step("audit.jsonl: one bulk_update per key, with its limit and its reset");
    let plain_set: HashSet<&str> = plain.hashes.iter().map(String::as_str).collect();
    let audit = read_audit();
    let bulk: Vec<&Value> = entries(&audit, "bulk_update", None)
        .into_iter()
        .filter(|e| {
            e["key_hash"]
                .as_str()
                .is_some_and(|h| plain_set.contains(h))
        })
        .collect();
    assert_eq!(bulk.len(), PLAIN_KEYS, "audit: one entry per key");
    let hashes: HashSet<&str> = bulk
        .iter()
        .map(|e| {
            assert_eq!(e["outcome"], "ok", "audit: outcome: {e}");
            assert!(e["batch_id"].is_string(), "audit: batch id: {e}");
            let changes: Vec<(&str, &str)> = e["changes"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|c| {
                            (
                                c["field"].as_str().unwrap_or_default(),
                                c["after"].as_str().unwrap_or_default(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            assert_eq!(
                changes,
                [("limit", "20"), ("limit_reset", "monthly")],
                "audit: the limit and the reset after: {e}"
            );
            e["key_hash"].as_str().unwrap()
        })
        .collect();
    assert_eq!(hashes.len(), PLAIN_KEYS, "audit: each of the 50 keys once");
    f.finish(Secrets::none()).await;
}

/// "A list of names" → "Import CSV…" (BOM, header, semicolons, quotes, an
/// empty line) → the names with their own limits ($1.50, the form's $1, $3)
/// → preview → create 3 → batch reveal → the simulator and the audit log
/// hold the 3 keys.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_csv_names() {
    let (sim, _plain) = workshop().await;
    let f = signed_in_to("import_csv_names", sim).await;
    let app = &f.app;
    std::fs::write(
        f.dialog_dir.join("import.csv"),
        "\u{feff}Name;Limit\r\n\"Lab; table 1\";1,50\r\n\r\n\"Lab \"\"table\"\" 2\";\r\nLab table 3;$3\r\n",
    )
    .expect("write import.csv");
    app.click(Role::Button, "Bulk create…").await;
    let bc = dialog("Bulk create keys");
    app.wait_dialog("Bulk create keys").await;
    app.click_in(&bc, Role::Radio, "A list of names").await;
    app.click_in(&bc, Role::Button, "Import CSV…").await;
    let names_box = app
        .wait_in(&bc, Role::Textbox, "Names (one per line)", Match::Exact)
        .await;
    let want_text = LAB.join("\n");
    eventually("the imported names in the names box", || async {
        (app.value_of(&names_box).await == want_text).then_some(())
    })
    .await;
    wait_dialog_text(
        app,
        "Bulk create keys",
        "2 imported name(s) carry their own limit",
    )
    .await;
    let limit = app
        .wait_in(&bc, Role::Textbox, "Spend limit (USD)", Match::Exact)
        .await;
    app.type_into(&limit, "1").await;
    let reset = app
        .wait_in(&bc, Role::Combobox, "Limit resets", Match::Exact)
        .await;
    app.choose(&reset, "Never (one-off limit)").await;
    app.click_in(&bc, Role::Button, "Preview").await;
    let preview = wait_table_rows(app, "Keys to create", 3).await;
    let want_limits = ["$1.50", "$1.00", "$3.00"];
    for (i, r) in preview.iter().enumerate() {
        assert_eq!(r[1], LAB[i], "import preview row {}: name", i + 1);
        assert_eq!(r[2], want_limits[i], "import preview row {}: limit", i + 1);
        assert_eq!(r[4], "OK", "import preview row {}: check", i + 1);
    }
    app.click_in(&bc, Role::Button, "Create 3 keys").await;
    app.wait_dialog("Your new keys").await;
    eventually("3 rows in the batch reveal", || async {
        table_rows(app, "New keys").await.filter(|r| r.len() == 3)
    })
    .await;
    app.click_in(&dialog("Your new keys"), Role::Button, "I have saved them")
        .await;
    app.wait_dialog_gone("Your new keys").await;
    wait_dialog_text(app, "Bulk create keys", "Created 3 of 3 keys.").await;
    app.click_in(&bc, Role::Button, "Done").await;
    app.wait_dialog_gone("Bulk create keys").await;
    wait_key_count(app, PLAIN_KEYS + 3, "after the import").await;
    let audit = read_audit();
    let lab_keys: HashMap<&str, &str> = entries(&audit, "bulk_create", Some("ok"))
        .into_iter()
        .filter(|e| LAB.contains(&e["key_name"].as_str().unwrap_or_default()))
        .map(|e| {
            (
                e["key_name"].as_str().unwrap(),
                e["key_hash"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        lab_keys.len(),
        3,
        "audit: the 3 imported keys: {lab_keys:?}"
    );
    for (name, want) in LAB.iter().zip([1.5, 1.0, 3.0]) {
        let snap = f.sim.key_snapshot(lab_keys[name]).expect("imported key");
        assert_eq!(snap["name"], *name, "simulator: imported name");
        assert_eq!(
            snap["limit"].as_f64(),
            Some(want),
            "simulator: {name} limit"
        );
    }
    f.finish(Secrets::none()).await;
}

/// A row's checkbox, then Shift+click two rows down → the 3 rows are
/// selected; "Delete…" needs the number of keys typed (a wrong number keeps
/// Apply disabled) → the 3 keys are gone, one bulk_delete each in the audit log.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shift_click_range_and_bulk_delete() {
    let (sim, _plain) = workshop().await;
    let mut lab_keys: HashMap<String, String> = HashMap::new();
    for (name, limit) in LAB.iter().zip([1.5, 1.0, 3.0]) {
        let k = create_key(&sim, json!({ "name": name, "limit": limit })).await;
        lab_keys.insert(k.hash, k.name);
    }
    let f = signed_in_to("shift_click_range_and_bulk_delete", sim).await;
    let app = &f.app;
    let total = PLAIN_KEYS + 3;
    step("a checkbox, then shift-click two rows down → the range of 3 is selected");
    let search = app.wait(Role::Textbox, "Search keys").await;
    app.type_into(&search, "Lab").await;
    app.wait_text(&format!("{total} keys · 3 shown")).await;
    let order = eventually("the 3 Lab keys listed", || async {
        let v = app.visible_row_hashes().await;
        (v.len() == 3).then_some(v)
    })
    .await;
    let name_of = |h: &str| {
        lab_keys
            .get(h)
            .cloned()
            .unwrap_or_else(|| panic!("listed row {h} is not a Lab key"))
    };
    let first_box = app
        .wait(Role::Checkbox, &format!("Select {}", name_of(&order[0])))
        .await;
    app.click_el(&first_box, "the first row's checkbox").await;
    app.wait_text("1 selected").await;
    let last_box = app
        .wait(Role::Checkbox, &format!("Select {}", name_of(&order[2])))
        .await;
    app.shift_click(&last_box, "the third row's checkbox").await;
    app.wait_text("3 selected").await;
    let middle = app
        .wait(Role::Checkbox, &format!("Select {}", name_of(&order[1])))
        .await;
    assert!(
        app.is_checked(&middle).await,
        "shift-click: the row between is selected too"
    );

    step("Delete… the 3 selected: type the number of keys to confirm");
    app.click_in(&bulk_bar(), Role::Button, "Delete…").await;
    let be = dialog("Bulk edit");
    app.wait_dialog("Bulk edit").await;
    app.click_in(&be, Role::Button, "Preview").await;
    eventually("the delete preview with 3 rows", || async {
        table_rows(app, "Changes to apply")
            .await
            .filter(|r| r.len() == 3 && r.iter().all(|c| c[3] == "Will change"))
    })
    .await;
    let apply = app
        .wait_in(&be, Role::Button, "Apply to 3 keys", Match::Exact)
        .await;
    assert!(
        !app.is_enabled(&apply).await,
        "bulk delete: Apply is disabled until the number is typed"
    );
    let count_box = app
        .wait_in(
            &be,
            Role::Textbox,
            "type the number of keys",
            Match::Contains,
        )
        .await;
    app.type_into(&count_box, "2").await;
    assert!(
        !app.is_enabled(&apply).await,
        "bulk delete: a wrong number keeps Apply disabled"
    );
    app.type_into(&count_box, "3").await;
    app.click_in(&be, Role::Button, "Apply to 3 keys").await;
    wait_dialog_text(app, "Bulk edit", "3 of 3 keys.").await;
    app.click_in(&be, Role::Button, "Done").await;
    app.wait_dialog_gone("Bulk edit").await;
    for (h, name) in &lab_keys {
        assert!(
            f.sim.key_snapshot(h).is_none(),
            "simulator: {name} deleted by the bulk delete"
        );
    }
    let deletes = entries(&read_audit(), "bulk_delete", Some("ok")).len();
    assert_eq!(deletes, 3, "audit: one bulk_delete per key");
    clear_search(app).await;
    wait_key_count(app, PLAIN_KEYS, "after the bulk delete").await;
    f.finish(Secrets::none()).await;
}
