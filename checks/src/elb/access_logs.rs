//! ## What it checks
//!
//! Every Application and Classic Load Balancer writes access logs to S3
//! (`access_logs.s3.enabled=true` in the v2 attributes, `AccessLog.Enabled`
//! for a classic one).
//!
//! - PASS: access logs are on and the target bucket exists.
//! - FAIL: access logs are off.
//! - Advisory (FAIL at low): access logs are on but the target bucket does
//!   not exist, or no bucket is named.
//! - A Network Load Balancer is judged only when it has a `TLS` listener
//!   (its access logs record TLS requests only); without one it is SKIP, as
//!   is every Gateway Load Balancer (no access logs).
//! - ERROR: the attributes (or, for a Network Load Balancer, the listeners)
//!   could not be read, or the bucket could not be looked up (S3 not
//!   listed, another account's bucket whose location could not be read).
//! - SKIP: a load balancer deleted since it was listed.
//!
//! ## Why it matters
//!
//! Access logs are the request-level forensic record of what reached the
//! application: client, path, latency, status, TLS cipher. Without them an
//! incident has no trail; the notes list ELB access logs to S3 among the
//! logs every account should keep (notes 000 › Monitoring and Logging ›
//! "all kinds of logs").
//!
//! ## How to fix
//!
//! Create (or pick) a bucket whose policy lets Elastic Load Balancing write
//! to it, then turn logging on.
//!
//! - **Console**: EC2 › Load Balancers › the load balancer › Attributes ›
//!   Edit › Monitoring › Access logs, choose the S3 location, Save.
//! - **CLI**: `aws elbv2 modify-load-balancer-attributes --load-balancer-arn ARN --attributes Key=access_logs.s3.enabled,Value=true Key=access_logs.s3.bucket,Value=BUCKET`;
//!   classic: `aws elb modify-load-balancer-attributes --load-balancer-name NAME --load-balancer-attributes '{"AccessLog":{"Enabled":true,"S3BucketName":"BUCKET","EmitInterval":5}}'`.
//! - **CloudFormation**: `LoadBalancerAttributes` of the
//!   `AWS::ElasticLoadBalancingV2::LoadBalancer` with
//!   `access_logs.s3.enabled: "true"` and `access_logs.s3.bucket`;
//!   `AccessLoggingPolicy` of an `AWS::ElasticLoadBalancing::LoadBalancer`.
//!
//! ## References
//!
//! - Study notes: 000 › Monitoring and Logging › "all kinds of logs".
//! - AWS: "Access logs for your Application Load Balancer", "Access logs for
//!   your Network Load Balancer", "Access logs for your Classic Load Balancer".
//! - AWS Config managed rule `elb-logging-enabled`; Prowler
//!   `elbv2_logging_enabled` (and `elb_logging_enabled` for classic ones).

use crate::engine::{Check, Context, Emitter, Resource, Severity, Verdict};
use crate::inventory::elb::ClassicLoadBalancer;
use crate::inventory::elbv2::LoadBalancer;
use crate::inventory::s3::BucketIndex;
use crate::inventory::{elb, elbv2, s3};
use crate::judge::reference::{self, Lookup};

pub static CHECK: Check = Check {
    id: "elb-access-logs",
    title: "Load balancer access logs go to S3",
    service: "elb",
    severity: Severity::Medium,
    section: "000 › Monitoring and Logging › \"all kinds of logs\"",
    catalog: "MON-08",
    reads: &[
        elbv2::LOAD_BALANCERS,
        elbv2::LOAD_BALANCER_TAGS,
        elbv2::ATTRIBUTES,
        elbv2::LISTENERS,
        elb::LOAD_BALANCERS,
        elb::LOAD_BALANCER_TAGS,
        elb::ATTRIBUTES,
        s3::BUCKETS,
        s3::OTHER_BUCKETS,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: Some("elb-logging-enabled"),
    prowler: Some("elbv2_logging_enabled"),
    source: include_str!("access_logs.rs"),
    run,
};

/// Why a load balancer that no longer exists is not judged.
const GONE: &str = "deleted since it was listed";

fn run(ctx: &Context, em: &mut Emitter) {
    let buckets = ctx.s3().index();
    for lb in &ctx.elbv2().load_balancers {
        judge_v2(ctx, lb, &buckets, em);
    }
    for lb in &ctx.elb().load_balancers {
        judge_classic(ctx, lb, &buckets, em);
    }
}

fn judge_v2(ctx: &Context, lb: &LoadBalancer, buckets: &BucketIndex, em: &mut Emitter) {
    match lb.lb_type.as_str() {
        "gateway" => return em.skip(lb, "Gateway Load Balancer: it has no access logs"),
        "network" => match lb.listeners.known() {
            Err(e) => return em.error(lb, e),
            Ok(None) => return em.skip(lb, GONE),
            Ok(Some(listeners)) => {
                if !listeners
                    .iter()
                    .any(|l| l.protocol.as_deref() == Some("TLS"))
                {
                    return em.skip(
                        lb,
                        "Network Load Balancer without a TLS listener: its access logs record TLS requests only",
                    );
                }
            }
        },
        _ => {}
    }
    let attributes = match lb.attributes.known() {
        Err(e) => return em.error(lb, e),
        Ok(None) => return em.skip(lb, GONE),
        Ok(Some(a)) => a,
    };
    let enabled = attributes
        .get("access_logs.s3.enabled")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let bucket = attributes.get("access_logs.s3.bucket").map(String::as_str);
    judge_logging(ctx, lb, enabled, bucket, buckets, em);
}

fn judge_classic(ctx: &Context, lb: &ClassicLoadBalancer, buckets: &BucketIndex, em: &mut Emitter) {
    match lb.attributes.known() {
        Err(e) => em.error(lb, e),
        Ok(None) => em.skip(lb, GONE),
        Ok(Some(a)) => judge_logging(
            ctx,
            lb,
            a.access_log_enabled,
            a.access_log_bucket.as_deref(),
            buckets,
            em,
        ),
    }
}

/// The verdict once the attributes are known: logging on, and its bucket there.
fn judge_logging(
    ctx: &Context,
    lb: &dyn Resource,
    enabled: bool,
    bucket: Option<&str>,
    buckets: &BucketIndex,
    em: &mut Emitter,
) {
    if !enabled {
        return em.fail(lb, "access logs are disabled");
    }
    let Some(name) = bucket.filter(|b| !b.is_empty()) else {
        return em.warn(lb, "access logs are enabled but name no target bucket");
    };
    let mut v = Verdict::new();
    match reference::bucket(ctx, buckets, name, format!("access log bucket {name}")) {
        Lookup::Found(_) => {}
        Lookup::Missing(why) => v.warn(why),
        Lookup::Unknown(why) => v.error_reason(why),
    }
    v.emit(em, lb, format!("access logs go to S3 bucket {name}"));
}
