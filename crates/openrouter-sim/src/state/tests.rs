use super::*;

fn store(keys: usize) -> (Store, DateTime<Utc>) {
    let now = Utc::now();
    let config = SimConfig {
        keys,
        ..SimConfig::default()
    };
    (Store::initial(&config, now), now)
}

fn filter(store: &Store, offset: usize) -> ListFilter<'_> {
    ListFilter {
        workspace_id: store.default_workspace_id(),
        include_disabled: false,
        include_expired: false,
        offset,
    }
}

#[test]
fn generated_keys_list_newest_first_in_pages_of_100() {
    let (s, now) = store(150);
    let first = s.list_page(filter(&s, 0), now);
    assert_eq!(first.len(), 100);
    assert_eq!(first[0].name, "key-0150");
    assert_eq!(first[99].name, "key-0051");
    let second = s.list_page(filter(&s, 100), now);
    assert_eq!(second.len(), 50);
    assert_eq!(second[49].name, "key-0001");
}

#[test]
fn keys_created_in_the_same_second_keep_insertion_order() {
    let (mut s, now) = store(0);
    let hashes = s.insert_generated(3, None, now);
    let listed: Vec<_> = s
        .list_page(filter(&s, 0), now)
        .iter()
        .map(|k| k.hash.clone())
        .collect();
    assert_eq!(listed, hashes);
    assert_eq!(s.key_names(), vec!["key-0003", "key-0002", "key-0001"]);
}

#[test]
fn limit_remaining_uses_the_reset_window_and_optional_byok() {
    let (mut s, now) = store(1);
    let hash = s.list_page(filter(&s, 0), now)[0].hash.clone();
    s.add_spend(&hash, 3.0, false, now);
    s.add_spend(&hash, 1.0, true, now);
    let update = KeyUpdate {
        limit: Some(Some(10.0)),
        limit_reset: Some(Some(LimitReset::Weekly)),
        ..KeyUpdate::default()
    };
    let k = s.update(&hash, update, now).unwrap();
    assert_eq!(k.limit_remaining(now.date_naive()), Some(7.0));
    let k = s
        .update(
            &hash,
            KeyUpdate {
                include_byok_in_limit: Some(true),
                ..KeyUpdate::default()
            },
            now,
        )
        .unwrap();
    assert_eq!(k.limit_remaining(now.date_naive()), Some(6.0));
    s.add_spend(&hash, 50.0, false, now);
    assert_eq!(
        s.get(&hash).unwrap().limit_remaining(now.date_naive()),
        Some(0.0)
    );
    let k = s
        .update(
            &hash,
            KeyUpdate {
                limit: Some(None),
                ..KeyUpdate::default()
            },
            now,
        )
        .unwrap();
    assert_eq!(k.limit_remaining(now.date_naive()), None);
}

#[test]
fn deleted_spend_still_counts_towards_total_usage() {
    let (mut s, now) = store(2);
    let hash = s.list_page(filter(&s, 0), now)[0].hash.clone();
    s.add_spend(&hash, 2.5, false, now);
    s.add_spend(&hash, 9.0, true, now);
    assert!(s.delete(&hash));
    assert!(!s.delete(&hash));
    assert_eq!(s.total_usage(), 2.5);
}
