//! ## What it checks
//!
//! Every S3 bucket tagged for disaster recovery (`replicate=true`, or a
//! `dr-tier` tag with any value) replicates to a versioned destination
//! (`s3:GetBucketReplication`, `GetBucketVersioning` of the source and of
//! each destination, the IAM roles). One finding per tagged bucket:
//!
//! - FAIL: no replication configuration
//!   (`ReplicationConfigurationNotFoundError`), or none of its rules has
//!   `Status=Enabled`.
//! - FAIL: an enabled rule's destination bucket does not exist (neither
//!   this account's nor another account's bucket that `GetBucketLocation`
//!   finds).
//! - FAIL: the source bucket, or an enabled rule's destination bucket, is
//!   not versioned (`Enabled`): replication requires both.
//! - FAIL: the replication role does not exist.
//! - Advisory (FAIL at low): the bucket carries an `rpo` tag and an enabled
//!   rule has S3 Replication Time Control (`ReplicationTime`) off: without
//!   RTC, S3 gives no replication-time objective to meet the RPO with.
//! - PASS: every enabled rule replicates to an existing, versioned bucket,
//!   from a versioned source, with an existing role.
//! - SKIP: the bucket is not tagged `replicate=true` or `dr-tier`.
//! - ERROR: the replication configuration or a versioning status could not
//!   be read; a destination bucket of another account whose location could
//!   not be read, or that could not be looked up because S3 could not be
//!   listed; a role in an account the inventory does not cover, or IAM
//!   could not be listed.
//!
//! Whether the role trusts `s3.amazonaws.com` and allows the replication
//! actions is not judged: the catalog asks only that it exists.
//!
//! ## Why it matters
//!
//! Cross-region and same-region replication keep a second, asynchronous copy
//! of the objects for disaster recovery, compliance and cross-account
//! copies, and they need IAM permissions and versioning on both sides
//! (notes 000 › Resilient cloud solutions › "S3 - replication"). A bucket
//! the DR plan counts on whose replication is missing, disabled, or points at
//! a bucket or role that is gone has no copy when the region or the bucket is
//! lost. A recovery point objective needs S3 RTC, which replicates 99.99% of
//! objects within 15 minutes; without it replication time is best effort.
//!
//! ## How to fix
//!
//! Enable versioning on both buckets, create a role S3 can assume with the
//! replication permissions, and add an enabled rule (with RTC when an RPO
//! applies).
//!
//! - **Console**: S3 › the bucket › Properties › Bucket Versioning › Enable; Management › Replication rules › Create replication rule › destination bucket, IAM role, "Replication Time Control (RTC)".
//! - **CLI**: `aws s3api put-bucket-versioning --bucket SRC --versioning-configuration Status=Enabled` (and the destination), then `aws s3api put-bucket-replication --bucket SRC --replication-configuration file://replication.json` with `Role`, and `Rules` of `Status: Enabled` whose `Destination` has `Bucket` and `ReplicationTime: {Status: Enabled, Time: {Minutes: 15}}`.
//! - **CloudFormation**: `AWS::S3::Bucket` with `VersioningConfiguration: {Status: Enabled}` and `ReplicationConfiguration: {Role, Rules: [{Status: Enabled, Destination: {Bucket, ReplicationTime, Metrics}}]}`.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "S3 - replication".
//! - AWS: "Replicating objects within and across Regions", "Meeting compliance requirements with S3 Replication Time Control" and "Setting up permissions for live replication" (Amazon S3 User Guide).
//! - AWS Config managed rule `s3-bucket-replication-enabled`; Prowler `s3_bucket_cross_region_replication`.

use crate::collected::Collected;
use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::iam;
use crate::inventory::s3::{self, Bucket, BucketIndex, Replication};
use crate::judge::reference;
use crate::judge::role::Roles;

pub static CHECK: Check = Check {
    id: "s3-replication-critical",
    title: "S3 buckets tagged for DR replicate to a versioned destination",
    service: "s3",
    severity: Severity::Low,
    section: "000 › Resilient cloud solutions › \"S3 - replication\"",
    catalog: "RES-19",
    reads: &[
        s3::BUCKETS,
        s3::REPLICATION,
        s3::VERSIONING,
        s3::BUCKET_TAGS,
        s3::OTHER_BUCKETS,
        iam::ROLES,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: Some("s3-bucket-replication-enabled"),
    prowler: Some("s3_bucket_cross_region_replication"),
    source: include_str!("replication_critical.rs"),
    run,
};

/// The tag stating a recovery point objective, which asks for S3 RTC.
const RPO_TAG: &str = "rpo";

fn run(ctx: &Context, em: &mut Emitter) {
    let buckets = ctx.s3().index();
    let roles = Roles::new(ctx);
    for bucket in &ctx.s3().buckets {
        if !s3::replication_tagged(&bucket.tags) {
            em.skip(bucket, "not tagged replicate=true or dr-tier");
            continue;
        }
        let config = match bucket.replication.known() {
            Err(e) => {
                em.error(bucket, e);
                continue;
            }
            Ok(None) => {
                em.fail(bucket, "no replication configuration");
                continue;
            }
            Ok(Some(c)) => c,
        };
        let mut v = Verdict::new();
        judge(ctx, bucket, config, &buckets, &roles, &mut v);
        v.emit(em, bucket, pass_reason(config));
    }
}

fn judge(
    ctx: &Context,
    bucket: &Bucket,
    config: &Replication,
    buckets: &BucketIndex,
    roles: &Roles,
    v: &mut Verdict,
) {
    let enabled: Vec<_> = config
        .rules
        .iter()
        .filter(|r| r.status == "Enabled")
        .collect();
    if enabled.is_empty() {
        return v.fail("no replication rule is enabled");
    }
    versioned(&bucket.versioning, "the source bucket", v);
    for rule in &enabled {
        let name = rule.destination_name();
        let label = format!("destination bucket {name}");
        if let Some(dest) = reference::bucket(ctx, buckets, name, &label).or_record(v) {
            if let Some(versioning) = dest.versioning() {
                versioned(versioning, &label, v);
            }
        }
    }
    roles
        .lookup(
            ctx,
            &config.role,
            format!("replication role {}", config.role),
        )
        .or_record(v);
    if bucket.tags.contains_key(RPO_TAG) {
        let slow: Vec<&str> = enabled
            .iter()
            .filter(|r| !r.replication_time)
            .map(|r| r.id.as_deref().unwrap_or(r.destination_name()))
            .collect();
        if !slow.is_empty() {
            v.warn(format!(
                "the bucket has an {RPO_TAG} tag but S3 Replication Time Control is off for rule(s) {}",
                slow.join(", ")
            ));
        }
    }
}

/// Versioning `Enabled`, else a failure naming `label` (or unknown).
fn versioned(status: &Collected<String>, label: &str, v: &mut Verdict) {
    match status.known() {
        Err(e) => v.error_reason(format!("{label}'s versioning: {e}")),
        Ok(Some(s)) if s == "Enabled" => {}
        Ok(Some(s)) => v.fail(format!("{label} is not versioned (versioning {s})")),
        Ok(None) => v.fail(format!(
            "{label} is not versioned (versioning never enabled)"
        )),
    }
}

fn pass_reason(config: &Replication) -> String {
    let destinations: Vec<&str> = config
        .rules
        .iter()
        .filter(|r| r.status == "Enabled")
        .map(|r| r.destination_name())
        .collect();
    format!(
        "replicates to versioned bucket(s) {} with role {}",
        destinations.join(", "),
        config.role
    )
}
