//! The client's response parsers, one per body shape, reachable from outside
//! only so that the property tests (`tests/hostile.rs`) can feed them hostile
//! bodies directly rather than through a server. Hidden from the docs and not
//! part of the API: the app uses [`Client`](crate::Client).

use crate::client::{check_deleted, parse};
use crate::error::{Error, Result};
use crate::http::parse_retry_after;
use crate::types::{
    AssignedCount, CreateResponse, CreatedKey, Credits, CurrentKey, DataEnvelope, Key, Page,
    Workspace,
};

/// `GET`/`PATCH /keys/{hash}`.
pub fn key_body(body: &[u8]) -> Result<Key> {
    parse::<DataEnvelope<Key>>(Ok(body.to_vec())).map(|d| d.data)
}

/// One page of `GET /keys`.
pub fn list_body(body: &[u8]) -> Result<Vec<Key>> {
    parse::<DataEnvelope<Vec<Key>>>(Ok(body.to_vec())).map(|d| d.data)
}

/// `POST /keys` (201).
pub fn create_body(body: &[u8]) -> Result<CreatedKey> {
    parse::<CreateResponse>(Ok(body.to_vec())).map(|r| CreatedKey {
        key: r.data,
        secret: r.key,
    })
}

/// `GET /key`.
pub fn current_key_body(body: &[u8]) -> Result<CurrentKey> {
    parse::<DataEnvelope<CurrentKey>>(Ok(body.to_vec())).map(|d| d.data)
}

/// `GET /credits`.
pub fn credits_body(body: &[u8]) -> Result<Credits> {
    parse::<DataEnvelope<Credits>>(Ok(body.to_vec())).map(|d| d.data)
}

/// One page of `GET /workspaces`.
pub fn workspaces_body(body: &[u8]) -> Result<Vec<Workspace>> {
    parse::<Page<Workspace>>(Ok(body.to_vec())).map(|p| p.data)
}

/// `GET /activity`.
pub fn activity_body(body: &[u8]) -> Result<Vec<crate::ActivityItem>> {
    parse::<DataEnvelope<Vec<crate::ActivityItem>>>(Ok(body.to_vec())).map(|d| d.data)
}

/// `GET|PATCH /guardrails/{id}`, `POST /guardrails`.
pub fn guardrail_body(body: &[u8]) -> Result<crate::Guardrail> {
    parse::<DataEnvelope<crate::Guardrail>>(Ok(body.to_vec())).map(|d| d.data)
}

/// One page of `GET /guardrails`.
pub fn guardrails_body(body: &[u8]) -> Result<Vec<crate::Guardrail>> {
    parse::<Page<crate::Guardrail>>(Ok(body.to_vec())).map(|p| p.data)
}

/// One page of `GET /guardrails/{id}/assignments/keys` or
/// `GET /guardrails/assignments/keys`.
pub fn assignments_body(body: &[u8]) -> Result<Vec<crate::KeyAssignment>> {
    parse::<Page<crate::KeyAssignment>>(Ok(body.to_vec())).map(|p| p.data)
}

/// `POST /guardrails/{id}/assignments/keys` and `…/remove`: how many keys
/// changed (an answer without the count is unreadable).
pub fn assigned_count_body(body: &[u8]) -> Result<u64> {
    parse::<AssignedCount>(Ok(body.to_vec()))?
        .assigned_count
        .ok_or_else(|| Error::InvalidResponse {
            detail: "the answer has no count".into(),
        })
}

/// One page of `GET /organization/members`.
pub fn members_body(body: &[u8]) -> Result<Vec<crate::OrganizationMember>> {
    parse::<Page<crate::OrganizationMember>>(Ok(body.to_vec())).map(|p| p.data)
}

/// `DELETE /keys/{hash}`.
pub fn delete_body(body: &[u8]) -> Result<()> {
    check_deleted(body)
}

/// A non-2xx answer: its status, body and `Retry-After` header.
pub fn error_answer(status: u16, body: &[u8], retry_after: Option<&str>) -> Error {
    Error::from_status(status, body, retry_after.and_then(parse_retry_after))
}
