//! Where the money goes: `/activity`, guardrails with their key assignments,
//! and organization members.

use std::collections::HashSet;

use reqwest::Method;
use serde::de::DeserializeOwned;
use url::Url;

use super::{check_deleted, parse, to_json, Client};
use crate::error::{Error, Result};
use crate::http::TransportFailure;
use crate::types::{
    ActivityItem, ActivityQuery, DataEnvelope, Guardrail, GuardrailPatch, KeyAssignment,
    NewGuardrail, OrganizationMember, Page,
};

/// Items per page of the offset/limit listings (the API's maximum).
pub(crate) const LISTING_PAGE: usize = 100;

/// Bounds a walk: 1,000 pages = 100,000 items.
const MAX_LISTING_PAGES: usize = 1_000;

impl Client {
    /// Spend per UTC day and model endpoint over the last 30 completed days
    /// (never today: today's spend is only in a key's `usage_daily`),
    /// narrowed by `query`. One key's history is one call with
    /// [`ActivityQuery::for_key`]; there is no batch form.
    pub async fn activity(&self, query: &ActivityQuery) -> Result<Vec<ActivityItem>> {
        let url = self.inner.http.url(&["activity"]);
        let q = query.query();
        self.get_data("activity", url, &q).await
    }

    /// Every guardrail of a workspace (the default one when `None`), all pages.
    pub async fn list_guardrails(&self, workspace_id: Option<&str>) -> Result<Vec<Guardrail>> {
        let url = self.inner.http.url(&["guardrails"]);
        let extra: Vec<(&str, String)> = workspace_id
            .map(|w| vec![("workspace_id", w.to_string())])
            .unwrap_or_default();
        self.walk_listing("list guardrails", url, &extra, |g: &Guardrail| g.id.clone())
            .await
    }

    /// One guardrail. Unknown id → [`Error::NotFound`].
    pub async fn get_guardrail(&self, id: &str) -> Result<Guardrail> {
        let url = self.guardrail_url(id, &[])?;
        self.get_data("get guardrail", url, &[]).await
    }

    /// Creates a guardrail (it enforces nothing until keys are assigned).
    /// Never retried: an uncertain outcome is [`Error::OutcomeUnknown`];
    /// list the guardrails before creating it again.
    pub async fn create_guardrail(&self, request: &NewGuardrail) -> Result<Guardrail> {
        let url = self.inner.http.url(&["guardrails"]);
        let action = format!("creating the guardrail \"{}\"", request.name);
        let body = to_json(request)?;
        self.post_once(&action, url, body, |body| {
            parse::<DataEnvelope<Guardrail>>(Ok(body)).map(|d| d.data)
        })
        .await
    }

    /// Changes a guardrail; lists are replaced whole. Retried like key updates
    /// (sending the same full values twice leaves the same result).
    pub async fn update_guardrail(&self, id: &str, patch: &GuardrailPatch) -> Result<Guardrail> {
        let url = self.guardrail_url(id, &[])?;
        let body = to_json(patch)?;
        self.idempotent(
            "update guardrail",
            Method::PATCH,
            url,
            &[],
            Some(body),
            |_| {},
            |_, body| parse::<DataEnvelope<Guardrail>>(body).map(|d| d.data),
        )
        .await
    }

    /// Deletes a guardrail (its keys are released). As for keys, a 404 on a
    /// retry after an uncertain first try counts as deleted.
    pub async fn delete_guardrail(&self, id: &str) -> Result<()> {
        let url = self.guardrail_url(id, &[])?;
        self.idempotent(
            "delete guardrail",
            Method::DELETE,
            url,
            &[],
            None,
            |_| {},
            |attempt, body| match body {
                Ok(bytes) => check_deleted(&bytes),
                Err(Error::NotFound { .. }) if attempt.earlier_outcome_unknown => Ok(()),
                Err(e) => Err(e),
            },
        )
        .await
    }

    /// Assigns keys to a guardrail; each key leaves the guardrail it held (a
    /// key holds at most one). Returns OpenRouter's `assigned_count`. Sent
    /// once: an uncertain outcome is [`Error::OutcomeUnknown`] (check with
    /// [`Client::list_guardrail_key_assignments`]). No hashes → `Ok(0)`
    /// without a request.
    pub async fn assign_keys_to_guardrail(&self, id: &str, key_hashes: &[String]) -> Result<u64> {
        self.assignment_change(
            id,
            key_hashes,
            &["assignments", "keys"],
            "assigning keys to a guardrail",
        )
        .await
    }

    /// Releases keys from a guardrail; returns `unassigned_count`. Sent once,
    /// like [`Client::assign_keys_to_guardrail`].
    pub async fn unassign_keys_from_guardrail(
        &self,
        id: &str,
        key_hashes: &[String],
    ) -> Result<u64> {
        self.assignment_change(
            id,
            key_hashes,
            &["assignments", "keys", "remove"],
            "removing keys from a guardrail",
        )
        .await
    }

    /// Every key assignment of one guardrail, all pages.
    pub async fn list_guardrail_key_assignments(&self, id: &str) -> Result<Vec<KeyAssignment>> {
        let url = self.guardrail_url(id, &["assignments", "keys"])?;
        self.walk_listing(
            "list guardrail key assignments",
            url,
            &[],
            |a: &KeyAssignment| a.id.clone(),
        )
        .await
    }

    /// Every key assignment of every guardrail, all pages.
    pub async fn list_key_assignments(&self) -> Result<Vec<KeyAssignment>> {
        let url = self.inner.http.url(&["guardrails", "assignments", "keys"]);
        self.walk_listing("list key assignments", url, &[], |a: &KeyAssignment| {
            a.id.clone()
        })
        .await
    }

    /// Every member of the organization, all pages. A personal account has
    /// none: [`Error::NotOrganization`].
    pub async fn list_organization_members(&self) -> Result<Vec<OrganizationMember>> {
        let url = self.inner.http.url(&["organization", "members"]);
        match self
            .walk_listing(
                "list organization members",
                url,
                &[],
                |m: &OrganizationMember| m.id.clone(),
            )
            .await
        {
            Err(Error::NotFound { message }) => Err(Error::NotOrganization { message }),
            other => other,
        }
    }

    async fn assignment_change(
        &self,
        id: &str,
        key_hashes: &[String],
        tail: &[&str],
        action: &str,
    ) -> Result<u64> {
        if key_hashes.is_empty() {
            return Ok(0);
        }
        let url = self.guardrail_url(id, tail)?;
        let body = to_json(&serde_json::json!({ "key_hashes": key_hashes }))?;
        self.post_once(action, url, body, |body| {
            crate::parsers::assigned_count_body(&body)
        })
        .await
    }

    /// `/guardrails/{id}/…`; ids that cannot name one are refused locally.
    fn guardrail_url(&self, id: &str, tail: &[&str]) -> Result<Url> {
        let id = id.trim();
        if id.is_empty() || id == "." || id == ".." {
            return Err(Error::NotFound {
                message: Some("no guardrail has an empty id".into()),
            });
        }
        let mut segments = vec!["guardrails", id];
        segments.extend_from_slice(tail);
        Ok(self.inner.http.url(&segments))
    }

    /// A POST that must not run twice. Answers proving nothing happened (4xx,
    /// 429, no connection) come back as they are; anything else after sending
    /// becomes [`Error::OutcomeUnknown`].
    async fn post_once<T>(
        &self,
        action: &str,
        url: Url,
        body: Vec<u8>,
        parse_body: impl Fn(Vec<u8>) -> Result<T>,
    ) -> Result<T> {
        let unknown = |cause: Error| Error::OutcomeUnknown {
            action: action.to_string(),
            cause: Box::new(cause),
        };
        let result = match self
            .inner
            .http
            .exchange(Method::POST, url, &[], Some(body))
            .await
        {
            Err(TransportFailure {
                error,
                may_have_reached_server: false,
            }) => Err(error),
            Err(failure) => Err(unknown(failure.error)),
            Ok(reply) => match reply.into_success_body() {
                Ok(body) => parse_body(body).map_err(unknown),
                Err(
                    e @ (Error::BadRequest { .. }
                    | Error::Unauthorized { .. }
                    | Error::NotManagementKey { .. }
                    | Error::Forbidden { .. }
                    | Error::NotFound { .. }
                    | Error::RateLimited { .. }),
                ) => Err(e),
                Err(e) => Err(unknown(e)),
            },
        };
        self.scrub(result)
    }

    /// Walks an offset/limit listing page by page until a short page or the
    /// total is reached; items are kept once (by `id_of`) in the API's order,
    /// so items pushed down by a concurrent insert are not repeated.
    pub(crate) async fn walk_listing<T: DeserializeOwned>(
        &self,
        what: &'static str,
        url: Url,
        extra: &[(&str, String)],
        id_of: impl Fn(&T) -> String,
    ) -> Result<Vec<T>> {
        let mut all: Vec<T> = Vec::new();
        let mut seen = HashSet::new();
        let mut offset = 0usize;
        for _ in 0..MAX_LISTING_PAGES {
            let mut query = extra.to_vec();
            query.push(("offset", offset.to_string()));
            query.push(("limit", LISTING_PAGE.to_string()));
            let page = self
                .idempotent(
                    what,
                    Method::GET,
                    url.clone(),
                    &query,
                    None,
                    |_| {},
                    |_, body| parse::<Page<T>>(body),
                )
                .await?;
            let received = page.data.len();
            all.extend(
                page.data
                    .into_iter()
                    .filter(|item| seen.insert(id_of(item))),
            );
            offset += received;
            let total_reached = page.total_count.is_some_and(|t| offset as u64 >= t);
            if received < LISTING_PAGE || total_reached {
                return Ok(all);
            }
        }
        Err(Error::InvalidResponse {
            detail: format!("{what}: the list did not end"),
        })
    }
}
