//! Bulk input, from IPC types to requests: names from a pattern or a CSV
//! (parsing in `keyhold-ops`), the create plan with its per-row problems, and
//! the bulk edit change.

use chrono::{DateTime, Utc};
use keyhold_ops::diff::Change;
use keyhold_ops::InputError;
use openrouter_client::{LimitReset, NewKey, Usd};

use crate::batches::MAX_BATCH;
use crate::dto::ResetPeriod;
use crate::dto_bulk::{BulkAction, BulkCreateInput, BulkName, ParsedNames, RowProblem};
use crate::error::{AppError, AppResult, Field};
use crate::validation;

fn input_error(e: InputError) -> AppError {
    AppError::invalid(Field::named(e.field), e.message)
}

/// `{n}` → the number; `{n:W}` → the number zero-padded to W digits (1–9).
/// Errors: no placeholder, count 0 or over 500, numbers past `u32::MAX`.
pub fn expand_name_pattern(pattern: &str, count: u32, start: u32) -> AppResult<Vec<String>> {
    keyhold_ops::pattern::expand(pattern, count, start).map_err(input_error)
}

pub fn parse_names_csv(text: &str) -> ParsedNames {
    let parsed = keyhold_ops::names_csv::parse(text);
    ParsedNames {
        names: parsed
            .rows
            .into_iter()
            .map(|r| BulkName {
                name: r.name,
                limit: r.limit,
            })
            .collect(),
        problems: parsed
            .problems
            .into_iter()
            .map(|p| RowProblem {
                line: p.line,
                message: p.message,
            })
            .collect(),
    }
}

pub fn limit_reset(r: Option<ResetPeriod>) -> Option<LimitReset> {
    r.map(LimitReset::from)
}

/// One row of a create batch: the request, or why it cannot be sent.
pub struct PlannedKey {
    pub name: String,
    pub request: Result<NewKey, String>,
}

/// Validates the shared fields (an error for the whole form) and each row
/// (a problem on that row).
pub fn plan_create(input: &BulkCreateInput, now: DateTime<Utc>) -> AppResult<Vec<PlannedKey>> {
    if input.names.is_empty() {
        return Err(AppError::invalid(Field::Names, "Add at least one name."));
    }
    if input.names.len() > MAX_BATCH {
        return Err(AppError::invalid(
            Field::Names,
            format!("At most {MAX_BATCH} keys per batch; split the list."),
        ));
    }
    let shared_limit =
        validation::optional_usd(crate::error::Field::Limit, input.limit.as_deref())?;
    let expires_at = match input.expires_at.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Some(validation::expiry(text, now)?),
        _ => None,
    };
    let workspace_id = input.workspace_id.clone().filter(|w| !w.trim().is_empty());
    Ok(input
        .names
        .iter()
        .map(|row| {
            let request = (|| {
                let name = validation::key_name(&row.name).map_err(|e| e.message)?;
                let own_limit = match row.limit.as_deref().map(str::trim) {
                    Some(t) if !t.is_empty() => Some(
                        Usd::parse(t)
                            .map_err(|e| format!("The limit \"{t}\" is not usable: {e}."))?,
                    ),
                    _ => None,
                };
                Ok(NewKey {
                    name,
                    limit: own_limit.or(shared_limit),
                    limit_reset: limit_reset(input.limit_reset),
                    include_byok_in_limit: Some(input.include_byok_in_limit),
                    expires_at,
                    workspace_id: workspace_id.clone(),
                })
            })();
            PlannedKey {
                name: row.name.trim().to_string(),
                request,
            }
        })
        .collect())
}

/// The change a bulk edit makes; the limit is checked here.
pub fn change(action: &BulkAction) -> AppResult<Change> {
    Ok(match action {
        BulkAction::SetLimit { limit } => {
            match validation::optional_usd(crate::error::Field::Limit, Some(limit))? {
                Some(usd) => Change::SetLimit(usd),
                None => return Err(AppError::invalid(Field::Limit, "Enter the new limit.")),
            }
        }
        BulkAction::SetLimitAndReset { limit, reset } => {
            match validation::optional_usd(crate::error::Field::Limit, Some(limit))? {
                Some(usd) => Change::SetLimitAndReset(usd, limit_reset(*reset)),
                None => return Err(AppError::invalid(Field::Limit, "Enter the new limit.")),
            }
        }
        BulkAction::ClearLimit => Change::ClearLimit,
        BulkAction::SetReset { reset } => Change::SetReset(limit_reset(*reset)),
        BulkAction::SetByok { include } => Change::SetByok(*include),
        BulkAction::Disable => Change::Disable,
        BulkAction::Enable => Change::Enable,
        BulkAction::Delete => Change::Delete,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(names: &[(&str, Option<&str>)]) -> BulkCreateInput {
        BulkCreateInput {
            names: names
                .iter()
                .map(|(n, l)| BulkName {
                    name: n.to_string(),
                    limit: l.map(Into::into),
                })
                .collect(),
            limit: Some("10".into()),
            limit_reset: Some(ResetPeriod::Weekly),
            include_byok_in_limit: true,
            expires_at: None,
            workspace_id: Some(" ".into()),
        }
    }

    #[test]
    fn rows_get_their_own_limit_or_the_shared_one() {
        let plan = plan_create(
            &input(&[
                ("a", None),
                (" b ", Some("2.50")),
                ("", None),
                ("c", Some("x")),
            ]),
            Utc::now(),
        )
        .unwrap();
        let a = plan[0].request.as_ref().unwrap();
        assert_eq!(a.limit.unwrap().to_f64(), 10.0);
        assert_eq!(a.limit_reset, Some(LimitReset::Weekly));
        assert_eq!(a.workspace_id, None);
        let b = plan[1].request.as_ref().unwrap();
        assert_eq!(b.name, "b");
        assert_eq!(b.limit.unwrap().to_f64(), 2.5);
        assert!(plan[2].request.is_err());
        assert!(plan[3].request.as_ref().unwrap_err().contains("\"x\""));
    }

    #[test]
    fn shared_fields_fail_the_whole_form() {
        let mut i = input(&[("a", None)]);
        i.limit = Some("-3".into());
        assert_eq!(
            plan_create(&i, Utc::now()).err().unwrap().field,
            Some(crate::error::Field::Limit)
        );
        let mut i = input(&[("a", None)]);
        i.expires_at = Some("2000-01-01T00:00:00Z".into());
        assert!(plan_create(&i, Utc::now()).is_err());
        assert!(plan_create(&input(&[]), Utc::now()).is_err());
        let many: Vec<(&str, Option<&str>)> = vec![("k", None); MAX_BATCH + 1];
        assert!(plan_create(&input(&many), Utc::now()).is_err());
    }

    #[test]
    fn set_limit_needs_an_amount() {
        assert!(change(&BulkAction::SetLimit { limit: " ".into() }).is_err());
        assert!(change(&BulkAction::SetLimit {
            limit: "1.234".into()
        })
        .is_err());
        assert_eq!(
            change(&BulkAction::SetLimit { limit: "$5".into() }).unwrap(),
            Change::SetLimit(Usd::parse("5").unwrap())
        );
    }
}
