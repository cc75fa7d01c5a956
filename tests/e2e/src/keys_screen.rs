//! The keys screen: the key count, search, a row's actions, the one-time
//! reveal of a new key string, and what the simulator holds for a key.

use std::time::Duration;

use chrono::{DateTime, Utc};
use openrouter_sim::Sim;
use serde_json::Value;

use fantoccini::elements::Element;

use crate::app::{dialog, row, Match, Role};
use crate::{eventually, eventually_for, App};

/// Waits for the keys screen to say it lists `n` keys: the count text
/// ("250 keys") or the table's `aria-rowcount` (with or without its header row).
pub async fn wait_key_count(app: &App, n: usize, what: &str) {
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

/// Types into "Search keys" and waits until a row named `name` is visible;
/// returns the hashes of the rows named exactly `name`.
pub async fn search_for(app: &App, name: &str) -> Vec<String> {
    let search = app.wait(Role::Textbox, "Search keys").await;
    app.type_into(&search, name).await;
    eventually(&format!("a row named {name:?} after searching"), || async {
        let hashes = app.row_hashes(name).await;
        (!hashes.is_empty()).then_some(hashes)
    })
    .await
}

pub async fn clear_search(app: &App) {
    let search = app.wait(Role::Textbox, "Search keys").await;
    app.set_value(&search, "").await;
}

/// Clicks the row action `action` ("Edit", "Disable", …) of the key `name` with `hash`.
pub async fn row_action(app: &App, hash: &str, action: &str, name: &str) {
    app.click_in(&row(hash), Role::Button, &format!("{action} {name}"))
        .await;
}

/// The open Delete dialog's confirm button, once `name` is typed where the
/// dialog asks for it (a key with recent use).
pub async fn delete_confirm_button(app: &App, name: &str) -> Element {
    let delete = dialog("Delete");
    app.wait_dialog("Delete").await;
    if let Some(field) = app.find(&delete, Role::Textbox, "", Match::Contains).await {
        app.type_into(&field, name).await;
    }
    eventually("the Delete confirm button", || async {
        for label in ["Delete", "Delete key", &format!("Delete {name}")] {
            if let Some(el) = app.find(&delete, Role::Button, label, Match::Exact).await {
                return Some(el);
            }
        }
        None
    })
    .await
}

/// The simulator's current version of a key; panics when there is none.
pub fn snapshot(sim: &Sim, hash: &str) -> Value {
    sim.key_snapshot(hash)
        .unwrap_or_else(|| panic!("the simulator has no key {hash}"))
}

/// Waits until the simulator's version of a key satisfies `ok`.
pub async fn wait_sim<F>(sim: &Sim, hash: &str, what: &str, ok: F) -> Value
where
    F: Fn(&Value) -> bool,
{
    eventually(&format!("simulator: {what}"), || async {
        let snap = sim.key_snapshot(hash)?;
        ok(&snap).then_some(snap)
    })
    .await
}

/// An RFC 3339 time from a simulator snapshot field.
pub fn parse_time(v: &Value) -> DateTime<Utc> {
    let s = v.as_str().unwrap_or_else(|| panic!("not a time: {v}"));
    DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("bad time {s:?}: {e}"))
        .with_timezone(&Utc)
}

/// The system clipboard's text (`xclip`), if any.
pub fn clipboard_text() -> Option<String> {
    let out = std::process::Command::new("xclip")
        .args(["-selection", "clipboard", "-o"])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The reveal dialog's key string once "Show" was clicked.
pub async fn shown_secret(app: &App) -> String {
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

/// The reveal dialog ("Your new key"): screenshot `screen`, Show (returns the
/// string), optionally Copy and check the system clipboard, then "I have
/// saved it" and check the string left the DOM and web storage.
pub async fn reveal_and_close(app: &App, screen: &str, copy: bool) -> String {
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
