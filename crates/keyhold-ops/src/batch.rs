//! Running one operation per row with at most N in flight, stoppable.
//!
//! The runner knows nothing of keys: the caller's operation records each
//! row's outcome itself (the app keeps them for `batch_status`). Rows are
//! started in order; cancelling stops new rows from starting, while those in
//! flight finish (a request already sent is never abandoned half-way).

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// Requests in flight per batch by default: fast, yet gentle with rate limits.
pub const DEFAULT_CONCURRENCY: usize = 8;

/// A shared "stop starting rows" flag.
#[derive(Debug, Clone, Default)]
pub struct CancelFlag(Arc<AtomicBool>);

impl CancelFlag {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// Clears the flag for a new run (retry).
    pub fn reset(&self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

/// Runs `op(row)` for every row, at most `concurrency` at a time, each on its
/// own tokio task. Returns the rows that were never started because `cancel`
/// was set (in their original order), after every started row has finished.
pub async fn run_bounded<F, Fut>(
    rows: Vec<usize>,
    concurrency: usize,
    cancel: &CancelFlag,
    op: F,
) -> Vec<usize>
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let slots = Arc::new(Semaphore::new(concurrency.max(1)));
    let mut running = JoinSet::new();
    let mut not_started = Vec::new();
    for (pos, &row) in rows.iter().enumerate() {
        let slot = slots
            .clone()
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        if cancel.is_cancelled() {
            not_started.extend_from_slice(&rows[pos..]);
            break;
        }
        let work = op(row);
        running.spawn(async move {
            work.await;
            drop(slot);
        });
        // Reap finished tasks as we go so the set stays small.
        while running.try_join_next().is_some() {}
    }
    while running.join_next().await.is_some() {}
    not_started
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::sync::Mutex;
    use std::time::Duration;

    #[tokio::test]
    async fn never_more_than_the_bound_in_flight() {
        let now = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let done = Arc::new(Mutex::new(Vec::new()));
        let left = run_bounded((0..40).collect(), 5, &CancelFlag::default(), |row| {
            let (now, peak, done) = (now.clone(), peak.clone(), done.clone());
            async move {
                let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(n, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(5)).await;
                now.fetch_sub(1, Ordering::SeqCst);
                done.lock().unwrap().push(row);
            }
        })
        .await;
        assert!(left.is_empty());
        assert_eq!(peak.load(Ordering::SeqCst), 5);
        let mut done = done.lock().unwrap().clone();
        done.sort();
        assert_eq!(done, (0..40).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn cancel_stops_new_rows_and_lets_running_ones_finish() {
        let cancel = CancelFlag::default();
        let finished = Arc::new(AtomicUsize::new(0));
        let left = run_bounded((0..20).collect(), 2, &cancel, |row| {
            let (cancel, finished) = (cancel.clone(), finished.clone());
            async move {
                if row == 3 {
                    cancel.cancel();
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
                finished.fetch_add(1, Ordering::SeqCst);
            }
        })
        .await;
        let started = 20 - left.len();
        assert_eq!(
            finished.load(Ordering::SeqCst),
            started,
            "all started rows finish"
        );
        assert!(started <= 6, "started {started}");
        assert_eq!(left.last(), Some(&19));
        assert!(left.windows(2).all(|w| w[0] < w[1]));
    }
}
