//! Config rule health, conformance packs, organization deployments and
//! aggregators with aws-smithy-mocks, for what moto 5.2.5 cannot show: it
//! does not implement `DescribeConfigRuleEvaluationStatus`,
//! `DescribeConformancePacks`, `DescribeConformancePackStatus`,
//! `DescribeOrganizationConfigRules`,
//! `GetOrganizationConfigRuleDetailedStatus` or
//! `DescribeConfigurationAggregatorSourcesStatus`, and fails
//! `DescribeOrganizationConformancePacks` without names (the emulator
//! tests prove the aggregators, authorizations and rules it does serve).
//! Each collected account is judged by `config-rules-healthy` and
//! `config-aggregator`; AccessDenied, throttling and 5xx responses go
//! through the production retry and error paths.

use super::*;
use aws_sdk_config::operation::*;
use aws_sdk_config::types::*;
use aws_sdk_config::Client;
use aws_smithy_mocks::{mock, Rule};
use serde_json::json;

const DENIED: &str = r#"{"__type":"AccessDeniedException","message":"not authorized"}"#;
const THROTTLED: &str = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;
const FUNCTION: &str = "arn:aws:lambda:us-east-1:111122223333:function:ami-check";
const RULE_ARN: &str = "arn:aws:config:us-east-1:111122223333:config-rule/config-rule-ami";
const PACK_ARN: &str =
    "arn:aws:config:us-east-1:111122223333:conformance-pack/s3/conformance-pack-1";
const ORG_RULE_ARN: &str =
    "arn:aws:config:us-east-1:111122223333:organization-config-rule/org-imdsv2-a1";
const ORG_PACK_ARN: &str =
    "arn:aws:config:us-east-1:111122223333:organization-conformance-pack/org-s3-b2";
const AGGREGATOR_ARN: &str =
    "arn:aws:config:us-east-1:111122223333:config-aggregator/config-aggregator-x1";

/// A region with a recorder, a delivery channel (with an SNS topic), one
/// custom Lambda rule, one conformance pack, one organization rule and
/// pack, one account-based aggregator and one authorization; each call
/// answers as `overrides` say, else healthily.
fn rules(overrides: Vec<Rule>) -> Vec<Rule> {
    let mut all = overrides;
    all.extend([
        mock!(Client::describe_configuration_recorders).then_output(|| {
            describe_configuration_recorders::DescribeConfigurationRecordersOutput::builder()
                .configuration_recorders(
                    ConfigurationRecorder::builder()
                        .name("default")
                        .recording_group(RecordingGroup::builder().all_supported(true).build())
                        .build(),
                )
                .build()
        }),
        mock!(Client::describe_configuration_recorder_status).then_output(|| {
            describe_configuration_recorder_status::DescribeConfigurationRecorderStatusOutput::builder().build()
        }),
        mock!(Client::list_configuration_recorders).then_output(|| {
            list_configuration_recorders::ListConfigurationRecordersOutput::builder()
                .set_configuration_recorder_summaries(Some(vec![]))
                .build()
                .unwrap()
        }),
        mock!(Client::describe_delivery_channels).then_output(|| {
            describe_delivery_channels::DescribeDeliveryChannelsOutput::builder()
                .delivery_channels(
                    DeliveryChannel::builder()
                        .name("default")
                        .s3_bucket_name("config-bucket")
                        .sns_topic_arn("arn:aws:sns:us-east-1:111122223333:config")
                        .build(),
                )
                .build()
        }),
        mock!(Client::describe_delivery_channel_status).then_output(|| {
            describe_delivery_channel_status::DescribeDeliveryChannelStatusOutput::builder().build()
        }),
        mock!(Client::describe_config_rules).then_output(|| {
            describe_config_rules::DescribeConfigRulesOutput::builder()
                .config_rules(
                    ConfigRule::builder()
                        .config_rule_name("ami-check")
                        .config_rule_arn(RULE_ARN)
                        .source(
                            Source::builder()
                                .owner(Owner::CustomLambda)
                                .source_identifier(FUNCTION)
                                .build()
                                .unwrap(),
                        )
                        .build(),
                )
                .build()
        }),
        mock!(Client::describe_remediation_configurations).then_output(|| {
            describe_remediation_configurations::DescribeRemediationConfigurationsOutput::builder()
                .build()
        }),
        mock!(Client::describe_config_rule_evaluation_status).then_output(|| {
            describe_config_rule_evaluation_status::DescribeConfigRuleEvaluationStatusOutput::builder()
                .config_rules_evaluation_status(
                    ConfigRuleEvaluationStatus::builder()
                        .config_rule_name("ami-check")
                        .first_activated_time(secs_ago(90 * 86_400))
                        .first_evaluation_started(true)
                        .last_successful_evaluation_time(secs_ago(3_600))
                        .last_successful_invocation_time(secs_ago(3_600))
                        .build(),
                )
                .build()
        }),
        mock!(Client::describe_conformance_packs).then_output(|| {
            describe_conformance_packs::DescribeConformancePacksOutput::builder()
                .conformance_pack_details(
                    ConformancePackDetail::builder()
                        .conformance_pack_name("s3")
                        .conformance_pack_arn(PACK_ARN)
                        .conformance_pack_id("conformance-pack-1")
                        .build()
                        .unwrap(),
                )
                .build()
        }),
        pack_status(ConformancePackState::CreateComplete),
        mock!(Client::describe_organization_config_rules).then_output(|| {
            describe_organization_config_rules::DescribeOrganizationConfigRulesOutput::builder()
                .organization_config_rules(
                    OrganizationConfigRule::builder()
                        .organization_config_rule_name("org-imdsv2")
                        .organization_config_rule_arn(ORG_RULE_ARN)
                        .build()
                        .unwrap(),
                )
                .build()
        }),
        org_rule_status(MemberAccountRuleStatus::CreateSuccessful),
        mock!(Client::describe_organization_conformance_packs).then_output(|| {
            describe_organization_conformance_packs::DescribeOrganizationConformancePacksOutput::builder()
                .organization_conformance_packs(
                    OrganizationConformancePack::builder()
                        .organization_conformance_pack_name("org-s3")
                        .organization_conformance_pack_arn(ORG_PACK_ARN)
                        .last_update_time(secs_ago(86_400))
                        .build()
                        .unwrap(),
                )
                .build()
        }),
        mock!(Client::get_organization_conformance_pack_detailed_status).then_output(|| {
            get_organization_conformance_pack_detailed_status::GetOrganizationConformancePackDetailedStatusOutput::builder()
                .organization_conformance_pack_detailed_statuses(
                    OrganizationConformancePackDetailedStatus::builder()
                        .account_id("444455556666")
                        .conformance_pack_name("OrgConformsPack-org-s3")
                        .status(OrganizationResourceDetailedStatus::UpdateFailed)
                        .error_code("AccessDeniedException")
                        .build()
                        .unwrap(),
                )
                .build()
        }),
        mock!(Client::describe_configuration_aggregators).then_output(|| {
            describe_configuration_aggregators::DescribeConfigurationAggregatorsOutput::builder()
                .configuration_aggregators(
                    ConfigurationAggregator::builder()
                        .configuration_aggregator_name("central")
                        .configuration_aggregator_arn(AGGREGATOR_ARN)
                        .account_aggregation_sources(
                            AccountAggregationSource::builder()
                                .account_ids(ACCOUNT)
                                .account_ids("222233334444")
                                .all_aws_regions(true)
                                .build()
                                .unwrap(),
                        )
                        .build(),
                )
                .build()
        }),
        sources_status(AggregatedSourceStatusType::Succeeded),
        mock!(Client::describe_aggregation_authorizations).then_output(|| {
            describe_aggregation_authorizations::DescribeAggregationAuthorizationsOutput::builder()
                .aggregation_authorizations(
                    AggregationAuthorization::builder()
                        .authorized_account_id("999988887777")
                        .authorized_aws_region("us-east-1")
                        .build(),
                )
                .build()
        }),
    ]);
    all
}

fn pack_status(state: ConformancePackState) -> Rule {
    mock!(Client::describe_conformance_pack_status).then_output(move || {
        describe_conformance_pack_status::DescribeConformancePackStatusOutput::builder()
            .conformance_pack_status_details(
                ConformancePackStatusDetail::builder()
                    .conformance_pack_name("s3")
                    .conformance_pack_id("conformance-pack-1")
                    .conformance_pack_arn(PACK_ARN)
                    .conformance_pack_state(state.clone())
                    .conformance_pack_status_reason("template error")
                    .stack_arn("arn:aws:cloudformation:us-east-1:111122223333:stack/s3/1")
                    .last_update_requested_time(secs_ago(3_600))
                    .build()
                    .unwrap(),
            )
            .build()
    })
}

fn org_rule_status(status: MemberAccountRuleStatus) -> Rule {
    mock!(Client::get_organization_config_rule_detailed_status).then_output(move || {
        get_organization_config_rule_detailed_status::GetOrganizationConfigRuleDetailedStatusOutput::builder()
            .organization_config_rule_detailed_status(
                MemberAccountStatus::builder()
                    .account_id("444455556666")
                    .config_rule_name("org-imdsv2")
                    .member_account_rule_status(status.clone())
                    .error_code("NoAvailableConfigurationRecorder")
                    .build()
                    .unwrap(),
            )
            .build()
    })
}

fn sources_status(second: AggregatedSourceStatusType) -> Rule {
    mock!(Client::describe_configuration_aggregator_sources_status).then_output(move || {
        let status = |account: &str, s: AggregatedSourceStatusType| {
            AggregatedSourceStatus::builder()
                .source_id(account)
                .source_type(AggregatedSourceType::Account)
                .aws_region("us-east-1")
                .last_update_status(s)
                .last_error_code("AccessDeniedException")
                .build()
        };
        describe_configuration_aggregator_sources_status::DescribeConfigurationAggregatorSourcesStatusOutput::builder()
            .aggregated_source_status_list(status(ACCOUNT, AggregatedSourceStatusType::Succeeded))
            .aggregated_source_status_list(status("222233334444", second.clone()))
            .build()
    })
}

/// The account collected over `rules`, with empty Lambda and EventBridge
/// sections and an account in no organization, for the checks to judge.
async fn collected(rules: &[Rule]) -> Account {
    let s = session(&rules.iter().collect::<Vec<_>>());
    let account = collect(&s, &["config"]).await;
    with_sections(
        account,
        json!({
            "lambda": {"functions": [{"arn": FUNCTION, "region": "us-east-1", "account_id": ACCOUNT, "name": "ami-check"}]},
            "events": {},
            "organizations": {"views": [{"region": "global", "account_id": ACCOUNT, "organization": "absent",
                "accounts": "absent", "delegated_administrators": "absent"}]}
        }),
    )
}

#[tokio::test]
async fn config_health_parts_are_read_and_judged() {
    let account = collected(&rules(vec![])).await;
    assert!(
        account.collection_errors.is_empty(),
        "{:?}",
        account.collection_errors
    );
    let config = account.config.as_ref().unwrap();
    let rule = &config.rules[0];
    assert_eq!(rule.lambda_function_arn.as_deref(), Some(FUNCTION));
    assert_eq!(rule.source_identifier, None);
    let status = rule.evaluation_status.value().unwrap();
    assert!(status.first_evaluation_started && status.last_error_code.is_none());
    assert_eq!(
        config.delivery_channels[0].sns_topic_arn.as_deref(),
        Some("arn:aws:sns:us-east-1:111122223333:config")
    );
    let pack = &config.conformance_packs[0];
    assert_eq!(
        (
            pack.arn.as_str(),
            pack.status.value().unwrap().state.as_str()
        ),
        (PACK_ARN, "CREATE_COMPLETE")
    );
    let deployed = &config.organization_deployments[0];
    let org_rule = &deployed.rules.value().unwrap()[0];
    assert_eq!(org_rule.arn, ORG_RULE_ARN);
    assert_eq!(
        org_rule.member_statuses.value().unwrap()[0].status,
        "CREATE_SUCCESSFUL"
    );
    let aggregator = &config.aggregators[0];
    assert_eq!(
        aggregator.account_sources[0].account_ids,
        [ACCOUNT, "222233334444"]
    );
    assert_eq!(aggregator.sources_status.value().unwrap().len(), 2);
    let auth = &config.aggregation_authorizations[0];
    assert_eq!(
        (auth.authorized_account_id.as_str(), auth.arn.as_str()),
        (
            "999988887777",
            "arn:aws:config:us-east-1:111122223333:aggregation-authorization/999988887777/us-east-1"
        )
    );

    let f = judge(&account, "config-rules-healthy");
    expect(
        &f,
        RULE_ARN,
        Status::Pass,
        "rule ami-check evaluates without errors",
    );
    expect(
        &f,
        PACK_ARN,
        Status::Pass,
        "conformance pack s3 is CREATE_COMPLETE",
    );
    expect(
        &f,
        ORG_RULE_ARN,
        Status::Pass,
        "org-imdsv2 is deployed to 1 member accounts",
    );
    expect(
        &f,
        ORG_PACK_ARN,
        Status::Fail,
        "org-s3 failed in member accounts: 444455556666 UPDATE_FAILED (AccessDeniedException)",
    );
    expect(
        &f,
        "arn:aws:config:us-east-1:111122223333",
        Status::Pass,
        "delivery channel default notifies arn:aws:sns:us-east-1:111122223333:config",
    );
    let f = judge(&account, "config-aggregator");
    expect(
        &f,
        AGGREGATOR_ARN,
        Status::Pass,
        "aggregator central in us-east-1 aggregates accounts 111122223333, 222233334444 from all regions",
    );
}

#[tokio::test]
async fn config_health_failures_are_read_as_failures() {
    let failing_rule = mock!(Client::describe_config_rule_evaluation_status).then_output(|| {
        describe_config_rule_evaluation_status::DescribeConfigRuleEvaluationStatusOutput::builder()
            .config_rules_evaluation_status(
                ConfigRuleEvaluationStatus::builder()
                    .config_rule_name("ami-check")
                    .first_activated_time(secs_ago(90 * 86_400))
                    .first_evaluation_started(true)
                    .last_successful_evaluation_time(secs_ago(7 * 86_400))
                    .last_failed_evaluation_time(secs_ago(3_600))
                    .last_error_code("ResourceNotFoundException")
                    .build(),
            )
            .build()
    });
    let account = collected(&rules(vec![
        failing_rule,
        pack_status(ConformancePackState::CreateFailed),
        org_rule_status(MemberAccountRuleStatus::CreateFailed),
        sources_status(AggregatedSourceStatusType::Failed),
    ]))
    .await;
    let account = with_sections(account, json!({"lambda": {}}));
    let f = judge(&account, "config-rules-healthy");
    expect(
        &f,
        RULE_ARN,
        Status::Fail,
        "(ResourceNotFoundException); the rule's function arn:aws:lambda:us-east-1:111122223333:function:ami-check does not exist in us-east-1",
    );
    expect(
        &f,
        PACK_ARN,
        Status::Fail,
        "conformance pack s3 is CREATE_FAILED: template error",
    );
    expect(
        &f,
        ORG_RULE_ARN,
        Status::Fail,
        "444455556666 CREATE_FAILED (NoAvailableConfigurationRecorder)",
    );
    let f = judge(&account, "config-aggregator");
    expect(
        &f,
        AGGREGATOR_ARN,
        Status::Fail,
        "sources failed: 222233334444 in us-east-1 (AccessDeniedException)",
    );
}

/// From a member account (or one in no organization) the organization calls
/// answer that they cannot: not visible, the sub-rule SKIPs; not an error.
#[tokio::test]
async fn config_organization_deployments_hidden_from_members() {
    let account = collected(&rules(vec![
        mock!(Client::describe_organization_config_rules).then_http_response(|| {
            http(400, r#"{"__type":"OrganizationAccessDeniedException","message":"not the management account"}"#)
        }),
        mock!(Client::describe_organization_conformance_packs).then_http_response(|| {
            http(400, r#"{"__type":"NoAvailableOrganizationException","message":"no organization"}"#)
        }),
    ]))
    .await;
    assert!(account.collection_errors.is_empty());
    let deployed = &account.config.as_ref().unwrap().organization_deployments[0];
    assert!(matches!(deployed.rules, Collected::Absent));
    assert!(matches!(deployed.conformance_packs, Collected::Absent));
    let f = judge(&account, "config-rules-healthy");
    expect(
        &f,
        "arn:aws:config:us-east-1:111122223333:organization-config-rules",
        Status::Skip,
        "organization Config rules are visible only from the management account or a delegated administrator",
    );
    expect(
        &f,
        "arn:aws:config:us-east-1:111122223333:organization-conformance-packs",
        Status::Skip,
        "account 111122223333 cannot read them in us-east-1",
    );
}

type Failure = (fn() -> HttpResponse, &'static str, usize);

/// A 5xx (retried), AccessDenied and throttling (retried), each failing
/// response with its code and the attempts it takes.
fn failures() -> [Failure; 3] {
    [
        (
            || http(500, "<html>Internal Server Error</html>"),
            "Http500",
            ATTEMPTS as usize,
        ),
        (|| http(400, DENIED), "AccessDeniedException", 1),
        (
            || http(400, THROTTLED),
            "ThrottlingException",
            ATTEMPTS as usize,
        ),
    ]
}

/// The reason an ERROR finding gives for a failed `operation` with `code`.
fn reason(operation: &str, code: &str) -> String {
    if code == "ThrottlingException" {
        format!("throttled: {operation} ({code})")
    } else {
        format!("{operation} failed: {code}")
    }
}

/// Calls whose failure is carried by the resource they describe: the
/// resource is ERROR naming the operation, nothing else is blinded.
#[tokio::test]
async fn config_health_per_resource_failures_are_errors_naming_the_operation() {
    for (response, code, attempts) in failures() {
        let failing = [
            (
                mock!(Client::describe_config_rule_evaluation_status).then_http_response(response),
                "DescribeConfigRuleEvaluationStatus",
                "config-rules-healthy",
                RULE_ARN,
            ),
            (
                mock!(Client::describe_conformance_pack_status).then_http_response(response),
                "DescribeConformancePackStatus",
                "config-rules-healthy",
                PACK_ARN,
            ),
            (
                mock!(Client::get_organization_config_rule_detailed_status)
                    .then_http_response(response),
                "GetOrganizationConfigRuleDetailedStatus",
                "config-rules-healthy",
                ORG_RULE_ARN,
            ),
            (
                mock!(Client::describe_organization_config_rules).then_http_response(response),
                "DescribeOrganizationConfigRules",
                "config-rules-healthy",
                "arn:aws:config:us-east-1:111122223333:organization-config-rules",
            ),
            (
                mock!(Client::describe_configuration_aggregator_sources_status)
                    .then_http_response(response),
                "DescribeConfigurationAggregatorSourcesStatus",
                "config-aggregator",
                AGGREGATOR_ARN,
            ),
        ];
        for (rule, operation, check, arn) in failing {
            let account = collected(&rules(vec![rule.clone()])).await;
            assert_eq!(rule.num_calls(), attempts, "{operation} {code}: attempts");
            assert!(
                account.collection_errors.is_empty(),
                "{operation} {code}: {:?}",
                account.collection_errors
            );
            let f = judge(&account, check);
            expect(&f, arn, Status::Error, &reason(operation, code));
            assert!(
                f.iter()
                    .filter(|x| x.resource_arn != arn)
                    .all(|x| x.status != Status::Error),
                "{operation} {code}: only {arn} is ERROR: {f:#?}"
            );
        }
    }
}

/// Listings of a part of their own: the part is unread in the region (the
/// checks that read it report ERROR there, naming the operation), and the
/// rest of the section is kept.
#[tokio::test]
async fn config_health_failed_listings_blind_only_their_part() {
    for (response, code, attempts) in failures() {
        let failing = [
            (
                mock!(Client::describe_conformance_packs).then_http_response(response),
                "DescribeConformancePacks",
                "conformance_packs",
                "config-rules-healthy",
            ),
            (
                mock!(Client::describe_configuration_aggregators).then_http_response(response),
                "DescribeConfigurationAggregators",
                "aggregators",
                "config-aggregator",
            ),
            (
                mock!(Client::describe_aggregation_authorizations).then_http_response(response),
                "DescribeAggregationAuthorizations",
                "aggregation_authorizations",
                "config-aggregator",
            ),
        ];
        for (rule, operation, part, check) in failing {
            let account = collected(&rules(vec![rule.clone()])).await;
            assert_eq!(rule.num_calls(), attempts, "{operation} {code}: attempts");
            let [e] = account.collection_errors.as_slice() else {
                panic!("{operation} {code}: {:?}", account.collection_errors);
            };
            assert_eq!(
                (
                    e.part.as_deref(),
                    e.error.operation.as_str(),
                    e.error.code.as_str()
                ),
                (Some(part), operation, code)
            );
            let config = account.config.as_ref().unwrap();
            assert_eq!(
                (config.rules.len(), config.delivery_channels.len()),
                (1, 1),
                "{operation} {code}: the rest is read"
            );
            let f = judge(&account, check);
            expect(
                &f,
                "arn:aws:config:us-east-1:111122223333",
                Status::Error,
                &reason(operation, code),
            );
            let f = judge(&account, "config-recorder-enabled");
            assert!(
                f.iter().all(|x| !x.reason.contains(operation)),
                "{operation} {code}: a check that does not read {part} is not blinded: {f:#?}"
            );
        }
    }
}
