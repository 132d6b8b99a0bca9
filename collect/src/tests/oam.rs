//! The OAM collector (moto 5.2.5 has no Observability Access Manager) and
//! the CloudWatch Logs account-level subscription filter policies (moto
//! answers `DescribeAccountPolicies` with an HTML 500), with
//! aws-smithy-mocks: what they collect, judged by the real checks
//! (`cloudwatch-cross-account-observability`, `logs-central-subscription`),
//! and AccessDenied, throttling and 5xx answers as ERRORs naming the
//! operation.

use super::*;
use aws_sdk_cloudwatchlogs::operation::{describe_account_policies, describe_log_groups};
use aws_sdk_oam::operation::{get_sink_policy, list_links, list_sinks};
use aws_sdk_oam::types::{ListLinksItem, ListSinksItem};
use aws_smithy_mocks::{mock, Rule};
use awscheck_checks::Status;

const DENIED: &str = r#"{"__type":"AccessDeniedException","message":"not authorized"}"#;
const THROTTLED: &str = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;
const SINK: &str = "arn:aws:oam:us-east-1:111122223333:sink/org";
const OBSERVABILITY: &str = "cloudwatch-cross-account-observability";

fn sinks() -> Rule {
    mock!(aws_sdk_oam::Client::list_sinks).then_output(|| {
        list_sinks::ListSinksOutput::builder()
            .items(
                ListSinksItem::builder()
                    .arn(SINK)
                    .id("org")
                    .name("org")
                    .build(),
            )
            .build()
            .unwrap()
    })
}

fn links() -> Rule {
    mock!(aws_sdk_oam::Client::list_links).then_output(|| {
        list_links::ListLinksOutput::builder()
            .items(
                ListLinksItem::builder()
                    .arn("arn:aws:oam:us-east-1:111122223333:link/l1")
                    .sink_arn("arn:aws:oam:us-east-1:999988887777:sink/central")
                    .resource_types("AWS::CloudWatch::Metric")
                    .resource_types("AWS::Logs::LogGroup")
                    .build(),
            )
            .build()
            .unwrap()
    })
}

#[tokio::test]
async fn oam_sinks_policies_and_links_are_collected_and_judged() {
    let policy = mock!(aws_sdk_oam::Client::get_sink_policy)
        .match_requests(|r| r.sink_identifier() == Some(SINK))
        .then_output(|| {
            get_sink_policy::GetSinkPolicyOutput::builder()
                .sink_arn(SINK)
                .policy(r#"{"Version":"2012-10-17","Statement":[{"Sid":"Members","Effect":"Allow","Principal":{"AWS":["444455556666"]},"Action":["oam:CreateLink","oam:UpdateLink"],"Resource":"*"}]}"#)
                .build()
        });
    let (sinks, links) = (sinks(), links());
    let s = session(&[&sinks, &policy, &links]);
    let account = collect(&s, &["oam"]).await;
    assert!(account.collection_errors.is_empty(), "{account:#?}");
    let oam = account.oam.as_ref().unwrap();
    assert_eq!(oam.links[0].resource_types.len(), 2);
    let f = judge(&account, OBSERVABILITY);
    expect(
        &f,
        SINK,
        Status::Fail,
        "advisory: sink policy statement Members lists accounts 444455556666",
    );
    expect(
        &f,
        &format!("arn:aws:oam::{ACCOUNT}"),
        Status::Pass,
        "monitoring account: sinks org (us-east-1)",
    );
}

#[tokio::test]
async fn oam_denied_throttled_and_failing_calls_are_errors_naming_the_operation() {
    // A throttled sink policy: that sink's finding is an ERROR.
    let throttled =
        mock!(aws_sdk_oam::Client::get_sink_policy).then_http_response(|| http(400, THROTTLED));
    let (sinks, links) = (sinks(), links());
    let s = session(&[&sinks, &throttled, &links]);
    let account = collect(&s, &["oam"]).await;
    assert_eq!(throttled.num_calls(), ATTEMPTS as usize);
    let f = judge(&account, OBSERVABILITY);
    expect(
        &f,
        SINK,
        Status::Error,
        "throttled: GetSinkPolicy (ThrottlingException)",
    );

    // Links denied and no sink: whether the account links is unknown.
    let none = mock!(aws_sdk_oam::Client::list_sinks).then_output(|| {
        list_sinks::ListSinksOutput::builder()
            .set_items(Some(Vec::new()))
            .build()
            .unwrap()
    });
    let denied = mock!(aws_sdk_oam::Client::list_links).then_http_response(|| http(403, DENIED));
    let s = session(&[&none, &denied]);
    let account = collect(&s, &["oam"]).await;
    let e = &account.collection_errors[0];
    assert_eq!(
        (
            e.part.as_deref(),
            e.error.operation.as_str(),
            e.error.code.as_str()
        ),
        (Some("links"), "ListLinks", "AccessDeniedException")
    );
    let f = judge(&account, OBSERVABILITY);
    expect(
        &f,
        &format!("arn:aws:oam::{ACCOUNT}"),
        Status::Error,
        "links could not be listed in us-east-1: ListLinks",
    );

    // A 5xx on ListSinks blinds OAM in the region.
    let broken = mock!(aws_sdk_oam::Client::list_sinks)
        .then_http_response(|| http(500, "<html>Internal Server Error</html>"));
    let s = session(&[&broken]);
    let account = collect(&s, &["oam"]).await;
    assert_eq!(broken.num_calls(), ATTEMPTS as usize);
    assert_eq!(account.collection_errors[0].error.code, "Http500");
    let f = judge(&account, OBSERVABILITY);
    assert!(f.iter().all(|x| x.status == Status::Error), "{f:#?}");
}

fn untagged() -> Rule {
    mock!(aws_sdk_cloudwatchlogs::Client::list_tags_for_resource).then_output(|| {
        aws_sdk_cloudwatchlogs::operation::list_tags_for_resource::ListTagsForResourceOutput::builder()
            .build()
    })
}

fn cloudtrail_group() -> Rule {
    mock!(aws_sdk_cloudwatchlogs::Client::describe_log_groups).then_output(|| {
        describe_log_groups::DescribeLogGroupsOutput::builder()
            .log_groups(
                aws_sdk_cloudwatchlogs::types::LogGroup::builder()
                    .log_group_name("/aws/cloudtrail/org")
                    .arn(format!(
                        "arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/aws/cloudtrail/org:*"
                    ))
                    .build(),
            )
            .build()
    })
}

#[tokio::test]
async fn logs_account_subscription_policies_cover_groups_and_unread_ones_are_errors() {
    const CHECK: &str = "logs-central-subscription";
    let group = format!("arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/aws/cloudtrail/org");
    let policies = mock!(aws_sdk_cloudwatchlogs::Client::describe_account_policies)
        .match_requests(|r| {
            r.policy_type() == Some(&aws_sdk_cloudwatchlogs::types::PolicyType::SubscriptionFilterPolicy)
        })
        .then_output(|| {
            describe_account_policies::DescribeAccountPoliciesOutput::builder()
                .account_policies(
                    aws_sdk_cloudwatchlogs::types::AccountPolicy::builder()
                        .policy_name("to-central")
                        .selection_criteria(r#"LogGroupName NOT IN ["/app/noisy"]"#)
                        .policy_document(r#"{"DestinationArn":"arn:aws:logs:us-east-1:555566667777:destination:central","FilterPattern":""}"#)
                        .build(),
                )
                .build()
        });
    let (groups, tags) = (cloudtrail_group(), untagged());
    let s = session(&[&groups, &tags, &policies]);
    let account = with_sections(
        collect_for_check(&s, "logs", CHECK).await,
        serde_json::json!({"firehose": {}}),
    );
    let p = &account.logs.as_ref().unwrap().subscription_policies[0];
    assert_eq!(
        p.destination_arn.as_deref(),
        Some("arn:aws:logs:us-east-1:555566667777:destination:central")
    );
    let mut central = Settings::default();
    central
        .set(
            awscheck_checks::registry::settings(),
            "log_archive_account_id",
            serde_json::json!("555566667777"),
        )
        .unwrap();
    let f = judge_with(&account, CHECK, &central);
    expect(
        &f,
        &group,
        Status::Pass,
        "account-level subscription filter policy to-central sends to",
    );

    // Throttled policies and denied filters: nothing shows a central
    // stream, and what could is unknown.
    let throttled = mock!(aws_sdk_cloudwatchlogs::Client::describe_account_policies)
        .then_http_response(|| http(400, THROTTLED));
    let denied = mock!(aws_sdk_cloudwatchlogs::Client::describe_subscription_filters)
        .then_http_response(|| http(400, DENIED));
    let s = session(&[&groups, &tags, &throttled, &denied]);
    let account = with_sections(
        collect_for_check(&s, "logs", CHECK).await,
        serde_json::json!({"firehose": {}}),
    );
    assert_eq!(throttled.num_calls(), ATTEMPTS as usize);
    let f = judge_with(&account, CHECK, &central);
    let finding = expect(
        &f,
        &group,
        Status::Error,
        "subscription filters: DescribeSubscriptionFilters",
    );
    assert!(
        finding
            .reason
            .contains("throttled: DescribeAccountPolicies (ThrottlingException)"),
        "{finding:#?}"
    );
}
