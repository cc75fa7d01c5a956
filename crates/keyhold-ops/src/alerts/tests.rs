//! The engine over sequences of account snapshots, as the watch feeds it.

use std::collections::HashSet;

use chrono::{DateTime, Duration, TimeZone, Utc};
use openrouter_client::{Credits, Key};

use super::*;

fn key(hash: &str, name: &str, limit: Option<f64>, monthly: f64) -> Key {
    serde_json::from_value(serde_json::json!({
        "hash": hash, "name": name, "label": "sk-or-v1-abc...def",
        "disabled": false, "limit": limit, "limit_remaining": null,
        "limit_reset": "monthly", "include_byok_in_limit": false,
        "usage": monthly + 100.0, "usage_daily": 0.0, "usage_weekly": 0.0,
        "usage_monthly": monthly, "created_at": "2026-11-01T00:00:00Z"
    }))
    .unwrap()
}

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, day, hour, 0, 0).unwrap()
}

/// One refresh of `state` over `keys` at `now`, default rules, no credits.
fn refresh(state: &mut WatchState, keys: &[Key], now: DateTime<Utc>) -> Outcome {
    run(
        state,
        &AlertRules::default(),
        keys,
        None,
        now,
        &HashSet::new(),
    )
}

fn run(
    state: &mut WatchState,
    rules: &AlertRules,
    keys: &[Key],
    credits: Option<(&Credits, f64)>,
    now: DateTime<Utc>,
    changed_here: &HashSet<String>,
) -> Outcome {
    let snap = Snapshot {
        now,
        keys,
        credits: credits.map(|c| c.0),
        burn_per_day: credits.map(|c| c.1),
        grace_over: &[],
        changed_here,
    };
    state.evaluate(rules, &snap)
}

fn titles(alerts: &[Alert]) -> Vec<&str> {
    alerts.iter().map(|a| a.title.as_str()).collect()
}

#[test]
fn crossing_80_percent_is_told_once_with_the_key_and_the_figure() {
    let mut state = WatchState::default();
    let below = refresh(
        &mut state,
        &[key("a", "CI pipeline", Some(20.0), 15.0)],
        at(3, 9),
    );
    assert!(below.raised.is_empty(), "75 % is below every threshold");
    let crossed = refresh(
        &mut state,
        &[key("a", "CI pipeline", Some(20.0), 16.4)],
        at(3, 10),
    );
    assert_eq!(
        titles(&crossed.raised),
        ["'CI pipeline' has used $16.40 of its $20.00 monthly limit (82 %)"]
    );
    assert!(crossed.raised[0]
        .detail
        .contains("on 1 Jan 2027 at 00:00 UTC"));
    let again = refresh(
        &mut state,
        &[key("a", "CI pipeline", Some(20.0), 16.9)],
        at(3, 11),
    );
    assert!(
        again.raised.is_empty(),
        "still over 80 %: no second warning"
    );
    assert_eq!(state.active().count(), 1);
    assert!(
        state.active().next().unwrap().title.contains("$16.90"),
        "figures stay fresh"
    );
}

#[test]
fn a_jump_past_two_thresholds_is_one_warning_at_the_higher() {
    let mut state = WatchState::default();
    refresh(&mut state, &[key("a", "CI", Some(20.0), 1.0)], at(3, 9));
    let out = refresh(&mut state, &[key("a", "CI", Some(20.0), 19.2)], at(3, 10));
    assert_eq!(
        titles(&out.raised),
        ["'CI' has used $19.20 of its $20.00 monthly limit (96 %)"]
    );
    let full = refresh(&mut state, &[key("a", "CI", Some(20.0), 20.0)], at(3, 11));
    assert_eq!(full.raised.len(), 1, "100 % is a new threshold");
    assert!(full.raised[0].detail.starts_with("OpenRouter now refuses"));
    assert_eq!(full.cleared.len(), 1, "the 95 % warning gives way");
}

#[test]
fn cleared_and_crossed_again_is_told_again() {
    let mut state = WatchState::default();
    refresh(&mut state, &[key("a", "CI", Some(20.0), 17.0)], at(3, 9));
    let raised = refresh(&mut state, &[key("a", "CI", Some(50.0), 17.0)], at(3, 10));
    assert!(raised.raised.is_empty());
    assert_eq!(raised.cleared.len(), 1, "a higher limit clears it");
    assert_eq!(state.history().len(), 1);
    let back = refresh(&mut state, &[key("a", "CI", Some(20.0), 17.0)], at(3, 11));
    assert_eq!(back.raised.len(), 1, "back over 80 %: told again");
}

#[test]
fn a_new_window_warns_again_at_the_same_figure() {
    let mut state = WatchState::default();
    let dec = Utc.with_ymd_and_hms(2026, 12, 31, 23, 0, 0).unwrap();
    assert_eq!(
        refresh(&mut state, &[key("a", "CI", Some(20.0), 18.0)], dec)
            .raised
            .len(),
        1
    );
    // The first refresh of January sees the same monthly figure (the spend
    // of the new month): it belongs to a new window.
    let jan = Utc.with_ymd_and_hms(2027, 1, 1, 1, 0, 0).unwrap();
    let out = refresh(&mut state, &[key("a", "CI", Some(20.0), 18.0)], jan);
    assert_eq!(out.raised.len(), 1);
    assert_eq!(out.cleared.len(), 1);
}

#[test]
fn a_deleted_key_takes_its_warnings_with_it() {
    let mut state = WatchState::default();
    let changed: HashSet<String> = ["a".to_string()].into();
    let rules = AlertRules::default();
    run(
        &mut state,
        &rules,
        &[key("a", "CI", Some(20.0), 19.0)],
        None,
        at(3, 9),
        &HashSet::new(),
    );
    let out = run(&mut state, &rules, &[], None, at(3, 10), &changed);
    assert!(
        out.raised.is_empty(),
        "deleted from this app: nothing to report"
    );
    assert_eq!(out.cleared.len(), 1);
    assert_eq!(state.active().count(), 0);
}

#[test]
fn keys_created_or_deleted_elsewhere_are_reported_once() {
    let mut state = WatchState::default();
    let first = refresh(&mut state, &[key("a", "CI", None, 0.0)], at(3, 9));
    assert!(first.raised.is_empty(), "the first refresh is the baseline");
    let ours: HashSet<String> = ["b".to_string()].into();
    let rules = AlertRules::default();
    let keys = [
        key("a", "CI", None, 0.0),
        key("b", "Mine", None, 0.0),
        key("c", "Intruder", None, 0.0),
    ];
    let out = run(&mut state, &rules, &keys, None, at(3, 10), &ours);
    assert_eq!(
        titles(&out.raised),
        ["A key was created outside Keyhold: 'Intruder'"]
    );
    let quiet = run(&mut state, &rules, &keys, None, at(3, 11), &HashSet::new());
    assert!(quiet.raised.is_empty());
    let gone = run(
        &mut state,
        &rules,
        &keys[1..],
        None,
        at(3, 12),
        &HashSet::new(),
    );
    assert_eq!(
        titles(&gone.raised),
        ["The key 'CI' was deleted outside Keyhold"]
    );
}

#[test]
fn credits_below_the_floor_and_a_short_runway() {
    let mut state = WatchState::default();
    let rules = AlertRules::default();
    let plenty = Credits {
        total_credits: 100.0,
        total_usage: 20.0,
    };
    let out = run(
        &mut state,
        &rules,
        &[],
        Some((&plenty, 2.0)),
        at(3, 9),
        &HashSet::new(),
    );
    assert!(out.raised.is_empty(), "$80 at $2 a day is 40 days");
    let low = Credits {
        total_credits: 100.0,
        total_usage: 91.8,
    };
    let out = run(
        &mut state,
        &rules,
        &[],
        Some((&low, 2.0)),
        at(3, 10),
        &HashSet::new(),
    );
    assert_eq!(
        titles(&out.raised),
        ["Credits are down to $8.20", "About 4 days of credits left"]
    );
    let idle = run(
        &mut state,
        &rules,
        &[],
        Some((&low, 0.0)),
        at(3, 11),
        &HashSet::new(),
    );
    assert_eq!(idle.cleared.len(), 1, "no spend: no runway to warn about");
    assert_eq!(state.active().count(), 1, "the balance is still low");
}

#[test]
fn expiring_soon_then_expired() {
    let mut state = WatchState::default();
    let mut k = key("a", "Workshop 1", None, 0.0);
    k.expires_at = Some(at(12, 9));
    assert!(
        refresh(&mut state, &[k.clone()], at(3, 9))
            .raised
            .is_empty(),
        "9 days away"
    );
    let soon = refresh(&mut state, &[k.clone()], at(7, 9));
    assert_eq!(titles(&soon.raised), ["'Workshop 1' expires in 5 days"]);
    let past = refresh(&mut state, &[k], at(12, 10));
    assert_eq!(titles(&past.raised), ["'Workshop 1' has expired"]);
    assert_eq!(past.cleared.len(), 1);
}

#[test]
fn a_rule_switched_off_is_silent_and_clears_its_warnings() {
    let mut state = WatchState::default();
    let keys = [key("a", "CI", Some(20.0), 19.0)];
    assert_eq!(refresh(&mut state, &keys, at(3, 9)).raised.len(), 1);
    let mut rules = AlertRules::default();
    rules.limit.on = false;
    let out = run(&mut state, &rules, &keys, None, at(3, 10), &HashSet::new());
    assert!(out.raised.is_empty());
    assert_eq!(out.cleared.len(), 1);
}

#[test]
fn a_dismissed_warning_stays_quiet_until_it_comes_back() {
    let mut state = WatchState::default();
    let keys = [key("a", "CI", Some(20.0), 17.0)];
    let out = refresh(&mut state, &keys, at(3, 9));
    assert!(state.dismiss(&out.raised[0].condition, at(3, 9)));
    assert_eq!(state.active().count(), 0);
    assert!(refresh(&mut state, &keys, at(3, 10)).raised.is_empty());
    refresh(&mut state, &[key("a", "CI", Some(50.0), 17.0)], at(3, 11));
    assert_eq!(refresh(&mut state, &keys, at(3, 12)).raised.len(), 1);
}

#[test]
fn disabled_keys_and_keys_without_a_limit_never_warn() {
    let mut state = WatchState::default();
    let mut off = key("a", "Off", Some(10.0), 50.0);
    off.disabled = true;
    off.expires_at = Some(at(1, 0));
    let open = key("b", "Open", None, 500.0);
    assert!(refresh(&mut state, &[off, open], at(3, 9))
        .raised
        .is_empty());
}

#[test]
fn the_state_survives_a_restart() {
    let mut state = WatchState::default();
    let keys = [key("a", "CI", Some(20.0), 17.0)];
    refresh(&mut state, &keys, at(3, 9));
    let saved = serde_json::to_string(&state).unwrap();
    assert!(!saved.contains("sk-or-"), "no key string is stored");
    let mut restored: WatchState = serde_json::from_str(&saved).unwrap();
    assert!(refresh(&mut restored, &keys, at(3, 10)).raised.is_empty());
}

#[test]
fn windows_follow_the_utc_calendar() {
    use openrouter_client::LimitReset;
    // Wednesday 2 December: the week began on Monday 30 November.
    let now = Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0).unwrap();
    let w = window::current(Some(&LimitReset::Weekly), now);
    assert_eq!(w.id, "week-2026-11-30");
    assert_eq!(
        w.resets_at,
        Some(Utc.with_ymd_and_hms(2026, 12, 7, 0, 0, 0).unwrap())
    );
    let m = window::current(Some(&LimitReset::Monthly), now);
    assert_eq!(
        m.resets_at,
        Some(Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap())
    );
    let d = window::current(Some(&LimitReset::Daily), now - Duration::hours(13));
    assert_eq!(d.id, "2026-12-01");
    assert_eq!(window::current(None, now).resets_at, None);
}

#[test]
fn rules_are_checked_before_they_are_stored() {
    assert!(AlertRules::default().validate().is_ok());
    let mut r = AlertRules::default();
    r.limit.thresholds = vec![95, 80];
    assert_eq!(r.validate().unwrap_err().field, "thresholds");
    r.limit.thresholds = vec![0];
    assert_eq!(r.validate().unwrap_err().field, "thresholds");
    let mut r = AlertRules::default();
    r.credits.below_usd = Some(-1.0);
    assert_eq!(r.validate().unwrap_err().field, "credits_below");
    r.credits.below_usd = None;
    r.expiry.within_days = 0;
    assert_eq!(r.validate().unwrap_err().field, "expiry_days");
}

#[test]
fn money_reads_like_money() {
    assert_eq!(format_usd(1234.5), "$1,234.50");
    assert_eq!(format_usd(0.004), "$0.00");
    assert_eq!(format_usd(-3.0), "-$3.00");
    assert_eq!(format_usd(1_000_000.0), "$1,000,000.00");
}

#[test]
fn a_replaced_key_keyhold_could_not_retire_is_told_with_the_reason() {
    let keys = [key("old", "CI pipeline", None, 0.0)];
    let stuck = [(
        "old".to_string(),
        "CI pipeline".to_string(),
        "OpenRouter did not answer".to_string(),
    )];
    let mut state = WatchState::default();
    refresh(&mut state, &keys, at(3, 9));
    let snap = Snapshot {
        now: at(3, 10),
        keys: &keys,
        credits: None,
        burn_per_day: None,
        grace_over: &stuck,
        changed_here: &HashSet::new(),
    };
    let out = state.evaluate(&AlertRules::default(), &snap);
    assert_eq!(
        titles(&out.raised),
        ["The old key 'CI pipeline' still works past its grace period"]
    );
    assert!(out.raised[0].detail.contains("OpenRouter did not answer"));
}
