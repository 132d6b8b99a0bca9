//! ## What it checks
//!
//! Every production EFS file system survives the loss of an Availability
//! Zone, and those of the disaster-recovery tier have a copy in another
//! region (`elasticfilesystem:DescribeFileSystems`, `DescribeMountTargets`,
//! `DescribeReplicationConfigurations`; `ec2:DescribeSubnets`). One finding
//! per file system:
//!
//! - FAIL: the file system is One Zone (`AvailabilityZoneName` set): its
//!   data lives in one AZ.
//! - FAIL: it is tagged `dr-tier=multi-region` and no replication
//!   configuration copies it to a file system in another region with
//!   status `ENABLED`.
//! - Advisory (FAIL at low): a Regional file system with mount targets in
//!   fewer than 2 AZs, or in fewer AZs than the subnets of its VPC span
//!   (instances there mount it across AZs and lose it with the other AZ).
//! - PASS: Regional, with mount targets in every AZ its VPC has subnets in
//!   (and replicated to another region when its DR tier asks).
//! - SKIP: not production (the production tag, else a name word of its
//!   `Name` tag or id); being deleted; deleted since it was listed.
//! - ERROR: its mount targets could not be read; or the subnets of its
//!   VPC, or the region's replication configurations when it is tagged
//!   `dr-tier=multi-region`, could not be read.
//!
//! The catalog also accepts a DataSync task that copies the file system
//! to another region: DataSync is not collected, so such a file system
//! fails the DR-tier rule; replicate it, or exempt it with the
//! `compliance:exempt` tag. Its clients cannot be seen through AWS APIs:
//! the subnets of the mount targets' VPC stand for them.
//!
//! ## Why it matters
//!
//! EFS is the notes' example of a Multi-AZ service, and its Regional
//! storage class with a mount target in each AZ is what keeps it available
//! through an AZ outage (notes 000 › Resilient cloud solutions ›
//! "multi-AZ architectures" and "disaster recovery"). A One Zone file
//! system, or clients mounting through another AZ's mount target, fail
//! with that AZ. For a regional outage, EFS Replication keeps a read-only
//! copy in another region (notes 001 › ## Amazon EFS Replication & Data
//! Replication Patterns).
//!
//! ## How to fix
//!
//! A One Zone file system cannot be converted: create a Regional one and
//! copy the data (AWS DataSync, or a restore from AWS Backup). Add a mount
//! target in each AZ that has clients, and a replication configuration for
//! the DR tier.
//!
//! - **Console**: EFS › File systems › the file system › Network › Manage › Add mount target (one per AZ); Replication › Create replication › a destination in another region.
//! - **CLI**: `aws efs create-mount-target --file-system-id FS --subnet-id SUBNET --security-groups SG`; `aws efs create-replication-configuration --source-file-system-id FS --destinations Region=us-west-2`.
//! - **CloudFormation**: an `AWS::EFS::FileSystem` without `AvailabilityZoneName`, with `ReplicationConfiguration: {Destinations: [{Region: us-west-2}]}`; an `AWS::EFS::MountTarget` per AZ.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "multi-AZ architectures" and "disaster recovery"; 001 › ## Amazon EFS Replication & Data Replication Patterns.
//! - AWS: "EFS file system types" and "Replicating EFS file systems" (Amazon EFS User Guide).
//! - No AWS Config managed rule for Multi-AZ (related: `efs-in-backup-plan`); Prowler `efs_multi_az_enabled`.

use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::efs::{self, FileSystem, Replication};
use crate::inventory::vpc;
use crate::judge::dr_tier::{self, MULTI_REGION, TAG};
use crate::settings::{PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};
use std::collections::{BTreeSet, HashMap};

pub static CHECK: Check = Check {
    id: "efs-resilience",
    title: "Production EFS is Regional with mount targets in each AZ; the DR tier is replicated",
    service: "efs",
    severity: Severity::Medium,
    section: "000 › Resilient cloud solutions › \"multi-AZ architectures\"",
    catalog: "RES-26",
    reads: &[
        efs::FILE_SYSTEMS,
        efs::MOUNT_TARGETS,
        efs::REPLICATIONS,
        vpc::SUBNETS,
    ],
    tolerates: &[efs::REPLICATIONS, vpc::SUBNETS],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: None,
    prowler: Some("efs_multi_az_enabled"),
    source: include_str!("resilience.rs"),
    run,
};

/// The AZs a VPC has subnets in, by (region, VPC id).
type SubnetZones<'a> = HashMap<(&'a str, &'a str), BTreeSet<&'a str>>;

fn run(ctx: &Context, em: &mut Emitter) {
    let production = ctx.production();
    let mut zones: SubnetZones = HashMap::new();
    for s in &ctx.vpc().subnets {
        zones
            .entry((s.region.as_str(), s.vpc_id.as_str()))
            .or_default()
            .insert(s.availability_zone.as_str());
    }
    let mut replications: HashMap<(&str, &str), Vec<&Replication>> = HashMap::new();
    for r in &ctx.efs().replications {
        replications
            .entry((r.region.as_str(), r.source_file_system_id.as_str()))
            .or_default()
            .push(r);
    }
    for fs in &ctx.efs().file_systems {
        let name = fs.name.as_deref().unwrap_or(&fs.id);
        if !production.is_production(Some(&fs.tags), name) {
            em.skip(fs, "not production");
            continue;
        }
        if matches!(fs.life_cycle_state.as_str(), "deleting" | "deleted") {
            em.skip(fs, format!("the file system is {}", fs.life_cycle_state));
            continue;
        }
        let mut v = Verdict::new();
        match &fs.availability_zone {
            Some(zone) => v.fail(format!(
                "One Zone file system in {zone}: its data and mount target are lost with that AZ"
            )),
            None => match fs.mount_targets.known() {
                Err(e) => v.error(e),
                Ok(None) => {
                    em.skip(fs, "the file system was deleted since it was listed");
                    continue;
                }
                Ok(Some(_)) => mount_zones(ctx, fs, &zones, &mut v),
            },
        }
        if dr_tier::multi_region(&fs.tags) {
            let configs = replications
                .get(&(fs.region.as_str(), fs.id.as_str()))
                .map_or(&[][..], Vec::as_slice);
            replicated(ctx, fs, configs, &mut v);
        }
        v.emit(
            em,
            fs,
            "Regional file system with mount targets in every AZ of its VPC",
        );
    }
}

/// The AZs of the file system's mount targets, against 2 and against the
/// AZs its VPC has subnets in.
fn mount_zones(ctx: &Context, fs: &FileSystem, zones: &SubnetZones, v: &mut Verdict) {
    let Ok(Some(targets)) = fs.mount_targets.known() else {
        return;
    };
    let covered: BTreeSet<&str> = targets
        .iter()
        .filter(|t| t.life_cycle_state != "deleting")
        .map(|t| t.availability_zone.as_str())
        .collect();
    if covered.len() < 2 {
        let where_ = if covered.is_empty() {
            "no mount target".to_string()
        } else {
            format!(
                "mount targets in 1 AZ only ({})",
                covered.iter().copied().collect::<Vec<_>>().join(", ")
            )
        };
        return v.warn(format!(
            "{where_}: clients lose the file system with that AZ"
        ));
    }
    if let Some(e) = ctx.unreadable(vpc::SUBNETS, &fs.region) {
        return v.error_reason(format!(
            "whether its VPC has subnets in AZs without a mount target is unknown: {e}"
        ));
    }
    let vpcs: BTreeSet<&str> = targets.iter().filter_map(|t| t.vpc_id.as_deref()).collect();
    let missing: BTreeSet<&str> = vpcs
        .iter()
        .filter_map(|id| zones.get(&(fs.region.as_str(), *id)))
        .flatten()
        .copied()
        .filter(|z| !covered.contains(z))
        .collect();
    if !missing.is_empty() {
        let missing: Vec<&str> = missing.into_iter().collect();
        v.warn(format!(
            "no mount target in {}, where its VPC has subnets: clients there mount it across AZs",
            name_list(&missing)
        ));
    }
}

/// The DR-tier rule: an `ENABLED` destination in another region.
fn replicated(ctx: &Context, fs: &FileSystem, configs: &[&Replication], v: &mut Verdict) {
    let destinations: Vec<_> = configs.iter().flat_map(|c| &c.destinations).collect();
    if let Some(d) = destinations
        .iter()
        .find(|d| d.region != fs.region && d.status == "ENABLED")
    {
        return v.note(format!(
            "{TAG}={MULTI_REGION}: replicated to {} in {}",
            d.file_system_id, d.region
        ));
    }
    if let Some(e) = ctx.unreadable(efs::REPLICATIONS, &fs.region) {
        return v.error_reason(format!(
            "tagged {TAG}={MULTI_REGION}, and its replication could not be read: {e}"
        ));
    }
    let seen: Vec<String> = destinations
        .iter()
        .map(|d| format!("{} in {} is {}", d.file_system_id, d.region, d.status))
        .collect();
    let also = if seen.is_empty() {
        String::new()
    } else {
        format!(" ({})", name_list(&seen))
    };
    v.fail(format!(
        "tagged {TAG}={MULTI_REGION} but not replicated to another region{also}"
    ));
}
