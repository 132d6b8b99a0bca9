//! ## What it checks
//!
//! Auto Scaling groups that register their instances with a load balancer
//! replace instances the load balancer finds unhealthy, not only those
//! whose EC2 status checks fail.
//!
//! A group is behind a load balancer when it has target groups
//! (`TargetGroupARNs`), classic load balancers (`LoadBalancerNames`) or
//! traffic sources (`TrafficSources`) attached.
//!
//! - FAIL: such a group's `HealthCheckType` does not include `ELB` (for
//!   target groups, classic load balancers and ELB traffic sources) or
//!   `VPC_LATTICE` (for VPC Lattice traffic sources).
//! - Advisory (FAIL at low): `HealthCheckGracePeriod` is 0, so a new
//!   instance is judged by the load balancer before it could have started.
//! - SKIP: groups with nothing attached (their EC2 health checks are all
//!   there is to use).
//! - ERROR: Auto Scaling could not be listed in the region.
//!
//! ## Why it matters
//!
//! EC2 status checks see a running instance, not a working application: a
//! web server that returns 500s stays in service forever. The notes warn
//! that CPU monitoring "does not actively perform health checks" or ensure
//! high availability (notes 000 › Filling the gap › udemy assessment), and
//! rely on ELB health checks for deployments and rollbacks (notes 000 ›
//! SDLC Automation › "CodeDeploy - rollbacks & troubleshooting"). Turning
//! on ELB health checks is the standard practice the notes imply (an
//! adjacent control).
//!
//! ## How to fix
//!
//! - **Console**: EC2 › Auto Scaling groups › the group › Details › Health checks › Edit: turn on Elastic Load Balancing health checks (or VPC Lattice health checks) and set a grace period long enough for an instance to start (e.g. 300 seconds).
//! - **CLI**: `aws autoscaling update-auto-scaling-group --auto-scaling-group-name NAME --health-check-type ELB --health-check-grace-period 300`.
//! - **CloudFormation**: `AWS::AutoScaling::AutoScalingGroup` with `HealthCheckType: ELB` and `HealthCheckGracePeriod: 300`.
//!
//! ## References
//!
//! - Study notes: 000 › Filling the gap › udemy assessment; 000 › SDLC Automation › "CodeDeploy - rollbacks & troubleshooting".
//! - AWS: "Health checks for instances in an Auto Scaling group"; "Add Elastic Load Balancing health checks to an Auto Scaling group" (Amazon EC2 Auto Scaling user guide).
//! - AWS Config managed rule `autoscaling-group-elb-healthcheck-required`; Prowler: none.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::autoscaling::{self, AutoScalingGroup};

pub static CHECK: Check = Check {
    id: "asg-elb-health-check",
    title: "Auto Scaling groups behind load balancers use ELB health checks",
    service: "autoscaling",
    severity: Severity::Medium,
    section: "000 › Filling the gap › udemy assessment",
    catalog: "RES-22",
    reads: &[autoscaling::GROUPS],
    tolerates: &[],
    settings: &[],
    config_rule: Some("autoscaling-group-elb-healthcheck-required"),
    prowler: None,
    source: include_str!("elb_health_check.rs"),
    run,
};

/// The `TrafficSources` type of a VPC Lattice target group.
const LATTICE: &str = "vpc-lattice";

fn run(ctx: &Context, em: &mut Emitter) {
    for group in &ctx.autoscaling().groups {
        judge(group, em);
    }
}

fn judge(group: &AutoScalingGroup, em: &mut Emitter) {
    let lattice = group.traffic_sources.iter().any(|s| s.kind == LATTICE);
    let elb = !group.target_group_arns.is_empty()
        || !group.load_balancer_names.is_empty()
        || group.traffic_sources.iter().any(|s| s.kind != LATTICE);
    if !elb && !lattice {
        return em.skip(group, "no load balancer or traffic source attached");
    }
    let health = if group.health_check_type.is_empty() {
        "EC2"
    } else {
        group.health_check_type.as_str()
    };
    let mut v = Verdict::new();
    if elb && !group.health_checks_with("ELB") {
        v.fail(format!(
            "behind a load balancer ({}) but HealthCheckType is {health}: instances the load balancer finds unhealthy stay in service",
            attached(group)
        ));
    }
    if lattice && !group.health_checks_with("VPC_LATTICE") {
        v.fail(format!(
            "attached to a VPC Lattice target group but HealthCheckType is {health}, not VPC_LATTICE"
        ));
    }
    if group.health_check_grace_period == Some(0) {
        v.warn(
            "HealthCheckGracePeriod is 0: new instances are judged unhealthy before they can start",
        );
    }
    let grace = group
        .health_check_grace_period
        .map(|s| format!(", grace period {s} s"))
        .unwrap_or_default();
    v.emit(
        em,
        group,
        format!("HealthCheckType {health} for {}{grace}", attached(group)),
    );
}

/// What the group is attached to, named briefly.
fn attached(group: &AutoScalingGroup) -> String {
    let mut parts = Vec::new();
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    if !group.target_group_arns.is_empty() {
        parts.push(count(group.target_group_arns.len(), "target group"));
    }
    if !group.load_balancer_names.is_empty() {
        parts.push(count(
            group.load_balancer_names.len(),
            "classic load balancer",
        ));
    }
    let others = group
        .traffic_sources
        .iter()
        .filter(|s| {
            !group.target_group_arns.contains(&s.identifier)
                && !group.load_balancer_names.contains(&s.identifier)
        })
        .count();
    if others > 0 {
        parts.push(count(others, "traffic source"));
    }
    parts.join(", ")
}
