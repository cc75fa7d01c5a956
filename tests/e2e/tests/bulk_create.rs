//! Bulk create: 30 keys from a name pattern with server faults, the batch
//! reveal and its retry, copying and saving the key strings; names (with
//! their own limits) imported from a CSV file.
//!
//! Each scenario signs in to its own workshop account (50 plain keys);
//! "Save as CSV…" and "Import CSV…" use the scenario's dialog folder.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, Utc};
use keyhold_e2e::accounts::{workshop, workshop_name, BULK_COUNT, PATTERN, PLAIN_KEYS};
use keyhold_e2e::app::{dialog, Match, Role, Scope};
use keyhold_e2e::audit::{audit_path, entries, read_audit};
use keyhold_e2e::dialogs::{dialog_text, path_in, table_rows, wait_dialog_text, wait_table_rows};
use keyhold_e2e::files::{mode, parse_csv, read_csv_table};
use keyhold_e2e::fixture::signed_in_to;
use keyhold_e2e::key_list_csv::parse_time;
use keyhold_e2e::key_strings::{holds_key_string, label_of, MASK};
use keyhold_e2e::keys_screen::{clipboard_text, wait_key_count};
use keyhold_e2e::{eventually, eventually_for, step, App, Fixture, Secrets};
use openrouter_sim::{FaultRule, Faults, ServerErrorFault};
use serde_json::Value;

/// Opens "Bulk create…" and fills the pattern form: 30 keys, $2 monthly,
/// expiring in 90 days (checking the BYOK and expiry defaults on the way).
async fn fill_pattern_form(app: &App) {
    app.click(Role::Button, "Bulk create…").await;
    let bc = dialog("Bulk create keys");
    app.wait_dialog("Bulk create keys").await;
    app.click_in(&bc, Role::Radio, "Numbered, from a pattern")
        .await;
    let pattern = app
        .wait_in(&bc, Role::Textbox, "Name pattern", Match::Exact)
        .await;
    app.set_value(&pattern, PATTERN).await;
    let count = app
        .wait_in(&bc, Role::Textbox, "How many", Match::Exact)
        .await;
    app.type_into(&count, &BULK_COUNT.to_string()).await;
    let first = app
        .wait_in(&bc, Role::Textbox, "First number", Match::Exact)
        .await;
    app.type_into(&first, "1").await;
    let limit = app
        .wait_in(&bc, Role::Textbox, "Spend limit (USD)", Match::Exact)
        .await;
    app.type_into(&limit, "2").await;
    let reset = app
        .wait_in(&bc, Role::Combobox, "Limit resets", Match::Exact)
        .await;
    app.choose(&reset, "Monthly").await;
    let byok = app
        .wait_in(
            &bc,
            Role::Checkbox,
            "Include BYOK usage in limit",
            Match::Exact,
        )
        .await;
    assert!(
        !app.is_checked(&byok).await,
        "bulk create: BYOK is off by default"
    );
    let expiry = app
        .wait_in(&bc, Role::Combobox, "Expiry", Match::Exact)
        .await;
    assert_eq!(
        app.value_of(&expiry).await,
        "never",
        "bulk create: expiry default"
    );
    app.choose(&expiry, "In 90 days").await;
}

/// Preview: 30 numbered rows, $2 monthly, expiring, all OK; nothing sent yet.
async fn check_preview(f: &Fixture) {
    let app = &f.app;
    app.click_in(&dialog("Bulk create keys"), Role::Button, "Preview")
        .await;
    let preview = wait_table_rows(app, "Keys to create", BULK_COUNT).await;
    for (i, r) in preview.iter().enumerate() {
        assert_eq!(r[0], (i + 1).to_string(), "preview row {}: number", i + 1);
        assert_eq!(r[1], workshop_name(i + 1), "preview row {}: name", i + 1);
        assert!(
            r[2].contains('2') && r[2].to_lowercase().contains("month"),
            "preview row {}: limit should read $2 monthly, reads {:?}",
            i + 1,
            r[2]
        );
        assert_ne!(r[3], "Never", "preview row {}: expiry in 90 days", i + 1);
        assert_eq!(r[4], "OK", "preview row {}: check", i + 1);
    }
    wait_dialog_text(
        app,
        "Bulk create keys",
        "30 keys will be created. Nothing has been sent yet.",
    )
    .await;
    assert_eq!(f.sim.key_count(), PLAIN_KEYS, "preview: nothing sent yet");
    app.screenshot("bulk-create-preview").await;
}

/// Creates with faults: counted from here, the 10th, 20th and 30th POST get a 500
/// (nothing created) and the 20th key actually created loses its response
/// (created, outcome unknown). Slow enough for the progress view to be seen.
async fn create_with_faults(f: &Fixture) {
    let app = &f.app;
    f.sim.set_faults(Faults {
        server_error: Some(ServerErrorFault {
            rule: FaultRule::every_nth(10).only_methods(&["POST"]),
            status: 500,
            retry_after_secs: None,
        }),
        reset_after_create: Some(FaultRule::every_nth(20)),
        ..Faults::none()
    });
    f.sim.set_latency(Duration::from_millis(600));
    app.click_in(&dialog("Bulk create keys"), Role::Button, "Create 30 keys")
        .await;
    eventually("the progress bar named \"Progress\"", || async {
        let v = app
            .js(
                "return !!document.querySelector('[role=progressbar][aria-label=\"Progress\"]');",
                vec![],
            )
            .await;
        v.as_bool().filter(|b| *b)
    })
    .await;
    // While it runs (the summary reads "Creating N of 30 keys…"), once painted.
    wait_dialog_text(app, "Bulk create keys", "Creating ").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("bulk-create-progress").await;
    eventually_for(
        Duration::from_secs(60),
        "the batch reveal \"Your new keys\" after the first run",
        || async {
            app.find(&Scope::Page, Role::Dialog, "Your new keys", Match::Prefix)
                .await
        },
    )
    .await;
    f.sim.set_latency(Duration::ZERO);
    // The progress view (under the reveal) lists the failures.
    let results = app
        .js(
            r#"const ul = document.querySelector('ul[aria-label="Results"]'); if (!ul) return null;
               return Array.from(ul.querySelectorAll('li')).map((li) => ({ cls: li.className, text: li.innerText }));"#,
            vec![],
        )
        .await;
    let results = results
        .as_array()
        .unwrap_or_else(|| panic!("bulk create: no list \"Results\" in the progress view"))
        .clone();
    assert_eq!(results.len(), BULK_COUNT, "progress: one result per key");
    let failed_rows = results
        .iter()
        .filter(|r| {
            let c = r["cls"].as_str().unwrap_or("");
            c.contains("failed") || c.contains("outcome_unknown")
        })
        .count();
    assert_eq!(
        failed_rows, 4,
        "progress: 3 × HTTP 500 + 1 reset after create should leave 4 rows failed or not confirmed; results: {results:?}"
    );
    let summary = dialog_text(app, "Bulk create keys").await;
    assert!(
        summary.contains("Created 26 of 30 keys. 4 failed."),
        "progress summary should read \"Created 26 of 30 keys. 4 failed.\"; the dialog reads: {summary:.800}"
    );
    assert_eq!(
        f.sim.key_count(),
        PLAIN_KEYS + 27,
        "simulator after the faulty run: 26 keys answered + 1 created whose answer was lost"
    );
}

/// The batch reveal masks every key; faults cleared, "Retry failed (4)"
/// inside it ends with a string for each of the 30 names. Returns the row count.
async fn retry_in_reveal(f: &Fixture) -> usize {
    let app = &f.app;
    let reveal = dialog("Your new keys");
    app.wait_dialog("Your new keys").await;
    let text = wait_dialog_text(app, "Your new keys", "4 names were not created").await;
    assert!(
        text.contains("26 new keys."),
        "reveal: 26 keys before the retry; it reads {text:.600}"
    );
    let masked = table_rows(app, "New keys").await.unwrap_or_default();
    assert_eq!(masked.len(), 26, "reveal: 26 rows before the retry");
    assert!(
        masked.iter().all(|r| r[1] == MASK),
        "reveal: every key is masked until \"Show all\": {masked:?}"
    );
    assert!(
        !holds_key_string(&app.dom_dump().await),
        "reveal: no key string in the DOM before \"Show all\""
    );
    app.screenshot("batch-reveal-masked").await;
    f.sim.set_faults(Faults::none());
    app.click_in(&reveal, Role::Button, "Retry failed (4)")
        .await;
    let (rows, notes) = eventually_for(
        Duration::from_secs(40),
        "the retry to finish: no failures left, \"I have saved them\" enabled",
        || async {
            let v = app
                .js(
                    r#"const ds = Array.from(document.querySelectorAll('[role=dialog]'));
                       const d = ds[ds.length - 1]; if (!d) return null;
                       const done = Array.from(d.querySelectorAll('button'))
                         .some((b) => b.textContent.trim() === 'I have saved them' && !b.disabled);
                       const failed = !!d.querySelector('.banner.error');
                       const retry = Array.from(d.querySelectorAll('button')).some((b) => b.textContent.startsWith('Retry failed'));
                       const notes = Array.from(d.querySelectorAll('.banner.info p')).map((p) => p.innerText);
                       const rows = d.querySelectorAll('table[aria-label="New keys"] tbody tr').length;
                       return (done && !failed && !retry) ? { rows, notes } : null;"#,
                    vec![],
                )
                .await;
            if v.is_null() {
                return None;
            }
            let rows = v["rows"].as_u64()? as usize;
            let notes: Vec<String> = serde_json::from_value(v["notes"].clone()).ok()?;
            Some((rows, notes))
        },
    )
    .await;
    assert_eq!(
        rows, BULK_COUNT,
        "reveal after retry: a key string for each of the 30 names (the key whose answer was lost is replaced), notes {notes:?}"
    );
    assert!(
        notes.is_empty(),
        "reveal after retry: no key without its string: {notes:?}"
    );

    step("simulator: exactly 30 workshop keys, each name once");
    let names = f.sim.key_names();
    for n in 1..=BULK_COUNT {
        let want = workshop_name(n);
        let c = names.iter().filter(|x| **x == want).count();
        assert_eq!(
            c, 1,
            "simulator: {want:?} should exist exactly once, found {c}"
        );
    }
    let workshop = names.iter().filter(|n| n.starts_with("Workshop")).count();
    assert_eq!(workshop, BULK_COUNT, "simulator: 30 workshop keys in all");
    assert_eq!(
        f.sim.key_count(),
        PLAIN_KEYS + BULK_COUNT,
        "simulator: key count"
    );
    rows
}

/// "Show all": (name, key string) of every row, each a whole, distinct string.
async fn show_all(app: &App, rows: usize) -> Vec<(String, String)> {
    app.click_in(&dialog("Your new keys"), Role::Button, "Show all")
        .await;
    let shown: Vec<(String, String)> = eventually("the key strings after \"Show all\"", || async {
        let v = app
            .js(
                r#"const t = document.querySelector('table[aria-label="New keys"]'); if (!t) return null;
                   const rows = Array.from(t.querySelectorAll('tbody tr')).map((r) => {
                     const s = r.querySelector('[data-secret]');
                     return [r.querySelector('td').textContent.trim(), s ? s.textContent.trim() : null];
                   });
                   return rows.every((r) => r[1]) ? rows : null;"#,
                vec![],
            )
            .await;
        serde_json::from_value::<Vec<(String, String)>>(v).ok()
    })
    .await;
    assert_eq!(shown.len(), rows, "Show all: one string per listed row");
    for (name, key) in &shown {
        assert!(
            key.len() == 9 + 64 && holds_key_string(key),
            "Show all: {name:?} should show a whole key string"
        );
    }
    let distinct: HashSet<&str> = shown.iter().map(|(_, k)| k.as_str()).collect();
    assert_eq!(
        distinct.len(),
        shown.len(),
        "Show all: every key string differs"
    );
    let names: HashSet<&str> = shown.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.len(), rows, "Show all: every name once");
    // A click on a shown key must not select the whole string: a Ctrl+C in
    // the page would copy it past the clipboard's timed clear.
    let select = app
        .js(
            r#"const st = getComputedStyle(document.querySelector('table[aria-label="New keys"] [data-secret]'));
               return [st.userSelect || '', st.webkitUserSelect || ''];"#,
            vec![],
        )
        .await;
    assert!(
        select
            .as_array()
            .is_some_and(|v| v.iter().all(|x| x != "all")),
        "Show all: a click must not select a key string whole: user-select {select}"
    );
    let text = wait_dialog_text(app, "Your new keys", "after the last one was created").await;
    assert!(
        text.contains("in any case 10 minutes after the last one was created"),
        "the batch reveal states when its keys are wiped: {text:.600}"
    );
    shown
}

/// "Copy all as CSV" → "Copy anyway": name,key,hash lines on the system
/// clipboard (the same format as the saved file).
async fn copy_all_as_csv(app: &App, shown: &[(String, String)]) {
    let reveal = dialog("Your new keys");
    app.click_in(&reveal, Role::Button, "Copy all as CSV").await;
    wait_dialog_text(app, "Your new keys", "contain live API keys").await;
    app.click_in(&reveal, Role::Button, "Copy anyway").await;
    let copied = eventually_for(
        Duration::from_secs(10),
        "the system clipboard (xclip) to hold the batch CSV after \"Copy all as CSV\"",
        || async { clipboard_text().filter(|t| t.starts_with("name,key,hash")) },
    )
    .await;
    let mut records = parse_csv(&copied).into_iter();
    assert_eq!(
        records.next().unwrap_or_default(),
        ["name", "key", "hash"],
        "Copy all as CSV: header"
    );
    let rows: Vec<(String, String)> = records
        .map(|r| match r.as_slice() {
            [name, key, _hash] => (name.clone(), key.clone()),
            other => panic!("Copy all as CSV: a row of three fields expected, got {other:?}"),
        })
        .collect();
    assert_eq!(
        rows, shown,
        "Copy all as CSV: the clipboard holds every shown name and string, in order"
    );
}

/// "Save as CSV…" → "Save anyway": a 0600 file whose name/key/hash match the
/// simulator (and the keys are as asked). Returns the file and the keys' hashes.
async fn save_as_csv(
    f: &Fixture,
    shown: &[(String, String)],
    before_create: DateTime<Utc>,
) -> (std::path::PathBuf, Vec<String>) {
    let app = &f.app;
    let reveal = dialog("Your new keys");
    app.click_in(&reveal, Role::Button, "Save as CSV…").await;
    wait_dialog_text(app, "Your new keys", "contain live API keys").await;
    app.click_in(&reveal, Role::Button, "Save anyway").await;
    let text = wait_dialog_text(app, "Your new keys", "Saved to ").await;
    let keys_file = path_in(&text, &f.dialog_dir, "keyhold-new-keys-");
    assert_eq!(
        mode(&keys_file),
        0o600,
        "saved key strings {} should be owner-only (0600)",
        keys_file.display()
    );
    let (header, saved) = read_csv_table(&keys_file);
    assert_eq!(header, ["name", "key", "hash"], "saved CSV header");
    assert_eq!(
        saved.len(),
        shown.len(),
        "saved CSV: one row per key string"
    );
    let shown_map: HashMap<&str, &str> = shown
        .iter()
        .map(|(n, k)| (n.as_str(), k.as_str()))
        .collect();
    let mut hashes = Vec::new();
    for r in &saved {
        let name = &r["name"];
        assert_eq!(
            shown_map.get(name.as_str()).copied(),
            Some(r["key"].as_str()),
            "saved CSV: {name:?} should hold the string shown for it"
        );
        let snap = f
            .sim
            .key_snapshot(&r["hash"])
            .unwrap_or_else(|| panic!("saved CSV: no simulator key with hash {}", r["hash"]));
        assert_eq!(snap["name"], name.as_str(), "saved CSV: hash ↔ name");
        assert_eq!(
            snap["label"],
            label_of(&r["key"]).as_str(),
            "saved CSV: the string of {name:?} is that key's (its label)"
        );
        assert_eq!(snap["limit"].as_f64(), Some(2.0), "{name}: limit 2");
        assert_eq!(snap["limit_reset"], "monthly", "{name}: monthly reset");
        let expires = parse_time(snap["expires_at"].as_str().unwrap_or("?"));
        let off = (expires - (before_create + chrono::Duration::days(90)))
            .num_minutes()
            .abs();
        assert!(
            off <= 24 * 60,
            "{name}: expires_at {expires} should be about now + 90 days"
        );
        hashes.push(r["hash"].clone());
    }
    (keys_file, hashes)
}

/// audit.jsonl (0600): 30 ok and 4 `unknown` bulk_create entries, and the
/// key whose answer was lost deleted (to be replaced) once.
fn check_create_audit(f: &Fixture, workshop_hashes: &[String]) {
    let audit = read_audit();
    let created_ok: HashSet<&str> = entries(&audit, "bulk_create", Some("ok"))
        .iter()
        .filter_map(|e| e["key_hash"].as_str())
        .collect();
    assert_eq!(
        created_ok.len(),
        BULK_COUNT,
        "audit: 30 successful bulk_create entries (one per key)"
    );
    for h in workshop_hashes {
        assert!(
            created_ok.contains(h.as_str()),
            "audit: bulk_create entry for {h}"
        );
    }
    let unknown: Vec<&Value> = entries(&audit, "bulk_create", None)
        .into_iter()
        .filter(|e| e["outcome"] != "ok")
        .collect();
    assert_eq!(
        unknown.len(),
        4,
        "audit: the 4 unanswered creates are logged: {unknown:?}"
    );
    for e in &unknown {
        assert_eq!(e["outcome"], "unknown", "audit: unanswered create: {e}");
        assert_eq!(e["error_code"], "create_outcome_unknown", "audit: {e}");
    }
    let replaced = entries(&audit, "bulk_replace_lost", None);
    assert_eq!(
        replaced.len(),
        1,
        "audit: the key whose answer was lost is deleted to be replaced, once: {replaced:?}"
    );
    assert_eq!(replaced[0]["outcome"], "ok", "audit: {}", replaced[0]);
    let gone = replaced[0]["key_hash"].as_str().unwrap_or_default();
    assert!(
        f.sim.key_snapshot(gone).is_none() && !workshop_hashes.iter().any(|h| h == gone),
        "audit: the replaced key {gone} no longer exists and is not among the saved keys"
    );
    assert_eq!(
        mode(&audit_path()),
        0o600,
        "audit.jsonl should be owner-only"
    );
}

/// 30 keys from `Workshop Nov 2026 – {n}` ($2 monthly, 90 days): preview →
/// create with faults ("Created 26 of 30 keys. 4 failed.") → masked batch
/// reveal → "Retry failed (4)" → 30 names once each on the simulator →
/// Show all → Copy all as CSV → Save as CSV (0600, matches the simulator) →
/// "I have saved them" wipes the strings from the page → audit entries.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_create_30_with_faults_and_retry() {
    let (sim, _plain) = workshop().await;
    let f = signed_in_to("bulk_create_30_with_faults_and_retry", sim).await;
    let app = &f.app;
    step("form and preview");
    fill_pattern_form(app).await;
    let before_create = Utc::now();
    check_preview(&f).await;
    step("create with faults: 500 on every 10th POST, one reset after a create");
    create_with_faults(&f).await;
    step("batch reveal, masked; retry the failures inside it");
    let rows = retry_in_reveal(&f).await;
    step("Show all, Copy all as CSV, Save as CSV…");
    let shown = show_all(app, rows).await;
    copy_all_as_csv(app, &shown).await;
    let (keys_file, workshop_hashes) = save_as_csv(&f, &shown, before_create).await;

    step("I have saved them → no key string in the page");
    app.click_in(&dialog("Your new keys"), Role::Button, "I have saved them")
        .await;
    app.wait_dialog_gone("Your new keys").await;
    for (_, s) in &shown {
        app.assert_not_in_page(
            s,
            "a bulk-created key string",
            "after \"I have saved them\"",
        )
        .await;
    }
    assert!(
        !holds_key_string(&app.dom_dump().await),
        "after \"I have saved them\": some key string is still in the DOM"
    );
    wait_dialog_text(app, "Bulk create keys", "Created 30 of 30 keys.").await;
    app.click_in(&dialog("Bulk create keys"), Role::Button, "Done")
        .await;
    app.wait_dialog_gone("Bulk create keys").await;
    wait_key_count(app, PLAIN_KEYS + BULK_COUNT, "after bulk create").await;
    check_create_audit(&f, &workshop_hashes);

    let secrets = Secrets::none()
        .with_key_strings(shown.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        .saved_in(keys_file);
    f.finish(secrets).await;
}
