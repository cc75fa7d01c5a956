//! Developer and test switches (environment variables). They exist only in
//! debug builds and in builds with the `dev-switches` feature, which release
//! bundles never enable: otherwise whoever can set a person's environment
//! could send the stored management key to a host of their choosing, or
//! redirect every saved file.
//!
//! - `KEYHOLD_API_BASE`: the API root (e.g. a simulator on loopback);
//! - `KEYHOLD_DEMO`: start in demo mode;
//! - `KEYHOLD_DIALOG_DIR`: no file dialogs; saves go to that folder and
//!   "Import CSV…" reads `import.csv` from it;
//! - `KEYHOLD_CLIPBOARD_CLEAR_SECS`: how long a copied key stays (5–600 s);
//! - `KEYHOLD_GRACE_HOUR_SECS`: how many seconds one hour of a rotation's
//!   grace period lasts (1–3600 s), to watch a retirement happen.
//! - `KEYHOLD_WATCH_SECS`: how often the warnings watch looks (1–3600 s);
//! - `KEYHOLD_UPDATE_ENDPOINT`, `KEYHOLD_UPDATE_PUBKEY`: where updates are
//!   looked for and the key that signs them (read in `updates.rs`, under the
//!   same rule).

use std::path::PathBuf;
use std::time::Duration;

/// Whether this build reads the switches at all.
pub const ENABLED: bool = cfg!(any(debug_assertions, feature = "dev-switches"));

pub const API_BASE_ENV: &str = "KEYHOLD_API_BASE";
pub const DEMO_ENV: &str = "KEYHOLD_DEMO";
pub const DIALOG_DIR_ENV: &str = "KEYHOLD_DIALOG_DIR";
pub const CLIPBOARD_CLEAR_ENV: &str = "KEYHOLD_CLIPBOARD_CLEAR_SECS";
pub const GRACE_HOUR_ENV: &str = "KEYHOLD_GRACE_HOUR_SECS";
pub const WATCH_SECS_ENV: &str = "KEYHOLD_WATCH_SECS";

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DevSwitches {
    pub api_base: Option<String>,
    pub demo: bool,
    pub dialog_dir: Option<PathBuf>,
    pub clipboard_clear_after: Option<Duration>,
    pub grace_hour: Option<Duration>,
    pub watch_every: Option<Duration>,
}

impl DevSwitches {
    /// The switches of this process: always empty in a release build.
    pub fn from_env() -> Self {
        Self::read(ENABLED, |name| std::env::var(name).ok())
    }

    /// Reads the switches through `lookup` when `enabled`; nothing otherwise.
    pub fn read(enabled: bool, lookup: impl Fn(&str) -> Option<String>) -> Self {
        if !enabled {
            return Self::default();
        }
        let set = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        Self {
            api_base: set(API_BASE_ENV).map(|v| v.trim().to_string()),
            demo: set(DEMO_ENV).is_some(),
            dialog_dir: set(DIALOG_DIR_ENV).map(PathBuf::from),
            clipboard_clear_after: set(CLIPBOARD_CLEAR_ENV)
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(|s| Duration::from_secs(s.clamp(5, 600))),
            grace_hour: set(GRACE_HOUR_ENV)
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(|s| Duration::from_secs(s.clamp(1, 3600))),
            watch_every: set(WATCH_SECS_ENV)
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(|s| Duration::from_secs(s.clamp(1, 3600))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            API_BASE_ENV => Some("https://attacker.example/api/v1".into()),
            DEMO_ENV => Some("1".into()),
            DIALOG_DIR_ENV => Some("/tmp/elsewhere".into()),
            CLIPBOARD_CLEAR_ENV => Some("99999".into()),
            GRACE_HOUR_ENV => Some("0".into()),
            WATCH_SECS_ENV => Some("0".into()),
            _ => None,
        }
    }

    #[test]
    fn a_build_without_switches_ignores_the_environment() {
        assert_eq!(DevSwitches::read(false, env), DevSwitches::default());
    }

    #[test]
    fn a_build_with_switches_reads_them() {
        let s = DevSwitches::read(true, env);
        assert_eq!(
            s.api_base.as_deref(),
            Some("https://attacker.example/api/v1")
        );
        assert!(s.demo);
        assert_eq!(s.dialog_dir, Some(PathBuf::from("/tmp/elsewhere")));
        assert_eq!(s.clipboard_clear_after, Some(Duration::from_secs(600)));
        assert_eq!(s.grace_hour, Some(Duration::from_secs(1)));
        assert_eq!(s.watch_every, Some(Duration::from_secs(1)));
        assert_eq!(
            DevSwitches::read(true, |_| Some("  ".into())),
            DevSwitches::default()
        );
    }
}
