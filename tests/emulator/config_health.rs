//! Config aggregators, aggregation authorizations and custom rules end to
//! end against the emulator: `awscheck scan --checks config-aggregator,
//! config-rules-healthy` as a user runs it, and `snapshot --out` +
//! `scan --fixture` giving identical findings.
//!
//! What moto 5.2.5 serves: `DescribeConfigurationAggregators` (account and
//! organization sources; it takes one account source only),
//! `DescribeAggregationAuthorizations`, `DescribeConfigRules` (a custom
//! Lambda rule needs its function to exist) and the delivery channel's SNS
//! topic. What it does not (HTML 500s, retried):
//! `DescribeConfigurationAggregatorSourcesStatus` (each aggregator is ERROR
//! naming it), `DescribeConfigRuleEvaluationStatus` (each rule is ERROR),
//! `DescribeConformancePacks` (the part is unread: the engine's ERROR for
//! the region), `DescribeOrganizationConfigRules`, and
//! `DescribeOrganizationConformancePacks` without names (it iterates the
//! missing name list): the organization sub-rules are ERROR, never SKIP.
//! Those paths' verdicts are proven with aws-smithy-mocks
//! (`collect/src/tests/config_health.rs`). The scans pass
//! `--max-attempts 2` so the 500s are not retried for long.

use crate::common::{assert_finding, findings, Lab};
use crate::lambda::function;
#[allow(unused_imports)]
use crate::sdk::*;
use aws_sdk_config::types::{
    AccountAggregationSource, ConfigRule, ConfigurationRecorder, DeliveryChannel, EventSource,
    MessageType, Owner, RecordingGroup, Source, SourceDetail,
};

#[tokio::test(flavor = "multi_thread")]
async fn config_aggregator_and_custom_rules_scan_snapshot_and_fixture_agree() {
    let Some(lab) = Lab::new("config-health").await else {
        return;
    };
    let region = "us-east-1";
    let config = lab_client!(lab, aws_sdk_config, region);
    let bucket = lab.name("config");
    lab.bucket(&bucket).await;
    let topic = format!("arn:aws:sns:{region}:{}:config-changes", lab.account);
    config
        .put_configuration_recorder()
        .configuration_recorder(
            ConfigurationRecorder::builder()
                .name("default")
                .role_arn(format!("arn:aws:iam::{}:role/config", lab.account))
                .recording_group(RecordingGroup::builder().all_supported(true).build())
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
                .sns_topic_arn(&topic)
                .build(),
        )
        .send()
        .await
        .unwrap();
    config
        .put_configuration_aggregator()
        .configuration_aggregator_name("central")
        .account_aggregation_sources(
            AccountAggregationSource::builder()
                .account_ids(&lab.account)
                .all_aws_regions(true)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    config
        .put_aggregation_authorization()
        .authorized_account_id("999988887777")
        .authorized_aws_region(region)
        .send()
        .await
        .unwrap();
    let lambda = lab_client!(lab, aws_sdk_lambda, region);
    let role = lab.role("ami-check", "lambda.amazonaws.com").await;
    let function_arn = function(&lambda, "ami-check", &role).await;
    config
        .put_config_rule()
        .config_rule(
            ConfigRule::builder()
                .config_rule_name("approved-amis")
                .source(
                    Source::builder()
                        .owner(Owner::CustomLambda)
                        .source_identifier(&function_arn)
                        .source_details(
                            SourceDetail::builder()
                                .event_source(EventSource::AwsConfig)
                                .message_type(MessageType::ConfigurationItemChangeNotification)
                                .build(),
                        )
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();

    let checks = "config-aggregator,config-rules-healthy";
    let (doc, account) = lab.scan_and_snapshot(checks, &[region], &["--max-attempts", "2"]);
    let cfg = &account["config"];
    let aggregator = &cfg["aggregators"][0];
    assert_eq!(aggregator["name"], "central");
    assert_eq!(
        aggregator["account_sources"][0]["account_ids"][0],
        lab.account.as_str()
    );
    assert_eq!(aggregator["account_sources"][0]["all_aws_regions"], true);
    let auth = &cfg["aggregation_authorizations"][0];
    assert_eq!(
        (
            &auth["authorized_account_id"],
            &auth["authorized_aws_region"]
        ),
        (&"999988887777".into(), &region.into())
    );
    let rule = &cfg["rules"][0];
    assert_eq!(rule["lambda_function_arn"], function_arn.as_str());
    assert_eq!(cfg["delivery_channels"][0]["sns_topic_arn"], topic.as_str());

    // In no organization, the account holds its own aggregator; moto cannot
    // tell how its sources are doing.
    assert_finding(
        &doc,
        "config-aggregator",
        aggregator["arn"].as_str().unwrap(),
        "error",
        "DescribeConfigurationAggregatorSourcesStatus failed: Http500",
    );
    assert_eq!(findings(&doc, "config-aggregator").len(), 1, "{doc:#}");
    let healthy = "config-rules-healthy";
    assert_finding(
        &doc,
        healthy,
        rule["arn"].as_str().unwrap(),
        "error",
        "DescribeConfigRuleEvaluationStatus failed: Http500",
    );
    let region_arn = format!("arn:aws:config:{region}:{}", lab.account);
    assert_finding(
        &doc,
        healthy,
        &region_arn,
        "error",
        "DescribeConformancePacks failed: Http500",
    );
    assert_finding(
        &doc,
        healthy,
        &format!("{region_arn}:organization-config-rules"),
        "error",
        "DescribeOrganizationConfigRules failed: Http500",
    );
    assert_finding(
        &doc,
        healthy,
        &format!("{region_arn}:organization-conformance-packs"),
        "error",
        "DescribeOrganizationConformancePacks failed: Http500",
    );
    assert_eq!(findings(&doc, healthy).len(), 4, "{doc:#}");
}
