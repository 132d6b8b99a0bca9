//! ## What it checks
//!
//! Production EC2 Auto Scaling groups that can change size have a way to:
//! an enabled scaling policy (target tracking, step, simple or predictive)
//! or a scheduled action. One finding per group.
//!
//! - PASS: `MinSize≠MaxSize` and the group has an enabled scaling policy or
//!   a scheduled action (the reason names them).
//! - Advisory (FAIL at low): `MinSize≠MaxSize` and no enabled policy and no
//!   scheduled action (it never leaves its desired capacity unless someone
//!   changes it); a scaling policy is turned off (`Enabled=false`).
//! - SKIP: not production (tags or name, per the production settings); a
//!   group an ECS capacity provider (tag `AmazonECSManaged`) or an EKS
//!   managed node group (tag `eks:nodegroup-name`) manages (their scaling
//!   is the capacity provider's or the cluster autoscaler's); a fixed-size
//!   group (`MinSize=MaxSize`): not elastic by design.
//! - ERROR: where the groups, their policies or their scheduled actions
//!   could not be read in a region, the engine reports the region ERROR and
//!   its groups are not judged.
//!
//! Not judged: Application Auto Scaling (ECS services, DynamoDB tables and
//! indexes, Aurora replicas, ElastiCache, Lambda provisioned concurrency),
//! whose scalable targets the scanner does not read. Lifecycle hooks and
//! notifications are not read either.
//!
//! ## Why it matters
//!
//! A group whose size never changes is fixed capacity with extra steps: it
//! under-provisions at peak and pays for idle instances off-peak. The notes
//! list scaling policies (target tracking on CPU, request count or latency;
//! step; scheduled) as what makes a group elastic (notes 000 › Resilient
//! cloud solutions › "Auto scaling groups"; "application auto scaling";
//! 000 › Filling the gap › udemy — scale on latency, request count, CPU;
//! 001 › ## Auto Scaling & Lifecycle Hooks).
//!
//! ## How to fix
//!
//! - **Console**: EC2 › Auto Scaling groups › the group › Automatic scaling
//!   › Create dynamic scaling policy (target tracking, e.g. average CPU 50%
//!   or ALB request count per target), or Create scheduled action; turn a
//!   disabled policy back on (Actions › Enable) or delete it.
//! - **CLI**: `aws autoscaling put-scaling-policy --auto-scaling-group-name G --policy-name cpu50 --policy-type TargetTrackingScaling --target-tracking-configuration '{"PredefinedMetricSpecification":{"PredefinedMetricType":"ASGAverageCPUUtilization"},"TargetValue":50}'`;
//!   `aws autoscaling put-scaling-policy … --enabled` for a disabled one.
//! - **CloudFormation**: an `AWS::AutoScaling::ScalingPolicy` with
//!   `PolicyType: TargetTrackingScaling` and `AutoScalingGroupName: !Ref
//!   Group`, or an `AWS::AutoScaling::ScheduledAction`.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "Auto scaling groups";
//!   "application auto scaling"; 000 › Filling the gap › udemy; 001 › ##
//!   Auto Scaling & Lifecycle Hooks.
//! - AWS: EC2 Auto Scaling user guide, "Dynamic scaling for Amazon EC2 Auto
//!   Scaling" and "Scheduled scaling for Amazon EC2 Auto Scaling".
//! - AWS Config managed rule `dynamodb-autoscaling-enabled` covers the
//!   DynamoDB part only (not judged here); Prowler has none for this.

use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::autoscaling::{self, AutoScalingGroup};
use crate::settings::{Production, PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};

pub static CHECK: Check = Check {
    id: "autoscaling-policies-present",
    title: "Elastic Auto Scaling groups have scaling policies",
    service: "autoscaling",
    severity: Severity::Low,
    section: "000 › Resilient cloud solutions › \"Auto scaling groups\"",
    catalog: "RES-20",
    reads: &[
        autoscaling::GROUPS,
        autoscaling::POLICIES,
        autoscaling::SCHEDULED_ACTIONS,
    ],
    tolerates: &[],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: None,
    prowler: None,
    source: include_str!("policies_present.rs"),
    run,
};

/// Tags that mark a group another service scales: ECS capacity providers,
/// EKS managed node groups.
const MANAGED_BY: &[(&str, &str)] = &[
    ("AmazonECSManaged", "an ECS capacity provider"),
    ("eks:nodegroup-name", "an EKS managed node group"),
];

fn run(ctx: &Context, em: &mut Emitter) {
    let production = ctx.production();
    for group in &ctx.autoscaling().groups {
        if ctx.blind("autoscaling", &group.region) {
            continue; // the engine reported the region
        }
        judge(&production, group, em);
    }
}

fn judge(production: &Production, group: &AutoScalingGroup, em: &mut Emitter) {
    if !production.is_production(Some(&group.tags), &group.name) {
        return em.skip(group, "not production");
    }
    if let Some((tag, who)) = MANAGED_BY
        .iter()
        .find(|(tag, _)| group.tags.contains_key(*tag))
    {
        return em.skip(
            group,
            format!("managed by {who} (tag {tag}): it scales the group"),
        );
    }
    if group.min_size == group.max_size {
        return em.skip(
            group,
            format!(
                "fixed size (MinSize = MaxSize = {}): not elastic by design",
                group.min_size
            ),
        );
    }
    let mut v = Verdict::new();
    let disabled: Vec<&str> = group
        .policies
        .iter()
        .filter(|p| !p.enabled)
        .map(|p| p.name.as_str())
        .collect();
    if !disabled.is_empty() {
        v.warn(format!(
            "scaling policy {} is disabled",
            name_list(&disabled)
        ));
    }
    let mut scalers: Vec<String> = group
        .policies
        .iter()
        .filter(|p| p.enabled)
        .map(|p| format!("{} ({})", p.name, p.policy_type))
        .collect();
    scalers.extend(
        group
            .scheduled_actions
            .iter()
            .map(|a| format!("scheduled action {}", a.name)),
    );
    if scalers.is_empty() {
        v.warn(format!(
            "MinSize {} ≠ MaxSize {} but no enabled scaling policy or scheduled action: it stays at {} instances",
            group.min_size, group.max_size, group.desired_capacity
        ));
    }
    v.emit(em, group, format!("scales with {}", name_list(&scalers)));
}
