//! Money and records: the key list CSV export, the audit log screen (its
//! filters and export) and the account overview.
//!
//! Each scenario signs in to its own workshop account: 50 plain keys (two
//! with spend) and the 30 workshop keys, put on the simulator directly.

use std::collections::HashMap;

use keyhold_e2e::accounts::{with_workshop_keys, workshop, BULK_COUNT, PLAIN_KEYS, PLAIN_SEARCH};
use keyhold_e2e::app::{dialog, Match, Role};
use keyhold_e2e::audit::{entries, read_audit};
use keyhold_e2e::dialogs::{bulk_edit, path_in, table_rows};
use keyhold_e2e::files::read_csv_table;
use keyhold_e2e::fixture::signed_in_to;
use keyhold_e2e::key_list_csv::{check_export_row, AUDIT_COLUMNS, KEY_COLUMNS};
use keyhold_e2e::key_strings::holds_key_string;
use keyhold_e2e::keys_screen::{clear_search, row_action, search_for, wait_key_count, wait_sim};
use keyhold_e2e::sim_keys::call;
use keyhold_e2e::{eventually, step, Secrets};
use serde_json::json;

const TOTAL: usize = PLAIN_KEYS + BULK_COUNT;

/// "Export CSV…" on the keys screen → `keyhold-keys-*.csv`. Two keys with
/// spend are disabled, so the list shows fewer keys than the account has:
/// the app asks "all keys or the ones shown" and names the count it wrote.
/// "All" writes the header and one row per key, five keys checked field by
/// field against the simulator (plain numbers, RFC 3339 UTC dates), the
/// disabled ones with their spend; "the ones shown" leaves them out. No key string.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_key_list_csv() {
    let (sim, plain) = workshop().await;
    let workshop_keys = with_workshop_keys(&sim).await;
    let p = &plain.hashes;
    let off = [p[2].clone(), p[3].clone()];
    assert!(sim.add_spend(&off[0], 3.0, false));
    let f = signed_in_to("export_key_list_csv", sim).await;
    let app = &f.app;
    // Disabled elsewhere after sign-in: the default view leaves them out.
    for h in &off {
        let (status, body) = call(
            &f.sim,
            "PATCH",
            &format!("/keys/{h}"),
            Some(&json!({"disabled": true})),
        )
        .await;
        assert_eq!(status, 200, "setup: disable {h}: {body}");
    }
    let shown = TOTAL - off.len();
    app.click(Role::Button, "Refresh").await;
    wait_key_count(app, shown, "active keys listed").await;

    step("Export CSV… asks, and All writes every key");
    app.click(Role::Button, "Export CSV…").await;
    let ask = dialog("Export keys as CSV");
    app.wait_dialog("Export keys as CSV").await;
    app.wait_text(&format!("The list shows {shown} of {TOTAL} keys."))
        .await;
    app.screenshot("export-keys-ask").await;
    app.click_in(&ask, Role::Button, &format!("All {TOTAL} keys"))
        .await;
    let text = app.wait_text(&format!("Exported {TOTAL} keys to ")).await;
    let export = path_in(&text, &f.dialog_dir, "keyhold-keys-");
    let (header, exported) = read_csv_table(&export);
    assert_eq!(header, KEY_COLUMNS, "keys CSV header");
    assert_eq!(
        exported.len(),
        TOTAL,
        "keys CSV: one row per key of the account"
    );
    let by_hash: HashMap<&str, &HashMap<String, String>> =
        exported.iter().map(|r| (r["hash"].as_str(), r)).collect();
    let mut checked = vec![p[0].clone(), p[1].clone(), p[PLAIN_KEYS - 1].clone()];
    checked.extend(workshop_keys.iter().take(2).map(|k| k.hash.clone()));
    for h in &checked {
        let row = by_hash
            .get(h.as_str())
            .unwrap_or_else(|| panic!("keys CSV: no row for {h}"));
        let snap = f.sim.key_snapshot(h).expect("simulator key");
        check_export_row(row, &snap, &format!("keys CSV {:?}", row["name"]));
    }
    for h in &off {
        let row = by_hash
            .get(h.as_str())
            .unwrap_or_else(|| panic!("keys CSV (all): no row for disabled {h}"));
        assert_eq!(row["status"], "disabled", "keys CSV: disabled key's status");
    }
    assert_eq!(
        by_hash[off[0].as_str()]["usage"].parse::<f64>().ok(),
        Some(3.0),
        "keys CSV: a disabled key's spend"
    );
    let export_text = std::fs::read_to_string(&export).unwrap();
    assert!(
        !holds_key_string(&export_text),
        "keys CSV: holds a key string"
    );

    step("Export CSV… again: the ones shown leave the disabled keys out");
    app.click(Role::Button, "Export CSV…").await;
    app.wait_dialog("Export keys as CSV").await;
    app.click_in(&ask, Role::Button, &format!("The {shown} shown"))
        .await;
    let text = app.wait_text(&format!("Exported {shown} keys to ")).await;
    let (_, exported) = read_csv_table(&path_in(&text, &f.dialog_dir, "keyhold-keys-"));
    assert_eq!(
        exported.len(),
        shown,
        "keys CSV (shown): one row per listed key"
    );
    assert!(
        exported.iter().all(|r| !off.contains(&r["hash"])),
        "keys CSV (shown): no disabled key"
    );
    let secrets = Secrets::none().with_key_strings(
        workshop_keys
            .iter()
            .map(|k| (k.name.as_str(), k.secret.as_str())),
    );
    f.finish(secrets).await;
}

/// The Audit log screen after one disable and a bulk edit of 50 keys: the
/// action filter "Key edited (bulk)" lists exactly the 50 bulk edits, in words
/// ("Limit changed (bulk)", dollars, local dates); its "Export
/// CSV…" writes them; filtering by key shows key-0001's change; date filters
/// (future, From after To, today, last week) and "Clear filters".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_screen_filters() {
    let (sim, plain) = workshop().await;
    let workshop_keys = with_workshop_keys(&sim).await;
    let f = signed_in_to("audit_screen_filters", sim).await;
    let app = &f.app;
    step("setup in the app: disable one workshop key, cap the 50 plain keys at $20 a month");
    let off = &workshop_keys[0];
    let hashes = search_for(app, &off.name).await;
    assert!(hashes.contains(&off.hash), "setup: {} listed", off.name);
    row_action(app, &off.hash, "Disable", &off.name).await;
    wait_sim(&f.sim, &off.hash, "setup: disabled", |s| {
        s["disabled"] == true
    })
    .await;
    let search = app.wait(Role::Textbox, "Search keys").await;
    app.type_into(&search, PLAIN_SEARCH).await;
    app.click(Role::Checkbox, &format!("Select all {PLAIN_KEYS} filtered"))
        .await;
    app.wait_text(&format!("{PLAIN_KEYS} selected")).await;
    bulk_edit(
        app,
        "Set limit…",
        || async {
            let be = dialog("Bulk edit");
            let l = app
                .wait_in(&be, Role::Textbox, "New spend limit (USD)", Match::Exact)
                .await;
            app.type_into(&l, "20").await;
            let r = app
                .wait_in(&be, Role::Combobox, "Limit resets", Match::Exact)
                .await;
            app.choose(&r, "Monthly").await;
        },
        PLAIN_KEYS,
        None,
    )
    .await;
    clear_search(app).await;
    let audit = read_audit();
    let all_bulk_updates = entries(&audit, "bulk_update", None).len();
    assert_eq!(all_bulk_updates, PLAIN_KEYS, "setup: one bulk edit per key");
    assert!(
        audit.len() > all_bulk_updates,
        "setup: the log holds other entries than bulk edits ({} in all)",
        audit.len()
    );

    step("the Audit log screen lists them (action filter) and exports CSV");
    app.click(Role::Button, "Audit log").await;
    app.wait(Role::Textbox, "Filter by key").await;
    let action = app.wait(Role::Combobox, "Action").await;
    app.choose(&action, "Key edited (bulk)").await;
    app.wait_text(&format!("{all_bulk_updates} entries")).await;
    let listed = eventually("the audit table to list the bulk edits only", || async {
        table_rows(app, "Audit entries").await.filter(|r| {
            r.len() == all_bulk_updates && r.iter().all(|c| c[1] == "Limit changed (bulk)")
        })
    })
    .await;
    for n in &plain.names {
        assert!(
            listed.iter().any(|r| r[2] == *n),
            "audit screen: {n} listed"
        );
    }
    step("at 900 px wide, key names wrap between words, never letter by letter");
    app.client
        .set_window_size(900, 780)
        .await
        .expect("set the window to 900 px wide");
    eventually("the window to be at most 900 px wide", || async {
        let w = app.js("return window.innerWidth;", vec![]).await.as_u64()?;
        (w <= 900).then_some(())
    })
    .await;
    // A word split across lines has more than one client rect.
    let broken = app
        .js(
            r#"const out = [];
               for (const td of document.querySelectorAll('table[aria-label="Audit entries"] td.key')) {
                 const node = td.firstChild;
                 if (!node || node.nodeType !== Node.TEXT_NODE) continue;
                 for (const m of node.textContent.matchAll(/\S+/g)) {
                   const r = document.createRange();
                   r.setStart(node, m.index);
                   r.setEnd(node, m.index + m[0].length);
                   if (r.getClientRects().length > 1) out.push(m[0]);
                 }
               }
               return out;"#,
            vec![],
        )
        .await;
    assert_eq!(
        broken,
        serde_json::json!([]),
        "audit screen at 900 px: key names broken inside a word"
    );
    app.screenshot("audit-log").await;
    app.click(Role::Button, "Export CSV…").await;
    let text = app.wait_text("Exported to ").await;
    let audit_export = path_in(&text, &f.dialog_dir, "keyhold-audit-");
    let (header, audit_rows) = read_csv_table(&audit_export);
    assert_eq!(header.len(), AUDIT_COLUMNS, "audit CSV columns: {header:?}");
    assert_eq!(
        audit_rows.len(),
        all_bulk_updates,
        "audit CSV: the filtered entries"
    );
    // The screen shows words; the CSV keeps the raw values for other tools.
    for r in &audit_rows {
        assert_eq!(r["action"], "bulk_update", "audit CSV: raw action code");
        assert!(
            chrono::DateTime::parse_from_rfc3339(&r["time"]).is_ok(),
            "audit CSV: RFC 3339 time, got {:?}",
            r["time"]
        );
        assert!(
            r["changes"].contains("limit: ") && r["changes"].contains("-> 20"),
            "audit CSV: raw field names and values, got {:?}",
            r["changes"]
        );
    }

    step("audit filters: by key, then by date");
    let one = "key-0001";
    let key_filter = app.wait(Role::Textbox, "Filter by key").await;
    app.type_into(&key_filter, one).await;
    app.wait_text("1 entry").await;
    let rows = eventually("the audit table to list key-0001's bulk edit", || async {
        table_rows(app, "Audit entries")
            .await
            .filter(|r| r.len() == 1 && r[0][2] == one)
    })
    .await;
    assert!(
        rows[0][3].contains("Limit:")
            && rows[0][3].contains("→ $20.00")
            && rows[0][3].contains("Resets:")
            && rows[0][3].contains("→ monthly"),
        "audit screen: key-0001's change shows its limit and its reset: {rows:?}"
    );
    let today = chrono::Local::now().date_naive();
    let from = app.wait(Role::Textbox, "From").await;
    let to = app.wait(Role::Textbox, "To").await;
    app.set_value(&from, &(today + chrono::Days::new(1)).to_string())
        .await;
    app.wait_text("No entries match these filters").await;
    app.set_value(&to, &today.to_string()).await;
    app.wait_text("“From” is after “To”").await;
    app.set_value(&from, &today.to_string()).await;
    app.wait_text("1 entry").await;
    app.set_value(&from, &(today - chrono::Days::new(7)).to_string())
        .await;
    app.set_value(&to, &(today - chrono::Days::new(1)).to_string())
        .await;
    app.wait_text("No entries match these filters").await;
    app.click(Role::Button, "Clear filters").await;
    app.wait_text(&format!("{} entries", read_audit().len()))
        .await;
    f.finish(Secrets::none()).await;
}

/// The Overview screen: credits bought and the spend across the workspace's keys.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overview_shows_credits_and_spend() {
    let (sim, _plain) = workshop().await;
    with_workshop_keys(&sim).await;
    let f = signed_in_to("overview_shows_credits_and_spend", sim).await;
    let app = &f.app;
    app.click(Role::Button, "Overview").await;
    app.wait_text("Credits bought").await;
    app.wait_text(&format!("Spend across {TOTAL} keys in this workspace"))
        .await;
    app.screenshot("overview").await;
    app.click(Role::Button, "Keys").await;
    wait_key_count(app, TOTAL, "back on the keys screen").await;
    f.finish(Secrets::none()).await;
}
