//! Activity, guardrails, assignments and members against the simulator:
//! success and every declared error, consistency on calendar edges,
//! replace-on-assign and paging past 100.

use chrono::{DateTime, Datelike, Days, TimeZone, Utc};
use openrouter_client::{
    ActivityQuery, Decimal, ErrorCode, GuardrailBudget, GuardrailPatch, LimitReset, ListOptions,
    NewGuardrail, Patch, RetryPolicy, Usd,
};
use openrouter_sim::{FaultRule, Faults, ServerErrorFault, SimConfig};

use crate::common::*;

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

fn dec(x: f64) -> Decimal {
    Decimal::try_from(x).unwrap().round_dp(6)
}

fn server_errors() -> Faults {
    Faults {
        server_error: Some(ServerErrorFault {
            rule: FaultRule::always(),
            ..ServerErrorFault::default()
        }),
        ..Faults::none()
    }
}

#[tokio::test]
async fn activity_plus_today_equals_the_week_and_month_on_calendar_edges() {
    // The month began inside the week; the week began inside the month.
    for now in [at(2026, 7, 2, 15), at(2026, 7, 16, 9), at(2026, 3, 1, 23)] {
        let sim = sim_with(SimConfig {
            now: Some(now),
            ..SimConfig::demo(21)
        })
        .await;
        let client = client(&sim);
        let today = now.date_naive();
        let week = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
        let month = today.with_day(1).unwrap();
        let mut keys = Vec::new();
        for ws in sim.workspace_ids() {
            keys.extend(
                client
                    .list_keys(&ListOptions::everything().in_workspace(ws))
                    .await
                    .unwrap(),
            );
        }
        let mut with_activity = 0;
        for key in &keys {
            let rows = client
                .activity(&ActivityQuery::all().for_key(&key.hash))
                .await
                .unwrap();
            with_activity += usize::from(!rows.is_empty());
            let sum = |from| -> Decimal {
                rows.iter()
                    .filter(|r| r.date >= from)
                    .map(|r| r.usage)
                    .sum()
            };
            assert!(rows.iter().all(|r| r.date < today));
            assert_eq!(
                sum(month) + dec(key.usage_daily),
                dec(key.usage_monthly),
                "{today} {}",
                key.name
            );
            assert_eq!(
                sum(week) + dec(key.usage_daily),
                dec(key.usage_weekly),
                "{today} {}",
                key.name
            );
        }
        assert!(with_activity > 20, "{with_activity}");
    }
}

#[tokio::test]
async fn activity_filters_and_errors() {
    let now = at(2026, 7, 16, 9);
    let sim = sim_with(SimConfig {
        now: Some(now),
        ..SimConfig::demo(4)
    })
    .await;
    let client = client(&sim);
    let all = client.activity(&ActivityQuery::all()).await.unwrap();
    assert!(all.len() > 100);
    assert!(all.iter().all(|r| r.workspace_id.is_none()));
    let yesterday = now.date_naive() - Days::new(1);
    let day = client
        .activity(&ActivityQuery::all().on(yesterday))
        .await
        .unwrap();
    assert!(!day.is_empty() && day.iter().all(|r| r.date == yesterday));
    let lab = sim.workspace_ids()[1].clone();
    let grouped = client
        .activity(&ActivityQuery::all().grouped_by_workspace())
        .await
        .unwrap();
    assert!(grouped
        .iter()
        .any(|r| r.workspace_id.as_deref() == Some(lab.as_str())));
    let in_lab = client
        .activity(
            &ActivityQuery::all()
                .in_workspace(&lab)
                .grouped_by_workspace(),
        )
        .await
        .unwrap();
    assert!(
        !in_lab.is_empty()
            && in_lab
                .iter()
                .all(|r| r.workspace_id.as_deref() == Some(lab.as_str()))
    );
    // The account's spend is the sum of its workspaces'.
    let total: Decimal = all.iter().map(|r| r.usage).sum();
    let split: Decimal = grouped.iter().map(|r| r.usage).sum();
    assert_eq!(total, split);
    let member = sim.member_ids()[1].clone();
    let mine = client
        .activity(&ActivityQuery::all().by_user(&member))
        .await
        .unwrap();
    assert!(mine.len() < all.len());

    let bad = |q: ActivityQuery| {
        let client = client.clone();
        async move { client.activity(&q).await }
    };
    assert_code(
        bad(ActivityQuery::all().on(now.date_naive())).await,
        ErrorCode::BadRequest,
    );
    assert_code(
        bad(ActivityQuery::all().on(now.date_naive() - Days::new(31))).await,
        ErrorCode::BadRequest,
    );
    assert_code(
        bad(ActivityQuery::all().in_workspace("00000000-0000-4000-8000-000000000000")).await,
        ErrorCode::NotFound,
    );
    assert_code(
        bad(ActivityQuery::all().by_user("user_nobody")).await,
        ErrorCode::NotFound,
    );
    assert_code(
        client_for_key(&sim, sim.inference_key())
            .activity(&ActivityQuery::all())
            .await,
        ErrorCode::NotManagementKey,
    );
    assert_code(
        client_for_key(&sim, "sk-or-v1-nope".into())
            .activity(&ActivityQuery::all())
            .await,
        ErrorCode::Unauthorized,
    );
    sim.set_faults(server_errors());
    let no_retry = client_with(&sim, config(&sim).with_retry(RetryPolicy::none()));
    assert_code(
        no_retry.activity(&ActivityQuery::all()).await,
        ErrorCode::Server,
    );
}

#[tokio::test]
async fn guardrail_lifecycle_and_errors() {
    let sim = sim_with(SimConfig::demo(8)).await;
    let client = client(&sim);
    let listed = client.list_guardrails(None).await.unwrap();
    assert!(listed.iter().any(|g| g.name == "Production"));
    let lab = sim.workspace_ids()[1].clone();
    let interns = client.list_guardrails(Some(&lab)).await.unwrap();
    let interns = interns.iter().find(|g| g.name == "Interns").unwrap();
    assert_eq!(interns.limit_usd, Some(Decimal::from(50)));
    assert_eq!(interns.reset_interval, Some(LimitReset::Monthly));

    let mut request = NewGuardrail::named("Support bots");
    request.budget = Some(GuardrailBudget::new(
        Usd::parse("12.50").unwrap(),
        Some(LimitReset::Weekly),
    ));
    request.allowed_providers = Some(vec!["openai".into()]);
    let created = client.create_guardrail(&request).await.unwrap();
    assert_eq!(created.limit_usd, Some(Decimal::new(125, 1)));
    assert_eq!(client.get_guardrail(&created.id).await.unwrap(), created);
    let patch = GuardrailPatch {
        name: Some("Support bots v2".into()),
        budget: Patch::Null,
        allowed_providers: Patch::Null,
        ..GuardrailPatch::default()
    };
    let updated = client.update_guardrail(&created.id, &patch).await.unwrap();
    assert_eq!(
        (
            updated.name.as_str(),
            updated.limit_usd,
            updated.allowed_providers.clone()
        ),
        ("Support bots v2", None, None)
    );
    assert!(updated.updated_at.is_some());

    // Declared errors.
    let missing = "00000000-0000-4000-8000-000000000000";
    assert_code(client.get_guardrail(missing).await, ErrorCode::NotFound);
    assert_code(
        client.update_guardrail(missing, &patch).await,
        ErrorCode::NotFound,
    );
    assert_code(client.delete_guardrail(missing).await, ErrorCode::NotFound);
    assert_code(client.get_guardrail(" ").await, ErrorCode::NotFound);
    assert_code(
        client.create_guardrail(&NewGuardrail::named("")).await,
        ErrorCode::BadRequest,
    );
    let mut empty_list = NewGuardrail::named("x");
    empty_list.allowed_models = Some(vec![]);
    assert_code(
        client.create_guardrail(&empty_list).await,
        ErrorCode::BadRequest,
    );
    assert_code(
        client
            .update_guardrail(&created.id, &GuardrailPatch::default())
            .await,
        ErrorCode::BadRequest,
    );
    assert_code(
        client.list_guardrails(Some("not-a-uuid")).await,
        ErrorCode::BadRequest,
    );
    let inference = client_for_key(&sim, sim.inference_key());
    assert_code(
        inference.create_guardrail(&request).await,
        ErrorCode::NotManagementKey,
    );
    let stranger = client_for_key(&sim, "sk-or-v1-nope".into());
    assert_code(
        stranger.list_guardrails(None).await,
        ErrorCode::Unauthorized,
    );
    assert_code(
        stranger.delete_guardrail(&created.id).await,
        ErrorCode::Unauthorized,
    );

    client.delete_guardrail(&created.id).await.unwrap();
    assert_code(client.get_guardrail(&created.id).await, ErrorCode::NotFound);

    // 500: reads give up after retries; a create is sent once and may have happened.
    sim.set_faults(server_errors());
    sim.clear_requests();
    assert_code(client.list_guardrails(None).await, ErrorCode::Server);
    let e = assert_code(
        client.create_guardrail(&request).await,
        ErrorCode::OutcomeUnknown,
    );
    assert!(e.user_message().contains("creating the guardrail"));
    assert_eq!(logged(&sim, "POST").len(), 1, "a create is never repeated");
}

#[tokio::test]
async fn assigning_replaces_a_keys_guardrail_and_errors_are_mapped() {
    let sim = sim(3).await;
    let client = client(&sim);
    let keys: Vec<String> = client
        .list_keys(&ListOptions::default())
        .await
        .unwrap()
        .into_iter()
        .map(|k| k.hash)
        .collect();
    let a = client
        .create_guardrail(&NewGuardrail::named("A"))
        .await
        .unwrap();
    let b = client
        .create_guardrail(&NewGuardrail::named("B"))
        .await
        .unwrap();
    assert_eq!(
        client.assign_keys_to_guardrail(&a.id, &keys).await.unwrap(),
        3
    );
    assert_eq!(
        client
            .assign_keys_to_guardrail(&b.id, &keys[..1])
            .await
            .unwrap(),
        1
    );
    let in_a = client.list_guardrail_key_assignments(&a.id).await.unwrap();
    let in_b = client.list_guardrail_key_assignments(&b.id).await.unwrap();
    assert_eq!(in_a.len(), 2);
    assert_eq!(in_b.len(), 1);
    assert_eq!(in_b[0].key_hash, keys[0]);
    assert!(
        in_a.iter().all(|x| x.key_hash != keys[0]),
        "moved, not copied"
    );
    assert_eq!(sim.guardrail_of(&keys[0]), Some(b.id.clone()));
    let all = client.list_key_assignments().await.unwrap();
    assert_eq!(all.len(), 3, "a key holds one guardrail");
    assert_eq!(
        client
            .unassign_keys_from_guardrail(&a.id, &keys)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        client.assign_keys_to_guardrail(&a.id, &[]).await.unwrap(),
        0
    );

    let missing = "00000000-0000-4000-8000-000000000000";
    assert_code(
        client.assign_keys_to_guardrail(missing, &keys).await,
        ErrorCode::NotFound,
    );
    assert_code(
        client.unassign_keys_from_guardrail(missing, &keys).await,
        ErrorCode::NotFound,
    );
    assert_code(
        client.list_guardrail_key_assignments(missing).await,
        ErrorCode::NotFound,
    );
    assert_code(
        client
            .assign_keys_to_guardrail(&a.id, &[String::new()])
            .await,
        ErrorCode::BadRequest,
    );
    assert_code(
        client
            .unassign_keys_from_guardrail(&a.id, &[String::new()])
            .await,
        ErrorCode::BadRequest,
    );
    let stranger = client_for_key(&sim, "sk-or-v1-nope".into());
    assert_code(
        stranger.list_key_assignments().await,
        ErrorCode::Unauthorized,
    );
    assert_code(
        stranger.assign_keys_to_guardrail(&a.id, &keys).await,
        ErrorCode::Unauthorized,
    );

    sim.set_faults(server_errors());
    sim.clear_requests();
    assert_code(
        client.assign_keys_to_guardrail(&a.id, &keys).await,
        ErrorCode::OutcomeUnknown,
    );
    assert_code(
        client.unassign_keys_from_guardrail(&a.id, &keys).await,
        ErrorCode::OutcomeUnknown,
    );
    assert_eq!(
        logged(&sim, "POST").len(),
        2,
        "assignments are never repeated"
    );
    assert_code(client.list_key_assignments().await, ErrorCode::Server);
}

#[tokio::test]
async fn assignment_listings_walk_every_page() {
    let sim = sim(250).await;
    let client = client(&sim);
    let keys: Vec<String> = client
        .list_keys(&ListOptions::default())
        .await
        .unwrap()
        .into_iter()
        .map(|k| k.hash)
        .collect();
    assert_eq!(keys.len(), 250);
    let g = client
        .create_guardrail(&NewGuardrail::named("Big"))
        .await
        .unwrap();
    let other = client
        .create_guardrail(&NewGuardrail::named("Small"))
        .await
        .unwrap();
    assert_eq!(
        client
            .assign_keys_to_guardrail(&g.id, &keys[..230])
            .await
            .unwrap(),
        230
    );
    client
        .assign_keys_to_guardrail(&other.id, &keys[230..])
        .await
        .unwrap();
    sim.clear_requests();
    let mine = client.list_guardrail_key_assignments(&g.id).await.unwrap();
    assert_eq!(mine.len(), 230);
    let hashes: std::collections::HashSet<_> = mine.iter().map(|a| a.key_hash.clone()).collect();
    assert_eq!(hashes.len(), 230);
    let pages = logged(&sim, "GET");
    assert_eq!(pages.len(), 3);
    assert!(pages
        .iter()
        .all(|r| r.query.as_deref().is_some_and(|q| q.contains("limit=100"))));
    assert_eq!(client.list_key_assignments().await.unwrap().len(), 250);
}

#[tokio::test]
async fn members_of_an_organization_and_none_for_a_personal_account() {
    let sim = sim_with(SimConfig::demo(2)).await;
    let client = client(&sim);
    let members = client.list_organization_members().await.unwrap();
    assert_eq!(
        members.iter().map(|m| m.id.clone()).collect::<Vec<_>>(),
        sim.member_ids()
    );
    assert!(members[0].is_admin());
    assert_eq!(members[0].display_name(), "Dana Whitfield");
    assert!(members.iter().any(|m| m.first_name.is_none()));
    let stranger = client_for_key(&sim, "sk-or-v1-nope".into());
    assert_code(
        stranger.list_organization_members().await,
        ErrorCode::Unauthorized,
    );

    sim.set_personal_account(true);
    let e = assert_code(
        client.list_organization_members().await,
        ErrorCode::NotOrganization,
    );
    assert!(e.user_message().contains("personal account"));
    assert_eq!(ErrorCode::NotOrganization.as_str(), "not_organization");
    sim.set_personal_account(false);
    sim.set_faults(server_errors());
    assert_code(client.list_organization_members().await, ErrorCode::Server);
}
