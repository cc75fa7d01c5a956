//! Where the money goes: a key's page (its 30 completed days, this month's
//! bars against the key's monthly usage) and the overview's runway, read from
//! the page's own table and figures and checked against the simulator.

use chrono::{Datelike, Days, NaiveDate, Utc};
use keyhold_e2e::app::{Match, Role, Scope};
use keyhold_e2e::fixture::{sim, Fixture};
use keyhold_e2e::keys_screen::{search_for, snapshot};
use keyhold_e2e::sim_keys::call;
use keyhold_e2e::{eventually, Secrets};
use openrouter_sim::SimConfig;
use serde_json::{json, Value};

/// `$1,234.50` → 1234.5.
fn dollars(text: &str) -> f64 {
    let t = text.trim().replace(['$', ','], "");
    t.parse()
        .unwrap_or_else(|_| panic!("not a dollar amount: {text:?}"))
}

fn num(v: &Value, field: &str) -> f64 {
    v[field].as_f64().unwrap_or(0.0)
}

/// The enabled, unexpiring key of the default workspace with the most spend
/// this month before today, whose name no other key has.
async fn busiest_key(sim: &openrouter_sim::Sim) -> (String, String) {
    let (status, body) = call(sim, "GET", "/keys", None).await;
    assert_eq!(status, 200, "list keys on the simulator");
    let keys = body["data"].as_array().expect("keys").clone();
    let unique = |name: &str| keys.iter().filter(|k| k["name"] == json!(name)).count() == 1;
    let best = keys
        .iter()
        .filter(|k| k["disabled"] == json!(false) && k["expires_at"].is_null())
        .filter(|k| unique(k["name"].as_str().unwrap_or("")))
        .max_by(|a, b| {
            let spent = |k: &Value| num(k, "usage_monthly") - num(k, "usage_daily");
            spent(a).total_cmp(&spent(b))
        })
        .expect("the demo account has keys");
    (
        best["hash"].as_str().unwrap().to_string(),
        best["name"].as_str().unwrap().to_string(),
    )
}

/// Signs in without remembering the key. (The demo account lists only its
/// default workspace's active keys at first, so the shared helper's "every
/// key of the simulator" count does not apply.)
async fn sign_in_for_this_session(f: &Fixture) {
    let app = &f.app;
    let field = app.wait(Role::Textbox, "Management key").await;
    app.type_into(&field, &f.management_key).await;
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
    app.wait(Role::Textbox, "Search keys").await;
}

/// A key's page: 30 completed days in its table, today apart, and this
/// month's completed days adding up to the key's monthly usage minus today;
/// Back returns to the list as it was. Then the overview's runway.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_page_and_runway() {
    let sim = sim(SimConfig::demo(11)).await;
    let (hash, name) = busiest_key(&sim).await;
    let f = Fixture::launch("key_page_and_runway", sim).await;
    let app = &f.app;
    sign_in_for_this_session(&f).await;
    let found = search_for(app, &name).await;
    assert_eq!(found, vec![hash.clone()], "search finds the key");
    app.click(Role::Button, &format!("Open {name}")).await;
    app.wait_text("Daily spend, last 30 completed days, by model")
        .await;
    app.click(Role::Any, "Show the figures as a table").await;
    let rows = eventually("the chart's table", || async {
        let v = app
            .js(
                "return Array.from(document.querySelectorAll('tr[data-day]'))\
                   .filter((r) => r.offsetParent !== null)\
                   .map((r) => [r.dataset.day, r.querySelector('td.num').textContent]);",
                vec![],
            )
            .await;
        let rows: Vec<(String, String)> = serde_json::from_value(v).ok()?;
        (!rows.is_empty()).then_some(rows)
    })
    .await;
    let today = Utc::now().date_naive();
    let days: Vec<(NaiveDate, f64)> = rows
        .iter()
        .filter(|(d, _)| d != "today")
        .map(|(d, v)| (d.parse().expect("a UTC day"), dollars(v)))
        .collect();
    assert_eq!(days.len(), 30, "the chart's 30 completed days");
    assert_eq!(days[0].0, today - Days::new(30), "first day");
    assert_eq!(days[29].0, today - Days::new(1), "last day: yesterday");
    let key = snapshot(&f.sim, &hash);
    let today_row = rows
        .iter()
        .find(|(d, _)| d == "today")
        .expect("today apart");
    assert!((dollars(&today_row.1) - num(&key, "usage_daily")).abs() < 0.005);

    let month = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap();
    let this_month: Vec<f64> = days
        .iter()
        .filter(|(d, _)| *d >= month)
        .map(|(_, v)| *v)
        .collect();
    let shown: f64 = this_month.iter().sum();
    let expected = num(&key, "usage_monthly") - num(&key, "usage_daily");
    // Each row is rounded to the cent on screen.
    let slack = 0.005 * this_month.len() as f64 + 1e-9;
    assert!(
        (shown - expected).abs() <= slack,
        "this month's bars {shown} vs monthly usage minus today {expected}"
    );
    let figure = app
        .js(
            "return document.querySelector('[data-figure=\"month-completed\"]').textContent;",
            vec![],
        )
        .await;
    assert!((dollars(figure.as_str().unwrap()) - expected).abs() < 0.005);
    app.wait_text("Spending cap").await;
    app.screenshot("key-page").await;

    app.click(Role::Button, "← Back to keys").await;
    let search = app.wait(Role::Textbox, "Search keys").await;
    assert_eq!(
        app.value_of(&search).await,
        name,
        "the list keeps its search"
    );

    // The overview: the account's burn rate over the last 7 completed days.
    let (_, activity) = call(&f.sim, "GET", "/activity", None).await;
    let week_start = (today - Days::new(7)).to_string();
    let burn: f64 = activity["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["date"].as_str().unwrap() >= week_start.as_str())
        .map(|r| num(r, "usage"))
        .sum::<f64>()
        / 7.0;
    let (_, credits) = call(&f.sim, "GET", "/credits", None).await;
    let balance = num(&credits["data"], "total_credits") - num(&credits["data"], "total_usage");
    assert!(
        burn > 0.0 && balance > 0.0,
        "the demo account spends and has credits"
    );
    let days_left = (balance / burn).floor() as u64;
    app.click(Role::Button, "Overview").await;
    app.wait_text("Where the money goes").await;
    let runway = eventually("the runway figure", || async {
        app.js(
            "const e = document.querySelector('[data-figure=\"runway\"]'); return e ? e.textContent : null;",
            vec![],
        )
        .await
        .as_str()
        .map(str::to_string)
    })
    .await;
    assert!(
        days_left >= 30,
        "the demo's balance lasts weeks, not {days_left} days"
    );
    assert_eq!(
        runway.trim(),
        format!(
            "About {} days of credits left at this rate.",
            keyhold_e2e::thousands(days_left)
        )
    );
    app.screenshot("overview-spend").await;
    f.finish(Secrets::none()).await;
}
