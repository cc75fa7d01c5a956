//! The warnings watch against the simulator: what one refresh raises, what
//! it tells once, what it does not report, and how much it asks of the API.

use std::sync::{Arc, Mutex};

use keyhold_ops::alerts::{format_usd, Alert, Condition};
use openrouter_sim::{FaultRule, Faults, RateLimitFault, Sim, SimConfig};
use secrecy::SecretString;

use super::{app, TestSession};
use crate::app_state::AppState;
use crate::dto::{CreateKeyInput, ResetPeriod, SessionMode};
use crate::error::ErrorCode;
use crate::keychain::Keychain;
use crate::watch::{AlertSink, AlertsView, WatchStatus};

/// Records what the watch tells, as the window and the desktop would get it.
#[derive(Default)]
struct Told {
    raised: Mutex<Vec<Alert>>,
    modes: Mutex<Vec<SessionMode>>,
    changes: Mutex<Vec<AlertsView>>,
}

impl AlertSink for Told {
    fn raised(&self, alerts: &[Alert], mode: SessionMode) {
        self.raised.lock().unwrap().extend_from_slice(alerts);
        self.modes.lock().unwrap().push(mode);
    }
    fn changed(&self, view: &AlertsView) {
        self.changes.lock().unwrap().push(view.clone());
    }
}

impl Told {
    fn take_raised(&self) -> Vec<Alert> {
        std::mem::take(&mut *self.raised.lock().unwrap())
    }
}

async fn signed_in(sim: &Sim, test: &str) -> (AppState, Arc<Told>) {
    let kc = Keychain::new(&format!("alerts-test-{test}-{}", std::process::id()));
    let st = app(kc, None, Some(sim.base_url()), |_| {});
    let told = Arc::new(Told::default());
    st.platform.set_alert_sink(told.clone());
    st.sign_in(SecretString::from(sim.management_key()), false)
        .await
        .expect("management key signs in");
    (st, told)
}

async fn sim(keys: usize) -> Sim {
    Sim::start(SimConfig {
        keys,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts")
}

fn limited(name: &str, limit: &str) -> CreateKeyInput {
    CreateKeyInput {
        name: name.into(),
        limit: Some(limit.into()),
        limit_reset: Some(ResetPeriod::Monthly),
        include_byok_in_limit: false,
        expires_at: None,
        workspace_id: None,
    }
}

#[tokio::test]
async fn spend_over_80_percent_is_told_once() {
    let sim = sim(2).await;
    let (st, told) = signed_in(&sim, "limit").await;
    let key = st
        .s()
        .create_key(limited("Billing bot", "20"))
        .await
        .unwrap();
    st.s().refresh_alerts().await.unwrap();
    assert!(
        told.take_raised().is_empty(),
        "nothing is over a threshold yet"
    );

    assert!(sim.add_spend(&key.key.hash, 17.0, false));
    let view = st.s().refresh_alerts().await.unwrap();
    let raised = told.take_raised();
    assert_eq!(raised.len(), 1, "{raised:?}");
    assert!(matches!(
        &raised[0].condition,
        Condition::LimitReached { hash, percent: 80, .. } if *hash == key.key.hash
    ));
    assert!(raised[0].title.contains("Billing bot"));
    assert_eq!(*told.modes.lock().unwrap(), [SessionMode::SessionOnly]);
    assert_eq!(view.active.len(), 1);
    assert_eq!(
        view.active[0].key_hash.as_deref(),
        Some(key.key.hash.as_str())
    );
    assert_eq!(view.status, WatchStatus::Watching);

    st.s().refresh_alerts().await.unwrap();
    assert!(
        told.take_raised().is_empty(),
        "an active warning is not told again"
    );
}

#[tokio::test]
async fn only_the_warned_keys_names_are_kept() {
    let sim = sim(5).await;
    let (st, _told) = signed_in(&sim, "names").await;
    let key = st
        .s()
        .create_key(limited("Billing bot", "20"))
        .await
        .unwrap();
    assert!(sim.add_spend(&key.key.hash, 19.0, false));
    let view = st.s().refresh_alerts().await.unwrap();
    assert_eq!(view.active.len(), 1, "{view:?}");
    assert_eq!(view.active[0].key_name.as_deref(), Some("Billing bot"));
    assert_eq!(st.s().watch.names_kept(), 1, "six keys, one warned of");
}

#[tokio::test]
async fn the_demo_accounts_warnings_are_told_as_the_demos() {
    let kc = Keychain::new(&format!("alerts-test-demo-{}", std::process::id()));
    let st = app(kc, None, None, |_| {});
    let told = Arc::new(Told::default());
    st.platform.set_alert_sink(told.clone());
    st.start_demo().await.expect("the demo starts");
    st.s().refresh_alerts().await.unwrap();
    let modes = told.modes.lock().unwrap().clone();
    assert!(!modes.is_empty(), "the seeded demo account has warnings");
    assert!(modes.iter().all(|m| *m == SessionMode::Demo), "{modes:?}");
}

#[tokio::test]
async fn a_dismissed_warning_goes_to_the_history_and_stays_quiet() {
    let sim = sim(0).await;
    let (st, told) = signed_in(&sim, "dismiss").await;
    let key = st.s().create_key(limited("Crawler", "10")).await.unwrap();
    sim.add_spend(&key.key.hash, 10.0, false);
    let view = st.s().refresh_alerts().await.unwrap();
    assert_eq!(told.take_raised().len(), 1);

    let after = st.s().dismiss_alert(&view.active[0].id).unwrap();
    assert!(after.active.is_empty());
    assert_eq!(after.history.len(), 1);
    assert!(after.history[0].dismissed);
    let again = st.s().refresh_alerts().await.unwrap();
    assert!(told.take_raised().is_empty());
    assert!(again.active.is_empty());
    let bad = st.s().dismiss_alert("not a warning").unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn a_key_created_on_the_account_elsewhere_is_reported_one_created_here_is_not() {
    let sim = sim(2).await;
    let (st, told) = signed_in(&sim, "outside").await;
    st.s().refresh_alerts().await.unwrap();
    assert!(
        told.take_raised().is_empty(),
        "the first look reports nothing as new"
    );

    let here = st.s().create_key(limited("Made here", "50")).await.unwrap();
    let elsewhere = sim.insert_keys(1, None).remove(0);
    st.s().refresh_alerts().await.unwrap();
    let raised = told.take_raised();
    let appeared: Vec<&Condition> = raised
        .iter()
        .map(|a| &a.condition)
        .filter(|c| matches!(c, Condition::KeyAppeared { .. }))
        .collect();
    assert_eq!(
        appeared,
        [&Condition::KeyAppeared {
            hash: elsewhere.clone()
        }]
    );
    assert!(raised[0].title.contains("outside Keyhold"));

    st.s().delete_key(&here.key.hash).await.unwrap();
    sim.delete_key(&elsewhere);
    st.s().refresh_alerts().await.unwrap();
    let gone: Vec<Condition> = told
        .take_raised()
        .into_iter()
        .map(|a| a.condition)
        .collect();
    assert_eq!(gone, [Condition::KeyDisappeared { hash: elsewhere }]);
}

#[tokio::test]
async fn credits_below_the_warning_are_told() {
    let sim = sim(1).await;
    let (st, told) = signed_in(&sim, "credits").await;
    st.s().refresh_alerts().await.unwrap();
    assert!(told.take_raised().is_empty());
    let credits = st.s().credits().await.unwrap();
    let floor = st.warnings.get().rules.credits.below_usd.unwrap();
    let unlimited = CreateKeyInput {
        limit: None,
        ..limited("Big spender", "1")
    };
    let hash = st.s().create_key(unlimited).await.unwrap().key.hash;
    // Spend all but half the warning's amount.
    assert!(sim.add_spend(&hash, credits.remaining - floor / 2.0, false));
    st.s().refresh_alerts().await.unwrap();
    let raised = told.take_raised();
    assert_eq!(raised.len(), 1, "{raised:?}");
    assert_eq!(raised[0].condition, Condition::CreditsLow);
    assert!(raised[0].title.starts_with("Credits are down to"));
}

#[tokio::test]
async fn the_watch_asks_little_of_the_api() {
    let sim = sim(30).await;
    let (st, _told) = signed_in(&sim, "traffic").await;
    let workspaces = st.s().info.workspaces.len().max(1);
    sim.clear_requests();
    let looks = 3;
    for _ in 0..looks {
        st.s().refresh_alerts().await.unwrap();
    }
    let requests = sim.requests();
    let credits = requests
        .iter()
        .filter(|r| r.path.ends_with("/credits"))
        .count();
    let lists = requests
        .iter()
        .filter(|r| r.path.ends_with("/keys"))
        .count();
    assert_eq!(credits, looks);
    assert!(
        lists <= looks * workspaces * 2,
        "{lists} list requests for {looks} looks over {workspaces} workspaces"
    );
    let activity = requests
        .iter()
        .filter(|r| r.path.ends_with("/activity"))
        .count();
    assert!(
        activity <= 1,
        "{activity} activity requests: one a day is enough"
    );
    assert_eq!(
        requests.len(),
        credits + lists + activity,
        "nothing else is asked"
    );
    assert!(requests.iter().all(|r| r.method == "GET"));
}

#[tokio::test]
async fn told_to_slow_down_the_watch_says_so() {
    let sim = sim(1).await;
    let (st, told) = signed_in(&sim, "429").await;
    sim.set_faults(Faults {
        rate_limit: Some(RateLimitFault {
            rule: FaultRule::every_nth(1),
            retry_after_secs: 0,
        }),
        ..Faults::default()
    });
    let err = st.s().refresh_alerts().await.unwrap_err();
    assert_eq!(err.code, ErrorCode::RateLimited);
    let last = told.changes.lock().unwrap().last().cloned().unwrap();
    assert!(matches!(last.status, WatchStatus::RateLimited { .. }));
    assert!(told.take_raised().is_empty());
}

#[tokio::test]
async fn a_warning_told_before_is_not_told_again_after_signing_in_again() {
    let sim = sim(0).await;
    let dir = tempfile::tempdir().unwrap();
    let kc = Keychain::new(&format!("alerts-test-again-{}", std::process::id()));
    let st = app(
        kc,
        Some(dir.path().to_path_buf()),
        Some(sim.base_url()),
        |_| {},
    );
    let told = Arc::new(Told::default());
    st.platform.set_alert_sink(told.clone());
    let key = SecretString::from(sim.management_key());
    st.sign_in(key.clone(), false).await.unwrap();
    let created = st.s().create_key(limited("Nightly", "10")).await.unwrap();
    sim.add_spend(&created.key.hash, 9.6, false);
    st.s().refresh_alerts().await.unwrap();
    assert_eq!(told.take_raised().len(), 1);

    st.sign_out().await.unwrap();
    st.sign_in(key, false).await.unwrap();
    let view = st.s().alerts();
    assert_eq!(
        view.active.len(),
        1,
        "the memory is the account's, kept on disk"
    );
    st.s().refresh_alerts().await.unwrap();
    assert!(told.take_raised().is_empty());
    let stored = std::fs::read_to_string(
        std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("alerts-")
            })
            .expect("the watch's memory is saved"),
    )
    .unwrap();
    assert!(!stored.contains(&sim.management_key()));
    assert!(!stored.contains("sk-or-"));
}

#[tokio::test]
async fn the_runway_warning_uses_the_overviews_burn_rate() {
    let sim = Sim::start(SimConfig {
        demo: true,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    let (st, told) = signed_in(&sim, "runway").await;
    let mut settings = st.warnings.get();
    settings.rules.credits.runway_days_below = Some(365);
    st.warnings.save(settings).unwrap();
    let overview = st.s().account_insights(None).await.unwrap();
    assert!(overview.account_burn_rate > 0.0, "the demo spends");
    st.s().refresh_alerts().await.unwrap();
    let runway: Vec<Alert> = told
        .take_raised()
        .into_iter()
        .filter(|a| a.condition == Condition::RunwayShort)
        .collect();
    assert_eq!(runway.len(), 1, "{runway:?}");
    let rate = format!("At {} a day", format_usd(overview.account_burn_rate));
    assert!(runway[0].detail.contains(&rate), "{}", runway[0].detail);
}

#[tokio::test]
async fn a_rule_switched_off_warns_of_nothing() {
    let sim = sim(0).await;
    let (st, told) = signed_in(&sim, "off").await;
    let mut settings = st.warnings.get();
    settings.rules.limit.on = false;
    st.warnings.save(settings).unwrap();
    let created = st.s().create_key(limited("Quiet", "10")).await.unwrap();
    sim.add_spend(&created.key.hash, 10.0, false);
    let view = st.s().refresh_alerts().await.unwrap();
    assert!(told.take_raised().is_empty());
    assert!(view.active.is_empty());
}

/// Waits for the watch's first look, told through the sink.
struct FirstLook(tokio::sync::Notify);

impl AlertSink for FirstLook {
    fn raised(&self, _: &[Alert], _: SessionMode) {}
    fn changed(&self, _: &AlertsView) {
        self.0.notify_one();
    }
}

#[tokio::test]
async fn the_watch_looks_by_itself_and_ends_with_the_session() {
    let sim = sim(1).await;
    let kc = Keychain::new(&format!("alerts-test-bg-{}", std::process::id()));
    let st = app(kc, None, Some(sim.base_url()), |s| {
        s.watch_in_background = true;
        s.watch_every = Some(std::time::Duration::from_secs(3600));
    });
    let first = Arc::new(FirstLook(tokio::sync::Notify::new()));
    st.platform.set_alert_sink(first.clone());
    st.sign_in(SecretString::from(sim.management_key()), false)
        .await
        .unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(30), first.0.notified())
        .await
        .expect("the watch looks once signed in");
    assert!(sim.requests().iter().any(|r| r.path.ends_with("/credits")));
    assert_eq!(st.s().alerts().status, WatchStatus::Watching);

    let session = Arc::downgrade(&st.s());
    st.sign_out().await.unwrap();
    assert!(
        session.upgrade().is_none(),
        "a waiting watch does not keep the session alive"
    );
}
