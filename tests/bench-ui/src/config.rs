//! The benchmark's account, pacing and app binary.

use std::path::PathBuf;
use std::time::Duration;

pub const KEYS: usize = 10_000;
pub const LATENCY: Duration = Duration::from_millis(50);
pub const KEYSTROKES: usize = 80;
pub const IDLE: Duration = Duration::from_secs(30);
/// Time for a screen to finish loading and rendering before it is measured at rest.
pub const SETTLE: Duration = Duration::from_secs(3);
/// After a sign-in the background watch takes its first look at 4 s (and may
/// send a notification): that is work, not rest, so a screen reached by
/// signing in is measured only after it.
pub const PAST_FIRST_LOOK: Duration = Duration::from_secs(8);

/// The app to measure: `KEYHOLD_BENCH_APP`, or the workspace's release build.
pub fn app_binary() -> PathBuf {
    match std::env::var_os("KEYHOLD_BENCH_APP") {
        Some(p) => PathBuf::from(p),
        None => keyhold_e2e::target_dir().join("release").join("keyhold"),
    }
}

/// A number from the environment (a diagnosis setting), or `default`.
pub fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
