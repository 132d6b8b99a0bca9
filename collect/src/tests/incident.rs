//! The incident checks' verdicts moto 5.2.5 cannot produce, with
//! aws-smithy-mocks: an instance whose simplified automatic recovery is
//! disabled or on (`MaintenanceOptions`, which moto does not report), with
//! a recover alarm whose actions are disabled, and a sensitive bucket no
//! trail covers while the event data stores are readable (moto answers
//! `ListEventDataStores` with a 500); and AWS Health's organizational view
//! (moto has no Health service).

use super::*;
use aws_smithy_mocks::{mock, Rule};
use serde_json::json;

fn instance_arn(id: &str) -> String {
    format!("arn:aws:ec2:us-east-1:{ACCOUNT}:instance/{id}")
}

/// A running production m5.large instance with `AutoRecovery=recovery`.
fn prod_instance(id: &str, recovery: &str) -> aws_sdk_ec2::types::Instance {
    use aws_sdk_ec2::types::*;
    Instance::builder()
        .instance_id(id)
        .instance_type(InstanceType::M5Large)
        .root_device_type(DeviceType::Ebs)
        .state(
            InstanceState::builder()
                .name(InstanceStateName::Running)
                .build(),
        )
        .maintenance_options(
            InstanceMaintenanceOptions::builder()
                .auto_recovery(InstanceAutoRecoveryState::from(recovery))
                .build(),
        )
        .tags(Tag::builder().key("Environment").value("prod").build())
        .build()
}

fn ec2_rules() -> Vec<Rule> {
    use aws_sdk_ec2::operation::*;
    use aws_sdk_ec2::types::{InstanceType, InstanceTypeInfo, Reservation};
    use aws_sdk_ec2::Client;
    vec![
        mock!(Client::describe_instances).then_output(|| {
            describe_instances::DescribeInstancesOutput::builder()
                .reservations(
                    Reservation::builder()
                        .instances(prod_instance("i-off", "disabled"))
                        .instances(prod_instance("i-on", "default"))
                        .instances(prod_instance("i-alarm-off", "disabled"))
                        .build(),
                )
                .build()
        }),
        mock!(Client::describe_instance_types)
            .match_requests(|r| r.instance_types() == [InstanceType::M5Large])
            .then_output(|| {
                describe_instance_types::DescribeInstanceTypesOutput::builder()
                    .instance_types(
                        InstanceTypeInfo::builder()
                            .instance_type(InstanceType::M5Large)
                            .auto_recovery_supported(true)
                            .build(),
                    )
                    .build()
            }),
        mock!(aws_sdk_cloudwatch::Client::describe_alarms).then_output(|| {
            use aws_sdk_cloudwatch::types::{Dimension, MetricAlarm};
            aws_sdk_cloudwatch::operation::describe_alarms::DescribeAlarmsOutput::builder()
                .metric_alarms(
                    MetricAlarm::builder()
                        .alarm_name("recover-i-alarm-off")
                        .namespace("AWS/EC2")
                        .metric_name("StatusCheckFailed_System")
                        .dimensions(
                            Dimension::builder()
                                .name("InstanceId")
                                .value("i-alarm-off")
                                .build(),
                        )
                        .actions_enabled(false)
                        .alarm_actions("arn:aws:automate:us-east-1:ec2:recover")
                        .build(),
                )
                .build()
        }),
    ]
}

#[tokio::test]
async fn auto_recovery_setting_and_alarm_actions_feed_the_recovery_check() {
    let rules = ec2_rules();
    let s = session(&rules.iter().collect::<Vec<_>>());
    let account = collect(&s, &["ec2", "cloudwatch"]).await;
    assert!(
        account.collection_errors.is_empty(),
        "{:?}",
        account.collection_errors
    );
    let ec2 = account.ec2.as_ref().unwrap();
    assert_eq!(ec2.instances[0].auto_recovery.as_deref(), Some("disabled"));
    assert_eq!(ec2.instances[0].instance_type.as_deref(), Some("m5.large"));
    assert_eq!(ec2.instances[0].root_device_type.as_deref(), Some("ebs"));
    assert_eq!(ec2.instance_types.len(), 1, "one call for the one type");
    assert!(ec2.instance_types[0].auto_recovery_supported);

    let findings = judge(&account, "ec2-auto-recovery");
    let verdict = |id: &str| {
        let f = findings
            .iter()
            .find(|f| f.resource_arn == instance_arn(id))
            .unwrap_or_else(|| panic!("{id}: {findings:#?}"));
        (f.status, f.reason.clone())
    };
    assert_eq!(
        verdict("i-off"),
        (
            Status::Fail,
            "simplified automatic recovery is disabled and no StatusCheckFailed_System alarm with the ec2:recover action watches the instance".into()
        )
    );
    assert_eq!(verdict("i-on").0, Status::Pass);
    let (status, reason) = verdict("i-alarm-off");
    assert_eq!(status, Status::Fail);
    assert!(
        reason.ends_with(
            "(alarm recover-i-alarm-off has the recover action but its actions are disabled)"
        ),
        "{reason}"
    );
}

#[tokio::test]
async fn unreadable_instance_types_make_the_verdict_unknown() {
    let denied = mock!(aws_sdk_ec2::Client::describe_instance_types).then_http_response(|| {
        http(403, "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>denied</Message></Error></Errors><RequestID>r</RequestID></Response>")
    });
    let mut rules = ec2_rules();
    rules.remove(1);
    rules.push(denied);
    let s = session(&rules.iter().collect::<Vec<_>>());
    let account = collect(&s, &["ec2", "cloudwatch"]).await;
    let findings = judge(&account, "ec2-auto-recovery");
    // The region (the engine: a part the check reads was not read) and
    // its three instances, each naming the failed call.
    assert_eq!(findings.len(), 4, "{findings:#?}");
    for f in &findings {
        assert_eq!(f.status, Status::Error, "{f:#?}");
        assert!(
            f.reason
                .contains("DescribeInstanceTypes failed: UnauthorizedOperation"),
            "{}",
            f.reason
        );
    }
}

#[tokio::test]
async fn a_sensitive_bucket_no_trail_covers_is_advisory() {
    use aws_sdk_cloudtrail::operation::*;
    use aws_sdk_cloudtrail::types::{DataResource, EventSelector, ReadWriteType, Trail};
    let rules = [
        mock!(aws_sdk_cloudtrail::Client::describe_trails).then_output(|| {
            describe_trails::DescribeTrailsOutput::builder()
                .trail_list(
                    Trail::builder()
                        .name("main")
                        .home_region("us-east-1")
                        .trail_arn(format!("arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main"))
                        .is_multi_region_trail(true)
                        .s3_bucket_name("trail-bucket")
                        .build(),
                )
                .build()
        }),
        mock!(aws_sdk_cloudtrail::Client::get_trail_status).then_output(|| {
            get_trail_status::GetTrailStatusOutput::builder()
                .is_logging(true)
                .build()
        }),
        mock!(aws_sdk_cloudtrail::Client::get_event_selectors).then_output(|| {
            get_event_selectors::GetEventSelectorsOutput::builder()
                .event_selectors(
                    EventSelector::builder()
                        .read_write_type(ReadWriteType::WriteOnly)
                        .data_resources(
                            DataResource::builder()
                                .r#type("AWS::S3::Object")
                                .values("arn:aws:s3:::payroll/")
                                .build(),
                        )
                        .build(),
                )
                .build()
        }),
        mock!(aws_sdk_cloudtrail::Client::list_event_data_stores)
            .then_output(|| list_event_data_stores::ListEventDataStoresOutput::builder().build()),
    ];
    let s = session(&rules.iter().collect::<Vec<_>>());
    let account = collect(&s, &["cloudtrail"]).await;
    let mut v = serde_json::to_value(&account).unwrap();
    v["s3"] = json!({"buckets": [{"arn": "arn:aws:s3:::payroll", "region": "us-east-1",
        "account_id": ACCOUNT, "name": "payroll", "tags": {"data-classification": "Confidential"}}]});
    let account: Account = serde_json::from_value(v).unwrap();
    let findings = judge(&account, "cloudtrail-data-events");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!(
        (f.status, f.severity),
        (Status::Fail, awscheck_checks::Severity::Low),
        "{f:#?}"
    );
    assert_eq!(
        f.reason,
        "advisory: no trail records object-level (data) events for the bucket's objects (only partly: trail main logs write events only)"
    );
}

/// AWS Health's organizational view (no moto service), judged in the
/// management account: on, off, not available without a support plan, and
/// the faults, each on that finding alone.
mod health {
    use super::*;
    use aws_sdk_health::operation::describe_health_service_status_for_organization::{
        DescribeHealthServiceStatusForOrganizationError,
        DescribeHealthServiceStatusForOrganizationOutput,
    };
    use aws_sdk_health::Client;
    use awscheck_checks::Status;

    const CHECK: &str = "health-event-notifications";
    const VIEW: &str = "arn:aws:health::111122223333";

    /// The management account's findings, with no EventBridge rule and no topic.
    async fn judged(status: &Rule) -> Vec<awscheck_checks::Finding> {
        let buses = mock!(aws_sdk_eventbridge::Client::list_event_buses).then_output(|| {
            aws_sdk_eventbridge::operation::list_event_buses::ListEventBusesOutput::builder()
                .build()
        });
        let rules = mock!(aws_sdk_eventbridge::Client::list_rules).then_output(|| {
            aws_sdk_eventbridge::operation::list_rules::ListRulesOutput::builder().build()
        });
        let topics = mock!(aws_sdk_sns::Client::list_topics).then_output(|| {
            aws_sdk_sns::operation::list_topics::ListTopicsOutput::builder().build()
        });
        let s = session(&[status, &described(ACCOUNT), &buses, &rules, &topics]);
        let sections = ["health", "organizations", "events", "sns"];
        let f = judge(
            &collect_sections_for_check(&s, &sections, CHECK).await,
            CHECK,
        );
        expect(
            &f,
            "arn:aws:health:us-east-1:111122223333",
            Status::Fail,
            "no enabled rule on the default bus in us-east-1",
        );
        f
    }

    fn answers(status: &'static str) -> Rule {
        mock!(Client::describe_health_service_status_for_organization).then_output(move || {
            DescribeHealthServiceStatusForOrganizationOutput::builder()
                .health_service_access_status_for_organization(status)
                .build()
        })
    }

    /// A failure with `code`: Health speaks rpc-v2-cbor, whose error bodies
    /// the mocks cannot write as text, so the error is given decoded.
    fn fails(code: &'static str) -> Rule {
        mock!(Client::describe_health_service_status_for_organization).then_error(move || {
            DescribeHealthServiceStatusForOrganizationError::generic(
                aws_smithy_types::error::ErrorMetadata::builder()
                    .code(code)
                    .message("from the mock")
                    .build(),
            )
        })
    }

    #[tokio::test]
    async fn the_organizational_view_is_on_or_off() {
        let f = judged(&answers("ENABLED")).await;
        expect(&f, VIEW, Status::Pass, "organizational view is ENABLED");
        let f = judged(&answers("DISABLED")).await;
        let off = expect(
            &f,
            VIEW,
            Status::Fail,
            "advisory: AWS Health's organizational view is DISABLED",
        );
        assert_eq!(off.severity, awscheck_checks::Severity::Low);
    }

    #[tokio::test]
    async fn no_support_plan_skips_and_faults_are_errors_naming_the_call() {
        let f = judged(&fails("SubscriptionRequiredException")).await;
        expect(
            &f,
            VIEW,
            Status::Skip,
            "answers SubscriptionRequiredException",
        );
        for (code, needle) in [
            (
                "ThrottlingException",
                "throttled: DescribeHealthServiceStatusForOrganization (ThrottlingException)",
            ),
            (
                "AccessDeniedException",
                "DescribeHealthServiceStatusForOrganization failed: AccessDeniedException",
            ),
            (
                "InternalFailure",
                "DescribeHealthServiceStatusForOrganization failed: InternalFailure",
            ),
        ] {
            let f = judged(&fails(code)).await;
            expect(&f, VIEW, Status::Error, needle);
        }
    }
}
