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

use super::is_customer_scope;
use crate::arn::Arn;
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
    config_rule: None,
    prowler: None,
    source: include_str!("log_destination_prefix.rs"),
    run,
};

/// The prefix WAF requires of every log destination's name.
const PREFIX: &str = "aws-waf-logs-";

/// The tag marking resources meant to receive WAF logs.
const PURPOSE_TAG: (&str, &str) = ("purpose", "waf-logs");

/// The destination named by a logging configuration's ARN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Destination<'a> {
    Bucket(&'a str),
    LogGroup(Located<'a>),
    Stream(Located<'a>),
}

/// A regional destination: its name, region and account from the ARN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Located<'a> {
    name: &'a str,
    region: &'a str,
    account: &'a str,
}

impl<'a> Destination<'a> {
    fn parse(arn: &'a str) -> Option<Destination<'a>> {
        let a = Arn::parse(arn)?;
        let located = |name: &'a str| {
            (!name.is_empty()).then_some(Located {
                name,
                region: a.region,
                account: a.account,
            })
        };
        match a.service {
            "s3" => {
                let bucket = a.resource.split('/').next().unwrap_or_default();
                (!bucket.is_empty()).then_some(Destination::Bucket(bucket))
            }
            "logs" => {
                let name = a.resource.strip_prefix("log-group:")?;
                located(name.strip_suffix(":*").unwrap_or(name)).map(Destination::LogGroup)
            }
            "firehose" => {
                located(a.resource.strip_prefix("deliverystream/")?).map(Destination::Stream)
            }
            _ => None,
        }
    }

    fn name(&self) -> &'a str {
        match self {
            Destination::Bucket(name) => name,
            Destination::LogGroup(l) | Destination::Stream(l) => l.name,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Destination::Bucket(_) => "S3 bucket",
            Destination::LogGroup(_) => "log group",
            Destination::Stream(_) => "Firehose stream",
        }
    }
}

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
    let cfg = match acl.logging.known() {
        Err(e) => return em.error(acl, e),
        Ok(None) => {
            return em.skip(
                acl,
                "no logging configuration (judged by waf-logging-enabled)",
            )
        }
        Ok(Some(cfg)) => cfg,
    };
    if !is_customer_scope(cfg) {
        let scope = cfg.log_scope.as_deref().unwrap_or_default();
        return em.skip(
            acl,
            format!("log scope {scope}: the destination is managed by that service, not named by the customer"),
        );
    }
    let Some(arn) = cfg.log_destination_configs.first() else {
        return em.skip(
            acl,
            "the logging configuration lists no destination (judged by waf-logging-enabled)",
        );
    };
    let Some(dest) = Destination::parse(arn) else {
        return em.error_reason(
            acl,
            format!("log destination {arn} is not an S3 bucket, CloudWatch Logs log group or Firehose stream ARN"),
        );
    };
    let (kind, name) = (dest.kind(), dest.name());
    let mut v = Verdict::new();
    if cfg.log_destination_configs.len() > 1 {
        v.note(format!(
            "only the first of {} destinations is judged",
            cfg.log_destination_configs.len()
        ));
    }
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

#[cfg(test)]
mod tests {
    use super::{Destination, Located, CHECK};
    use crate::engine::{Finding, Severity, Status};
    use crate::testing::{assert_finding, run};
    use serde_json::{json, Value};

    const ACL: &str = "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/app/1";
    const CF_ACL: &str = "arn:aws:wafv2:us-east-1:111122223333:global/webacl/cdn/2";
    const ACCOUNT: &str = "111122223333";

    fn log_group_arn(region: &str, name: &str) -> String {
        format!("arn:aws:logs:{region}:{ACCOUNT}:log-group:{name}:*")
    }

    fn stream_arn(region: &str, name: &str) -> String {
        format!("arn:aws:firehose:{region}:{ACCOUNT}:deliverystream/{name}")
    }

    /// An account with one REGIONAL web ACL in eu-west-1 logging to `dest`,
    /// and the given other sections.
    fn account(dest: &str, sections: Value) -> Value {
        account_with_logging(
            json!({"value": {"log_destination_configs": [dest]}}),
            sections,
        )
    }

    fn account_with_logging(logging: Value, sections: Value) -> Value {
        let mut a = json!({
            "wafv2": {"web_acls": [{"arn": ACL, "region": "eu-west-1", "account_id": ACCOUNT,
                "name": "app", "id": "1", "scope": "REGIONAL", "logging": logging}]},
            "s3": {}, "logs": {}, "firehose": {}
        });
        for (k, v) in sections.as_object().unwrap() {
            a[k] = v.clone();
        }
        a
    }

    fn bucket(name: &str, region: &str) -> Value {
        json!({"arn": format!("arn:aws:s3:::{name}"), "region": region, "account_id": ACCOUNT, "name": name})
    }

    fn log_group(name: &str, region: &str) -> Value {
        json!({"arn": format!("arn:aws:logs:{region}:{ACCOUNT}:log-group:{name}"), "region": region,
            "account_id": ACCOUNT, "name": name})
    }

    fn stream(name: &str, region: &str, status: &str) -> Value {
        json!({"arn": stream_arn(region, name), "region": region, "account_id": ACCOUNT,
            "name": name, "status": status})
    }

    fn acl_finding(account: Value) -> Finding {
        let f = run(&CHECK, account);
        crate::testing::finding(&f, ACL).clone()
    }

    fn assert_acl(account: Value, status: Status, needle: &str) -> Finding {
        assert_finding(&run(&CHECK, account), ACL, status, needle)
    }

    #[test]
    fn parses_destination_names_from_arns() {
        let at = |name, region| Located {
            name,
            region,
            account: ACCOUNT,
        };
        for (arn, want) in [
            (
                "arn:aws:s3:::aws-waf-logs-a",
                Some(Destination::Bucket("aws-waf-logs-a")),
            ),
            (
                "arn:aws:s3:::aws-waf-logs-a/waf/app/",
                Some(Destination::Bucket("aws-waf-logs-a")),
            ),
            (
                "arn:aws-cn:s3:::aws-waf-logs-a",
                Some(Destination::Bucket("aws-waf-logs-a")),
            ),
            (
                "arn:aws:logs:eu-west-1:111122223333:log-group:aws-waf-logs-g:*",
                Some(Destination::LogGroup(at("aws-waf-logs-g", "eu-west-1"))),
            ),
            (
                "arn:aws:logs:eu-west-1:111122223333:log-group:aws-waf-logs-g",
                Some(Destination::LogGroup(at("aws-waf-logs-g", "eu-west-1"))),
            ),
            (
                "arn:aws:firehose:us-east-1:111122223333:deliverystream/aws-waf-logs-s",
                Some(Destination::Stream(at("aws-waf-logs-s", "us-east-1"))),
            ),
            ("arn:aws:s3:::", None),
            ("arn:aws:logs:eu-west-1:111122223333:log-group:", None),
            ("arn:aws:logs:eu-west-1:111122223333:destination:x", None),
            (
                "arn:aws:kinesis:eu-west-1:111122223333:stream/aws-waf-logs-k",
                None,
            ),
            ("aws-waf-logs-bucket", None),
        ] {
            assert_eq!(Destination::parse(arn), want, "{arn}");
        }
    }

    #[test]
    fn correctly_named_existing_destinations_pass() {
        let b = account(
            "arn:aws:s3:::aws-waf-logs-app/waf/",
            json!({"s3": {"buckets": [bucket("aws-waf-logs-app", "eu-west-1")]}}),
        );
        assert_acl(b, Status::Pass, "logs to S3 bucket aws-waf-logs-app");
        let g = account(
            &log_group_arn("eu-west-1", "aws-waf-logs-app"),
            json!({"logs": {"log_groups": [log_group("aws-waf-logs-app", "eu-west-1")]}}),
        );
        assert_acl(g, Status::Pass, "logs to log group aws-waf-logs-app");
        let s = account(
            &stream_arn("eu-west-1", "aws-waf-logs-app"),
            json!({"firehose": {"delivery_streams": [stream("aws-waf-logs-app", "eu-west-1", "ACTIVE")]}}),
        );
        assert_acl(s, Status::Pass, "logs to Firehose stream aws-waf-logs-app");
    }

    #[test]
    fn names_without_the_exact_lower_case_prefix_fail() {
        for (dest, sections, needle) in [
            (
                "arn:aws:s3:::waf-logs-app".to_string(),
                json!({"s3": {"buckets": [bucket("waf-logs-app", "eu-west-1")]}}),
                "S3 bucket waf-logs-app does not start with aws-waf-logs-",
            ),
            (
                "arn:aws:s3:::AWS-WAF-LOGS-app".to_string(),
                json!({"s3": {"buckets": [bucket("AWS-WAF-LOGS-app", "eu-west-1")]}}),
                "must be lower-case",
            ),
            (
                "arn:aws:s3:::aws-waf-logsapp".to_string(),
                json!({"s3": {"buckets": [bucket("aws-waf-logsapp", "eu-west-1")]}}),
                "aws-waf-logsapp does not start with",
            ),
            (
                log_group_arn("eu-west-1", "waf"),
                json!({"logs": {"log_groups": [log_group("waf", "eu-west-1")]}}),
                "log group waf does not start with aws-waf-logs-",
            ),
            (
                stream_arn("eu-west-1", "waf-stream"),
                json!({"firehose": {"delivery_streams": [stream("waf-stream", "eu-west-1", "ACTIVE")]}}),
                "Firehose stream waf-stream does not start with aws-waf-logs-",
            ),
        ] {
            let f = assert_acl(account(&dest, sections), Status::Fail, needle);
            assert_eq!(f.severity, Severity::Medium, "{dest}");
        }
    }

    #[test]
    fn missing_buckets_fail_and_unreadable_ones_are_errors() {
        let dest = "arn:aws:s3:::aws-waf-logs-gone";
        assert_acl(
            account(dest, json!({})),
            Status::Fail,
            "S3 bucket aws-waf-logs-gone does not exist",
        );
        let no_such =
            json!({"s3": {"other_buckets": [{"name": "aws-waf-logs-gone", "region": "absent"}]}});
        assert_acl(account(dest, no_such), Status::Fail, "does not exist");
        let elsewhere = json!({"s3": {"other_buckets": [{"name": "aws-waf-logs-gone", "region": {"value": "eu-west-1"}}]}});
        assert_acl(
            account(dest, elsewhere),
            Status::Pass,
            "belongs to another account",
        );
        let denied = json!({"s3": {"other_buckets": [{"name": "aws-waf-logs-gone",
            "region": {"error": {"operation": "GetBucketLocation", "code": "AccessDenied"}}}]}});
        assert_acl(
            account(dest, denied),
            Status::Error,
            "S3 bucket aws-waf-logs-gone: GetBucketLocation failed: AccessDenied",
        );
        let blind = json!({"collection_errors": [{"service": "s3", "region": "global",
            "operation": "ListBuckets", "code": "AccessDenied"}]});
        assert_acl(
            account(dest, blind),
            Status::Error,
            "could not be looked up: S3 could not be listed",
        );
    }

    #[test]
    fn bucket_region_is_noted_not_enforced() {
        let f = assert_acl(
            account(
                "arn:aws:s3:::aws-waf-logs-app",
                json!({"s3": {"buckets": [bucket("aws-waf-logs-app", "us-east-1")]}}),
            ),
            Status::Pass,
            "the S3 region rule is not enforced",
        );
        assert!(f.reason.contains("is in us-east-1"), "{}", f.reason);
    }

    #[test]
    fn log_groups_match_by_exact_name_in_their_region() {
        let dest = log_group_arn("eu-west-1", "aws-waf-logs-app");
        for groups in [
            json!([]),
            json!([log_group("aws-waf-logs-app-2", "eu-west-1")]),
            json!([log_group("aws-waf-logs-ap", "eu-west-1")]),
            json!([log_group("aws-waf-logs-app", "us-east-1")]),
        ] {
            let f = assert_acl(
                account(&dest, json!({"logs": {"log_groups": groups.clone()}})),
                Status::Fail,
                "log group aws-waf-logs-app does not exist in eu-west-1",
            );
            assert_eq!(f.severity, Severity::Medium, "{groups}");
        }
    }

    #[test]
    fn streams_must_exist_and_be_active() {
        let dest = stream_arn("eu-west-1", "aws-waf-logs-app");
        assert_acl(
            account(&dest, json!({})),
            Status::Fail,
            "Firehose stream aws-waf-logs-app does not exist in eu-west-1",
        );
        let creating = json!({"firehose": {"delivery_streams": [stream("aws-waf-logs-app", "eu-west-1", "CREATING")]}});
        assert_acl(
            account(&dest, creating),
            Status::Fail,
            "is CREATING, not ACTIVE",
        );
        let wrong_region = json!({"firehose": {"delivery_streams": [stream("aws-waf-logs-app", "us-east-1", "ACTIVE")]}});
        assert_acl(
            account(&dest, wrong_region),
            Status::Fail,
            "does not exist in eu-west-1",
        );
    }

    #[test]
    fn log_groups_and_streams_must_be_in_the_web_acl_region() {
        let g = account(
            &log_group_arn("us-east-1", "aws-waf-logs-app"),
            json!({"logs": {"log_groups": [log_group("aws-waf-logs-app", "us-east-1")]}}),
        );
        let f = assert_acl(g, Status::Fail, "log group aws-waf-logs-app is in us-east-1, but the web ACL's logs must go to its own region eu-west-1");
        assert!(!f.reason.contains("does not exist"), "{}", f.reason);
        let s = account(
            &stream_arn("us-east-1", "aws-waf-logs-app"),
            json!({"firehose": {"delivery_streams": [stream("aws-waf-logs-app", "us-east-1", "ACTIVE")]}}),
        );
        assert_acl(
            s,
            Status::Fail,
            "is in us-east-1, but the web ACL's logs must go to its own region eu-west-1",
        );
    }

    #[test]
    fn cloudfront_web_acls_log_to_us_east_1() {
        let cf = |region: &str| {
            json!({
                "wafv2": {"web_acls": [{"arn": CF_ACL, "region": "us-east-1", "account_id": ACCOUNT,
                    "name": "cdn", "id": "2", "scope": "CLOUDFRONT",
                    "logging": {"value": {"log_destination_configs": [log_group_arn(region, "aws-waf-logs-cdn")]}}}]},
                "s3": {}, "firehose": {},
                "logs": {"log_groups": [log_group("aws-waf-logs-cdn", region)]}
            })
        };
        assert_finding(
            &run(&CHECK, cf("us-east-1")),
            CF_ACL,
            Status::Pass,
            "log group aws-waf-logs-cdn",
        );
        assert_finding(
            &run(&CHECK, cf("eu-west-1")),
            CF_ACL,
            Status::Fail,
            "must go to its own region us-east-1",
        );
    }

    #[test]
    fn destinations_that_cannot_be_seen_are_errors() {
        let dest = log_group_arn("eu-west-1", "aws-waf-logs-app");
        let blind = json!({"collection_errors": [{"service": "logs", "region": "eu-west-1",
            "operation": "DescribeLogGroups", "code": "ThrottlingException"}]});
        assert_acl(
            account(&dest, blind),
            Status::Error,
            "log group aws-waf-logs-app could not be looked up: CloudWatch Logs could not be listed in eu-west-1",
        );
        let blind_elsewhere = json!({"collection_errors": [{"service": "logs", "region": "us-east-1",
            "operation": "DescribeLogGroups", "code": "AccessDenied"}]});
        assert_acl(
            account(&dest, blind_elsewhere),
            Status::Fail,
            "does not exist",
        );

        let dest = stream_arn("eu-west-1", "aws-waf-logs-app");
        let blind = json!({"collection_errors": [{"service": "firehose", "region": "eu-west-1",
            "operation": "ListDeliveryStreams", "code": "AccessDeniedException"}]});
        assert_acl(
            account(&dest, blind),
            Status::Error,
            "could not be looked up: Firehose could not be listed in eu-west-1",
        );

        let other_account = "arn:aws:logs:eu-west-1:444455556666:log-group:aws-waf-logs-app";
        assert_acl(
            account(other_account, json!({})),
            Status::Error,
            "belongs to account 444455556666, which this inventory does not cover",
        );

        let uncollected = stream_arn("ap-south-1", "aws-waf-logs-app");
        let f = acl_finding(account(&uncollected, json!({})));
        assert_eq!(
            f.status,
            Status::Fail,
            "the region rule is confirmed: {f:?}"
        );
        assert!(
            f.reason.contains("must go to its own region eu-west-1"),
            "{}",
            f.reason
        );
        assert!(
            f.reason
                .contains("ap-south-1, a region that was not collected"),
            "{}",
            f.reason
        );
    }

    #[test]
    fn logging_states_that_are_not_judged() {
        assert_acl(
            account_with_logging(json!("absent"), json!({})),
            Status::Skip,
            "judged by waf-logging-enabled",
        );
        assert_acl(
            account_with_logging(json!({"value": {"log_destination_configs": []}}), json!({})),
            Status::Skip,
            "lists no destination",
        );
        assert_acl(
            account_with_logging(
                json!({"value": {"log_destination_configs": ["arn:aws:s3:::security-lake-x"], "log_scope": "SECURITY_LAKE"}}),
                json!({}),
            ),
            Status::Skip,
            "log scope SECURITY_LAKE",
        );
        assert_acl(
            account_with_logging(
                json!({"error": {"operation": "GetLoggingConfiguration", "code": "AccessDeniedException"}}),
                json!({}),
            ),
            Status::Error,
            "GetLoggingConfiguration failed",
        );
        assert_acl(
            account(
                "arn:aws:kinesis:eu-west-1:111122223333:stream/aws-waf-logs-k",
                json!({}),
            ),
            Status::Error,
            "is not an S3 bucket, CloudWatch Logs log group or Firehose stream ARN",
        );
    }

    #[test]
    fn only_the_first_destination_is_judged() {
        let logging = json!({"value": {"log_destination_configs": ["arn:aws:s3:::aws-waf-logs-app", "arn:aws:s3:::bad"]}});
        let f = assert_acl(
            account_with_logging(
                logging,
                json!({"s3": {"buckets": [bucket("aws-waf-logs-app", "eu-west-1")]}}),
            ),
            Status::Pass,
            "only the first of 2 destinations is judged",
        );
        assert!(!f.reason.contains("bad"), "{}", f.reason);
    }

    #[test]
    fn resources_tagged_for_waf_logs_need_the_prefix() {
        let tagged = json!({"purpose": "waf-logs"});
        let mut b_bad = bucket("waf-logs-archive", "eu-west-1");
        b_bad["tags"] = tagged.clone();
        let mut b_good = bucket("aws-waf-logs-archive", "eu-west-1");
        b_good["tags"] = json!({"Purpose": "WAF-Logs"});
        let untagged = bucket("random", "eu-west-1");
        let mut g_bad = log_group("/waf/app", "us-east-1");
        g_bad["tags"] = tagged.clone();
        let mut s_bad = stream("waf-firehose", "us-east-1", "ACTIVE");
        s_bad["tags"] = tagged.clone();
        let a = account_with_logging(
            json!("absent"),
            json!({"s3": {"buckets": [b_bad, b_good, untagged]}, "logs": {"log_groups": [g_bad]},
                "firehose": {"delivery_streams": [s_bad]}}),
        );
        let f = run(&CHECK, a);
        assert_eq!(f.len(), 5, "the web ACL and four tagged resources: {f:#?}");
        for (arn, needle) in [
            ("arn:aws:s3:::waf-logs-archive", "S3 bucket waf-logs-archive does not start with aws-waf-logs- but is tagged purpose=waf-logs"),
            ("arn:aws:logs:us-east-1:111122223333:log-group:/waf/app", "log group /waf/app does not start"),
            (&stream_arn("us-east-1", "waf-firehose"), "Firehose stream waf-firehose does not start"),
        ] {
            let w = assert_finding(&f, arn, Status::Fail, needle);
            assert_eq!(w.severity, Severity::Low, "{arn}");
            assert!(w.reason.starts_with("advisory:"), "{}", w.reason);
        }
        assert_finding(
            &f,
            "arn:aws:s3:::aws-waf-logs-archive",
            Status::Pass,
            "correctly named",
        );
        assert!(f.iter().all(|x| x.resource_arn != "arn:aws:s3:::random"));
    }

    #[test]
    fn missing_sections_are_errors() {
        let f = run(&CHECK, json!({"wafv2": {}}));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].status, Status::Error);
        assert!(
            f[0].reason.contains("no s3, logs, firehose section"),
            "{}",
            f[0].reason
        );
    }
}
