//! The "Warnings" settings: which warnings are on, their figures and how
//! often the watch looks. Kept as JSON in the app's data directory, shared
//! by every account; thresholds only, never a key or a key string.

use std::path::PathBuf;
use std::sync::Mutex;

use keyhold_ops::alerts::AlertRules;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, AppResult, Field};

pub const FILE: &str = "warnings.json";
pub const DEFAULT_INTERVAL_MINUTES: u32 = 15;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Stored {
    pub rules: AlertRules,
    pub interval_minutes: u32,
    /// Closing the window leaves Keyhold watching from the tray.
    pub keep_watching: bool,
}

impl Default for Stored {
    fn default() -> Self {
        Stored {
            rules: AlertRules::default(),
            interval_minutes: DEFAULT_INTERVAL_MINUTES,
            keep_watching: true,
        }
    }
}

/// The settings form as the person fills it in: figures cross as the text
/// typed, so an error can keep it and point at the field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WarningSettings {
    pub limit_on: bool,
    /// Percentages, e.g. "80, 95, 100".
    pub thresholds: String,
    pub credits_on: bool,
    /// Dollars; empty = no balance warning.
    pub credits_below: String,
    /// Days; empty = no runway warning.
    pub runway_days: String,
    pub expiry_on: bool,
    pub expiry_days: String,
    pub expired: bool,
    pub retirement: bool,
    pub outside_changes: bool,
    /// How often the watch refreshes, in minutes.
    pub interval_minutes: String,
    /// Closing the window leaves Keyhold in the system tray, watching.
    pub keep_watching: bool,
    /// Why there is no tray to stay in (the setting is then off); read only.
    pub keep_watching_unavailable: Option<String>,
    /// Keyhold starts when the person logs in (the OS's login items).
    pub start_at_login: bool,
    /// Why starting at login cannot be set here; read only.
    pub start_at_login_unavailable: Option<String>,
}

impl From<&Stored> for WarningSettings {
    fn from(s: &Stored) -> Self {
        let r = &s.rules;
        let list: Vec<String> = r.limit.thresholds.iter().map(u8::to_string).collect();
        WarningSettings {
            limit_on: r.limit.on,
            thresholds: list.join(", "),
            credits_on: r.credits.on,
            credits_below: r.credits.below_usd.map(plain_usd).unwrap_or_default(),
            runway_days: r
                .credits
                .runway_days_below
                .map(|d| d.to_string())
                .unwrap_or_default(),
            expiry_on: r.expiry.on,
            expiry_days: r.expiry.within_days.to_string(),
            expired: r.expiry.expired,
            retirement: r.retirement,
            outside_changes: r.outside_changes,
            interval_minutes: s.interval_minutes.to_string(),
            keep_watching: s.keep_watching,
            keep_watching_unavailable: None,
            start_at_login: false,
            start_at_login_unavailable: None,
        }
    }
}

fn plain_usd(usd: f64) -> String {
    if usd.fract() == 0.0 {
        format!("{usd:.0}")
    } else {
        format!("{usd:.2}")
    }
}

fn number<T: std::str::FromStr>(field: Field, text: &str, message: &str) -> AppResult<T> {
    text.trim()
        .parse()
        .map_err(|_| AppError::invalid(field, message))
}

fn optional<T: std::str::FromStr>(field: Field, text: &str, message: &str) -> AppResult<Option<T>> {
    let text = text.trim().trim_start_matches('$').replace(',', "");
    if text.is_empty() {
        return Ok(None);
    }
    number(field, &text, message).map(Some)
}

impl WarningSettings {
    /// Reads and checks every figure; the first problem names its field.
    pub fn parse(&self) -> AppResult<Stored> {
        let mut thresholds = Vec::new();
        for part in self
            .thresholds
            .split([',', ' ', '%'])
            .filter(|p| !p.is_empty())
        {
            thresholds.push(number::<u8>(
                Field::Thresholds,
                part,
                "Give percentages between 1 and 100, separated by commas (for example 80, 95, 100).",
            )?);
        }
        let mut rules = AlertRules::default();
        rules.limit.on = self.limit_on;
        rules.limit.thresholds = thresholds;
        rules.credits.on = self.credits_on;
        rules.credits.below_usd = optional(
            Field::CreditsBelow,
            &self.credits_below,
            "Give an amount in dollars, for example 10, or leave it empty.",
        )?;
        rules.credits.runway_days_below = optional(
            Field::RunwayDays,
            &self.runway_days,
            "Give a whole number of days, or leave it empty.",
        )?;
        rules.expiry.on = self.expiry_on;
        rules.expiry.within_days = number(
            Field::ExpiryDays,
            &self.expiry_days,
            "Days before expiry must be between 1 and 365.",
        )?;
        rules.expiry.expired = self.expired;
        rules.retirement = self.retirement;
        rules.outside_changes = self.outside_changes;
        rules
            .validate()
            .map_err(|e| AppError::invalid(Field::named(e.field), e.message))?;
        let interval_minutes: u32 = number(
            Field::Interval,
            &self.interval_minutes,
            "Check every 1 to 1440 minutes.",
        )?;
        if !(1..=1440).contains(&interval_minutes) {
            return Err(AppError::invalid(
                Field::Interval,
                "Check every 1 to 1440 minutes.",
            ));
        }
        Ok(Stored {
            rules,
            interval_minutes,
            keep_watching: self.keep_watching,
        })
    }
}

/// The stored settings, read once and written on every save.
#[derive(Debug)]
pub struct Warnings {
    path: Option<PathBuf>,
    current: Mutex<Stored>,
}

impl Warnings {
    /// A missing or unreadable file gives the defaults; `None` keeps the
    /// settings in memory (tests).
    pub fn load(path: Option<PathBuf>) -> Self {
        let current = path
            .as_ref()
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        Warnings {
            path,
            current: Mutex::new(current),
        }
    }

    pub fn get(&self) -> Stored {
        self.current
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn save(&self, stored: Stored) -> AppResult<()> {
        if let Some(path) = &self.path {
            let written = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| {
                    let tmp = path.with_extension("json.tmp");
                    std::fs::write(&tmp, serde_json::to_vec_pretty(&stored)?)?;
                    std::fs::rename(tmp, path)
                });
            written.map_err(|_| AppError::file("The warning settings could not be saved."))?;
        }
        *self.current.lock().unwrap_or_else(|p| p.into_inner()) = stored;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> WarningSettings {
        WarningSettings::from(&Stored::default())
    }

    #[test]
    fn the_defaults_round_trip_through_the_form() {
        assert_eq!(form().thresholds, "80, 95, 100");
        assert_eq!(form().credits_below, "10");
        assert_eq!(form().parse().unwrap(), Stored::default());
    }

    #[test]
    fn each_bad_figure_names_its_field() {
        type Change = fn(&mut WarningSettings);
        let cases: [(Change, Field); 5] = [
            (|f| f.thresholds = "95, 80".into(), Field::Thresholds),
            (|f| f.thresholds = "80, lots".into(), Field::Thresholds),
            (|f| f.credits_below = "ten".into(), Field::CreditsBelow),
            (|f| f.expiry_days = "0".into(), Field::ExpiryDays),
            (|f| f.interval_minutes = "0".into(), Field::Interval),
        ];
        for (change, field) in cases {
            let mut f = form();
            change(&mut f);
            assert_eq!(f.parse().unwrap_err().field, Some(field));
        }
    }

    #[test]
    fn saved_settings_are_read_back_and_hold_no_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        let mut f = form();
        f.credits_below = "$25.50".into();
        f.limit_on = false;
        Warnings::load(Some(path.clone()))
            .save(f.parse().unwrap())
            .unwrap();
        let back = Warnings::load(Some(path.clone())).get();
        assert_eq!(back.rules.credits.below_usd, Some(25.5));
        assert!(!back.rules.limit.on);
        assert!(!std::fs::read_to_string(path).unwrap().contains("sk-or-"));
    }
}
