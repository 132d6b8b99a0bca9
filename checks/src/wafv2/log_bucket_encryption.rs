//! ## What it checks
//!
//! The destination each web ACL logs to (the first of its logging
//! configuration's `LogDestinationConfigs`) is encrypted in a way WAF log
//! delivery works with: SSE-S3, or a customer managed KMS key that the log
//! delivery service may use; never an AWS managed KMS key.
//!
//! - **S3 bucket** (`s3:GetBucketEncryption`, `kms:DescribeKey`, `kms:GetKeyPolicy`):
//!   - PASS: default encryption `AES256` (SSE-S3); or `aws:kms` (or
//!     `aws:kms:dsse`) with a customer managed, `Enabled` key whose key
//!     policy allows the `delivery.logs.amazonaws.com` service principal
//!     `kms:GenerateDataKey*`. A bucket with no default encryption rule
//!     passes with a note: S3 encrypts new objects with SSE-S3 anyway.
//!   - FAIL: `aws:kms` without a key (S3 then uses `aws/s3`), with
//!     `alias/aws/s3` or any key whose `KeyManager` is `AWS`; the key is not
//!     `Enabled` or does not exist; its policy does not allow the delivery
//!     principal.
//! - **CloudWatch Logs log group**: the rule of `logs-group-kms` for its key
//!   (`kmsKeyId`): customer managed, `Enabled`, and a key policy that lets
//!   `logs.<region>.amazonaws.com` (or `logs.amazonaws.com`) encrypt,
//!   decrypt, re-encrypt, generate data keys and describe the key. A group
//!   without a `kmsKeyId` is encrypted by CloudWatch Logs itself: PASS with a
//!   note. A missing log group FAILs.
//! - **Firehose stream**: information only: SKIP.
//! - SKIP: no logging configuration, a configuration managed by another
//!   log scope (Security Lake), or no destination (all judged by
//!   `waf-logging-enabled`).
//! - ERROR: the logging configuration, the bucket's encryption, the key or
//!   its policy could not be read; the bucket belongs to another account
//!   (its encryption cannot be read from here); the destination ARN names
//!   no bucket, log group or stream.
//!
//! ## Why it matters
//!
//! WAF logs are delivered by the log delivery service. It cannot use an AWS
//! managed KMS key: with `aws/s3` on the bucket, delivery fails and the
//! logs are silently lost (notes 000 › ## Filling the gap › - practice exam
//! #1: "WAF doesn't support encryption with AWS-managed KMS keys"). The
//! notes then query those S3 logs with Athena (notes 001 › ## AWS WAF &
//! Traffic Logging): a destination that receives nothing leaves nothing to
//! query.
//!
//! ## How to fix
//!
//! Use SSE-S3, or a customer managed key whose policy lets the delivery
//! service use it:
//!
//! ```json
//! {
//!   "Sid": "AllowWafLogDelivery",
//!   "Effect": "Allow",
//!   "Principal": {"Service": "delivery.logs.amazonaws.com"},
//!   "Action": "kms:GenerateDataKey*",
//!   "Resource": "*"
//! }
//! ```
//!
//! - **Console**: S3 › the bucket › Properties › Default encryption › Edit: SSE-S3, or SSE-KMS with a customer managed key; KMS › the key › Key policy › Edit, add the statement.
//! - **CLI**: `aws s3api put-bucket-encryption --bucket BUCKET --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'`; or with `"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"KEY_ARN"` and `aws kms put-key-policy --key-id KEY --policy-name default --policy file://policy.json`.
//! - **CloudFormation**: `AWS::S3::Bucket` `BucketEncryption` with `SSEAlgorithm: AES256` (or `aws:kms` and `KMSMasterKeyID: !GetAtt Key.Arn`), and an `AWS::KMS::Key` whose `KeyPolicy` holds the statement above.
//!
//! ## References
//!
//! - Study notes: 000 › ## Filling the gap › - practice exam #1; 001 › ## AWS WAF & Traffic Logging.
//! - AWS: WAF developer guide, "Sending web ACL traffic logs to an Amazon Simple Storage Service bucket" (encryption and the `delivery.logs.amazonaws.com` key policy); CloudWatch Logs user guide, "Encrypt log data in CloudWatch Logs using AWS Key Management Service".
//! - No AWS Config managed rule and no Prowler check.

use super::{destination, Destination};
use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::kms::KeyIndex;
use crate::inventory::logs::LogGroup;
use crate::inventory::s3::{BucketIndex, BucketRef};
use crate::inventory::wafv2::WebAcl;
use crate::inventory::{kms as kms_section, logs, s3, wafv2};
use crate::judge::kms::{self, KeyState, KmsKey};
use crate::judge::reference::{self, ByPlace};

pub static CHECK: Check = Check {
    id: "waf-log-bucket-encryption",
    title: "WAF log destinations are encrypted with SSE-S3 or a usable CMK, never an AWS managed KMS key",
    service: "wafv2",
    severity: Severity::Medium,
    section: "000 › Filling the gap › \"practice exam #1\"; 001 › ## AWS WAF & Traffic Logging",
    catalog: "SEC-16",
    reads: &[
        wafv2::WEB_ACLS,
        wafv2::WEB_ACL_LOGGING,
        wafv2::WEB_ACL_TAGS,
        s3::BUCKETS,
        s3::ENCRYPTION,
        s3::OTHER_BUCKETS,
        logs::LOG_GROUPS,
        kms_section::KEYS,
        kms_section::KEY_METADATA,
        kms_section::KEY_POLICY,
        kms_section::ALIASES,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: None,
    prowler: None,
    source: include_str!("log_bucket_encryption.rs"),
    run,
};

/// The service principal that delivers WAF logs to S3.
const DELIVERY: &str = "delivery.logs.amazonaws.com";

fn run(ctx: &Context, em: &mut Emitter) {
    let buckets = ctx.s3().index();
    let groups = reference::log_groups(&ctx.logs().log_groups);
    let keys = ctx.kms().index();
    for acl in &ctx.wafv2().web_acls {
        judge(ctx, acl, &buckets, &groups, &keys, em);
    }
}

fn judge(
    ctx: &Context,
    acl: &WebAcl,
    buckets: &BucketIndex,
    groups: &ByPlace<LogGroup>,
    keys: &KeyIndex,
    em: &mut Emitter,
) {
    let Some((arn, dest, mut v)) = destination(acl, em) else {
        return;
    };
    let pass = match dest {
        Destination::Bucket(name) => bucket(ctx, name, buckets, keys, &mut v),
        Destination::LogGroup(_) => log_group(ctx, arn, groups, keys, &mut v),
        Destination::Stream(s) => {
            return em.skip(
                acl,
                format!(
                    "logs to Firehose stream {}: its encryption is information only",
                    s.name
                ),
            )
        }
    };
    v.emit(
        em,
        acl,
        format!("web ACL {} logs to {}", acl.name, pass.unwrap_or_default()),
    );
}

/// Judges an S3 destination; what a PASS says about it.
fn bucket(
    ctx: &Context,
    name: &str,
    buckets: &BucketIndex,
    keys: &KeyIndex,
    v: &mut Verdict,
) -> Option<String> {
    let label = format!("S3 bucket {name}");
    let found = reference::bucket(ctx, buckets, name, &label).or_record(v)?;
    let BucketRef::Owned(b) = found else {
        v.error_reason(format!(
            "{label} belongs to another account: its encryption cannot be read from this one"
        ));
        return None;
    };
    let enc = match b.encryption.known() {
        Err(e) => {
            v.error(e);
            return None;
        }
        Ok(None) => {
            v.note("no default encryption rule: S3 encrypts new objects with SSE-S3");
            return Some(format!("{label}, encrypted with SSE-S3"));
        }
        Ok(Some(enc)) => enc,
    };
    if enc.sse_algorithm.eq_ignore_ascii_case("AES256") {
        return Some(format!("{label}, encrypted with SSE-S3 (AES256)"));
    }
    let Some(reference) = enc.kms_master_key_id.as_deref() else {
        v.fail(format!(
            "{label} uses {} without a key, that is the AWS managed key aws/s3, which WAF log delivery cannot use",
            enc.sse_algorithm
        ));
        return None;
    };
    let key_label = format!("the key {reference} of {label}");
    let key =
        match kms::key(ctx, keys, reference, &b.region, &b.account_id, &key_label).or_record(v)? {
            KmsKey::Described(k) if !k.meta.is_customer_managed() => {
                v.fail(format!(
                    "{key_label} is an AWS managed key ({}), which WAF log delivery cannot use",
                    k.arn()
                ));
                return None;
            }
            KmsKey::AwsManagedAlias => {
                v.fail(format!(
                    "{key_label} is an AWS managed key, which WAF log delivery cannot use"
                ));
                return None;
            }
            KmsKey::Described(k) if k.state() != KeyState::Enabled => {
                v.fail(format!("{key_label} is {}, not Enabled", k.state()));
                return None;
            }
            KmsKey::Described(k) => k,
        };
    let policy = key.policy().or_record(v)?;
    if !policy.grants_service_action(DELIVERY, "kms:GenerateDataKey") {
        v.fail(format!(
            "the policy of key {} does not allow {DELIVERY} kms:GenerateDataKey*",
            key.arn()
        ));
        return None;
    }
    Some(format!(
        "{label}, encrypted with customer managed key {} that {DELIVERY} may use",
        key.arn()
    ))
}

/// Judges a log-group destination; what a PASS says about it.
fn log_group(
    ctx: &Context,
    arn: &str,
    groups: &ByPlace<LogGroup>,
    keys: &KeyIndex,
    v: &mut Verdict,
) -> Option<String> {
    let group = reference::log_group(ctx, groups, arn).or_record(v)?;
    let label = format!("log group {}", group.name);
    let Some(reference) = group.kms_key_id.as_deref() else {
        v.note("no kmsKeyId: CloudWatch Logs encrypts the group with its own key");
        return Some(label);
    };
    let key = kms::usable_by_logs(ctx, keys, group, reference, v)?;
    Some(format!(
        "{label}, encrypted with customer managed key {key} that CloudWatch Logs may use"
    ))
}
