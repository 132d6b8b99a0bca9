//! AWS Config: recorders, delivery channels, rules with their evaluation
//! status (some custom rules on Lambda functions) and the S3 logging
//! remediation.

use super::fixture::{absent, de, denied, uuid, val};
use super::gen::Gen;
use super::iam::{self, REMEDIATION};
use super::lambda::RotationFunctions;
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, BLIND, REGIONS};
use serde_json::{json, Value};

const RULES: Kind = Kind::scaled("config.rules", 5);

pub const GENERATOR: Generator = Generator {
    kinds: &[
        RULES,
        Kind::fixed("config.recorders"),
        Kind::fixed("config.delivery_channels"),
        Kind::fixed("config.remediations"),
    ],
    generate: |g, n| config(g, n[RULES]),
};

/// Per region: a customer recorder (recording everything, without the
/// global types, with exclusions and daily, or unreadable), a
/// service-linked one in one region, delivery channels (one failing,
/// one to a Control Tower bucket, none in the last region), the
/// `s3-bucket-logging-enabled` rule with its remediation in three
/// regions; plus `n` other rules: most evaluating, some failing, not yet
/// evaluated a day on, unreadable or unreported; one in ten a custom rule
/// on a Lambda function (a rotation function of its region, or one that
/// does not exist).
fn config(g: &mut Gen, n_rules: usize) {
    let mut config = awscheck_checks::inventory::config::Config::default();
    let groups = [
        json!({"all_supported": true, "include_global_resource_types": true}),
        json!({"all_supported": true, "include_global_resource_types": false}),
        json!({"recording_strategy": "EXCLUSION_BY_RESOURCE_TYPES", "exclusion_resource_types": ["AWS::S3::Bucket", "AWS::EC2::Volume"]}),
        json!({"all_supported": true}),
    ];
    let statuses = [
        val(json!({"recording": true, "last_status": "SUCCESS"})),
        val(json!({"recording": true, "last_status": "SUCCESS"})),
        val(
            json!({"recording": true, "last_status": "FAILURE", "last_error_code": "InsufficientDeliveryPolicyException"}),
        ),
        denied("DescribeConfigurationRecorderStatus"),
    ];
    for (r, (group, status)) in groups.into_iter().zip(statuses).enumerate() {
        let region = REGIONS[r];
        config.recorders.push(de(json!({
            "arn": format!("arn:aws:config:{region}:{ACCOUNT}:configuration-recorder/default/{}", uuid(r, 0xc0)),
            "region": region, "account_id": ACCOUNT, "name": "default", "recording_group": group,
            "recording_frequency": if r == 2 { "DAILY" } else { "CONTINUOUS" }, "status": status
        })));
        let channel = match r {
            0 => Some((
                "config-bucket",
                val(
                    json!({"config_history_last_status": "SUCCESS", "config_snapshot_last_status": "SUCCESS"}),
                ),
            )),
            1 => Some((
                "config-bucket",
                val(json!({"config_history_last_status": "FAILURE"})),
            )),
            2 => Some((
                "aws-controltower-logs-999988887777-ap-southeast-2",
                absent(),
            )),
            _ => None,
        };
        if let Some((bucket, status)) = channel {
            let topic = (r == 0).then(|| format!("arn:aws:sns:{region}:{ACCOUNT}:config-changes"));
            config.delivery_channels.push(de(json!({
                "arn": format!("arn:aws:config:{region}:{ACCOUNT}:delivery-channel/default"),
                "region": region, "account_id": ACCOUNT, "name": "default",
                "s3_bucket_name": bucket, "sns_topic_arn": topic, "status": status
            })));
        }
    }
    config.recorders.push(de(json!({
        "arn": format!("arn:aws:config:eu-west-1:{ACCOUNT}:configuration-recorder/AWSConfigurationRecorderForConformancePacks/linked"),
        "region": "eu-west-1", "account_id": ACCOUNT, "name": "AWSConfigurationRecorderForConformancePacks",
        "recording_group": {"resource_types": ["AWS::S3::Bucket"]},
        "service_principal": "config-conforms.amazonaws.com",
        "status": val(json!({"recording": true}))
    })));
    for (r, region) in REGIONS.iter().enumerate().take(BLIND) {
        let rule = "s3-bucket-logging-enabled";
        config.rules.push(de(json!({
            "arn": format!("arn:aws:config:{region}:{ACCOUNT}:config-rule/config-rule-{r:06}"),
            "region": region, "account_id": ACCOUNT, "name": rule, "source_identifier": "S3_BUCKET_LOGGING_ENABLED",
            "evaluation_status": evaluating(g)
        })));
        let role = match r {
            0 => iam::role(g, REMEDIATION).arn,
            1 => iam::nth_role(g, REMEDIATION, 1),
            _ => iam::missing_role(g, REMEDIATION).arn,
        };
        config.remediations.push(de(json!({
            "arn": format!("arn:aws:config:{region}:{ACCOUNT}:remediation-configuration/{rule}/{}", uuid(r, 0x4e)),
            "region": region, "account_id": ACCOUNT, "config_rule_name": rule, "target_type": "SSM_DOCUMENT",
            "target_id": if r == 1 { "Custom-FixLogging" } else { "AWS-ConfigureS3BucketLogging" },
            "target_version": if r == 2 { "7" } else { "$DEFAULT" },
            "automatic": r != 1, "automation_assume_role": role,
            "maximum_automatic_attempts": if r == 0 { json!(5) } else { Value::Null },
            "retry_attempt_seconds": 60,
            "executions": val(json!([
                {"resource_id": "app-000001-us-east-1", "state": "SUCCEEDED", "last_updated": g.ago(30)},
                {"resource_id": "app-000002-us-east-1", "state": if r == 0 { "FAILED" } else { "SUCCEEDED" }, "last_updated": g.ago(50)}
            ]))
        })));
    }
    for i in 0..n_rules {
        let r = i % REGIONS.len();
        let region = REGIONS[r];
        let status = match g.rng.pct() {
            0..=69 => evaluating(g),
            70..=79 => val(json!({
                "first_activated": g.ago(24 * 90), "first_evaluation_started": true,
                "last_successful_evaluation": g.ago(48), "last_failed_evaluation": g.ago(1),
                "last_error_code": "InsufficientPermissionsException"
            })),
            80..=86 => val(json!({"first_activated": g.ago(72), "first_evaluation_started": false})),
            87..=93 => denied("DescribeConfigRuleEvaluationStatus"),
            _ => absent(),
        };
        let function = (i % 10 == 0).then(|| {
            let name = g.made.of::<RotationFunctions>().0[r]
                .first()
                .filter(|_| i % 20 == 0)
                .cloned()
                .unwrap_or_else(|| format!("deleted-rule-fn-{i}"));
            format!("arn:aws:lambda:{region}:{ACCOUNT}:function:{name}")
        });
        config.rules.push(de(json!({
            "arn": format!("arn:aws:config:{region}:{ACCOUNT}:config-rule/config-rule-{:06}", 100 + i),
            "region": region, "account_id": ACCOUNT, "name": format!("custom-rule-{i}"),
            "lambda_function_arn": function, "evaluation_status": status
        })));
    }
    g.acct.config = Some(config);
}

/// A rule evaluating without errors for months.
fn evaluating(g: &Gen) -> Value {
    val(json!({
        "first_activated": g.ago(24 * 90), "first_evaluation_started": true,
        "last_successful_evaluation": g.ago(2), "last_successful_invocation": g.ago(2)
    }))
}
