//! What the person wants to be warned about. Stored in the app's config
//! directory as JSON; holds thresholds only, never a key or a key string.

use serde::{Deserialize, Serialize};

use crate::InputError;

/// Every rule of the watch, each with its own switch. The defaults are on
/// and chosen so a first run warns before money or keys run out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AlertRules {
    pub limit: LimitRule,
    pub credits: CreditsRule,
    pub expiry: ExpiryRule,
    /// A replaced key's grace period is over.
    pub retirement: bool,
    /// A key appeared that was not created here, or one vanished that was
    /// not deleted here.
    pub outside_changes: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LimitRule {
    pub on: bool,
    /// Percent of a key's limit in its current window, ascending.
    pub thresholds: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreditsRule {
    pub on: bool,
    /// Warn when the balance falls below this many dollars.
    pub below_usd: Option<f64>,
    /// Warn when fewer days than this are left at the current burn rate.
    pub runway_days_below: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExpiryRule {
    pub on: bool,
    /// Warn this many days before a key expires.
    pub within_days: u32,
    /// Warn once a key has expired.
    pub expired: bool,
}

impl Default for AlertRules {
    fn default() -> Self {
        AlertRules {
            limit: LimitRule::default(),
            credits: CreditsRule::default(),
            expiry: ExpiryRule::default(),
            retirement: true,
            outside_changes: true,
        }
    }
}

impl Default for LimitRule {
    fn default() -> Self {
        LimitRule {
            on: true,
            thresholds: vec![80, 95, 100],
        }
    }
}

impl Default for CreditsRule {
    fn default() -> Self {
        CreditsRule {
            on: true,
            below_usd: Some(10.0),
            runway_days_below: Some(7),
        }
    }
}

impl Default for ExpiryRule {
    fn default() -> Self {
        ExpiryRule {
            on: true,
            within_days: 7,
            expired: true,
        }
    }
}

impl AlertRules {
    /// Checks every figure before the rules are stored, naming the field.
    pub fn validate(&self) -> Result<(), InputError> {
        let t = &self.limit.thresholds;
        if self.limit.on && t.is_empty() {
            return Err(InputError::new(
                "thresholds",
                "Give at least one percentage, or switch the limit warning off.",
            ));
        }
        if t.iter().any(|p| *p == 0 || *p > 100) {
            return Err(InputError::new(
                "thresholds",
                "Each percentage must be between 1 and 100.",
            ));
        }
        if t.windows(2).any(|w| w[0] >= w[1]) {
            return Err(InputError::new(
                "thresholds",
                "List each percentage once, smallest first (for example 80, 95, 100).",
            ));
        }
        if let Some(usd) = self.credits.below_usd {
            if !usd.is_finite() || !(0.0..=1_000_000.0).contains(&usd) {
                return Err(InputError::new(
                    "credits_below",
                    "The credit warning must be an amount between $0 and $1,000,000.",
                ));
            }
        }
        if matches!(self.credits.runway_days_below, Some(d) if d == 0 || d > 365) {
            return Err(InputError::new(
                "runway_days",
                "Days of credits left must be between 1 and 365.",
            ));
        }
        if self.expiry.within_days == 0 || self.expiry.within_days > 365 {
            return Err(InputError::new(
                "expiry_days",
                "Days before expiry must be between 1 and 365.",
            ));
        }
        Ok(())
    }
}
