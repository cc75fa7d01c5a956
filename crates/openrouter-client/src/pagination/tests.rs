use super::*;
use std::sync::Mutex;
use std::time::Duration;

fn key(hash: String) -> Key {
    serde_json::from_value(serde_json::json!({ "hash": hash })).unwrap()
}

/// An in-memory account, newest key first, served with offsets.
#[derive(Default)]
struct Account {
    hashes: Mutex<Vec<String>>,
    served: AtomicUsize,
}

impl Account {
    fn with(n: usize) -> Arc<Account> {
        let a = Account::default();
        *a.hashes.lock().unwrap() = (0..n).rev().map(|i| format!("k{i:05}")).collect();
        Arc::new(a)
    }

    fn page(&self, index: u64) -> Vec<Key> {
        self.served.fetch_add(1, Ordering::SeqCst);
        let hashes = self.hashes.lock().unwrap();
        let start = (index as usize * PAGE_SIZE).min(hashes.len());
        let end = (start + PAGE_SIZE).min(hashes.len());
        hashes[start..end].iter().cloned().map(key).collect()
    }
}

async fn list(account: &Arc<Account>, concurrency: usize) -> Vec<String> {
    let a = account.clone();
    walk(PAGE_SIZE, Arc::new(Window::new(concurrency)), move |i| {
        let a = a.clone();
        async move { Ok(a.page(i)) }
    })
    .await
    .unwrap()
    .into_iter()
    .map(|k| k.hash)
    .collect()
}

#[tokio::test]
async fn lists_every_size_in_order() {
    for n in [0, 1, 99, 100, 101, 250, 1000] {
        let account = Account::with(n);
        let want = account.hashes.lock().unwrap().clone();
        assert_eq!(list(&account, 16).await, want, "n={n} concurrent");
        assert_eq!(list(&account, 1).await, want, "n={n} sequential");
    }
}

#[tokio::test]
async fn sequential_walk_requests_exactly_the_needed_pages() {
    let account = Account::with(250);
    list(&account, 1).await;
    assert_eq!(account.served.load(Ordering::SeqCst), 3);
    let account = Account::with(200);
    list(&account, 1).await;
    assert_eq!(
        account.served.load(Ordering::SeqCst),
        3,
        "200 keys end with an empty page"
    );
}

#[tokio::test]
async fn an_account_that_fits_in_one_page_costs_one_request() {
    for n in [0, 1, 99] {
        let account = Account::with(n);
        list(&account, 16).await;
        assert_eq!(account.served.load(Ordering::SeqCst), 1, "n={n}");
    }
}

#[tokio::test]
async fn after_a_full_first_page_the_window_opens() {
    let account = Account::with(2_000);
    let in_flight = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let (a, now, max) = (account.clone(), in_flight.clone(), most.clone());
    let keys = walk(PAGE_SIZE, Arc::new(Window::new(8)), move |i| {
        let (a, now, max) = (a.clone(), now.clone(), max.clone());
        async move {
            let n = now.fetch_add(1, Ordering::SeqCst) + 1;
            max.fetch_max(n, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(2)).await;
            now.fetch_sub(1, Ordering::SeqCst);
            Ok(a.page(i))
        }
    })
    .await
    .unwrap();
    assert_eq!(keys.len(), 2_000);
    assert_eq!(most.load(Ordering::SeqCst), 8);
}

#[tokio::test]
async fn inserts_during_the_walk_cause_no_duplicates() {
    let account = Account::with(1000);
    let a = account.clone();
    let keys = walk(PAGE_SIZE, Arc::new(Window::new(4)), move |i| {
        let a = a.clone();
        async move {
            if i == 3 {
                // Five new keys on top: later pages shift down by five.
                let mut h = a.hashes.lock().unwrap();
                for j in 0..5 {
                    h.insert(0, format!("new{j}"));
                }
            }
            tokio::time::sleep(Duration::from_millis(i % 3)).await;
            Ok(a.page(i))
        }
    })
    .await
    .unwrap();
    let unique: HashSet<_> = keys.iter().map(|k| &k.hash).collect();
    assert_eq!(unique.len(), keys.len(), "duplicates");
    assert!(keys.len() >= 1000);
}

#[tokio::test]
async fn errors_past_the_end_are_ignored_but_errors_before_it_are_not() {
    let ok_then_fail = |fail_from: u64| {
        move |i: u64| async move {
            if i >= fail_from {
                Err(Error::Server {
                    status: 500,
                    message: None,
                })
            } else if i == 1 {
                Ok(vec![key("last".into())])
            } else {
                Ok((0..PAGE_SIZE).map(|j| key(format!("p{i}-{j}"))).collect())
            }
        }
    };
    let keys = walk(PAGE_SIZE, Arc::new(Window::new(16)), ok_then_fail(2))
        .await
        .unwrap();
    assert_eq!(keys.len(), PAGE_SIZE + 1);
    let err = walk(PAGE_SIZE, Arc::new(Window::new(16)), ok_then_fail(1))
        .await
        .unwrap_err();
    assert_eq!(err.code(), crate::ErrorCode::Server);
}

#[tokio::test]
async fn not_found_past_the_first_page_ends_the_list() {
    let keys = walk(PAGE_SIZE, Arc::new(Window::new(3)), |i| async move {
        if i == 0 {
            Ok((0..PAGE_SIZE).map(|j| key(format!("a{j}"))).collect())
        } else {
            Err(Error::NotFound { message: None })
        }
    })
    .await
    .unwrap();
    assert_eq!(keys.len(), PAGE_SIZE);
    let err = walk(PAGE_SIZE, Arc::new(Window::new(3)), |_| async {
        Err::<Vec<Key>, _>(Error::NotFound { message: None })
    })
    .await
    .unwrap_err();
    assert_eq!(err.code(), crate::ErrorCode::NotFound);
}

#[test]
fn window_halves_and_grows_back() {
    let w = Window::new(16);
    w.shrink();
    assert_eq!(w.get(), 8);
    for _ in 0..10 {
        w.shrink();
    }
    assert_eq!(w.get(), 1);
    for _ in 0..100 {
        w.grow();
    }
    assert_eq!(w.get(), 16);
    assert_eq!(Window::new(0).get(), 1);
}

#[test]
fn query_sends_only_what_is_set() {
    assert_eq!(
        ListOptions::default().query(0),
        [("offset", "0".to_string())]
    );
    let q = ListOptions::everything().in_workspace("ws").query(200);
    assert_eq!(
        q,
        [
            ("include_disabled", "true".to_string()),
            ("include_expired", "true".to_string()),
            ("workspace_id", "ws".to_string()),
            ("offset", "200".to_string()),
        ]
    );
}
