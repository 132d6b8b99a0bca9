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
use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::cloudtrail::{Trail, TrailStatus};
use crate::inventory::kms::KeyIndex;
use crate::inventory::logs::LogGroup;
use crate::inventory::{cloudtrail, iam, kms as kms_section, logs};
use crate::judge::kms;
use crate::judge::reference::{self, Lookup};
use crate::judge::role::Roles;
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
    settings: &[],
    config_rule: Some("cloud-trail-cloud-watch-logs-enabled"),
    prowler: Some("cloudtrail_cloudwatch_logging_enabled"),
    source: include_str!("cloudwatch_logs_cmk.rs"),
    run,
};

/// The longest acceptable gap between the last delivery and the scan.
const MAX_DELIVERY_AGE_HOURS: i64 = 1;

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
    kms::log_group_key(ctx, keys, group, reference, v)
}
