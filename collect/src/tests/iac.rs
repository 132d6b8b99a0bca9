//! The CloudFormation collector's stack health, termination protection and
//! stack policy reads (`DescribeStacks` fields, `DescribeStackEvents`,
//! `GetStackPolicy`) on the answers the emulator cannot give: failed
//! stacks with their events, AccessDenied and 5xx, each run through the
//! checks they feed.

use super::cicd::{finding, query_error, stack_fixture, stacks_rule};
use super::*;
use aws_sdk_cloudformation::operation::describe_stack_events::DescribeStackEventsOutput;
use aws_sdk_cloudformation::operation::get_stack_policy::GetStackPolicyOutput;
use aws_sdk_cloudformation::types::{ResourceStatus, StackEvent, StackStatus};
use aws_sdk_cloudformation::Client;
use stack_fixture::{id, stack};

fn event(
    stack: &str,
    logical: &str,
    kind: &str,
    status: ResourceStatus,
    reason: &str,
) -> StackEvent {
    StackEvent::builder()
        .stack_id(id(stack))
        .stack_name(stack)
        .event_id(format!("{logical}-{}", status.as_str()))
        .logical_resource_id(logical)
        .resource_type(kind)
        .resource_status(status)
        .resource_status_reason(reason)
        .timestamp(secs_ago(600))
        .build()
}

const POLICY: &str = r#"{"Statement":[{"Effect":"Allow","Action":"Update:*","Principal":"*","Resource":"*"},{"Effect":"Deny","Action":"Update:Replace","Principal":"*","Resource":"LogicalResourceId/Db"}]}"#;

fn rules() -> Vec<Rule> {
    let mut healthy = stack("healthy", StackStatus::UpdateComplete, None);
    healthy.enable_termination_protection = Some(true);
    healthy.disable_rollback = Some(false);
    let mut broken = stack("broken", StackStatus::UpdateRollbackFailed, None);
    broken.stack_status_reason =
        Some("The following resource(s) failed to update: [Worker].".into());
    broken.enable_termination_protection = Some(false);
    let mut debugging = stack("debugging", StackStatus::DeleteFailed, None);
    debugging.disable_rollback = Some(true);
    let events = mock!(Client::describe_stack_events)
        .match_requests(|r| r.stack_name() == Some(id("broken").as_str()))
        .then_output(|| {
            DescribeStackEventsOutput::builder()
                // Newest first: the stack's own event, then the resource that failed.
                .stack_events(event(
                    "broken",
                    "broken",
                    "AWS::CloudFormation::Stack",
                    ResourceStatus::UpdateRollbackFailed,
                    "The following resource(s) failed to update: [Worker].",
                ))
                .stack_events(event(
                    "broken",
                    "Worker",
                    "AWS::Lambda::Function",
                    ResourceStatus::UpdateFailed,
                    "Function not found: storefront-worker",
                ))
                .stack_events(event(
                    "broken",
                    "Queue",
                    "AWS::SQS::Queue",
                    ResourceStatus::UpdateFailed,
                    "an older failure",
                ))
                .build()
        });
    let denied_events = mock!(Client::describe_stack_events)
        .match_requests(|r| r.stack_name() == Some(id("debugging").as_str()))
        .then_http_response(|| {
            query_error(
                403,
                "AccessDenied",
                "not authorized to perform: cloudformation:DescribeStackEvents",
            )
        });
    let policy = mock!(Client::get_stack_policy)
        .match_requests(|r| r.stack_name() == Some(id("healthy").as_str()))
        .then_output(|| {
            GetStackPolicyOutput::builder()
                .stack_policy_body(POLICY)
                .build()
        });
    let broken_policy = mock!(Client::get_stack_policy)
        .match_requests(|r| r.stack_name() == Some(id("broken").as_str()))
        .then_http_response(|| http(500, "<html>Internal Server Error</html>"));
    let resources = mock!(Client::list_stack_resources).then_output(|| {
        aws_sdk_cloudformation::operation::list_stack_resources::ListStackResourcesOutput::builder()
            .build()
    });
    vec![
        stacks_rule(vec![healthy, broken, debugging]),
        resources,
        events,
        denied_events,
        policy,
        broken_policy,
    ]
}

#[tokio::test]
async fn failed_stacks_events_policies_and_protection_are_read() {
    let rules = rules();
    let s = session(&rules.iter().collect::<Vec<_>>());
    let account = collect(&s, &["cloudformation"]).await;
    assert!(
        account.collection_errors.is_empty(),
        "{:?}",
        account.collection_errors
    );
    let cfn = account.cloudformation.as_ref().unwrap();
    let stack_of = |n: &str| cfn.stacks.iter().find(|s| s.name == n).unwrap();

    let healthy = stack_of("healthy");
    assert_eq!(healthy.termination_protection, Some(true));
    assert!(!healthy.disable_rollback);
    assert!(
        matches!(healthy.failure, Collected::Absent),
        "not failed: no events read"
    );
    let policy = healthy.policy.value().unwrap().parse().unwrap();
    assert_eq!(policy.statements.len(), 2);

    let broken = stack_of("broken");
    let failed = broken.failure.value().unwrap();
    assert_eq!(
        (failed.logical_id.as_str(), failed.status.as_str()),
        ("Worker", "UPDATE_FAILED"),
        "the latest failed resource event, not the stack's own"
    );
    let e = broken.policy.error().unwrap();
    assert_eq!(
        (e.operation.as_str(), e.code.as_str()),
        ("GetStackPolicy", "Http500")
    );

    let debugging = stack_of("debugging");
    assert!(debugging.disable_rollback);
    assert_eq!(debugging.termination_protection, None);
    assert!(
        matches!(debugging.policy, Collected::Absent),
        "no body: no policy"
    );
    let e = debugging.failure.error().unwrap();
    assert_eq!(
        (e.operation.as_str(), e.code.as_str()),
        ("DescribeStackEvents", "AccessDenied")
    );

    let f = judge(&account, "cloudformation-stack-health");
    let b = finding(&f, "stack/broken/0000");
    assert_eq!(b.status, Status::Fail);
    assert!(
        b.reason.contains(
            "latest failed event: Worker (AWS::Lambda::Function) UPDATE_FAILED: Function not found"
        ),
        "{}",
        b.reason
    );
    let d = finding(&f, "stack/debugging/0000");
    assert_eq!(d.status, Status::Fail, "the status alone confirms it");
    assert!(
        d.reason.contains(
            "the failed events could not be read: DescribeStackEvents failed: AccessDenied"
        ) && d.reason.contains("rollback on failure is disabled"),
        "{}",
        d.reason
    );
    assert_eq!(finding(&f, "stack/healthy/0000").status, Status::Pass);
}

#[tokio::test]
async fn termination_protection_alone_reads_no_events_and_no_policies() {
    let rules = rules();
    let s = session(&rules.iter().collect::<Vec<_>>());
    let account = collect_for_check(
        &s,
        "cloudformation",
        "cloudformation-termination-protection",
    )
    .await;
    let cfn = account.cloudformation.as_ref().unwrap();
    assert_eq!(cfn.stacks.len(), 3);
    for r in &rules[1..] {
        assert_eq!(r.num_calls(), 0, "only DescribeStacks is called");
    }
}
