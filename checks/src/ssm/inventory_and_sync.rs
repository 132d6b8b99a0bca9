//! ## What it checks
//!
//! In every region that has managed nodes, SSM Inventory collects from
//! every node, and a resource data sync sends the inventory and compliance
//! data to S3.
//!
//! - FAIL: no `AWS-GatherSoftwareInventory` association targets every
//!   managed node of the region (`InstanceIds` `*`, or ids and tags that
//!   cover them all): the reason names the nodes left out.
//! - Advisory (FAIL at low): the region has no resource data sync to S3; a
//!   sync's last status is not `Successful`; or a sync's bucket does not
//!   exist.
//! - PASS: every node is inventoried and a sync delivers to an existing
//!   bucket.
//! - ERROR: whether a node is targeted cannot be told (it is targeted by a
//!   resource group, which the inventory does not hold, or by tags of an
//!   instance it does not hold); a sync bucket could not be looked up.
//! - Regions with no managed nodes are not judged.
//!
//! ## Why it matters
//!
//! Inventory is the fleet's software and configuration record; a resource
//! data sync sends it, with patch and association compliance, to one S3
//! bucket for Athena and QuickSight and for reporting across accounts
//! (notes 000 › Configuration Management and IaC › "SSM compliance"; 001 ›
//! ## AWS Systems Manager (SSM) › ### SSM Inventory & Compliance). Without
//! it nobody can answer "which hosts run that vulnerable package?".
//!
//! ## How to fix
//!
//! - **Console**: Systems Manager › Inventory › Setup Inventory (targets: all managed instances); Fleet Manager › Account management › Resource Data Syncs › Create resource data sync.
//! - **CLI**: `aws ssm create-association --name AWS-GatherSoftwareInventory --targets Key=InstanceIds,Values=* --schedule-expression "rate(30 minutes)"`; `aws ssm create-resource-data-sync --sync-name inventory --s3-destination BucketName=BUCKET,SyncFormat=JsonSerDe,Region=REGION`.
//! - **CloudFormation**: `AWS::SSM::Association` (`Name: AWS-GatherSoftwareInventory`, `Targets: [{Key: InstanceIds, Values: ["*"]}]`) and `AWS::SSM::ResourceDataSync` with an `S3Destination`.
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC › "SSM compliance"; 001 › ## AWS Systems Manager (SSM) › ### SSM Inventory & Compliance.
//! - AWS: "AWS Systems Manager Inventory", "Configuring resource data sync for Inventory" (Systems Manager User Guide).
//! - No AWS Config managed rule (related: `ec2-managedinstance-applications-required`); no Prowler equivalent.

use super::targets::{matches, NodeTags, Targeted};
use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::ssm::{Association, DataSync, ManagedInstance};
use crate::inventory::{ec2, s3, ssm};
use crate::judge::reference::{self, Lookup};
use crate::judge::regions::region_subject;

pub static CHECK: Check = Check {
    id: "ssm-inventory-and-sync",
    title: "SSM Inventory collects from every node and syncs to S3",
    service: "ssm",
    severity: Severity::Low,
    section: "000 › Configuration Management and IaC › \"SSM compliance\"; 001 › ## AWS Systems Manager (SSM) › ### SSM Inventory & Compliance",
    catalog: "IAC-23",
    reads: &[
        ssm::MANAGED_INSTANCES,
        ssm::ASSOCIATIONS,
        ssm::DATA_SYNCS,
        ec2::INSTANCES,
        s3::BUCKETS,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: None,
    prowler: None,
    source: include_str!("inventory_and_sync.rs"),
    run,
};

/// The document that collects inventory.
const INVENTORY_DOCUMENT: &str = "AWS-GatherSoftwareInventory";

fn run(ctx: &Context, em: &mut Emitter) {
    let ssm = ctx.ssm();
    let tags = NodeTags::new(&ctx.ec2().instances);
    let buckets = ctx.s3().index();
    for region in &ctx.account.regions {
        if ctx.blind("ssm", region) {
            // The engine reports the region: what it lacks is unknown.
            continue;
        }
        let nodes: Vec<&ManagedInstance> = ssm
            .managed_instances
            .iter()
            .filter(|m| &m.region == region)
            .collect();
        if nodes.is_empty() {
            continue;
        }
        let associations: Vec<&Association> = ssm
            .associations
            .iter()
            .filter(|a| &a.region == region && a.document == INVENTORY_DOCUMENT)
            .collect();
        let syncs: Vec<&DataSync> = ssm
            .data_syncs
            .iter()
            .filter(|s| &s.region == region)
            .collect();
        let mut v = Verdict::new();
        coverage(&nodes, &associations, &tags, &mut v);
        sync(ctx, &buckets, region, &syncs, &mut v);
        let pass = format!(
            "inventory collected from all {} managed node(s); synced to S3 by {}",
            nodes.len(),
            name_list(&syncs.iter().map(|s| s.name.as_str()).collect::<Vec<_>>())
        );
        v.emit(em, &region_subject(ctx, "ssm", region), pass);
    }
}

/// Every node must be targeted by an inventory association.
fn coverage(
    nodes: &[&ManagedInstance],
    associations: &[&Association],
    tags: &NodeTags,
    v: &mut Verdict,
) {
    if associations.is_empty() {
        return v.fail(format!(
            "no {INVENTORY_DOCUMENT} association: none of its {} managed node(s) sends inventory",
            nodes.len()
        ));
    }
    let mut missed = Vec::new();
    let mut unknown = Vec::new();
    for node in nodes {
        let mut answer = Targeted::No;
        for a in associations {
            match matches(&a.targets, node, tags) {
                Targeted::Yes => {
                    answer = Targeted::Yes;
                    break;
                }
                Targeted::Unknown(why) => answer = Targeted::Unknown(why),
                Targeted::No => {}
            }
        }
        match answer {
            Targeted::Yes => {}
            Targeted::No => missed.push(node.instance_id.as_str()),
            Targeted::Unknown(why) => unknown.push(format!("{} ({why})", node.instance_id)),
        }
    }
    if !missed.is_empty() {
        v.fail(format!(
            "{} managed node(s) not targeted by any {INVENTORY_DOCUMENT} association: {}",
            missed.len(),
            name_list(&missed)
        ));
    }
    if !unknown.is_empty() {
        v.error_reason(format!(
            "whether inventory is collected from {} cannot be told",
            name_list(&unknown)
        ));
    }
}

/// A resource data sync must deliver to an existing bucket.
fn sync(
    ctx: &Context,
    buckets: &crate::inventory::s3::BucketIndex,
    region: &str,
    syncs: &[&DataSync],
    v: &mut Verdict,
) {
    let to_s3: Vec<&&DataSync> = syncs
        .iter()
        .filter(|s| s.sync_type == "SyncToDestination")
        .collect();
    if to_s3.is_empty() {
        return v.warn(format!(
            "no resource data sync to S3 in {region}: inventory and compliance data stay in Systems Manager"
        ));
    }
    for s in to_s3 {
        if let Some(status) = s.last_status.as_deref().filter(|st| *st != "Successful") {
            let message = s
                .last_status_message
                .as_deref()
                .map(|m| format!(": {m}"))
                .unwrap_or_default();
            v.warn(format!(
                "resource data sync {} last status {status}{message}",
                s.name
            ));
        }
        if let Some(bucket) = s.bucket.as_deref() {
            match reference::bucket(
                ctx,
                buckets,
                bucket,
                format!("the bucket {bucket} of resource data sync {}", s.name),
            ) {
                Lookup::Found(_) => {}
                Lookup::Missing(why) => v.warn(why),
                Lookup::Unknown(why) => v.error_reason(why),
            }
        }
    }
}
