//! The watch: while someone is signed in, the session looks at the account
//! every few minutes (the key list walk and `GET /credits`), asks the alert
//! engine what is new, keeps its memory per account and tells the person.
//! The session owns the task and ends it on sign-out.

pub mod settings;
pub mod tell;
pub mod view;

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use keyhold_ops::alerts::{Alert, WatchState};
use openrouter_client::Key;
use tokio::sync::Notify;

use crate::dto::SessionMode;
use crate::error::{AppError, ErrorCode};
use crate::session::Session;
pub use settings::{WarningSettings, Warnings};
pub use view::{AlertView, AlertsView, WatchStatus};

/// Where warnings go beyond the alert centre.
pub trait AlertSink: Send + Sync {
    /// The warnings one look found new, each told once; `mode` says whose
    /// account they are about (a demo warning must never pass for a real one).
    fn raised(&self, alerts: &[Alert], mode: SessionMode);
    /// The alert centre's content or the watch's status changed.
    fn changed(&self, view: &AlertsView);
}

/// The longest the watch waits after OpenRouter asked it to slow down.
const MAX_BACKOFF: Duration = Duration::from_secs(4 * 3600);
/// While offline, how soon it looks again (at most).
const OFFLINE_RETRY: Duration = Duration::from_secs(60);

pub struct Watch {
    pub warnings: Arc<Warnings>,
    /// This account's memory on disk; `None` keeps it in memory (demo).
    state_path: Option<PathBuf>,
    state: Mutex<WatchState>,
    status: Mutex<(WatchStatus, Option<DateTime<Utc>>)>,
    /// Keys this app created or deleted since the last refresh.
    changed_here: Mutex<HashSet<String>>,
    /// The warned keys' names as of the last look (hash → name).
    names: Mutex<BTreeMap<String, String>>,
    /// The account's burn rate for a UTC day: it averages completed days,
    /// so one `/activity` request a day is enough.
    burn: Mutex<Option<(NaiveDate, Option<f64>)>>,
    /// One refresh at a time: the timer's and "Refresh now".
    pub(crate) refreshing: tokio::sync::Mutex<()>,
    wake: Arc<Notify>,
    task: Mutex<Option<tokio::task::JoinHandle<()>>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Watch {
    pub fn new(warnings: Arc<Warnings>, state_path: Option<PathBuf>) -> Self {
        let state = state_path
            .as_ref()
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        Watch {
            warnings,
            state_path,
            state: Mutex::new(state),
            status: Mutex::new((WatchStatus::Starting, None)),
            changed_here: Mutex::new(HashSet::new()),
            names: Mutex::new(BTreeMap::new()),
            burn: Mutex::new(None),
            refreshing: tokio::sync::Mutex::new(()),
            wake: Arc::new(Notify::new()),
            task: Mutex::new(None),
        }
    }

    /// Starts looking every interval (`every` overrides the setting: a
    /// developer switch). The task holds the session weakly, so signing
    /// out ends it even before `stop`.
    pub fn start(&self, session: Weak<Session>, every: Option<Duration>) {
        let wake = self.wake.clone();
        let task = run(session, every, wake);
        // On the runtime that made the session (its HTTP client lives there).
        let rt = tokio::runtime::Handle::try_current()
            .unwrap_or_else(|_| tauri::async_runtime::handle().inner().clone());
        let handle = rt.spawn(task);
        if let Some(old) = lock(&self.task).replace(handle) {
            old.abort();
        }
    }

    /// Looks again now (the interval changed).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    pub fn stop(&self) {
        if let Some(task) = lock(&self.task).take() {
            task.abort();
        }
    }

    /// Remembers a key created or deleted here, so it is not reported as
    /// changed outside Keyhold.
    pub fn changed_here(&self, hash: &str) {
        lock(&self.changed_here).insert(hash.to_string());
    }

    pub(crate) fn changed_here_now(&self) -> HashSet<String> {
        lock(&self.changed_here).clone()
    }

    pub(crate) fn forget_changed_here(&self, told: &HashSet<String>) {
        lock(&self.changed_here).retain(|h| !told.contains(h));
    }

    /// Runs `f` on the memory and saves it.
    pub(crate) fn with_state<T>(&self, f: impl FnOnce(&mut WatchState) -> T) -> T {
        let mut state = lock(&self.state);
        let out = f(&mut state);
        if let Some(path) = &self.state_path {
            // The memory only saves repeating a warning after a restart;
            // a failed write must not stop the watch.
            let _ = save_json(path, &*state);
        }
        out
    }

    pub(crate) fn burn_on(&self, day: NaiveDate) -> Option<Option<f64>> {
        lock(&self.burn).filter(|(d, _)| *d == day).map(|(_, b)| b)
    }

    pub(crate) fn set_burn(&self, day: NaiveDate, burn: Option<f64>) {
        *lock(&self.burn) = Some((day, burn));
    }

    /// Keeps the names, from this look, of the keys a warning (current or
    /// past) is about: the alert centre shows no other. Every key's name
    /// would be a megabyte or two held for nothing at 10,000 keys.
    pub(crate) fn set_names(&self, keys: &[Key]) {
        let warned: HashSet<String> = {
            let state = lock(&self.state);
            state
                .active()
                .chain(state.history().iter())
                .filter_map(|a| a.condition.key_hash().map(str::to_string))
                .collect()
        };
        *lock(&self.names) = keys
            .iter()
            .filter(|k| warned.contains(&k.hash))
            .map(|k| (k.hash.clone(), k.name.clone()))
            .collect();
    }

    #[cfg(test)]
    pub(crate) fn names_kept(&self) -> usize {
        lock(&self.names).len()
    }

    pub(crate) fn set_status(&self, status: WatchStatus, refreshed: Option<DateTime<Utc>>) {
        let mut s = lock(&self.status);
        s.0 = status;
        if refreshed.is_some() {
            s.1 = refreshed;
        }
    }

    pub fn view(&self) -> AlertsView {
        let state = lock(&self.state);
        let (status, last) = lock(&self.status).clone();
        let names = lock(&self.names);
        AlertsView {
            active: state
                .active()
                .map(|a| view::alert_view(a, &names))
                .collect(),
            history: state
                .history()
                .iter()
                .map(|a| view::alert_view(a, &names))
                .collect(),
            status,
            last_refresh: last.map(view::time),
        }
    }
}

fn save_json(path: &std::path::Path, value: &impl serde::Serialize) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_vec(value)?)?;
    std::fs::rename(tmp, path)
}

/// What the watch says after a failed refresh, and how long it waits.
pub(crate) fn after_failure(
    e: &AppError,
    interval: Duration,
    backoff: Option<Duration>,
) -> (WatchStatus, Duration) {
    match e.code {
        ErrorCode::RateLimited => {
            let asked = Duration::from_secs(u64::from(e.retry_after_secs.unwrap_or(0)));
            let wait = backoff
                .map_or(interval * 2, |b| b * 2)
                .max(asked)
                .min(MAX_BACKOFF);
            let secs = u32::try_from(wait.as_secs()).unwrap_or(u32::MAX);
            (
                WatchStatus::RateLimited {
                    retry_in_secs: secs,
                },
                wait,
            )
        }
        ErrorCode::Offline | ErrorCode::Timeout => {
            (WatchStatus::Offline, interval.min(OFFLINE_RETRY))
        }
        _ => (
            WatchStatus::Failed {
                message: e.message.clone(),
            },
            interval,
        ),
    }
}

/// What the watch says after a failed refresh.
pub(crate) fn after_failure_status(e: &AppError) -> WatchStatus {
    after_failure(e, Duration::from_secs(60), None).0
}

/// The first look waits a moment after sign-in, so the key list the person
/// is waiting for gets the network and the processor first ("Refresh now"
/// and a changed interval look at once).
const FIRST_LOOK_AFTER: Duration = Duration::from_secs(4);

async fn run(session: Weak<Session>, every: Option<Duration>, wake: Arc<Notify>) {
    tokio::select! {
        () = tokio::time::sleep(FIRST_LOOK_AFTER) => {}
        () = wake.notified() => {}
    }
    let mut backoff: Option<Duration> = None;
    loop {
        let Some(s) = session.upgrade() else { return };
        let interval = every.unwrap_or_else(|| {
            Duration::from_secs(60 * u64::from(s.watch.warnings.get().interval_minutes))
        });
        let wait = match s.refresh_alerts().await {
            Ok(_) => {
                backoff = None;
                interval
            }
            Err(e) => {
                let (status, wait) = after_failure(&e, interval, backoff);
                if e.code == ErrorCode::RateLimited {
                    backoff = Some(wait);
                    // The real wait, not the refresh's first guess.
                    s.watch.set_status(status, None);
                    s.tell_changed();
                }
                wait
            }
        };
        drop(s);
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = wake.notified() => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(code: ErrorCode, retry: Option<u32>) -> AppError {
        let mut e = AppError::new(code, "x");
        e.retry_after_secs = retry;
        e
    }

    #[test]
    fn a_429_doubles_the_wait_and_respects_what_was_asked() {
        let min15 = Duration::from_secs(900);
        let (status, wait) = after_failure(&error(ErrorCode::RateLimited, None), min15, None);
        assert_eq!(wait, min15 * 2);
        assert_eq!(
            status,
            WatchStatus::RateLimited {
                retry_in_secs: 1800
            }
        );
        let (_, again) = after_failure(&error(ErrorCode::RateLimited, None), min15, Some(wait));
        assert_eq!(again, min15 * 4);
        let short = Duration::from_secs(1);
        let (_, asked) = after_failure(&error(ErrorCode::RateLimited, Some(120)), short, None);
        assert_eq!(asked, Duration::from_secs(120));
        let (_, capped) = after_failure(
            &error(ErrorCode::RateLimited, None),
            min15,
            Some(MAX_BACKOFF),
        );
        assert_eq!(capped, MAX_BACKOFF);
    }

    #[test]
    fn offline_says_so_and_looks_again_within_a_minute() {
        let (status, wait) = after_failure(
            &error(ErrorCode::Offline, None),
            Duration::from_secs(900),
            None,
        );
        assert_eq!(status, WatchStatus::Offline);
        assert_eq!(wait, OFFLINE_RETRY);
    }
}
