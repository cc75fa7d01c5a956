//! Guardrails of a workspace: listing them with their number of keys,
//! creating, editing and deleting them, and giving keys to one (each key
//! leaves the guardrail it held) or taking keys out. Every change and every
//! key moved is written to the audit log.

use std::collections::HashMap;

use keyhold_ops::guardrails::{self as rules, AssignEffect, Draft, Rules};
use openrouter_client::{ActivityQuery, Guardrail, KeyAssignment};
use rust_decimal::prelude::ToPrimitive;

use crate::audit::{self, Action};
use crate::dto_guardrails::{
    AssignEffectView, AssignOutcome, AssignPreview, AssignPreviewRow, DefaultGuardrailView,
    GuardrailInput, GuardrailList, GuardrailSuggestions, GuardrailSummary, KeyGuardrail,
};
use crate::error::{AppError, AppResult, Field};
use crate::session::Session;

impl Session {
    /// The workspace's guardrails (the default workspace's when `None`),
    /// each with how many keys it holds, and its default guardrail apart.
    pub async fn list_guardrails(&self, workspace_id: Option<String>) -> AppResult<GuardrailList> {
        let (list, assignments, default) = tokio::join!(
            self.client.list_guardrails(workspace_id.as_deref()),
            self.client.list_key_assignments(),
            self.default_guardrail(workspace_id.as_deref()),
        );
        let counts = rules::key_counts(&assignments?);
        let default_id = match &default {
            DefaultGuardrailView::Set { guardrail } => Some(guardrail.id.clone()),
            _ => None,
        };
        Ok(GuardrailList {
            default,
            guardrails: list?
                .iter()
                .filter(|g| Some(&g.id) != default_id.as_ref())
                .map(|g| summary(g, counts.get(&g.id).copied().unwrap_or(0)))
                .collect(),
        })
    }

    /// The guardrail applied to all of a workspace's traffic, if its rules
    /// were ever set.
    async fn default_guardrail(&self, workspace_id: Option<&str>) -> DefaultGuardrailView {
        let unavailable = |e: openrouter_client::Error| DefaultGuardrailView::Unavailable {
            message: AppError::from(e).message,
        };
        let workspaces = match self.client.list_workspaces().await {
            Ok(w) => w,
            Err(e) => return unavailable(e),
        };
        let wanted = workspace_id.or(self.info.default_workspace_id.as_deref());
        let id = workspaces
            .iter()
            .find(|w| wanted.is_none_or(|id| w.id.eq_ignore_ascii_case(id)))
            .and_then(|w| w.default_guardrail_id.clone());
        let Some(id) = id else {
            return DefaultGuardrailView::NotSet;
        };
        match self.client.get_guardrail(&id).await {
            Ok(g) => DefaultGuardrailView::Set {
                guardrail: summary(&g, 0),
            },
            Err(openrouter_client::Error::NotFound { .. }) => DefaultGuardrailView::NotSet,
            Err(e) => unavailable(e),
        }
    }

    /// Which guardrail holds each key that has one.
    pub async fn key_guardrails(
        &self,
        workspace_id: Option<String>,
    ) -> AppResult<Vec<KeyGuardrail>> {
        let assignments = self.client.list_key_assignments().await?;
        let ids: Vec<&str> = assignments
            .iter()
            .map(|a| a.guardrail_id.as_str())
            .collect();
        let names = self.guardrail_names(workspace_id.as_deref(), &ids).await?;
        Ok(assignments
            .iter()
            .map(|a| KeyGuardrail {
                key_hash: a.key_hash.clone(),
                guardrail_id: a.guardrail_id.clone(),
                guardrail_name: names.get(&a.guardrail_id).cloned().unwrap_or_default(),
            })
            .collect())
    }

    pub async fn create_guardrail(
        &self,
        workspace_id: Option<String>,
        input: GuardrailInput,
    ) -> AppResult<GuardrailSummary> {
        let wanted = checked(input)?;
        let new = wanted.to_new(workspace_id.clone().filter(|w| !w.is_empty()));
        let result = self
            .client
            .create_guardrail(&new)
            .await
            .map_err(AppError::from);
        let entry = audit::guardrail_rules(Action::GuardrailCreate, workspace_id, None, &wanted);
        self.record(entry, result.as_ref().err());
        Ok(summary(&result?, 0))
    }

    /// Saves the form over guardrail `id`: only what differs is sent.
    pub async fn edit_guardrail(
        &self,
        id: &str,
        input: GuardrailInput,
    ) -> AppResult<GuardrailSummary> {
        let wanted = checked(input)?;
        let (current, held) = tokio::join!(
            self.client.get_guardrail(id),
            self.client.list_guardrail_key_assignments(id),
        );
        let (current, keys) = (current?, held?.len());
        let before = Rules::of(&current);
        let Some(patch) = wanted.patch_from(&before) else {
            return Ok(summary(&current, keys));
        };
        let result = self
            .client
            .update_guardrail(id, &patch)
            .await
            .map_err(AppError::from);
        let entry = audit::guardrail_rules(
            Action::GuardrailUpdate,
            current.workspace_id.clone(),
            Some(&before),
            &wanted,
        );
        self.record(entry, result.as_ref().err());
        Ok(summary(&result?, keys))
    }

    /// Deletes guardrail `id`; its keys are released.
    pub async fn delete_guardrail(&self, id: &str) -> AppResult<()> {
        let (current, held) = tokio::join!(
            self.client.get_guardrail(id),
            self.client.list_guardrail_key_assignments(id),
        );
        let (current, keys) = (current?, held?.len());
        let result = self
            .client
            .delete_guardrail(id)
            .await
            .map_err(AppError::from);
        let entry = audit::guardrail_deleted(current.workspace_id.clone(), &current.name, keys);
        self.record(entry, result.as_ref().err());
        result
    }

    /// What giving `hashes` to guardrail `id` would do to each key.
    pub async fn preview_guardrail_assign(
        &self,
        id: &str,
        hashes: &[String],
    ) -> AppResult<AssignPreview> {
        let (target, assignments) = self.assign_context(id, hashes).await?;
        let effects = rules::assign_preview(&target.id, hashes, &assignments);
        let replaced: Vec<&str> = effects
            .iter()
            .filter_map(|(_, e)| match e {
                AssignEffect::Replaces(g) => Some(g.as_str()),
                _ => None,
            })
            .collect();
        let names = self
            .guardrail_names(target.workspace_id.as_deref(), &replaced)
            .await?;
        let rows = effects
            .into_iter()
            .map(|(hash, effect)| AssignPreviewRow {
                name: key_name(self, &hash, &assignments),
                effect: match effect {
                    AssignEffect::New => AssignEffectView::New,
                    AssignEffect::Already => AssignEffectView::Already,
                    AssignEffect::Replaces(g) => AssignEffectView::Replaces {
                        guardrail_name: names.get(&g).cloned().unwrap_or_default(),
                        guardrail_id: g,
                    },
                },
                hash,
            })
            .collect();
        Ok(AssignPreview {
            guardrail_id: target.id,
            guardrail_name: target.name,
            rows,
        })
    }

    /// Gives `hashes` to guardrail `id` (keys already holding it are left
    /// alone); one audit entry per key moved, with the guardrail it left.
    pub async fn assign_guardrail(&self, id: &str, hashes: &[String]) -> AppResult<AssignOutcome> {
        let preview = self.preview_guardrail_assign(id, hashes).await?;
        let moving: Vec<&AssignPreviewRow> = preview
            .rows
            .iter()
            .filter(|r| r.effect != AssignEffectView::Already)
            .collect();
        let send: Vec<String> = moving.iter().map(|r| r.hash.clone()).collect();
        let result = self
            .client
            .assign_keys_to_guardrail(&preview.guardrail_id, &send)
            .await
            .map_err(AppError::from);
        for row in &moving {
            let before = match &row.effect {
                AssignEffectView::Replaces { guardrail_name, .. } => Some(guardrail_name.as_str()),
                _ => None,
            };
            let entry = audit::key_guardrail(
                Action::GuardrailAssign,
                self.key_workspace(&row.hash),
                &row.hash,
                &row.name,
                before,
                Some(&preview.guardrail_name),
            );
            self.record(entry, result.as_ref().err());
        }
        result?;
        Ok(AssignOutcome {
            changed: count(moving.len()),
            unchanged: count(preview.rows.len() - moving.len()),
        })
    }

    /// Takes `hashes` out of whatever guardrail each holds (one request per
    /// guardrail); keys holding none are left alone.
    pub async fn remove_guardrail(&self, hashes: &[String]) -> AppResult<AssignOutcome> {
        check_hashes(hashes)?;
        let assignments = self.client.list_key_assignments().await?;
        let groups = rules::removal_groups(hashes, &assignments);
        let ids: Vec<&str> = groups.iter().map(|(g, _)| g.as_str()).collect();
        let names = self.guardrail_names(None, &ids).await?;
        let mut first_error = None;
        let mut changed = 0;
        for (guardrail, keys) in &groups {
            let result = self
                .client
                .unassign_keys_from_guardrail(guardrail, keys)
                .await
                .map_err(AppError::from);
            for hash in keys {
                let entry = audit::key_guardrail(
                    Action::GuardrailRemove,
                    self.key_workspace(hash),
                    hash,
                    &key_name(self, hash, &assignments),
                    names.get(guardrail).map(String::as_str),
                    None,
                );
                self.record(entry, result.as_ref().err());
            }
            match result {
                Ok(_) => changed += keys.len(),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        if let Some(e) = first_error {
            return Err(e);
        }
        Ok(AssignOutcome {
            changed: count(changed),
            unchanged: count(hashes.len() - changed),
        })
    }

    /// Models and providers seen in the workspace's last 30 days.
    pub async fn guardrail_suggestions(
        &self,
        workspace_id: Option<String>,
    ) -> AppResult<GuardrailSuggestions> {
        let mut query = ActivityQuery::all();
        if let Some(ws) = workspace_id.filter(|w| !w.is_empty()) {
            query = query.in_workspace(ws);
        }
        let rows = self.client.activity(&query).await?;
        let (models, providers) = rules::suggestions(&rows);
        Ok(GuardrailSuggestions { models, providers })
    }

    async fn assign_context(
        &self,
        id: &str,
        hashes: &[String],
    ) -> AppResult<(Guardrail, Vec<KeyAssignment>)> {
        check_hashes(hashes)?;
        let (target, assignments) = tokio::join!(
            self.client.get_guardrail(id),
            self.client.list_key_assignments(),
        );
        Ok((target?, assignments?))
    }

    /// Names of guardrails `ids`: one listing of the workspace, then one
    /// read for each id not in it (a guardrail of another workspace).
    async fn guardrail_names(
        &self,
        workspace_id: Option<&str>,
        ids: &[&str],
    ) -> AppResult<HashMap<String, String>> {
        let mut names: HashMap<String, String> = HashMap::new();
        if ids.is_empty() {
            return Ok(names);
        }
        for g in self.client.list_guardrails(workspace_id).await? {
            names.insert(g.id, g.name);
        }
        for id in ids {
            if !names.contains_key(*id) {
                let name = match self.client.get_guardrail(id).await {
                    Ok(g) => g.name,
                    Err(openrouter_client::Error::NotFound { .. }) => String::new(),
                    Err(e) => return Err(e.into()),
                };
                names.insert(id.to_string(), name);
            }
        }
        Ok(names)
    }

    fn key_workspace(&self, hash: &str) -> Option<String> {
        self.seen.latest(hash).and_then(|k| k.workspace_id)
    }
}

/// The key's name as last listed, else as the assignment listing has it.
fn key_name(session: &Session, hash: &str, assignments: &[KeyAssignment]) -> String {
    session
        .seen
        .latest(hash)
        .map(|k| k.name)
        .or_else(|| {
            assignments
                .iter()
                .find(|a| a.key_hash.eq_ignore_ascii_case(hash))
                .map(|a| a.key_name.clone())
        })
        .unwrap_or_default()
}

fn check_hashes(hashes: &[String]) -> AppResult<()> {
    if hashes.is_empty() || hashes.iter().any(|h| h.trim().is_empty()) {
        return Err(AppError::invalid(Field::Hashes, "Select at least one key."));
    }
    Ok(())
}

fn checked(input: GuardrailInput) -> AppResult<Rules> {
    let draft = Draft {
        name: input.name,
        description: input.description,
        limit: input.limit,
        reset: input.limit_reset,
        include_byok_in_budget: input.include_byok_in_budget,
        allowed_models: input.allowed_models,
        ignored_models: input.ignored_models,
        allowed_providers: input.allowed_providers,
        ignored_providers: input.ignored_providers,
    };
    rules::validate(&draft).map_err(|e| AppError::invalid(Field::named(e.field), e.message))
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn summary(g: &Guardrail, keys: usize) -> GuardrailSummary {
    let list = |l: &Option<Vec<String>>| l.clone().unwrap_or_default();
    GuardrailSummary {
        id: g.id.clone(),
        name: g.name.clone(),
        description: g.description.clone().filter(|d| !d.trim().is_empty()),
        limit: g.limit_usd.and_then(|d| d.to_f64()),
        limit_reset: g.reset_interval.as_ref().map(|r| r.as_str().to_string()),
        include_byok_in_budget: g.include_byok_in_budgets,
        allowed_models: list(&g.allowed_models),
        ignored_models: list(&g.ignored_models),
        allowed_providers: list(&g.allowed_providers),
        ignored_providers: list(&g.ignored_providers),
        key_count: count(keys),
    }
}
