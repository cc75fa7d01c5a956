//! The rotation dialog's expiry choice, checked, for the rotation planner in
//! `keyhold-ops`.

use chrono::{DateTime, Utc};
use keyhold_ops::rotation::{self, ExpiryPlan};
use openrouter_client::{Key, NewKey};

use crate::dto::ExpiryChoice;
use crate::error::{AppError, AppResult, Field};
use crate::validation;

/// The create request for a replacement of `old`, expiry as chosen.
pub fn replacement(old: &Key, expiry: &ExpiryChoice, now: DateTime<Utc>) -> AppResult<NewKey> {
    let plan = match expiry {
        ExpiryChoice::Never => ExpiryPlan::Never,
        ExpiryChoice::At { expires_at } => ExpiryPlan::At(validation::expiry(expires_at, now)?),
        ExpiryChoice::Keep => ExpiryPlan::Keep,
    };
    rotation::replacement(old, &plan, now)
        .map_err(|e| AppError::invalid(Field::named(e.field), e.message))
}
