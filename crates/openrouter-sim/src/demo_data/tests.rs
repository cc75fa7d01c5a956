use super::{last_week_daily_spend, RUNWAY_DAYS};
use crate::state::{ListFilter, Store};
use crate::SimConfig;
use chrono::{Duration, Utc};

#[test]
fn demo_data_has_the_promised_variety() {
    let now = Utc::now();
    let store = Store::initial(&SimConfig::demo(42), now);
    assert_eq!(store.workspaces.len(), 2);
    assert!(
        (55..=65).contains(&store.key_count()),
        "{}",
        store.key_count()
    );
    let all: Vec<_> = store
        .workspaces
        .iter()
        .flat_map(|ws| {
            store.list_page(
                ListFilter {
                    workspace_id: &ws.id,
                    include_disabled: true,
                    include_expired: true,
                    offset: 0,
                },
                now,
            )
        })
        .collect();
    assert_eq!(all.len(), store.key_count());
    let count = |f: &dyn Fn(&&crate::model::KeyRecord) -> bool| all.iter().filter(|k| f(k)).count();
    assert!(count(&|k| k.disabled) >= 3);
    assert!(count(&|k| k.is_expired(now)) >= 3);
    assert!(
        count(&|k| k
            .expires_at
            .is_some_and(|e| e > now && e <= now + Duration::days(7)))
            >= 3
    );
    assert!(count(&|k| k.limit_remaining(now.date_naive()) == Some(0.0)) >= 2);
    assert!(
        count(
            &|k| matches!((k.limit, k.limit_remaining(now.date_naive())), (Some(l), Some(r)) if r > 0.0 && r <= 0.2 * l)
        ) >= 2
    );
    assert!(count(&|k| k.limit.is_none()) >= 5);
    assert!(count(&|k| k.history.usage(now.date_naive()).byok_total > 0.0) >= 1);
    assert!(all
        .iter()
        .all(|k| k.created_at > now - Duration::days(366) && k.created_at < now));
    assert!(store.total_credits >= store.total_usage());
    // The overview's runway reads about six weeks, not hours.
    let left = store.total_credits - store.total_usage();
    let runway = left / last_week_daily_spend(&store, now);
    assert!(
        (RUNWAY_DAYS..RUNWAY_DAYS + 30.0).contains(&runway),
        "{runway}"
    );
}
