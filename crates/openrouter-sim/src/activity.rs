//! `GET /api/v1/activity`: spend of the last 30 completed UTC days per
//! (date, model endpoint), read from the same histories as the keys' usage
//! windows.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{Days, NaiveDate};
use serde_json::{json, Value};

use crate::api_error::ApiError;
use crate::history::{endpoint_id, usd, Micros, ENDPOINTS};
use crate::keygen::is_uuid;
use crate::keys_api::result;
use crate::shared::{Access, Shared};
use crate::state::Store;
use crate::validation::{query_pairs, WORKSPACE_NOT_FOUND};

/// Completed days `/activity` covers, ending yesterday.
pub(crate) const ACTIVITY_DAYS: u64 = 30;

pub(crate) const MEMBER_NOT_FOUND: &str = "Organization member not found";
pub(crate) const USER_ID_NEEDS_ORG: &str = "user_id is only supported for organization accounts";

#[derive(Debug, Default, PartialEq)]
pub(crate) struct ActivityQuery {
    pub date: Option<NaiveDate>,
    pub api_key_hash: Option<String>,
    pub user_id: Option<String>,
    pub workspace_id: Option<String>,
    pub group_by_workspace: bool,
}

/// The oldest and newest day `/activity` reports as of `today`.
pub(crate) fn activity_range(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (today - Days::new(ACTIVITY_DAYS), today - Days::new(1))
}

/// Shapes only; whether the workspace or member exists is checked later.
pub(crate) fn parse_query(raw: Option<&str>, today: NaiveDate) -> Result<ActivityQuery, String> {
    let mut q = ActivityQuery::default();
    let (first, last) = activity_range(today);
    for (k, v) in query_pairs(raw) {
        if v.is_empty() {
            continue;
        }
        match k.as_str() {
            "date" => {
                let day = NaiveDate::parse_from_str(&v, "%Y-%m-%d")
                    .ok()
                    .filter(|d| v.len() == 10 && (first..=last).contains(d))
                    .ok_or_else(|| {
                        format!(
                            "date must be a completed UTC day within the last 30 days \
                             (YYYY-MM-DD, {first} to {last})"
                        )
                    })?;
                q.date = Some(day);
            }
            "api_key_hash" => q.api_key_hash = Some(v),
            "user_id" => q.user_id = Some(v),
            "workspace_id" if is_uuid(&v) => q.workspace_id = Some(v),
            "workspace_id" => return Err("workspace_id must be a valid UUID".into()),
            "group_by" if v == "workspace" => q.group_by_workspace = true,
            "group_by" => return Err("group_by must be 'workspace'".into()),
            _ => {}
        }
    }
    Ok(q)
}

#[derive(Default)]
struct Totals {
    usage: Micros,
    byok: Micros,
    requests: u64,
    prompt: u64,
    completion: u64,
    reasoning: u64,
}

/// The rows for a validated query: newest day first, then by endpoint.
pub(crate) fn rows(store: &Store, q: &ActivityQuery, today: NaiveDate) -> Vec<Value> {
    let (first, last) = match q.date {
        Some(d) => (d, d),
        None => activity_range(today),
    };
    let mut groups: BTreeMap<(Reverse<NaiveDate>, usize, Option<&str>), Totals> = BTreeMap::new();
    let keys = store.spenders().filter(|k| {
        q.api_key_hash
            .as_deref()
            .is_none_or(|h| k.hash.eq_ignore_ascii_case(h))
            && q.workspace_id
                .as_deref()
                .is_none_or(|w| k.workspace_id.eq_ignore_ascii_case(w))
            && q.user_id
                .as_deref()
                .is_none_or(|u| k.creator_user_id.as_deref() == Some(u))
    });
    for key in keys {
        for (day, day_rows) in key.history.days.range(first..=last) {
            for r in day_rows {
                let ws = q.group_by_workspace.then_some(key.workspace_id.as_str());
                let t = groups.entry((Reverse(*day), r.endpoint, ws)).or_default();
                t.usage += r.usage;
                t.byok += r.byok;
                t.requests += r.requests;
                t.prompt += r.prompt_tokens;
                t.completion += r.completion_tokens;
                t.reasoning += r.reasoning_tokens;
            }
        }
    }
    groups
        .into_iter()
        .filter(|(_, t)| t.usage != 0 || t.byok != 0 || t.requests != 0)
        .map(|((Reverse(day), endpoint, ws), t)| {
            let e = &ENDPOINTS[endpoint];
            let mut row = json!({
                "date": day.format("%Y-%m-%d").to_string(),
                "model": e.model,
                "model_permaslug": e.permaslug,
                "endpoint_id": endpoint_id(endpoint),
                "provider_name": e.provider,
                "usage": usd(t.usage),
                "byok_usage_inference": usd(t.byok),
                "requests": t.requests,
                "prompt_tokens": t.prompt,
                "completion_tokens": t.completion,
                "reasoning_tokens": t.reasoning,
            });
            if let Some(ws) = ws {
                row["workspace_id"] = Value::String(ws.to_string());
            }
            row
        })
        .collect()
}

pub(crate) async fn activity(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    result((|| {
        shared.authorize(&headers, Access::Management)?;
        let today = shared.now().date_naive();
        let mut q = parse_query(query.as_deref(), today).map_err(ApiError::bad_request)?;
        let store = shared.store();
        if let Some(ws) = &q.workspace_id {
            let canonical = store
                .canonical_workspace_id(ws)
                .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, WORKSPACE_NOT_FOUND))?;
            q.workspace_id = Some(canonical);
        }
        if let Some(user) = &q.user_id {
            if store.personal {
                return Err(ApiError::bad_request(USER_ID_NEEDS_ORG));
            }
            if store.member(user).is_none() {
                return Err(ApiError::new(StatusCode::NOT_FOUND, MEMBER_NOT_FOUND));
            }
        }
        Ok(Json(json!({ "data": rows(&store, &q, today) })).into_response())
    })())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_must_be_a_completed_day_of_the_last_30() {
        let today: NaiveDate = "2026-03-01".parse().unwrap();
        let ok = |s: &str| parse_query(Some(&format!("date={s}")), today);
        assert!(ok("2026-02-28").is_ok());
        assert!(ok("2026-01-30").is_ok());
        assert!(ok("2026-01-29").is_err());
        assert!(ok("2026-03-01").is_err(), "today is not complete");
        assert!(ok("2026-3-1").is_err());
        assert!(ok("yesterday").is_err());
        assert!(parse_query(Some("group_by=key"), today).is_err());
        assert!(parse_query(Some("workspace_id=x"), today).is_err());
        assert!(
            parse_query(Some("group_by=workspace&date="), today)
                .unwrap()
                .group_by_workspace
        );
    }
}
