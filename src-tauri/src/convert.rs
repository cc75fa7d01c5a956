//! Client types → IPC types. Timestamps cross as RFC 3339 UTC text.

use chrono::{DateTime, SecondsFormat, Utc};
use openrouter_client::{Key, Workspace};

use crate::dto::{KeyView, WorkspaceView};

pub fn rfc3339(at: &Option<DateTime<Utc>>) -> Option<String> {
    at.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
}

pub fn key_view(k: &Key) -> KeyView {
    KeyView {
        hash: k.hash.clone(),
        name: k.name.clone(),
        label: k.label.clone(),
        disabled: k.disabled,
        limit: k.limit,
        limit_remaining: k.limit_remaining,
        limit_reset: k.limit_reset.as_ref().map(|r| r.as_str().to_string()),
        include_byok_in_limit: k.include_byok_in_limit,
        usage: k.usage,
        usage_daily: k.usage_daily,
        usage_weekly: k.usage_weekly,
        usage_monthly: k.usage_monthly,
        byok_usage: k.byok_usage,
        byok_usage_daily: k.byok_usage_daily,
        byok_usage_weekly: k.byok_usage_weekly,
        byok_usage_monthly: k.byok_usage_monthly,
        created_at: rfc3339(&k.created_at),
        updated_at: rfc3339(&k.updated_at),
        expires_at: rfc3339(&k.expires_at),
        last_used_at: rfc3339(&k.last_used_at),
        workspace_id: k.workspace_id.clone(),
        creator_user_id: k.creator_user_id.clone(),
    }
}

pub fn workspace_view(w: &Workspace) -> WorkspaceView {
    WorkspaceView {
        id: w.id.clone(),
        name: if w.name.is_empty() {
            w.id.clone()
        } else {
            w.name.clone()
        },
        slug: (!w.slug.is_empty()).then(|| w.slug.clone()),
    }
}
