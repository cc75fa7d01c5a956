//! Field validation in Rust, mirroring the UI's, so no request is ever sent
//! with bad input even if the UI is bypassed. Messages are for people and
//! name the field they belong to.

use chrono::{DateTime, Utc};
use openrouter_client::Usd;

use crate::error::{AppError, AppResult, Field};

pub use keyhold_ops::NAME_MAX;

/// The one key-name rule (the UI applies the same): trimmed, required, at
/// most 200 characters, no control or text-direction characters.
pub fn key_name(raw: &str) -> AppResult<String> {
    keyhold_ops::validate_key_name(raw).map_err(|p| AppError::invalid(Field::Name, p.message()))
}

/// A spend limit as typed: blank means no limit.
pub fn optional_usd(field: Field, raw: Option<&str>) -> AppResult<Option<Usd>> {
    let Some(text) = raw.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    Usd::parse(text).map(Some).map_err(|_| {
        AppError::invalid(
            field,
            "Enter an amount in US dollars, like 25 or 1,250.50 (no negative amounts, at most 2 decimals).",
        )
    })
}

/// An expiry instant: RFC 3339, in the future. Seconds are kept, sub-seconds dropped.
pub fn expiry(raw: &str, now: DateTime<Utc>) -> AppResult<DateTime<Utc>> {
    let at = DateTime::parse_from_rfc3339(raw.trim())
        .map_err(|_| {
            AppError::invalid(
                Field::ExpiresAt,
                "Pick a valid date and time for the expiry.",
            )
        })?
        .with_timezone(&Utc);
    if at <= now + chrono::Duration::minutes(1) {
        return Err(AppError::invalid(
            Field::ExpiresAt,
            "The expiry must be in the future.",
        ));
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_required() {
        assert_eq!(key_name("  CI bot ").unwrap(), "CI bot");
        let e = key_name("   ").unwrap_err();
        assert_eq!(e.field, Some(crate::error::Field::Name));
        assert!(key_name(&"x".repeat(NAME_MAX + 1)).is_err());
    }

    #[test]
    fn limits_parse_as_decimals() {
        assert!(optional_usd(Field::Limit, None).unwrap().is_none());
        assert!(optional_usd(Field::Limit, Some(" ")).unwrap().is_none());
        let usd = optional_usd(Field::Limit, Some("1,250.50"))
            .unwrap()
            .unwrap();
        assert_eq!(usd.to_f64(), 1250.5);
        let e = optional_usd(Field::Limit, Some("-1")).unwrap_err();
        assert_eq!(e.field, Some(crate::error::Field::Limit));
        assert!(optional_usd(Field::Limit, Some("abc")).is_err());
    }

    #[test]
    fn expiry_must_be_in_the_future() {
        let now: DateTime<Utc> = "2026-11-24T12:00:00Z".parse().unwrap();
        assert!(expiry("2026-11-24T11:00:00Z", now).is_err());
        assert!(expiry("not a date", now).is_err());
        let at = expiry("2026-12-24T12:00:00+01:00", now).unwrap();
        assert_eq!(at.to_rfc3339(), "2026-12-24T11:00:00+00:00");
    }
}
