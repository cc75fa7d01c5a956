//! Guardrails in the real window: create "$20 a month, only openai/gpt-4.1",
//! give it to 5 keys from a bulk selection, see it in the key table's
//! Guardrail column and on a key's page, move one
//! key to another guardrail (the first then lists 4), delete the first, and
//! find each step in the audit log.

use std::collections::HashMap;

use keyhold_e2e::app::{dialog, Match, Role};
use keyhold_e2e::audit::{entries, read_audit};
use keyhold_e2e::dialogs::bulk_bar;
use keyhold_e2e::fixture::{signed_in_to, sim};
use keyhold_e2e::sim_keys::call;
use keyhold_e2e::{eventually, step, App, Secrets};
use openrouter_sim::SimConfig;
use serde_json::{json, Value};

const CAP: &str = "Interns $20";
const OTHER: &str = "Night shift";

/// The "Keys" figure of the guardrail named `name` on the Guardrails screen.
async fn keys_of(app: &App, name: &str) -> Option<String> {
    app.js(
        "const r = document.querySelector(`tr[data-guardrail=\"${arguments[0]}\"] [data-figure=\"keys\"]`);\
         return r ? r.textContent.trim() : null;",
        vec![json!(name)],
    )
    .await
    .as_str()
    .map(str::to_string)
}

async fn wait_keys_of(app: &App, name: &str, want: &str) {
    eventually(&format!("{name} lists {want} keys"), || async {
        (keys_of(app, name).await.as_deref() == Some(want)).then_some(())
    })
    .await
}

/// The key table's Guardrail column, by key name (rows shown).
async fn guardrail_column(app: &App) -> HashMap<String, String> {
    let v = app
        .js(
            "return Array.from(document.querySelectorAll('tr[data-hash]')).map((r) => [\
               r.querySelector('td.name').textContent.trim(),\
               (r.querySelector('[data-cell=\"guardrail\"]') || {textContent: ''}).textContent.trim()]);",
            vec![],
        )
        .await;
    let pairs: Vec<(String, String)> = serde_json::from_value(v).unwrap_or_default();
    pairs.into_iter().collect()
}

/// Waits until exactly the keys `names` show `guardrail` in the key table.
async fn wait_column(app: &App, guardrail: &str, names: &[&str]) {
    let mut want: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    want.sort();
    eventually(
        &format!("the key table shows {guardrail} for {want:?}"),
        || async {
            let col = guardrail_column(app).await;
            let mut got: Vec<String> = col
                .iter()
                .filter(|(_, g)| g.as_str() == guardrail)
                .map(|(n, _)| n.clone())
                .collect();
            got.sort();
            (got == want).then_some(())
        },
    )
    .await
}

/// Selects exactly the keys named `names` and opens "Guardrail…".
async fn guardrail_for(app: &App, names: &[&str]) {
    for n in names {
        app.click(Role::Checkbox, &format!("Select {n}")).await;
    }
    app.wait_text(&format!("{} selected", names.len())).await;
    app.click_in(&bulk_bar(), Role::Button, "Guardrail…").await;
    app.wait_dialog("Guardrail for").await;
}

/// Chooses `guardrail`, previews, checks each row's words and assigns.
async fn assign(app: &App, guardrail: &str, expect: &[&str]) {
    let d = dialog("Guardrail for");
    let choice = app
        .wait_in(&d, Role::Combobox, "Give them the guardrail", Match::Exact)
        .await;
    app.choose(&choice, guardrail).await;
    app.click_in(&d, Role::Button, "Preview…").await;
    let rows = eventually("the preview's rows", || async {
        let v = app
            .js(
                "return Array.from(document.querySelectorAll('tr[data-effect] td:last-child')).map((c) => c.textContent.trim());",
                vec![],
            )
            .await;
        let rows: Vec<String> = serde_json::from_value(v).ok()?;
        (!rows.is_empty()).then_some(rows)
    })
    .await;
    assert_eq!(rows, expect, "the preview says what each key leaves");
    let n = expect.len();
    let label = format!("Assign to {n} key{}", if n == 1 { "" } else { "s" });
    app.click_in(&d, Role::Button, &label).await;
    app.wait_dialog_gone("Guardrail for").await;
    app.wait_text(&format!("the guardrail “{guardrail}”")).await;
}

fn field<'a>(e: &'a Value, name: &str) -> (&'a str, &'a str) {
    let c = e["changes"]
        .as_array()
        .and_then(|a| a.iter().find(|c| c["field"] == name))
        .unwrap_or_else(|| panic!("audit entry without {name}: {e}"));
    (
        c["before"].as_str().unwrap_or(""),
        c["after"].as_str().unwrap_or(""),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cap_five_keys_move_one_delete_the_cap() {
    let sim = sim(SimConfig {
        keys: 8,
        seed: 21,
        ..SimConfig::default()
    })
    .await;
    // The guardrail one key later moves to, there before the app starts.
    let (status, _) = call(&sim, "POST", "/guardrails", Some(&json!({"name": OTHER}))).await;
    assert_eq!(status, 201, "setup: the other guardrail");
    let (_, keys) = call(&sim, "GET", "/keys", None).await;
    let hashes: HashMap<String, String> = keys["data"]
        .as_array()
        .expect("keys")
        .iter()
        .map(|k| {
            (
                k["name"].as_str().unwrap().into(),
                k["hash"].as_str().unwrap().into(),
            )
        })
        .collect();
    let hash_of = |n: &str| {
        hashes
            .get(n)
            .cloned()
            .unwrap_or_else(|| panic!("no key {n}"))
    };
    let f = signed_in_to("cap_five_keys_move_one_delete_the_cap", sim).await;
    let app = &f.app;

    step("create the guardrail: $20 a month per key, only openai/gpt-4.1");
    app.click(Role::Button, "Guardrails").await;
    app.click(Role::Button, "New guardrail…").await;
    let d = dialog("New guardrail");
    let name = app.wait_in(&d, Role::Textbox, "Name", Match::Exact).await;
    app.type_into(&name, CAP).await;
    // A budget without its reset is refused next to the field.
    let amount = app
        .wait_in(&d, Role::Textbox, "Amount (USD)", Match::Exact)
        .await;
    app.type_into(&amount, "20").await;
    app.click_in(&d, Role::Button, "Create guardrail").await;
    app.wait_text("Choose when the budget resets").await;
    let reset = app
        .wait_in(&d, Role::Combobox, "Resets", Match::Exact)
        .await;
    app.choose(&reset, "Every month").await;
    let models = app
        .wait_in(&d, Role::Textbox, "Allowed models", Match::Exact)
        .await;
    app.type_into(&models, "openai/gpt-4.1,").await;
    app.wait_in(&d, Role::Button, "Remove openai/gpt-4.1", Match::Exact)
        .await;
    app.click_in(&d, Role::Button, "Create guardrail").await;
    app.wait_dialog_gone("New guardrail").await;
    wait_keys_of(app, CAP, "0").await;
    let cap_id = {
        let (_, list) = call(&f.sim, "GET", "/guardrails", None).await;
        let cap = list["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["name"] == CAP)
            .expect("the simulator holds the new guardrail")
            .clone();
        assert_eq!(cap["limit_usd"].as_f64(), Some(20.0));
        assert_eq!(cap["reset_interval"], "monthly");
        assert_eq!(cap["allowed_models"], json!(["openai/gpt-4.1"]));
        cap["id"].as_str().unwrap().to_string()
    };

    step("give it to 5 keys from a bulk selection");
    app.click(Role::Button, "Keys").await;
    let five = ["key-0001", "key-0002", "key-0003", "key-0004", "key-0005"];
    guardrail_for(app, &five).await;
    assign(app, CAP, &["No guardrail now"; 5]).await;
    wait_column(app, CAP, &five).await;
    let col = guardrail_column(app).await;
    assert_eq!(col.len(), 8, "every key is listed: {col:?}");
    assert!(
        col.iter()
            .all(|(n, g)| five.contains(&n.as_str()) || g.as_str() == "—"),
        "the other keys hold no guardrail: {col:?}"
    );
    let first = hash_of("key-0001");
    for n in five {
        assert_eq!(
            f.sim.guardrail_of(&hash_of(n)).as_deref(),
            Some(cap_id.as_str()),
            "{n} holds the guardrail"
        );
    }

    step("the key's page names its guardrail");
    app.click(Role::Button, "Clear selection").await;
    app.click(Role::Button, "Open key-0001").await;
    let shown = eventually("the key page's guardrail", || async {
        app.js(
            "const e = document.querySelector('[data-figure=\"guardrail\"]'); return e ? e.textContent.trim() : null;",
            vec![],
        )
        .await
        .as_str()
        .map(str::to_string)
    })
    .await;
    assert_eq!(shown, CAP);
    app.wait_text("its guardrail 'Interns $20' allows $20.00 a month per key")
        .await;
    app.click(Role::Button, "← Back to keys").await;

    step("move key-0001 to the other guardrail: the preview names the one it leaves");
    guardrail_for(app, &["key-0001"]).await;
    assign(app, OTHER, &["Replaces “Interns $20”"]).await;
    wait_column(app, CAP, &five[1..]).await;
    wait_column(app, OTHER, &["key-0001"]).await;
    assert_ne!(f.sim.guardrail_of(&first).as_deref(), Some(cap_id.as_str()));
    app.click(Role::Button, "Guardrails").await;
    wait_keys_of(app, CAP, "4").await;
    wait_keys_of(app, OTHER, "1").await;
    app.screenshot("guardrails").await;

    step("delete the cap: the confirmation says 4 keys lose it");
    app.click(Role::Button, &format!("Delete {CAP}")).await;
    app.wait_dialog("Delete guardrail").await;
    app.wait_text("4 keys will lose it").await;
    app.click_in(
        &dialog("Delete guardrail"),
        Role::Button,
        "Delete guardrail",
    )
    .await;
    app.wait_dialog_gone("Delete guardrail").await;
    eventually("the cap leaves the list", || async {
        keys_of(app, CAP).await.is_none().then_some(())
    })
    .await;
    assert!(!f.sim.guardrail_ids().contains(&cap_id));
    assert_eq!(f.sim.guardrail_of(&hash_of("key-0002")), None);

    step("the audit log holds each step");
    let audit = read_audit();
    let created = entries(&audit, "guardrail_create", Some("ok"));
    assert_eq!(created.len(), 1, "one guardrail created");
    assert_eq!(field(created[0], "guardrail").1, CAP);
    assert_eq!(field(created[0], "budget").1, "20, monthly");
    assert_eq!(field(created[0], "allowed_models").1, "openai/gpt-4.1");
    let assigned = entries(&audit, "guardrail_assign", Some("ok"));
    assert_eq!(assigned.len(), 6, "5 keys given the cap, then 1 moved");
    for e in &assigned[..5] {
        assert_eq!(field(e, "guardrail"), ("none", CAP));
    }
    assert_eq!(assigned[5]["key_hash"], json!(first));
    assert_eq!(field(assigned[5], "guardrail"), (CAP, OTHER));
    let deleted = entries(&audit, "guardrail_delete", Some("ok"));
    assert_eq!(deleted.len(), 1);
    assert_eq!(field(deleted[0], "guardrail"), (CAP, "deleted"));
    assert_eq!(field(deleted[0], "keys_released").1, "4");
    app.click(Role::Button, "Audit log").await;
    app.wait_text("Guardrail deleted").await;
    app.wait_text("Guardrail: Interns $20 → Night shift").await;
    f.finish(Secrets::none()).await;
}
