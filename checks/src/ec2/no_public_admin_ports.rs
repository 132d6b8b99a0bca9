//! ## What it checks
//!
//! No security group lets the internet reach SSH (TCP 22) or RDP
//! (TCP 3389). An ingress rule is *open* when its protocol is `tcp` (`6`)
//! or `-1` (all traffic), its port range covers 22 or 3389 (no range, or
//! `-1`, means every port), and its source is `0.0.0.0/0`, `::/0` (any
//! `/0` block), or a managed prefix list holding such a block. One finding
//! per security group.
//!
//! - PASS: no ingress rule of the group is open.
//! - FAIL: an open rule on a group attached to a network interface (the
//!   reason names the rule, the port, the source and the interface).
//! - Advisory (FAIL at low): an open rule on a group no network interface
//!   uses (not exposed yet, but the next thing launched with it is).
//! - ERROR: the group's rules could not be read; or a rule on 22 or 3389
//!   uses a prefix list whose entries could not be read (or that the
//!   inventory does not hold) and no rule is confirmed open; or a rule is
//!   open and whether the group is attached is unknown (the network
//!   interfaces could not be read in the region). Where the security groups
//!   could not be listed, the engine reports the region ERROR.
//!
//! AWS-managed prefix lists (AWS's own address ranges, such as
//! CloudFront's) never hold `/0` and are not expanded. Rules that admit
//! another security group only are not open.
//!
//! ## Why it matters
//!
//! SSH and RDP reachable from anywhere are scanned and brute-forced within
//! minutes of exposure. The notes' answer is Session Manager: shell access
//! through Systems Manager with no inbound port, no bastion host and no SSH
//! keys, logged and governed by IAM (notes 000 › Configuration Management
//! and IaC › "SSM session manager"). Closing the ports is the adjacent
//! control that makes that the only way in.
//!
//! ## How to fix
//!
//! - **Console**: VPC › Security groups › the group › Inbound rules › Edit
//!   inbound rules: delete the SSH/RDP rule from `0.0.0.0/0` / `::/0` (or
//!   narrow it to a known range); connect through Systems Manager › Session
//!   Manager instead.
//! - **CLI**: `aws ec2 revoke-security-group-ingress --group-id sg-… --security-group-rule-ids sgr-…`,
//!   then `aws ssm start-session --target i-…`.
//! - **CloudFormation**: remove the `SecurityGroupIngress` entry (or the
//!   `AWS::EC2::SecurityGroupIngress`) with `CidrIp: 0.0.0.0/0` /
//!   `CidrIpv6: ::/0` on port 22 or 3389; give instances the
//!   `AmazonSSMManagedInstanceCore` policy for Session Manager.
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC › "SSM session manager".
//! - AWS: VPC user guide, "Security group rules"; Systems Manager user
//!   guide, "AWS Systems Manager Session Manager".
//! - AWS Config managed rules `restricted-ssh`, `restricted-common-ports`
//!   and `vpc-sg-open-only-to-authorized-ports`; Prowler
//!   `ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22` and
//!   `ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389`.

use crate::collected::CollectError;
use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::vpc::{self, PrefixList, SecurityGroup, SecurityGroupRule};
use awscheck_model::cidr::Cidr;
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "ec2-no-public-admin-ports",
    title: "No SSH or RDP open to the internet",
    service: "ec2",
    severity: Severity::High,
    section: "000 › Configuration Management and IaC › \"SSM session manager\"",
    catalog: "IAC-18",
    reads: &[
        vpc::VPCS,
        vpc::SECURITY_GROUPS,
        vpc::SECURITY_GROUP_RULES,
        vpc::NETWORK_INTERFACES,
        vpc::PREFIX_LISTS,
        vpc::PREFIX_LIST_ENTRIES,
    ],
    tolerates: &[vpc::NETWORK_INTERFACES, vpc::PREFIX_LISTS],
    settings: &[],
    config_rule: Some("restricted-ssh"),
    prowler: Some("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22"),
    source: include_str!("no_public_admin_ports.rs"),
    run,
};

/// The administration ports and their protocol's name.
const ADMIN_PORTS: &[(i64, &str)] = &[(22, "SSH"), (3389, "RDP")];

/// What one region's security groups are looked up in.
struct Region<'a> {
    /// Group id → the network interfaces using it.
    attached: HashMap<&'a str, Vec<&'a str>>,
    /// Why the network interfaces could not be read, if they could not.
    interfaces_unread: Option<&'a CollectError>,
    prefix_lists: HashMap<&'a str, &'a PrefixList>,
    /// Why the prefix lists could not be read, if they could not.
    prefix_lists_unread: Option<&'a CollectError>,
}

fn run(ctx: &Context, em: &mut Emitter) {
    let net = ctx.vpc();
    let mut regions: HashMap<&str, Region> = HashMap::new();
    for eni in &net.network_interfaces {
        let region = Region::of(&mut regions, ctx, &eni.region);
        for g in &eni.group_ids {
            region.attached.entry(g).or_default().push(&eni.id);
        }
    }
    for pl in &net.prefix_lists {
        Region::of(&mut regions, ctx, &pl.region)
            .prefix_lists
            .insert(&pl.id, pl);
    }
    for sg in &net.security_groups {
        judge(sg, Region::of(&mut regions, ctx, &sg.region), em);
    }
}

impl<'a> Region<'a> {
    fn of<'r>(
        regions: &'r mut HashMap<&'a str, Region<'a>>,
        ctx: &'a Context,
        region: &'a str,
    ) -> &'r mut Region<'a> {
        regions.entry(region).or_insert_with(|| Region {
            attached: HashMap::new(),
            interfaces_unread: ctx.unreadable(vpc::NETWORK_INTERFACES, region),
            prefix_lists: HashMap::new(),
            prefix_lists_unread: ctx.unreadable(vpc::PREFIX_LISTS, region),
        })
    }
}

fn judge(sg: &SecurityGroup, region: &Region, em: &mut Emitter) {
    let rules = match sg.rules.known() {
        Ok(rules) => rules.map_or(&[][..], Vec::as_slice),
        Err(e) => return em.error(sg, e),
    };
    let mut open = Vec::new();
    let mut unknown = Vec::new();
    for rule in rules.iter().filter(|r| !r.is_egress) {
        let Some(port) = admin_port(rule) else {
            continue;
        };
        match source(rule, region) {
            Source::Open(from) => open.push(format!("rule {} opens {port} to {from}", rule.id)),
            Source::Unknown(why) => unknown.push(format!("rule {} on {port}: {why}", rule.id)),
            Source::Closed => {}
        }
    }
    let mut v = Verdict::new();
    for why in &unknown {
        v.error_reason(why.clone());
    }
    if open.is_empty() {
        return v.emit(
            em,
            sg,
            "no ingress rule opens SSH (22) or RDP (3389) to the internet",
        );
    }
    let open = open.join("; ");
    match region.attached.get(sg.id.as_str()) {
        Some(enis) => v.fail(format!(
            "{open}, and network interface {} uses the group",
            name_list(enis)
        )),
        None => match region.interfaces_unread {
            Some(e) => v.error_reason(format!(
                "{open}; whether a network interface uses the group is unknown: {e}"
            )),
            None => v.warn(format!("{open}; no network interface uses the group yet")),
        },
    }
    v.emit(em, sg, "")
}

/// The first administration port the rule admits, as `SSH (22)`.
fn admin_port(rule: &SecurityGroupRule) -> Option<String> {
    ADMIN_PORTS
        .iter()
        .find(|(port, _)| rule.covers_tcp_port(*port))
        .map(|(port, name)| format!("{name} ({port})"))
}

enum Source {
    /// Open to the internet: the `/0` block (and the prefix list holding it).
    Open(String),
    Closed,
    /// Whether it is open could not be told: why.
    Unknown(String),
}

fn source(rule: &SecurityGroupRule, region: &Region) -> Source {
    if let Some(cidr) = [&rule.cidr_ipv4, &rule.cidr_ipv6]
        .into_iter()
        .flatten()
        .find(|c| anywhere(c))
    {
        return Source::Open(cidr.clone());
    }
    let Some(id) = rule.prefix_list_id.as_deref() else {
        return Source::Closed;
    };
    let Some(list) = region.prefix_lists.get(id) else {
        return Source::Unknown(match region.prefix_lists_unread {
            Some(e) => format!("prefix list {id} could not be read: {e}"),
            None => format!("prefix list {id} is not in the inventory"),
        });
    };
    match list.entries.known() {
        Err(e) => Source::Unknown(format!(
            "the entries of prefix list {id} could not be read: {e}"
        )),
        Ok(entries) => entries
            .into_iter()
            .flatten()
            .find(|e| anywhere(&e.cidr))
            .map_or(Source::Closed, |e| {
                Source::Open(format!("{} (in prefix list {id})", e.cidr))
            }),
    }
}

/// True for a block of every address: `0.0.0.0/0`, `::/0`.
fn anywhere(cidr: &str) -> bool {
    Cidr::parse(cidr).is_ok_and(|c| c.is_everything())
}
