//! Spend insight on the simulator: activity and usage windows come from one
//! history, on any calendar date; spend added now lands on today.

mod common;

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc};
use common::*;
use openrouter_sim::{Sim, SimConfig};
use serde_json::Value;

fn micros(v: &Value) -> i64 {
    (v.as_f64().expect("number") * 1e6).round() as i64
}

async fn all_keys(sim: &Sim) -> Vec<Value> {
    let mut keys = Vec::new();
    for ws in sim.workspace_ids() {
        let page = get(
            sim,
            &format!("/keys?workspace_id={ws}&include_disabled=true&include_expired=true"),
        )
        .await;
        keys.extend(page.body["data"].as_array().unwrap().iter().cloned());
    }
    keys
}

/// For every key: activity of this week's / month's completed days plus
/// today's spend equals the week's / month's usage, BYOK included.
async fn check_consistency(sim: &Sim) {
    let today = sim.now().date_naive();
    let week = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    let month = today.with_day(1).unwrap();
    let keys = all_keys(sim).await;
    assert!(keys.len() > 50);
    let mut busy = 0;
    for key in keys {
        let hash = key["hash"].as_str().unwrap();
        let rows = get(sim, &format!("/activity?api_key_hash={hash}")).await;
        assert_eq!(rows.status, 200);
        let (mut w, mut m, mut bw, mut bm) = (0, 0, 0, 0);
        for row in rows.body["data"].as_array().unwrap() {
            let day: NaiveDate = row["date"].as_str().unwrap().parse().unwrap();
            assert!(day < today && day >= today - Days::new(30), "{day}");
            if day >= week {
                w += micros(&row["usage"]);
                bw += micros(&row["byok_usage_inference"]);
            }
            if day >= month {
                m += micros(&row["usage"]);
                bm += micros(&row["byok_usage_inference"]);
            }
        }
        let (daily, byok_daily) = (
            micros(&key["usage_daily"]),
            micros(&key["byok_usage_daily"]),
        );
        let name = key["name"].as_str().unwrap();
        assert_eq!(
            m + daily,
            micros(&key["usage_monthly"]),
            "{today} {name} month"
        );
        assert_eq!(
            w + daily,
            micros(&key["usage_weekly"]),
            "{today} {name} week"
        );
        assert_eq!(
            bm + byok_daily,
            micros(&key["byok_usage_monthly"]),
            "{today} {name}"
        );
        assert_eq!(
            bw + byok_daily,
            micros(&key["byok_usage_weekly"]),
            "{today} {name}"
        );
        assert!(
            micros(&key["usage_monthly"]) <= micros(&key["usage"]),
            "{name}"
        );
        if !rows.body["data"].as_array().unwrap().is_empty() {
            busy += 1;
        }
    }
    assert!(busy > 10, "{today}: only {busy} keys spent in 30 days");
}

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

#[tokio::test]
async fn activity_and_windows_agree_on_calendar_edges() {
    for now in [
        // Thursday; the month began on Wednesday, inside this week.
        at(2026, 7, 2, 15),
        // Thursday; the week began on Monday the 13th, inside the month.
        at(2026, 7, 16, 9),
        // A Monday that is also the 1st: week and month begin today.
        at(2026, 6, 1, 0),
        // A Sunday that is the 1st; the 31st of a long month.
        at(2026, 3, 1, 23),
        at(2026, 8, 31, 12),
    ] {
        let sim = start(SimConfig {
            now: Some(now),
            ..SimConfig::demo(5)
        })
        .await;
        assert_eq!(sim.now().date_naive(), now.date_naive());
        check_consistency(&sim).await;
    }
}

#[tokio::test]
async fn spend_lands_on_today_and_the_clock_moves_the_windows() {
    let sim = start(SimConfig {
        keys: 1,
        now: Some(at(2026, 7, 2, 10)),
        ..SimConfig::default()
    })
    .await;
    let hash = all_keys(&sim).await[0]["hash"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(sim.add_spend(&hash, 2.5, false));
    let key = get(&sim, &format!("/keys/{hash}")).await.body["data"].clone();
    for f in ["usage", "usage_daily", "usage_weekly", "usage_monthly"] {
        assert_eq!(key[f], 2.5, "{f}");
    }
    let rows = get(&sim, &format!("/activity?api_key_hash={hash}")).await;
    assert_eq!(
        rows.body["data"],
        Value::Array(vec![]),
        "today is not reported"
    );

    // Next Monday, through the control API: a new week, the same month.
    let reply = client()
        .post(format!("{}/_sim/clock", sim.root_url()))
        .json(&serde_json::json!({"now": "2026-07-06T08:00:00Z"}))
        .send()
        .await
        .unwrap();
    assert!(reply.status().is_success());
    let key = get(&sim, &format!("/keys/{hash}")).await.body["data"].clone();
    assert_eq!(
        (
            &key["usage_daily"],
            &key["usage_weekly"],
            &key["usage_monthly"]
        ),
        (&Value::from(0.0), &Value::from(0.0), &Value::from(2.5))
    );
    let rows = get(&sim, &format!("/activity?api_key_hash={hash}"))
        .await
        .body;
    assert_eq!(rows["data"][0]["date"], "2026-07-02");
    assert_eq!(rows["data"][0]["usage"], 2.5);
    assert_eq!(rows["data"][0]["model"], "openai/gpt-4.1");
    let one_day = get(&sim, "/activity?date=2026-07-02").await;
    assert_eq!(one_day.body["data"].as_array().unwrap().len(), 1);
    assert_eq!(get(&sim, "/activity?date=2026-07-06").await.status, 400);
    sim.reset();
    assert_eq!(sim.now().date_naive(), at(2026, 7, 2, 0).date_naive());
}

#[tokio::test]
async fn demo_history_is_deterministic_and_spans_sixty_days() {
    let config = SimConfig {
        now: Some(at(2026, 5, 20, 12)),
        ..SimConfig::demo(9)
    };
    let (a, b) = (start(config.clone()).await, start(config).await);
    let rows = get(&a, "/activity").await.body;
    assert_eq!(rows, get(&b, "/activity").await.body);
    let models: std::collections::BTreeSet<&str> = rows["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["model"].as_str().unwrap())
        .collect();
    assert!(models.len() >= 6, "{models:?}");
    assert!(models.contains("anthropic/claude-sonnet-4"));
    // Lifetime usage reaches further back than the 30 reported days.
    let keys = all_keys(&a).await;
    assert!(keys
        .iter()
        .any(|k| k["usage"].as_f64() > k["usage_monthly"].as_f64()));
}

#[tokio::test]
async fn personal_accounts_have_no_members() {
    let sim = start(SimConfig {
        personal_account: true,
        ..SimConfig::demo(3)
    })
    .await;
    assert_eq!(get(&sim, "/organization/members").await.status, 404);
    let reply = client()
        .post(format!("{}/_sim/account", sim.root_url()))
        .json(&serde_json::json!({"personal": false}))
        .send()
        .await
        .unwrap();
    assert!(reply.status().is_success());
    let members = get(&sim, "/organization/members").await.body;
    assert_eq!(members["total_count"], 8);
    assert_eq!(members["data"][0]["role"], "org:admin");
    // Keys' creators are members.
    let ids: Vec<&str> = members["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    let keys = all_keys(&sim).await;
    let creators: Vec<&str> = keys
        .iter()
        .filter_map(|k| k["creator_user_id"].as_str())
        .collect();
    assert!(creators.len() > 40);
    assert!(creators.iter().all(|c| ids.contains(c)), "{creators:?}");
}

/// Spend put on known days, read back on calendar edges: windows are UTC days,
/// Monday–Sunday weeks and months from the 1st, never rolling periods.
#[tokio::test]
async fn usage_windows_follow_the_calendar_with_known_spend() {
    let sim = start(SimConfig {
        keys: 0,
        now: Some(at(2026, 5, 31, 12)),
        ..SimConfig::default()
    })
    .await;
    let hash = sim.insert_keys(1, None).remove(0);
    let spend = |now: DateTime<Utc>, usd: f64| {
        sim.set_now(now);
        assert!(sim.add_spend(&hash, usd, false));
    };
    let windows = |now: DateTime<Utc>| {
        sim.set_now(now);
        let k = sim.key_snapshot(&hash).unwrap();
        ["usage_daily", "usage_weekly", "usage_monthly", "usage"].map(|f| micros(&k[f]))
    };
    let late = |y, m, d| Utc.with_ymd_and_hms(y, m, d, 23, 59, 0).unwrap();
    const USD: i64 = 1_000_000;

    // June 2026 began on a Monday: on Wednesday the 3rd week and month agree.
    spend(late(2026, 5, 31), 1.0); // Sunday: last week, last month
    spend(at(2026, 6, 1, 0), 2.0);
    spend(late(2026, 6, 3), 4.0);
    assert_eq!(windows(late(2026, 6, 3)), [4, 6, 6, 7].map(|n| n * USD));
    // The week that began on Monday 8 June, inside the month.
    spend(late(2026, 6, 7), 8.0);
    spend(at(2026, 6, 8, 0), 16.0);
    assert_eq!(
        windows(at(2026, 6, 10, 12)),
        [0, 16, 30, 31].map(|n| n * USD)
    );

    // 2 December 2026: the week began on Monday 30 November, before the month.
    spend(late(2026, 11, 29), 32.0); // Sunday: neither window
    spend(at(2026, 11, 30, 0), 64.0); // this week, last month
    spend(at(2026, 12, 1, 0), 128.0);
    spend(late(2026, 12, 2), 256.0);
    assert_eq!(
        windows(late(2026, 12, 2)),
        [256, 448, 384, 511].map(|n| n * USD)
    );
    // A new UTC day, then a new week, then a new month.
    assert_eq!(
        windows(at(2026, 12, 3, 0)),
        [0, 448, 384, 511].map(|n| n * USD)
    );
    assert_eq!(
        windows(at(2026, 12, 7, 0)),
        [0, 0, 384, 511].map(|n| n * USD)
    );
    assert_eq!(windows(at(2027, 1, 1, 0)), [0, 0, 0, 511].map(|n| n * USD));
}
