//! ## What it checks
//!
//! Log groups that must be encrypted with a customer managed KMS key are,
//! and every log group's key lets CloudWatch Logs use it.
//!
//! A group is in scope when it matches an entry of `cmk_required_patterns`:
//! a name pattern (`*` and `?` wildcards), or `tag:KEY=VALUE` for a tag
//! (the key compared case-insensitively). By default: the CloudTrail groups
//! (`/aws/cloudtrail*`, `aws-cloudtrail-logs-*`) and groups tagged
//! `cmk-required=true`.
//!
//! - FAIL: an in-scope group has no `kmsKeyId`.
//! - For every group that has a `kmsKeyId`, in scope or not, FAIL when the
//!   key does not exist, is not `Enabled`, or its key policy does not
//!   `Allow` the CloudWatch Logs service principal (`logs.<region>.amazonaws.com`
//!   or `logs.amazonaws.com`) `kms:Encrypt*`, `kms:Decrypt*`,
//!   `kms:ReEncrypt*`, `kms:GenerateDataKey*` and `kms:Describe*`. An
//!   `ArnLike`/`ArnEquals` `kms:EncryptionContext:aws:logs:arn` condition
//!   counts only when it matches the group's ARN.
//! - PASS: the group's key is enabled and usable by CloudWatch Logs.
//! - SKIP: a group out of scope without a key (encrypted by CloudWatch
//!   Logs' own keys, which is the default and enough for it).
//! - ERROR: the key, or its policy, could not be read (including another
//!   account's key the inventory does not cover, or KMS not listable where
//!   the key is).
//!
//! ## Why it matters
//!
//! Log data is always encrypted; a customer managed key adds control and
//! audit that compliance regimes ask for (the notes cite FIPS), and a key
//! policy that does not allow CloudWatch Logs silently stops ingestion into
//! the group. The notes: log groups are encrypted by default, or with KMS
//! (notes 000 › Monitoring and Logging › "cloudwatch-logs"); use a CMK for
//! compliance, and its key policy must allow `logs.amazonaws.com` (notes
//! 001 › ## Amazon CloudWatch & Logging › ### CloudWatch Logs to S3 &
//! Kinesis, "Encryption with KMS").
//!
//! ## How to fix
//!
//! - **Console**: KMS › the key › Key policy › Edit: allow the service principal `logs.REGION.amazonaws.com` `kms:Encrypt*`, `kms:Decrypt*`, `kms:ReEncrypt*`, `kms:GenerateDataKey*` and `kms:Describe*` (with an `ArnLike kms:EncryptionContext:aws:logs:arn` condition naming the groups); then associate the key with the log group (CLI or API).
//! - **CLI**: `aws kms put-key-policy --key-id KEY --policy-name default --policy file://policy.json`; `aws logs associate-kms-key --log-group-name NAME --kms-key-id KEY_ARN`.
//! - **CloudFormation**: `AWS::Logs::LogGroup` with `KmsKeyId: !GetAtt LogsKey.Arn`; `AWS::KMS::Key` whose `KeyPolicy` allows `!Sub logs.${AWS::Region}.amazonaws.com`.
//!
//! ## References
//!
//! - Study notes: 000 › Monitoring and Logging › "cloudwatch-logs"; 001 › ## Amazon CloudWatch & Logging › ### CloudWatch Logs to S3 & Kinesis.
//! - AWS: "Encrypt log data in CloudWatch Logs using AWS Key Management Service".
//! - AWS Config managed rule `cloudwatch-log-group-encrypted`; Prowler `cloudwatch_log_group_kms_encryption_enabled`.

use super::scope::{valid_scopes, Scopes};
use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::kms as kms_section;
use crate::inventory::kms::KeyIndex;
use crate::inventory::logs::{self, LogGroup};
use crate::judge::kms;
use crate::settings::{Setting, Tunable};

/// Which log groups must use a customer managed key.
static CMK_REQUIRED: Setting<Vec<String>> = Setting::new(
    "cmk_required_patterns",
    "Log groups that must be encrypted with a customer managed KMS key: name patterns (`*` and `?` wildcards) or `tag:KEY=VALUE`.",
    r#"["/aws/cloudtrail*", "aws-cloudtrail-logs-*", "tag:cmk-required=true"]"#,
    valid_scopes,
);

pub static CHECK: Check = Check {
    id: "logs-group-kms",
    title: "In-scope log groups use a CMK whose policy allows CloudWatch Logs",
    service: "logs",
    severity: Severity::Low,
    section: "001 › ## Amazon CloudWatch & Logging › ### CloudWatch Logs to S3 & Kinesis; 000 › Monitoring and Logging › \"cloudwatch-logs\"",
    catalog: "MON-02",
    reads: &[
        logs::LOG_GROUPS,
        logs::LOG_GROUP_TAGS,
        kms_section::KEYS,
        kms_section::KEY_METADATA,
        kms_section::KEY_POLICY,
        kms_section::ALIASES,
    ],
    tolerates: &[],
    settings: &[&CMK_REQUIRED],
    config_rule: Some("cloudwatch-log-group-encrypted"),
    prowler: Some("cloudwatch_log_group_kms_encryption_enabled"),
    source: include_str!("group_kms.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let entries = ctx.setting(&CMK_REQUIRED);
    let scopes = Scopes::new(&entries);
    let keys = ctx.kms().index();
    for group in &ctx.logs().log_groups {
        judge(ctx, &keys, group, scopes.matching(group), em);
    }
}

fn judge(ctx: &Context, keys: &KeyIndex, group: &LogGroup, scope: Option<&str>, em: &mut Emitter) {
    let Some(reference) = group.kms_key_id.as_deref() else {
        return match scope {
            Some(entry) => em.fail(
                group,
                format!(
                    "must use a customer managed KMS key (matches {entry}) but has no kmsKeyId"
                ),
            ),
            None => em.skip(
                group,
                format!(
                    "no customer managed key required (matches no {} entry)",
                    CMK_REQUIRED.key()
                ),
            ),
        };
    };
    let mut v = Verdict::new();
    let key = kms::usable_by_logs(ctx, keys, group, reference, &mut v);
    let pass = key
        .map(|arn| {
            format!("encrypted with enabled key {arn}, whose policy lets CloudWatch Logs use it")
        })
        .unwrap_or_default();
    v.emit(em, group, pass);
}
