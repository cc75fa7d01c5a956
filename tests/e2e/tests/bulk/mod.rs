//! Issue #4 end to end: bulk create with faults, retry and the batch reveal;
//! CSV export of the key list; a bulk limit change on 50 keys and the audit
//! log (file and screen); a scan of every file written for key strings.
//!
//! One app, one simulator, one dialog directory (`KEYHOLD_DIALOG_DIR`): saves
//! land in it under the suggested file name, so no native dialog is shown.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use keyhold_e2e::app::{dialog, Match, Role, Scope};
use keyhold_e2e::files::{mode, parse_csv, read_csv_table};
use keyhold_e2e::{
    app_binary, eventually, eventually_for, keychain, one_app_at_a_time, require_environment, scan,
    step, target_dir, App, Driver,
};
use openrouter_sim::{FaultRule, Faults, ServerErrorFault, Sim, SimConfig};
use serde_json::{json, Value};

use super::{clear_search, clipboard_text, wait_key_count};

/// Plain keys in the simulator (`key-0001`…): the bulk edit selects all of them.
const PLAIN_KEYS: usize = 50;
const PATTERN: &str = "Workshop Nov 2026 – {n}";
const BULK_COUNT: usize = 30;
/// The plain keys, and only they, match this search.
const PLAIN_SEARCH: &str = "key-0";
const MASK: &str = "sk-or-v1-••••••••••••";
const KEY_COLUMNS: [&str; 15] = [
    "name",
    "label",
    "hash",
    "status",
    "limit",
    "limit_reset",
    "limit_remaining",
    "usage_daily",
    "usage_weekly",
    "usage_monthly",
    "usage",
    "byok_usage",
    "include_byok_in_limit",
    "expires_at",
    "created_at",
];
const AUDIT_COLUMNS: usize = 9;

fn workshop_name(n: usize) -> String {
    PATTERN.replace("{n}", &n.to_string())
}

/// Whether `text` holds a whole key string (`sk-or-v1-` + 64 hex digits);
/// labels (`sk-or-v1-abc...xyz`) and masks do not count.
fn holds_key_string(text: &str) -> bool {
    const PREFIX: &str = "sk-or-v1-";
    text.match_indices(PREFIX).any(|(i, _)| {
        let rest = &text.as_bytes()[i + PREFIX.len()..];
        rest.len() >= 64 && rest[..64].iter().all(|b| b.is_ascii_hexdigit())
    })
}

/// `YYYY-MM-DDTHH:MM:SSZ` (what the export writes: RFC 3339, UTC, seconds).
fn is_iso_utc_seconds(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

fn parse_time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("bad time {s:?}: {e}"))
        .with_timezone(&Utc)
}

/// The label the simulator (like OpenRouter) derives from a key string.
fn label_of(secret: &str) -> String {
    let hex = secret.strip_prefix("sk-or-v1-").unwrap_or(secret);
    format!("sk-or-v1-{}...{}", &hex[..3], &hex[hex.len() - 3..])
}

/// The cells' text of every body row of the table with this accessible name
/// (every row in the DOM, scrolled into view or not).
async fn table_rows(app: &App, label: &str) -> Option<Vec<Vec<String>>> {
    let v = app
        .js(
            r#"const t = Array.from(document.querySelectorAll('table'))
                 .filter((t) => t.getAttribute('aria-label') === arguments[0]).pop();
               if (!t) return null;
               return Array.from(t.querySelectorAll('tbody tr'))
                 .map((r) => Array.from(r.querySelectorAll('td')).map((c) => (c.textContent || '').replace(/\s+/g, ' ').trim()));"#,
            vec![json!(label)],
        )
        .await;
    serde_json::from_value(v).ok()
}

/// Visible text of the topmost dialog whose title starts with `name`.
async fn dialog_text(app: &App, name: &str) -> String {
    app.js(
        r#"const ds = Array.from(document.querySelectorAll('[role=dialog],[role=alertdialog]'))
             .filter((d) => {
               const id = d.getAttribute('aria-labelledby');
               const t = id ? (document.getElementById(id)?.textContent || '') : (d.getAttribute('aria-label') || '');
               return t.trim().startsWith(arguments[0]);
             });
           const d = ds[ds.length - 1];
           return d ? d.innerText.replace(/\u00a0/g, ' ') : '';"#,
        vec![json!(name)],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// Waits for `text` in the dialog named `name`; returns the dialog's text.
async fn wait_dialog_text(app: &App, name: &str, text: &str) -> String {
    eventually(
        &format!("the text {text:?} in the dialog {name:?}"),
        || async {
            let t = dialog_text(app, name).await;
            t.contains(text).then_some(t)
        },
    )
    .await
}

/// The path of a file in `dir` named in `text` ("… to /dir/keyhold-….csv.").
fn path_in(text: &str, dir: &Path, prefix: &str) -> PathBuf {
    let start = format!("{}/{prefix}", dir.display());
    let at = text
        .find(&start)
        .unwrap_or_else(|| panic!("no path {start}… in the status text: {text}"));
    let rest = &text[at..];
    let end = rest
        .find(".csv")
        .unwrap_or_else(|| panic!("the path in {rest:?} does not end in .csv"));
    PathBuf::from(&rest[..end + 4])
}

fn f64_field(row: &HashMap<String, String>, col: &str, what: &str) -> Option<f64> {
    let raw = &row[col];
    if raw.is_empty() {
        return None;
    }
    assert!(
        raw.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'e'),
        "{what}: {col} = {raw:?} is not a plain, unformatted number"
    );
    Some(
        raw.parse()
            .unwrap_or_else(|e| panic!("{what}: {col} = {raw:?}: {e}")),
    )
}

/// One exported key row against the simulator's current version of the key.
fn check_export_row(row: &HashMap<String, String>, snap: &Value, what: &str) {
    for col in ["name", "label", "hash"] {
        assert_eq!(row[col], snap[col].as_str().unwrap_or(""), "{what}: {col}");
    }
    assert_eq!(row["status"], "active", "{what}: status");
    for col in [
        "limit",
        "limit_remaining",
        "usage_daily",
        "usage_weekly",
        "usage_monthly",
        "usage",
        "byok_usage",
    ] {
        let got = f64_field(row, col, what);
        let want = snap[col].as_f64();
        match (got, want) {
            (Some(g), Some(w)) => {
                assert!((g - w).abs() < 1e-9, "{what}: {col} = {g}, simulator {w}")
            }
            (g, w) => assert_eq!(g, w, "{what}: {col} (empty when null)"),
        }
    }
    assert_eq!(
        row["limit_reset"],
        snap["limit_reset"].as_str().unwrap_or(""),
        "{what}: limit_reset"
    );
    assert_eq!(
        row["include_byok_in_limit"],
        snap["include_byok_in_limit"]
            .as_bool()
            .unwrap_or(false)
            .to_string(),
        "{what}: include_byok_in_limit"
    );
    for col in ["created_at", "expires_at"] {
        let got = &row[col];
        match snap[col].as_str() {
            None => assert_eq!(got, "", "{what}: {col} is null in the simulator"),
            Some(want) => {
                assert!(
                    is_iso_utc_seconds(got),
                    "{what}: {col} = {got:?} is not ISO 8601 UTC"
                );
                assert_eq!(
                    parse_time(got).timestamp(),
                    parse_time(want).timestamp(),
                    "{what}: {col} = {got}, simulator {want}"
                );
            }
        }
    }
}

fn read_audit(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read the audit log {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("audit line {l:?}: {e}")))
        .collect()
}

fn audit_path() -> PathBuf {
    let data = std::env::var_os("XDG_DATA_HOME").expect("XDG_DATA_HOME");
    PathBuf::from(data)
        .join("app.keyhold.desktop")
        .join("audit.jsonl")
}

/// The bulk bar, a toolbar named "Bulk actions".
fn bulk_bar() -> Scope {
    Scope::Css("[role=toolbar][aria-label=\"Bulk actions\"]".into())
}

/// Bulk edit of the selected keys: `action` on the bulk bar, `fill` the form,
/// preview (checking one row per key, all changing), apply, wait for the result.
async fn bulk_edit<F, Fut>(app: &App, action: &str, fill: F, hashes: usize, screen: Option<&str>)
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    app.click_in(&bulk_bar(), Role::Button, action).await;
    let be = dialog("Bulk edit");
    app.wait_dialog("Bulk edit").await;
    wait_dialog_text(app, "Bulk edit", &format!("{hashes} keys selected.")).await;
    fill().await;
    app.click_in(&be, Role::Button, "Preview").await;
    let rows = eventually(
        &format!("the preview table \"Changes to apply\" with {hashes} rows"),
        || async {
            table_rows(app, "Changes to apply")
                .await
                .filter(|r| r.len() == hashes)
        },
    )
    .await;
    for r in &rows {
        assert_eq!(
            r.get(3).map(String::as_str),
            Some("Will change"),
            "bulk edit ({action}) preview: every key should change: {r:?}"
        );
    }
    wait_dialog_text(
        app,
        "Bulk edit",
        &format!("{hashes} of {hashes} keys will change"),
    )
    .await;
    if let Some(screen) = screen {
        app.screenshot(screen).await;
    }
    app.click_in(&be, Role::Button, &format!("Apply to {hashes} keys"))
        .await;
    wait_dialog_text(
        app,
        "Bulk edit",
        &format!("Updated {hashes} of {hashes} keys."),
    )
    .await;
    let text = dialog_text(app, "Bulk edit").await;
    assert!(
        !text.contains("failed."),
        "bulk edit ({action}): no row should fail: {text:.600}"
    );
    app.click_in(&be, Role::Button, "Done").await;
    app.wait_dialog_gone("Bulk edit").await;
}

pub async fn bulk_and_finance() {
    require_environment();
    let _serial = one_app_at_a_time().await;
    let binary = app_binary();

    let sim = Sim::start(SimConfig {
        keys: 0,
        seed: 44,
        ..SimConfig::default()
    })
    .await
    .expect("start the simulator");
    let management_key = sim.management_key();
    // Newest first; key-0001 … key-0050.
    let plain: Vec<String> = sim.insert_keys(PLAIN_KEYS, None);
    let plain_set: HashSet<String> = plain.iter().cloned().collect();
    let plain_names: HashSet<String> = plain
        .iter()
        .map(|h| {
            sim.key_snapshot(h).unwrap()["name"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(
        plain_names.iter().all(|n| n.starts_with(PLAIN_SEARCH)),
        "setup: plain keys are named {PLAIN_SEARCH}…: {plain_names:?}"
    );
    // Some spend, so the export has numbers other than 0 to check.
    assert!(sim.add_spend(&plain[0], 1.23456789, false));
    assert!(sim.add_spend(&plain[1], 0.5, true));

    let dialog_dir = target_dir().join("e2e-dialog");
    let _ = std::fs::remove_dir_all(&dialog_dir);
    std::fs::create_dir_all(&dialog_dir).expect("create the dialog directory");
    let dialog_dir = dialog_dir.canonicalize().expect("canonical dialog dir");

    keychain::delete_stored_key().await;
    let driver = Driver::start(
        "bulk",
        &binary,
        &[
            ("KEYHOLD_API_BASE", sim.base_url()),
            ("KEYHOLD_DIALOG_DIR", dialog_dir.display().to_string()),
        ],
    );
    let app = App::launch(&driver, &[]).await;

    step("bulk: sign in (not remembered)");
    let key_field = app.wait(Role::Textbox, "Management key").await;
    app.type_into(&key_field, &management_key).await;
    if let Some(remember) = app
        .find(
            &Scope::Page,
            Role::Checkbox,
            "Remember on this computer",
            Match::Exact,
        )
        .await
    {
        if app.is_checked(&remember).await {
            app.click_el(&remember, "\"Remember on this computer\"")
                .await;
        }
    }
    app.click(Role::Button, "Sign in").await;
    wait_key_count(&app, PLAIN_KEYS, "bulk: sign-in").await;

    // ---- 1. Bulk create 30 keys with faults ----------------------------------------
    step("bulk 1. bulk create 30 keys from a pattern: form and preview");
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
    // An expiry, so the export's expires_at is checked with a value.
    app.choose(&expiry, "In 90 days").await;
    let before_create = Utc::now();
    app.click_in(&bc, Role::Button, "Preview").await;
    let preview = eventually(
        "the preview table \"Keys to create\" with 30 rows",
        || async {
            table_rows(&app, "Keys to create")
                .await
                .filter(|r| r.len() == BULK_COUNT)
        },
    )
    .await;
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
        &app,
        "Bulk create keys",
        "30 keys will be created. Nothing has been sent yet.",
    )
    .await;
    assert_eq!(sim.key_count(), PLAIN_KEYS, "preview: nothing sent yet");
    app.screenshot("bulk-create-preview").await;

    step("bulk 1. create with faults: 500 on every 10th POST, one reset after a create");
    // Counted from here: POSTs #10, #20, #30 get a 500 (nothing created); the
    // 20th key actually created loses its response (created, outcome unknown).
    sim.set_faults(Faults {
        server_error: Some(ServerErrorFault {
            rule: FaultRule::every_nth(10).only_methods(&["POST"]),
            status: 500,
            retry_after_secs: None,
        }),
        reset_after_create: Some(FaultRule::every_nth(20)),
        ..Faults::none()
    });
    // Slow enough for the progress view to be seen.
    sim.set_latency(Duration::from_millis(600));
    app.click_in(&bc, Role::Button, "Create 30 keys").await;
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
    wait_dialog_text(&app, "Bulk create keys", "Creating ").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("bulk-create-progress").await;

    let reveal = dialog("Your new keys");
    eventually_for(
        Duration::from_secs(60),
        "the batch reveal \"Your new keys\" after the first run",
        || async {
            app.find(&Scope::Page, Role::Dialog, "Your new keys", Match::Prefix)
                .await
        },
    )
    .await;
    sim.set_latency(Duration::ZERO);
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
    let failed_rows: Vec<&Value> = results
        .iter()
        .filter(|r| {
            let c = r["cls"].as_str().unwrap_or("");
            c.contains("failed") || c.contains("outcome_unknown")
        })
        .collect();
    assert_eq!(
        failed_rows.len(),
        4,
        "progress: 3 × HTTP 500 + 1 reset after create should leave 4 rows failed or not confirmed; results: {results:?}"
    );
    let summary = dialog_text(&app, "Bulk create keys").await;
    assert!(
        summary.contains("Created 26 of 30 keys. 4 failed."),
        "progress summary should read \"Created 26 of 30 keys. 4 failed.\"; the dialog reads: {summary:.800}"
    );
    assert_eq!(
        sim.key_count(),
        PLAIN_KEYS + 27,
        "simulator after the faulty run: 26 keys answered + 1 created whose answer was lost"
    );

    step("bulk 1. batch reveal, masked; retry the failures inside it");
    app.wait_dialog("Your new keys").await;
    let text = wait_dialog_text(&app, "Your new keys", "4 names were not created").await;
    assert!(
        text.contains("26 new keys."),
        "reveal: 26 keys before the retry; it reads {text:.600}"
    );
    let masked = table_rows(&app, "New keys").await.unwrap_or_default();
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
    sim.set_faults(Faults::none());
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

    step("bulk 1. simulator: exactly 30 workshop keys, each name once");
    let names = sim.key_names();
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
        sim.key_count(),
        PLAIN_KEYS + BULK_COUNT,
        "simulator: key count"
    );

    step("bulk 1. Show all → a key string on every listed row");
    app.click_in(&reveal, Role::Button, "Show all").await;
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
    let secrets: Vec<String> = shown.iter().map(|(_, k)| k.clone()).collect();
    for (name, key) in &shown {
        assert!(
            key.len() == 9 + 64 && holds_key_string(key),
            "Show all: {name:?} should show a whole key string"
        );
    }
    assert_eq!(
        secrets.iter().collect::<HashSet<_>>().len(),
        secrets.len(),
        "Show all: every key string differs"
    );
    let shown_names: HashSet<&str> = shown.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(shown_names.len(), rows, "Show all: every name once");

    step("bulk 1. Copy all as CSV → name,key lines on the system clipboard");
    app.click_in(&reveal, Role::Button, "Copy all as CSV").await;
    wait_dialog_text(&app, "Your new keys", "contain live API keys").await;
    app.click_in(&reveal, Role::Button, "Copy anyway").await;
    let copied = eventually_for(
        Duration::from_secs(10),
        "the system clipboard (xclip) to hold the batch CSV after \"Copy all as CSV\"",
        || async { clipboard_text().filter(|t| t.starts_with("name,key")) },
    )
    .await;
    let mut copied_records = parse_csv(&copied).into_iter();
    assert_eq!(
        copied_records.next().unwrap_or_default(),
        ["name", "key"],
        "Copy all as CSV: header"
    );
    let copied_rows: Vec<(String, String)> = copied_records
        .map(|r| match r.as_slice() {
            [name, key] => (name.clone(), key.clone()),
            other => panic!("Copy all as CSV: a row of two fields expected, got {other:?}"),
        })
        .collect();
    assert_eq!(
        copied_rows, shown,
        "Copy all as CSV: the clipboard holds every shown name and string, in order"
    );

    step("bulk 1. Save as CSV… → 0600 file with the strings");
    app.click_in(&reveal, Role::Button, "Save as CSV…").await;
    wait_dialog_text(&app, "Your new keys", "contain live API keys").await;
    app.click_in(&reveal, Role::Button, "Save anyway").await;
    let text = wait_dialog_text(&app, "Your new keys", "Saved to ").await;
    let keys_file = path_in(&text, &dialog_dir, "keyhold-new-keys-");
    assert_eq!(
        mode(&keys_file),
        0o600,
        "saved key strings {} should be owner-only (0600)",
        keys_file.display()
    );
    let (header, saved) = read_csv_table(&keys_file);
    assert_eq!(header, ["name", "key", "hash"], "saved CSV header");
    assert_eq!(saved.len(), rows, "saved CSV: one row per key string");
    let shown_map: HashMap<&str, &str> = shown
        .iter()
        .map(|(n, k)| (n.as_str(), k.as_str()))
        .collect();
    let mut workshop_hashes: Vec<String> = Vec::new();
    for r in &saved {
        assert_eq!(
            shown_map.get(r["name"].as_str()).copied(),
            Some(r["key"].as_str()),
            "saved CSV: {:?} should hold the string shown for it",
            r["name"]
        );
        let snap = sim
            .key_snapshot(&r["hash"])
            .unwrap_or_else(|| panic!("saved CSV: no simulator key with hash {}", r["hash"]));
        assert_eq!(snap["name"], r["name"].as_str(), "saved CSV: hash ↔ name");
        assert_eq!(
            snap["label"],
            label_of(&r["key"]).as_str(),
            "saved CSV: the string of {:?} is that key's (its label)",
            r["name"]
        );
        assert_eq!(snap["limit"].as_f64(), Some(2.0), "{}: limit 2", r["name"]);
        assert_eq!(
            snap["limit_reset"], "monthly",
            "{}: monthly reset",
            r["name"]
        );
        let expires = parse_time(snap["expires_at"].as_str().unwrap_or("?"));
        let off = (expires - (before_create + chrono::Duration::days(90)))
            .num_minutes()
            .abs();
        assert!(
            off <= 24 * 60,
            "{}: expires_at {expires} should be about now + 90 days",
            r["name"]
        );
        workshop_hashes.push(r["hash"].clone());
    }

    step("bulk 1. I have saved them → no key string in the page");
    app.click_in(&reveal, Role::Button, "I have saved them")
        .await;
    app.wait_dialog_gone("Your new keys").await;
    for s in &secrets {
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
    wait_dialog_text(&app, "Bulk create keys", "Created 30 of 30 keys.").await;
    app.click_in(&bc, Role::Button, "Done").await;
    app.wait_dialog_gone("Bulk create keys").await;
    wait_key_count(&app, PLAIN_KEYS + BULK_COUNT, "after bulk create").await;

    // The audit log has one successful bulk_create per key of the simulator.
    let audit = read_audit(&audit_path());
    let created_ok: HashSet<String> = audit
        .iter()
        .filter(|e| e["action"] == "bulk_create" && e["outcome"] == "ok")
        .filter_map(|e| e["key_hash"].as_str().map(str::to_string))
        .collect();
    assert_eq!(
        created_ok.len(),
        BULK_COUNT,
        "audit: 30 successful bulk_create entries (one per key)"
    );
    for h in &workshop_hashes {
        assert!(created_ok.contains(h), "audit: bulk_create entry for {h}");
    }
    let unknown: Vec<&Value> = audit
        .iter()
        .filter(|e| e["action"] == "bulk_create" && e["outcome"] != "ok")
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
    let replaced: Vec<&Value> = audit
        .iter()
        .filter(|e| e["action"] == "bulk_replace_lost")
        .collect();
    assert_eq!(
        replaced.len(),
        1,
        "audit: the key whose answer was lost is deleted to be replaced, once: {replaced:?}"
    );
    assert_eq!(replaced[0]["outcome"], "ok", "audit: {}", replaced[0]);
    let gone = replaced[0]["key_hash"].as_str().unwrap_or_default();
    assert!(
        sim.key_snapshot(gone).is_none() && !workshop_hashes.iter().any(|h| h == gone),
        "audit: the replaced key {gone} no longer exists and is not among the saved keys"
    );
    assert_eq!(
        mode(&audit_path()),
        0o600,
        "audit.jsonl should be owner-only"
    );

    // ---- 2. CSV export of the key list ------------------------------------------------
    step("bulk 2. Export CSV… of the key list");
    app.click(Role::Button, "Export CSV…").await;
    let total = PLAIN_KEYS + BULK_COUNT;
    let text = app.wait_text(&format!("Exported {total} keys to ")).await;
    let export = path_in(&text, &dialog_dir, "keyhold-keys-");
    let (header, exported) = read_csv_table(&export);
    assert_eq!(header, KEY_COLUMNS, "keys CSV header");
    assert_eq!(exported.len(), total, "keys CSV: one row per listed key");
    let by_hash: HashMap<&str, &HashMap<String, String>> =
        exported.iter().map(|r| (r["hash"].as_str(), r)).collect();
    let mut checked = vec![
        plain[0].clone(),
        plain[1].clone(),
        plain[PLAIN_KEYS - 1].clone(),
    ];
    checked.extend(workshop_hashes.iter().take(2).cloned());
    for h in &checked {
        let row = by_hash
            .get(h.as_str())
            .unwrap_or_else(|| panic!("keys CSV: no row for {h}"));
        let snap = sim.key_snapshot(h).expect("simulator key");
        check_export_row(row, &snap, &format!("keys CSV {:?}", row["name"]));
    }
    assert_eq!(
        by_hash[plain[0].as_str()]["usage"],
        "1.23456789",
        "keys CSV: spend unformatted"
    );
    assert_eq!(
        by_hash[plain[1].as_str()]["byok_usage"],
        "0.5",
        "keys CSV: BYOK spend"
    );
    let export_text = std::fs::read_to_string(&export).unwrap();
    assert!(
        !holds_key_string(&export_text),
        "keys CSV: holds a key string"
    );

    // ---- 3. Bulk limit change on 50 keys ------------------------------------------------
    step("bulk 3. select the 50 plain keys and cap them at $20 a month (one action)");
    let search = app.wait(Role::Textbox, "Search keys").await;
    app.type_into(&search, PLAIN_SEARCH).await;
    app.wait_text(&format!("{total} keys · {PLAIN_KEYS} shown"))
        .await;
    app.click(Role::Checkbox, &format!("Select all {PLAIN_KEYS} filtered"))
        .await;
    app.wait_text(&format!("{PLAIN_KEYS} selected")).await;
    bulk_edit(
        &app,
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
    for h in &plain {
        let snap = sim.key_snapshot(h).expect("plain key");
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
    // Workshop keys untouched.
    for h in &workshop_hashes {
        assert_eq!(sim.key_snapshot(h).unwrap()["limit"].as_f64(), Some(2.0));
    }

    step("bulk 3. audit.jsonl: one bulk_update per key, with its limit and its reset");
    let audit = read_audit(&audit_path());
    let bulk: Vec<&Value> = audit
        .iter()
        .filter(|e| e["action"] == "bulk_update")
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
    let all_bulk_updates = audit
        .iter()
        .filter(|e| e["action"] == "bulk_update")
        .count();

    step("bulk 3. the Audit log screen lists them (action filter) and exports CSV");
    app.click(Role::Button, "Audit log").await;
    app.wait(Role::Textbox, "Filter by key").await;
    let action = app.wait(Role::Combobox, "Action").await;
    app.choose(&action, "Bulk edited").await;
    app.wait_text(&format!("{all_bulk_updates} entries")).await;
    let listed = eventually("the audit table to list the bulk edits only", || async {
        table_rows(&app, "Audit entries")
            .await
            .filter(|r| r.len() == all_bulk_updates && r.iter().all(|c| c[1] == "Bulk edited"))
    })
    .await;
    let listed_names: HashSet<&str> = listed.iter().map(|r| r[2].as_str()).collect();
    for n in &plain_names {
        assert!(
            listed_names.contains(n.as_str()),
            "audit screen: {n} listed"
        );
    }
    app.screenshot("audit-log").await;
    app.click(Role::Button, "Export CSV…").await;
    let text = app.wait_text("Exported to ").await;
    let audit_export = path_in(&text, &dialog_dir, "keyhold-audit-");
    let (header, audit_rows) = read_csv_table(&audit_export);
    assert_eq!(header.len(), AUDIT_COLUMNS, "audit CSV columns: {header:?}");
    assert_eq!(
        audit_rows.len(),
        all_bulk_updates,
        "audit CSV: the filtered entries"
    );

    step("bulk 3. audit filters: by key, then by date");
    let one = "key-0001";
    let key_filter = app.wait(Role::Textbox, "Filter by key").await;
    app.type_into(&key_filter, one).await;
    app.wait_text("1 entry").await;
    let rows = eventually("the audit table to list key-0001's bulk edit", || async {
        table_rows(&app, "Audit entries")
            .await
            .filter(|r| r.len() == 1 && r[0][2] == one)
    })
    .await;
    assert!(
        rows[0][3].contains("limit:")
            && rows[0][3].contains("→ 20")
            && rows[0][3].contains("reset:")
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
    app.wait_text(&format!("{} entries", read_audit(&audit_path()).len()))
        .await;

    // ---- 6. Names from a CSV file; a shift-click range; bulk delete ----------------------
    step("bulk 6. Import CSV… (BOM, header, semicolons, quotes, an empty line) → names with their own limits");
    let lab = ["Lab; table 1", "Lab \"table\" 2", "Lab table 3"];
    std::fs::write(
        dialog_dir.join("import.csv"),
        "\u{feff}Name;Limit\r\n\"Lab; table 1\";1,50\r\n\r\n\"Lab \"\"table\"\" 2\";\r\nLab table 3;$3\r\n",
    )
    .expect("write import.csv");
    app.click(Role::Button, "Keys").await;
    wait_key_count(&app, total, "back on the keys screen for the import").await;
    app.click(Role::Button, "Bulk create…").await;
    app.wait_dialog("Bulk create keys").await;
    app.click_in(&bc, Role::Radio, "A list of names").await;
    app.click_in(&bc, Role::Button, "Import CSV…").await;
    let names_box = app
        .wait_in(&bc, Role::Textbox, "Names (one per line)", Match::Exact)
        .await;
    let want_text = lab.join("\n");
    eventually("the imported names in the names box", || async {
        (app.value_of(&names_box).await == want_text).then_some(())
    })
    .await;
    wait_dialog_text(
        &app,
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
    let preview = eventually("the import preview with 3 rows", || async {
        table_rows(&app, "Keys to create")
            .await
            .filter(|r| r.len() == 3)
    })
    .await;
    let want_limits = ["$1.50", "$1.00", "$3.00"];
    for (i, r) in preview.iter().enumerate() {
        assert_eq!(r[1], lab[i], "import preview row {}: name", i + 1);
        assert_eq!(r[2], want_limits[i], "import preview row {}: limit", i + 1);
        assert_eq!(r[4], "OK", "import preview row {}: check", i + 1);
    }
    app.click_in(&bc, Role::Button, "Create 3 keys").await;
    app.wait_dialog("Your new keys").await;
    eventually("3 rows in the batch reveal", || async {
        table_rows(&app, "New keys").await.filter(|r| r.len() == 3)
    })
    .await;
    app.click_in(&reveal, Role::Button, "I have saved them")
        .await;
    app.wait_dialog_gone("Your new keys").await;
    wait_dialog_text(&app, "Bulk create keys", "Created 3 of 3 keys.").await;
    app.click_in(&bc, Role::Button, "Done").await;
    app.wait_dialog_gone("Bulk create keys").await;
    wait_key_count(&app, total + 3, "after the import").await;
    let lab_keys: HashMap<String, String> = read_audit(&audit_path())
        .iter()
        .filter(|e| e["action"] == "bulk_create" && e["outcome"] == "ok")
        .filter(|e| lab.contains(&e["key_name"].as_str().unwrap_or_default()))
        .map(|e| {
            (
                e["key_name"].as_str().unwrap().to_string(),
                e["key_hash"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        lab_keys.len(),
        3,
        "audit: the 3 imported keys: {lab_keys:?}"
    );
    for (name, want) in lab.iter().zip([1.5, 1.0, 3.0]) {
        let snap = sim.key_snapshot(&lab_keys[*name]).expect("imported key");
        assert_eq!(snap["name"], *name, "simulator: imported name");
        assert_eq!(
            snap["limit"].as_f64(),
            Some(want),
            "simulator: {name} limit"
        );
    }

    step("bulk 6. a checkbox, then shift-click two rows down → the range of 3 is selected");
    let search = app.wait(Role::Textbox, "Search keys").await;
    app.type_into(&search, "Lab").await;
    app.wait_text(&format!("{} keys · 3 shown", total + 3))
        .await;
    let order = eventually("the 3 imported keys listed", || async {
        let v = app.visible_row_hashes().await;
        (v.len() == 3).then_some(v)
    })
    .await;
    let name_of = |h: &str| {
        lab_keys
            .iter()
            .find(|(_, v)| v.as_str() == h)
            .map(|(k, _)| k.clone())
            .unwrap_or_else(|| panic!("listed row {h} is not an imported key"))
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

    step("bulk 6. Delete… the 3 selected: type the number of keys to confirm");
    app.click_in(&bulk_bar(), Role::Button, "Delete…").await;
    let be = dialog("Bulk edit");
    app.wait_dialog("Bulk edit").await;
    app.click_in(&be, Role::Button, "Preview").await;
    eventually("the delete preview with 3 rows", || async {
        table_rows(&app, "Changes to apply")
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
    wait_dialog_text(&app, "Bulk edit", "3 of 3 keys.").await;
    app.click_in(&be, Role::Button, "Done").await;
    app.wait_dialog_gone("Bulk edit").await;
    for (name, h) in &lab_keys {
        assert!(
            sim.key_snapshot(h).is_none(),
            "simulator: {name} deleted by the bulk delete"
        );
    }
    let deletes = read_audit(&audit_path())
        .iter()
        .filter(|e| e["action"] == "bulk_delete" && e["outcome"] == "ok")
        .count();
    assert_eq!(deletes, 3, "audit: one bulk_delete per key");
    clear_search(&app).await;
    wait_key_count(&app, total, "after the bulk delete").await;

    // ---- 5. Overview ------------------------------------------------------------------
    step("bulk 5. overview screen");
    app.click(Role::Button, "Overview").await;
    app.wait_text("Credits bought").await;
    app.wait_text(&format!("Spend across {total} keys in this workspace"))
        .await;
    app.screenshot("overview").await;
    app.click(Role::Button, "Keys").await;
    wait_key_count(&app, total, "back on the keys screen").await;

    // ---- 4. Scan --------------------------------------------------------------------------
    step("bulk 4. scan: audit log and exports hold no key string, nor the management key");
    app.assert_not_in_page(&management_key, "the management key", "bulk, at the end")
        .await;
    app.close().await;
    let (log, app_log) = (driver.log.clone(), driver.app_log.clone());
    drop(driver);
    let mut needles: Vec<(String, String)> =
        vec![("the management key".into(), management_key.clone())];
    for (name, s) in &shown {
        needles.push((format!("the key string of {name:?}"), s.clone()));
    }
    let mut files: Vec<PathBuf> = vec![audit_path(), log, app_log];
    for e in std::fs::read_dir(&dialog_dir)
        .expect("list the dialog dir")
        .flatten()
    {
        if e.path() != keys_file {
            files.push(e.path());
        }
    }
    assert!(
        files.contains(&export) && files.contains(&audit_export),
        "scan: both exports are among {files:?}"
    );
    for f in &files {
        let bytes = std::fs::read(f).unwrap_or_else(|e| panic!("read {}: {e}", f.display()));
        assert!(
            !holds_key_string(&String::from_utf8_lossy(&bytes)),
            "scan: {} holds a key string",
            f.display()
        );
        for (what, secret) in &needles {
            assert!(
                !scan::file_contains(f, secret.as_bytes()),
                "scan: {what} is in {}",
                f.display()
            );
        }
    }
    let mut scanned = 0;
    for dir in scan::app_dirs() {
        for (what, secret) in &needles {
            let (hits, read) = scan::files_containing(&dir, secret.as_bytes());
            scanned += read;
            assert!(hits.is_empty(), "scan: {what} was written to {hits:?}");
        }
    }
    assert!(
        scanned > 0,
        "scan: no app file found under {:?}",
        scan::app_dirs()
    );
    // Control: the one file meant to hold the strings does.
    for (what, secret) in &needles[1..] {
        assert!(
            scan::file_contains(&keys_file, secret.as_bytes()),
            "control: {what} should be in the saved key-strings file"
        );
    }
    // The key strings are live (simulated) keys: remove their only copy on disk.
    std::fs::remove_file(&keys_file).expect("remove the saved key strings");
}
