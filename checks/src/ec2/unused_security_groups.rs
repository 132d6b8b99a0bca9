//! ## What it checks
//!
//! Every security group is in use: attached to a network interface (an
//! instance's, a load balancer's, a Lambda function's, a database's…),
//! referenced by another group's rule, or named by a launch template
//! version (the default or latest one, or one an Auto Scaling group pins)
//! or an Auto Scaling group's launch configuration. One finding per group.
//!
//! - PASS: the group is in use (the reason says where first).
//! - Advisory (FAIL at low): the group is none of those: an orphan.
//! - SKIP: a VPC's `default` group (it cannot be deleted).
//! - ERROR: the group is not attached and whether a rule or a launch
//!   template uses it is unknown (a group's rules or a template's versions
//!   could not be read). Where the network interfaces, the security groups,
//!   the launch templates or Auto Scaling could not be listed in a region,
//!   the engine reports that region ERROR and its unattached groups get no
//!   advisory.
//!
//! Not seen: references from a peered VPC of another account
//! (`DescribeSecurityGroupReferences`), launch configurations no Auto
//! Scaling group uses and older launch template versions. A group only they
//! name is reported as an orphan.
//!
//! ## Why it matters
//!
//! Orphaned groups pile up as resources are deleted. They clutter every
//! audit of who may reach what, and one re-attached months later brings
//! back rules nobody remembers opening (notes 000 › Security and Compliance
//! › "AWS firewall manager", the usage audit of unused and redundant
//! security groups).
//!
//! ## How to fix
//!
//! - **Console**: VPC › Security groups › the group › check Inbound and Outbound rules and the tags, then Actions › Delete security groups (the console refuses while something still uses it).
//! - **CLI**: `aws ec2 describe-network-interfaces --filters Name=group-id,Values=sg-…` (must be empty), then `aws ec2 delete-security-group --group-id sg-…`.
//! - **CloudFormation**: remove the `AWS::EC2::SecurityGroup` from the template that created it, so that the stack deletes it; Firewall Manager's usage audit policy can delete unused groups across the organization.
//!
//! ## References
//!
//! - Study notes: 000 › Security and Compliance › "AWS firewall manager" (security group usage audit).
//! - AWS: VPC user guide, "Delete a security group"; Firewall Manager developer guide, "Security group usage audit policies".
//! - AWS Config managed rule `ec2-security-group-attached-to-eni-periodic`; Prowler `ec2_securitygroup_not_used`.

use crate::engine::{Check, Context, Emitter, Severity};
use crate::inventory::vpc::SecurityGroup;
use crate::inventory::{autoscaling, ec2, vpc};
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "ec2-unused-security-groups",
    title: "No orphaned security groups",
    service: "ec2",
    severity: Severity::Low,
    section: "000 › Security and Compliance › \"AWS firewall manager\"",
    catalog: "SEC-19",
    reads: &[
        vpc::VPCS,
        vpc::SECURITY_GROUPS,
        vpc::SECURITY_GROUP_RULES,
        vpc::NETWORK_INTERFACES,
        ec2::INSTANCES,
        ec2::LAUNCH_TEMPLATES,
        ec2::LAUNCH_TEMPLATE_VERSIONS,
        autoscaling::GROUPS,
        autoscaling::LAUNCH_CONFIGURATIONS,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: Some("ec2-security-group-attached-to-eni-periodic"),
    prowler: Some("ec2_securitygroup_not_used"),
    source: include_str!("unused_security_groups.rs"),
    run,
};

/// What is known of where the groups of one account and region are used.
#[derive(Default)]
struct Uses<'a> {
    /// Group id or name → the first user found.
    by: HashMap<&'a str, String>,
    /// Reads whose failure leaves a group's use open.
    unknown: Vec<String>,
}

impl<'a> Uses<'a> {
    fn add(&mut self, group: &'a str, user: impl FnOnce() -> String) {
        self.by.entry(group).or_insert_with(user);
    }
}

fn run(ctx: &Context, em: &mut Emitter) {
    let mut uses: HashMap<(&str, &str), Uses> = HashMap::new();
    for eni in &ctx.vpc().network_interfaces {
        let u = uses.entry((&eni.account_id, &eni.region)).or_default();
        for g in &eni.group_ids {
            u.add(g, || format!("attached to network interface {}", eni.id));
        }
    }
    for sg in &ctx.vpc().security_groups {
        let u = uses.entry((&sg.account_id, &sg.region)).or_default();
        match sg.rules.known() {
            Err(e) => u.unknown.push(format!("the rules of {}: {e}", sg.id)),
            Ok(rules) => {
                for r in rules.map_or(&[][..], Vec::as_slice) {
                    if let Some(g) = r.referenced_group_id.as_deref().filter(|g| *g != sg.id) {
                        u.add(g, || format!("referenced by a rule of {}", sg.id));
                    }
                }
            }
        }
    }
    for t in &ctx.ec2().launch_templates {
        let u = uses.entry((&t.account_id, &t.region)).or_default();
        match t.versions.known() {
            Err(e) => u
                .unknown
                .push(format!("the versions of launch template {}: {e}", t.name)),
            Ok(versions) => {
                for v in versions.map_or(&[][..], Vec::as_slice) {
                    for g in &v.security_groups {
                        u.add(g, || {
                            format!(
                                "used by launch template {} version {}",
                                t.name, v.version_number
                            )
                        });
                    }
                }
            }
        }
    }
    for asg in &ctx.autoscaling().groups {
        let u = uses.entry((&asg.account_id, &asg.region)).or_default();
        if let Some(lc) = &asg.launch_configuration {
            for g in &lc.security_groups {
                u.add(g, || format!("used by launch configuration {}", lc.name));
            }
        }
    }
    let blind = |region: &str| {
        ["vpc", "ec2", "autoscaling"]
            .iter()
            .any(|s| ctx.blind(s, region))
    };
    let none = Uses::default();
    for sg in &ctx.vpc().security_groups {
        if sg.name == "default" {
            em.skip(sg, "a VPC's default security group: it cannot be deleted");
            continue;
        }
        let u = uses
            .get(&(sg.account_id.as_str(), sg.region.as_str()))
            .unwrap_or(&none);
        judge(sg, u, blind(&sg.region), em);
    }
}

fn judge(sg: &SecurityGroup, uses: &Uses, blind: bool, em: &mut Emitter) {
    if let Some(user) = uses
        .by
        .get(sg.id.as_str())
        .or_else(|| uses.by.get(sg.name.as_str()))
    {
        return em.pass(sg, format!("in use: {user}"));
    }
    if blind {
        // The engine reports the region ERROR: absence is not judged there.
        return;
    }
    if !uses.unknown.is_empty() {
        return em.error_reason(
            sg,
            format!(
                "no network interface uses it, and whether anything else does is unknown: {}",
                uses.unknown.join("; ")
            ),
        );
    }
    em.warn(
        sg,
        "no network interface, security group rule, launch template or launch configuration uses it",
    );
}
