//! Walking every page of `GET /keys` with several pages in flight.
//!
//! The API pages by `offset` only, 100 keys a page, newest first, and gives no
//! total; the page size comes from OpenRouter's docs ("the most recent 100"),
//! not the spec. So pages 0, 100, 200, … are requested speculatively, up to a window of N at a time; the first page shorter than
//! a full page marks the end. Pages past it are discarded (and cancelled if
//! still running). Keys created while walking push older keys down into the
//! next page (duplicates: removed by hash, first sighting wins); keys deleted
//! while walking pull keys up (one may be missed: unavoidable without a
//! cursor, and tolerated).

use std::collections::{BTreeMap, HashSet};
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::task::{AbortHandle, JoinSet};

use crate::error::{Error, Result};
use crate::types::Key;

/// Keys per page of `GET /keys` (docs: "the most recent 100 API keys").
pub const PAGE_SIZE: usize = 100;

/// Default number of pages in flight.
pub const DEFAULT_CONCURRENCY: usize = 16;

/// Safety stop: a server that ignored `offset` would otherwise be walked
/// forever. 10,000 pages = one million keys.
const MAX_PAGES: u64 = 10_000;

/// Filters and tuning for [`Client::list_keys`](crate::Client::list_keys).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListOptions {
    /// Also list disabled keys (the API hides them by default).
    pub include_disabled: bool,
    /// Also list expired keys (newest servers hide them by default; older
    /// servers ignore the parameter, which is only sent when `true`).
    pub include_expired: bool,
    /// List this workspace instead of the default one.
    pub workspace_id: Option<String>,
    /// Most pages in flight at once; 1 walks page by page. Halved on every
    /// 429, grown back by one per successful page. Default 16.
    pub concurrency: usize,
    /// Keys per full page; a shorter page ends the walk. Only worth changing
    /// if OpenRouter changes its page size.
    pub page_size: usize,
}

impl Default for ListOptions {
    fn default() -> ListOptions {
        ListOptions {
            include_disabled: false,
            include_expired: false,
            workspace_id: None,
            concurrency: DEFAULT_CONCURRENCY,
            page_size: PAGE_SIZE,
        }
    }
}

impl ListOptions {
    /// Every key the account can see in the default workspace: disabled and
    /// expired ones too (what a key manager shows).
    pub fn everything() -> ListOptions {
        ListOptions {
            include_disabled: true,
            include_expired: true,
            ..ListOptions::default()
        }
    }

    /// One page at a time.
    pub fn sequential(mut self) -> ListOptions {
        self.concurrency = 1;
        self
    }

    pub fn with_concurrency(mut self, pages_in_flight: usize) -> ListOptions {
        self.concurrency = pages_in_flight;
        self
    }

    pub fn in_workspace(mut self, workspace_id: impl Into<String>) -> ListOptions {
        self.workspace_id = Some(workspace_id.into());
        self
    }

    /// Query parameters of one page. Optional flags are sent only when set,
    /// so servers that predate them see nothing new.
    pub(crate) fn query(&self, offset: u64) -> Vec<(&'static str, String)> {
        let mut q = Vec::with_capacity(4);
        if self.include_disabled {
            q.push(("include_disabled", "true".to_string()));
        }
        if self.include_expired {
            q.push(("include_expired", "true".to_string()));
        }
        if let Some(ws) = &self.workspace_id {
            q.push(("workspace_id", ws.clone()));
        }
        q.push(("offset", offset.to_string()));
        q
    }
}

/// The adaptive number of pages allowed in flight. Shared with the page
/// requests so a 429 seen inside a retry shrinks it at once.
#[derive(Debug)]
pub(crate) struct Window {
    current: AtomicUsize,
    max: usize,
}

impl Window {
    pub fn new(max: usize) -> Window {
        let max = max.max(1);
        Window {
            current: AtomicUsize::new(max),
            max,
        }
    }

    pub fn get(&self) -> usize {
        self.current.load(Ordering::Relaxed)
    }

    /// Halve (not below 1) after a 429.
    pub fn shrink(&self) {
        let _ = self
            .current
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                Some((n / 2).max(1))
            });
    }

    /// One more (up to the maximum) after a good page.
    pub fn grow(&self) {
        let max = self.max;
        let _ = self
            .current
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                Some((n + 1).min(max))
            });
    }
}

/// Walks all pages with `fetch(page_index)` and returns the keys in API order
/// without duplicates. `fetch` must do its own retrying (and tell `window`
/// about 429s).
pub(crate) async fn walk<F, Fut>(
    page_size: usize,
    window: Arc<Window>,
    fetch: F,
) -> Result<Vec<Key>>
where
    F: Fn(u64) -> Fut,
    Fut: Future<Output = Result<Vec<Key>>> + Send + 'static,
{
    let page_size = page_size.max(1);
    let mut tasks: JoinSet<(u64, Result<Vec<Key>>)> = JoinSet::new();
    let mut running: BTreeMap<u64, AbortHandle> = BTreeMap::new();
    let mut pages: BTreeMap<u64, Vec<Key>> = BTreeMap::new();
    let mut next_page: u64 = 0;
    let mut first_short: Option<u64> = None;
    let mut first_error: Option<(u64, Error)> = None;

    loop {
        // No page past the end or past a failure can matter.
        let cutoff = match (&first_short, &first_error) {
            (Some(s), Some((e, _))) => Some((*s).min(*e)),
            (Some(s), None) => Some(*s),
            (None, Some((e, _))) => Some(*e),
            (None, None) => None,
        };
        if let Some(cut) = cutoff {
            for (_, handle) in running.split_off(&(cut + 1)) {
                handle.abort();
            }
        } else {
            while tasks.len() < window.get() && next_page < MAX_PAGES {
                let index = next_page;
                let page = fetch(index);
                let handle = tasks.spawn(async move { (index, page.await) });
                running.insert(index, handle);
                next_page += 1;
            }
        }

        let Some(joined) = tasks.join_next().await else {
            break;
        };
        let (index, result) = match joined {
            Ok(done) => done,
            Err(e) if e.is_cancelled() => continue,
            Err(_) => {
                return Err(Error::InvalidResponse {
                    detail: "a page request panicked".into(),
                })
            }
        };
        running.remove(&index);
        match result {
            Ok(keys) => {
                window.grow();
                if keys.len() < page_size && first_short.is_none_or(|s| index < s) {
                    first_short = Some(index);
                }
                pages.insert(index, keys);
            }
            // Past the end, newer servers may answer 404 instead of `[]`.
            Err(Error::NotFound { .. }) if index > 0 => {
                if first_short.is_none_or(|s| index < s) {
                    first_short = Some(index);
                }
                pages.insert(index, Vec::new());
            }
            Err(err) => {
                if first_error.as_ref().is_none_or(|(e, _)| index < *e) {
                    first_error = Some((index, err));
                }
            }
        }
        if first_short.is_none()
            && first_error.is_none()
            && tasks.is_empty()
            && next_page >= MAX_PAGES
        {
            return Err(Error::InvalidResponse {
                detail: format!("the key list did not end after {MAX_PAGES} pages"),
            });
        }
    }

    let end = match (first_short, first_error) {
        (Some(s), Some((e, err))) if e <= s => return Err(err),
        (Some(s), _) => s,
        (None, Some((_, err))) => return Err(err),
        (None, None) => {
            return Err(Error::InvalidResponse {
                detail: "the key list ended without a last page".into(),
            })
        }
    };
    let mut seen = HashSet::new();
    Ok(pages
        .into_iter()
        .take_while(|(index, _)| *index <= end)
        .flat_map(|(_, keys)| keys)
        .filter(|key| seen.insert(key.hash.clone()))
        .collect())
}

#[cfg(test)]
mod tests {
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
}
