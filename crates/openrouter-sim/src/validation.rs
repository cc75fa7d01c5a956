//! Request validation for create, update and the query strings. Each failure is
//! a specific human-readable message that the handlers send as a 400 envelope.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::{Map, Value};

use crate::keygen::is_uuid;
use crate::model::LimitReset;
use crate::state::{KeyUpdate, NewKey};

pub(crate) const INVALID_JSON: &str = "Invalid JSON in request body";
pub(crate) const NOT_AN_OBJECT: &str = "Request body must be a JSON object";
pub(crate) const NO_UPDATE_FIELDS: &str = "No update fields provided";
pub(crate) const WORKSPACE_NOT_FOUND: &str = "Workspace not found";

/// The fields PATCH /keys/{hash} acts on; anything else is ignored.
const UPDATE_FIELDS: [&str; 6] = [
    "name",
    "disabled",
    "limit",
    "limit_reset",
    "include_byok_in_limit",
    "workspace_id",
];

pub(crate) fn json_object(body: &[u8]) -> Result<Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(NOT_AN_OBJECT.into()),
        Err(_) => Err(INVALID_JSON.into()),
    }
}

/// POST /keys body. `workspace_id` is only checked for shape here; the handler
/// checks that it exists.
pub(crate) fn parse_create(body: &[u8], now: DateTime<Utc>) -> Result<NewKey, String> {
    let obj = json_object(body)?;
    let name = match obj.get("name") {
        None | Some(Value::Null) => return Err("name is required".into()),
        Some(v) => name(v)?,
    };
    let limit = match obj.get("limit") {
        None => None,
        Some(v) => limit(v)?,
    };
    let limit_reset = match obj.get("limit_reset") {
        None => None,
        Some(v) => limit_reset(v)?,
    };
    let include_byok_in_limit = match obj.get("include_byok_in_limit") {
        None => false,
        Some(v) => boolean("include_byok_in_limit", v)?,
    };
    let expires_at = match obj.get("expires_at") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(expires_at(s, now)?),
        Some(_) => return Err("expires_at must be an ISO 8601 date-time string or null".into()),
    };
    let workspace_id = match obj.get("workspace_id") {
        None => None,
        Some(v) => Some(workspace_id(v)?),
    };
    let creator_user_id = match obj.get("creator_user_id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(_) => return Err("creator_user_id must be a non-empty string or null".into()),
    };
    let external_user = match obj.get("external") {
        None => None,
        Some(v) => Some(external(v)?),
    };
    Ok(NewKey {
        name,
        limit,
        limit_reset,
        include_byok_in_limit,
        expires_at,
        workspace_id,
        creator_user_id,
        external_user,
    })
}

/// PATCH /keys/{hash} body. `expires_at` (not updatable) and unknown fields are
/// ignored; a body with none of the accepted fields is rejected.
pub(crate) fn parse_update(body: &[u8]) -> Result<KeyUpdate, String> {
    let obj = json_object(body)?;
    if !UPDATE_FIELDS.iter().any(|f| obj.contains_key(*f)) {
        return Err(NO_UPDATE_FIELDS.into());
    }
    let mut update = KeyUpdate::default();
    if let Some(v) = obj.get("name") {
        update.name = Some(name(v)?);
    }
    if let Some(v) = obj.get("disabled") {
        update.disabled = Some(boolean("disabled", v)?);
    }
    if let Some(v) = obj.get("limit") {
        update.limit = Some(limit(v)?);
    }
    if let Some(v) = obj.get("limit_reset") {
        update.limit_reset = Some(limit_reset(v)?);
    }
    if let Some(v) = obj.get("include_byok_in_limit") {
        update.include_byok_in_limit = Some(boolean("include_byok_in_limit", v)?);
    }
    if let Some(v) = obj.get("workspace_id") {
        update.workspace_id = Some(workspace_id(v)?);
    }
    Ok(update)
}

/// Names must contain something besides whitespace; they are stored as sent.
fn name(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) if s.trim().is_empty() => Err("name must not be empty".into()),
        Value::String(s) => Ok(s.clone()),
        _ => Err("name must be a string".into()),
    }
}

/// `null` = unlimited.
fn limit(v: &Value) -> Result<Option<f64>, String> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => match n.as_f64() {
            Some(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
            _ => Err("limit must be greater than or equal to 0".into()),
        },
        _ => Err("limit must be a number or null".into()),
    }
}

fn limit_reset(v: &Value) -> Result<Option<LimitReset>, String> {
    let err = || "limit_reset must be one of: daily, weekly, monthly, or null".to_string();
    match v {
        Value::Null => Ok(None),
        Value::String(s) => LimitReset::parse(s).map(Some).ok_or_else(err),
        _ => Err(err()),
    }
}

fn boolean(field: &str, v: &Value) -> Result<bool, String> {
    v.as_bool()
        .ok_or_else(|| format!("{field} must be a boolean"))
}

fn workspace_id(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) if is_uuid(s) => Ok(s.clone()),
        _ => Err("workspace_id must be a valid UUID".into()),
    }
}

/// `external: {user, api_key?}` → the stored `external_user`. The partner API
/// key is only validated (the real API stores a hash and never returns it).
fn external(v: &Value) -> Result<String, String> {
    let Value::Object(obj) = v else {
        return Err("external must be an object".into());
    };
    if let Some(key) = obj.get("api_key") {
        match key {
            Value::String(s) if s.chars().count() >= 32 => {}
            _ => return Err("external.api_key must be a string of at least 32 characters".into()),
        }
    }
    match obj.get("user") {
        Some(Value::String(u)) if !u.is_empty() => Ok(u.clone()),
        _ => Err("external.user is required".into()),
    }
}

/// Accepts RFC 3339 in UTC only (`Z` or `+00:00`), with seconds (fractions
/// allowed), strictly in the future.
pub(crate) fn expires_at(s: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let b = s.as_bytes();
    let minute_precision = b.len() >= 16
        && b[10].eq_ignore_ascii_case(&b'T')
        && b[13] == b':'
        && b.get(16) != Some(&b':');
    if minute_precision {
        return Err(
            "expires_at must include seconds (YYYY-MM-DDTHH:MM:SSZ); minute-precision timestamps are rejected"
                .into(),
        );
    }
    let not_utc = || {
        "expires_at must be in UTC (end with Z or +00:00); other timezones are rejected".to_string()
    };
    let parsed = match DateTime::parse_from_rfc3339(s) {
        Ok(t) => t,
        Err(_) if NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").is_ok() => {
            return Err(not_utc())
        }
        Err(_) => {
            return Err(
                "expires_at must be a valid ISO 8601 date-time (YYYY-MM-DDTHH:MM:SSZ)".into(),
            )
        }
    };
    let utc_suffix = s.ends_with('Z') || s.ends_with('z') || s.ends_with("+00:00");
    if parsed.offset().local_minus_utc() != 0 || !utc_suffix {
        return Err(not_utc());
    }
    let t = parsed.with_timezone(&Utc);
    if t <= now {
        return Err("expires_at must be in the future".into());
    }
    Ok(t)
}

#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct ListQuery {
    pub offset: usize,
    pub include_disabled: bool,
    pub include_expired: bool,
    pub workspace_id: Option<String>,
}

pub(crate) fn query_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Empty values count as absent (`offset` is nullable in the spec).
fn offset(v: &str) -> Result<usize, String> {
    v.parse::<usize>()
        .map_err(|_| "offset must be a non-negative integer".to_string())
}

fn flag(name: &str, v: &str) -> Result<bool, String> {
    if v.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if v.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(format!("{name} must be 'true' or 'false'"))
    }
}

/// GET /keys query. Unknown parameters are ignored; a repeated one: last wins.
pub(crate) fn parse_list_query(raw: Option<&str>) -> Result<ListQuery, String> {
    let mut q = ListQuery::default();
    for (k, v) in query_pairs(raw) {
        if v.is_empty() {
            continue;
        }
        match k.as_str() {
            "offset" => q.offset = offset(&v)?,
            "include_disabled" => q.include_disabled = flag("include_disabled", &v)?,
            "include_expired" => q.include_expired = flag("include_expired", &v)?,
            "workspace_id" if is_uuid(&v) => q.workspace_id = Some(v),
            "workspace_id" => return Err("workspace_id must be a valid UUID".into()),
            _ => {}
        }
    }
    Ok(q)
}

/// GET /workspaces query: `(offset, limit)`, limit 1..=100, default 50.
pub(crate) fn parse_workspaces_query(raw: Option<&str>) -> Result<(usize, usize), String> {
    let (mut off, mut limit) = (0, 50);
    for (k, v) in query_pairs(raw) {
        if v.is_empty() {
            continue;
        }
        match k.as_str() {
            "offset" => off = offset(&v)?,
            "limit" => match v.parse::<usize>() {
                Ok(n) if (1..=100).contains(&n) => limit = n,
                _ => return Err("limit must be an integer between 1 and 100".into()),
            },
            _ => {}
        }
    }
    Ok((off, limit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap()
    }

    #[test]
    fn expires_at_accepts_utc_with_seconds_only() {
        assert!(expires_at("2027-01-01T00:00:00Z", now()).is_ok());
        assert!(expires_at("2027-01-01T00:00:00.250Z", now()).is_ok());
        assert!(expires_at("2027-01-01T00:00:00+00:00", now()).is_ok());
        let err = |s| expires_at(s, now()).unwrap_err();
        assert!(err("2027-01-01T00:00Z").contains("must include seconds"));
        assert!(err("2027-01-01T00:00+00:00").contains("must include seconds"));
        assert!(err("2027-01-01T00:00:00+02:00").contains("UTC"));
        assert!(err("2027-01-01T00:00:00-00:00").contains("UTC"));
        assert!(err("2027-01-01T00:00:00").contains("UTC"));
        assert!(err("2026-10-01T00:00:00Z").contains("future"));
        assert!(err("2026-11-01T12:00:00Z").contains("future"));
        assert!(err("tomorrow").contains("valid ISO 8601"));
        assert!(err("2027-01-01").contains("valid ISO 8601"));
    }

    #[test]
    fn create_defaults_and_messages() {
        let k = parse_create(br#"{"name":"x"}"#, now()).unwrap();
        assert_eq!(
            (k.limit, k.limit_reset, k.include_byok_in_limit),
            (None, None, false)
        );
        let err = |b: &[u8]| parse_create(b, now()).unwrap_err();
        assert_eq!(err(b"{"), INVALID_JSON);
        assert_eq!(err(b""), INVALID_JSON);
        assert_eq!(err(b"[]"), NOT_AN_OBJECT);
        assert_eq!(err(b"{}"), "name is required");
        assert_eq!(err(br#"{"name":"  "}"#), "name must not be empty");
        assert_eq!(err(br#"{"name":5}"#), "name must be a string");
        assert_eq!(
            err(br#"{"name":"a","limit":-1}"#),
            "limit must be greater than or equal to 0"
        );
        assert_eq!(
            err(br#"{"name":"a","limit":"5"}"#),
            "limit must be a number or null"
        );
        assert!(err(br#"{"name":"a","limit_reset":"yearly"}"#)
            .starts_with("limit_reset must be one of"));
        assert_eq!(
            err(br#"{"name":"a","include_byok_in_limit":1}"#),
            "include_byok_in_limit must be a boolean"
        );
        assert_eq!(
            err(br#"{"name":"a","workspace_id":"nope"}"#),
            "workspace_id must be a valid UUID"
        );
        assert_eq!(
            err(br#"{"name":"a","external":{"api_key":"short"}}"#),
            "external.api_key must be a string of at least 32 characters"
        );
    }

    #[test]
    fn update_is_tri_state_and_needs_a_known_field() {
        let u = parse_update(br#"{"limit":null,"limit_reset":null,"foo":1}"#).unwrap();
        assert_eq!(u.limit, Some(None));
        assert_eq!(u.limit_reset, Some(None));
        assert_eq!(u.name, None);
        assert_eq!(
            parse_update(br#"{"expires_at":"2030-01-01T00:00:00Z"}"#).unwrap_err(),
            NO_UPDATE_FIELDS
        );
        assert_eq!(parse_update(b"{}").unwrap_err(), NO_UPDATE_FIELDS);
        assert_eq!(
            parse_update(br#"{"name":""}"#).unwrap_err(),
            "name must not be empty"
        );
        assert_eq!(
            parse_update(br#"{"disabled":"yes"}"#).unwrap_err(),
            "disabled must be a boolean"
        );
    }

    #[test]
    fn list_query_parsing() {
        assert_eq!(parse_list_query(None).unwrap(), ListQuery::default());
        let q = parse_list_query(Some(
            "offset=200&include_disabled=true&include_expired=FALSE&x=1",
        ))
        .unwrap();
        assert_eq!(
            (q.offset, q.include_disabled, q.include_expired),
            (200, true, false)
        );
        assert!(parse_list_query(Some("offset=-1")).is_err());
        assert!(parse_list_query(Some("offset=1.5")).is_err());
        assert!(parse_list_query(Some("include_disabled=1")).is_err());
        assert!(parse_list_query(Some("workspace_id=abc")).is_err());
        assert_eq!(
            parse_workspaces_query(Some("limit=100&offset=1")).unwrap(),
            (1, 100)
        );
        assert!(parse_workspaces_query(Some("limit=0")).is_err());
        assert!(parse_workspaces_query(Some("limit=101")).is_err());
    }
}
