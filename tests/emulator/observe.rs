//! The observability collectors end to end against the emulator: resources
//! created through the SDK, `awscheck scan --checks …` as a user runs it,
//! and `snapshot --out` + `scan --fixture` giving identical findings.
//!
//! moto 5.2.5 answers CloudTrail `ListEventDataStores` and Config
//! `DescribeDeliveryChannelStatus` with HTML 500s: CloudTrail's event data
//! stores are unread in every region (an ERROR per region for the checks
//! that read them and do not weigh them themselves; the trails are judged)
//! and every delivery channel's status is unknown. Those scans pass
//! `--max-attempts 2` so the 500s are not retried for long.

use crate::common::{assert_finding, findings, statuses, stderr, want, Lab};
#[allow(unused_imports)]
use crate::sdk::*;
use serde_json::{json, Value};

/// A delivery destination ARN of S3.
fn bucket_arn(name: &str) -> String {
    format!("arn:aws:s3:::{name}")
}

#[tokio::test(flavor = "multi_thread")]
async fn sqs_dlq_configured_both_verdicts_scan_snapshot_and_fixture_agree() {
    use aws_sdk_sqs::types::QueueAttributeName as A;
    let Some(lab) = Lab::new("sqs").await else {
        return;
    };
    let sqs = lab_client!(lab, aws_sdk_sqs, "us-east-1");
    let arn = |name: &str| format!("arn:aws:sqs:us-east-1:{}:{name}", lab.account);
    let create = |name: &'static str, attrs: Vec<(A, String)>| {
        let sqs = sqs.clone();
        async move {
            let mut req = sqs.create_queue().queue_name(name).tags("team", "orders");
            for (k, v) in attrs {
                req = req.attributes(k, v);
            }
            req.send().await.unwrap().queue_url().unwrap().to_string()
        }
    };
    let redrive = |target: &str, count: u32| {
        (
            A::RedrivePolicy,
            json!({"deadLetterTargetArn": target, "maxReceiveCount": count}).to_string(),
        )
    };
    let fourteen_days = (A::MessageRetentionPeriod, "1209600".to_string());
    create("orders-dlq", vec![fourteen_days]).await;
    create("orders", vec![redrive(&arn("orders-dlq"), 5)]).await;
    create("once", vec![redrive(&arn("orders-dlq"), 1)]).await;
    create("jobs", vec![]).await;
    let gone = create("gone-dlq", vec![]).await;
    create("orphan", vec![redrive(&arn("gone-dlq"), 3)]).await;
    sqs.delete_queue().queue_url(&gone).send().await.unwrap();

    let (doc, account) = lab.scan_and_snapshot("sqs-dlq-configured", &["us-east-1"], &[]);
    let check = "sqs-dlq-configured";
    assert_finding(
        &doc,
        check,
        &arn("orders"),
        "pass",
        "dead-letter queue orders-dlq after 5 receives",
    );
    assert_finding(
        &doc,
        check,
        &arn("orders-dlq"),
        "skip",
        "dead-letter queue of ",
    );
    assert_finding(&doc, check, &arn("jobs"), "fail", "no redrive policy");
    assert_finding(
        &doc,
        check,
        &arn("orphan"),
        "fail",
        &format!("dead-letter queue {} does not exist", arn("gone-dlq")),
    );
    assert_finding(
        &doc,
        check,
        &arn("once"),
        "fail",
        "advisory: maxReceiveCount=1",
    );
    assert_eq!(findings(&doc, check).len(), 5, "{doc:#}");

    let queues = account["sqs"]["queues"].as_array().unwrap();
    let orders = queues.iter().find(|q| q["name"] == "orders").unwrap();
    assert_eq!(orders["arn"], arn("orders"));
    assert_eq!(orders["account_id"], lab.account.as_str());
    assert!(orders["url"].as_str().unwrap().ends_with("/orders"));
    assert_eq!(orders["tags"], json!({"team": "orders"}));
    assert_eq!(
        orders["attributes"]["value"],
        json!({"fifo": false, "message_retention_period": 345600,
               "redrive_policy": {"dead_letter_target_arn": arn("orders-dlq"), "max_receive_count": 5}}),
        "RedrivePolicy parsed from its JSON text"
    );
    let dlq = queues.iter().find(|q| q["name"] == "orders-dlq").unwrap();
    assert_eq!(
        dlq["attributes"]["value"]["message_retention_period"],
        1209600
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn waf_logging_and_destination_prefix_both_verdicts() {
    use aws_sdk_wafv2::types::{LoggingConfiguration, Scope};
    let Some(lab) = Lab::new("waf").await else {
        return;
    };
    let region = "us-east-1";
    let waf = lab_client!(lab, aws_sdk_wafv2, region);
    let acct = lab.account.clone();
    let create = |name: &'static str, scope: Scope| lab.web_acl(name, scope, &[]);
    let log_to = |acl: String, destination: String| {
        let waf = waf.clone();
        async move {
            waf.put_logging_configuration()
                .logging_configuration(
                    LoggingConfiguration::builder()
                        .resource_arn(acl)
                        .log_destination_configs(destination)
                        .build()
                        .unwrap(),
                )
                .send()
                .await
                .unwrap();
        }
    };
    // Destinations: a Firehose stream and a bucket with the prefix, a log
    // group without it, and a stream tagged as a WAF sink without it.
    let firehose = lab_client!(lab, aws_sdk_firehose, region);
    let stream = |name: String, tagged: bool| {
        let firehose = firehose.clone();
        let bucket = bucket_arn(&format!("aws-waf-logs-{acct}"));
        async move {
            let mut req = firehose
                .create_delivery_stream()
                .delivery_stream_name(&name)
                .extended_s3_destination_configuration(
                    aws_sdk_firehose::types::ExtendedS3DestinationConfiguration::builder()
                        .role_arn("arn:aws:iam::123456789012:role/firehose")
                        .bucket_arn(bucket)
                        // moto leaves it out unless given, and the SDK requires it.
                        .compression_format(
                            aws_sdk_firehose::types::CompressionFormat::Uncompressed,
                        )
                        .build()
                        .unwrap(),
                );
            if tagged {
                req = req.tags(
                    aws_sdk_firehose::types::Tag::builder()
                        .key("purpose")
                        .value("waf-logs")
                        .build()
                        .unwrap(),
                );
            }
            req.send()
                .await
                .unwrap()
                .delivery_stream_arn()
                .unwrap()
                .to_string()
        }
    };
    let good_stream = stream(format!("aws-waf-logs-{acct}"), true).await;
    let sink = stream(format!("waf-sink-{acct}"), true).await;
    let waf_bucket = format!("aws-waf-logs-{acct}");
    lab.bucket(&waf_bucket).await;
    let logs = lab_client!(lab, aws_sdk_cloudwatchlogs, region);
    logs.create_log_group()
        .log_group_name("app-logs")
        .send()
        .await
        .unwrap();
    let group = |name: &str| format!("arn:aws:logs:{region}:{acct}:log-group:{name}");

    let to_stream = create("to-stream", Scope::Regional).await;
    log_to(to_stream.clone(), good_stream.clone()).await;
    let to_bucket = create("to-bucket", Scope::Regional).await;
    log_to(to_bucket.clone(), bucket_arn(&waf_bucket)).await;
    // moto accepts destinations without the prefix (real WAF refuses them).
    let unprefixed = create("unprefixed", Scope::Regional).await;
    log_to(unprefixed.clone(), group("app-logs")).await;
    let missing = create("missing-dest", Scope::Regional).await;
    log_to(missing.clone(), group("aws-waf-logs-missing")).await;
    let unlogged = create("unlogged", Scope::Regional).await;
    let cdn = create("cdn", Scope::Cloudfront).await;

    let (doc, account) = lab.scan_and_snapshot(
        "waf-logging-enabled,waf-log-destination-prefix",
        &[region],
        &[],
    );
    let enabled = "waf-logging-enabled";
    assert_finding(
        &doc,
        enabled,
        &to_stream,
        "pass",
        &format!("logs to {good_stream}"),
    );
    assert_finding(&doc, enabled, &to_bucket, "pass", "logs to arn:aws:s3:::");
    assert_finding(&doc, enabled, &unprefixed, "pass", "logs to");
    assert_finding(
        &doc,
        enabled,
        &unlogged,
        "fail",
        "web ACL unlogged (REGIONAL) has no logging configuration",
    );
    assert_finding(
        &doc,
        enabled,
        &cdn,
        "fail",
        "web ACL cdn (CLOUDFRONT) has no logging configuration",
    );
    // moto 5.2.5 has no WAF Classic (500): ERROR for the region, no skip.
    assert_finding(
        &doc,
        enabled,
        &format!("arn:aws:wafv2:{region}:{}", lab.account),
        "error",
        &format!(
            "wafv2 classic_web_acls could not be read in {region}: ListWebACLs failed: Http500"
        ),
    );
    assert_eq!(findings(&doc, enabled).len(), 7, "{doc:#}");
    let prefix = "waf-log-destination-prefix";
    assert_finding(&doc, prefix, &to_stream, "pass", "");
    assert_finding(&doc, prefix, &to_bucket, "pass", "");
    assert_finding(
        &doc,
        prefix,
        &unprefixed,
        "fail",
        "log group app-logs does not start with aws-waf-logs-",
    );
    assert_finding(
        &doc,
        prefix,
        &missing,
        "fail",
        "log group aws-waf-logs-missing does not exist",
    );
    assert_finding(&doc, prefix, &unlogged, "skip", "");
    assert_finding(
        &doc,
        prefix,
        &good_stream,
        "pass",
        "tagged purpose=waf-logs and correctly named",
    );
    assert_finding(&doc, prefix, &sink, "fail", "advisory:");

    let acls = account["wafv2"]["web_acls"].as_array().unwrap();
    let cdn_acl = acls.iter().find(|a| a["name"] == "cdn").unwrap();
    assert_eq!(
        (&cdn_acl["scope"], &cdn_acl["region"], &cdn_acl["logging"]),
        (&json!("CLOUDFRONT"), &json!("us-east-1"), &json!("absent"))
    );
    let streams = account["firehose"]["delivery_streams"].as_array().unwrap();
    let s = streams
        .iter()
        .find(|s| s["arn"] == good_stream.as_str())
        .unwrap();
    assert_eq!(
        (&s["status"], &s["tags"]),
        (&json!("ACTIVE"), &json!({"purpose": "waf-logs"}))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn config_recorder_enabled_per_region_verdicts() {
    use aws_sdk_config::types::{ConfigurationRecorder, DeliveryChannel, RecordingGroup};
    let Some(lab) = Lab::new("config").await else {
        return;
    };
    let bucket = lab.name("config");
    lab.bucket(&bucket).await;
    for (region, global, start) in [("us-east-1", true, true), ("eu-west-1", false, false)] {
        let config = lab_client!(lab, aws_sdk_config, region);
        config
            .put_configuration_recorder()
            .configuration_recorder(
                ConfigurationRecorder::builder()
                    .name("default")
                    .role_arn(format!("arn:aws:iam::{}:role/config", lab.account))
                    .recording_group(
                        RecordingGroup::builder()
                            .all_supported(true)
                            .include_global_resource_types(global)
                            .build(),
                    )
                    .build(),
            )
            .send()
            .await
            .unwrap();
        config
            .put_delivery_channel()
            .delivery_channel(
                DeliveryChannel::builder()
                    .name("default")
                    .s3_bucket_name(&bucket)
                    .build(),
            )
            .send()
            .await
            .unwrap();
        if start {
            config
                .start_configuration_recorder()
                .configuration_recorder_name("default")
                .send()
                .await
                .unwrap();
        }
    }
    let (doc, account) = lab.scan_and_snapshot(
        "config-recorder-enabled",
        &["us-east-1", "eu-west-1", "us-west-2"],
        &["--max-attempts", "2"],
    );
    let check = "config-recorder-enabled";
    let recorder = |region: &str| {
        account["config"]["recorders"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["region"] == region)
            .unwrap_or_else(|| panic!("no recorder in {region}: {account}"))["arn"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let region_arn = |region: &str| format!("arn:aws:config:{region}:{}", lab.account);
    // moto 5.2.5 does not implement ListConfigurationRecorders (500): the
    // service-linked recorders are unknown, so a region without a customer
    // managed recorder is ERROR, never "no recorder"; the customer managed
    // recorders are judged as usual.
    assert_finding(
        &doc,
        check,
        &region_arn("us-west-2"),
        "error",
        "no customer managed recorder in us-west-2, and its service-linked recorders could not be listed: ListConfigurationRecorders failed: Http500",
    );
    assert_finding(
        &doc,
        check,
        &recorder("eu-west-1"),
        "fail",
        "recorder default is not recording",
    );
    // Recording and delivering, but moto cannot say how deliveries went.
    assert_finding(
        &doc,
        check,
        &recorder("us-east-1"),
        "error",
        "DescribeDeliveryChannelStatus failed: Http500",
    );
    assert_finding(
        &doc,
        check,
        &format!("arn:aws:config::{}", lab.account),
        "pass",
        "the global IAM resource types are recorded in us-east-1",
    );
    assert_eq!(findings(&doc, check).len(), 4, "{doc:#}");
    let rec = account["config"]["recorders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["region"] == "us-east-1")
        .unwrap();
    assert_eq!(rec["recording_group"]["all_supported"], true);
    assert_eq!(
        rec["recording_group"]["include_global_resource_types"],
        true
    );
    assert_eq!(rec["status"]["value"]["recording"], true);
    assert_eq!(
        account["config"]["delivery_channels"][0]["s3_bucket_name"],
        bucket.as_str()
    );
    let mut unlisted: Vec<&str> = account["collection_errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["part"] == "service_linked_recorders")
        .map(|e| e["region"].as_str().unwrap())
        .collect();
    unlisted.sort_unstable();
    assert_eq!(
        unlisted,
        ["eu-west-1", "us-east-1", "us-west-2"],
        "only the service-linked part is unread, in each region: {account}"
    );
}

/// Starts trail `name` logging every management event.
pub(crate) async fn log_all_management_events(ct: &aws_sdk_cloudtrail::Client, name: &str) {
    use aws_sdk_cloudtrail::types::{EventSelector, ReadWriteType};
    ct.start_logging().name(name).send().await.unwrap();
    ct.put_event_selectors()
        .trail_name(name)
        .event_selectors(
            EventSelector::builder()
                .read_write_type(ReadWriteType::All)
                .include_management_events(true)
                .build(),
        )
        .send()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn cloudtrail_checks_and_s3_access_logging() {
    let Some(lab) = Lab::new("trail").await else {
        return;
    };
    let acct = lab.account.clone();
    let (trail_bucket, logged, logs_bucket) =
        (lab.name("trail"), lab.name("logged"), lab.name("logs"));
    for b in [&trail_bucket, &logged, &logs_bucket] {
        lab.bucket(b).await;
    }
    lab.access_logging(&logged, &logs_bucket, "logged/").await;
    let logs = lab_client!(lab, aws_sdk_cloudwatchlogs, "us-east-1");
    logs.create_log_group()
        .log_group_name("trail-logs")
        .send()
        .await
        .unwrap();
    let group_arn = format!("arn:aws:logs:us-east-1:{acct}:log-group:trail-logs:*");
    let ct = lab_client!(lab, aws_sdk_cloudtrail, "us-east-1");
    let main = ct
        .create_trail()
        .name("main")
        .s3_bucket_name(&trail_bucket)
        .is_multi_region_trail(true)
        .include_global_service_events(true)
        .cloud_watch_logs_log_group_arn(&group_arn)
        .cloud_watch_logs_role_arn(format!("arn:aws:iam::{acct}:role/trail-to-logs"))
        .send()
        .await
        .unwrap()
        .trail_arn()
        .unwrap()
        .to_string();
    log_all_management_events(&ct, "main").await;
    // A single-region trail in eu-west-1, delivering to a bucket there.
    let eu_bucket = lab.name("eu-trail");
    lab.bucket_in("eu-west-1", &eu_bucket).await;
    let eu = lab_client!(lab, aws_sdk_cloudtrail, "eu-west-1")
        .create_trail()
        .name("regional")
        .s3_bucket_name(&eu_bucket)
        .send()
        .await
        .unwrap()
        .trail_arn()
        .unwrap()
        .to_string();

    let checks = "cloudtrail-multi-region,cloudtrail-cloudwatch-logs-cmk,s3-access-logging";
    let (doc, account) = lab.scan_and_snapshot(
        checks,
        &["us-east-1", "eu-west-1"],
        &["--max-attempts", "2"],
    );
    // The unread event data stores blind only the checks that read them and
    // do not weigh them themselves (a multi-region trail's PASS cannot be
    // overturned by a store: a check may tolerate them).
    let region_arn = |region: &str| format!("arn:aws:cloudtrail:{region}:{acct}");
    for check in checks.split(',') {
        let c = awscheck_checks::registry::find(check).unwrap();
        let stores = awscheck_checks::inventory::cloudtrail::EVENT_DATA_STORES;
        let blinded = c.reads.contains(&stores) && !c.tolerates.contains(&stores);
        for region in ["us-east-1", "eu-west-1"] {
            let errors = findings(&doc, check)
                .into_iter()
                .filter(|(arn, status, _)| *arn == region_arn(region) && status == "error")
                .collect::<Vec<_>>();
            if blinded {
                assert_finding(
                    &doc,
                    check,
                    &region_arn(region),
                    "error",
                    &format!(
                        "cloudtrail event_data_stores could not be read in {region}: ListEventDataStores failed: Http500"
                    ),
                );
            } else {
                assert!(
                    errors.is_empty(),
                    "{check} does not read the stores: {errors:?}"
                );
            }
        }
    }
    assert_finding(
        &doc,
        "cloudtrail-multi-region",
        &main,
        "pass",
        &format!("multi-region trail main is logging all management events, global service events included, to existing bucket {trail_bucket}"),
    );
    let cmk = "cloudtrail-cloudwatch-logs-cmk";
    assert_finding(&doc, cmk, &main, "fail", "");
    assert_finding(&doc, cmk, &eu, "skip", "single-region trail");
    let s3_arn = |b: &str| format!("arn:aws:s3:::{b}");
    let logging = "s3-access-logging";
    assert_finding(&doc, logging, &s3_arn(&logged), "pass", "");
    assert_finding(&doc, logging, &s3_arn(&logs_bucket), "skip", "");
    assert_finding(&doc, logging, &s3_arn(&trail_bucket), "fail", "");
    assert_finding(&doc, logging, &s3_arn(&eu_bucket), "fail", "");

    let trails = account["cloudtrail"]["trails"].as_array().unwrap();
    assert_eq!(
        trails.len(),
        2,
        "each trail once, in its home region: {trails:#?}"
    );
    let t = trails.iter().find(|t| t["name"] == "main").unwrap();
    assert_eq!(
        (&t["region"], &t["account_id"], &t["is_multi_region"]),
        (&json!("us-east-1"), &json!(acct), &json!(true))
    );
    assert_eq!(t["cloudwatch_logs_log_group_arn"], group_arn.as_str());
    assert_eq!(t["status"]["value"]["is_logging"], true);
    assert_eq!(
        t["event_selectors"]["value"]["basic"],
        json!([{"read_write_type": "All", "include_management_events": true,
                "exclude_management_event_sources": [], "data_resources": []}])
    );
    let r = trails.iter().find(|t| t["name"] == "regional").unwrap();
    assert_eq!(
        (&r["region"], &r["status"]["value"]["is_logging"]),
        (&json!("eu-west-1"), &json!(false))
    );

    // Scanning only eu-west-1: the multi-region trail homed in us-east-1 is
    // recorded once (with its home region), its bucket read as a reference.
    let out = lab.run(&[
        "scan",
        "--format",
        "json",
        "--checks",
        "cloudtrail-multi-region",
        "--region",
        "eu-west-1",
        "--max-attempts",
        "2",
    ]);
    let doc: Value = crate::common::json(&out);
    assert_finding(
        &doc,
        "cloudtrail-multi-region",
        &main,
        "pass",
        &trail_bucket,
    );
    assert!(stderr(&out).contains("API calls"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn logs_sns_guardduty_secrets_firehose_are_snapshotted() {
    use aws_sdk_cloudwatchlogs::types::MetricTransformation;
    use aws_sdk_guardduty::types::{DetectorFeature, DetectorFeatureConfiguration, FeatureStatus};
    let Some(lab) = Lab::new("observe").await else {
        return;
    };
    let region = "eu-west-1";
    let acct = lab.account.clone();

    let kms = lab.kms(region);
    let key = kms.create_key().send().await.unwrap();
    let key_arn = key.key_metadata().unwrap().arn().unwrap().to_string();
    let logs = lab_client!(lab, aws_sdk_cloudwatchlogs, region);
    logs.create_log_group()
        .log_group_name("trail")
        .kms_key_id(&key_arn)
        .tags("team", "sec")
        .send()
        .await
        .unwrap();
    logs.create_log_group()
        .log_group_name("app")
        .send()
        .await
        .unwrap();
    logs.put_metric_filter()
        .log_group_name("trail")
        .filter_name("deletes")
        .filter_pattern("{ $.eventName = DeleteBucket }")
        .metric_transformations(
            MetricTransformation::builder()
                .metric_name("BucketDeletions")
                .metric_namespace("CloudTrailMetrics")
                .metric_value("1")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();

    let sns = lab_client!(lab, aws_sdk_sns, region);
    let topic = sns
        .create_topic()
        .name("alerts")
        .send()
        .await
        .unwrap()
        .topic_arn()
        .unwrap()
        .to_string();
    sns.subscribe()
        .topic_arn(&topic)
        .protocol("https")
        .endpoint("https://hooks.example.com/secret-token-in-url")
        .send()
        .await
        .unwrap();

    let gd = lab_client!(lab, aws_sdk_guardduty, region);
    let detector = gd
        .create_detector()
        .enable(true)
        .features(
            DetectorFeatureConfiguration::builder()
                .name(DetectorFeature::S3DataEvents)
                .status(FeatureStatus::Enabled)
                .build(),
        )
        .tags("team", "sec")
        .send()
        .await
        .unwrap()
        .detector_id()
        .unwrap()
        .to_string();

    let sm = lab_client!(lab, aws_sdk_secretsmanager, region);
    let secret = sm
        .create_secret()
        .name("app/db")
        .secret_string("hunter2-plaintext")
        .tags(
            aws_sdk_secretsmanager::types::Tag::builder()
                .key("team")
                .value("app")
                .build(),
        )
        .send()
        .await
        .unwrap()
        .arn()
        .unwrap()
        .to_string();
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
        "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]});
    sm.put_resource_policy()
        .secret_id(&secret)
        .resource_policy(policy.to_string())
        .send()
        .await
        .unwrap();
    sm.create_secret()
        .name("app/plain")
        .secret_string("x")
        .send()
        .await
        .unwrap();

    let snap = lab.path("observe.json");
    let out = lab.run(&[
        "snapshot",
        "--out",
        &snap,
        "--region",
        region,
        "--max-attempts",
        "2",
    ]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let text = std::fs::read_to_string(&snap).unwrap();
    for never in ["hunter2-plaintext", "secret-token-in-url"] {
        assert!(!text.contains(never), "the snapshot holds {never}");
    }
    let inv: Value = serde_json::from_str(&text).unwrap();
    let account = &inv["accounts"][0];

    let groups = account["logs"]["log_groups"].as_array().unwrap();
    let trail = groups.iter().find(|g| g["name"] == "trail").unwrap();
    assert_eq!(
        trail["arn"],
        format!("arn:aws:logs:{region}:{acct}:log-group:trail"),
        "without the trailing :*"
    );
    assert_eq!(trail["kms_key_id"], key_arn.as_str());
    assert_eq!(trail["tags"], json!({"team": "sec"}));
    assert_eq!(
        trail["metric_filters"]["value"],
        json!([{"name": "deletes", "pattern": "{ $.eventName = DeleteBucket }",
                "transformations": [{"metric_namespace": "CloudTrailMetrics", "metric_name": "BucketDeletions"}]}])
    );
    let app = groups.iter().find(|g| g["name"] == "app").unwrap();
    assert_eq!(app["metric_filters"], json!({"value": []}));
    assert!(app.get("kms_key_id").is_none());
    // The group's key was collected by the KMS collector of its region.
    assert!(account["kms"]["keys"]
        .as_array()
        .unwrap()
        .iter()
        .any(|k| k["arn"] == key_arn.as_str()));

    let topics = account["sns"]["topics"].as_array().unwrap();
    assert_eq!(topics.len(), 1);
    assert_eq!(topics[0]["arn"], topic.as_str());
    let subs = topics[0]["subscriptions"]["value"].as_array().unwrap();
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0]["protocol"], "https");
    let mut fields: Vec<&String> = subs[0].as_object().unwrap().keys().collect();
    fields.sort();
    assert_eq!(
        fields,
        ["arn", "protocol", "redrive_policy"],
        "no endpoint: {subs:?}"
    );
    assert_eq!(subs[0]["redrive_policy"], "absent");

    let d = &account["guardduty"]["detectors"][0];
    assert_eq!(
        d["arn"],
        format!("arn:aws:guardduty:{region}:{acct}:detector/{detector}")
    );
    assert_eq!(d["details"]["value"]["status"], "ENABLED");
    assert!(d["details"]["value"]["features"]
        .as_array()
        .unwrap()
        .contains(&json!({"name": "S3_DATA_EVENTS", "status": "ENABLED"})));
    assert_eq!(d["tags"], json!({"team": "sec"}));

    let secrets = account["secretsmanager"]["secrets"].as_array().unwrap();
    let s = secrets.iter().find(|s| s["name"] == "app/db").unwrap();
    assert_eq!(s["arn"], secret.as_str());
    assert_eq!(s["rotation_enabled"], false);
    assert_eq!(s["policy"]["value"], policy);
    assert_eq!(s["tags"], json!({"team": "app"}));
    assert!(s["created_date"].is_string());
    let plain = secrets.iter().find(|s| s["name"] == "app/plain").unwrap();
    assert_eq!(plain["policy"], "absent");

    assert_eq!(account["firehose"], json!({"delivery_streams": []}));
    assert_eq!(account["cloudtrail"]["trails"], json!([]));
    lab.assert_fixture_loads(&snap);
}

/// Log groups with and without retention, and with a key CloudWatch Logs
/// may use, a key it may not, and none.
#[tokio::test(flavor = "multi_thread")]
async fn log_group_retention_and_kms_both_verdicts() {
    let Some(lab) = Lab::new("logs-retention").await else {
        return;
    };
    let region = "us-east-1";
    let acct = lab.account.clone();
    let kms = lab.kms(region);
    let policy = json!({
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "Admin", "Effect": "Allow",
             "Principal": {"AWS": format!("arn:aws:iam::{acct}:root")},
             "Action": "kms:*", "Resource": "*"},
            {"Sid": "Logs", "Effect": "Allow",
             "Principal": {"Service": format!("logs.{region}.amazonaws.com")},
             "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*",
                        "kms:GenerateDataKey*", "kms:Describe*"],
             "Resource": "*"}
        ]
    });
    let usable = kms
        .create_key()
        .policy(policy.to_string())
        .send()
        .await
        .unwrap();
    let usable = usable.key_metadata().unwrap().arn().unwrap().to_string();
    let closed = kms.create_key().send().await.unwrap();
    let closed = closed.key_metadata().unwrap().arn().unwrap().to_string();
    let logs = lab_client!(lab, aws_sdk_cloudwatchlogs, region);
    // (name, retention in days, key)
    let groups: [(&str, Option<i32>, Option<&str>); 4] = [
        ("/aws/cloudtrail/storefront", Some(400), Some(&usable)),
        ("aws-cloudtrail-logs-audit", Some(90), None),
        ("/storefront/checkout", None, Some(&closed)),
        ("/storefront/search", Some(30), None),
    ];
    for (name, days, key) in groups {
        logs.create_log_group()
            .log_group_name(name)
            .set_kms_key_id(key.map(str::to_string))
            .send()
            .await
            .unwrap();
        if let Some(days) = days {
            logs.put_retention_policy()
                .log_group_name(name)
                .retention_in_days(days)
                .send()
                .await
                .unwrap();
        }
    }
    let arn = |name: &str| format!("arn:aws:logs:{region}:{acct}:log-group:{name}");

    let checks = "cloudwatch-log-retention,logs-group-kms";
    let (doc, account) = lab.scan_and_snapshot(checks, &[region], &[]);
    assert_eq!(
        statuses(&doc, "cloudwatch-log-retention"),
        want(&[
            (&arn("/aws/cloudtrail/storefront"), "pass"),
            (&arn("aws-cloudtrail-logs-audit"), "fail"),
            (&arn("/storefront/checkout"), "fail"),
            (&arn("/storefront/search"), "pass"),
        ]),
        "{doc:#}"
    );
    let retention = "cloudwatch-log-retention";
    assert_finding(
        &doc,
        retention,
        &arn("aws-cloudtrail-logs-audit"),
        "fail",
        "keeps events 90 days, less than the 365 days",
    );
    assert_finding(
        &doc,
        retention,
        &arn("/storefront/checkout"),
        "fail",
        "never expires",
    );
    assert_eq!(
        statuses(&doc, "logs-group-kms"),
        want(&[
            (&arn("/aws/cloudtrail/storefront"), "pass"),
            (&arn("aws-cloudtrail-logs-audit"), "fail"),
            (&arn("/storefront/checkout"), "fail"),
            (&arn("/storefront/search"), "skip"),
        ]),
        "{doc:#}"
    );
    let kms_check = "logs-group-kms";
    assert_finding(
        &doc,
        kms_check,
        &arn("aws-cloudtrail-logs-audit"),
        "fail",
        "has no kmsKeyId",
    );
    assert_finding(
        &doc,
        kms_check,
        &arn("/storefront/checkout"),
        "fail",
        &closed,
    );

    let groups = account["logs"]["log_groups"].as_array().unwrap();
    let audit = groups
        .iter()
        .find(|g| g["name"] == "aws-cloudtrail-logs-audit")
        .unwrap();
    assert_eq!(audit["retention_in_days"], 90);
    let checkout = groups
        .iter()
        .find(|g| g["name"] == "/storefront/checkout")
        .unwrap();
    assert!(checkout.get("retention_in_days").is_none(), "{checkout}");
    assert_eq!(checkout["kms_key_id"], closed.as_str());
}

#[tokio::test(flavor = "multi_thread")]
async fn waf_log_bucket_encryption_both_verdicts() {
    use aws_sdk_s3::types::{
        ServerSideEncryption, ServerSideEncryptionByDefault, ServerSideEncryptionConfiguration,
        ServerSideEncryptionRule,
    };
    use aws_sdk_wafv2::types::{LoggingConfiguration, Scope};
    let Some(lab) = Lab::new("waf-enc").await else {
        return;
    };
    let region = "us-east-1";
    let acct = lab.account.clone();
    let waf = lab_client!(lab, aws_sdk_wafv2, region);
    let s3 = lab.s3(region);
    // A bucket with the given default encryption, and a web ACL logging to it.
    let logged_to = |suffix: &'static str, sse: ServerSideEncryption, key: Option<String>| {
        let (waf, s3, lab) = (waf.clone(), s3.clone(), &lab);
        let bucket = format!("aws-waf-logs-{suffix}-{acct}");
        async move {
            lab.bucket(&bucket).await;
            let mut by_default = ServerSideEncryptionByDefault::builder().sse_algorithm(sse);
            if let Some(key) = key {
                by_default = by_default.kms_master_key_id(key);
            }
            s3.put_bucket_encryption()
                .bucket(&bucket)
                .server_side_encryption_configuration(
                    ServerSideEncryptionConfiguration::builder()
                        .rules(
                            ServerSideEncryptionRule::builder()
                                .apply_server_side_encryption_by_default(
                                    by_default.build().unwrap(),
                                )
                                .build(),
                        )
                        .build()
                        .unwrap(),
                )
                .send()
                .await
                .unwrap();
            let acl = lab.web_acl(suffix, Scope::Regional, &[]).await;
            waf.put_logging_configuration()
                .logging_configuration(
                    LoggingConfiguration::builder()
                        .resource_arn(&acl)
                        .log_destination_configs(bucket_arn(&bucket))
                        .build()
                        .unwrap(),
                )
                .send()
                .await
                .unwrap();
            acl
        }
    };
    // A customer managed key whose policy is the default one (the account
    // root only): the log delivery service may not use it.
    let cmk = lab
        .kms(region)
        .create_key()
        .send()
        .await
        .unwrap()
        .key_metadata()
        .unwrap()
        .arn()
        .unwrap()
        .to_string();
    // moto makes the key behind `alias/aws/s3` on its first use, and as a
    // customer managed key with the default policy: use it once here, so
    // that the live scan and the snapshot see the same account. (The AWS
    // managed key verdict itself is proven by the check's cases.)
    lab.kms(region)
        .describe_key()
        .key_id("alias/aws/s3")
        .send()
        .await
        .unwrap();
    let sse_s3 = logged_to("sse-s3", ServerSideEncryption::Aes256, None).await;
    let managed = logged_to(
        "aws-managed",
        ServerSideEncryption::AwsKms,
        Some("alias/aws/s3".into()),
    )
    .await;
    let no_grant = logged_to("cmk", ServerSideEncryption::AwsKms, Some(cmk.clone())).await;

    let (doc, account) = lab.scan_and_snapshot("waf-log-bucket-encryption", &[region], &[]);
    let check = "waf-log-bucket-encryption";
    assert_finding(
        &doc,
        check,
        &sse_s3,
        "pass",
        &format!("web ACL sse-s3 logs to S3 bucket aws-waf-logs-sse-s3-{acct}, encrypted with SSE-S3 (AES256)"),
    );
    assert_finding(
        &doc,
        check,
        &managed,
        "fail",
        "does not allow delivery.logs.amazonaws.com kms:GenerateDataKey*",
    );
    assert_finding(
        &doc,
        check,
        &no_grant,
        "fail",
        &format!("the policy of key {cmk} does not allow delivery.logs.amazonaws.com kms:GenerateDataKey*"),
    );
    assert_eq!(findings(&doc, check).len(), 3, "{doc:#}");
    let acls = account["wafv2"]["web_acls"].as_array().unwrap();
    assert!(acls
        .iter()
        .all(|a| a["logging"]["value"]["log_destination_configs"][0]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:s3:::aws-waf-logs-")));
}

/// `logs-central-subscription`: a source account whose CloudTrail group
/// streams to the central account's destination and whose flow-log group
/// streams to its own Kinesis stream; the central account's destinations,
/// one open to every account. moto 5.2.5 validates a `destination:NAME`
/// ARN as a log group `NAME` of that account (so the central account has
/// one), and answers `DescribeAccountPolicies` with an HTML 500: the
/// account-level policies are unread, so the flow-log group, which nothing
/// else streams centrally, is an ERROR rather than a FAIL.
#[tokio::test(flavor = "multi_thread")]
async fn logs_central_subscription_source_and_central_accounts() {
    let (Some(central), Some(source)) = (
        Lab::new("logs-central").await,
        Lab::new("logs-source").await,
    ) else {
        return;
    };
    let region = "us-east-1";
    let check = "logs-central-subscription";
    let kinesis_arn =
        |lab: &Lab, name: &str| format!("arn:aws:kinesis:{region}:{}:stream/{name}", lab.account);
    // The central account: a destination for the organization, one open
    // to everyone, and the log group moto looks the destination up as.
    let logs = lab_client!(central, aws_sdk_cloudwatchlogs, region);
    logs.create_log_group()
        .log_group_name("central")
        .send()
        .await
        .unwrap();
    let role = format!("arn:aws:iam::{}:role/cwl-to-kinesis", central.account);
    let mut destinations = Vec::new();
    for (name, condition) in [
        (
            "central",
            json!({"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}),
        ),
        ("open", json!({})),
    ] {
        let arn = logs
            .put_destination()
            .destination_name(name)
            .target_arn(kinesis_arn(&central, "central"))
            .role_arn(&role)
            .send()
            .await
            .unwrap()
            .destination()
            .and_then(|d| d.arn())
            .unwrap()
            .to_string();
        let policy = json!({"Version": "2012-10-17", "Statement": [{"Sid": "Members",
            "Effect": "Allow", "Principal": "*", "Action": "logs:PutSubscriptionFilter",
            "Resource": arn, "Condition": condition}]});
        logs.put_destination_policy()
            .destination_name(name)
            .access_policy(policy.to_string())
            .send()
            .await
            .unwrap();
        destinations.push(arn);
    }
    // The source account.
    let kinesis = lab_client!(source, aws_sdk_kinesis, region);
    kinesis
        .create_stream()
        .stream_name("local")
        .shard_count(1)
        .send()
        .await
        .unwrap();
    let logs = lab_client!(source, aws_sdk_cloudwatchlogs, region);
    for group in ["/aws/cloudtrail/org", "/aws/vpc/flow-logs", "/app/web"] {
        logs.create_log_group()
            .log_group_name(group)
            .send()
            .await
            .unwrap();
    }
    for (group, destination) in [
        ("/aws/cloudtrail/org", destinations[0].clone()),
        ("/aws/vpc/flow-logs", kinesis_arn(&source, "local")),
    ] {
        logs.put_subscription_filter()
            .log_group_name(group)
            .filter_name("ship")
            .filter_pattern("")
            .destination_arn(destination)
            .role_arn(format!("arn:aws:iam::{}:role/cwl", source.account))
            .send()
            .await
            .unwrap();
    }

    let group = |name: &str| format!("arn:aws:logs:{region}:{}:log-group:{name}", source.account);
    let (doc, account) = source.scan_and_snapshot(check, &[region], &["--max-attempts", "2"]);
    assert_finding(
        &doc,
        check,
        &group("/aws/cloudtrail/org"),
        "pass",
        &format!(
            "subscription filter ship sends to {} of account {}",
            destinations[0], central.account
        ),
    );
    assert_finding(
        &doc,
        check,
        &group("/aws/vpc/flow-logs"),
        "error",
        "could not read account-level subscription filter policies of us-east-1: DescribeAccountPolicies failed: Http500",
    );
    assert_finding(&doc, check, &group("/app/web"), "skip", "not in scope");
    assert_eq!(findings(&doc, check).len(), 3, "{doc:#}");
    let groups = account["logs"]["log_groups"].as_array().unwrap();
    let trail = groups
        .iter()
        .find(|g| g["name"] == "/aws/cloudtrail/org")
        .unwrap();
    assert_eq!(
        trail["subscription_filters"],
        json!({"value": [{"name": "ship", "destination_arn": destinations[0]}]})
    );

    let (doc, account) = central.scan_and_snapshot(check, &[region], &["--max-attempts", "2"]);
    assert_finding(
        &doc,
        check,
        &destinations[0],
        "pass",
        "is not open to every account",
    );
    assert_finding(
        &doc,
        check,
        &destinations[1],
        "fail",
        "access policy statement Members lets every AWS account",
    );
    let listed = account["logs"]["destinations"].as_array().unwrap();
    assert_eq!(listed.len(), 2, "{account:#}");
    assert_eq!(
        listed[0]["target_arn"],
        kinesis_arn(&central, "central").as_str()
    );
}
