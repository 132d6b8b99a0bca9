//! ## What it checks
//!
//! Every S3 bucket has server access logging enabled, delivering to a
//! bucket that exists in the same region.
//!
//! - SKIP: buckets that are themselves the log target (`TargetBucket`) of
//!   another bucket, to avoid recursive logging.
//! - PASS: `LoggingEnabled` is set and its target bucket exists in the
//!   bucket's region (a bucket that is its own target is noted).
//! - FAIL: `LoggingEnabled` is absent; the target bucket does not exist; or
//!   the target is in a different region (S3 delivers no logs there).
//! - Advisory (FAIL at low) instead of any of these FAILs: CloudTrail S3
//!   data events cover the bucket; with the setting
//!   `accept_data_events = true` this is a PASS. Coverage needs both read
//!   and write events for every object of the bucket, from a trail that is
//!   logging and is multi-region or homed in the bucket's region, or from an
//!   enabled CloudTrail Lake event data store of that reach:
//!   - basic event selectors: an `AWS::S3::Object` data resource whose value
//!     is a prefix of `arn:aws:s3:::BUCKET/`: `arn:aws:s3` or `arn:aws:s3:::`
//!     (all buckets), `arn:aws:s3:::BUCKET/` (the whole bucket); read/write
//!     from `ReadWriteType`.
//!   - advanced event selectors: `eventCategory` = `Data`, `resources.type`
//!     = `AWS::S3::Object`, and `resources.ARN` conditions that admit every
//!     object of the bucket (`StartsWith` a prefix of `arn:aws:s3:::BUCKET/`,
//!     and no `Equals`, or `NotStartsWith`/`NotEquals` that exclude any of
//!     its objects); `readOnly` decides read/write; any other field (for
//!     example `eventName`) narrows the selector, which then does not count.
//!
//!   Partial coverage (a key prefix only, read or write only) is reported in
//!   the reason but does not lower the FAIL.
//! - ERROR: the logging configuration could not be read; the target is a
//!   bucket of another account whose region could not be read; the target
//!   is not in the inventory while S3 could not be read in some region; or
//!   the bucket would FAIL but may be the target of another bucket of its
//!   region whose logging configuration could not be read. A trail whose
//!   status or selectors could not be read (or a region where CloudTrail
//!   could not be listed, or whose event data stores could not be read)
//!   leaves a FAIL in place, with the unknown named; a bucket that logs is
//!   judged without them.
//!
//! Remediation status (Config rule `s3-bucket-logging-enabled` with
//! `AWS-ConfigureS3BucketLogging`) is reported by the Config remediation
//! check, not here.
//!
//! ## Why it matters
//!
//! Server access logs are the record of who requested which object: without
//! them (or CloudTrail data events) there is no object-access audit trail.
//! The notes list S3 access logs to S3 among the AWS managed logs (notes 000
//! › Monitoring and Logging › "all kinds of logs") and use this exact rule,
//! `s3-bucket-logging-enabled`, remediated automatically by the SSM document
//! `AWS-ConfigureS3BucketLogging`, as their worked example of Config
//! auto-remediation (notes 001 › ## CloudFormation › ### Core Topics, item
//! 5; notes 001 › ## AWS Config & Auto Remediation).
//!
//! ## How to fix
//!
//! - **Console**: S3 › the bucket › Properties › Server access logging › Edit › Enable, choose a destination bucket in the same region (not the bucket itself) › Save.
//! - **CLI**: `aws s3api put-bucket-logging --bucket NAME --bucket-logging-status '{"LoggingEnabled":{"TargetBucket":"LOGS","TargetPrefix":"NAME/"}}'` (the target's policy must let `logging.s3.amazonaws.com` put objects). At scale: the Config rule `s3-bucket-logging-enabled` with the remediation `AWS-ConfigureS3BucketLogging`.
//! - **CloudFormation**: `LoggingConfiguration: {DestinationBucketName: !Ref LogBucket, LogFilePrefix: NAME/}` on the `AWS::S3::Bucket`, and an `AWS::S3::BucketPolicy` on the log bucket granting `logging.s3.amazonaws.com` `s3:PutObject`.
//!
//! ## References
//!
//! - Study notes: 000 › Monitoring and Logging › "all kinds of logs"; 001 › ## CloudFormation › ### Core Topics (5. Auto Remediation via AWS Config); 001 › ## AWS Config & Auto Remediation.
//! - AWS: S3 user guide, "Logging requests with server access logging" and "Logging Amazon S3 API calls using AWS CloudTrail"; CloudTrail user guide, "Logging data events".
//! - AWS Config managed rule `s3-bucket-logging-enabled` (remediation `AWS-ConfigureS3BucketLogging`); Prowler `s3_bucket_server_access_logging_enabled`.

use crate::engine::{name_list, Check, Context, Emitter, Severity};
use crate::inventory::s3::{Bucket, BucketIndex};
use crate::inventory::{cloudtrail, s3};
use crate::judge::data_events::coverage;
use crate::judge::reference::{self, Lookup};
use crate::judge::targets::{Aim, Pointer, Targets};
use crate::settings::{any, Setting};

/// CloudTrail S3 data events count as access logging.
static ACCEPT_DATA_EVENTS: Setting<bool> = Setting::new(
    "accept_data_events",
    "CloudTrail S3 data events that cover a bucket count as a PASS (by default they are noted on an advisory).",
    "false",
    any,
);

pub static CHECK: Check = Check {
    id: "s3-access-logging",
    title: "S3 buckets have server access logging",
    service: "s3",
    severity: Severity::Medium,
    section: "000 › Monitoring and Logging › \"all kinds of logs\"; 001 › ## AWS Config & Auto Remediation",
    catalog: "MON-10",
    reads: &[
        s3::BUCKETS,
        s3::LOGGING,
        s3::BUCKET_TAGS,
        s3::OTHER_BUCKETS,
        cloudtrail::TRAILS,
        cloudtrail::TRAIL_STATUS,
        cloudtrail::EVENT_SELECTORS,
        cloudtrail::EVENT_DATA_STORES,
    ],
    tolerates: &[cloudtrail::EVENT_DATA_STORES],
    settings: &[&ACCEPT_DATA_EVENTS],
    config_rule: Some("s3-bucket-logging-enabled"),
    prowler: Some("s3_bucket_server_access_logging_enabled"),
    source: include_str!("access_logging.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let s3 = ctx.s3();
    let index = s3.index();
    // Buckets receive the logs of the buckets of their region.
    let targets = Targets::new(s3.buckets.iter().map(|b| Pointer {
        id: &b.name,
        name: &b.name,
        place: b.region.as_str(),
        target: match b.logging.known() {
            Ok(Some(l)) => Aim::At(&l.target_bucket),
            Ok(None) => Aim::Nothing,
            Err(_) => Aim::Unknown,
        },
    }));
    for bucket in &s3.buckets {
        if let Some(srcs) = targets.sources(&bucket.name) {
            em.skip(
                bucket,
                format!(
                    "log target of {}: logging it would be recursive",
                    name_list(srcs)
                ),
            );
            continue;
        }
        judge(ctx, bucket, &index, &targets, em);
    }
}

/// Why a bucket is not compliant, before CloudTrail coverage is considered.
enum Problem {
    Fail(String),
    Error(String),
}

fn judge(
    ctx: &Context,
    bucket: &Bucket,
    index: &BucketIndex,
    targets: &Targets<&str>,
    em: &mut Emitter,
) {
    let reason = match logging_problem(ctx, bucket, index) {
        Ok(pass) => return em.pass(bucket, pass),
        Err(Problem::Error(e)) => return em.error_reason(bucket, e),
        Err(Problem::Fail(reason)) => reason,
    };
    let unreadable = targets.unread_near(&bucket.region.as_str(), &bucket.name);
    if !unreadable.is_empty() {
        return em.error_reason(
            bucket,
            format!(
                "{reason}, but it may be the log target of {}, whose logging configuration could not be read",
                name_list(&unreadable)
            ),
        );
    }
    let cover = coverage(ctx, bucket);
    if let Some(by) = cover.full {
        if ctx.setting(&ACCEPT_DATA_EVENTS) {
            return em.pass(
                bucket,
                format!("{reason}, but CloudTrail S3 data events cover it ({by}; accept_data_events is set)"),
            );
        }
        return em.warn(
            bucket,
            format!("{reason}; CloudTrail S3 data events cover it ({by}), but server access logging is the expected record"),
        );
    }
    let mut reason = reason;
    if !cover.partial.is_empty() {
        reason.push_str(&format!(
            " (CloudTrail data events cover it only partly: {})",
            cover.partial.join("; ")
        ));
    }
    if !cover.unknown.is_empty() {
        reason.push_str(&format!(
            "; also could not evaluate CloudTrail data events: {}",
            cover.unknown.join("; ")
        ));
    }
    em.fail(bucket, reason);
}

/// `Ok(pass reason)`, or what is wrong with the bucket's logging.
fn logging_problem(ctx: &Context, bucket: &Bucket, index: &BucketIndex) -> Result<String, Problem> {
    let logging = match bucket.logging.known() {
        Err(e) => return Err(Problem::Error(e.to_string())),
        Ok(None) => {
            return Err(Problem::Fail(
                "server access logging is not enabled".to_string(),
            ))
        }
        Ok(Some(l)) => l,
    };
    let target = logging.target_bucket.as_str();
    let label = format!("log target bucket {target}");
    match reference::bucket_region(ctx, index, target, label) {
        Lookup::Unknown(why) => Err(Problem::Error(why)),
        Lookup::Missing(why) => Err(Problem::Fail(why)),
        Lookup::Found((_, region)) if region != bucket.region => Err(Problem::Fail(format!(
            "log target bucket {target} is in {region}, not in the bucket's region {}: no logs are delivered",
            bucket.region
        ))),
        Lookup::Found(_) if target == bucket.name => Ok(format!(
            "server access logs go to s3://{target}/{} (note: the bucket is its own log target)",
            logging.target_prefix
        )),
        Lookup::Found(_) => Ok(format!(
            "server access logs go to s3://{target}/{}",
            logging.target_prefix
        )),
    }
}
