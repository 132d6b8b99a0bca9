//! ## What it checks
//!
//! Every Kinesis data stream is encrypted at rest with KMS
//! (`kinesis:DescribeStreamSummary` `EncryptionType` and `KeyId`). One
//! finding per stream:
//!
//! - FAIL: `EncryptionType` is `NONE`: records are stored unencrypted.
//! - Advisory (FAIL at low): the stream uses the AWS managed key
//!   `alias/aws/kinesis` (by alias name or alias ARN) and `require_cmk` is
//!   set.
//! - PASS: `EncryptionType` is `KMS` (the reason names the key; on the AWS
//!   managed key when `require_cmk` is not set).
//! - SKIP: the stream was deleted between the listing and
//!   `DescribeStreamSummary`.
//! - ERROR: the stream's encryption could not be read.
//!
//! The key is judged by the identifier the stream reports: a stream given
//! the AWS managed key by its key id or key ARN rather than its alias is
//! taken for a customer managed key.
//!
//! ## Why it matters
//!
//! Kinesis Data Streams secures data with IAM, HTTPS in transit, VPC
//! endpoints and, at rest, KMS with the AWS managed key or a customer
//! managed key (notes 000 › Resilient cloud solutions › "kinesis data
//! streams"). Server-side encryption is off until it is turned on: the
//! records of an unencrypted stream sit in clear text on the service's
//! storage for the whole retention period. A customer managed key adds a
//! key policy you control and a CloudTrail record of every use.
//!
//! ## How to fix
//!
//! Turn on server-side encryption (existing records stay as they were;
//! new records are encrypted). Producers and consumers need
//! `kms:GenerateDataKey` and `kms:Decrypt` on a customer managed key.
//!
//! - **Console**: Kinesis › Data streams › the stream › Configuration › Encryption › Edit › Enable server-side encryption, choose the key › Save changes.
//! - **CLI**: `aws kinesis start-stream-encryption --stream-name STREAM --encryption-type KMS --key-id alias/app-streams` (or `alias/aws/kinesis`).
//! - **CloudFormation**: `StreamEncryption: {EncryptionType: KMS, KeyId: alias/app-streams}` on the `AWS::Kinesis::Stream`.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "kinesis data streams".
//! - AWS: "Data protection in Amazon Kinesis Data Streams" and "How do I get started with server-side encryption?" (Kinesis Data Streams Developer Guide).
//! - AWS Config managed rule `kinesis-stream-encrypted`; Prowler `kinesis_stream_encrypted_at_rest`.

use crate::engine::{Check, Context, Emitter, Severity};
use crate::inventory::kinesis::{self, Stream};
use crate::settings::REQUIRE_CMK;

pub static CHECK: Check = Check {
    id: "kinesis-stream-encryption",
    title: "Kinesis data streams are KMS-encrypted",
    service: "kinesis",
    severity: Severity::Medium,
    section: "000 › Resilient cloud solutions › \"kinesis data streams\"",
    catalog: "RES-11",
    reads: &[kinesis::STREAMS, kinesis::ENCRYPTION, kinesis::STREAM_TAGS],
    tolerates: &[],
    settings: &[&REQUIRE_CMK],
    config_rule: Some("kinesis-stream-encrypted"),
    prowler: Some("kinesis_stream_encrypted_at_rest"),
    source: include_str!("stream_encryption.rs"),
    run,
};

/// The alias of the AWS managed key of Kinesis.
const AWS_MANAGED_ALIAS: &str = "alias/aws/kinesis";

fn run(ctx: &Context, em: &mut Emitter) {
    let require_cmk = ctx.setting(&REQUIRE_CMK);
    for stream in &ctx.kinesis().streams {
        judge(stream, require_cmk, em);
    }
}

fn judge(stream: &Stream, require_cmk: bool, em: &mut Emitter) {
    let encryption = match stream.encryption.known() {
        Err(e) => return em.error(stream, e),
        Ok(None) => return em.skip(stream, "the stream was deleted since it was listed"),
        Ok(Some(e)) => e,
    };
    if !encryption.encryption_type.eq_ignore_ascii_case("KMS") {
        return em.fail(
            stream,
            format!(
                "server-side encryption is off (EncryptionType {}): records are stored unencrypted",
                encryption.encryption_type
            ),
        );
    }
    let key = encryption.key_id.as_deref().unwrap_or(AWS_MANAGED_ALIAS);
    let aws_managed = is_aws_managed(key);
    if aws_managed && require_cmk {
        return em.warn(
            stream,
            format!("encrypted with the AWS managed key {key}, and require_cmk is set"),
        );
    }
    let kind = if aws_managed {
        "the AWS managed key"
    } else {
        "KMS key"
    };
    em.pass(stream, format!("encrypted at rest with {kind} {key}"));
}

/// `alias/aws/kinesis`, or its alias ARN.
fn is_aws_managed(key: &str) -> bool {
    key == AWS_MANAGED_ALIAS || key.ends_with(&format!(":{AWS_MANAGED_ALIAS}"))
}
