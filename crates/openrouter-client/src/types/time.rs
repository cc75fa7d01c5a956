//! Timestamp (de)serialization helpers.
//!
//! The API's timestamps come as `2025-08-24T10:30:00Z` in the spec and as
//! `2025-02-19T20:52:27.363244+00:00` in the docs; which one the live API sends
//! is not documented. A list of thousands of keys must not fail because one of
//! them carries an odd value, so reading is lenient: anything unparseable becomes `None` (and is logged).

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Deserializer, Serializer};

/// Parses the timestamp shapes seen or plausible on the wire. Text without an
/// offset is taken as UTC (the API documents UTC everywhere).
pub fn parse_lenient(text: &str) -> Option<DateTime<Utc>> {
    let t = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Some(dt.with_timezone(&Utc));
    }
    // `+0000` offsets and a space instead of `T`.
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f%z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(t, fmt) {
            return Some(dt.with_timezone(&Utc));
        }
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(t, fmt) {
            return Some(naive.and_utc());
        }
    }
    None
}

/// `Option<DateTime<Utc>>` that accepts `null`, a missing field (with
/// `#[serde(default)]`), any [`parse_lenient`] shape, and turns anything else
/// (bad text, a number, …) into `None` instead of an error.
pub fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => {
            let parsed = parse_lenient(&s);
            if parsed.is_none() {
                tracing::debug!(value = %s, "ignoring unparseable timestamp");
            }
            parsed
        }
        other => {
            tracing::debug!(kind = ?other, "ignoring non-string timestamp");
            None
        }
    })
}

/// Formats an expiry the way the API asks for it: `YYYY-MM-DDTHH:MM:SSZ`,
/// whole seconds (sub-second input is truncated, never rounded up past the
/// moment the person picked).
pub fn format_expiry(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Serializer for an optional expiry; pair with `skip_serializing_if`.
pub fn serialize_expiry<S: Serializer>(
    at: &Option<DateTime<Utc>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => s.serialize_str(&format_expiry(at)),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Timelike};

    #[test]
    fn parses_every_plausible_shape() {
        let base = Utc.with_ymd_and_hms(2025, 2, 19, 20, 52, 27).unwrap();
        let micros = base.with_nanosecond(363_244_000).unwrap();
        assert_eq!(parse_lenient("2025-02-19T20:52:27Z"), Some(base));
        assert_eq!(parse_lenient("2025-02-19T20:52:27+00:00"), Some(base));
        assert_eq!(
            parse_lenient("2025-02-19T20:52:27.363244+00:00"),
            Some(micros)
        );
        assert_eq!(parse_lenient("2025-02-19T20:52:27.363244Z"), Some(micros));
        assert_eq!(parse_lenient("2025-02-19T20:52:27+0000"), Some(base));
        assert_eq!(
            parse_lenient("2025-02-19 20:52:27.363244+00:00"),
            Some(micros)
        );
        assert_eq!(parse_lenient("2025-02-19T20:52:27"), Some(base));
        assert_eq!(parse_lenient("2025-02-19T22:52:27+02:00"), Some(base));
        assert_eq!(parse_lenient("yesterday"), None);
        assert_eq!(parse_lenient(""), None);
    }

    #[test]
    fn lenient_never_fails() {
        #[derive(Deserialize)]
        struct T {
            #[serde(default, deserialize_with = "lenient")]
            at: Option<DateTime<Utc>>,
        }
        for json in [r#"{}"#, r#"{"at":null}"#, r#"{"at":"soon"}"#, r#"{"at":5}"#] {
            let t: T = serde_json::from_str(json).unwrap();
            assert_eq!(t.at, None, "{json}");
        }
        let t: T = serde_json::from_str(r#"{"at":"2026-12-01T00:00:00Z"}"#).unwrap();
        assert!(t.at.is_some());
    }

    #[test]
    fn expiry_is_whole_seconds_with_z() {
        let at = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
        assert_eq!(format_expiry(&at), "2026-12-01T00:00:00Z");
        let fractional = at.with_nanosecond(999_999_999).unwrap();
        assert_eq!(format_expiry(&fractional), "2026-12-01T00:00:00Z");
    }
}
