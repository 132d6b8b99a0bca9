//! The CloudFormation collector's stack health, termination protection and
//! stack policy reads (`DescribeStacks` fields, `DescribeStackEvents`,
//! `GetStackPolicy`) on the answers the emulator cannot give: failed
//! stacks with their events, AccessDenied and 5xx, each run through the
//! checks they feed.

use super::cicd::{finding, query_error, stack_fixture, stacks_rule};
use super::*;
use aws_sdk_cloudformation::operation::describe_stack_events::DescribeStackEventsOutput;
use aws_sdk_cloudformation::operation::get_stack_policy::GetStackPolicyOutput;
use aws_sdk_cloudformation::operation::get_template::GetTemplateOutput;
use aws_sdk_cloudformation::types::{
    Parameter, ResourceStatus, StackEvent, StackStatus, TemplateStage,
};
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

/// A synthetic password, as a careless template and parameter would hold it.
const PLAIN: &str = "Tr0ub4dor&3-synthetic";

/// A SAM template (a `Transform`): judged through its processed form.
const ORIGINAL: &str = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Table:\n    Type: AWS::Serverless::SimpleTable\n";
const PROCESSED: &str = r#"{"Resources":{"Table":{"Type":"AWS::DynamoDB::Table","DeletionPolicy":"Retain","UpdateReplacePolicy":"Retain","Properties":{"SSESpecification":{"SSEEnabled":"Tr0ub4dor&3-synthetic"}}}}}"#;

const POLICY: &str = r#"{"Statement":[{"Effect":"Allow","Action":"Update:*","Principal":"*","Resource":"*"},{"Effect":"Deny","Action":"Update:Replace","Principal":"*","Resource":"LogicalResourceId/Db"}]}"#;

fn rules() -> Vec<Rule> {
    let mut healthy = stack("healthy", StackStatus::UpdateComplete, None);
    healthy.enable_termination_protection = Some(true);
    healthy.disable_rollback = Some(false);
    healthy.parameters = Some(vec![
        Parameter::builder()
            .parameter_key("DbPassword")
            .parameter_value(PLAIN)
            .build(),
        Parameter::builder()
            .parameter_key("ApiKey")
            .parameter_value("****")
            .build(),
    ]);
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
    let original = mock!(Client::get_template)
        .match_requests(|r| {
            r.stack_name() == Some(id("healthy").as_str())
                && r.template_stage() == Some(&TemplateStage::Original)
        })
        .then_output(|| GetTemplateOutput::builder().template_body(ORIGINAL).build());
    let processed = mock!(Client::get_template)
        .match_requests(|r| {
            r.stack_name() == Some(id("healthy").as_str())
                && r.template_stage() == Some(&TemplateStage::Processed)
        })
        .then_output(|| {
            GetTemplateOutput::builder()
                .template_body(PROCESSED)
                .build()
        });
    let denied_template = mock!(Client::get_template)
        .match_requests(|r| r.stack_name() == Some(id("broken").as_str()))
        .then_http_response(|| {
            query_error(
                403,
                "AccessDenied",
                "not authorized to perform: cloudformation:GetTemplate",
            )
        });
    let unparsable = mock!(Client::get_template)
        .match_requests(|r| r.stack_name() == Some(id("debugging").as_str()))
        .then_output(|| {
            GetTemplateOutput::builder()
                .template_body("Resources:\n  Table: [unclosed\n")
                .build()
        });
    vec![
        stacks_rule(vec![healthy, broken, debugging]),
        resources,
        original,
        processed,
        denied_template,
        unparsable,
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

    assert!(
        !serde_json::to_string(&account).unwrap().contains(PLAIN),
        "no parameter value or template literal enters the inventory"
    );
    let params = &healthy.parameters;
    assert_eq!(
        params[0].value,
        Some(awscheck_model::secret::Secret::redact(PLAIN))
    );
    assert_eq!(params[1].value, None, "**** is a masked NoEcho value");
    let t = healthy.template.value().unwrap();
    assert_eq!(t.transforms, ["AWS::Serverless-2016-10-31"]);
    assert_eq!(
        t.resources[0].resource_type, "AWS::DynamoDB::Table",
        "the processed template"
    );
    let e = broken.template.error().unwrap();
    assert_eq!(
        (e.operation.as_str(), e.code.as_str()),
        ("GetTemplate", "AccessDenied")
    );
    let f = judge(&account, "cloudformation-stateful-deletion-policy");
    assert_eq!(finding(&f, "stack/healthy/0000").status, Status::Pass);
    assert_eq!(finding(&f, "stack/broken/0000").status, Status::Error);
    let d = finding(&f, "stack/debugging/0000");
    assert!(
        d.status == Status::Error
            && d.reason
                .contains("the template of stack debugging could not be parsed"),
        "{d:?}"
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

/// Stack sets: listed as SELF (a DELEGATED_ADMIN listing answering
/// ValidationError adds none), described with their recorded drift and
/// tags, and their instances listed; each run through
/// `cloudformation-stackset-drift`.
mod stack_sets {
    use super::*;
    use aws_sdk_cloudformation::operation::describe_stack_set::DescribeStackSetOutput;
    use aws_sdk_cloudformation::operation::describe_stack_set_operation::DescribeStackSetOperationOutput;
    use aws_sdk_cloudformation::operation::detect_stack_set_drift::DetectStackSetDriftOutput;
    use aws_sdk_cloudformation::operation::list_stack_instances::ListStackInstancesOutput;
    use aws_sdk_cloudformation::operation::list_stack_set_operations::ListStackSetOperationsOutput;
    use aws_sdk_cloudformation::operation::list_stack_sets::ListStackSetsOutput;
    use aws_sdk_cloudformation::types::{
        AutoDeployment, CallAs, PermissionModels, StackInstanceDetailedStatus, StackInstanceStatus,
        StackInstanceSummary, StackSet, StackSetDriftDetectionDetails, StackSetDriftStatus,
        StackSetSummary, Tag,
    };
    use aws_sdk_cloudformation::types::{StackDriftStatus, StackInstanceComprehensiveStatus};
    use aws_sdk_cloudformation::types::{
        StackSetOperation, StackSetOperationAction, StackSetOperationStatus,
        StackSetOperationSummary,
    };
    use std::time::Duration;

    const ARN: &str = "arn:aws:cloudformation:us-east-1:111122223333:stackset/baseline:1";

    fn instance(account: &str, drift: StackDriftStatus) -> StackInstanceSummary {
        StackInstanceSummary::builder()
            .stack_set_id("baseline:1")
            .account(account)
            .region("eu-west-1")
            .status(StackInstanceStatus::Current)
            .stack_instance_status(
                StackInstanceComprehensiveStatus::builder()
                    .detailed_status(StackInstanceDetailedStatus::Succeeded)
                    .build(),
            )
            .drift_status(drift)
            .last_drift_check_timestamp(secs_ago(3600))
            .build()
    }

    fn rules(own: Rule) -> Vec<Rule> {
        let delegated = mock!(Client::list_stack_sets)
            .match_requests(|r| r.call_as() == Some(&CallAs::DelegatedAdmin))
            .then_http_response(|| {
                query_error(
                    400,
                    "ValidationError",
                    "Account used is not a delegated administrator",
                )
            });
        let described = mock!(Client::describe_stack_set).then_output(|| {
            DescribeStackSetOutput::builder()
                .stack_set(
                    StackSet::builder()
                        .stack_set_name("baseline")
                        .stack_set_arn(ARN)
                        .permission_model(PermissionModels::ServiceManaged)
                        .auto_deployment(
                            AutoDeployment::builder()
                                .enabled(false)
                                .retain_stacks_on_account_removal(true)
                                .build(),
                        )
                        .stack_set_drift_detection_details(
                            StackSetDriftDetectionDetails::builder()
                                .drift_status(StackSetDriftStatus::Drifted)
                                .drifted_stack_instances_count(1)
                                .last_drift_check_timestamp(secs_ago(3600))
                                .build(),
                        )
                        .tags(Tag::builder().key("Team").value("platform").build())
                        .build(),
                )
                .build()
        });
        let instances = mock!(Client::list_stack_instances).then_output(|| {
            ListStackInstancesOutput::builder()
                .summaries(instance("444455556666", StackDriftStatus::Drifted))
                .summaries(instance("555566667777", StackDriftStatus::InSync))
                .build()
        });
        vec![stacks_rule(vec![]), own, delegated, described, instances]
    }

    #[tokio::test]
    async fn stack_sets_and_instances_are_read() {
        let own = mock!(Client::list_stack_sets)
            .match_requests(|r| r.call_as() == Some(&CallAs::SelfValue))
            .then_output(|| {
                ListStackSetsOutput::builder()
                    .summaries(
                        StackSetSummary::builder()
                            .stack_set_name("baseline")
                            .stack_set_id("baseline:1")
                            .build(),
                    )
                    .build()
            });
        let rules = rules(own);
        let s = session(&rules.iter().collect::<Vec<_>>());
        let account =
            collect_for_check(&s, "cloudformation", "cloudformation-stackset-drift").await;
        assert!(
            account.collection_errors.is_empty(),
            "a ValidationError as DELEGATED_ADMIN is no error: {:?}",
            account.collection_errors
        );
        let cfn = account.cloudformation.as_ref().unwrap();
        let set = cfn
            .stack_sets
            .iter()
            .find(|s| s.region == "us-east-1")
            .unwrap();
        assert_eq!(
            (
                set.arn.as_str(),
                set.permission_model.as_str(),
                set.call_as.as_str()
            ),
            (ARN, "SERVICE_MANAGED", "SELF")
        );
        assert_eq!(
            (set.drift.status.as_str(), set.drift.drifted_instances),
            ("DRIFTED", Some(1))
        );
        assert_eq!(set.tags.get("Team").map(String::as_str), Some("platform"));
        let auto = set.auto_deployment.as_ref().unwrap();
        assert_eq!(
            (auto.enabled, auto.retain_stacks_on_account_removal),
            (false, true)
        );
        assert_eq!(
            (&set.administration_role_arn, &set.execution_role_name),
            (&None, &None),
            "a service-managed stack set has no administration or execution role"
        );
        let instances = set.instances.value().unwrap();
        assert_eq!(instances.len(), 2);
        assert_eq!(
            (
                instances[0].drift_status.as_str(),
                instances[0].detailed_status.as_deref()
            ),
            ("DRIFTED", Some("SUCCEEDED"))
        );
        assert!(rules[3].num_calls() >= 1 && rules[4].num_calls() >= 1);
        let f = judge(&account, "cloudformation-stackset-drift");
        let d = finding(&f, "stackset/baseline:1");
        assert_eq!(d.status, Status::Fail);
        assert!(d.reason.contains("444455556666/eu-west-1"), "{}", d.reason);
    }

    #[tokio::test]
    async fn a_self_managed_stack_set_keeps_its_roles() {
        let own = mock!(Client::list_stack_sets)
            .match_requests(|r| r.call_as() == Some(&CallAs::SelfValue))
            .then_output(|| {
                ListStackSetsOutput::builder()
                    .summaries(
                        StackSetSummary::builder()
                            .stack_set_name("alarms")
                            .stack_set_id("alarms:2")
                            .build(),
                    )
                    .build()
            });
        let described = mock!(Client::describe_stack_set).then_output(|| {
            DescribeStackSetOutput::builder()
                .stack_set(
                    StackSet::builder()
                        .stack_set_name("alarms")
                        .stack_set_arn("arn:aws:cloudformation:us-east-1:111122223333:stackset/alarms:2")
                        .permission_model(PermissionModels::SelfManaged)
                        .administration_role_arn(
                            "arn:aws:iam::111122223333:role/AWSCloudFormationStackSetAdministrationRole",
                        )
                        .execution_role_name("BaselineExecution")
                        .build(),
                )
                .build()
        });
        let mut rules = rules(own);
        rules[3] = described;
        let s = session(&rules.iter().collect::<Vec<_>>());
        let account =
            collect_for_check(&s, "cloudformation", "cloudformation-stackset-config").await;
        let cfn = account.cloudformation.as_ref().unwrap();
        let set = cfn
            .stack_sets
            .iter()
            .find(|s| s.region == "us-east-1")
            .unwrap();
        assert_eq!(
            (
                set.permission_model.as_str(),
                set.administration_role_arn.as_deref(),
                set.execution_role_name.as_deref(),
                set.auto_deployment.is_none()
            ),
            (
                "SELF_MANAGED",
                Some("arn:aws:iam::111122223333:role/AWSCloudFormationStackSetAdministrationRole"),
                Some("BaselineExecution"),
                true
            )
        );
        assert_eq!(set.instances.value().map(Vec::len), Some(2));
    }

    /// The stack set listed as `SELF`.
    fn listed() -> Rule {
        mock!(Client::list_stack_sets)
            .match_requests(|r| r.call_as() == Some(&CallAs::SelfValue))
            .then_output(|| {
                ListStackSetsOutput::builder()
                    .summaries(
                        StackSetSummary::builder()
                            .stack_set_name("baseline")
                            .stack_set_id("baseline:1")
                            .build(),
                    )
                    .build()
            })
    }

    fn operations(status: StackSetOperationStatus) -> Rule {
        mock!(Client::list_stack_set_operations).then_output(move || {
            ListStackSetOperationsOutput::builder()
                .summaries(
                    StackSetOperationSummary::builder()
                        .operation_id("op-0")
                        .action(StackSetOperationAction::Update)
                        .status(status.clone())
                        .build(),
                )
                .build()
        })
    }

    fn drift_options(s: &mut crate::session::Session) {
        s.drift = crate::session::DriftOptions {
            detect: true,
            timeout: Duration::from_millis(400),
            concurrency: 3,
            first_poll: Duration::from_millis(5),
            max_poll: Duration::from_millis(20),
        };
    }

    #[tokio::test]
    async fn stack_set_drift_is_detected_only_with_the_flag() {
        let detect = mock!(Client::detect_stack_set_drift)
            .match_requests(|r| {
                r.stack_set_name() == Some("baseline")
                    && r.operation_preferences().is_some_and(|p| {
                        p.max_concurrent_percentage() == Some(25)
                            && p.failure_tolerance_percentage() == Some(10)
                    })
            })
            .then_output(|| {
                DetectStackSetDriftOutput::builder()
                    .operation_id("op-1")
                    .build()
            });
        let poll = mock!(Client::describe_stack_set_operation)
            .match_requests(|r| r.operation_id() == Some("op-1"))
            .then_output(|| {
                DescribeStackSetOperationOutput::builder()
                    .stack_set_operation(
                        StackSetOperation::builder()
                            .operation_id("op-1")
                            .action(StackSetOperationAction::DetectDrift)
                            .status(StackSetOperationStatus::Succeeded)
                            .build(),
                    )
                    .build()
            });
        let ops = operations(StackSetOperationStatus::Succeeded);
        let base = rules(listed());
        let mut all: Vec<&Rule> = base.iter().collect();
        all.extend([&ops, &detect, &poll]);

        // Without the flag: never a detection, nor the calls around it.
        let s = session(&all);
        let account =
            collect_for_check(&s, "cloudformation", "cloudformation-stackset-drift").await;
        assert_eq!(
            (ops.num_calls(), detect.num_calls(), poll.num_calls()),
            (0, 0, 0)
        );
        let described_once = base[3].num_calls();
        assert_eq!(described_once, 1);
        let set = &account.cloudformation.as_ref().unwrap().stack_sets[0];
        assert!(matches!(set.detection, Collected::Absent));

        // With it: detected, followed, and described again.
        let s = session_with(&all, drift_options);
        let account =
            collect_for_check(&s, "cloudformation", "cloudformation-stackset-drift").await;
        assert_eq!(
            (ops.num_calls(), detect.num_calls(), poll.num_calls()),
            (1, 1, 1)
        );
        assert_eq!(
            base[3].num_calls(),
            described_once + 2,
            "re-read after the operation"
        );
        let set = &account.cloudformation.as_ref().unwrap().stack_sets[0];
        let d = set.detection.value().unwrap();
        assert_eq!(
            (d.operation_id.as_str(), d.status.as_str()),
            ("op-1", "SUCCEEDED")
        );
        let f = judge(&account, "cloudformation-stackset-drift");
        let d = finding(&f, "stackset/baseline:1");
        assert_eq!(d.status, Status::Fail);
        assert!(
            d.reason
                .contains("drift detection run by this scan (operation op-1)"),
            "{}",
            d.reason
        );
    }

    #[tokio::test]
    async fn no_detection_while_another_stack_set_operation_runs() {
        let detect = mock!(Client::detect_stack_set_drift).then_output(|| {
            DetectStackSetDriftOutput::builder()
                .operation_id("op-1")
                .build()
        });
        let ops = operations(StackSetOperationStatus::Running);
        let base = rules(listed());
        let mut all: Vec<&Rule> = base.iter().collect();
        all.extend([&ops, &detect]);
        let s = session_with(&all, drift_options);
        let account =
            collect_for_check(&s, "cloudformation", "cloudformation-stackset-drift").await;
        assert_eq!((ops.num_calls(), detect.num_calls()), (1, 0));
        let set = &account.cloudformation.as_ref().unwrap().stack_sets[0];
        let e = set.detection.error().unwrap();
        assert_eq!(
            (e.operation.as_str(), e.code.as_str()),
            ("DetectStackSetDrift", "OperationInProgressException")
        );
        let f = judge(&account, "cloudformation-stackset-drift");
        let d = finding(&f, "stackset/baseline:1");
        assert_eq!(
            d.status,
            Status::Error,
            "never FAIL from a recorded DRIFTED: {}",
            d.reason
        );
        assert!(
            d.reason.contains("op-0 (UPDATE) is RUNNING"),
            "{}",
            d.reason
        );
    }

    #[tokio::test]
    async fn an_operation_in_progress_refusal_is_an_error() {
        let detect = mock!(Client::detect_stack_set_drift).then_http_response(|| {
            query_error(
                409,
                "OperationInProgressException",
                "Another Operation on StackSet baseline is in progress",
            )
        });
        let ops = mock!(Client::list_stack_set_operations)
            .then_output(|| ListStackSetOperationsOutput::builder().build());
        let base = rules(listed());
        let mut all: Vec<&Rule> = base.iter().collect();
        all.extend([&ops, &detect]);
        let s = session_with(&all, drift_options);
        let account =
            collect_for_check(&s, "cloudformation", "cloudformation-stackset-drift").await;
        let set = &account.cloudformation.as_ref().unwrap().stack_sets[0];
        let e = set.detection.error().unwrap();
        assert_eq!(
            (e.operation.as_str(), e.code.as_str()),
            ("DetectStackSetDrift", "OperationInProgressException")
        );
        let f = judge(&account, "cloudformation-stackset-drift");
        assert_eq!(finding(&f, "stackset/baseline:1").status, Status::Error);
    }

    #[tokio::test]
    async fn a_denied_listing_leaves_the_stack_sets_unread() {
        let own = mock!(Client::list_stack_sets)
            .match_requests(|r| r.call_as() == Some(&CallAs::SelfValue))
            .then_http_response(|| {
                query_error(
                    403,
                    "AccessDenied",
                    "not authorized to perform: cloudformation:ListStackSets",
                )
            });
        let rules = rules(own);
        let s = session(&rules.iter().collect::<Vec<_>>());
        let account =
            collect_for_check(&s, "cloudformation", "cloudformation-stackset-drift").await;
        let e = account
            .collection_errors
            .iter()
            .find(|e| e.part.as_deref() == Some("stack_sets"))
            .unwrap_or_else(|| panic!("{:?}", account.collection_errors));
        assert_eq!(
            (e.error.operation.as_str(), e.error.code.as_str()),
            ("ListStackSets", "AccessDenied")
        );
        let f = judge(&account, "cloudformation-stackset-drift");
        assert!(
            f.iter().all(|f| f.status == Status::Error),
            "no SKIP where the listing failed: {f:?}"
        );
    }
}
