//! AWS Backup with mocked SDK responses (moto 5.2.5 answers only
//! `ListBackupPlans` and `GetBackupPlan` of the calls it makes): plans,
//! rules and selections read through every call, and each call's
//! throttling, AccessDenied and 5xx an ERROR naming it. A failed
//! `ListProtectedResources` blinds only the recovery-point path.

use super::*;
use aws_sdk_backup::operation::*;
use aws_sdk_backup::types::{
    BackupPlan, BackupPlansListMember, BackupRule, BackupSelection, BackupSelectionsListMember,
    Condition, ConditionParameter, ConditionType, Conditions, ProtectedResource,
};
use aws_sdk_backup::Client;
use aws_sdk_dynamodb::Client as DynamoDb;
use awscheck_model::inventory::backup::TagCondition;

const PLAN_ID: &str = "plan-1";
const ROLE: &str = "arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole";

fn table_arn(name: &str) -> String {
    format!("arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/{name}")
}

fn plans() -> Rule {
    mock!(Client::list_backup_plans).then_output(|| {
        list_backup_plans::ListBackupPlansOutput::builder()
            .backup_plans_list(
                BackupPlansListMember::builder()
                    .backup_plan_id(PLAN_ID)
                    .backup_plan_arn(format!(
                        "arn:aws:backup:us-east-1:{ACCOUNT}:backup-plan:{PLAN_ID}"
                    ))
                    .backup_plan_name("daily")
                    .build(),
            )
            .build()
    })
}

fn plan_rules() -> Rule {
    mock!(Client::get_backup_plan).then_output(|| {
        get_backup_plan::GetBackupPlanOutput::builder()
            .backup_plan(
                BackupPlan::builder()
                    .backup_plan_name("daily")
                    .rules(
                        BackupRule::builder()
                            .rule_name("daily-0500")
                            .target_backup_vault_name("Default")
                            .schedule_expression("cron(0 5 ? * * *)")
                            .build()
                            .unwrap(),
                    )
                    .rules(
                        BackupRule::builder()
                            .rule_name("on-demand")
                            .target_backup_vault_name("Default")
                            .build()
                            .unwrap(),
                    )
                    .build()
                    .unwrap(),
            )
            .build()
    })
}

fn selection_list() -> Rule {
    mock!(Client::list_backup_selections)
        .match_requests(|r| r.backup_plan_id() == Some(PLAN_ID))
        .then_output(|| {
            list_backup_selections::ListBackupSelectionsOutput::builder()
                .backup_selections_list(
                    BackupSelectionsListMember::builder()
                        .selection_id("sel-1")
                        .build(),
                )
                .build()
        })
}

fn selection() -> Rule {
    mock!(Client::get_backup_selection)
        .match_requests(|r| r.selection_id() == Some("sel-1"))
        .then_output(|| {
            get_backup_selection::GetBackupSelectionOutput::builder()
                .backup_selection(
                    BackupSelection::builder()
                        .selection_name("orders")
                        .iam_role_arn(ROLE)
                        .resources(table_arn("orders"))
                        .not_resources(table_arn("scratch"))
                        .list_of_tags(
                            Condition::builder()
                                .condition_type(ConditionType::Stringequals)
                                .condition_key("backup")
                                .condition_value("daily")
                                .build()
                                .unwrap(),
                        )
                        .conditions(
                            Conditions::builder()
                                .string_like(
                                    ConditionParameter::builder()
                                        .condition_key("aws:ResourceTag/Environment")
                                        .condition_value("prod*")
                                        .build(),
                                )
                                .build(),
                        )
                        .build()
                        .unwrap(),
                )
                .build()
        })
}

fn protected() -> Rule {
    mock!(Client::list_protected_resources).then_output(|| {
        list_protected_resources::ListProtectedResourcesOutput::builder()
            .results(
                ProtectedResource::builder()
                    .resource_arn(table_arn("orders"))
                    .resource_type("DynamoDB")
                    .last_backup_time(secs_ago(3600))
                    .build(),
            )
            .build()
    })
}

#[tokio::test]
async fn plans_rules_selections_and_recovery_points_are_read() {
    let (p, r, l, s, pr) = (
        plans(),
        plan_rules(),
        selection_list(),
        selection(),
        protected(),
    );
    let session = session(&[&p, &r, &l, &s, &pr]);
    let account = collect(&session, &["backup"]).await;
    assert_eq!(session.stats.errors(), 0);
    let backup = account.backup.as_ref().unwrap();
    let plan = &backup.plans[0];
    assert_eq!((plan.id.as_str(), plan.name.as_str()), (PLAN_ID, "daily"));
    let rules = plan.rules.value().unwrap();
    assert_eq!(
        rules
            .iter()
            .map(|r| (r.name.as_str(), r.schedule.as_deref()))
            .collect::<Vec<_>>(),
        [
            ("daily-0500", Some("cron(0 5 ? * * *)")),
            ("on-demand", None)
        ]
    );
    let sel = &plan.selections.value().unwrap()[0];
    assert_eq!(
        (
            sel.id.as_str(),
            sel.name.as_str(),
            sel.iam_role_arn.as_str()
        ),
        ("sel-1", "orders", ROLE)
    );
    assert_eq!(sel.resources, [table_arn("orders")]);
    assert_eq!(sel.not_resources, [table_arn("scratch")]);
    let cond = |c: &TagCondition| (c.operator.clone(), c.key.clone(), c.value.clone());
    assert_eq!(
        sel.list_of_tags.iter().map(cond).collect::<Vec<_>>(),
        [("STRINGEQUALS".into(), "backup".into(), "daily".into())]
    );
    assert_eq!(
        sel.conditions.iter().map(cond).collect::<Vec<_>>(),
        [(
            "STRINGLIKE".into(),
            "aws:ResourceTag/Environment".into(),
            "prod*".into()
        )]
    );
    let recovered = &backup.protected_resources[0];
    assert_eq!(recovered.resource_arn, table_arn("orders"));
    assert_eq!(recovered.resource_type, "DynamoDB");
    assert!(recovered.last_backup_time.is_some());
}

#[tokio::test]
async fn a_failed_plan_listing_names_the_call() {
    for (status, body, needle) in faults("ListBackupPlans") {
        let denied =
            mock!(Client::list_backup_plans).then_http_response(move || http(status, body));
        let s = session(&[&denied]);
        let account = collect_for_check(&s, "backup", "backup-coverage").await;
        let e = &account.collection_errors[0];
        assert_eq!((e.service.as_str(), e.part.as_deref()), ("backup", None));
        assert!(e.error.to_string().contains(&needle), "{e:?}: {needle}");
    }
}

#[tokio::test]
async fn failed_rule_and_selection_reads_are_errors_of_their_plan() {
    for (status, body, needle) in faults("GetBackupPlan") {
        let failing = mock!(Client::get_backup_plan).then_http_response(move || http(status, body));
        let (p, l, s, pr) = (plans(), selection_list(), selection(), protected());
        let session = session(&[&p, &failing, &l, &s, &pr]);
        let account = collect(&session, &["backup"]).await;
        let plan = &account.backup.as_ref().unwrap().plans[0];
        let e = plan.rules.error().unwrap_or_else(|| panic!("{plan:?}"));
        assert!(e.to_string().contains(&needle), "{e}: {needle}");
        assert!(
            plan.selections.value().is_some(),
            "only the rules are unknown"
        );
        assert!(account.collection_errors.is_empty());
    }
    for (op, failing) in [
        ("ListBackupSelections", true),
        ("GetBackupSelection", false),
    ] {
        for (status, body, needle) in faults(op) {
            let failing_rule = if failing {
                mock!(Client::list_backup_selections).then_http_response(move || http(status, body))
            } else {
                mock!(Client::get_backup_selection).then_http_response(move || http(status, body))
            };
            let (p, r, l, pr) = (plans(), plan_rules(), selection_list(), protected());
            let session = session(&[&p, &r, &failing_rule, &l, &pr]);
            let account = collect(&session, &["backup"]).await;
            let plan = &account.backup.as_ref().unwrap().plans[0];
            let e = plan
                .selections
                .error()
                .unwrap_or_else(|| panic!("{plan:?}"));
            assert!(e.to_string().contains(&needle), "{e}: {needle}");
            assert!(
                plan.rules.value().is_some(),
                "only the selections are unknown"
            );
        }
    }
}

/// A plan deleted between the listing and its reads has no rules or
/// selections to read: absent, not an error.
#[tokio::test]
async fn a_plan_deleted_since_it_was_listed_is_absent() {
    const GONE: &str = r#"{"__type":"ResourceNotFoundException","message":"no plan"}"#;
    let rules = mock!(Client::get_backup_plan).then_http_response(|| http(400, GONE));
    let sels = mock!(Client::list_backup_selections).then_http_response(|| http(400, GONE));
    let (p, pr) = (plans(), protected());
    let session = session(&[&p, &rules, &sels, &pr]);
    let account = collect(&session, &["backup"]).await;
    let plan = &account.backup.as_ref().unwrap().plans[0];
    assert!(matches!(plan.rules, Collected::Absent), "{plan:?}");
    assert!(matches!(plan.selections, Collected::Absent), "{plan:?}");
    assert_eq!(session.stats.errors(), 0);
}

/// `ListProtectedResources` failing leaves only the recovery points
/// unread: the table a selection covers still passes, with a note; the
/// one nothing covers is ERROR naming the call.
#[tokio::test]
async fn failed_protected_resources_blind_only_the_recovery_point_path() {
    for (status, body, needle) in faults("ListProtectedResources") {
        let failing =
            mock!(Client::list_protected_resources).then_http_response(move || http(status, body));
        let (p, r, l, s) = (plans(), plan_rules(), selection_list(), selection());
        let tables = mock!(DynamoDb::list_tables).then_output(|| {
            aws_sdk_dynamodb::operation::list_tables::ListTablesOutput::builder()
                .table_names("orders")
                .table_names("ledger")
                .build()
        });
        let tags = mock!(DynamoDb::list_tags_of_resource).then_output(|| {
            aws_sdk_dynamodb::operation::list_tags_of_resource::ListTagsOfResourceOutput::builder()
                .tags(
                    aws_sdk_dynamodb::types::Tag::builder()
                        .key("Environment")
                        .value("prod")
                        .build()
                        .unwrap(),
                )
                .build()
        });
        let session = session(&[&p, &r, &l, &s, &failing, &tables, &tags]);
        let account =
            collect_sections_for_check(&session, &["backup", "dynamodb"], "backup-coverage").await;
        let e = &account.collection_errors[0];
        assert_eq!(
            (e.service.as_str(), e.part.as_deref()),
            ("backup", Some("protected_resources"))
        );
        let account = with_sections(
            account,
            serde_json::json!({
                "rds": {}, "ec2": {}, "efs": {},
                "iam": {"roles": [{
                    "arn": ROLE, "region": "global", "account_id": ACCOUNT,
                    "name": "AWSBackupDefaultServiceRole", "trust_policy": {"Statement": []}
                }]}
            }),
        );
        let findings = judge(&account, "backup-coverage");
        expect(
            &findings,
            &table_arn("orders"),
            Status::Pass,
            &format!("backed up by backup plan daily (selection orders), rule daily-0500 (cron(0 5 ? * * *)) (note: its recovery points: {needle}"),
        );
        expect(
            &findings,
            &table_arn("ledger"),
            Status::Error,
            &format!("its recovery points: {needle}"),
        );
        assert_eq!(
            findings.len(),
            2,
            "the tolerated part reports no region ERROR: {findings:#?}"
        );
    }
}
