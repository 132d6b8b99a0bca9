//! The CodeStar Notifications collector with aws-smithy-mocks (moto 5.2.5
//! has no CodeStar Notifications): `ListNotificationRules` paged, then
//! `DescribeNotificationRule` per rule (a rule deleted since the listing is
//! left out), judged by `cicd-failure-notifications`; throttling past the
//! retries, AccessDenied and a 5xx on either call leave the region unread,
//! named by the operation.

use super::*;
use aws_sdk_codestarnotifications::operation::*;
use aws_sdk_codestarnotifications::types::{
    EventTypeSummary, NotificationRuleStatus, NotificationRuleSummary, TargetStatus, TargetSummary,
};
use aws_sdk_codestarnotifications::Client;
use aws_smithy_mocks::{mock, Rule};
use awscheck_checks::Status;

const CHECK: &str = "cicd-failure-notifications";
const REGION: &str = "arn:aws:codestarnotifications:us-east-1:111122223333";

fn rule_arn(id: &str) -> String {
    format!("arn:aws:codestar-notifications:us-east-1:{ACCOUNT}:notificationrule/{id}")
}

fn pipeline_arn(name: &str) -> String {
    format!("arn:aws:codepipeline:us-east-1:{ACCOUNT}:{name}")
}

/// Two pages: `web-failed` and `gone`, then `api-started`.
fn pages() -> [Rule; 2] {
    let summary = |id: &str| {
        NotificationRuleSummary::builder()
            .id(id)
            .arn(rule_arn(id))
            .build()
    };
    [
        mock!(Client::list_notification_rules)
            .match_requests(|r| r.next_token().is_none())
            .then_output(move || {
                list_notification_rules::ListNotificationRulesOutput::builder()
                    .notification_rules(summary("web-failed"))
                    .notification_rules(summary("gone"))
                    .next_token("page-2")
                    .build()
            }),
        mock!(Client::list_notification_rules)
            .match_requests(|r| r.next_token() == Some("page-2"))
            .then_output(move || {
                list_notification_rules::ListNotificationRulesOutput::builder()
                    .notification_rules(summary("api-started"))
                    .build()
            }),
    ]
}

fn described(id: &'static str, pipeline: &'static str, event: &'static str) -> Rule {
    mock!(Client::describe_notification_rule)
        .match_requests(move |r| r.arn() == Some(&rule_arn(id)))
        .then_output(move || {
            describe_notification_rule::DescribeNotificationRuleOutput::builder()
                .arn(rule_arn(id))
                .name(id)
                .resource(pipeline_arn(pipeline))
                .event_types(EventTypeSummary::builder().event_type_id(event).build())
                .status(NotificationRuleStatus::Enabled)
                .targets(
                    TargetSummary::builder()
                        .target_address(format!(
                            "arn:aws:chatbot::{ACCOUNT}:chat-configuration/slack-channel/releases"
                        ))
                        .target_type("AWSChatbotSlack")
                        .target_status(TargetStatus::Active)
                        .build(),
                )
                .build()
                .unwrap()
        })
}

fn rules() -> Vec<Rule> {
    let [first, second] = pages();
    vec![
        first,
        second,
        described(
            "web-failed",
            "web",
            "codepipeline-pipeline-pipeline-execution-failed",
        ),
        described(
            "api-started",
            "api",
            "codepipeline-pipeline-pipeline-execution-started",
        ),
        mock!(Client::describe_notification_rule)
            .match_requests(|r| r.arn() == Some(&rule_arn("gone")))
            .then_http_response(|| {
                http(
                    404,
                    r#"{"__type":"ResourceNotFoundException","message":"not found"}"#,
                )
            }),
    ]
}

/// Two pipelines, `web` and `api`; no project, deployment group, alarm,
/// EventBridge rule or topic.
fn pipelines_without_rules() -> Vec<Rule> {
    use aws_sdk_codepipeline::operation::list_pipelines::ListPipelinesOutput;
    use aws_sdk_codepipeline::types::PipelineSummary;
    vec![
        mock!(aws_sdk_codepipeline::Client::list_pipelines).then_output(|| {
            ListPipelinesOutput::builder()
                .pipelines(PipelineSummary::builder().name("web").build())
                .pipelines(PipelineSummary::builder().name("api").build())
                .build()
        }),
        mock!(aws_sdk_codepipeline::Client::list_tags_for_resource).then_output(|| {
            aws_sdk_codepipeline::operation::list_tags_for_resource::ListTagsForResourceOutput::builder().build()
        }),
        mock!(aws_sdk_eventbridge::Client::list_event_buses).then_output(|| {
            aws_sdk_eventbridge::operation::list_event_buses::ListEventBusesOutput::builder()
                .build()
        }),
        mock!(aws_sdk_eventbridge::Client::list_rules).then_output(|| {
            aws_sdk_eventbridge::operation::list_rules::ListRulesOutput::builder().build()
        }),
        mock!(aws_sdk_sns::Client::list_topics).then_output(|| {
            aws_sdk_sns::operation::list_topics::ListTopicsOutput::builder().build()
        }),
        mock!(aws_sdk_codebuild::Client::list_projects).then_output(|| {
            aws_sdk_codebuild::operation::list_projects::ListProjectsOutput::builder().build()
        }),
        mock!(aws_sdk_codedeploy::Client::list_applications).then_output(|| {
            aws_sdk_codedeploy::operation::list_applications::ListApplicationsOutput::builder()
                .build()
        }),
        mock!(aws_sdk_cloudwatch::Client::describe_alarms).then_output(|| {
            aws_sdk_cloudwatch::operation::describe_alarms::DescribeAlarmsOutput::builder().build()
        }),
    ]
}

async fn judged(rules: &[Rule]) -> Vec<awscheck_checks::Finding> {
    let others = pipelines_without_rules();
    let all: Vec<&Rule> = rules.iter().chain(&others).collect();
    let s = session(&all);
    let sections = [
        "codestarnotifications",
        "codepipeline",
        "codebuild",
        "codedeploy",
        "cloudwatch",
        "events",
        "sns",
    ];
    let account = collect_sections_for_check(&s, &sections, CHECK).await;
    judge(&account, CHECK)
        .into_iter()
        .filter(|f| f.resource_arn.contains("codepipeline") || f.resource_arn == REGION)
        .collect()
}

#[tokio::test]
async fn rules_are_paged_described_and_judged() {
    let rules = rules();
    let s = session(&rules.iter().collect::<Vec<_>>());
    let account = collect(&s, &["codestarnotifications"]).await;
    assert_eq!(s.stats.errors(), 0);
    let listed = &account.codestarnotifications.as_ref().unwrap().rules;
    let seen: Vec<(&str, &str, &str)> = listed
        .iter()
        .map(|r| (r.name.as_str(), r.resource.as_str(), r.status.as_str()))
        .collect();
    let (web, api) = (pipeline_arn("web"), pipeline_arn("api"));
    assert_eq!(
        seen,
        [
            ("web-failed", web.as_str(), "ENABLED"),
            ("api-started", api.as_str(), "ENABLED")
        ]
    );
    let target = &listed[0].targets[0];
    assert_eq!(
        (target.target_type.as_str(), target.status.as_deref()),
        ("AWSChatbotSlack", Some("ACTIVE"))
    );
    let f = judged(&rules).await;
    expect(
        &f,
        &pipeline_arn("web"),
        Status::Pass,
        "notification rule web-failed notifies arn:aws:chatbot::",
    );
    expect(
        &f,
        &pipeline_arn("api"),
        Status::Fail,
        "(note: notification rule api-started does not notify codepipeline-pipeline-pipeline-execution-failed)",
    );
    assert_eq!(f.len(), 2, "{f:#?}");
}

#[tokio::test]
async fn faults_on_either_call_leave_the_region_unread_naming_the_call() {
    for (status, body, needle) in faults("ListNotificationRules") {
        let list =
            vec![mock!(Client::list_notification_rules)
                .then_http_response(move || http(status, body))];
        let f = judged(&list).await;
        expect(
            &f,
            REGION,
            Status::Error,
            &format!("codestarnotifications could not be read in us-east-1: {needle}"),
        );
        expect(
            &f,
            &pipeline_arn("web"),
            Status::Error,
            "CodeStar notification rules could not be read in us-east-1",
        );
        assert_eq!(f.len(), 3, "{f:#?}");
    }
    for (status, body, needle) in faults("DescribeNotificationRule") {
        let [first, second] = pages();
        let broken = mock!(Client::describe_notification_rule)
            .then_http_response(move || http(status, body));
        let f = judged(&[first, second, broken]).await;
        expect(&f, REGION, Status::Error, &needle);
        expect(
            &f,
            &pipeline_arn("api"),
            Status::Error,
            "CodeStar notification rules could not be read in us-east-1",
        );
    }
}
