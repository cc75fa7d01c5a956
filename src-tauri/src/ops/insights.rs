//! Where the money goes: the overview's 30-day picture (one `/activity`
//! request for the whole account) and a key's page.

use chrono::{NaiveDate, Utc};
use keyhold_ops::insights::{self, Runway, SpendHistory};
use openrouter_client::{
    ActivityItem, ActivityQuery, Decimal, Error as ClientError, Key, OrganizationMember,
};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

use crate::convert::key_view;
use crate::dto_insights::{
    AccountInsights, CreatorView, DaySpendView, GuardrailView, KeyInsights, ModelAmount,
    ModelSpendView, RunwayView, SpendHistoryView,
};
use crate::error::{AppError, AppResult};
use crate::session::Session;

impl Session {
    /// The workspace's last 30 completed days, and the account's burn rate
    /// and runway. One `/activity` request split per workspace serves both:
    /// the balance is the account's, so its runway needs every workspace.
    pub async fn account_insights(
        &self,
        workspace_id: Option<String>,
    ) -> AppResult<AccountInsights> {
        let query = ActivityQuery::all().grouped_by_workspace();
        let (rows, credits) = tokio::join!(self.client.activity(&query), self.client.credits());
        let (rows, credits) = (rows?, credits?);
        let today = Utc::now().date_naive();
        let account = insights::summarize(&rows, today);
        let in_workspace: Vec<ActivityItem> = match &workspace_id {
            Some(ws) => rows
                .into_iter()
                .filter(|r| {
                    r.workspace_id
                        .as_deref()
                        .is_some_and(|w| w.eq_ignore_ascii_case(ws))
                })
                .collect(),
            None => rows,
        };
        let workspace = insights::summarize(&in_workspace, today);
        let burn = account.burn_rate();
        let balance = credits.remaining();
        let runway = insights::runway(Decimal::from_f64(balance).unwrap_or_default(), burn);
        Ok(AccountInsights {
            workspace: history_view(&workspace),
            account_burn_rate: money(burn),
            balance,
            runway: match runway {
                Runway::NoSpend => RunwayView::NoSpend,
                Runway::NoCredits => RunwayView::NoCredits,
                Runway::Days(days) => RunwayView::Days { days },
            },
        })
    }

    /// A key's page: the key, its 30-day history, its creator and its
    /// guardrail. Only the key and its activity are required; the creator
    /// and guardrail say so when they cannot be read.
    pub async fn key_insights(&self, hash: &str) -> AppResult<KeyInsights> {
        let query = ActivityQuery::all().for_key(hash);
        let (key, rows, members, assignments) = tokio::join!(
            self.client.get_key(hash),
            self.client.activity(&query),
            self.client.list_organization_members(),
            self.client.list_key_assignments(),
        );
        let (key, rows) = (key?, rows?);
        self.seen.remember(&key);
        let history = insights::summarize(&rows, Utc::now().date_naive());
        let guardrail = match assignments {
            Ok(list) => match list.iter().find(|a| a.key_hash.eq_ignore_ascii_case(hash)) {
                Some(a) => match self.client.get_guardrail(&a.guardrail_id).await {
                    Ok(g) => GuardrailView::Assigned {
                        id: g.id,
                        name: g.name,
                        limit: g.limit_usd.map(money),
                        limit_reset: g.reset_interval.map(|r| r.as_str().to_string()),
                    },
                    Err(e) => unavailable(e),
                },
                None => GuardrailView::None,
            },
            Err(e) => unavailable(e),
        };
        Ok(KeyInsights {
            creator: creator(&key, members),
            key: key_view(&key),
            history: history_view(&history),
            guardrail,
        })
    }
}

fn unavailable(e: ClientError) -> GuardrailView {
    GuardrailView::Unavailable {
        message: AppError::from(e).message,
    }
}

fn creator(key: &Key, members: Result<Vec<OrganizationMember>, ClientError>) -> CreatorView {
    match members {
        Err(ClientError::NotOrganization { .. }) => CreatorView::NotOrganization,
        Err(e) => CreatorView::Unavailable {
            message: AppError::from(e).message,
        },
        Ok(members) => match key.creator_user_id.as_deref().filter(|u| !u.is_empty()) {
            None => CreatorView::NotRecorded,
            Some(user) => match members.iter().find(|m| m.id == user) {
                Some(m) => CreatorView::Member {
                    name: m.display_name(),
                    email: m.email.clone(),
                },
                None => CreatorView::UnknownMember {
                    user_id: user.to_string(),
                },
            },
        },
    }
}

fn money(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn history_view(h: &SpendHistory) -> SpendHistoryView {
    SpendHistoryView {
        first_day: day(h.first_day),
        last_day: day(h.last_day),
        days: h
            .days
            .iter()
            .map(|d| DaySpendView {
                date: day(d.date),
                total: money(d.total),
                models: d
                    .by_model
                    .iter()
                    .map(|(model, usage)| ModelAmount {
                        model: model.clone(),
                        usage: money(*usage),
                    })
                    .collect(),
            })
            .collect(),
        models: h
            .models
            .iter()
            .map(|m| ModelSpendView {
                model: m.model.clone(),
                usage: money(m.usage),
                byok_usage: money(m.byok_usage),
                requests: m.requests,
                prompt_tokens: m.prompt_tokens,
                completion_tokens: m.completion_tokens,
                reasoning_tokens: m.reasoning_tokens,
            })
            .collect(),
        total: money(h.total()),
        burn_rate: money(h.burn_rate()),
        last_active: h.last_active().map(day),
    }
}
