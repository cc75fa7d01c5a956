//! Nothing stops a working key without saying so: a new limit at or below
//! what a key has already spent in the limit's window is named, and asked a
//! second time, before anything is sent.

use keyhold_e2e::accounts::account;
use keyhold_e2e::app::{dialog, Match, Role};
use keyhold_e2e::fixture::{signed_in_to, sim};
use keyhold_e2e::keys_screen::{row_action, search_for, wait_sim};
use keyhold_e2e::sim_keys::create_named;
use keyhold_e2e::{step, Secrets};

const BUSY_KEY: &str = "Production bot";

/// $20 a month on a key that spent $37.40 this month: the form says the key
/// stops now, Save asks again, and only "Save and stop this key" sends it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_limit_below_this_months_spend_warns_and_asks_twice() {
    let sim = sim(account()).await;
    let key = create_named(&sim, BUSY_KEY).await;
    assert!(
        sim.add_spend(&key.hash, 37.40, false),
        "setup: spend this month"
    );
    let f = signed_in_to("a_limit_below_this_months_spend_warns_and_asks_twice", sim).await;
    let app = &f.app;
    search_for(app, BUSY_KEY).await;
    row_action(app, &key.hash, "Edit", BUSY_KEY).await;
    let edit = dialog("Edit key");
    app.wait_dialog("Edit key").await;

    step("type $20 a month");
    let limit = app
        .wait_in(&edit, Role::Textbox, "Spend limit", Match::Prefix)
        .await;
    app.type_into(&limit, "20").await;
    let reset = app
        .wait_in(&edit, Role::Combobox, "Limit resets", Match::Prefix)
        .await;
    app.choose(&reset, "Monthly").await;
    app.wait_text("Spent this month: $37.40").await;
    app.wait_text("Stops this key now (spent $37.40 of a new $20.00 monthly limit)")
        .await;
    app.screenshot("edit-stop-warning").await;

    step("Save asks a second time and sends nothing yet");
    let sent_before = f.sim.requests().len();
    app.click_in(&edit, Role::Button, "Save").await;
    app.wait_in(&edit, Role::Button, "Save and stop this key", Match::Exact)
        .await;
    app.screenshot("edit-stop-confirm").await;
    assert!(
        f.sim.requests()[sent_before..]
            .iter()
            .all(|r| r.method != "PATCH"),
        "nothing may be changed before the second confirmation"
    );
    assert!(
        f.sim.key_snapshot(&key.hash).unwrap()["limit"].is_null(),
        "the key still has no limit"
    );

    step("the second yes saves");
    app.click_in(&edit, Role::Button, "Save and stop this key")
        .await;
    app.wait_dialog_gone("Edit key").await;
    wait_sim(
        &f.sim,
        &key.hash,
        "limit 20 a month after the second yes",
        |s| s["limit"].as_f64() == Some(20.0) && s["limit_reset"] == "monthly",
    )
    .await;
    f.finish(Secrets::none()).await;
}
