//! The key list from the keyboard: after a delete confirmed with Enter, the
//! focus stays in the list (on the key that moved up, or on the search field
//! when the row itself went), never on nothing.

use keyhold_e2e::accounts::account;
use keyhold_e2e::app::{App, Match, Role, Scope};
use keyhold_e2e::fixture::{signed_in_to, sim, Fixture};
use keyhold_e2e::keys_screen::delete_confirm_button;
use keyhold_e2e::sim_keys::create_named;
use keyhold_e2e::{eventually, Secrets};

const ENTER: &str = "\u{e007}";

/// What has the keyboard focus: its accessible label, or its id.
async fn focused(app: &App) -> String {
    app.js(
        "const a = document.activeElement;
         return a === null || a === document.body ? 'nothing'
           : a.getAttribute('aria-label') || a.id || a.tagName;",
        vec![],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// The search field, by its id or its label.
const SEARCH_FIELD: [&str; 2] = ["search-keys", "Search keys"];

/// Waits until the focus is on one of `want` (labels or ids).
async fn wait_focus(app: &App, what: &str, want: &[&str]) {
    eventually(what, || async {
        want.contains(&focused(app).await.as_str()).then_some(())
    })
    .await;
}

/// Presses Enter on the Delete button of `name` (WebDriver focuses it first
/// when it is not already), then on the dialog's confirm button, and waits
/// for the dialog to close and the key to be gone from the simulator.
async fn delete_from_keyboard(f: &Fixture, name: &str, hash: &str) {
    let app = &f.app;
    let button = app
        .wait_in(
            &Scope::Page,
            Role::Button,
            &format!("Delete {name}"),
            Match::Exact,
        )
        .await;
    button.send_keys(ENTER).await.expect("Enter on Delete");
    let confirm = delete_confirm_button(app, name).await;
    confirm.send_keys(ENTER).await.expect("Enter on confirm");
    app.wait_dialog_gone("Delete").await;
    eventually(&format!("{name} gone from the simulator"), || async {
        f.sim.key_snapshot(hash).is_none().then_some(())
    })
    .await;
}

/// Three keys found by a search, deleted with Enter only: the last row's key,
/// then the other two one after the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_from_the_keyboard_keeps_the_focus_in_the_list() {
    let sim = sim(account()).await;
    let first = create_named(&sim, "Kbd focus A").await;
    let second = create_named(&sim, "Kbd focus B").await;
    let third = create_named(&sim, "Kbd focus C").await;
    let f = signed_in_to("deleting_from_the_keyboard", sim).await;
    let app = &f.app;
    let search = app.wait(Role::Textbox, "Search keys").await;
    app.type_into(&search, "Kbd focus").await;
    eventually("the three keys listed", || async {
        let mut each = true;
        for name in ["Kbd focus A", "Kbd focus B", "Kbd focus C"] {
            each &= app.row_hashes(name).await.len() == 1;
        }
        each.then_some(())
    })
    .await;

    // The last row goes with its key (the table keeps it, hidden, for the
    // next search): the search field takes the focus.
    delete_from_keyboard(&f, "Kbd focus C", &third.hash).await;
    wait_focus(
        app,
        "the focus on the search field once its row went",
        &SEARCH_FIELD,
    )
    .await;

    delete_from_keyboard(&f, "Kbd focus A", &first.hash).await;
    wait_focus(
        app,
        "the focus on the Delete button of the key that moved up",
        &["Delete Kbd focus B"],
    )
    .await;

    // Enter on the button that kept the focus deletes the key now in its row.
    delete_from_keyboard(&f, "Kbd focus B", &second.hash).await;
    wait_focus(
        app,
        "the focus on the search field once no row is left",
        &SEARCH_FIELD,
    )
    .await;
    f.finish(Secrets::none()).await;
}
