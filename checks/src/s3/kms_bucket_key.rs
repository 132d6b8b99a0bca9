//! ## What it checks
//!
//! Buckets whose default encryption is SSE-KMS use an S3 Bucket Key, so
//! that S3 asks KMS for a data key once per bucket key lifetime instead of
//! once per object (`s3:GetBucketEncryption`: `SSEAlgorithm`,
//! `BucketKeyEnabled`). One finding per bucket:
//!
//! - PASS: SSE-KMS (`aws:kms`) with `BucketKeyEnabled`; SSE-S3 (`AES256`),
//!   which makes no KMS request at all; no default encryption configured
//!   (S3 has encrypted every new object with SSE-S3 since January 2023).
//! - Advisory (FAIL at low): SSE-KMS without a Bucket Key: every object
//!   written or read is a KMS request, counted against the key's region's
//!   KMS request quota.
//! - SKIP: dual-layer SSE-KMS (`aws:kms:dsse`), which does not support
//!   Bucket Keys.
//! - ERROR: the bucket's encryption could not be read.
//!
//! This is an **adjacent** practice: the notes' mitigation for KMS
//! throttling is SSE-S3 or spreading the load; Bucket Keys are AWS's
//! standard fix for the same problem.
//!
//! ## Why it matters
//!
//! SSE-KMS at scale throttles: each encrypted object needs a
//! `GenerateDataKey` on write and a `Decrypt` on read, and KMS answers a
//! limited number of requests per second per region, shared by every
//! caller in the account; past it, S3 requests fail with throttling
//! errors (notes 001 › ## AWS KMS: Throttling Considerations). A Bucket Key
//! cuts those requests by up to 99 % and the KMS cost with them.
//!
//! ## How to fix
//!
//! Enable the Bucket Key on the bucket's default encryption (objects
//! written before keep their per-object keys until they are copied).
//!
//! - **Console**: S3 › the bucket › Properties › Default encryption › Edit › Bucket Key › Enable › Save changes.
//! - **CLI**: `aws s3api put-bucket-encryption --bucket NAME --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"KEY_ARN"},"BucketKeyEnabled":true}]}'`.
//! - **CloudFormation**: `BucketEncryption: {ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: aws:kms, KMSMasterKeyID: !Ref Key}, BucketKeyEnabled: true}]}` on the `AWS::S3::Bucket`.
//!
//! ## References
//!
//! - Study notes: 001 › ## AWS KMS: Throttling Considerations.
//! - AWS: S3 user guide, "Reducing the cost of SSE-KMS with Amazon S3 Bucket Keys"; KMS developer guide, "Request quotas".
//! - No AWS Config managed rule (related: `s3-default-encryption-kms`); no Prowler check.

use crate::engine::{Check, Context, Emitter, Severity};
use crate::inventory::s3;

pub static CHECK: Check = Check {
    id: "s3-kms-bucket-key",
    title: "SSE-KMS buckets use S3 Bucket Keys",
    service: "s3",
    severity: Severity::Low,
    section: "001 › ## AWS KMS: Throttling Considerations",
    catalog: "RES-29",
    reads: &[s3::BUCKETS, s3::ENCRYPTION, s3::BUCKET_TAGS],
    tolerates: &[],
    settings: &[],
    config_rule: None,
    prowler: None,
    source: include_str!("kms_bucket_key.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    for bucket in &ctx.s3().buckets {
        let encryption = match bucket.encryption.known() {
            Err(e) => {
                em.error(bucket, e);
                continue;
            }
            Ok(None) => {
                em.pass(
                    bucket,
                    "no default encryption configured: S3 encrypts new objects with SSE-S3, which makes no KMS request",
                );
                continue;
            }
            Ok(Some(e)) => e,
        };
        let key = encryption.kms_master_key_id.as_deref().unwrap_or("aws/s3");
        match encryption.sse_algorithm.as_str() {
            "aws:kms" if encryption.bucket_key_enabled => {
                em.pass(bucket, format!("SSE-KMS with key {key} and a Bucket Key"))
            }
            "aws:kms" => em.warn(
                bucket,
                format!("advisory: SSE-KMS with key {key} but no Bucket Key: every object read or written is a KMS request, counted against the region's KMS request quota"),
            ),
            "aws:kms:dsse" => em.skip(
                bucket,
                "dual-layer SSE-KMS (aws:kms:dsse) does not support Bucket Keys",
            ),
            "AES256" => em.pass(bucket, "SSE-S3 (AES256): no KMS request"),
            other => em.pass(bucket, format!("default encryption {other} is not SSE-KMS")),
        }
    }
}
