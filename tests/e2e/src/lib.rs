//! Harness for Keyhold's end-to-end tests: the real app window (debug binary)
//! driven over WebDriver (tauri-driver → WebKitWebDriver) under Xvfb, against
//! the in-process OpenRouter simulator, with a real Secret Service keychain.
//!
//! The tests run only under the project's wrapper:
//!
//! ```text
//! cargo build -p keyhold
//! scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1280x800x24" \
//!     cargo test -p keyhold-e2e -- --test-threads=1
//! ```
//!
//! [`require_environment`] fails (never skips) when that environment is missing.
//!
//! Each scenario starts from a [`fixture::Fixture`] (its own simulator, a fresh
//! app profile and keychain entry) and ends with [`fixture::Fixture::finish`],
//! a scan for leaked secrets.

pub mod accounts;
pub mod app;
pub mod audit;
pub mod desktop;
pub mod dialogs;
pub mod driver;
pub mod files;
pub mod fixture;
pub mod key_list_csv;
pub mod key_strings;
pub mod keychain;
pub mod keys_screen;
pub mod leak_scan;
pub mod locate;
pub mod notifications;
pub mod page_text;
pub mod scan;
pub mod screen_capture;
pub mod sim_keys;

use std::future::Future;
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub use app::App;
pub use driver::Driver;
pub use fixture::Fixture;
pub use leak_scan::Secrets;

/// How long any "wait until" polls before failing.
pub const WAIT: Duration = Duration::from_secs(20);
/// Pause between polls.
pub const POLL: Duration = Duration::from_millis(150);

/// The workspace root (`tests/e2e/../..`).
pub fn workspace_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.join("../..")
        .canonicalize()
        .unwrap_or_else(|_| here.join("../.."))
}

/// The shared target directory (honours `CARGO_TARGET_DIR`).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                workspace_root().join(dir)
            }
        }
        None => workspace_root().join("target"),
    }
}

/// The debug app binary the tests drive; panics with the build command when missing.
pub fn app_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("KEYHOLD_E2E_APP") {
        return PathBuf::from(p);
    }
    let bin = target_dir().join("debug").join("keyhold");
    assert!(
        bin.is_file(),
        "the app binary {} is missing: build it first with `cargo build -p keyhold` \
         (after `npm --prefix ui run build`), or point KEYHOLD_E2E_APP at it",
        bin.display()
    );
    bin
}

/// Fails the test (never skips) unless it runs under Xvfb and the keyring wrapper.
pub fn require_environment() {
    let how = "run the end-to-end tests with: scripts/with-keyring.sh xvfb-run -a -s \"-screen 0 1280x800x24\" \
               cargo test -p keyhold-e2e -- --test-threads=1";
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "DISPLAY is not set: the end-to-end tests need an X display (Xvfb). {how}"
    );
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "DBUS_SESSION_BUS_ADDRESS is not set: the end-to-end tests need the private keyring session. {how}"
    );
    let xdg = std::env::var("XDG_DATA_HOME").unwrap_or_default();
    assert!(
        xdg.contains("test-xdg"),
        "XDG_DATA_HOME ({xdg:?}) is not the private test directory set by scripts/with-keyring.sh; \
         refusing to touch a real profile. {how}"
    );
}

/// Polls `probe` until it yields `Some`, or panics after [`WAIT`] naming `what`.
pub async fn eventually<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    eventually_for(WAIT, what, &mut probe).await
}

/// [`eventually`] with an explicit timeout.
pub async fn eventually_for<T, F, Fut>(timeout: Duration, what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(v) = probe().await {
            return v;
        }
        if start.elapsed() > timeout {
            panic!("timed out after {timeout:?} waiting for: {what}");
        }
        tokio::time::sleep(POLL).await;
    }
}

static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Holds the one-app-at-a-time lock: scenarios never overlap, even when the
/// test harness runs tests on several threads.
pub async fn one_app_at_a_time() -> tokio::sync::MutexGuard<'static, ()> {
    SERIAL.lock().await
}

/// Logs a step of a scenario (shown with `--nocapture`, and in a failing test's output).
pub fn step(text: &str) {
    eprintln!("[e2e] {text}");
}

/// `n` with commas between groups of three digits, as the app writes counts
/// ("10,000 keys").
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
