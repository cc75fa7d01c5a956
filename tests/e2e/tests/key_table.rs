//! The key table at a glance: at the default 1200 px window it shows what a
//! finance person scans for without sideways scrolling, and at 900 px every
//! column header is on screen and sorts when clicked.

use keyhold_e2e::accounts::{workshop, PLAIN_KEYS};
use keyhold_e2e::app::{App, Match, Role, Scope};
use keyhold_e2e::fixture::signed_in_to;
use keyhold_e2e::keys_screen::wait_key_count;
use keyhold_e2e::{eventually, step, Secrets};
use serde_json::Value;

const TABLE: &str = "table[aria-label=\"API keys\"]";

/// Each header of the key table: its text, its left and right edge, the
/// window's width, and whether the table's box scrolls sideways.
async fn headers(app: &App) -> (Vec<(String, f64, f64)>, f64, bool) {
    let v = app
        .js(
            r#"const t = document.querySelector('table[aria-label="API keys"]');
               const s = t.parentElement;
               const hs = Array.from(t.querySelectorAll('thead th')).map((th) => {
                 const r = th.getBoundingClientRect();
                 return [th.innerText.replace(/[▲▼]/g, '').trim(), r.left, r.right];
               });
               return [hs, window.innerWidth, s.scrollWidth > s.clientWidth + 1 || s.scrollLeft > 0];"#,
            vec![],
        )
        .await;
    let hs = v[0]
        .as_array()
        .expect("headers")
        .iter()
        .map(|h| {
            (
                h[0].as_str().unwrap_or_default().to_string(),
                h[1].as_f64().unwrap_or(f64::NAN),
                h[2].as_f64().unwrap_or(f64::NAN),
            )
        })
        .collect();
    (
        hs,
        v[1].as_f64().expect("innerWidth"),
        v[2].as_bool().unwrap_or(true),
    )
}

/// Every header lies inside the window and the table does not scroll sideways.
fn assert_all_in_view(hs: &[(String, f64, f64)], width: f64, scrolls: bool, at: &str) {
    assert!(!scrolls, "{at}: the key table scrolls sideways");
    for (label, left, right) in hs {
        assert!(
            *left >= 0.0 && *right <= width + 0.5,
            "{at}: header {label:?} spans {left}..{right}, outside the {width} px window"
        );
    }
}

async fn set_width(app: &App, width: u32) {
    app.client
        .set_window_size(width, 780)
        .await
        .expect("resize the window");
    eventually(
        &format!("the window to be at most {width} px wide"),
        || async {
            let w = app.js("return window.innerWidth;", vec![]).await.as_u64()?;
            (w <= u64::from(width)).then_some(())
        },
    )
    .await;
}

async fn aria_sort(app: &App, label: &str) -> Option<String> {
    let v = app
        .js(
            r#"const th = Array.from(document.querySelectorAll('table[aria-label="API keys"] thead th'))
                 .find((th) => th.innerText.replace(/[▲▼]/g, '').trim() === arguments[0]);
               return th ? th.getAttribute('aria-sort') : null;"#,
            vec![Value::from(label)],
        )
        .await;
    v.as_str().map(str::to_string)
}

/// At 1200 px: Name, Status, This month, Limit (with its bar), Expires and Guardrail
/// without scrolling, the rest in the remembered column picker; at 900 px:
/// every header in the window, and a click on each sorts by it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_table_fits_the_window() {
    let (sim, plain) = workshop().await;
    let spender = plain.hashes[0].clone();
    assert!(sim.add_spend(&spender, 4.0, false), "setup: spend");
    let f = signed_in_to("key_table_fits_the_window", sim).await;
    let app = &f.app;
    wait_key_count(app, PLAIN_KEYS, "the workshop's keys").await;

    step("at the default 1200 px: the finance columns, all in view");
    let (hs, width, scrolls) = headers(app).await;
    let labels: Vec<&str> = hs.iter().map(|h| h.0.as_str()).collect();
    assert_eq!(
        labels,
        [
            "",
            "Name",
            "Status",
            "This month",
            "Limit",
            "Expires",
            "Guardrail",
            "Actions"
        ],
        "default columns at {width} px"
    );
    assert_all_in_view(&hs, width, scrolls, "1200 px");
    app.screenshot("key-table-1200").await;

    step("the column picker adds Lifetime, and it stays in view");
    app.click(Role::Button, "Columns").await;
    app.click(Role::Checkbox, "Lifetime").await;
    app.click(Role::Button, "Done").await;
    let (hs, width, scrolls) = headers(app).await;
    assert!(
        hs.iter().any(|h| h.0 == "Lifetime"),
        "Lifetime chosen: {hs:?}"
    );
    assert_all_in_view(&hs, width, scrolls, "1200 px with Lifetime");

    step("at 900 px: every header in the window, and each one sorts");
    set_width(app, 900).await;
    let (hs, width, scrolls) = eventually("the table to fit 900 px", || async {
        let (hs, width, scrolls) = headers(app).await;
        let fits = !scrolls && hs.iter().all(|h| h.1 >= 0.0 && h.2 <= width + 0.5);
        fits.then_some((hs, width, scrolls))
    })
    .await;
    assert_all_in_view(&hs, width, scrolls, "900 px");
    app.screenshot("key-table-900").await;
    let sortable: Vec<String> = hs
        .iter()
        .map(|h| h.0.clone())
        .filter(|l| !l.is_empty() && l != "Actions")
        .collect();
    assert!(
        sortable.len() >= 5,
        "at 900 px the finance columns stay: {sortable:?}"
    );
    let head = Scope::Css(format!("{TABLE} thead"));
    for label in &sortable {
        let before = aria_sort(app, label).await;
        let button = app
            .find(&head, Role::Button, label, Match::Prefix)
            .await
            .unwrap_or_else(|| panic!("no sort button {label:?}"));
        button
            .click()
            .await
            .unwrap_or_else(|e| panic!("clicking header {label:?}: {e}"));
        let after = eventually(&format!("the table to sort by {label:?}"), || async {
            let s = aria_sort(app, label).await?;
            (s == "ascending" || s == "descending").then_some(s)
        })
        .await;
        assert_ne!(before.as_deref(), Some(after.as_str()), "{label:?} sorted");
        let (hs, width, scrolls) = headers(app).await;
        assert_all_in_view(
            &hs,
            width,
            scrolls,
            &format!("900 px after sorting by {label:?}"),
        );
    }

    step("sorting by this month puts the key with spend first");
    let month = app
        .find(&head, Role::Button, "This month", Match::Prefix)
        .await
        .expect("This month header");
    if aria_sort(app, "This month").await.as_deref() != Some("descending") {
        month.click().await.expect("click This month");
    }
    eventually("the key with spend on top", || async {
        (app.visible_row_hashes().await.first() == Some(&spender)).then_some(())
    })
    .await;

    step("no spend in 30 days: the idle keys, what that rests on, handed to the bulk Disable");
    app.click(Role::Toggle, "No spend in 30 days").await;
    let note = app.wait_text("No spend in 30 days: ").await;
    assert!(
        note.contains("never spent anything"),
        "the note says what the filter rests on: {note:.400}"
    );
    eventually(
        "the idle keys to be listed without the one with spend",
        || async {
            let hashes = app.visible_row_hashes().await;
            (!hashes.is_empty() && !hashes.contains(&spender)).then_some(())
        },
    )
    .await;
    app.screenshot("key-table-no-spend").await;
    let select = app
        .find(&Scope::Page, Role::Button, "Select these ", Match::Prefix)
        .await
        .expect("the button selecting the idle keys");
    let offered: usize = select
        .text()
        .await
        .expect("the select button's text")
        .split_whitespace()
        .find_map(|w| w.replace(',', "").parse().ok())
        .expect("a count on the select button");
    select.click().await.expect("select the idle keys");
    let count = eventually("the idle keys to be selected", || async {
        let text = app
            .js(
                "const e = document.getElementById('selected-count'); return e ? e.textContent : null;",
                vec![],
            )
            .await;
        let n: usize = text.as_str()?.split(" selected").next()?.trim().parse().ok()?;
        (n > 0).then_some(n)
    })
    .await;
    assert_eq!(count, offered, "the keys offered are the keys selected");
    assert!(
        count > 0 && count < PLAIN_KEYS,
        "{count} idle keys selected"
    );
    app.click_in(
        &Scope::Css("[aria-label=\"Bulk actions\"]".into()),
        Role::Button,
        "Disable",
    )
    .await;
    app.wait_dialog("Bulk edit").await;
    app.wait_text(&format!("{count} keys selected.")).await;
    f.finish(Secrets::none()).await;
}
