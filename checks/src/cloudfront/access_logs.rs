//! ## What it checks
//!
//! Every CloudFront distribution logs its requests: through legacy
//! standard logging to S3 (`Logging.Enabled` in its configuration), or
//! through standard logging v2, a CloudWatch Logs delivery source (in
//! us-east-1) whose `resourceArns` name the distribution.
//!
//! - PASS: either one.
//! - FAIL: legacy logging is off and no delivery source names the
//!   distribution.
//! - ERROR: the distribution's configuration could not be read and no
//!   delivery source names it; or legacy logging is off and the delivery
//!   sources could not be read. Where legacy logging is on, unreadable
//!   delivery sources cannot change the verdict: PASS, with a note.
//! - SKIP: a distribution deleted since it was listed.
//!
//! The AWS Config rule may not recognise v2 logging, so its results can
//! differ from this check's for distributions that log only through v2.
//!
//! ## Why it matters
//!
//! Access logs are the edge's request trail: who asked for what, from
//! where, with what result, before the origin ever sees it. Without them an
//! attack on the edge leaves no record. The notes list CloudFront access
//! logs to S3 among the logs every account keeps (notes 000 › Monitoring and
//! Logging › "all kinds of logs").
//!
//! ## How to fix
//!
//! - **Console**: CloudFront › the distribution › Logging › Add, choose
//!   Amazon S3, CloudWatch Logs or Firehose as the destination (standard
//!   logging v2); or, legacy, General › Edit › Standard logging On with an
//!   S3 bucket.
//! - **CLI**: v2: `aws logs put-delivery-source --name NAME --resource-arn arn:aws:cloudfront::ACCOUNT:distribution/ID --log-type ACCESS_LOGS --region us-east-1`,
//!   then `put-delivery-destination` and `create-delivery`; legacy:
//!   `aws cloudfront get-distribution-config`, set `Logging.Enabled=true`
//!   and `Logging.Bucket`, `aws cloudfront update-distribution --if-match ETAG`.
//! - **CloudFormation**: `AWS::Logs::DeliverySource` (with
//!   `ResourceArn` the distribution), `AWS::Logs::DeliveryDestination` and
//!   `AWS::Logs::Delivery`; or `DistributionConfig.Logging` of the
//!   `AWS::CloudFront::Distribution`.
//!
//! ## References
//!
//! - Study notes: 000 › Monitoring and Logging › "all kinds of logs".
//! - AWS: "Standard logging (access logs)" in the CloudFront developer guide.
//! - AWS Config managed rule `cloudfront-accesslogs-enabled`; Prowler
//!   `cloudfront_distributions_logging_enabled`.

use crate::collected::CollectError;
use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::cloudfront::{self, Distribution};
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "cloudfront-access-logs",
    title: "CloudFront distributions log access (legacy S3 logging or v2 log delivery)",
    service: "cloudfront",
    severity: Severity::Low,
    section: "000 › Monitoring and Logging › \"all kinds of logs\"",
    catalog: "MON-11",
    reads: &[
        cloudfront::DISTRIBUTIONS,
        cloudfront::DISTRIBUTION_TAGS,
        cloudfront::LOGGING,
        cloudfront::DELIVERY_SOURCES,
    ],
    tolerates: &[cloudfront::DELIVERY_SOURCES],
    settings: &[],
    config_rule: Some("cloudfront-accesslogs-enabled"),
    prowler: Some("cloudfront_distributions_logging_enabled"),
    source: include_str!("access_logs.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let section = ctx.cloudfront();
    // Distribution ARN → the delivery source that names it.
    let mut v2: HashMap<&str, &str> = HashMap::new();
    for s in &section.delivery_sources {
        for arn in &s.resource_arns {
            v2.entry(arn.as_str()).or_insert(s.name.as_str());
        }
    }
    for d in &section.distributions {
        let unread = ctx.unreadable(cloudfront::DELIVERY_SOURCES, &d.region);
        judge(d, v2.get(d.arn.as_str()).copied(), unread, em);
    }
}

fn judge(d: &Distribution, v2: Option<&str>, v2_unread: Option<&CollectError>, em: &mut Emitter) {
    if let Some(source) = v2 {
        return em.pass(
            d,
            format!("standard logging v2 through delivery source {source}"),
        );
    }
    let logging = match d.logging.known() {
        Err(e) => return em.error(d, e),
        Ok(None) => return em.skip(d, "deleted since it was listed"),
        Ok(Some(l)) => l,
    };
    if logging.enabled {
        let mut v = Verdict::new();
        if let Some(e) = v2_unread {
            v.note(format!(
                "standard logging v2 delivery sources could not be read: {e}"
            ));
        }
        let bucket = logging.bucket.as_deref().unwrap_or("an unnamed bucket");
        return v.emit(em, d, format!("legacy standard logging to {bucket}"));
    }
    match v2_unread {
        Some(e) => em.error_reason(
            d,
            format!("legacy logging is off, and the standard logging v2 delivery sources could not be read: {e}"),
        ),
        None => em.fail(
            d,
            "neither legacy standard logging to S3 nor a standard logging v2 delivery source",
        ),
    }
}
