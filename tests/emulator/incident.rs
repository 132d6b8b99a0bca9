//! Incident and event response checks end to end against the emulator:
//! KMS key rotation, CloudTrail data events, SNS subscription
//! redrive, S3 event notification destinations, EC2 automatic recovery and
//! CloudTrail Insights.
//!
//! moto 5.2.5 gaps: `ListEventDataStores` answers an HTML 500 (scans pass
//! `--max-attempts 2`; a bucket no trail covers is then an ERROR, not the
//! advisory: the aws-smithy-mocks tests prove that verdict),
//! `GetKeyRotationStatus` has no `RotationPeriodInDays`, and
//! `DescribeInstances` has no `MaintenanceOptions` (an instance without a
//! recover alarm is then an ERROR: the FAIL is proven with aws-smithy-mocks).

use crate::common::{assert_finding, assert_only_moto_gaps, findings, Lab};
#[allow(unused_imports)]
use crate::sdk::*;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn kms_key_rotation_both_verdicts() {
    let Some(lab) = Lab::new("rotation").await else {
        return;
    };
    let kms = lab.kms("eu-west-1");
    let key = |id: &aws_sdk_kms::operation::create_key::CreateKeyOutput| {
        id.key_metadata().unwrap().key_id().to_string()
    };
    let rotating = key(&kms.create_key().send().await.unwrap());
    kms.enable_key_rotation()
        .key_id(&rotating)
        .send()
        .await
        .unwrap();
    let fixed = key(&kms.create_key().send().await.unwrap());
    let signing = key(&kms
        .create_key()
        .key_spec(aws_sdk_kms::types::KeySpec::EccNistP256)
        .key_usage(aws_sdk_kms::types::KeyUsageType::SignVerify)
        .send()
        .await
        .unwrap());

    let check = "kms-key-rotation";
    let (doc, account) = lab.scan_and_snapshot(check, &["eu-west-1"], &[]);
    let arn = |id: &str| format!("arn:aws:kms:eu-west-1:{}:key/{id}", lab.account);
    assert_finding(
        &doc,
        check,
        &arn(&rotating),
        "pass",
        "automatic key rotation is on",
    );
    assert_finding(
        &doc,
        check,
        &arn(&fixed),
        "fail",
        "automatic key rotation is off",
    );
    assert_finding(
        &doc,
        check,
        &arn(&signing),
        "skip",
        "asymmetric key (ECC_NIST_P256)",
    );
    assert_eq!(findings(&doc, check).len(), 3, "{doc:#}");
    let keys = account["kms"]["keys"].as_array().unwrap();
    let k = keys
        .iter()
        .find(|k| k["key_id"] == rotating.as_str())
        .unwrap();
    assert_eq!(k["metadata"]["value"]["origin"], "AWS_KMS");
    assert_eq!(k["rotation"], json!({"value": {"enabled": true}}));
    let s = keys
        .iter()
        .find(|k| k["key_id"] == signing.as_str())
        .unwrap();
    assert_eq!(s["rotation"], "absent", "not read for an asymmetric key");
}

/// Creates a multi-region trail `name` delivering to a new bucket, logging.
async fn trail(lab: &Lab, ct: &aws_sdk_cloudtrail::Client, name: &str) -> String {
    let bucket = lab.name(name);
    lab.bucket(&bucket).await;
    let arn = ct
        .create_trail()
        .name(name)
        .s3_bucket_name(&bucket)
        .is_multi_region_trail(true)
        .include_global_service_events(true)
        .send()
        .await
        .unwrap()
        .trail_arn()
        .unwrap()
        .to_string();
    crate::observe::log_all_management_events(ct, name).await;
    arn
}

#[tokio::test(flavor = "multi_thread")]
async fn cloudtrail_data_events_verdicts() {
    use aws_sdk_cloudtrail::types::{DataResource, EventSelector};
    let Some(lab) = Lab::new("dataevents").await else {
        return;
    };
    let ct = lab_client!(lab, aws_sdk_cloudtrail, "us-east-1");
    let main = trail(&lab, &ct, "main").await;
    let sensitive = lab.name("orders-pii");
    let other = lab.name("orders-pii-copy");
    for b in [&sensitive, &other] {
        lab.bucket(b).await;
        lab.s3("us-east-1")
            .put_bucket_tagging()
            .bucket(b)
            .tagging(
                aws_sdk_s3::types::Tagging::builder()
                    .tag_set(
                        aws_sdk_s3::types::Tag::builder()
                            .key("data-classification")
                            .value("sensitive")
                            .build()
                            .unwrap(),
                    )
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
    }
    ct.put_event_selectors()
        .trail_name("main")
        .event_selectors(
            EventSelector::builder()
                .read_write_type(aws_sdk_cloudtrail::types::ReadWriteType::All)
                .include_management_events(true)
                .data_resources(
                    DataResource::builder()
                        .r#type("AWS::S3::Object")
                        .values(format!("arn:aws:s3:::{sensitive}/"))
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();

    let (doc, account) = lab.scan_and_snapshot(
        "cloudtrail-data-events",
        &["us-east-1"],
        &["--max-attempts", "2"],
    );
    let data = "cloudtrail-data-events";
    let s3 = |b: &str| format!("arn:aws:s3:::{b}");
    assert_finding(
        &doc,
        data,
        &s3(&sensitive),
        "pass",
        "trail main records read and write data events for every object",
    );
    // moto cannot list event data stores: an uncovered bucket is unknown.
    assert_finding(
        &doc,
        data,
        &s3(&other),
        "error",
        "no source is known to record its data events, and could not evaluate: event data stores could not be read in us-east-1",
    );
    assert_finding(&doc, data, &s3(&lab.name("main")), "skip", "not tagged");
    let t = &account["cloudtrail"]["trails"][0];
    assert_eq!(t["arn"], main.as_str());
    assert_eq!(
        t["event_selectors"]["value"]["basic"][0]["data_resources"],
        json!([{"type": "AWS::S3::Object", "values": [format!("arn:aws:s3:::{sensitive}/")]}])
    );
    assert_eq!(t["insight_selectors"], "absent", "Insights is off");
}

/// Insights on the primary trail passes; a lab whose only trail has none
/// gets the advisory.
#[tokio::test(flavor = "multi_thread")]
async fn cloudtrail_insights_verdicts() {
    use aws_sdk_cloudtrail::types::{InsightSelector, InsightType};
    let check = "cloudtrail-insights";
    for (name, insights) in [("insightson", true), ("insightsoff", false)] {
        let Some(lab) = Lab::new(name).await else {
            return;
        };
        let ct = lab_client!(lab, aws_sdk_cloudtrail, "us-east-1");
        let arn = trail(&lab, &ct, "main").await;
        if insights {
            ct.put_insight_selectors()
                .trail_name("main")
                .insight_selectors(
                    InsightSelector::builder()
                        .insight_type(InsightType::ApiErrorRateInsight)
                        .build(),
                )
                .send()
                .await
                .unwrap();
        }
        let (doc, account) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
        if insights {
            assert_finding(
                &doc,
                check,
                &arn,
                "pass",
                "records CloudTrail Insights events: ApiErrorRateInsight",
            );
            assert_eq!(
                account["cloudtrail"]["trails"][0]["insight_selectors"],
                json!({"value": ["ApiErrorRateInsight"]})
            );
        } else {
            assert_finding(
                &doc,
                check,
                &arn,
                "fail",
                "advisory: CloudTrail Insights is not enabled",
            );
        }
        assert_eq!(findings(&doc, check).len(), 1, "{doc:#}");
    }
}

/// An access policy letting `service` call `action` on `resource`, scoped
/// to `source` when given.
fn service_policy(service: &str, action: &str, resource: &str, source: Option<&str>) -> String {
    let mut statement = json!({"Effect": "Allow", "Principal": {"Service": service},
        "Action": action, "Resource": resource});
    if let Some(source) = source {
        statement["Condition"] = json!({"ArnEquals": {"aws:SourceArn": source}});
    }
    json!({"Version": "2012-10-17", "Statement": [statement]}).to_string()
}

/// Subscribes `endpoint` to `topic` over `protocol`: the subscription's ARN.
async fn subscribe(
    sns: &aws_sdk_sns::Client,
    topic: &str,
    protocol: &str,
    endpoint: &str,
) -> String {
    sns.subscribe()
        .topic_arn(topic)
        .protocol(protocol)
        .endpoint(endpoint)
        .return_subscription_arn(true)
        .send()
        .await
        .unwrap()
        .subscription_arn()
        .unwrap()
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn sns_subscription_dlq_verdicts() {
    use aws_sdk_sqs::types::QueueAttributeName as A;
    let Some(lab) = Lab::new("snsdlq").await else {
        return;
    };
    let sns = lab_client!(lab, aws_sdk_sns, "us-east-1");
    let sqs = lab_client!(lab, aws_sdk_sqs, "us-east-1");
    let queue = |name: &str| format!("arn:aws:sqs:us-east-1:{}:{name}", lab.account);
    let topic = sns
        .create_topic()
        .name("orders-events")
        .tags(
            aws_sdk_sns::types::Tag::builder()
                .key("Environment")
                .value("prod")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .topic_arn()
        .unwrap()
        .to_string();
    let granted = service_policy(
        "sns.amazonaws.com",
        "sqs:SendMessage",
        &queue("worker-dlq"),
        Some(&topic),
    );
    for (name, policy) in [
        ("worker", None),
        ("worker-dlq", Some(granted)),
        ("audit", None),
        ("billing", None),
        ("billing-dlq", None),
    ] {
        let mut req = sqs.create_queue().queue_name(name);
        if let Some(p) = policy {
            req = req.attributes(A::Policy, p);
        }
        req.send().await.unwrap();
    }
    let mut subs = std::collections::BTreeMap::new();
    for (name, dlq) in [
        ("worker", Some("worker-dlq")),
        ("audit", None),
        ("billing", Some("billing-dlq")),
    ] {
        let sub = subscribe(&sns, &topic, "sqs", &queue(name)).await;
        if let Some(dlq) = dlq {
            sns.set_subscription_attributes()
                .subscription_arn(&sub)
                .attribute_name("RedrivePolicy")
                .attribute_value(json!({"deadLetterTargetArn": queue(dlq)}).to_string())
                .send()
                .await
                .unwrap();
        }
        subs.insert(name, sub);
    }
    // An email subscription is not redriven: judged SKIP, its attributes
    // never read.
    let email = subscribe(&sns, &topic, "email", "oncall@example.com").await;
    let other = sns.create_topic().name("scratch").send().await.unwrap();

    let check = "sns-subscription-dlq";
    let (doc, account) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
    assert_finding(
        &doc,
        check,
        &subs["worker"],
        "pass",
        &format!(
            "failed deliveries go to dead-letter queue {}, which accepts them from the topic",
            queue("worker-dlq")
        ),
    );
    assert_finding(
        &doc,
        check,
        &subs["audit"],
        "fail",
        "advisory: sqs subscription has no redrive policy",
    );
    assert_finding(
        &doc,
        check,
        &subs["billing"],
        "fail",
        "has no access policy, so SNS cannot send failed messages to it",
    );
    assert_finding(
        &doc,
        check,
        other.topic_arn().unwrap(),
        "skip",
        "not production",
    );
    assert_finding(
        &doc,
        check,
        &email,
        "skip",
        "email subscription: no redrive policy applies",
    );
    assert_eq!(findings(&doc, check).len(), 5, "{doc:#}");
    let subscriptions = account["sns"]["topics"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| {
            t["subscriptions"]["value"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .collect::<Vec<_>>();
    let email_sub = subscriptions
        .iter()
        .find(|s| s["arn"] == email.as_str())
        .unwrap_or_else(|| panic!("{subscriptions:#?}"));
    assert_eq!(
        email_sub["redrive_policy"]["error"]["code"], "NotCollected",
        "not read: {email_sub}"
    );
    let topics = account["sns"]["topics"].as_array().unwrap();
    let t = topics.iter().find(|t| t["arn"] == topic.as_str()).unwrap();
    assert_eq!(t["tags"], json!({"Environment": "prod"}));
    let s = t["subscriptions"]["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["arn"] == subs["worker"].as_str())
        .unwrap();
    assert_eq!(
        s["redrive_policy"],
        json!({"value": {"dead_letter_target_arn": queue("worker-dlq")}})
    );
}

/// A Lambda function S3 may invoke for `bucket`; returns its ARN.
async fn thumbnail_function(lab: &Lab, bucket: &str) -> String {
    let role = lab.role("thumbnail", "lambda.amazonaws.com").await;
    let lambda = lab_client!(lab, aws_sdk_lambda, "us-east-1");
    let arn = lambda
        .create_function()
        .function_name("thumbnail")
        .runtime(aws_sdk_lambda::types::Runtime::Python312)
        .role(role)
        .handler("index.handler")
        .code(
            aws_sdk_lambda::types::FunctionCode::builder()
                .zip_file(aws_sdk_lambda::primitives::Blob::new(
                    crate::compute::EMPTY_ZIP,
                ))
                .build(),
        )
        .send()
        .await
        .unwrap()
        .function_arn()
        .unwrap()
        .to_string();
    lambda
        .add_permission()
        .function_name("thumbnail")
        .statement_id("s3")
        .action("lambda:InvokeFunction")
        .principal("s3.amazonaws.com")
        .source_arn(bucket)
        .source_account(&lab.account)
        .send()
        .await
        .unwrap();
    arn
}

#[tokio::test(flavor = "multi_thread")]
async fn s3_event_notification_destinations_verdicts() {
    use aws_sdk_s3::types::{
        Event, LambdaFunctionConfiguration, NotificationConfiguration, QueueConfiguration,
        TopicConfiguration,
    };
    use aws_sdk_sqs::types::QueueAttributeName as A;
    let Some(lab) = Lab::new("s3notify").await else {
        return;
    };
    let sns = lab_client!(lab, aws_sdk_sns, "us-east-1");
    let sqs = lab_client!(lab, aws_sdk_sqs, "us-east-1");
    let (uploads, imports, thumbs) = (lab.name("uploads"), lab.name("imports"), lab.name("thumbs"));
    for b in [&uploads, &imports, &thumbs] {
        lab.bucket(b).await;
    }
    let bucket_arn = |b: &str| format!("arn:aws:s3:::{b}");
    let topic = sns
        .create_topic()
        .name("uploads")
        .send()
        .await
        .unwrap()
        .topic_arn()
        .unwrap()
        .to_string();
    sns.set_topic_attributes()
        .topic_arn(&topic)
        .attribute_name("Policy")
        .attribute_value(service_policy(
            "s3.amazonaws.com",
            "sns:Publish",
            &topic,
            Some(&bucket_arn(&uploads)),
        ))
        .send()
        .await
        .unwrap();
    let queue = format!("arn:aws:sqs:us-east-1:{}:imports", lab.account);
    sqs.create_queue()
        .queue_name("imports")
        .attributes(A::KmsMasterKeyId, "alias/aws/sqs")
        .send()
        .await
        .unwrap();
    let function = thumbnail_function(&lab, &bucket_arn(&thumbs)).await;
    let s3 = lab.s3("us-east-1");
    for (bucket, config) in [
        (
            &thumbs,
            NotificationConfiguration::builder().lambda_function_configurations(
                LambdaFunctionConfiguration::builder()
                    .lambda_function_arn(&function)
                    .events(Event::S3ObjectCreated)
                    .build()
                    .unwrap(),
            ),
        ),
        (
            &uploads,
            NotificationConfiguration::builder().topic_configurations(
                TopicConfiguration::builder()
                    .topic_arn(&topic)
                    .events(Event::S3ObjectCreated)
                    .build()
                    .unwrap(),
            ),
        ),
        (
            &imports,
            NotificationConfiguration::builder().queue_configurations(
                QueueConfiguration::builder()
                    .queue_arn(&queue)
                    .events(Event::S3ObjectCreated)
                    .build()
                    .unwrap(),
            ),
        ),
    ] {
        s3.put_bucket_notification_configuration()
            .bucket(bucket)
            .notification_configuration(config.build())
            .send()
            .await
            .unwrap();
    }

    let check = "s3-event-notification-destinations";
    let (doc, account) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
    assert_finding(
        &doc,
        check,
        &bucket_arn(&uploads),
        "pass",
        &format!("every destination exists and accepts the bucket's events: topic {topic}"),
    );
    assert_finding(
        &doc,
        check,
        &bucket_arn(&imports),
        "fail",
        &format!("queue {queue} has no resource policy, so S3 cannot deliver to it"),
    );
    let buckets = account["s3"]["buckets"].as_array().unwrap();
    let b = buckets
        .iter()
        .find(|b| b["name"] == uploads.as_str())
        .unwrap();
    assert_eq!(
        b["notifications"],
        json!({"value": {"topics": [{"arn": topic, "events": ["s3:ObjectCreated:*"]}],
                         "queues": [], "lambda_functions": [], "eventbridge": false}})
    );
}

/// Against moto: an instance type that cannot recover (advisory), one whose
/// recovery setting moto does not report (ERROR), one out of scope. moto
/// cannot create or list CloudWatch alarms (the SDK speaks CBOR to
/// CloudWatch, which moto 5.2.5 and 5.2.6 do not): the alarm paths are
/// proven with aws-smithy-mocks
/// (`auto_recovery_setting_and_alarm_actions_feed_the_recovery_check`).
#[tokio::test(flavor = "multi_thread")]
async fn ec2_auto_recovery_unsupported_type_and_unknown_setting() {
    use aws_sdk_ec2::types::{InstanceType, ResourceType, Tag, TagSpecification};
    let Some(lab) = Lab::new("recover").await else {
        return;
    };
    let ec2 = lab_client!(lab, aws_sdk_ec2, "us-east-1");
    let ami = ec2
        .describe_images()
        .owners("amazon")
        .send()
        .await
        .unwrap()
        .images()[0]
        .image_id()
        .unwrap()
        .to_string();
    let mut ids = std::collections::BTreeMap::new();
    for (label, kind, env) in [
        ("storage", InstanceType::I3Large, "prod"),
        ("bare", InstanceType::M5Large, "prod"),
        ("dev", InstanceType::M5Large, "dev"),
    ] {
        let out = ec2
            .run_instances()
            .image_id(&ami)
            .instance_type(kind)
            .min_count(1)
            .max_count(1)
            .tag_specifications(
                TagSpecification::builder()
                    .resource_type(ResourceType::Instance)
                    .tags(Tag::builder().key("Environment").value(env).build())
                    .build(),
            )
            .send()
            .await
            .unwrap();
        ids.insert(label, out.instances()[0].instance_id().unwrap().to_string());
    }
    let check = "ec2-auto-recovery";
    let (doc, account) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
    let arn = |label: &str| {
        format!(
            "arn:aws:ec2:us-east-1:{}:instance/{}",
            lab.account, ids[label]
        )
    };
    assert_finding(
        &doc,
        check,
        &arn("storage"),
        "fail",
        "advisory: instance type i3.large does not support automatic recovery",
    );
    // moto reports no MaintenanceOptions and cannot list alarms: unknown.
    assert_finding(
        &doc,
        check,
        &arn("bare"),
        "error",
        "the instance's automatic recovery setting was not reported, and whether an alarm recovers the instance is unknown: CloudWatch could not be listed in us-east-1",
    );
    assert_finding(&doc, check, &arn("dev"), "skip", "not production");
    let types = account["ec2"]["instance_types"].as_array().unwrap();
    assert!(
        types.contains(&json!({"region": "us-east-1", "instance_type": "i3.large", "auto_recovery_supported": false})),
        "{types:?}"
    );
}

/// A detector in each of two regions: findings routed by a rule to a
/// topic with a confirmed (SQS) subscription pass; a rule whose severity
/// filter drops 7.x findings fails.
#[tokio::test(flavor = "multi_thread")]
async fn guardduty_findings_routed_verdicts() {
    use aws_sdk_eventbridge::types::Target;
    let Some(lab) = Lab::new("gdrouted").await else {
        return;
    };
    let mut detectors = std::collections::BTreeMap::new();
    for region in ["us-east-1", "eu-west-1"] {
        let gd = lab_client!(lab, aws_sdk_guardduty, region);
        let id = gd
            .create_detector()
            .enable(true)
            .send()
            .await
            .unwrap()
            .detector_id()
            .unwrap()
            .to_string();
        detectors.insert(
            region,
            format!("arn:aws:guardduty:{region}:{}:detector/{id}", lab.account),
        );
    }
    let sns = lab_client!(lab, aws_sdk_sns, "us-east-1");
    let sqs = lab_client!(lab, aws_sdk_sqs, "us-east-1");
    let topic = sns
        .create_topic()
        .name("security-alerts")
        .send()
        .await
        .unwrap()
        .topic_arn()
        .unwrap()
        .to_string();
    sqs.create_queue()
        .queue_name("triage")
        .send()
        .await
        .unwrap();
    let triage = format!("arn:aws:sqs:us-east-1:{}:triage", lab.account);
    subscribe(&sns, &topic, "sqs", &triage).await;
    for (region, threshold, target) in [
        ("us-east-1", 7, topic.clone()),
        (
            "eu-west-1",
            8,
            format!(
                "arn:aws:lambda:eu-west-1:{}:function:responder",
                lab.account
            ),
        ),
    ] {
        let events = lab_client!(lab, aws_sdk_eventbridge, region);
        events
            .put_rule()
            .name("guardduty-findings")
            .event_pattern(
                json!({"source": ["aws.guardduty"], "detail-type": ["GuardDuty Finding"],
                    "detail": {"severity": [{"numeric": [">=", threshold]}]}})
                .to_string(),
            )
            .send()
            .await
            .unwrap();
        events
            .put_targets()
            .rule("guardduty-findings")
            .targets(Target::builder().id("t").arn(target).build().unwrap())
            .send()
            .await
            .unwrap();
    }

    let check = "guardduty-findings-routed";
    let (doc, _) = lab.scan_and_snapshot(check, &["us-east-1", "eu-west-1"], &[]);
    assert_finding(
        &doc,
        check,
        &detectors["us-east-1"],
        "pass",
        &format!("rule guardduty-findings sends high-severity findings to {topic}"),
    );
    assert_finding(
        &doc,
        check,
        &detectors["eu-west-1"],
        "fail",
        r#"rule guardduty-findings drops some high-severity findings (detail.severity wants [{"numeric":[">=",8]}], not 7)"#,
    );
    assert_eq!(findings(&doc, check).len(), 2, "{doc:#}");
}

/// A bus open to anyone fails, one scoped to the organization passes, the
/// default bus (no policy) passes.
#[tokio::test(flavor = "multi_thread")]
async fn eventbridge_bus_policy_verdicts() {
    let Some(lab) = Lab::new("buspolicy").await else {
        return;
    };
    let events = lab_client!(lab, aws_sdk_eventbridge, "us-east-1");
    let mut arns = std::collections::BTreeMap::new();
    for (name, condition) in [
        ("open", None),
        (
            "org",
            Some(json!({"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}})),
        ),
    ] {
        let arn = events
            .create_event_bus()
            .name(name)
            .send()
            .await
            .unwrap()
            .event_bus_arn()
            .unwrap()
            .to_string();
        let mut statement = json!({"Sid": name, "Effect": "Allow", "Principal": "*",
            "Action": "events:PutEvents", "Resource": arn});
        if let Some(c) = condition {
            statement["Condition"] = c;
        }
        events
            .put_permission()
            .event_bus_name(name)
            .policy(json!({"Version": "2012-10-17", "Statement": [statement]}).to_string())
            .send()
            .await
            .unwrap();
        arns.insert(name, arn);
    }
    let check = "eventbridge-bus-policy-scoped";
    let (doc, _) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
    assert_finding(
        &doc,
        check,
        &arns["open"],
        "fail",
        "statement open lets anyone put events",
    );
    assert_finding(
        &doc,
        check,
        &arns["org"],
        "pass",
        "only this account, trusted accounts or the organization may put events",
    );
    assert_finding(
        &doc,
        check,
        &format!("arn:aws:events:us-east-1:{}:event-bus/default", lab.account),
        "pass",
        "no resource policy",
    );
    assert_eq!(findings(&doc, check).len(), 3, "{doc:#}");
}

/// `glue-job-failure-alerts` over jobs in two regions, listed by `GetJobs`
/// and tagged through `GetTags`: a job whose failures reach a topic with
/// a confirmed (SQS) subscription passes; a retrying job whose failures
/// reach only that topic is an advisory; a retrying job with a rule of its
/// own sending to a Lambda function passes; a job in a region without a
/// rule fails; a job tagged dev skips.
#[tokio::test(flavor = "multi_thread")]
async fn glue_job_failure_alerts_verdicts() {
    use aws_sdk_eventbridge::types::Target;
    let Some(lab) = Lab::new("gluealerts").await else {
        return;
    };
    let jobs = [
        ("us-east-1", "orders-prod", 0, "prod"),
        ("us-east-1", "billing-prod", 2, "prod"),
        ("us-east-1", "ledger-prod", 1, "prod"),
        ("us-east-1", "scratch", 3, "dev"),
        ("eu-west-1", "reports-prod", 0, "prod"),
    ];
    for (region, name, retries, env) in jobs {
        let glue = lab_client!(lab, aws_sdk_glue, region);
        glue.create_job()
            .name(name)
            .role(format!("arn:aws:iam::{}:role/glue", lab.account))
            .command(
                aws_sdk_glue::types::JobCommand::builder()
                    .name("glueetl")
                    .script_location("s3://etl-scripts/job.py")
                    .build(),
            )
            .max_retries(retries)
            .tags("Environment", env)
            .send()
            .await
            .unwrap();
    }
    let sns = lab_client!(lab, aws_sdk_sns, "us-east-1");
    let sqs = lab_client!(lab, aws_sdk_sqs, "us-east-1");
    let topic = sns
        .create_topic()
        .name("data-oncall")
        .send()
        .await
        .unwrap()
        .topic_arn()
        .unwrap()
        .to_string();
    sqs.create_queue()
        .queue_name("data-pager")
        .send()
        .await
        .unwrap();
    let pager = format!("arn:aws:sqs:us-east-1:{}:data-pager", lab.account);
    subscribe(&sns, &topic, "sqs", &pager).await;
    let filter = format!(
        "arn:aws:lambda:us-east-1:{}:function:glue-retry-filter",
        lab.account
    );
    let events = lab_client!(lab, aws_sdk_eventbridge, "us-east-1");
    for (rule, pattern, target) in [
        (
            "glue-failed",
            json!({"source": ["aws.glue"], "detail-type": ["Glue Job State Change"],
                "detail": {"state": ["FAILED"]}}),
            topic.clone(),
        ),
        (
            "ledger-retries",
            json!({"source": ["aws.glue"], "detail": {"jobName": ["ledger-prod"]}}),
            filter.clone(),
        ),
    ] {
        events
            .put_rule()
            .name(rule)
            .event_pattern(pattern.to_string())
            .send()
            .await
            .unwrap();
        events
            .put_targets()
            .rule(rule)
            .targets(Target::builder().id("t").arn(target).build().unwrap())
            .send()
            .await
            .unwrap();
    }

    let check = "glue-job-failure-alerts";
    let (doc, account) = lab.scan_and_snapshot(check, &["us-east-1", "eu-west-1"], &[]);
    let arn =
        |region: &str, name: &str| format!("arn:aws:glue:{region}:{}:job/{name}", lab.account);
    assert_finding(
        &doc,
        check,
        &arn("us-east-1", "orders-prod"),
        "pass",
        &format!("rule glue-failed sends failures of Glue job orders-prod to {topic}"),
    );
    assert_finding(
        &doc,
        check,
        &arn("us-east-1", "billing-prod"),
        "fail",
        "advisory: the job retries failed runs (MaxRetries 2) and its failures reach only SNS topics",
    );
    assert_finding(
        &doc,
        check,
        &arn("us-east-1", "ledger-prod"),
        "pass",
        &format!("rule ledger-retries sends failures of Glue job ledger-prod to {filter}, which can filter its retries (MaxRetries 1)"),
    );
    assert_finding(
        &doc,
        check,
        &arn("us-east-1", "scratch"),
        "skip",
        "not production",
    );
    assert_finding(
        &doc,
        check,
        &arn("eu-west-1", "reports-prod"),
        "fail",
        "no enabled rule on the default bus in eu-west-1 sends failures of Glue job reports-prod",
    );
    assert_eq!(findings(&doc, check).len(), 5, "{doc:#}");
    let listed = account["glue"]["jobs"].as_array().unwrap();
    assert_eq!(listed.len(), 5, "{listed:#?}");
    assert_only_moto_gaps(&account);
}
