use super::*;
use rand::SeedableRng;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn calendar_windows() {
    // 2026-06-03 is a Wednesday; its week began on Monday 2026-06-01.
    assert_eq!(week_start(day("2026-06-03")), day("2026-06-01"));
    assert_eq!(week_start(day("2026-06-01")), day("2026-06-01"));
    assert_eq!(week_start(day("2026-05-31")), day("2026-05-25"));
    assert_eq!(month_start(day("2026-05-31")), day("2026-05-01"));
}

#[test]
fn seeded_windows_hit_their_targets_exactly() {
    let mut rng = StdRng::seed_from_u64(3);
    let today = day("2026-07-02");
    for window in [
        None,
        Some(LimitReset::Daily),
        Some(LimitReset::Weekly),
        Some(LimitReset::Monthly),
    ] {
        let plan = Plan {
            first_day: today - chrono::Days::new(HISTORY_DAYS as u64),
            last_day: today,
            today,
            days_before_history: 100,
            window,
            target: 12_340_000,
            byok_target: 2_000_000,
        };
        let h = seed(&mut rng, &plan);
        let u = h.usage(today);
        let (got, byok) = match window {
            None => (u.total, u.byok_total),
            Some(LimitReset::Daily) => (u.daily, u.byok_daily),
            Some(LimitReset::Weekly) => (u.weekly, u.byok_weekly),
            Some(LimitReset::Monthly) => (u.monthly, u.byok_monthly),
        };
        assert_eq!((got, byok), (12.34, 2.0), "{window:?}");
        assert!(u.daily <= u.weekly && u.monthly <= u.total, "{u:?}");
    }
}

#[test]
fn endpoint_ids_are_uuid_shaped_and_distinct() {
    let ids: std::collections::HashSet<_> = (0..ENDPOINTS.len()).map(endpoint_id).collect();
    assert_eq!(ids.len(), ENDPOINTS.len());
    assert!(ids.iter().all(|id| crate::keygen::is_uuid(id)));
}
