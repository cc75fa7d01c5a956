//! The values of a guardrail body's fields, checked one by one as
//! OpenRouter checks them: reset intervals, string lists, enumerations,
//! built-in content filters and custom filters; and the key hashes of an
//! assignment body.

use serde_json::{json, Value};

use super::{ACTIONS, BUILTIN_SLUGS};
use crate::validation::json_object;

pub(super) fn interval_error() -> String {
    "reset_interval must be one of: daily, weekly, monthly, or null".into()
}

pub(super) fn string_list(field: &str, v: &Value) -> Result<Value, String> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::Array(items) if items.is_empty() => Err(format!(
            "{field} must contain at least one entry, or be null for no restriction"
        )),
        Value::Array(items)
            if items
                .iter()
                .all(|i| i.as_str().is_some_and(|s| !s.is_empty())) =>
        {
            Ok(v.clone())
        }
        _ => Err(format!("{field} must be an array of strings or null")),
    }
}

fn one_of(field: &str, v: Option<&Value>, allowed: &[&str]) -> Result<String, String> {
    match v.and_then(Value::as_str) {
        Some(s) if allowed.contains(&s) => Ok(s.to_string()),
        _ => Err(format!("{field} must be one of: {}", allowed.join(", "))),
    }
}

/// Builtin filters come back with the system's label (`[EMAIL]`, …); a label
/// sent by the caller is ignored.
pub(super) fn builtins(v: &Value) -> Result<Value, String> {
    let items = match v {
        Value::Null => return Ok(Value::Null),
        Value::Array(items) => items,
        _ => return Err("content_filter_builtins must be an array or null".into()),
    };
    let mut out = Vec::new();
    for item in items {
        let obj = item
            .as_object()
            .ok_or("content_filter_builtins entries must be objects")?;
        let slug = one_of(
            "content_filter_builtins.slug",
            obj.get("slug"),
            &BUILTIN_SLUGS,
        )?;
        let action = one_of(
            "content_filter_builtins.action",
            obj.get("action"),
            &ACTIONS,
        )?;
        let label = format!("[{}]", slug.to_ascii_uppercase().replace('-', "_"));
        // The scope only matters to the prompt-injection detector; it is
        // reported on every entry with the documented default.
        let scope = match obj.get("scan_scope") {
            None | Some(Value::Null) => "all_messages".to_string(),
            Some(scope) => one_of(
                "content_filter_builtins.scan_scope",
                Some(scope),
                &["user_only", "all_messages"],
            )?,
        };
        let entry = json!({"slug": slug, "action": action, "label": label, "scan_scope": scope});
        out.push(entry);
    }
    Ok(Value::Array(out))
}

pub(super) fn filters(v: &Value) -> Result<Value, String> {
    let items = match v {
        Value::Null => return Ok(Value::Null),
        Value::Array(items) => items,
        _ => return Err("content_filters must be an array or null".into()),
    };
    let mut out = Vec::new();
    for item in items {
        let obj = item
            .as_object()
            .ok_or("content_filters entries must be objects")?;
        let pattern = match obj.get("pattern") {
            Some(Value::String(p)) if !p.is_empty() => p.clone(),
            _ => return Err("content_filters.pattern must be a non-empty string".into()),
        };
        let action = one_of("content_filters.action", obj.get("action"), &ACTIONS)?;
        let label = match obj.get("label") {
            None | Some(Value::Null) => Value::Null,
            Some(Value::String(l)) if l.chars().count() <= 100 => Value::String(l.clone()),
            Some(_) => {
                return Err(
                    "content_filters.label must be a string of at most 100 characters".into(),
                )
            }
        };
        out.push(json!({"pattern": pattern, "action": action, "label": label}));
    }
    Ok(Value::Array(out))
}

/// `{key_hashes: [..]}` of assign and unassign: at least one non-empty hash.
/// Duplicates are dropped, the first sighting keeps its place.
pub(crate) fn parse_key_hashes(body: &[u8]) -> Result<Vec<String>, String> {
    let obj = json_object(body)?;
    let err = || "key_hashes must be a non-empty array of key hashes".to_string();
    let items = obj
        .get("key_hashes")
        .and_then(Value::as_array)
        .ok_or_else(err)?;
    if items.is_empty() {
        return Err(err());
    }
    let mut out: Vec<String> = Vec::new();
    for item in items {
        match item.as_str() {
            Some(h) if !h.is_empty() => {
                if !out.iter().any(|o| o == h) {
                    out.push(h.to_string());
                }
            }
            _ => return Err(err()),
        }
    }
    Ok(out)
}
