//! A key's status, as the key list export names it.

use chrono::{DateTime, Utc};

/// `disabled`, `expired`, `at_limit` (limit reached: nothing remaining) or
/// `active`, in that order of precedence. `expires_at` is RFC 3339; an
/// unreadable one counts as not expired.
pub fn key_status(
    disabled: bool,
    expires_at: Option<&str>,
    limit_remaining: Option<f64>,
    now: DateTime<Utc>,
) -> &'static str {
    let expired = expires_at
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .is_some_and(|t| t <= now);
    if disabled {
        "disabled"
    } else if expired {
        "expired"
    } else if limit_remaining.is_some_and(|r| r <= 0.0) {
        "at_limit"
    } else {
        "active"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence() {
        let now: DateTime<Utc> = "2026-11-24T12:00:00Z".parse().unwrap();
        let past = Some("2026-11-01T00:00:00Z");
        let future = Some("2026-12-01T00:00:00Z");
        assert_eq!(key_status(true, past, Some(0.0), now), "disabled");
        assert_eq!(key_status(false, past, Some(0.0), now), "expired");
        assert_eq!(key_status(false, future, Some(0.0), now), "at_limit");
        assert_eq!(key_status(false, future, Some(0.01), now), "active");
        assert_eq!(key_status(false, None, None, now), "active");
        assert_eq!(key_status(false, Some("garbage"), None, now), "active");
    }
}
