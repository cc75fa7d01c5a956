//! The one place where requests are retried.
//!
//! Used for GET, PATCH and DELETE, which are safe to repeat. POST (create) is
//! never sent twice: see `Client::create_key`.

use std::future::Future;
use std::time::{Duration, Instant};

use rand::Rng;

use crate::error::{Error, Result};

/// How idempotent requests are retried after 429, 5xx, timeouts, dropped
/// connections and unreadable responses: exponential backoff with jitter, or
/// exactly the server's `Retry-After` when it sends one (capped), within a
/// bounded number of tries and a total time budget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries in total, the first included (1 = never retry). Default 4.
    pub max_attempts: u32,
    /// Backoff before the first retry; doubles each time. Default 500 ms.
    pub initial_backoff: Duration,
    /// Ceiling of the computed backoff. Default 8 s.
    pub max_backoff: Duration,
    /// No retry is started if it would end (after its wait) past this time
    /// since the first try. Default 30 s.
    pub max_elapsed: Duration,
    /// Longest `Retry-After` honoured; longer requests are cut to this (and
    /// then usually exceed `max_elapsed`, so the 429 is returned at once with
    /// the server's value for the UI). Default 30 s.
    pub max_retry_after: Duration,
    /// Randomize each backoff within [half, full] so that many clients (or
    /// many pages of one list) do not retry in lockstep. Default on.
    pub jitter: bool,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_elapsed: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(30),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The default shape with millisecond waits, for tests.
    pub fn fast() -> RetryPolicy {
        RetryPolicy {
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(40),
            ..RetryPolicy::default()
        }
    }

    /// Wait before retry number `retry` (1 = the first retry).
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(asked) = retry_after {
            return asked.min(self.max_retry_after);
        }
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        let full = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        if self.jitter && !full.is_zero() {
            let half = full / 2;
            half + rand::rng().random_range(Duration::ZERO..=full - half)
        } else {
            full
        }
    }
}

/// What the operation is told about the try it is making.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Attempt {
    /// 1 for the first try.
    pub number: u32,
    /// An earlier try failed in a way that may have reached the server and
    /// applied the change (anything but a 429). DELETE uses it: a 404 after
    /// such a try most likely means the earlier try deleted the key.
    pub earlier_outcome_unknown: bool,
}

/// Runs `op` until it succeeds, fails with a non-transient error, or the
/// policy's tries or time run out. `on_retry` sees each error that is about
/// to be retried (the list walk uses it to slow down on 429).
pub(crate) async fn run<T, F, Fut>(
    policy: &RetryPolicy,
    what: &str,
    mut on_retry: impl FnMut(&Error),
    mut op: F,
) -> Result<T>
where
    F: FnMut(Attempt) -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let started = Instant::now();
    let mut attempt = Attempt {
        number: 1,
        earlier_outcome_unknown: false,
    };
    loop {
        let err = match op(attempt).await {
            Ok(value) => return Ok(value),
            Err(err) => err,
        };
        if !err.is_transient() || attempt.number >= policy.max_attempts.max(1) {
            return Err(err);
        }
        let wait = policy.delay(attempt.number, err.retry_after());
        if started.elapsed() + wait > policy.max_elapsed {
            return Err(err);
        }
        tracing::debug!(
            request = what,
            attempt = attempt.number,
            code = %err.code(),
            wait_ms = wait.as_millis() as u64,
            "retrying"
        );
        on_retry(&err);
        tokio::time::sleep(wait).await;
        attempt.earlier_outcome_unknown |= !matches!(err, Error::RateLimited { .. });
        attempt.number += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn server_error() -> Error {
        Error::Server {
            status: 503,
            message: None,
        }
    }

    #[test]
    fn backoff_doubles_caps_and_honours_retry_after() {
        let p = RetryPolicy {
            jitter: false,
            ..RetryPolicy::default()
        };
        assert_eq!(p.delay(1, None), Duration::from_millis(500));
        assert_eq!(p.delay(2, None), Duration::from_secs(1));
        assert_eq!(p.delay(3, None), Duration::from_secs(2));
        assert_eq!(p.delay(10, None), Duration::from_secs(8));
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(3))),
            Duration::from_secs(3)
        );
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(600))),
            Duration::from_secs(30)
        );
        let jittered = RetryPolicy::default();
        for _ in 0..100 {
            let d = jittered.delay(2, None);
            assert!(
                d >= Duration::from_millis(500) && d <= Duration::from_secs(1),
                "{d:?}"
            );
        }
    }

    #[tokio::test]
    async fn retries_transient_errors_up_to_the_limit() {
        let tries = AtomicU32::new(0);
        let result: Result<()> = run(
            &RetryPolicy::fast(),
            "t",
            |_| {},
            |_| {
                tries.fetch_add(1, Ordering::SeqCst);
                async { Err(server_error()) }
            },
        )
        .await;
        assert_eq!(result.unwrap_err().code(), crate::ErrorCode::Server);
        assert_eq!(tries.load(Ordering::SeqCst), 4);
    }

    #[tokio::test]
    async fn stops_at_once_on_permanent_errors_and_reports_unknown_outcomes() {
        let tries = AtomicU32::new(0);
        let result: Result<()> = run(
            &RetryPolicy::fast(),
            "t",
            |_| {},
            |_| {
                tries.fetch_add(1, Ordering::SeqCst);
                async { Err(Error::NotFound { message: None }) }
            },
        )
        .await;
        assert!(result.is_err());
        assert_eq!(tries.load(Ordering::SeqCst), 1);

        let seen = std::sync::Mutex::new(Vec::new());
        let value = run(
            &RetryPolicy::fast(),
            "t",
            |_| {},
            |a: Attempt| {
                seen.lock().unwrap().push(a.earlier_outcome_unknown);
                async move {
                    match a.number {
                        1 => Err(Error::RateLimited {
                            retry_after: Some(Duration::from_millis(1)),
                            message: None,
                        }),
                        2 => Err(server_error()),
                        _ => Ok(7),
                    }
                }
            },
        )
        .await
        .unwrap();
        assert_eq!(value, 7);
        // A 429 proves nothing was applied; a 503 does not.
        assert_eq!(*seen.lock().unwrap(), [false, false, true]);
    }

    #[tokio::test]
    async fn gives_up_when_the_wait_would_exceed_the_budget() {
        let started = Instant::now();
        let result: Result<()> = run(
            &RetryPolicy::default(),
            "t",
            |_| {},
            |_| async {
                Err(Error::RateLimited {
                    retry_after: Some(Duration::from_secs(120)),
                    message: None,
                })
            },
        )
        .await;
        assert_eq!(
            result.unwrap_err().retry_after(),
            Some(Duration::from_secs(120))
        );
        assert!(started.elapsed() < Duration::from_secs(1));
    }
}
