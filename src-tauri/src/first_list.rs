//! The key list the window asks for first, asked for as soon as the key is
//! known to work. Signing in lands on the key list of the default workspace;
//! starting that walk in the session, instead of after the window has
//! switched screens and asked, saves that gap on every sign-in. Only the
//! session's first listing can use it, only for exactly those options and
//! only while it is fresh; anything else asks OpenRouter anew.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use openrouter_client::{Client, Key, ListOptions};
use tokio::task::JoinHandle;

/// Older than this, the listing is not what the person just signed in to.
const FRESH_FOR: Duration = Duration::from_secs(10);

type Listing = openrouter_client::Result<Vec<Key>>;

struct Started {
    options: ListOptions,
    at: Instant,
    task: JoinHandle<Listing>,
}

#[derive(Default)]
pub struct FirstList(Mutex<Option<Started>>);

impl FirstList {
    /// Starts listing with `options` in the background.
    pub fn start(client: &Client, options: ListOptions) -> FirstList {
        let (client, opts) = (client.clone(), options.clone());
        let task = tokio::spawn(async move { client.list_keys(&opts).await });
        FirstList(Mutex::new(Some(Started {
            options,
            at: Instant::now(),
            task,
        })))
    }

    /// The early listing when it was started with `options` and is fresh;
    /// `None` otherwise. Either way it is used up: later listings are new.
    pub async fn take(&self, options: &ListOptions) -> Option<Listing> {
        let started = self.lock().take()?;
        if started.options != *options || started.at.elapsed() > FRESH_FOR {
            started.task.abort();
            return None;
        }
        // A task that died (it cannot be cancelled other than by `stop`)
        // leaves the caller to list anew.
        started.task.await.ok()
    }

    /// Stops the walk if it is still running (the session ends).
    pub fn stop(&self) {
        if let Some(started) = self.lock().take() {
            started.task.abort();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Started>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}
