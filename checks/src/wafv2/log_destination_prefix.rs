//! ## What it checks
//!
//! The logging destination of every WAFv2 web ACL is named with the prefix
//! `aws-waf-logs-` and exists where WAF can deliver to it. A web ACL has one
//! destination, `LogDestinationConfigs[0]`, whose name is taken from its ARN:
//!
//! - S3: `arn:aws:s3:::BUCKET` or `arn:aws:s3:::BUCKET/PREFIX` → `BUCKET`;
//! - CloudWatch Logs: `arn:aws:logs:REGION:ACCOUNT:log-group:NAME` (a
//!   trailing `:*` removed) → `NAME`;
//! - Firehose: `arn:aws:firehose:REGION:ACCOUNT:deliverystream/NAME` → `NAME`.
//!
//! For each web ACL with logging:
//!
//! - FAIL: the name does not start with the exact, lower-case prefix
//!   `aws-waf-logs-` (`AWS-WAF-LOGS-x` fails too). The notes state the rule
//!   for S3 buckets; the WAF API reference requires it for all three types.
//! - FAIL: the destination does not exist. A bucket that is neither one of
//!   the account's buckets nor a referenced bucket of another account with a
//!   readable region (`NoSuchBucket`, or not known at all) does not exist; a
//!   log group must match by exact name in its ARN's region
//!   (`DescribeLogGroups`); a Firehose stream must exist in its ARN's region
//!   with status `ACTIVE`.
//! - FAIL: a log group or Firehose stream is not in the web ACL's region
//!   (us-east-1 for a `CLOUDFRONT` web ACL). **The S3 region rule is not
//!   enforced**: the catalog asks to verify it against the WAF developer guide
//!   first, so a bucket in another region is only noted.
//! - ERROR: the logging configuration could not be read; the destination ARN
//!   is not an S3 bucket, log group or Firehose stream ARN; a bucket of
//!   another account whose region could not be read (`GetBucketLocation`
//!   failed); a destination in another account, or in a region that was not
//!   collected, or in a region where its service could not be listed (for S3:
//!   a bucket not found while S3 could not be listed somewhere).
//! - PASS: correctly named, exists, and (log group, Firehose) in the right region.
//! - SKIP: a web ACL without logging (judged by `waf-logging-enabled`), or
//!   whose configuration lists no destination, or whose `LogScope` is not
//!   `CUSTOMER` (for example `SECURITY_LAKE`: the destination belongs to the
//!   managing service, not to a name the customer chose).
//!
//! Separately, one finding per S3 bucket, log group and Firehose stream
//! tagged `purpose=waf-logs`: advisory (FAIL at low) when its name lacks the
//! prefix (WAF cannot deliver to it), PASS otherwise.
//!
//! WAF itself validates the prefix when logging is configured, so on a live
//! account this check mostly catches deleted or renamed destinations and
//! untagged look-alikes; on mocked fixtures and IaC-rendered configurations
//! it is the main guard.
//!
//! ## Why it matters
//!
//! A wrongly named destination cannot receive WAF logs, and a deleted one
//! silently stops logging, so the attack analysis the logs exist for is gone
//! when it is needed. The notes state the naming rule: S3 bucket names for
//! WAF logs must start with `aws-waf-logs-` (notes 001 › ## AWS WAF › ###
//! Logging to S3; notes 001 › ## Amazon CloudWatch & Logging › ### AWS WAF
//! Logging; notes 001 › ## AWS WAF & Traffic Logging, step 2; notes 000 › ##
//! Filling the gap › - practice exam #1).
//!
//! ## How to fix
//!
//! Create a destination named `aws-waf-logs-<suffix>` in the web ACL's region
//! (us-east-1 for CloudFront), then point the logging configuration at it.
//! Resources can be renamed only by re-creating them.
//!
//! - **Console**: create the bucket, log group or Firehose stream named `aws-waf-logs-…`; then WAF & Shield › Web ACLs › the web ACL › Logging and metrics › Edit, and choose it.
//! - **CLI**: `aws logs create-log-group --log-group-name aws-waf-logs-app` (or `aws s3api create-bucket --bucket aws-waf-logs-app`), then `aws wafv2 put-logging-configuration --logging-configuration ResourceArn=WEB_ACL_ARN,LogDestinationConfigs=DESTINATION_ARN`.
//! - **CloudFormation**: an `AWS::Logs::LogGroup` (or `AWS::S3::Bucket`, `AWS::KinesisFirehose::DeliveryStream`) whose name starts with `aws-waf-logs-`, and an `AWS::WAFv2::LoggingConfiguration` whose `LogDestinationConfigs` is its ARN.
//!
//! ## References
//!
//! - Study notes: 001 › ## AWS WAF › ### Logging to S3; 001 › ## AWS WAF & Traffic Logging; 001 › ## Amazon CloudWatch & Logging › ### AWS WAF Logging; 000 › ## Filling the gap › - practice exam #1.
//! - AWS: WAF developer guide, "Logging destinations" (Amazon S3, CloudWatch Logs, Amazon Data Firehose); WAF API reference, `PutLoggingConfiguration` and `LoggingConfiguration.LogDestinationConfigs`.
//! - No AWS Config managed rule (`wafv2-logging-enabled` checks only that logging is present); no Prowler check.

use super::{destination, Destination, Located};
use crate::engine::{Check, Context, Emitter, Resource, Severity, Verdict};
use crate::inventory::firehose::DeliveryStream;
use crate::inventory::logs::LogGroup;
use crate::inventory::s3::{BucketIndex, BucketRef};
use crate::inventory::wafv2::WebAcl;
use crate::inventory::Tags;
use crate::inventory::{firehose, logs, s3, wafv2};
use crate::judge::reference::{self, ByPlace, Reference};

pub static CHECK: Check = Check {
    id: "waf-log-destination-prefix",
    title: "WAF log destinations are named aws-waf-logs-* and exist",
    service: "wafv2",
    severity: Severity::Medium,
    section: "001 › ## AWS WAF › ### Logging to S3; 001 › ## AWS WAF & Traffic Logging",
    catalog: "SEC-15",
    reads: &[
        wafv2::WEB_ACLS,
        wafv2::WEB_ACL_LOGGING,
        wafv2::WEB_ACL_TAGS,
        s3::BUCKETS,
        s3::BUCKET_TAGS,
        s3::OTHER_BUCKETS,
        logs::LOG_GROUPS,
        logs::LOG_GROUP_TAGS,
        firehose::DELIVERY_STREAMS,
        firehose::DELIVERY_STREAM_TAGS,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: None,
    prowler: None,
    source: include_str!("log_destination_prefix.rs"),
    run,
};

/// The prefix WAF requires of every log destination's name.
const PREFIX: &str = "aws-waf-logs-";

/// The tag marking resources meant to receive WAF logs.
const PURPOSE_TAG: (&str, &str) = ("purpose", "waf-logs");

fn run(ctx: &Context, em: &mut Emitter) {
    let index = Index::new(ctx);
    for acl in &ctx.wafv2().web_acls {
        judge(ctx, &index, acl, em);
    }
    judge_tagged(ctx, em);
}

/// The destinations a logging configuration can name, indexed.
struct Index<'a> {
    buckets: BucketIndex<'a>,
    log_groups: ByPlace<'a, LogGroup>,
    streams: ByPlace<'a, DeliveryStream>,
}

impl<'a> Index<'a> {
    fn new(ctx: &'a Context) -> Index<'a> {
        Index {
            buckets: ctx.s3().index(),
            log_groups: reference::log_groups(&ctx.logs().log_groups),
            streams: ByPlace::new(&ctx.firehose().delivery_streams, |s| {
                (&s.account_id, &s.region, &s.name)
            }),
        }
    }
}

fn judge(ctx: &Context, index: &Index, acl: &WebAcl, em: &mut Emitter) {
    let Some((arn, dest, mut v)) = destination(acl, em) else {
        return;
    };
    let (kind, name) = (dest.kind(), dest.name());
    if !name.starts_with(PREFIX) {
        v.fail(lacks_prefix(kind, name));
    }
    // WAF delivers to log groups and streams in the web ACL's own region;
    // CLOUDFRONT web ACLs live in us-east-1.
    let home = if acl.scope.eq_ignore_ascii_case("CLOUDFRONT") {
        "us-east-1"
    } else {
        acl.region.as_str()
    };
    match dest {
        Destination::Bucket(bucket) => bucket_exists(ctx, &index.buckets, bucket, home, &mut v),
        Destination::LogGroup(at) => {
            reference::log_group(ctx, &index.log_groups, arn).or_record(&mut v);
            in_home_region(kind, at, home, &mut v);
        }
        Destination::Stream(at) => {
            let stream =
                Reference::regional(format!("{kind} {name}"), "firehose", at.region, at.account)
                    .resolve(ctx, index.streams.get(at.account, at.region, at.name));
            if let Some(s) = stream.or_record(&mut v).filter(|s| s.status != "ACTIVE") {
                v.fail(format!("{kind} {name} is {}, not ACTIVE", s.status));
            }
            in_home_region(kind, at, home, &mut v);
        }
    }
    v.emit(
        em,
        acl,
        format!(
            "web ACL {} logs to {kind} {name}, which is correctly named and exists",
            acl.name
        ),
    );
}

fn lacks_prefix(kind: &str, name: &str) -> String {
    let mut r = format!("{kind} {name} does not start with {PREFIX}");
    if name.to_ascii_lowercase().starts_with(PREFIX) {
        r.push_str(" (the prefix is case-sensitive: it must be lower-case)");
    }
    r
}

/// Existence of a bucket: owned, or another account's with a readable region.
fn bucket_exists(ctx: &Context, buckets: &BucketIndex, bucket: &str, home: &str, v: &mut Verdict) {
    let label = format!("S3 bucket {bucket}");
    let Some((found, region)) = reference::bucket_region(ctx, buckets, bucket, label).or_record(v)
    else {
        return;
    };
    if matches!(found, BucketRef::Other(_)) {
        v.note(format!("bucket {bucket} belongs to another account"));
    }
    if region != home {
        v.note(format!(
            "bucket {bucket} is in {region}, the web ACL logs from {home}: the S3 region rule is not enforced"
        ));
    }
}

fn in_home_region(kind: &str, at: Located, home: &str, v: &mut Verdict) {
    if at.region != home {
        v.fail(format!(
            "{kind} {} is in {}, but the web ACL's logs must go to its own region {home}",
            at.name, at.region
        ));
    }
}

/// One finding per bucket, log group or stream tagged `purpose=waf-logs`.
fn judge_tagged(ctx: &Context, em: &mut Emitter) {
    let s3 = ctx
        .s3()
        .buckets
        .iter()
        .map(|b| (b as &dyn Resource, "S3 bucket", b.name.as_str(), &b.tags));
    let logs = ctx
        .logs()
        .log_groups
        .iter()
        .map(|g| (g as &dyn Resource, "log group", g.name.as_str(), &g.tags));
    let streams = ctx.firehose().delivery_streams.iter().map(|s| {
        (
            s as &dyn Resource,
            "Firehose stream",
            s.name.as_str(),
            &s.tags,
        )
    });
    for (r, kind, name, tags) in s3.chain(logs).chain(streams) {
        if !tagged_for_waf(tags) {
            continue;
        }
        if name.starts_with(PREFIX) {
            em.pass(
                r,
                format!("{kind} {name} is tagged purpose=waf-logs and correctly named"),
            );
        } else {
            em.warn(
                r,
                format!(
                    "{} but is tagged purpose=waf-logs: WAF cannot deliver logs to it",
                    lacks_prefix(kind, name)
                ),
            );
        }
    }
}

fn tagged_for_waf(tags: &Tags) -> bool {
    tags.iter().any(|(k, v)| {
        k.trim().eq_ignore_ascii_case(PURPOSE_TAG.0) && v.trim().eq_ignore_ascii_case(PURPOSE_TAG.1)
    })
}
