//! CloudWatch Logs: log groups (some CMK-encrypted, some WAF log
//! destinations, some streaming to the log archive) and the primary
//! trails' log groups with their metric and subscription filters.

use super::fixture::{de, denied, val};
use super::gen::Gen;
use super::kinds::{Generator, Kind};
use super::kms::key_ref;
use super::{ACCOUNT, OTHER, REGIONS};
use serde_json::{json, Value};

const LOG_GROUPS: Kind = Kind::scaled("logs.log_groups", 45);

pub const GENERATOR: Generator = Generator {
    kinds: &[LOG_GROUPS],
    generate: |g, n| logs(g, n[LOG_GROUPS]),
};

/// The `aws-waf-logs-*` log groups made: region index and name.
#[derive(Default)]
pub struct WafLogGroups(pub Vec<(usize, String)>);

/// Log groups (some CMK-encrypted, some WAF destinations, some with
/// unreadable metric filters), and the primary trails' two log groups
/// with the metric filters the alarm check parses.
fn logs(g: &mut Gen, n: usize) {
    let mut logs = awscheck_checks::inventory::logs::Logs::default();
    for i in 0..n {
        let r = g.region();
        let region = REGIONS[r];
        let mut tags = g.env_tags();
        let name = match i {
            _ if i % 30 == 5 => {
                tags["purpose"] = json!("waf-logs");
                let name = format!("aws-waf-logs-{i:05}");
                g.made.of::<WafLogGroups>().0.push((r, name.clone()));
                name
            }
            _ if i % 71 == 9 => {
                tags["purpose"] = json!("waf-logs");
                format!("waf-{i:05}")
            }
            _ => format!("/app/service-{i:05}"),
        };
        let kms = if g.rng.chance(30) {
            key_ref(g, r).map(Value::String).unwrap_or(Value::Null)
        } else {
            Value::Null
        };
        // Mostly 30 days; some never expire, some keep a year.
        let retention = match g.rng.pct() {
            0..=19 => Value::Null,
            20..=29 => json!(365),
            _ => json!(30),
        };
        let filters = match g.rng.pct() {
            0..=69 => val(json!([])),
            70..=94 => val(json!([{"name": "errors", "pattern": "ERROR -DEBUG",
                "transformations": [{"metric_namespace": "App", "metric_name": format!("Errors{i}")}]}])),
            _ => denied("DescribeMetricFilters"),
        };
        // Every seventh service group must stream to the central account
        // (tagged central-logging=true); by index, so the draws stay put.
        if i % 7 == 3 {
            tags["central-logging"] = json!("true");
        }
        logs.log_groups.push(de(json!({
            "arn": format!("arn:aws:logs:{region}:{ACCOUNT}:log-group:{name}"),
            "region": region, "account_id": ACCOUNT, "name": name, "kms_key_id": kms,
            "retention_in_days": retention, "metric_filters": filters, "tags": tags,
            "subscription_filters": subscriptions(i, region)
        })));
    }
    let filter = |name: &str, pattern: &str, metric: &str| {
        json!({"name": name, "pattern": pattern,
               "transformations": [{"metric_namespace": "CloudTrailMetrics", "metric_name": metric}]})
    };
    let main = json!([
        filter("delete-bucket", "{ ($.eventName = DeleteBucket) }", "DeleteBucketCount"),
        filter("trail-changes", "{ ($.eventName = \"StopLogging\") || ($.eventName = DeleteTrail) || ($.eventName = UpdateTrail) }", "TrailChanges"),
        filter("console-failures", "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }", "ConsoleLoginFailures"),
        filter("bucket-policy", "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketPolicy) || ($.eventName = PutBucketAcl)) }", "BucketPolicyChanges"),
        filter("kms", "{ ($.eventName = %Disable.*Key%) || ($.eventName = ScheduleKey*) }", "KmsChanges"),
        filter("flow-logs", "DeleteFlowLogs", "FlowLogChanges"),
        filter("security-groups", "?AuthorizeSecurityGroupIngress ?AuthorizeSecurityGroupEgress", "SecurityGroupChanges"),
        filter("config", "\"StopConfigurationRecorder\"", "ConfigChanges"),
        filter("everything", "{ $.eventName = * }", "AllEvents"),
        filter("all", "", "AllEventsToo"),
        filter("delimited", "[version, account, eventName]", "Delimited"),
        filter("broken", "{ ($.eventName = PutUserPolicy }", "Broken"),
        filter("iam-policy", "%PutUserPolicy%", "IamPolicyChanges"),
        filter("wrong-source", "{ $.eventSource = kms.amazonaws.com && $.eventName = DeleteBucket }", "WrongSource"),
    ]);
    let secondary = json!([
        filter(
            "trail-changes",
            "{ $.eventName = StopLogging || $.eventName = DeleteTrail }",
            "TrailChanges"
        ),
        filter("console", "{ $.eventName = ConsoleLogin }", "ConsoleLogins"),
        filter(
            "root",
            "{ $.userIdentity.type = Root && $.userIdentity.invokedBy NOT EXISTS }",
            "RootUsage"
        ),
    ]);
    for (r, name, key, filters) in [
        (0, "aws-cloudtrail-logs-main", "trail-logs-main", main),
        (
            1,
            "aws-cloudtrail-logs-secondary",
            "trail-logs-secondary",
            secondary,
        ),
    ] {
        let region = REGIONS[r];
        logs.log_groups.push(de(json!({
            "arn": format!("arn:aws:logs:{region}:{ACCOUNT}:log-group:{name}"),
            "region": region, "account_id": ACCOUNT, "name": name, "retention_in_days": 365,
            "kms_key_id": format!("arn:aws:kms:{region}:{ACCOUNT}:key/{key}"),
            "metric_filters": val(filters), "subscription_filters": subscriptions(r, region)
        })));
    }
    g.acct.logs = Some(logs);
}

/// The `i`th group's subscription filters, by index: to the log archive's
/// destination, to a Firehose stream of the account itself, none, or
/// unreadable.
fn subscriptions(i: usize, region: &str) -> Value {
    match i % 4 {
        0 => val(json!([{"name": "to-log-archive",
            "destination_arn": format!("arn:aws:logs:{region}:{OTHER}:destination:central")}])),
        1 => val(json!([{"name": "local",
            "destination_arn": format!("arn:aws:firehose:{region}:{ACCOUNT}:deliverystream/events-0001")}])),
        2 => val(json!([])),
        _ => denied("DescribeSubscriptionFilters"),
    }
}
