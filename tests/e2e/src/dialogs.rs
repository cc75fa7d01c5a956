//! Dialog and table contents, the bulk bar and the bulk edit flow, and the
//! status lines that name a saved file.

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::app::{dialog, Role, Scope};
use crate::{eventually, App};

/// The cells' text of every body row of the table with this accessible name
/// (every row in the DOM, scrolled into view or not).
pub async fn table_rows(app: &App, label: &str) -> Option<Vec<Vec<String>>> {
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

/// Waits for the table `label` to have `n` body rows; returns them.
pub async fn wait_table_rows(app: &App, label: &str, n: usize) -> Vec<Vec<String>> {
    eventually(&format!("the table {label:?} with {n} rows"), || async {
        table_rows(app, label).await.filter(|r| r.len() == n)
    })
    .await
}

/// Visible text of the topmost dialog whose title starts with `name`.
pub async fn dialog_text(app: &App, name: &str) -> String {
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
pub async fn wait_dialog_text(app: &App, name: &str, text: &str) -> String {
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
pub fn path_in(text: &str, dir: &Path, prefix: &str) -> PathBuf {
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

/// The bulk bar, a toolbar named "Bulk actions".
pub fn bulk_bar() -> Scope {
    Scope::Css("[role=toolbar][aria-label=\"Bulk actions\"]".into())
}

/// Bulk edit of the selected keys: `action` on the bulk bar, `fill` the form,
/// preview (checking one row per key, all changing), screenshot `screen` if
/// given, apply, wait for the result (no row failed), Done.
pub async fn bulk_edit<F, Fut>(app: &App, action: &str, fill: F, keys: usize, screen: Option<&str>)
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    app.click_in(&bulk_bar(), Role::Button, action).await;
    let be = dialog("Bulk edit");
    app.wait_dialog("Bulk edit").await;
    wait_dialog_text(app, "Bulk edit", &format!("{keys} keys selected.")).await;
    fill().await;
    app.click_in(&be, Role::Button, "Preview").await;
    let rows = wait_table_rows(app, "Changes to apply", keys).await;
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
        &format!("{keys} of {keys} keys will change"),
    )
    .await;
    if let Some(screen) = screen {
        app.screenshot(screen).await;
    }
    app.click_in(&be, Role::Button, &format!("Apply to {keys} keys"))
        .await;
    wait_dialog_text(app, "Bulk edit", &format!("Updated {keys} of {keys} keys.")).await;
    let text = dialog_text(app, "Bulk edit").await;
    assert!(
        !text.contains("failed."),
        "bulk edit ({action}): no row should fail: {text:.600}"
    );
    app.click_in(&be, Role::Button, "Done").await;
    app.wait_dialog_gone("Bulk edit").await;
}
