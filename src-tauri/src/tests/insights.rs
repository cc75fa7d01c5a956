//! The overview's picture and a key's page, against the simulator's demo
//! account: its seeded daily histories are what both the usage windows and
//! `/activity` are computed from, so the two must agree.

use chrono::{Datelike, NaiveDate, Utc};
use openrouter_sim::{Sim, SimConfig};
use secrecy::SecretString;
use serde_json::Value;

use super::{app, TestSession};
use crate::app_state::AppState;
use crate::dto_insights::{CreatorView, GuardrailView, RunwayView};
use crate::keychain::Keychain;

async fn demo(personal: bool) -> Sim {
    Sim::start(SimConfig {
        personal_account: personal,
        ..SimConfig::demo(7)
    })
    .await
    .expect("simulator starts")
}

async fn signed_in(sim: &Sim, test: &str) -> AppState {
    let kc = Keychain::new(&format!("insights-test-{test}-{}", std::process::id()));
    let st = app(kc, None, Some(sim.base_url()), |_| {});
    st.sign_in(SecretString::from(sim.management_key()), false)
        .await
        .expect("management key signs in");
    st
}

fn num(v: &Value, field: &str) -> f64 {
    v[field].as_f64().unwrap_or(0.0)
}

/// The demo keys with spend this month (as the simulator holds them),
/// highest first.
async fn spenders(sim: &Sim, st: &AppState) -> Vec<(String, Value)> {
    let mut keys: Vec<(String, Value)> = list_all(st)
        .await
        .into_iter()
        .filter_map(|h| sim.key_snapshot(&h).map(|k| (h, k)))
        .filter(|(_, k)| num(k, "usage_monthly") > 0.0)
        .collect();
    keys.sort_by(|a, b| num(&b.1, "usage_monthly").total_cmp(&num(&a.1, "usage_monthly")));
    keys
}

async fn list_all(st: &AppState) -> Vec<String> {
    let mut hashes = Vec::new();
    for ws in st.s().info.workspaces.clone() {
        let keys = st
            .s()
            .list_keys(crate::dto::ListKeysInput {
                workspace_id: Some(ws.id),
                include_disabled: true,
                include_expired: true,
            })
            .await
            .unwrap();
        hashes.extend(keys.into_iter().map(|k| k.hash));
    }
    hashes
}

#[tokio::test]
async fn a_keys_month_of_completed_days_matches_its_monthly_usage_minus_today() {
    let sim = demo(false).await;
    let st = signed_in(&sim, "month").await;
    let keys = spenders(&sim, &st).await;
    assert!(keys.len() >= 5, "the demo has keys with spend this month");
    let today = Utc::now().date_naive();
    let month = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap();
    for (hash, snapshot) in keys.iter().take(5) {
        let page = st.s().key_insights(hash).await.unwrap();
        let h = &page.history;
        assert_eq!(h.days.len(), 30);
        assert_eq!(h.last_day, (today.pred_opt().unwrap()).to_string());
        let completed: f64 = h
            .days
            .iter()
            .filter(|d| d.date.parse::<NaiveDate>().unwrap() >= month)
            .map(|d| d.total)
            .sum();
        let expected = num(snapshot, "usage_monthly") - num(snapshot, "usage_daily");
        assert!(
            (completed - expected).abs() < 1e-6,
            "{hash}: {completed} vs {expected}"
        );
        // Each day's models add up to the day, and the models to the history.
        for d in &h.days {
            let parts: f64 = d.models.iter().map(|m| m.usage).sum();
            assert!((parts - d.total).abs() < 1e-9);
        }
        let by_model: f64 = h.models.iter().map(|m| m.usage).sum();
        assert!((by_model - h.total).abs() < 1e-6);
        // The guardrail shown is the one the key is assigned to.
        match (&page.guardrail, sim.guardrail_of(hash)) {
            (GuardrailView::Assigned { id, .. }, Some(expected)) => assert_eq!(*id, expected),
            (GuardrailView::None, None) => {}
            (shown, expected) => panic!("{hash}: shown {shown:?}, assigned {expected:?}"),
        }
        // An organization: the creator is a member, by name.
        match (&page.creator, snapshot["creator_user_id"].as_str()) {
            (CreatorView::Member { .. }, Some(_)) | (CreatorView::NotRecorded, None) => {}
            (CreatorView::UnknownMember { user_id }, Some(u)) => {
                assert_eq!(user_id, u);
                assert!(!sim.member_ids().contains(&u.to_string()));
            }
            (shown, recorded) => panic!("{hash}: creator {shown:?} for {recorded:?}"),
        }
    }
}

#[tokio::test]
async fn last_active_is_the_last_completed_day_with_spend() {
    let sim = demo(false).await;
    let st = signed_in(&sim, "last-active").await;
    let today = Utc::now().date_naive();
    let mut checked = 0;
    for (hash, snapshot) in spenders(&sim, &st).await {
        if num(&snapshot, "usage_daily") > 0.0 {
            continue; // last_used_at is today: the history cannot say that
        }
        let used = snapshot["last_used_at"].as_str().unwrap();
        let page = st.s().key_insights(&hash).await.unwrap();
        assert_eq!(page.history.last_active.as_deref(), Some(&used[..10]));
        assert!(used[..10] < *today.to_string());
        checked += 1;
        if checked == 3 {
            break;
        }
    }
    assert!(checked > 0, "some demo key last spent before today");
}

#[tokio::test]
async fn a_personal_account_shows_no_creator_and_the_page_still_loads() {
    let sim = demo(true).await;
    let st = signed_in(&sim, "personal").await;
    let (hash, _) = spenders(&sim, &st).await.remove(0);
    let page = st.s().key_insights(&hash).await.unwrap();
    assert_eq!(page.creator, CreatorView::NotOrganization);
    assert_eq!(page.history.days.len(), 30);
}

#[tokio::test]
async fn the_overview_reads_one_activity_request_and_gives_a_runway() {
    let sim = demo(false).await;
    let st = signed_in(&sim, "overview").await;
    let workspaces = sim.workspace_ids();
    assert!(workspaces.len() >= 2);
    sim.clear_requests();
    let whole = st.s().account_insights(None).await.unwrap();
    let activity = sim
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/activity"))
        .count();
    assert_eq!(activity, 1, "one /activity request, not one per key");
    let mut sum = 0.0;
    for ws in &workspaces {
        let part = st.s().account_insights(Some(ws.clone())).await.unwrap();
        // The burn rate and runway are the account's, whichever workspace is shown.
        assert_eq!(part.account_burn_rate, whole.account_burn_rate);
        assert_eq!(part.runway, whole.runway);
        sum += part.workspace.total;
    }
    assert!((sum - whole.workspace.total).abs() < 1e-6);
    assert!(whole.account_burn_rate > 0.0, "the demo account spends");
    let last_week: f64 = whole.workspace.days[23..].iter().map(|d| d.total).sum();
    assert!((whole.account_burn_rate - last_week / 7.0).abs() < 1e-9);
    match whole.runway {
        RunwayView::Days { days } => {
            let exact = whole.balance / whole.account_burn_rate;
            assert_eq!(days, exact.floor() as u64);
        }
        other => panic!("a demo account with credits and spend has a runway, not {other:?}"),
    }
}
