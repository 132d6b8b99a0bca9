//! ## What it checks
//!
//! The account's primary trail streams to CloudWatch Logs, delivery works,
//! and the log group is encrypted with a customer managed KMS key that
//! CloudWatch Logs may use. A primary trail is multi-region, logging, and
//! owned by this account; each one is judged, one finding per trail.
//!
//! - FAIL when any of these holds:
//!   - the trail has no CloudWatch Logs log group (`CloudWatchLogsLogGroupArn`),
//!     or the group does not exist;
//!   - `LatestCloudWatchLogsDeliveryError` is set, or the last delivery
//!     (`LatestCloudWatchLogsDeliveryTime`) is more than 1 hour before the
//!     scan, or there was never one;
//!   - there is no `CloudWatchLogsRoleArn`, the role does not exist, or its
//!     trust policy does not let `cloudtrail.amazonaws.com` assume it;
//!   - the log group has no `kmsKeyId`, the key does not exist or is not
//!     `Enabled`, or the key policy does not `Allow` the CloudWatch Logs
//!     service principal (`logs.amazonaws.com` or `logs.<region>.amazonaws.com`)
//!     `kms:Encrypt*`, `kms:Decrypt*`, `kms:ReEncrypt*`,
//!     `kms:GenerateDataKey*` and `kms:Describe*` (the rule of
//!     `logs-group-kms`). A `kms:EncryptionContext:aws:logs:arn` condition
//!     counts only when it matches the group's ARN; other conditions are
//!     not evaluated.
//! - FAIL on the account when no trail is primary and CloudTrail could be
//!   listed in every region.
//! - SKIP: an organization trail seen from a member account (it is
//!   evaluated in its home account); a single-region or stopped trail; a
//!   primary trail without a log group when another primary trail streams
//!   to CloudWatch Logs.
//! - ERROR: the trail status, the role, the log group, the key or its
//!   policy could not be read (including CloudWatch Logs, KMS or IAM not
//!   listable where the reference points).
//!
//! ## Why it matters
//!
//! CloudWatch Logs is the real-time audit path: without it there is no
//! metric filter on `DeleteBucket` and no alarm (`cloudtrail-metric-filter-alarms`).
//! The notes prescribe "Send to CloudWatch Logs" and a customer managed key
//! whose policy grants `logs.amazonaws.com`, for compliance such as FIPS
//! 140-2 (notes 001 › ## Amazon CloudTrail → CloudWatch Logs with KMS), and
//! list CloudTrail among the AWS logs that go to both S3 and CloudWatch
//! Logs (notes 000 › Monitoring and Logging › "all kinds of logs"). A
//! broken role or key policy silently stops delivery.
//!
//! ## How to fix
//!
//! - **Console**: CloudTrail › Trails › the trail › CloudWatch Logs › Edit: enable it, choose the log group and a role CloudTrail can assume. In CloudWatch › Log groups, associate the group with a customer managed key whose policy allows `logs.<region>.amazonaws.com`.
//! - **CLI**: `aws cloudtrail update-trail --name TRAIL --cloud-watch-logs-log-group-arn GROUP_ARN --cloud-watch-logs-role-arn ROLE_ARN`; `aws logs associate-kms-key --log-group-name GROUP --kms-key-id KEY_ARN`; `aws kms put-key-policy --key-id KEY --policy-name default --policy file://policy.json`.
//! - **CloudFormation**: `AWS::CloudTrail::Trail` with `CloudWatchLogsLogGroupArn` and `CloudWatchLogsRoleArn`; an `AWS::IAM::Role` trusting `cloudtrail.amazonaws.com` with `logs:CreateLogStream` and `logs:PutLogEvents`; an `AWS::Logs::LogGroup` with `KmsKeyId`; an `AWS::KMS::Key` whose `KeyPolicy` allows the `logs.${AWS::Region}.amazonaws.com` service principal.
//!
//! ## References
//!
//! - Study notes: 001 › ## Amazon CloudTrail → CloudWatch Logs with KMS; 000 › Monitoring and Logging › "all kinds of logs".
//! - AWS: "Sending events to CloudWatch Logs" (CloudTrail user guide); "Encrypt log data in CloudWatch Logs using AWS Key Management Service".
//! - AWS Config managed rules `cloud-trail-cloud-watch-logs-enabled` and `cloudwatch-log-group-encrypted`; Prowler `cloudtrail_cloudwatch_logging_enabled`.

use super::{primary_trails, streaming_trails};
use crate::arn::wildcard_match;
use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::cloudtrail::{Trail, TrailStatus};
use crate::inventory::kms::KeyIndex;
use crate::inventory::logs::LogGroup;
use crate::inventory::{cloudtrail, iam, kms as kms_section, logs};
use crate::judge::kms::{self, KeyState, KmsKey};
use crate::judge::reference::{self, Lookup};
use crate::judge::role::Roles;
use crate::policy::{Effect, Policy, Statement};
use chrono::Duration;

pub static CHECK: Check = Check {
    id: "cloudtrail-cloudwatch-logs-cmk",
    title:
        "The trail streams to CloudWatch Logs, delivery works, and the log group is CMK-encrypted",
    service: "cloudtrail",
    severity: Severity::High,
    section: "001 › ## Amazon CloudTrail → CloudWatch Logs with KMS",
    catalog: "MON-03",
    reads: &[
        cloudtrail::TRAILS,
        cloudtrail::TRAIL_STATUS,
        cloudtrail::EVENT_SELECTORS,
        logs::LOG_GROUPS,
        logs::LOG_GROUP_TAGS,
        kms_section::KEYS,
        kms_section::KEY_METADATA,
        kms_section::KEY_POLICY,
        kms_section::ALIASES,
        iam::ROLES,
    ],
    tolerates: &[],
    config_rule: Some("cloud-trail-cloud-watch-logs-enabled"),
    prowler: Some("cloudtrail_cloudwatch_logging_enabled"),
    source: include_str!("cloudwatch_logs_cmk.rs"),
    run,
};

/// The longest acceptable gap between the last delivery and the scan.
const MAX_DELIVERY_AGE_HOURS: i64 = 1;

/// The key-policy actions CloudWatch Logs needs (one per action family).
const LOGS_KEY_ACTIONS: &[&str] = &[
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:GenerateDataKey",
    "kms:DescribeKey",
];

fn run(ctx: &Context, em: &mut Emitter) {
    let primary = primary_trails(
        ctx,
        em,
        "no multi-region trail owned by this account is logging, so nothing streams API activity to CloudWatch Logs",
    );
    let (keys, roles) = (ctx.kms().index(), Roles::new(ctx));
    let groups = reference::log_groups(&ctx.logs().log_groups);
    let no_stream =
        "the trail does not send events to CloudWatch Logs (no CloudWatchLogsLogGroupArn)";
    for (trail, group) in streaming_trails(em, &primary, no_stream) {
        if let Some(status) = trail.status.value() {
            let group = reference::log_group(ctx, &groups, group);
            judge(ctx, trail, status, group, &keys, &roles, em);
        }
    }
}

fn judge(
    ctx: &Context,
    trail: &Trail,
    status: &TrailStatus,
    group: Lookup<&LogGroup>,
    keys: &KeyIndex,
    roles: &Roles,
    em: &mut Emitter,
) {
    let mut v = Verdict::new();
    if let Some(e) = status
        .latest_cloudwatch_logs_delivery_error
        .as_deref()
        .filter(|e| !e.is_empty())
    {
        v.fail(format!("CloudWatch Logs delivery error: {e}"));
    }
    match status.latest_cloudwatch_logs_delivery_time {
        None => v.fail("CloudTrail has never delivered to CloudWatch Logs"),
        Some(t) if ctx.now - t > Duration::hours(MAX_DELIVERY_AGE_HOURS) => v.fail(format!(
            "last delivery to CloudWatch Logs was at {}, more than {MAX_DELIVERY_AGE_HOURS} hour before the scan",
            t.format("%Y-%m-%dT%H:%M:%SZ")
        )),
        Some(_) => {}
    }
    match trail.cloudwatch_logs_role_arn.as_deref() {
        None => v.fail("no CloudWatch Logs role (CloudWatchLogsRoleArn)"),
        Some(arn) => {
            let label = format!("role {arn}");
            roles
                .assumable_by(ctx, arn, "cloudtrail.amazonaws.com", &label)
                .or_record(&mut v);
        }
    }
    let mut pass = String::new();
    if let Some(group) = group.or_record(&mut v) {
        if let Some(key) = judge_key(ctx, group, keys, &mut v) {
            pass = format!(
                "streams to log group {} (encrypted with enabled key {key} that CloudWatch Logs may use)",
                group.name
            );
        }
    }
    v.emit(
        em,
        trail,
        format!("{pass}; recent delivery, and the role trusts cloudtrail.amazonaws.com"),
    );
}

/// Judges the group's key; returns the key ARN when it is fine.
fn judge_key(ctx: &Context, group: &LogGroup, keys: &KeyIndex, v: &mut Verdict) -> Option<String> {
    let Some(reference) = group.kms_key_id.as_deref() else {
        v.fail(format!(
            "log group {} is not encrypted with a customer managed KMS key (no kmsKeyId)",
            group.name
        ));
        return None;
    };
    let label = format!("the log group's key {reference}");
    let key = match kms::key(
        ctx,
        keys,
        reference,
        &group.region,
        &group.account_id,
        &label,
    )
    .or_record(v)?
    {
        KmsKey::Described(key) if key.state() == KeyState::Enabled => key,
        KmsKey::Described(key) => {
            v.fail(format!(
                "the log group's key {} is {}, not Enabled",
                key.arn(),
                key.state()
            ));
            return None;
        }
        KmsKey::AwsManagedAlias => {
            v.fail(format!("{label} is an AWS managed key"));
            return None;
        }
    };
    let policy = key.policy().or_record(v)?;
    let missing = missing_logs_actions(&policy, &group.region, &group.arn);
    if missing.is_empty() {
        Some(key.arn().to_string())
    } else {
        v.fail(format!(
            "the policy of key {} does not allow logs.{}.amazonaws.com (or logs.amazonaws.com) {}",
            key.arn(),
            group.region,
            missing.join(", ")
        ));
        None
    }
}

/// The CloudWatch Logs actions the key policy does not grant the logs
/// service principal of `region` for the group `group_arn`.
fn missing_logs_actions(policy: &Policy, region: &str, group_arn: &str) -> Vec<&'static str> {
    let principals = [
        "logs.amazonaws.com".to_string(),
        format!("logs.{region}.amazonaws.com"),
    ];
    let grants: Vec<&Statement> = policy
        .statements
        .iter()
        .filter(|s| {
            s.effect == Effect::Allow
                && s.principal.as_ref().is_some_and(|p| {
                    p.of_type("Service")
                        .iter()
                        .any(|v| principals.iter().any(|x| x.eq_ignore_ascii_case(v)))
                })
                && s.conditions_on("kms:EncryptionContext:aws:logs:arn")
                    .all(|c| {
                        c.values
                            .iter()
                            .any(|pattern| wildcard_match(pattern, group_arn))
                    })
        })
        .collect();
    LOGS_KEY_ACTIONS
        .iter()
        .copied()
        .filter(|a| !grants.iter().any(|s| s.matches_action(a)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::engine::Status;
    use crate::testing::{assert_finding, run};
    use serde_json::{json, Value};

    const TRAIL: &str = "arn:aws:cloudtrail:us-east-1:111122223333:trail/main";
    const GROUP_ARN: &str = "arn:aws:logs:us-east-1:111122223333:log-group:ct:*";
    const ROLE: &str = "arn:aws:iam::111122223333:role/ct-logs";
    const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/k1";
    const ACCOUNT: &str = "arn:aws:cloudtrail::111122223333";

    /// An edit of the fixture account.
    type Change = fn(&mut Value);

    fn trail() -> Value {
        let mut t = crate::cloudtrail::test_support::trail();
        t["cloudwatch_logs_log_group_arn"] = json!(GROUP_ARN);
        t["cloudwatch_logs_role_arn"] = json!(ROLE);
        t["status"]["value"]["latest_cloudwatch_logs_delivery_time"] =
            json!("2026-11-21T11:40:00Z");
        t
    }

    fn key_policy() -> Value {
        json!({"Statement": [{"Effect": "Allow", "Principal": {"Service": "logs.us-east-1.amazonaws.com"},
            "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            "Resource": "*",
            "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:111122223333:log-group:*"}}}]})
    }

    fn account() -> Value {
        json!({
            "cloudtrail": {"trails": [trail()]},
            "logs": {"log_groups": [{"arn": "arn:aws:logs:us-east-1:111122223333:log-group:ct", "region": "us-east-1",
                "account_id": "111122223333", "name": "ct", "kms_key_id": KEY, "metric_filters": {"value": []}}]},
            "kms": {"keys": [{"arn": KEY, "region": "us-east-1", "account_id": "111122223333", "key_id": "k1",
                "metadata": {"value": {"key_manager": "CUSTOMER", "key_state": "Enabled", "key_spec": "SYMMETRIC_DEFAULT"}},
                "policy": {"value": key_policy()}}]},
            "iam": {"roles": [{"arn": ROLE, "region": "global", "account_id": "111122223333", "name": "ct-logs",
                "trust_policy": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}]}
        })
    }

    fn judge(a: Value, status: Status, needle: &str) {
        assert_finding(&run(&CHECK, a), TRAIL, status, needle);
    }

    #[test]
    fn streaming_encrypted_trail_passes() {
        judge(account(), Status::Pass, "encrypted with enabled key");
        let mut a = account();
        a["kms"]["keys"][0]["policy"]["value"]["Statement"][0]["Principal"]["Service"] =
            json!("logs.amazonaws.com");
        a["logs"]["log_groups"][0]["kms_key_id"] = json!("k1");
        judge(a, Status::Pass, "streams to log group ct");
    }

    #[test]
    fn failing_paths_say_why() {
        let cases: Vec<(&str, Change, &str)> = vec![
            (
                "no group",
                |a| a["cloudtrail"]["trails"][0]["cloudwatch_logs_log_group_arn"] = Value::Null,
                "no CloudWatchLogsLogGroupArn",
            ),
            (
                "delivery error",
                |a| {
                    a["cloudtrail"]["trails"][0]["status"]["value"]
                        ["latest_cloudwatch_logs_delivery_error"] = json!("AccessDenied")
                },
                "delivery error: AccessDenied",
            ),
            (
                "stale delivery",
                |a| {
                    a["cloudtrail"]["trails"][0]["status"]["value"]
                        ["latest_cloudwatch_logs_delivery_time"] = json!("2026-11-21T10:59:00Z")
                },
                "more than 1 hour",
            ),
            (
                "never delivered",
                |a| {
                    a["cloudtrail"]["trails"][0]["status"]["value"]
                        ["latest_cloudwatch_logs_delivery_time"] = Value::Null
                },
                "never delivered",
            ),
            (
                "no role",
                |a| a["cloudtrail"]["trails"][0]["cloudwatch_logs_role_arn"] = Value::Null,
                "no CloudWatch Logs role",
            ),
            (
                "missing role",
                |a| a["iam"]["roles"] = json!([]),
                "role arn:aws:iam::111122223333:role/ct-logs does not exist",
            ),
            (
                "untrusting role",
                |a| {
                    a["iam"]["roles"][0]["trust_policy"]["Statement"][0]["Principal"]["Service"] =
                        json!("ec2.amazonaws.com")
                },
                "does not trust cloudtrail.amazonaws.com",
            ),
            (
                "missing group",
                |a| a["logs"]["log_groups"] = json!([]),
                "log group ct does not exist",
            ),
            (
                "no kms key",
                |a| a["logs"]["log_groups"][0]["kms_key_id"] = Value::Null,
                "no kmsKeyId",
            ),
            (
                "missing key",
                |a| a["kms"]["keys"] = json!([]),
                "does not exist",
            ),
            (
                "disabled key",
                |a| {
                    a["kms"]["keys"][0]["metadata"]["value"]["key_state"] = json!("PendingDeletion")
                },
                "is PendingDeletion, not Enabled",
            ),
            (
                "policy without logs",
                |a| {
                    a["kms"]["keys"][0]["policy"]["value"]["Statement"][0]["Principal"]["Service"] =
                        json!("cloudtrail.amazonaws.com")
                },
                "does not allow logs.us-east-1.amazonaws.com",
            ),
            (
                "other region principal",
                |a| {
                    a["kms"]["keys"][0]["policy"]["value"]["Statement"][0]["Principal"]["Service"] =
                        json!("logs.eu-west-1.amazonaws.com")
                },
                "kms:Encrypt, kms:Decrypt",
            ),
            (
                "partial actions",
                |a| {
                    a["kms"]["keys"][0]["policy"]["value"]["Statement"][0]["Action"] =
                        json!(["kms:GenerateDataKey*", "kms:Decrypt*"])
                },
                "kms:Encrypt, kms:ReEncryptFrom, kms:ReEncryptTo, kms:DescribeKey",
            ),
            (
                "context for other group",
                |a| {
                    a["kms"]["keys"][0]["policy"]["value"]["Statement"][0]["Condition"]["ArnLike"]
                        ["kms:EncryptionContext:aws:logs:arn"] =
                        json!("arn:aws:logs:us-east-1:111122223333:log-group:other")
                },
                "does not allow",
            ),
        ];
        for (name, change, needle) in cases {
            let mut a = account();
            change(&mut a);
            let f = run(&CHECK, a);
            let got = assert_finding(&f, TRAIL, Status::Fail, needle);
            assert_eq!(got.severity, crate::engine::Severity::High, "{name}");
        }
    }

    #[test]
    fn unreadable_data_is_an_error() {
        let cases: Vec<(Change, &str)> = vec![
            (
                |a| {
                    a["kms"]["keys"][0]["metadata"] =
                        json!({"error": {"operation": "DescribeKey", "code": "AccessDenied"}})
                },
                "DescribeKey failed: AccessDenied",
            ),
            (
                |a| {
                    a["kms"]["keys"][0]["policy"] = json!({"error": {"operation": "GetKeyPolicy", "code": "ThrottlingException"}})
                },
                "throttled: GetKeyPolicy",
            ),
            (
                |a| {
                    a["kms"]["keys"][0]["policy"]["value"] =
                        json!({"Statement": [{"Efect": "Allow"}]})
                },
                "key policy of",
            ),
            (
                |a| a["iam"]["roles"][0]["trust_policy"] = json!({"Statement": 3}),
                "role arn:aws:iam::111122223333:role/ct-logs: trust policy document is not valid",
            ),
            (
                |a| {
                    a["logs"]["log_groups"] = json!([]);
                    a["collection_errors"] = json!([{"service": "logs", "region": "us-east-1", "operation": "DescribeLogGroups", "code": "AccessDenied"}]);
                },
                "CloudWatch Logs could not be listed in us-east-1",
            ),
            (
                |a| {
                    a["kms"]["keys"] = json!([]);
                    a["collection_errors"] = json!([{"service": "kms", "region": "us-east-1", "operation": "ListKeys", "code": "AccessDenied"}]);
                },
                "KMS could not be listed in us-east-1",
            ),
            (
                |a| {
                    a["iam"]["roles"] = json!([]);
                    a["collection_errors"] = json!([{"service": "iam", "region": "global", "operation": "ListRoles", "code": "AccessDenied"}]);
                },
                "could not be looked up: IAM could not be listed",
            ),
            (
                |a| {
                    a["cloudtrail"]["trails"][0]["status"] =
                        json!({"error": {"operation": "GetTrailStatus", "code": "AccessDenied"}})
                },
                "could not tell whether the trail is logging",
            ),
        ];
        for (change, needle) in cases {
            let mut a = account();
            change(&mut a);
            assert_finding(&run(&CHECK, a), TRAIL, Status::Error, needle);
        }
    }

    #[test]
    fn a_confirmed_failure_wins_over_an_unknown() {
        let mut a = account();
        a["kms"]["keys"][0]["policy"] =
            json!({"error": {"operation": "GetKeyPolicy", "code": "AccessDenied"}});
        a["cloudtrail"]["trails"][0]["cloudwatch_logs_role_arn"] = Value::Null;
        let f = assert_finding(
            &run(&CHECK, a),
            TRAIL,
            Status::Fail,
            "no CloudWatch Logs role",
        );
        assert!(f.reason.contains("also could not evaluate"), "{}", f.reason);
    }

    #[test]
    fn organization_trail_from_a_member_is_skipped() {
        let mut a = account();
        a["cloudtrail"]["trails"][0]["account_id"] = json!("999988887777");
        let f = run(&CHECK, a);
        assert_finding(
            &f,
            TRAIL,
            Status::Skip,
            "organization trail owned by account 999988887777",
        );
        assert_eq!(f.len(), 1, "no account-level FAIL: {f:#?}");
    }

    #[test]
    fn non_primary_trails_are_skipped_and_the_account_fails() {
        let mut a = account();
        a["cloudtrail"]["trails"][0]["is_multi_region"] = json!(false);
        let f = run(&CHECK, a);
        assert_finding(&f, TRAIL, Status::Skip, "single-region trail");
        assert_finding(
            &f,
            ACCOUNT,
            Status::Fail,
            "no multi-region trail owned by this account is logging",
        );
        let mut a = account();
        a["cloudtrail"]["trails"][0]["status"]["value"]["is_logging"] = json!(false);
        let f = run(&CHECK, a);
        assert_finding(&f, TRAIL, Status::Skip, "not logging");
        assert_finding(&f, ACCOUNT, Status::Fail, "no multi-region trail");
        let f = run(
            &CHECK,
            json!({"cloudtrail": {}, "logs": {}, "kms": {}, "iam": {}}),
        );
        assert_finding(&f, ACCOUNT, Status::Fail, "no multi-region trail");
    }

    #[test]
    fn blind_cloudtrail_leaves_the_engine_error_standing() {
        let f = run(
            &CHECK,
            json!({"cloudtrail": {}, "logs": {}, "kms": {}, "iam": {}, "collection_errors": [
                {"service": "cloudtrail", "region": "eu-west-1", "operation": "DescribeTrails", "code": "AccessDenied"}]}),
        );
        crate::cloudtrail::test_support::assert_only_blind_eu_error(&f);
    }

    #[test]
    fn second_primary_trail_without_logs_is_skipped() {
        let mut a = account();
        let mut other = trail();
        other["arn"] = json!("arn:aws:cloudtrail:us-east-1:111122223333:trail/data");
        other["name"] = json!("data");
        other["cloudwatch_logs_log_group_arn"] = Value::Null;
        a["cloudtrail"]["trails"]
            .as_array_mut()
            .unwrap()
            .push(other);
        let f = run(&CHECK, a);
        assert_finding(&f, TRAIL, Status::Pass, "streams to log group ct");
        assert_finding(
            &f,
            "arn:aws:cloudtrail:us-east-1:111122223333:trail/data",
            Status::Skip,
            "primary trail main does",
        );
    }
}
