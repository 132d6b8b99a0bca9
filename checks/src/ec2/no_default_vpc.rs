//! ## What it checks
//!
//! Each collected region has no default VPC (`ec2:DescribeVpcs`,
//! `isDefault`), or at least nothing running in it
//! (`ec2:DescribeNetworkInterfaces`, the interfaces in the VPC).
//!
//! - Advisory (FAIL at low), one finding per default VPC:
//!   - the default VPC hosts network interfaces: workloads (instances, load
//!     balancers, Lambda functions, endpoints) run in it; the reason says
//!     how many and what, and this is the one to act on first;
//!   - the default VPC exists, unused.
//! - PASS: a region with no default VPC (one finding per region).
//! - ERROR: the VPCs of a region could not be listed. When only the network
//!   interfaces could not be read, a default VPC is still advisory (it
//!   exists either way), with a note that its use is unknown.
//!
//! ## Why it matters
//!
//! The default VPC has a public subnet in every Availability Zone that
//! assigns public IP addresses on launch, and an internet gateway: anything
//! launched without choosing a network lands there, reachable from the
//! internet. Account Factory for Terraform in Control Tower offers deleting
//! it as a built-in option for every vended account (notes 000 › ##
//! Security and Compliance › - AWS control tower, account factory for
//! Terraform).
//!
//! ## How to fix
//!
//! Move what runs in the default VPC into a VPC you designed, then delete
//! the default VPC in every region (it can be recreated with
//! `aws ec2 create-default-vpc` if ever needed).
//!
//! - **Console**: VPC › Your VPCs › select the VPC whose "Default VPC" is Yes › Actions › Delete VPC (in each region).
//! - **CLI**: `aws ec2 describe-vpcs --filters Name=is-default,Values=true --region REGION`; `aws ec2 describe-network-interfaces --filters Name=vpc-id,Values=VPC_ID`; then delete its subnets, internet gateway and the VPC: `aws ec2 delete-vpc --vpc-id VPC_ID`.
//! - **CloudFormation**: not managed by CloudFormation (the default VPC is created by AWS); with Control Tower, Account Factory's "delete the default VPC" option, or a StackSet-run custom resource, removes it from new accounts.
//!
//! ## References
//!
//! - Study notes: 000 › ## Security and Compliance › - AWS control tower (account factory for Terraform: delete the AWS default VPC).
//! - AWS: Amazon VPC user guide, "Default VPCs" and "Delete your default VPC"; Control Tower user guide, "Account Factory for Terraform" (`delete_default_vpc`).
//! - No AWS Config managed rule and no Prowler check.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::vpc::{self, NetworkInterface, Vpc};
use crate::judge::regions;
use std::collections::BTreeMap;

pub static CHECK: Check = Check {
    id: "ec2-no-default-vpc",
    title: "Default VPCs are removed or unused",
    service: "ec2",
    severity: Severity::Low,
    section: "000 › Security and Compliance › \"AWS control tower\"",
    catalog: "SEC-11",
    reads: &[vpc::VPCS, vpc::NETWORK_INTERFACES],
    tolerates: &[vpc::NETWORK_INTERFACES],
    settings: &[],
    config_rule: None,
    prowler: None,
    source: include_str!("no_default_vpc.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let network = ctx.vpc();
    let unread: BTreeMap<&str, String> = regions::part_unreadable(ctx, vpc::NETWORK_INTERFACES)
        .into_iter()
        .map(|(region, e)| (region, e.to_string()))
        .collect();
    for region in regions::seen(ctx, "vpc") {
        let defaults: Vec<&Vpc> = network
            .vpcs
            .iter()
            .filter(|v| v.region == region && v.is_default)
            .collect();
        if defaults.is_empty() {
            em.pass(
                &regions::region_subject(ctx, "ec2", region),
                format!("no default VPC in {region}"),
            );
        }
        for default in defaults {
            judge(default, &network.network_interfaces, unread.get(region), em);
        }
    }
}

fn judge(vpc: &Vpc, interfaces: &[NetworkInterface], unread: Option<&String>, em: &mut Emitter) {
    let mut v = Verdict::new();
    if let Some(e) = unread {
        v.note(format!("its network interfaces could not be read ({e}), so whether anything runs in it is unknown"));
        v.warn(format!("default VPC {} exists in {}", vpc.id, vpc.region));
        return v.emit(em, vpc, "");
    }
    let used: Vec<&NetworkInterface> = interfaces
        .iter()
        .filter(|n| n.region == vpc.region && n.vpc_id.as_deref() == Some(vpc.id.as_str()))
        .collect();
    if used.is_empty() {
        v.warn(format!(
            "default VPC {} exists in {}, unused: delete it",
            vpc.id, vpc.region
        ));
    } else {
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        for n in &used {
            *kinds.entry(n.interface_type.as_str()).or_default() += 1;
        }
        let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
        v.warn(format!(
            "workloads run in default VPC {} in {}: {} network interface(s) ({}); move them to a VPC you designed, then delete it",
            vpc.id,
            vpc.region,
            used.len(),
            kinds.join(", ")
        ));
    }
    v.emit(em, vpc, "");
}
