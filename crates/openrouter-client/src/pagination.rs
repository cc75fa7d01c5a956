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

/// Default number of pages in flight once the first page came back full.
pub const DEFAULT_CONCURRENCY: usize = 32;

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
    /// Most pages in flight at once after the first page (which goes alone);
    /// 1 walks page by page. Halved on every 429, grown back by one per
    /// successful page. Default 32.
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

fn in_flight_allowed(running: &BTreeMap<u64, AbortHandle>, window: &Window) -> usize {
    if running.contains_key(&0) {
        1
    } else {
        window.get()
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
    let mut progress = PageWalk::new(page_size);
    loop {
        progress.start_or_cancel_pages(&window, &fetch);
        let Some(joined) = progress.tasks.join_next().await else {
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
        progress.record(index, result, &window);
        if progress.gave_up_without_an_end() {
            return Err(Error::InvalidResponse {
                detail: format!("the key list did not end after {MAX_PAGES} pages"),
            });
        }
    }
    progress.into_keys()
}

/// Everything one walk keeps track of: the page requests in flight, the
/// pages received, and the earliest page that ended the list or failed.
struct PageWalk {
    page_size: usize,
    tasks: JoinSet<(u64, Result<Vec<Key>>)>,
    running: BTreeMap<u64, AbortHandle>,
    pages: BTreeMap<u64, Vec<Key>>,
    next_page: u64,
    first_short: Option<u64>,
    first_error: Option<(u64, Error)>,
}

impl PageWalk {
    fn new(page_size: usize) -> PageWalk {
        PageWalk {
            page_size: page_size.max(1),
            tasks: JoinSet::new(),
            running: BTreeMap::new(),
            pages: BTreeMap::new(),
            next_page: 0,
            first_short: None,
            first_error: None,
        }
    }

    /// The last page that can still matter: no page past the end or past a
    /// failure can. `None` while neither has been seen.
    fn cutoff(&self) -> Option<u64> {
        let failed_at = self.first_error.as_ref().map(|(index, _)| *index);
        self.first_short.into_iter().chain(failed_at).min()
    }

    /// Once the cutoff is known, cancels the requests past it; until then,
    /// keeps the window full.
    fn start_or_cancel_pages<F, Fut>(&mut self, window: &Window, fetch: &F)
    where
        F: Fn(u64) -> Fut,
        Fut: Future<Output = Result<Vec<Key>>> + Send + 'static,
    {
        if let Some(cut) = self.cutoff() {
            for (_, handle) in self.running.split_off(&(cut + 1)) {
                handle.abort();
            }
        } else {
            self.fill_window(window, fetch);
        }
    }

    /// The first page goes alone: most accounts fit in it, and a short one
    /// ends the walk after one request. Only a full first page opens the
    /// window.
    fn fill_window<F, Fut>(&mut self, window: &Window, fetch: &F)
    where
        F: Fn(u64) -> Fut,
        Fut: Future<Output = Result<Vec<Key>>> + Send + 'static,
    {
        while self.tasks.len() < in_flight_allowed(&self.running, window)
            && self.next_page < MAX_PAGES
        {
            let index = self.next_page;
            let page = fetch(index);
            let handle = self.tasks.spawn(async move { (index, page.await) });
            self.running.insert(index, handle);
            self.next_page += 1;
        }
    }

    /// Takes in the answer for page `index`.
    fn record(&mut self, index: u64, result: Result<Vec<Key>>, window: &Window) {
        self.running.remove(&index);
        match result {
            Ok(keys) => {
                window.grow();
                if keys.len() < self.page_size {
                    self.mark_end(index);
                }
                self.pages.insert(index, keys);
            }
            // Past the end, newer servers may answer 404 instead of `[]`.
            Err(Error::NotFound { .. }) if index > 0 => {
                self.mark_end(index);
                self.pages.insert(index, Vec::new());
            }
            Err(err) => {
                if self.first_error.as_ref().is_none_or(|(e, _)| index < *e) {
                    self.first_error = Some((index, err));
                }
            }
        }
    }

    /// Page `index` was short: the list ends there unless an earlier page
    /// already did.
    fn mark_end(&mut self, index: u64) {
        if self.first_short.is_none_or(|s| index < s) {
            self.first_short = Some(index);
        }
    }

    /// Every page up to [`MAX_PAGES`] came back full and nothing is left in
    /// flight.
    fn gave_up_without_an_end(&self) -> bool {
        self.first_short.is_none()
            && self.first_error.is_none()
            && self.tasks.is_empty()
            && self.next_page >= MAX_PAGES
    }

    /// The keys of every page up to the end, in API order, first sighting of
    /// each hash only; or the error of a page before the end.
    fn into_keys(self) -> Result<Vec<Key>> {
        let end = match (self.first_short, self.first_error) {
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
        Ok(self
            .pages
            .into_iter()
            .take_while(|(index, _)| *index <= end)
            .flat_map(|(_, keys)| keys)
            .filter(|key| seen.insert(key.hash.clone()))
            .collect())
    }
}

#[cfg(test)]
mod tests;
