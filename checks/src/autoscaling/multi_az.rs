//! ## What it checks
//!
//! Every production Auto Scaling group launches its instances in at least
//! two Availability Zones, so that the loss of one zone leaves capacity
//! running and the group can rebalance into the others.
//!
//! - FAIL: the subnets of the group's `VPCZoneIdentifier` lie in fewer than
//!   2 distinct Availability Zones (the group's `AvailabilityZones`).
//! - Advisory (FAIL at low): `MaxSize` is 1, so the group can never run a
//!   second instance in another zone. The notes' self-healing singleton
//!   (min = max = desired = 1, replaced by the group when it fails) is
//!   deliberate when the group is tagged `singleton=true`: then PASS.
//! - SKIP: groups that are not production (production scoping: the
//!   `Environment` tag, else a word of the name).
//! - ERROR: Auto Scaling could not be listed in the region.
//!
//! ## Why it matters
//!
//! An Auto Scaling group in one zone is a single point of failure: an AZ
//! outage takes out the whole tier. The notes list the Auto Scaling group
//! among the services whose multi-AZ setup is explicit, your choice of
//! subnets (notes 000 › Resilient cloud solutions › "multi-AZ
//! architectures"), and describe how a group rebalances across zones after
//! an AZ failure (notes 001 › ## Auto Scaling & Lifecycle Hooks › ### Auto
//! Scaling Group Capacity & Rebalancing): it can only do so into zones it has.
//!
//! ## How to fix
//!
//! - **Console**: EC2 › Auto Scaling groups › the group › Details › Network › Edit: add a subnet in another Availability Zone; raise the maximum capacity above 1 (or tag `singleton=true` when one self-healing instance is intended).
//! - **CLI**: `aws autoscaling update-auto-scaling-group --auto-scaling-group-name NAME --vpc-zone-identifier "subnet-a,subnet-b" --max-size 4`.
//! - **CloudFormation**: `AWS::AutoScaling::AutoScalingGroup` with `VPCZoneIdentifier` listing subnets in two or more zones (e.g. `!Ref PrivateSubnetA`, `!Ref PrivateSubnetB`) and `MaxSize` above 1.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "multi-AZ architectures"; 001 › ## Auto Scaling & Lifecycle Hooks › ### Auto Scaling Group Capacity & Rebalancing.
//! - AWS: "Examples for distributing instances across Availability Zones" (Amazon EC2 Auto Scaling user guide); "Add an Availability Zone to an Auto Scaling group".
//! - AWS Config managed rule `autoscaling-multiple-az`; Prowler `autoscaling_group_multiple_az`.

use crate::engine::{Check, Context, Emitter, Severity};
use crate::inventory::autoscaling::{self, AutoScalingGroup};
use crate::settings::{Production, PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};
use std::collections::BTreeSet;

pub static CHECK: Check = Check {
    id: "asg-multi-az",
    title: "Auto Scaling groups span at least 2 Availability Zones",
    service: "autoscaling",
    severity: Severity::Medium,
    section: "000 › Resilient cloud solutions › \"multi-AZ architectures\"",
    catalog: "RES-21",
    reads: &[autoscaling::GROUPS],
    tolerates: &[],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: Some("autoscaling-multiple-az"),
    prowler: Some("autoscaling_group_multiple_az"),
    source: include_str!("multi_az.rs"),
    run,
};

/// Tag marking a deliberate self-healing singleton group.
const SINGLETON_TAG: &str = "singleton";

fn run(ctx: &Context, em: &mut Emitter) {
    let production = ctx.production();
    for group in &ctx.autoscaling().groups {
        judge(&production, group, em);
    }
}

fn judge(production: &Production, group: &AutoScalingGroup, em: &mut Emitter) {
    if !production.is_production(Some(&group.tags), &group.name) {
        return em.skip(group, "not production");
    }
    let zones: BTreeSet<&str> = group
        .availability_zones
        .iter()
        .map(String::as_str)
        .collect();
    let listed = zones.iter().copied().collect::<Vec<_>>().join(", ");
    if zones.len() < 2 {
        let subnets = match group.subnet_ids.as_slice() {
            [] => String::new(),
            ids => format!(" (subnets {})", ids.join(", ")),
        };
        let place = if zones.is_empty() {
            "no Availability Zone".to_string()
        } else {
            format!("1 Availability Zone, {listed}")
        };
        return em.fail(
            group,
            format!("launches in {place}{subnets}: an AZ outage takes out the whole group"),
        );
    }
    let singleton = group
        .tags
        .get(SINGLETON_TAG)
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    match (group.max_size, singleton) {
        (1, true) => em.pass(
            group,
            format!("self-healing singleton (tagged {SINGLETON_TAG}=true) across {listed}"),
        ),
        (1, false) => em.warn(
            group,
            format!("MaxSize is 1, so it never runs a second instance in another zone (zones {listed}); tag {SINGLETON_TAG}=true if one self-healing instance is intended"),
        ),
        _ => em.pass(group, format!("spans {} Availability Zones: {listed}", zones.len())),
    }
}
