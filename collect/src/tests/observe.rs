//! The observability collectors (cloudtrail, logs, sns, sqs, config + SSM
//! documents, wafv2, firehose, guardduty, secretsmanager) with
//! aws-smithy-mocks, for what moto 5.2.5 cannot show: a CloudTrail that is
//! not blind (moto answers `ListEventDataStores` with an HTML 500) and its
//! last CloudWatch Logs delivery, Config's delivery status and remediations,
//! SQS `RedriveAllowPolicy`, and the checks whose other sections live in
//! collectors of other modules (GuardDuty, Secrets Manager rotation, the
//! metric-filter alarms, CloudWatch alarms, which moto cannot serve in
//! CloudWatch's CBOR protocol). Each collected account is judged by the real
//! checks; throttling, AccessDenied and 5xx responses go through the
//! production retry and error paths.

use super::*;
use aws_smithy_mocks::{mock, Rule};
use awscheck_checks::{Settings, Status};
use serde_json::{json, Value};

const DENIED: &str = r#"{"__type":"AccessDeniedException","message":"not authorized"}"#;
const THROTTLED: &str = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;
const TOPIC: &str = "arn:aws:sns:us-east-1:111122223333:security";
const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/k1";
const BUCKET: &str = "trail-bucket";

fn trail(name: &str, home: &str, owner: &str, multi: bool) -> aws_sdk_cloudtrail::types::Trail {
    aws_sdk_cloudtrail::types::Trail::builder()
        .name(name)
        .home_region(home)
        .trail_arn(format!("arn:aws:cloudtrail:{home}:{owner}:trail/{name}"))
        .is_multi_region_trail(multi)
        .is_organization_trail(owner != ACCOUNT)
        .include_global_service_events(true)
        .s3_bucket_name(BUCKET)
        .build()
}

fn describe_trails(trails: Vec<aws_sdk_cloudtrail::types::Trail>) -> Rule {
    mock!(aws_sdk_cloudtrail::Client::describe_trails).then_output(move || {
        aws_sdk_cloudtrail::operation::describe_trails::DescribeTrailsOutput::builder()
            .set_trail_list(Some(trails.clone()))
            .build()
    })
}

fn trail_status(logging: bool) -> Rule {
    mock!(aws_sdk_cloudtrail::Client::get_trail_status).then_output(move || {
        aws_sdk_cloudtrail::operation::get_trail_status::GetTrailStatusOutput::builder()
            .is_logging(logging)
            .latest_cloud_watch_logs_delivery_time(secs_ago(300))
            .build()
    })
}

fn management_selectors() -> Rule {
    use aws_sdk_cloudtrail::types::{
        AdvancedEventSelector, AdvancedFieldSelector, EventSelector, ReadWriteType,
    };
    mock!(aws_sdk_cloudtrail::Client::get_event_selectors).then_output(|| {
        aws_sdk_cloudtrail::operation::get_event_selectors::GetEventSelectorsOutput::builder()
            .event_selectors(
                EventSelector::builder()
                    .read_write_type(ReadWriteType::All)
                    .include_management_events(true)
                    .build(),
            )
            .advanced_event_selectors(
                AdvancedEventSelector::builder()
                    .name("logs only")
                    .field_selectors(
                        AdvancedFieldSelector::builder()
                            .field("resources.ARN")
                            .ends_with(".log")
                            .build()
                            .unwrap(),
                    )
                    .build()
                    .unwrap(),
            )
            .build()
    })
}

fn no_event_data_stores() -> Rule {
    mock!(aws_sdk_cloudtrail::Client::list_event_data_stores).then_output(|| {
        aws_sdk_cloudtrail::operation::list_event_data_stores::ListEventDataStoresOutput::builder()
            .build()
    })
}

/// The trail's log group (CMK-encrypted, with a DeleteBucket filter) and
/// the SNS topic its alarm notifies, through the logs and sns collectors.
fn logs_and_sns_rules() -> Vec<Rule> {
    use aws_sdk_cloudwatchlogs::operation::{
        describe_log_groups, describe_metric_filters, list_tags_for_resource,
    };
    use aws_sdk_cloudwatchlogs::types::{LogGroup, MetricFilter, MetricTransformation};
    use aws_sdk_sns::operation::{list_subscriptions_by_topic, list_topics};
    vec![
        mock!(aws_sdk_cloudwatchlogs::Client::describe_resource_policies).then_output(|| {
            aws_sdk_cloudwatchlogs::operation::describe_resource_policies::DescribeResourcePoliciesOutput::builder()
                .resource_policies(
                    aws_sdk_cloudwatchlogs::types::ResourcePolicy::builder()
                        .policy_name("route53-query-logging")
                        .policy_document(r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"route53.amazonaws.com"},"Action":"logs:PutLogEvents","Resource":"*"}]}"#)
                        .build(),
                )
                .build()
        }),
        mock!(aws_sdk_cloudwatchlogs::Client::describe_log_groups).then_output(|| {
            describe_log_groups::DescribeLogGroupsOutput::builder()
                .log_groups(
                    LogGroup::builder()
                        .log_group_name("trail")
                        .arn(format!("arn:aws:logs:us-east-1:{ACCOUNT}:log-group:trail:*"))
                        .kms_key_id(KEY)
                        .retention_in_days(365)
                        .build(),
                )
                .build()
        }),
        mock!(aws_sdk_cloudwatchlogs::Client::describe_metric_filters).then_output(|| {
            describe_metric_filters::DescribeMetricFiltersOutput::builder()
                .metric_filters(
                    MetricFilter::builder()
                        .log_group_name("trail")
                        .filter_name("deletes")
                        .filter_pattern("{ ($.eventSource = s3.amazonaws.com) && ($.eventName = DeleteBucket) }")
                        .metric_transformations(
                            MetricTransformation::builder()
                                .metric_namespace("CloudTrailMetrics")
                                .metric_name("BucketDeletions")
                                .metric_value("1")
                                .build()
                                .unwrap(),
                        )
                        .build(),
                )
                .build()
        }),
        mock!(aws_sdk_cloudwatchlogs::Client::list_tags_for_resource)
            .match_requests(|r| r.resource_arn() == Some("arn:aws:logs:us-east-1:111122223333:log-group:trail"))
            .then_output(|| {
                list_tags_for_resource::ListTagsForResourceOutput::builder()
                    .tags("team", "security")
                    .build()
            }),
        mock!(aws_sdk_sns::Client::list_topics).then_output(|| {
            list_topics::ListTopicsOutput::builder()
                .topics(aws_sdk_sns::types::Topic::builder().topic_arn(TOPIC).build())
                .build()
        }),
        mock!(aws_sdk_sns::Client::list_subscriptions_by_topic).then_output(|| {
            list_subscriptions_by_topic::ListSubscriptionsByTopicOutput::builder()
                .subscriptions(
                    aws_sdk_sns::types::Subscription::builder()
                        .subscription_arn(format!("{TOPIC}:abc"))
                        .protocol("email")
                        .endpoint("oncall@example.com")
                        .build(),
                )
                .build()
        }),
    ]
}

/// What the CloudTrail checks look up besides the collected sections: the
/// key (its policy lets CloudWatch Logs use it), the role CloudTrail
/// assumes, the alarm on the filter's metric, and the trail's bucket.
fn trail_neighbours() -> Value {
    json!({
        "kms": {"keys": [{"arn": KEY, "region": "us-east-1", "account_id": ACCOUNT, "key_id": "k1",
            "metadata": {"value": {"key_manager": "CUSTOMER", "key_state": "Enabled", "key_spec": "SYMMETRIC_DEFAULT"}},
            "policy": {"value": {"Statement": [{"Effect": "Allow",
                "Principal": {"Service": "logs.us-east-1.amazonaws.com"},
                "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                "Resource": "*"}]}}}]},
        "iam": {"roles": [{"arn": format!("arn:aws:iam::{ACCOUNT}:role/trail-to-logs"), "region": "global",
            "account_id": ACCOUNT, "name": "trail-to-logs",
            "trust_policy": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "sts:AssumeRole"}]},
            "attached_policies": {"value": []}, "inline_policies": {"value": []}}]},
        "cloudwatch": {"alarms": [{"arn": format!("arn:aws:cloudwatch:us-east-1:{ACCOUNT}:alarm:deletes"),
            "region": "us-east-1", "account_id": ACCOUNT, "name": "deletes", "namespace": "CloudTrailMetrics",
            "metric_name": "BucketDeletions", "actions_enabled": true, "alarm_actions": [TOPIC], "state_value": "OK"}]},
        "s3": {"buckets": [{"arn": format!("arn:aws:s3:::{BUCKET}"), "region": "us-east-1", "account_id": ACCOUNT,
            "name": BUCKET, "policy": "absent", "versioning": "absent", "logging": "absent",
            "website": "absent", "encryption": "absent"}]}
    })
}

#[tokio::test]
async fn cloudtrail_primary_trail_passes_the_three_trail_checks() {
    use aws_sdk_cloudtrail::operation::get_event_data_store::GetEventDataStoreOutput;
    use aws_sdk_cloudtrail::types::{AdvancedEventSelector, AdvancedFieldSelector, EventDataStore};
    let mut main = trail("main", "us-east-1", ACCOUNT, true);
    main.cloud_watch_logs_log_group_arn = Some(format!(
        "arn:aws:logs:us-east-1:{ACCOUNT}:log-group:trail:*"
    ));
    main.cloud_watch_logs_role_arn = Some(format!("arn:aws:iam::{ACCOUNT}:role/trail-to-logs"));
    let trails = describe_trails(vec![
        main,
        // Homed in a region that is not scanned: kept by the first scanned region.
        trail("elsewhere", "eu-west-1", ACCOUNT, true),
        // Single-region, homed in the other scanned region: kept there.
        trail("south", "ap-south-1", ACCOUNT, false),
        // An organization trail seen from this member account.
        trail("org", "us-east-1", "999988887777", true),
    ]);
    let store_arn = format!("arn:aws:cloudtrail:us-east-1:{ACCOUNT}:eventdatastore/lake");
    let stores = mock!(aws_sdk_cloudtrail::Client::list_event_data_stores).then_output({
        let arn = store_arn.clone();
        move || {
            aws_sdk_cloudtrail::operation::list_event_data_stores::ListEventDataStoresOutput::builder()
                .event_data_stores(EventDataStore::builder().event_data_store_arn(&arn).build())
                .build()
        }
    });
    let store = mock!(aws_sdk_cloudtrail::Client::get_event_data_store).then_output({
        let arn = store_arn.clone();
        move || {
            GetEventDataStoreOutput::builder()
                .event_data_store_arn(&arn)
                .name("lake")
                .status(aws_sdk_cloudtrail::types::EventDataStoreStatus::Enabled)
                .multi_region_enabled(true)
                .advanced_event_selectors(
                    AdvancedEventSelector::builder()
                        .field_selectors(
                            AdvancedFieldSelector::builder()
                                .field("eventCategory")
                                .equals("Management")
                                .build()
                                .unwrap(),
                        )
                        .build()
                        .unwrap(),
                )
                .build()
        }
    });
    let (status, selectors) = (trail_status(true), management_selectors());
    let s = session_with(&[&trails, &status, &selectors, &stores, &store], |s| {
        s.regions = vec!["us-east-1".into(), "ap-south-1".into()]
    });
    let trail_account = collect(&s, &["cloudtrail"]).await;
    assert!(
        trail_account.collection_errors.is_empty(),
        "{:?}",
        trail_account.collection_errors
    );
    let ct = trail_account.cloudtrail.as_ref().unwrap();
    let mut seen: Vec<(&str, &str, &str)> = ct
        .trails
        .iter()
        .map(|t| (t.name.as_str(), t.region.as_str(), t.account_id.as_str()))
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ("elsewhere", "eu-west-1", ACCOUNT),
            ("main", "us-east-1", ACCOUNT),
            ("org", "us-east-1", "999988887777"),
            ("south", "ap-south-1", ACCOUNT)
        ],
        "each trail once, with its home region and owner"
    );
    let main = ct.trails.iter().find(|t| t.name == "main").unwrap();
    assert!(main.is_multi_region && !main.is_organization_trail);
    assert!(ct.trails.iter().any(|t| t.is_organization_trail));
    let status = main.status.value().unwrap();
    assert!(status.is_logging && status.latest_cloudwatch_logs_delivery_time.is_some());
    let sel = main.event_selectors.value().unwrap();
    assert_eq!(sel.basic[0].read_write_type, "All");
    assert_eq!(sel.advanced[0].field_selectors[0].ends_with, [".log"]);
    // Both regions list the same store here: one per region.
    assert_eq!(ct.event_data_stores.len(), 2);
    let lake = &ct.event_data_stores[0];
    assert_eq!(
        (
            lake.arn.as_str(),
            lake.name.as_str(),
            lake.status.as_str(),
            lake.multi_region
        ),
        (store_arn.as_str(), "lake", "ENABLED", true)
    );

    let rules = logs_and_sns_rules();
    let s = session(&rules.iter().collect::<Vec<_>>());
    let rest = collect(&s, &["logs", "sns"]).await;
    let group = &rest.logs.as_ref().unwrap().log_groups[0];
    let policy = &rest.logs.as_ref().unwrap().resource_policies[0];
    assert_eq!(
        (policy.name.as_str(), policy.region.as_str()),
        ("route53-query-logging", "us-east-1")
    );
    assert_eq!(
        policy.document.0["Statement"][0]["Principal"]["Service"], "route53.amazonaws.com",
        "the document is parsed"
    );
    assert_eq!(
        group.arn,
        format!("arn:aws:logs:us-east-1:{ACCOUNT}:log-group:trail")
    );
    assert_eq!(group.kms_key_id.as_deref(), Some(KEY));
    assert_eq!(group.retention_in_days, Some(365));
    assert_eq!(group.tags.get("team").map(String::as_str), Some("security"));
    assert_eq!(group.metric_filters.value().unwrap()[0].name, "deletes");
    let sub = &rest.sns.as_ref().unwrap().topics[0]
        .subscriptions
        .value()
        .unwrap()[0];
    assert!(sub.is_confirmed() && sub.protocol == "email");

    let mut account = trail_account;
    account.logs = rest.logs;
    account.sns = rest.sns;
    let account = with_sections(account, trail_neighbours());
    let main_arn = format!("arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main");
    let f = judge(&account, "cloudtrail-multi-region");
    expect(
        &f,
        &main_arn,
        Status::Pass,
        "multi-region trail main is logging all management events",
    );
    let f = judge(&account, "cloudtrail-cloudwatch-logs-cmk");
    expect(&f, &main_arn, Status::Pass, "");
    expect(
        &f,
        "arn:aws:cloudtrail:us-east-1:999988887777:trail/org",
        Status::Skip,
        "organization trail owned by account 999988887777",
    );
    let mut only_critical = Settings::default();
    only_critical
        .set(
            awscheck_checks::registry::settings(),
            "advisory_events",
            serde_json::json!([]),
        )
        .unwrap();
    let f = judge_with(&account, "cloudtrail-metric-filter-alarms", &only_critical);
    expect(
        &f,
        &format!("arn:aws:logs:us-east-1:{ACCOUNT}:log-group:trail"),
        Status::Pass,
        "",
    );
    let f = judge(&account, "cloudtrail-metric-filter-alarms");
    expect(
        &f,
        &format!("arn:aws:logs:us-east-1:{ACCOUNT}:log-group:trail"),
        Status::Fail,
        "advisory:",
    );
}

#[tokio::test]
async fn cloudtrail_without_a_primary_trail_fails_and_unknowns_are_errors() {
    // Only a single-region trail, and CloudTrail listable everywhere: FAIL.
    let trails = describe_trails(vec![trail("solo", "us-east-1", ACCOUNT, false)]);
    let (status, selectors, stores) = (
        trail_status(true),
        management_selectors(),
        no_event_data_stores(),
    );
    let s = session(&[&trails, &status, &selectors, &stores]);
    let account = with_sections(collect(&s, &["cloudtrail"]).await, json!({"s3": {}}));
    let f = judge(&account, "cloudtrail-multi-region");
    expect(
        &f,
        &format!("arn:aws:cloudtrail::{ACCOUNT}"),
        Status::Fail,
        "solo",
    );

    // The event data stores cannot be listed: the trails are kept, and
    // CloudTrail is blind in the region (no FAIL on absence).
    let denied = mock!(aws_sdk_cloudtrail::Client::list_event_data_stores)
        .then_http_response(|| http(400, DENIED));
    let s = session(&[&trails, &status, &selectors, &denied]);
    let account = collect(&s, &["cloudtrail"]).await;
    assert_eq!(account.cloudtrail.as_ref().unwrap().trails.len(), 1);
    let e = &account.collection_errors[0];
    assert_eq!(
        (
            e.service.as_str(),
            e.region.as_str(),
            e.error.operation.as_str(),
            e.error.code.as_str()
        ),
        (
            "cloudtrail",
            "us-east-1",
            "ListEventDataStores",
            "AccessDeniedException"
        )
    );
    let f = judge(
        &with_sections(account, json!({"s3": {}})),
        "cloudtrail-multi-region",
    );
    assert!(f.iter().all(|x| x.status == Status::Error), "{f:#?}");

    // A throttled trail status survives the retries as "throttled".
    let throttled = mock!(aws_sdk_cloudtrail::Client::get_trail_status)
        .then_http_response(|| http(400, THROTTLED));
    let multi = describe_trails(vec![trail("main", "us-east-1", ACCOUNT, true)]);
    let s = session(&[&multi, &throttled, &selectors, &stores]);
    let account = collect(&s, &["cloudtrail"]).await;
    assert_eq!(throttled.num_calls(), ATTEMPTS as usize);
    let mut neighbours = trail_neighbours();
    neighbours["logs"] = json!({});
    let account = with_sections(account, neighbours);
    let f = judge(&account, "cloudtrail-cloudwatch-logs-cmk");
    expect(
        &f,
        &format!("arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main"),
        Status::Error,
        "throttled: GetTrailStatus (ThrottlingException)",
    );

    // A 5xx on DescribeTrails blinds CloudTrail in the region.
    let broken = mock!(aws_sdk_cloudtrail::Client::describe_trails)
        .then_http_response(|| http(500, "<html>Internal Server Error</html>"));
    let s = session(&[&broken]);
    let account = collect(&s, &["cloudtrail"]).await;
    assert_eq!(broken.num_calls(), ATTEMPTS as usize);
    assert_eq!(account.collection_errors[0].error.code, "Http500");
    assert!(account.cloudtrail.as_ref().unwrap().trails.is_empty());
}

/// A section that only exists (the SSM collector is another module's): the
/// second pass puts the remediations' documents into it.
static SSM_SECTION: Service = Service {
    section: "ssm",
    global: true,
    operations: &[],
    run: |_cx| {
        Box::pin(async {
            Box::new(|a: &mut Account| {
                a.ssm.get_or_insert_with(Default::default);
            }) as Patch
        })
    },
};

fn config_rules(document: Rule, remediations: Rule) -> Vec<Rule> {
    use aws_sdk_config::operation::*;
    use aws_sdk_config::types::*;
    vec![
        mock!(aws_sdk_config::Client::describe_configuration_recorders).then_output(|| {
            describe_configuration_recorders::DescribeConfigurationRecordersOutput::builder()
                .configuration_recorders(
                    ConfigurationRecorder::builder()
                        .name("default")
                        .arn(format!("arn:aws:config:us-east-1:{ACCOUNT}:configuration-recorder/default/abc"))
                        .recording_group(
                            RecordingGroup::builder()
                                .all_supported(true)
                                .include_global_resource_types(true)
                                .build(),
                        )
                        .recording_mode(
                            RecordingMode::builder()
                                .recording_frequency(RecordingFrequency::Continuous)
                                .build()
                                .unwrap(),
                        )
                        .build(),
                )
                .build()
        }),
        mock!(aws_sdk_config::Client::describe_configuration_recorder_status).then_output(|| {
            describe_configuration_recorder_status::DescribeConfigurationRecorderStatusOutput::builder()
                .configuration_recorders_status(
                    ConfigurationRecorderStatus::builder()
                        .name("default")
                        .recording(true)
                        .last_status(RecorderStatus::Success)
                        .build(),
                )
                .build()
        }),
        // The customer managed recorder only: no service-linked recorder.
        mock!(aws_sdk_config::Client::list_configuration_recorders).then_output(|| {
            list_configuration_recorders::ListConfigurationRecordersOutput::builder()
                .configuration_recorder_summaries(
                    ConfigurationRecorderSummary::builder()
                        .arn(format!("arn:aws:config:us-east-1:{ACCOUNT}:configuration-recorder/default/abc"))
                        .name("default")
                        .recording_scope(RecordingScope::Paid)
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap()
        }),
        mock!(aws_sdk_config::Client::describe_delivery_channels).then_output(|| {
            describe_delivery_channels::DescribeDeliveryChannelsOutput::builder()
                .delivery_channels(
                    aws_sdk_config::types::DeliveryChannel::builder()
                        .name("default")
                        .s3_bucket_name("config-bucket")
                        .build(),
                )
                .build()
        }),
        mock!(aws_sdk_config::Client::describe_delivery_channel_status).then_output(|| {
            let ok = ConfigExportDeliveryInfo::builder()
                .last_status(DeliveryStatus::Success)
                .build();
            describe_delivery_channel_status::DescribeDeliveryChannelStatusOutput::builder()
                .delivery_channels_status(
                    DeliveryChannelStatus::builder()
                        .name("default")
                        .config_history_delivery_info(ok.clone())
                        .config_snapshot_delivery_info(ok)
                        .build(),
                )
                .build()
        }),
        mock!(aws_sdk_config::Client::describe_config_rules).then_output(|| {
            describe_config_rules::DescribeConfigRulesOutput::builder()
                .config_rules(
                    ConfigRule::builder()
                        .config_rule_name("s3-bucket-logging-enabled")
                        .config_rule_arn(format!("arn:aws:config:us-east-1:{ACCOUNT}:config-rule/config-rule-k2"))
                        .source(
                            Source::builder()
                                .owner(Owner::Aws)
                                .source_identifier("S3_BUCKET_LOGGING_ENABLED")
                                .build()
                                .unwrap(),
                        )
                        .build(),
                )
                .build()
        }),
        remediations,
        mock!(aws_sdk_config::Client::describe_remediation_execution_status).then_output(|| {
            describe_remediation_execution_status::DescribeRemediationExecutionStatusOutput::builder()
                .remediation_execution_statuses(
                    RemediationExecutionStatus::builder()
                        .resource_key(
                            ResourceKey::builder()
                                .resource_type(ResourceType::Bucket)
                                .resource_id("bucket-a")
                                .build()
                                .unwrap(),
                        )
                        .state(RemediationExecutionState::Succeeded)
                        .last_updated_time(secs_ago(3600))
                        .build(),
                )
                .build()
        }),
        document,
        // Nothing else: no rule status, pack, organization deployment,
        // aggregator or authorization.
        mock!(aws_sdk_config::Client::describe_config_rule_evaluation_status).then_output(|| {
            describe_config_rule_evaluation_status::DescribeConfigRuleEvaluationStatusOutput::builder().build()
        }),
        mock!(aws_sdk_config::Client::describe_conformance_packs).then_output(|| {
            describe_conformance_packs::DescribeConformancePacksOutput::builder().build()
        }),
        mock!(aws_sdk_config::Client::describe_organization_config_rules).then_output(|| {
            describe_organization_config_rules::DescribeOrganizationConfigRulesOutput::builder().build()
        }),
        mock!(aws_sdk_config::Client::describe_organization_conformance_packs).then_output(|| {
            describe_organization_conformance_packs::DescribeOrganizationConformancePacksOutput::builder().build()
        }),
        mock!(aws_sdk_config::Client::describe_configuration_aggregators).then_output(|| {
            describe_configuration_aggregators::DescribeConfigurationAggregatorsOutput::builder().build()
        }),
        mock!(aws_sdk_config::Client::describe_aggregation_authorizations).then_output(|| {
            describe_aggregation_authorizations::DescribeAggregationAuthorizationsOutput::builder().build()
        }),
    ]
}

fn remediation_configurations() -> Rule {
    use aws_sdk_config::types::*;
    mock!(aws_sdk_config::Client::describe_remediation_configurations).then_output(|| {
        aws_sdk_config::operation::describe_remediation_configurations::DescribeRemediationConfigurationsOutput::builder()
            .remediation_configurations(
                RemediationConfiguration::builder()
                    .config_rule_name("s3-bucket-logging-enabled")
                    .target_type(RemediationTargetType::SsmDocument)
                    .target_id("AWS-ConfigureS3BucketLogging")
                    .automatic(true)
                    .maximum_automatic_attempts(5)
                    .retry_attempt_seconds(60)
                    .arn(format!("arn:aws:config:us-east-1:{ACCOUNT}:remediation-configuration/s3-bucket-logging-enabled/r1"))
                    .parameters(
                        "AutomationAssumeRole",
                        RemediationParameterValue::builder()
                            .static_value(
                                StaticValue::builder()
                                    .values(format!("arn:aws:iam::{ACCOUNT}:role/remediate"))
                                    .build()
                                    .unwrap(),
                            )
                            .build(),
                    )
                    .build()
                    .unwrap(),
            )
            .build()
    })
}

fn automation_document() -> Rule {
    use aws_sdk_ssm::types::{DocumentDescription, DocumentType};
    mock!(aws_sdk_ssm::Client::describe_document)
        .match_requests(|r| r.name() == Some("AWS-ConfigureS3BucketLogging"))
        .then_output(|| {
            aws_sdk_ssm::operation::describe_document::DescribeDocumentOutput::builder()
                .document(
                    DocumentDescription::builder()
                        .name("AWS-ConfigureS3BucketLogging")
                        .document_type(DocumentType::Automation)
                        .latest_version("3")
                        .default_version("3")
                        .build(),
                )
                .build()
        })
}

fn remediation_role() -> Value {
    json!({"iam": {"roles": [{"arn": format!("arn:aws:iam::{ACCOUNT}:role/remediate"), "region": "global",
        "account_id": ACCOUNT, "name": "remediate",
        "trust_policy": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "ssm.amazonaws.com"},
            "Action": "sts:AssumeRole"}]},
        "attached_policies": {"value": []},
        "inline_policies": {"value": [{"name": "logging", "document": {"Statement": [{"Effect": "Allow",
            "Action": ["s3:PutBucketLogging", "s3:GetBucketLogging"], "Resource": "*"}]}}]}}]}})
}

async fn collect_config(rules: &[Rule]) -> (Account, Arc<Session>) {
    let s = session(&rules.iter().collect::<Vec<_>>());
    let account = collect_account(
        s.clone(),
        &[&config::SERVICE, &SSM_SECTION],
        Wanted::everything(),
        4,
        false,
    )
    .await;
    (account, s)
}

#[tokio::test]
async fn config_recorder_and_remediation_pass_with_their_document() {
    let (account, s) = collect_config(&config_rules(
        automation_document(),
        remediation_configurations(),
    ))
    .await;
    assert!(
        account.collection_errors.is_empty(),
        "{:?}",
        account.collection_errors
    );
    assert_eq!(s.stats.errors(), 0);
    let config = account.config.as_ref().unwrap();
    let rec = &config.recorders[0];
    assert_eq!(rec.recording_frequency.as_deref(), Some("CONTINUOUS"));
    assert_eq!(
        config.rules[0].source_identifier.as_deref(),
        Some("S3_BUCKET_LOGGING_ENABLED")
    );
    let rem = &config.remediations[0];
    assert_eq!(
        rem.automation_assume_role.as_deref(),
        Some("arn:aws:iam::111122223333:role/remediate")
    );
    assert_eq!(
        (rem.target_type.as_str(), rem.retry_attempt_seconds),
        ("SSM_DOCUMENT", Some(60))
    );
    assert_eq!(rem.executions.value().unwrap()[0].state, "SUCCEEDED");
    let doc = &account.ssm.as_ref().unwrap().documents[0];
    assert_eq!(
        (doc.region.as_str(), doc.name.as_str()),
        ("us-east-1", "AWS-ConfigureS3BucketLogging"),
        "the referenced document, described in the remediation's region"
    );
    assert_eq!(doc.info.value().unwrap().document_type, "Automation");

    let f = judge(&account, "config-recorder-enabled");
    expect(
        &f,
        &rec.arn,
        Status::Pass,
        "recorder default is recording in us-east-1 and delivering to bucket config-bucket",
    );
    let rule_arn = config.rules[0].arn.clone();
    let account = with_sections(account, remediation_role());
    let f = judge(&account, "config-remediation");
    expect(
        &f,
        &rule_arn,
        Status::Pass,
        "remediates automatically with AWS-ConfigureS3BucketLogging through role remediate",
    );
}

#[tokio::test]
async fn config_missing_document_fails_and_unreadable_remediations_blind_the_region() {
    let missing = mock!(aws_sdk_ssm::Client::describe_document).then_http_response(|| {
        http(
            400,
            r#"{"__type":"InvalidDocument","message":"The specified document does not exist."}"#,
        )
    });
    let (account, _) = collect_config(&config_rules(missing, remediation_configurations())).await;
    assert!(matches!(
        account.ssm.as_ref().unwrap().documents[0].info,
        Collected::Absent
    ));
    let account = with_sections(account, remediation_role());
    let rule_arn = format!("arn:aws:config:us-east-1:{ACCOUNT}:config-rule/config-rule-k2");
    let f = judge(&account, "config-remediation");
    expect(
        &f,
        &rule_arn,
        Status::Fail,
        "the remediation document AWS-ConfigureS3BucketLogging does not exist in us-east-1",
    );

    // A throttled document read is unknown, not missing.
    let throttled =
        mock!(aws_sdk_ssm::Client::describe_document).then_http_response(|| http(400, THROTTLED));
    let (account, _) = collect_config(&config_rules(throttled, remediation_configurations())).await;
    let account = with_sections(account, remediation_role());
    let f = judge(&account, "config-remediation");
    expect(
        &f,
        &rule_arn,
        Status::Error,
        "throttled: DescribeDocument (ThrottlingException)",
    );

    // Remediations that cannot be read: recorders and rules are kept, Config
    // is blind in the region, and no rule reads as unremediated.
    let denied = mock!(aws_sdk_config::Client::describe_remediation_configurations)
        .then_http_response(|| http(400, DENIED));
    let (account, _) = collect_config(&config_rules(automation_document(), denied)).await;
    let config = account.config.as_ref().unwrap();
    assert_eq!((config.recorders.len(), config.rules.len()), (1, 1));
    let e = &account.collection_errors[0];
    assert_eq!(
        (
            e.service.as_str(),
            e.error.operation.as_str(),
            e.error.code.as_str()
        ),
        (
            "config",
            "DescribeRemediationConfigurations",
            "AccessDeniedException"
        )
    );
    let account = with_sections(account, remediation_role());
    let f = judge(&account, "config-remediation");
    assert!(f.iter().all(|x| x.status == Status::Error), "{f:#?}");
    expect(
        &f,
        &format!("arn:aws:config:us-east-1:{ACCOUNT}"),
        Status::Error,
        "DescribeRemediationConfigurations failed: AccessDeniedException",
    );
}

#[tokio::test]
async fn config_status_calls_failing_make_every_status_unknown() {
    let mut rules = config_rules(automation_document(), remediation_configurations());
    rules.remove(1); // the recorder status
    rules.push(
        mock!(aws_sdk_config::Client::describe_configuration_recorder_status)
            .then_http_response(|| http(500, "")),
    );
    let (account, s) = collect_config(&rules).await;
    let rec = &account.config.as_ref().unwrap().recorders[0];
    assert_eq!(rec.status.error().unwrap().code, "Http500");
    assert_eq!(s.stats.errors(), 1);
    let f = judge(&account, "config-recorder-enabled");
    expect(
        &f,
        &rec.arn,
        Status::Error,
        "DescribeConfigurationRecorderStatus failed: Http500",
    );

    // A recorder the status call does not mention has never been started.
    let mut rules = config_rules(automation_document(), remediation_configurations());
    rules.remove(1);
    rules.push(
        mock!(aws_sdk_config::Client::describe_configuration_recorder_status).then_output(|| {
            aws_sdk_config::operation::describe_configuration_recorder_status::DescribeConfigurationRecorderStatusOutput::builder().build()
        }),
    );
    let (account, _) = collect_config(&rules).await;
    let rec = &account.config.as_ref().unwrap().recorders[0];
    assert!(matches!(rec.status, Collected::Absent));
    let f = judge(&account, "config-recorder-enabled");
    expect(
        &f,
        &rec.arn,
        Status::Fail,
        "recorder default has never been started",
    );
}

const LINKED_RECORDER: &str =
    "arn:aws:config:us-east-1:111122223333:configuration-recorder/AWSConfigurationRecorderForSecurityHub/f00";

/// `ListConfigurationRecorders` with the customer managed recorder and a
/// service-linked one, which is described and its status read by ARN.
fn linked_recorder_rules() -> Vec<Rule> {
    use aws_sdk_config::operation::*;
    use aws_sdk_config::types::*;
    let summary = |arn: &str, name: &str, principal: Option<&str>| {
        ConfigurationRecorderSummary::builder()
            .arn(arn)
            .name(name)
            .set_service_principal(principal.map(str::to_string))
            .recording_scope(RecordingScope::Paid)
            .build()
            .unwrap()
    };
    vec![
        mock!(aws_sdk_config::Client::list_configuration_recorders).then_output(move || {
            list_configuration_recorders::ListConfigurationRecordersOutput::builder()
                .configuration_recorder_summaries(summary(
                    &format!("arn:aws:config:us-east-1:{ACCOUNT}:configuration-recorder/default/abc"),
                    "default",
                    None,
                ))
                .configuration_recorder_summaries(summary(
                    LINKED_RECORDER,
                    "AWSConfigurationRecorderForSecurityHub",
                    Some("securityhub.amazonaws.com"),
                ))
                .build()
                .unwrap()
        }),
        mock!(aws_sdk_config::Client::describe_configuration_recorders)
            .match_requests(|r| r.arn() == Some(LINKED_RECORDER))
            .then_output(|| {
                describe_configuration_recorders::DescribeConfigurationRecordersOutput::builder()
                    .configuration_recorders(
                        ConfigurationRecorder::builder()
                            .arn(LINKED_RECORDER)
                            .name("AWSConfigurationRecorderForSecurityHub")
                            .service_principal("securityhub.amazonaws.com")
                            .recording_scope(RecordingScope::Paid)
                            .recording_group(
                                RecordingGroup::builder()
                                    .resource_types(ResourceType::Bucket)
                                    .build(),
                            )
                            .build(),
                    )
                    .build()
            }),
        mock!(aws_sdk_config::Client::describe_configuration_recorder_status)
            .match_requests(|r| r.arn() == Some(LINKED_RECORDER))
            .then_output(|| {
                describe_configuration_recorder_status::DescribeConfigurationRecorderStatusOutput::builder()
                    .configuration_recorders_status(
                        ConfigurationRecorderStatus::builder()
                            .arn(LINKED_RECORDER)
                            .name("AWSConfigurationRecorderForSecurityHub")
                            .service_principal("securityhub.amazonaws.com")
                            .recording(true)
                            .last_status(RecorderStatus::Success)
                            .build(),
                    )
                    .build()
            }),
    ]
}

#[tokio::test]
async fn config_service_linked_recorders_are_listed_described_and_judged() {
    let mut rules = linked_recorder_rules();
    rules.extend(config_rules(
        automation_document(),
        remediation_configurations(),
    ));
    let (account, s) = collect_config(&rules).await;
    assert!(
        account.collection_errors.is_empty(),
        "{:?}",
        account.collection_errors
    );
    assert_eq!(s.stats.errors(), 0);
    let config = account.config.as_ref().unwrap();
    assert_eq!(config.recorders.len(), 1, "the customer managed recorder");
    assert_eq!(config.recorders[0].service_principal, None);
    let linked = &config.service_linked_recorders;
    assert_eq!(linked.len(), 1, "{linked:#?}");
    assert_eq!(linked[0].arn, LINKED_RECORDER);
    assert_eq!(
        (
            linked[0].service_principal.as_deref(),
            linked[0].recording_scope.as_deref()
        ),
        (Some("securityhub.amazonaws.com"), Some("PAID"))
    );
    assert_eq!(
        linked[0].recording_group.resource_types,
        ["AWS::S3::Bucket"]
    );
    assert!(linked[0].status.value().unwrap().recording);
    let f = judge(&account, "config-recorder-enabled");
    expect(
        &f,
        &config.recorders[0].arn,
        Status::Pass,
        "(note: service-linked recorders present: AWSConfigurationRecorderForSecurityHub (securityhub.amazonaws.com))",
    );

    // Deleted between the listing and its description: gone, no error.
    let mut rules = linked_recorder_rules();
    rules[1] = mock!(aws_sdk_config::Client::describe_configuration_recorders)
        .match_requests(|r| r.arn() == Some(LINKED_RECORDER))
        .then_http_response(|| {
            http(
                400,
                r#"{"__type":"NoSuchConfigurationRecorderException","message":"gone"}"#,
            )
        });
    rules.extend(config_rules(
        automation_document(),
        remediation_configurations(),
    ));
    let (account, _) = collect_config(&rules).await;
    assert!(
        account.collection_errors.is_empty(),
        "{:?}",
        account.collection_errors
    );
    let config = account.config.as_ref().unwrap();
    assert!(config.service_linked_recorders.is_empty());
}

/// moto's 500 (retried), a policy without the action, a throttled listing:
/// only the service-linked part is unread. The customer managed recorder,
/// the delivery channel, the rules and the remediations are read and
/// judged; nothing fails for it.
#[tokio::test]
async fn config_service_linked_listing_failing_blinds_only_that_part() {
    type Failure = (fn() -> HttpResponse, &'static str, usize);
    let failures: [Failure; 3] = [
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
    ];
    for (response, code, attempts) in failures {
        let failed = mock!(aws_sdk_config::Client::list_configuration_recorders)
            .then_http_response(response);
        let mut rules = vec![failed];
        rules.extend(config_rules(
            automation_document(),
            remediation_configurations(),
        ));
        let (account, _) = collect_config(&rules).await;
        assert_eq!(rules[0].num_calls(), attempts, "{code}: attempts");
        let config = account.config.as_ref().unwrap();
        assert_eq!(
            (
                config.recorders.len(),
                config.delivery_channels.len(),
                config.rules.len(),
                config.remediations.len()
            ),
            (1, 1, 1, 1),
            "{code}: everything else is read"
        );
        assert!(config.service_linked_recorders.is_empty());
        let [e] = account.collection_errors.as_slice() else {
            panic!("{code}: {:?}", account.collection_errors);
        };
        assert_eq!(
            (
                e.service.as_str(),
                e.part.as_deref(),
                e.error.operation.as_str(),
                e.error.code.as_str()
            ),
            (
                "config",
                Some("service_linked_recorders"),
                "ListConfigurationRecorders",
                code
            )
        );
        let f = judge(&account, "config-recorder-enabled");
        assert_eq!(
            f.len(),
            2,
            "{code}: the region and the global types, no engine ERROR: {f:#?}"
        );
        expect(
            &f,
            &config.recorders[0].arn,
            Status::Pass,
            "all supported resource types are recorded (note: service-linked recorders could not be listed: ",
        );
        let rule_arn = config.rules[0].arn.clone();
        let account = with_sections(account, remediation_role());
        let f = judge(&account, "config-remediation");
        expect(&f, &rule_arn, Status::Pass, "remediates automatically");
    }

    // A listed recorder that cannot be described: what it records is
    // unknown, so the part is unread; the customer recorder stays judged.
    let mut rules = linked_recorder_rules();
    rules[1] = mock!(aws_sdk_config::Client::describe_configuration_recorders)
        .match_requests(|r| r.arn() == Some(LINKED_RECORDER))
        .then_http_response(|| http(400, DENIED));
    rules.extend(config_rules(
        automation_document(),
        remediation_configurations(),
    ));
    let (account, _) = collect_config(&rules).await;
    let config = account.config.as_ref().unwrap();
    assert_eq!(config.recorders.len(), 1);
    assert!(config.service_linked_recorders.is_empty());
    let e = &account.collection_errors[0];
    assert_eq!(
        (e.part.as_deref(), e.error.operation.as_str()),
        (
            Some("service_linked_recorders"),
            "DescribeConfigurationRecorders"
        )
    );
    let f = judge(&account, "config-recorder-enabled");
    expect(
        &f,
        &config.recorders[0].arn,
        Status::Pass,
        "DescribeConfigurationRecorders failed: AccessDeniedException",
    );
}

fn detector_rules(get: Rule) -> Vec<Rule> {
    vec![
        mock!(aws_sdk_guardduty::Client::list_detectors).then_output(|| {
            aws_sdk_guardduty::operation::list_detectors::ListDetectorsOutput::builder()
                .detector_ids("d1")
                .build()
        }),
        get,
        // Not the organization's GuardDuty administrator; no members,
        // findings or filters.
        mock!(aws_sdk_guardduty::Client::describe_organization_configuration)
            .then_http_response(|| http(400, r#"{"__type":"BadRequestException","message":"The request is rejected because the current account is not the GuardDuty administrator account."}"#)),
        mock!(aws_sdk_guardduty::Client::list_members).then_output(|| {
            aws_sdk_guardduty::operation::list_members::ListMembersOutput::builder().build()
        }),
        mock!(aws_sdk_guardduty::Client::list_findings).then_output(|| {
            aws_sdk_guardduty::operation::list_findings::ListFindingsOutput::builder()
                .set_finding_ids(Some(vec![]))
                .build()
        }),
        mock!(aws_sdk_guardduty::Client::list_filters).then_output(|| {
            aws_sdk_guardduty::operation::list_filters::ListFiltersOutput::builder()
                .set_filter_names(Some(vec![]))
                .build()
        }),
    ]
}

fn detector(status: aws_sdk_guardduty::types::DetectorStatus) -> Rule {
    use aws_sdk_guardduty::types::{
        DetectorFeatureConfigurationResult, DetectorFeatureResult, FeatureStatus,
    };
    mock!(aws_sdk_guardduty::Client::get_detector).then_output(move || {
        aws_sdk_guardduty::operation::get_detector::GetDetectorOutput::builder()
            .status(status.clone())
            .service_role("arn:aws:iam::111122223333:role/aws-service-role/guardduty")
            .features(
                DetectorFeatureConfigurationResult::builder()
                    .name(DetectorFeatureResult::S3DataEvents)
                    .status(FeatureStatus::Disabled)
                    .build(),
            )
            .tags("team", "sec")
            .build()
    })
}

/// Empty sections for what guardduty-enabled counts besides detectors.
fn guardduty_neighbours() -> Value {
    json!({"s3": {}, "eks": {}, "ec2": {}, "rds": {}, "lambda": {}})
}

#[tokio::test]
async fn guardduty_enabled_both_verdicts_and_errors() {
    use aws_sdk_guardduty::types::DetectorStatus;
    let arn = format!("arn:aws:guardduty:us-east-1:{ACCOUNT}:detector/d1");
    let rules = detector_rules(detector(DetectorStatus::Enabled));
    let s = session(&rules.iter().collect::<Vec<_>>());
    let account = collect(&s, &["guardduty"]).await;
    let d = &account.guardduty.as_ref().unwrap().detectors[0];
    assert_eq!((d.arn.as_str(), d.id.as_str()), (arn.as_str(), "d1"));
    assert_eq!(d.tags.get("team").map(String::as_str), Some("sec"));
    let details = d.details.value().unwrap();
    assert_eq!(details.features[0].name, "S3_DATA_EVENTS");
    let account = with_sections(account, guardduty_neighbours());
    let f = judge(&account, "guardduty-enabled");
    expect(&f, &arn, Status::Pass, "GuardDuty is enabled in us-east-1");

    let rules = detector_rules(detector(DetectorStatus::Disabled));
    let s = session(&rules.iter().collect::<Vec<_>>());
    let account = with_sections(collect(&s, &["guardduty"]).await, guardduty_neighbours());
    let f = judge(&account, "guardduty-enabled");
    expect(
        &f,
        &arn,
        Status::Fail,
        "detector d1 in us-east-1 is DISABLED, not ENABLED",
    );

    // No detector at all: the region fails.
    let none = mock!(aws_sdk_guardduty::Client::list_detectors).then_output(|| {
        aws_sdk_guardduty::operation::list_detectors::ListDetectorsOutput::builder()
            .set_detector_ids(Some(vec![]))
            .build()
    });
    let s = session(&[&none]);
    let account = with_sections(collect(&s, &["guardduty"]).await, guardduty_neighbours());
    let f = judge(&account, "guardduty-enabled");
    expect(
        &f,
        &format!("arn:aws:guardduty:us-east-1:{ACCOUNT}"),
        Status::Fail,
        "no GuardDuty detector in us-east-1",
    );

    // GetDetector: throttled, a 5xx, and a detector gone since it was listed.
    for (code, body, status, needle) in [
        (
            429,
            THROTTLED,
            Status::Error,
            "throttled: GetDetector (ThrottlingException)",
        ),
        (
            500,
            r#"{"__type":"InternalServerErrorException","message":"oops"}"#,
            Status::Error,
            "GetDetector failed: InternalServerErrorException",
        ),
        (
            400,
            r#"{"__type":"BadRequestException","message":"The request is rejected because the input detectorId is not owned by the current account."}"#,
            Status::Fail,
            "no longer exists",
        ),
    ] {
        let get = mock!(aws_sdk_guardduty::Client::get_detector)
            .then_http_response(move || http(code, body));
        let rules = detector_rules(get);
        let s = session(&rules.iter().collect::<Vec<_>>());
        let account = with_sections(collect(&s, &["guardduty"]).await, guardduty_neighbours());
        let f = judge(&account, "guardduty-enabled");
        expect(&f, &arn, status, needle);
    }
}

fn secrets_rules(describe: Rule) -> Vec<Rule> {
    use aws_sdk_secretsmanager::operation::*;
    use aws_sdk_secretsmanager::types::{RotationRulesType, SecretListEntry, Tag};
    vec![
        mock!(aws_sdk_secretsmanager::Client::list_secrets).then_output(|| {
            list_secrets::ListSecretsOutput::builder()
                .secret_list(
                    SecretListEntry::builder()
                        .arn(format!(
                            "arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:app/db-aB3dEf"
                        ))
                        .name("app/db")
                        .rotation_enabled(true)
                        .rotation_rules(
                            RotationRulesType::builder()
                                .automatically_after_days(30)
                                .duration("4h")
                                .build(),
                        )
                        .last_rotated_date(secs_ago(86_400))
                        .created_date(secs_ago(400 * 86_400))
                        .kms_key_id(KEY)
                        .tags(Tag::builder().key("dr-tier").value("multi-region").build())
                        .build(),
                )
                .secret_list(
                    SecretListEntry::builder()
                        .arn(format!(
                            "arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:app/static-Gh5iJk"
                        ))
                        .name("app/static")
                        .created_date(secs_ago(400 * 86_400))
                        .build(),
                )
                .build()
        }),
        describe,
        mock!(aws_sdk_secretsmanager::Client::get_resource_policy)
            .then_output(|| get_resource_policy::GetResourcePolicyOutput::builder().build()),
    ]
}

#[tokio::test]
async fn secretsmanager_rotation_both_verdicts_and_unknown_replication() {
    use aws_sdk_secretsmanager::types::{ReplicationStatusType, StatusType};
    let db = format!("arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:app/db-aB3dEf");
    let fixed = format!("arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:app/static-Gh5iJk");
    let describe = mock!(aws_sdk_secretsmanager::Client::describe_secret).then_output(|| {
        aws_sdk_secretsmanager::operation::describe_secret::DescribeSecretOutput::builder()
            .replication_status(
                ReplicationStatusType::builder()
                    .region("eu-west-1")
                    .status(StatusType::InSync)
                    .build(),
            )
            .build()
    });
    let rules = secrets_rules(describe);
    let s = session(&rules.iter().collect::<Vec<_>>());
    let account = collect(&s, &["secretsmanager"]).await;
    assert!(account.collection_errors.is_empty());
    let secrets = &account.secretsmanager.as_ref().unwrap().secrets;
    let app = &secrets[0];
    let rotation = app.rotation_rules.as_ref().unwrap();
    assert_eq!(rotation.automatically_after_days, Some(30));
    assert_eq!(rotation.duration.as_deref(), Some("4h"));
    assert_eq!(app.replication_status[0].status, "InSync");
    assert!(
        matches!(app.policy, Collected::Absent),
        "no resource policy"
    );
    assert_eq!(app.kms_key_id.as_deref(), Some(KEY));
    let account = with_sections(account, json!({"lambda": {}}));
    let f = judge(&account, "secretsmanager-rotation");
    expect(&f, &db, Status::Pass, "secret app/db rotates every 30 days");
    expect(&f, &fixed, Status::Fail, "rotation is disabled");

    // DescribeSecret throttled: the secrets are kept, their replication is
    // unknown, so Secrets Manager is blind in the region.
    let throttled = mock!(aws_sdk_secretsmanager::Client::describe_secret)
        .then_http_response(|| http(400, THROTTLED));
    let rules = secrets_rules(throttled);
    let s = session(&rules.iter().collect::<Vec<_>>());
    let account = collect(&s, &["secretsmanager"]).await;
    assert_eq!(account.secretsmanager.as_ref().unwrap().secrets.len(), 2);
    let e = &account.collection_errors[0];
    assert_eq!(
        (
            e.service.as_str(),
            e.error.operation.as_str(),
            e.error.code.as_str()
        ),
        ("secretsmanager", "DescribeSecret", "ThrottlingException")
    );
    let f = judge(
        &with_sections(account, json!({"lambda": {}})),
        "secretsmanager-rotation",
    );
    expect(
        &f,
        &format!("arn:aws:secretsmanager:us-east-1:{ACCOUNT}"),
        Status::Error,
        "throttled: DescribeSecret",
    );
    expect(&f, &fixed, Status::Fail, "rotation is disabled");
}

fn queue_url(name: &str) -> String {
    format!("https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/{name}")
}

fn queue_arn(name: &str) -> String {
    format!("arn:aws:sqs:us-east-1:{ACCOUNT}:{name}")
}

#[tokio::test]
async fn sqs_redrive_allow_policy_deleted_queues_and_bad_documents() {
    use aws_sdk_sqs::operation::get_queue_attributes::GetQueueAttributesOutput;
    use aws_sdk_sqs::types::QueueAttributeName as A;
    let list = mock!(aws_sdk_sqs::Client::list_queues).then_output(|| {
        aws_sdk_sqs::operation::list_queues::ListQueuesOutput::builder()
            .set_queue_urls(Some(
                ["orders", "orders-dlq", "gone", "garbled"]
                    .iter()
                    .map(|q| queue_url(q))
                    .collect(),
            ))
            .build()
    });
    let attrs = |pairs: Vec<(A, String)>| {
        let mut b = GetQueueAttributesOutput::builder();
        for (k, v) in pairs {
            b = b.attributes(k, v);
        }
        b.build()
    };
    let orders = mock!(aws_sdk_sqs::Client::get_queue_attributes)
        .match_requests(|r| r.queue_url() == Some(&queue_url("orders")))
        .then_output(move || {
            attrs(vec![
                (A::MessageRetentionPeriod, "345600".into()),
                (
                    A::RedrivePolicy,
                    // maxReceiveCount as a string, as some SDKs write it.
                    json!({"deadLetterTargetArn": queue_arn("orders-dlq"), "maxReceiveCount": "5"})
                        .to_string(),
                ),
            ])
        });
    let dlq = mock!(aws_sdk_sqs::Client::get_queue_attributes)
        .match_requests(|r| r.queue_url() == Some(&queue_url("orders-dlq")))
        .then_output(move || {
            attrs(vec![
                (A::MessageRetentionPeriod, "1209600".into()),
                (A::FifoQueue, "false".into()),
                (
                    A::RedriveAllowPolicy,
                    json!({"redrivePermission": "byQueue", "sourceQueueArns": [queue_arn("other")]}).to_string(),
                ),
            ])
        });
    let gone = mock!(aws_sdk_sqs::Client::get_queue_attributes)
        .match_requests(|r| r.queue_url() == Some(&queue_url("gone")))
        .then_http_response(|| {
            http(400, r#"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}"#)
        });
    let garbled = mock!(aws_sdk_sqs::Client::get_queue_attributes)
        .match_requests(|r| r.queue_url() == Some(&queue_url("garbled")))
        .then_output(move || {
            attrs(vec![
                (A::MessageRetentionPeriod, "345600".into()),
                (A::RedrivePolicy, "not json".into()),
            ])
        });
    let tags = mock!(aws_sdk_sqs::Client::list_queue_tags).then_output(|| {
        aws_sdk_sqs::operation::list_queue_tags::ListQueueTagsOutput::builder()
            .tags("team", "orders")
            .build()
    });
    let s = session(&[&list, &orders, &dlq, &gone, &garbled, &tags]);
    let account = collect(&s, &["sqs"]).await;
    let queues = &account.sqs.as_ref().unwrap().queues;
    let q = |name: &str| queues.iter().find(|q| q.name == name).unwrap();
    assert_eq!(q("orders").arn, queue_arn("orders"));
    assert_eq!(
        q("orders").tags.get("team").map(String::as_str),
        Some("orders")
    );
    let allow = q("orders-dlq")
        .attributes
        .value()
        .unwrap()
        .redrive_allow_policy
        .clone()
        .unwrap();
    assert_eq!(allow.redrive_permission, "byQueue");
    assert_eq!(allow.source_queue_arns, [queue_arn("other")]);
    assert!(matches!(q("gone").attributes, Collected::Absent));
    let err = q("garbled").attributes.error().unwrap();
    assert_eq!(
        (err.operation.as_str(), err.code.as_str()),
        ("GetQueueAttributes", "InvalidResponse")
    );
    let f = judge(&account, "sqs-dlq-configured");
    expect(
        &f,
        &queue_arn("orders"),
        Status::Fail,
        "(byQueue) does not list this queue",
    );
    expect(&f, &queue_arn("gone"), Status::Skip, "no longer exists");
    expect(
        &f,
        &queue_arn("garbled"),
        Status::Error,
        "RedrivePolicy is not a valid JSON document",
    );

    // A throttled attribute read is an error on that queue only.
    let throttled = mock!(aws_sdk_sqs::Client::get_queue_attributes)
        .match_requests(|r| r.queue_url() == Some(&queue_url("orders")))
        .then_http_response(|| {
            http(
                400,
                r#"{"__type":"com.amazonaws.sqs#RequestThrottled","message":"slow down"}"#,
            )
        });
    let s = session(&[&list, &throttled, &dlq, &gone, &garbled, &tags]);
    let account = collect(&s, &["sqs"]).await;
    assert_eq!(throttled.num_calls(), ATTEMPTS as usize);
    let queues = &account.sqs.as_ref().unwrap().queues;
    assert!(queues.iter().filter(|q| q.name != "orders").all(|q| q
        .attributes
        .error()
        .is_none_or(|e| e.code == "InvalidResponse")));
    let f = judge(&account, "sqs-dlq-configured");
    expect(
        &f,
        &queue_arn("orders"),
        Status::Error,
        "throttled: GetQueueAttributes (RequestThrottled)",
    );
}

#[tokio::test]
async fn waf_firehose_and_sns_per_resource_failures() {
    use aws_sdk_wafv2::types::{
        FieldToMatch, Filter, FilterBehavior, FilterRequirement, LoggingConfiguration,
        LoggingFilter, SingleHeader, WebAclSummary,
    };
    let acl = |name: &str| format!("arn:aws:wafv2:us-east-1:{ACCOUNT}:regional/webacl/{name}/1");
    let list = mock!(aws_sdk_wafv2::Client::list_web_acls).then_compute_output(move |r| {
        let b = aws_sdk_wafv2::operation::list_web_acls::ListWebAcLsOutput::builder();
        if r.scope() == Some(&aws_sdk_wafv2::types::Scope::Regional) {
            b.web_acls(
                WebAclSummary::builder()
                    .name("logged")
                    .id("1")
                    .arn(acl("logged"))
                    .build(),
            )
            .web_acls(
                WebAclSummary::builder()
                    .name("broken")
                    .id("1")
                    .arn(acl("broken"))
                    .build(),
            )
            .build()
        } else {
            b.build()
        }
    });
    let logged = mock!(aws_sdk_wafv2::Client::get_logging_configuration)
        .match_requests(move |r| r.resource_arn() == Some(&acl("logged")))
        .then_output(move || {
            aws_sdk_wafv2::operation::get_logging_configuration::GetLoggingConfigurationOutput::builder()
                .logging_configuration(
                    LoggingConfiguration::builder()
                        .resource_arn(acl("logged"))
                        .log_destination_configs("arn:aws:s3:::aws-waf-logs-app/prefix")
                        .redacted_fields(FieldToMatch::builder().single_header(SingleHeader::builder().name("Authorization").build().unwrap()).build())
                        .logging_filter(
                            LoggingFilter::builder()
                                .default_behavior(FilterBehavior::Drop)
                                .filters(
                                    Filter::builder()
                                        .behavior(FilterBehavior::Keep)
                                        .requirement(FilterRequirement::MeetsAny)
                                        .set_conditions(Some(vec![]))
                                        .build()
                                        .unwrap(),
                                )
                                .build()
                                .unwrap(),
                        )
                        .build()
                        .unwrap(),
                )
                .build()
        });
    let broken = mock!(aws_sdk_wafv2::Client::get_logging_configuration).then_http_response(|| {
        http(
            500,
            r#"{"__type":"WAFInternalErrorException","message":"oops"}"#,
        )
    });
    // Both ACLs' tags are denied: each is unread for its ACL alone.
    let tags = mock!(aws_sdk_wafv2::Client::list_tags_for_resource)
        .then_http_response(|| http(400, DENIED));
    // The web ACLs' rules and associations are not what this test is about.
    let definition = mock!(aws_sdk_wafv2::Client::get_web_acl)
        .then_output(|| aws_sdk_wafv2::operation::get_web_acl::GetWebAclOutput::builder().build());
    let associations = mock!(aws_sdk_wafv2::Client::list_resources_for_web_acl).then_output(|| {
        aws_sdk_wafv2::operation::list_resources_for_web_acl::ListResourcesForWebAclOutput::builder(
        )
        .build()
    });
    let s = session(&[&list, &logged, &broken, &tags, &definition, &associations]);
    let account = collect(&s, &["wafv2"]).await;
    let acls = &account.wafv2.as_ref().unwrap().web_acls;
    let cfg = acls[0].logging.value().unwrap();
    assert_eq!(cfg.redacted_fields, ["authorization"]);
    assert_eq!(
        cfg.logging_filter.as_ref().unwrap().filters[0].behavior,
        "KEEP"
    );
    assert!(acls[0].tags.is_empty(), "unread tags hold nothing");
    assert!(
        account
            .collection_errors
            .iter()
            .filter(|e| e.part.as_deref() == Some("web_acls.tags"))
            .filter_map(|e| e.resource.clone())
            .collect::<Vec<_>>()
            == [acl("broken"), acl("logged")],
        "each ACL's tags are unread, not read as none: {:?}",
        account.collection_errors
    );
    assert_eq!(
        s.stats.errors(),
        3,
        "two tag reads and one logging read failed"
    );
    // Whether a web ACL is in scope is unknown without its tags: ERROR
    // (its logging, read, would pass), never PASS or SKIP.
    let f = judge(&account, "waf-logging-enabled");
    expect(
        &f,
        &acl("logged"),
        Status::Error,
        "its tags could not be read, so whether it is in scope (production, exempt) is unknown: ListTagsForResource failed: AccessDeniedException",
    );
    // With its tags read, its logging passes.
    let mut tagged = account.clone();
    tagged
        .collection_errors
        .retain(|e| e.part.as_deref() != Some("web_acls.tags"));
    expect(
        &judge(&tagged, "waf-logging-enabled"),
        &acl("logged"),
        Status::Pass,
        "redacts the authorization header(s), good",
    );
    expect(
        &f,
        &acl("broken"),
        Status::Error,
        "GetLoggingConfiguration failed: WAFInternalErrorException",
    );

    // Firehose: a stream that cannot be described blinds the region.
    let streams = mock!(aws_sdk_firehose::Client::list_delivery_streams).then_output(|| {
        aws_sdk_firehose::operation::list_delivery_streams::ListDeliveryStreamsOutput::builder()
            .delivery_stream_names("aws-waf-logs-app")
            .has_more_delivery_streams(false)
            .build()
            .unwrap()
    });
    let describe = mock!(aws_sdk_firehose::Client::describe_delivery_stream)
        .then_http_response(|| http(400, THROTTLED));
    let s = session(&[&streams, &describe]);
    let account = collect(&s, &["firehose"]).await;
    assert!(account
        .firehose
        .as_ref()
        .unwrap()
        .delivery_streams
        .is_empty());
    assert_eq!(
        account.collection_errors[0].error.operation,
        "DescribeDeliveryStream"
    );
    assert_eq!(account.collection_errors[0].service, "firehose");

    // SNS: a topic deleted since it was listed has no subscriptions.
    let topics = mock!(aws_sdk_sns::Client::list_topics).then_output(|| {
        aws_sdk_sns::operation::list_topics::ListTopicsOutput::builder()
            .topics(
                aws_sdk_sns::types::Topic::builder()
                    .topic_arn(TOPIC)
                    .build(),
            )
            .build()
    });
    let gone = mock!(aws_sdk_sns::Client::list_subscriptions_by_topic).then_http_response(|| {
        http(404, r#"<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>r</RequestId></ErrorResponse>"#)
    });
    let s = session(&[&topics, &gone]);
    let account = collect(&s, &["sns"]).await;
    assert!(matches!(
        account.sns.as_ref().unwrap().topics[0].subscriptions,
        Collected::Absent
    ));
    assert_eq!(s.stats.errors(), 0);
}

#[tokio::test]
async fn access_denied_on_each_list_call_blinds_that_service_in_the_region() {
    let sns_denied = r#"<ErrorResponse><Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>not authorized</Message></Error><RequestId>r</RequestId></ErrorResponse>"#;
    let cases: Vec<(&str, Rule, &str, &str)> = vec![
        (
            "cloudtrail",
            mock!(aws_sdk_cloudtrail::Client::describe_trails)
                .then_http_response(|| http(400, DENIED)),
            "DescribeTrails",
            "AccessDeniedException",
        ),
        (
            "logs",
            mock!(aws_sdk_cloudwatchlogs::Client::describe_log_groups)
                .then_http_response(|| http(400, DENIED)),
            "DescribeLogGroups",
            "AccessDeniedException",
        ),
        (
            "sns",
            mock!(aws_sdk_sns::Client::list_topics)
                .then_http_response(move || http(403, sns_denied)),
            "ListTopics",
            "AuthorizationError",
        ),
        (
            "sqs",
            mock!(aws_sdk_sqs::Client::list_queues).then_http_response(|| http(400, DENIED)),
            "ListQueues",
            "AccessDeniedException",
        ),
        (
            "config",
            mock!(aws_sdk_config::Client::describe_configuration_recorders)
                .then_http_response(|| http(400, DENIED)),
            "DescribeConfigurationRecorders",
            "AccessDeniedException",
        ),
        (
            "wafv2",
            mock!(aws_sdk_wafv2::Client::list_web_acls).then_http_response(|| http(400, DENIED)),
            "ListWebACLs",
            "AccessDeniedException",
        ),
        (
            "firehose",
            mock!(aws_sdk_firehose::Client::list_delivery_streams)
                .then_http_response(|| http(400, DENIED)),
            "ListDeliveryStreams",
            "AccessDeniedException",
        ),
        (
            "guardduty",
            mock!(aws_sdk_guardduty::Client::list_detectors)
                .then_http_response(|| http(403, DENIED)),
            "ListDetectors",
            "AccessDeniedException",
        ),
        (
            "secretsmanager",
            mock!(aws_sdk_secretsmanager::Client::list_secrets)
                .then_http_response(|| http(400, DENIED)),
            "ListSecrets",
            "AccessDeniedException",
        ),
    ];
    for (section, rule, operation, code) in cases {
        let s = session(&[&rule]);
        let account = collect(&s, &[section]).await;
        assert_eq!(
            rule.num_calls(),
            1,
            "{section}: AccessDenied is not retried"
        );
        assert!(
            account.has_section(section),
            "{section}: the section exists, empty"
        );
        let e = &account.collection_errors;
        assert_eq!(e.len(), 1, "{section}: {e:?}");
        assert_eq!(
            (
                e[0].service.as_str(),
                e[0].region.as_str(),
                e[0].error.operation.as_str(),
                e[0].error.code.as_str()
            ),
            (section, "us-east-1", operation, code)
        );
    }
}

#[test]
fn queue_urls_give_owner_and_name() {
    assert_eq!(
        sqs::owner_and_name(
            "https://sqs.eu-west-1.amazonaws.com/444455556666/jobs.fifo",
            ACCOUNT
        ),
        ("444455556666".to_string(), "jobs.fifo".to_string())
    );
    assert_eq!(
        sqs::owner_and_name("http://localhost:4566/queue/jobs", ACCOUNT),
        (ACCOUNT.to_string(), "jobs".to_string())
    );
}

/// CloudWatch alarms through the SDK (moto 5.2.5 does not speak
/// CloudWatch's CBOR protocol): composite rules, target-tracking names,
/// state age and topics that reach someone or nobody.
#[tokio::test]
async fn alarm_actions_rules_and_state_age_feed_the_alarm_actions_check() {
    use aws_sdk_cloudwatch::operation::describe_alarms::DescribeAlarmsOutput;
    use aws_sdk_cloudwatch::types::{CompositeAlarm, MetricAlarm, StateValue};
    use aws_sdk_sns::operation::{list_subscriptions_by_topic, list_topics};
    const OPS: &str = "arn:aws:sns:us-east-1:111122223333:ops";
    const SILENT: &str = "arn:aws:sns:us-east-1:111122223333:silent";
    let weeks_ago =
        aws_smithy_types::DateTime::from_secs(chrono::Utc::now().timestamp() - 30 * 86_400);
    let alarms = mock!(aws_sdk_cloudwatch::Client::describe_alarms).then_output(move || {
        let metric = |name: &str, actions: &[&str], state: StateValue| {
            MetricAlarm::builder()
                .alarm_name(name)
                .namespace("AWS/ApplicationELB")
                .metric_name("HTTPCode_Target_5XX_Count")
                .actions_enabled(true)
                .set_alarm_actions(Some(actions.iter().map(|a| a.to_string()).collect()))
                .state_value(state)
                .state_updated_timestamp(weeks_ago)
                .build()
        };
        DescribeAlarmsOutput::builder()
            .metric_alarms(metric("checkout-5xx", &[OPS], StateValue::Ok))
            .metric_alarms(metric("queue-depth", &[OPS], StateValue::InsufficientData))
            .metric_alarms(metric(
                "TargetTracking-web-AlarmHigh-1",
                &[],
                StateValue::Ok,
            ))
            .metric_alarms(metric("latency", &[], StateValue::Ok))
            .metric_alarms(metric("orphan", &[], StateValue::Ok))
            .composite_alarms(
                CompositeAlarm::builder()
                    .alarm_name("service-health")
                    .alarm_rule("ALARM(\"latency\") OR ALARM(checkout-5xx)")
                    .actions_enabled(true)
                    .alarm_actions(SILENT)
                    .state_value(StateValue::Ok)
                    .state_updated_timestamp(weeks_ago)
                    .build(),
            )
            .build()
    });
    let topics = mock!(aws_sdk_sns::Client::list_topics).then_output(|| {
        list_topics::ListTopicsOutput::builder()
            .topics(aws_sdk_sns::types::Topic::builder().topic_arn(OPS).build())
            .topics(
                aws_sdk_sns::types::Topic::builder()
                    .topic_arn(SILENT)
                    .build(),
            )
            .build()
    });
    let subscription = |topic: &'static str, arn: String| {
        mock!(aws_sdk_sns::Client::list_subscriptions_by_topic)
            .match_requests(move |r| r.topic_arn() == Some(topic))
            .then_output(move || {
                list_subscriptions_by_topic::ListSubscriptionsByTopicOutput::builder()
                    .subscriptions(
                        aws_sdk_sns::types::Subscription::builder()
                            .subscription_arn(arn.clone())
                            .protocol("email")
                            .build(),
                    )
                    .build()
            })
    };
    let confirmed = subscription(OPS, format!("{OPS}:1f2e"));
    let pending = subscription(SILENT, "PendingConfirmation".to_string());
    let apps = mock!(aws_sdk_codedeploy::Client::list_applications).then_output(|| {
        aws_sdk_codedeploy::operation::list_applications::ListApplicationsOutput::builder().build()
    });
    let s = session(&[&alarms, &topics, &confirmed, &pending, &apps]);
    let account = collect(&s, &["cloudwatch", "sns", "codedeploy"]).await;
    assert!(
        account.collection_errors.is_empty(),
        "{:?}",
        account.collection_errors
    );
    let cw = account.cloudwatch.as_ref().unwrap();
    let health = cw
        .alarms
        .iter()
        .find(|a| a.name == "service-health")
        .unwrap();
    assert_eq!(
        health.alarm_rule.as_deref(),
        Some("ALARM(\"latency\") OR ALARM(checkout-5xx)")
    );
    assert!(cw.alarms.iter().all(|a| a.state_updated.is_some()));

    let alarm = |name: &str| format!("arn:aws:cloudwatch:us-east-1:{ACCOUNT}:alarm:{name}");
    let findings = judge(&account, "cloudwatch-alarm-actions");
    let status = |name: &str| {
        let f = findings
            .iter()
            .find(|f| f.resource_arn == alarm(name))
            .unwrap();
        (f.status, f.reason.clone())
    };
    assert_eq!(
        status("checkout-5xx").0,
        Status::Pass,
        "{:?}",
        status("checkout-5xx")
    );
    let (s, reason) = status("queue-depth");
    assert!(
        s == Status::Fail && reason.contains("in INSUFFICIENT_DATA since"),
        "{reason}"
    );
    let (s, reason) = status("TargetTracking-web-AlarmHigh-1");
    assert!(
        s == Status::Skip && reason.contains("target-tracking"),
        "{reason}"
    );
    let (s, reason) = status("latency");
    assert!(
        s == Status::Skip && reason.contains("composite alarm service-health"),
        "{reason}"
    );
    let (s, reason) = status("orphan");
    assert!(
        s == Status::Fail && reason.contains("notifies no one"),
        "{reason}"
    );
    let (s, reason) = status("service-health");
    assert!(s == Status::Fail && reason.contains(SILENT), "{reason}");
}
