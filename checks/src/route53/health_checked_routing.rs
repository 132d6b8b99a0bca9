//! ## What it checks
//!
//! In each public hosted zone, the records of failover, weighted, latency,
//! multivalue and geo (geolocation, geoproximity) routing are
//! health-checked: they name a health check (`HealthCheckId`), or are
//! aliases with `EvaluateTargetHealth=true`. Records are grouped by name,
//! type and routing policy; one finding per zone.
//!
//! - FAIL: a failover `PRIMARY` record that is not health-checked (DNS
//!   never fails over); a record that names a health check that does not
//!   exist; a `CLOUDWATCH_METRIC` health check whose alarm does not exist;
//!   a `CALCULATED` health check with a child that does not exist.
//! - Advisory (FAIL at low): a failover `SECONDARY`, or a weighted,
//!   latency, multivalue or geo record, that is not health-checked; a
//!   weighted group whose weights are all 0 (Route 53 then splits traffic
//!   equally, probably not what was meant).
//! - PASS: every such record is health-checked.
//! - SKIP: zones without such records; private zones (information only:
//!   their private endpoints can be checked only through alarm-based
//!   health checks); a zone deleted since it was listed.
//! - ERROR: the zone's records could not be read, or a health check's
//!   alarm could not be looked up (CloudWatch not read in its region).
//!
//! ## Why it matters
//!
//! Weighted, latency and failover routing only steer users away from a
//! dead endpoint when Route 53 knows it is dead: without a health check it
//! keeps answering with it. The notes pair these policies with health
//! checks, and health checks with automated DNS failover (notes 000 ›
//! Resilient cloud solutions › "Route53", "multi-region architectures";
//! 000 › Filling the gap › practice exam #1: latency routing plus health
//! checks).
//!
//! ## How to fix
//!
//! - **Console**: Route 53 › Health checks › Create health check (endpoint,
//!   or state of a CloudWatch alarm for private endpoints); then Hosted
//!   zones › the zone › the record › Edit, choose the health check (or, for
//!   an alias, Evaluate target health: Yes).
//! - **CLI**: `aws route53 create-health-check --caller-reference REF --health-check-config Type=HTTPS,FullyQualifiedDomainName=app.example.com,ResourcePath=/health`,
//!   then `aws route53 change-resource-record-sets` with `HealthCheckId`
//!   (or `AliasTarget.EvaluateTargetHealth=true`) on each record.
//! - **CloudFormation**: `AWS::Route53::HealthCheck`, and `HealthCheckId`
//!   (or `AliasTarget.EvaluateTargetHealth: true`) on each
//!   `AWS::Route53::RecordSet`.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "Route53";
//!   "multi-region architectures"; 000 › Filling the gap › practice exam #1.
//! - AWS: "Choosing a routing policy", "Creating Amazon Route 53 health
//!   checks and configuring DNS failover" in the Route 53 developer guide.
//! - No AWS Config managed rule; Prowler has no equivalent check.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::cloudwatch::{self, Alarm};
use crate::inventory::route53::{self, HealthCheck, HostedZone, RecordSet};
use crate::inventory::GLOBAL;
use crate::judge::reference::{ByPlace, Lookup, Reference};
use std::collections::{BTreeMap, HashMap};

pub static CHECK: Check = Check {
    id: "route53-health-checked-routing",
    title: "Failover, weighted and latency records are health-checked",
    service: "route53",
    severity: Severity::Medium,
    section: "000 › Resilient cloud solutions › \"Route53\"; \"multi-region architectures\"",
    catalog: "RES-13",
    reads: &[
        route53::HOSTED_ZONES,
        route53::ZONE_TAGS,
        route53::RECORD_SETS,
        route53::HEALTH_CHECKS,
        cloudwatch::ALARMS,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: None,
    prowler: None,
    source: include_str!("health_checked_routing.rs"),
    run,
};

/// The routing policies whose records health checks steer.
const ROUTED: [&str; 6] = [
    "failover",
    "weighted",
    "latency",
    "multivalue",
    "geolocation",
    "geoproximity",
];

/// What a zone's records are looked up in.
struct Lookups<'a> {
    checks: HashMap<&'a str, &'a HealthCheck>,
    alarms: ByPlace<'a, Alarm>,
}

fn run(ctx: &Context, em: &mut Emitter) {
    if ctx.blind("route53", GLOBAL) {
        return; // the engine reported it
    }
    let section = ctx.route53();
    let lookups = Lookups {
        checks: section
            .health_checks
            .iter()
            .map(|c| (c.id.as_str(), c))
            .collect(),
        alarms: ByPlace::new(&ctx.cloudwatch().alarms, |a| {
            (&a.account_id, &a.region, &a.name)
        }),
    };
    for zone in &section.hosted_zones {
        judge(ctx, zone, &lookups, em);
    }
}

fn judge(ctx: &Context, zone: &HostedZone, lookups: &Lookups, em: &mut Emitter) {
    let records = match zone.record_sets.known() {
        Err(e) => return em.error(zone, e),
        Ok(None) => return em.skip(zone, "deleted since it was listed"),
        Ok(Some(r)) => r,
    };
    let mut groups: BTreeMap<(&str, &str, &str), Vec<&RecordSet>> = BTreeMap::new();
    for r in records {
        if ROUTED.contains(&r.routing_policy.as_str()) {
            groups
                .entry((&r.name, &r.record_type, &r.routing_policy))
                .or_default()
                .push(r);
        }
    }
    if groups.is_empty() {
        return em.skip(
            zone,
            "no failover, weighted, latency, multivalue or geo records",
        );
    }
    if zone.private {
        return em.skip(
            zone,
            "private zone: information only (private endpoints can be health-checked only through CloudWatch alarm checks)",
        );
    }
    let mut v = Verdict::new();
    let mut checked = 0;
    for ((name, rtype, policy), members) in &groups {
        if *policy == "weighted" && members.iter().all(|r| r.weight.unwrap_or(0) == 0) {
            v.warn(format!(
                "every weighted {name} {rtype} record has weight 0: Route 53 splits traffic equally"
            ));
        }
        for r in members {
            let label = label(r);
            let by_alias = r
                .alias_target
                .as_ref()
                .is_some_and(|a| a.evaluate_target_health);
            match r.health_check_id.as_deref() {
                Some(id) => referenced(ctx, &label, id, lookups, &mut v),
                None if by_alias => {}
                None => {
                    let why = format!("{label} is not health-checked");
                    if r.failover.as_deref() == Some("PRIMARY") {
                        v.fail(format!("{why}: DNS never fails over from it"));
                    } else {
                        v.warn(why);
                    }
                    continue;
                }
            }
            checked += 1;
        }
    }
    v.emit(
        em,
        zone,
        format!("{checked} routed record(s), each health-checked"),
    );
}

/// `failover record www.example.com. A (primary)`.
fn label(r: &RecordSet) -> String {
    let id = r
        .set_identifier
        .as_deref()
        .map(|s| format!(" ({s})"))
        .unwrap_or_default();
    format!(
        "{} record {} {}{id}",
        r.routing_policy, r.name, r.record_type
    )
}

/// The health check `id` a record names: there, its alarm there, its children there.
fn referenced(ctx: &Context, label: &str, id: &str, lookups: &Lookups, v: &mut Verdict) {
    let Some(check) = lookups.checks.get(id) else {
        return v.fail(format!(
            "{label} names health check {id}, which does not exist"
        ));
    };
    if let Some(alarm) = &check.alarm {
        let reference = Reference::regional(
            format!("alarm {} of health check {id}", alarm.name),
            "cloudwatch",
            &alarm.region,
            &check.account_id,
        );
        let found = lookups
            .alarms
            .get(&check.account_id, &alarm.region, &alarm.name);
        match reference.resolve(ctx, found) {
            Lookup::Found(_) => {}
            Lookup::Missing(why) => v.fail(why),
            Lookup::Unknown(why) => v.error_reason(why),
        }
    }
    for child in &check.child_health_checks {
        if !lookups.checks.contains_key(child.as_str()) {
            v.fail(format!(
                "calculated health check {id} has child {child}, which does not exist"
            ));
        }
    }
}
