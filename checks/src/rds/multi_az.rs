//! ## What it checks
//!
//! Production databases survive the loss of an Availability Zone, and those
//! tagged for multi-region disaster recovery also survive the loss of a
//! region. Production scoping: resources that are not production (the
//! production tag, else a name word in the identifier) are SKIP.
//!
//! One finding per DB cluster and per DB instance that is not a cluster
//! member (members are judged with their cluster, not again alone):
//!
//! - **Aurora clusters** (and other clusters not flagged Multi-AZ, such as
//!   Neptune or DocumentDB): FAIL when the cluster has fewer than 2
//!   instances (no failover target), or when all its instances are in one
//!   AZ (each member's AZ comes from its DB instance). ERROR when the AZ of a
//!   member is unknown (the instance is not in the inventory) and the known
//!   members do not already span two AZs.
//!   Aurora Serverless v2 clusters (engine mode `provisioned`, instances of
//!   class `db.serverless`) are judged the same way: AWS fails a v2 writer
//!   over to a reader in another AZ, so without one there is no failover
//!   target, as for provisioned Aurora.
//! - **Aurora Serverless v1 clusters** (engine mode `serverless`, which have
//!   no DB instances): advisory (FAIL at low), whatever the member count.
//!   AWS keeps the storage in three AZs and, when the capacity or its AZ
//!   fails, recreates the capacity in another AZ ("automatic multi-AZ
//!   failover"); there is no standby, so recovery is slower than a
//!   failover to a reader, and Serverless v1 is past its end of support
//!   (31 March 2025). The way to Multi-AZ is Serverless v2 or provisioned
//!   with a reader in another AZ.
//! - **Multi-AZ DB clusters** (non-Aurora clusters with `MultiAZ`): PASS.
//! - **DB instances**: FAIL when `MultiAZ` is false. Read replicas are SKIP
//!   unless tagged `dr-tier` (any value); a tagged replica is judged like any
//!   instance.
//! - **DR tier**: a cluster or instance tagged `dr-tier=multi-region` also
//!   FAILs unless it is a member of a global cluster or has a cross-region
//!   read replica (a replica ARN in another region; a replica whose own
//!   source is in another region counts as the cross-region copy). When no
//!   such copy is found but RDS could not be read in some region, the result
//!   is ERROR instead, since the copy may be there.
//! - ERROR: a member instance whose cluster is not in the inventory; RDS
//!   could not be listed in a region (reported by region).
//!
//! ## Why it matters
//!
//! A single-AZ database is a single point of failure. Multi-AZ replicates
//! synchronously to a standby and fails over automatically behind the same
//! DNS name, and a read replica can itself be Multi-AZ for disaster recovery
//! (notes 000 › Resilient cloud solutions › "RDS read replicas vs
//! multi-AZ"). For region-level disaster recovery, an Aurora global database
//! promotes a secondary region with an RTO under a minute (notes 000 ›
//! Resilient cloud solutions › "Aurora - extra"), and the DR tips list RDS
//! replication and Aurora global databases as the replication strategy
//! (notes 000 › Resilient cloud solutions › "disaster recovery").
//!
//! ## How to fix
//!
//! - **Console**: RDS › Databases › the instance › Modify › Availability & durability › Create a standby instance (Multi-AZ) › Apply immediately (no downtime). For Aurora: the cluster › Actions › Add reader, in another AZ. For DR: Actions › Add AWS Region (global database), or Create cross-Region read replica.
//! - **CLI**: `aws rds modify-db-instance --db-instance-identifier ID --multi-az --apply-immediately`; `aws rds create-db-instance --db-cluster-identifier CLUSTER --db-instance-identifier ID-2 --engine aurora-postgresql --db-instance-class CLASS --availability-zone OTHER_AZ`; `aws rds create-global-cluster --global-cluster-identifier G --source-db-cluster-identifier CLUSTER_ARN`.
//! - **CloudFormation**: `MultiAZ: true` on `AWS::RDS::DBInstance`; a second `AWS::RDS::DBInstance` with the `DBClusterIdentifier` and a different `AvailabilityZone` for Aurora; an `AWS::RDS::GlobalCluster` with a secondary `AWS::RDS::DBCluster` (`GlobalClusterIdentifier`) in another region.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "RDS read replicas vs multi-AZ", "Aurora - extra" and "disaster recovery" (tips).
//! - AWS: RDS user guide, "Configuring and managing a Multi-AZ deployment" and "Multi-AZ DB cluster deployments"; Aurora user guide, "High availability for Amazon Aurora" and "Using Amazon Aurora Global Database".
//! - AWS Config managed rules `rds-multi-az-support` and `rds-cluster-multi-az-enabled`; Prowler `rds_instance_multi_az`.

use crate::arn::Arn;
use crate::engine::{Check, Context, Emitter, Resource, Severity, Verdict};
use crate::inventory::rds;
use crate::inventory::rds::{DbCluster, DbInstance, GlobalCluster};
use crate::inventory::Tags;
use crate::judge::dr_tier::{self, MULTI_REGION, TAG};
use crate::judge::regions;
use crate::settings::{PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};
use std::collections::{BTreeSet, HashMap, HashSet};

pub static CHECK: Check = Check {
    id: "rds-multi-az",
    title: "Production databases are Multi-AZ; DR-tier databases are cross-region",
    service: "rds",
    severity: Severity::High,
    section: "000 › Resilient cloud solutions › \"RDS read replicas vs multi-AZ\"",
    catalog: "RES-14",
    reads: &[rds::DATABASES],
    tolerates: &[],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: Some("rds-multi-az-support"),
    prowler: Some("rds_instance_multi_az"),
    source: include_str!("multi_az.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let rds = ctx.rds();
    let instances: HashMap<(&str, &str), &DbInstance> = rds
        .instances
        .iter()
        .map(|i| ((i.region.as_str(), i.id.as_str()), i))
        .collect();
    // Member cluster ARN → the first global cluster that lists it.
    let mut global: HashMap<&str, &GlobalCluster> = HashMap::new();
    for g in &rds.global_clusters {
        for member in &g.members {
            global.entry(member.as_str()).or_insert(g);
        }
    }
    let clusters: HashSet<(&str, &str)> = rds
        .clusters
        .iter()
        .map(|c| (c.region.as_str(), c.id.as_str()))
        .collect();
    let production = ctx.production();
    for cluster in &rds.clusters {
        if !production.is_production(Some(&cluster.tags), &cluster.id) {
            em.skip(cluster, "not production");
            continue;
        }
        judge_cluster(ctx, &global, cluster, &instances, em);
    }
    for instance in &rds.instances {
        if let Some(cluster_id) = &instance.cluster_id {
            if clusters.contains(&(instance.region.as_str(), cluster_id.as_str())) {
                continue;
            }
            if production.is_production(Some(&instance.tags), &instance.id) {
                em.error_reason(
                    instance,
                    format!("member of DB cluster {cluster_id}, which is not in the inventory"),
                );
            } else {
                em.skip(instance, "not production");
            }
            continue;
        }
        if !production.is_production(Some(&instance.tags), &instance.id) {
            em.skip(instance, "not production");
            continue;
        }
        judge_instance(ctx, instance, em);
    }
}

fn judge_cluster(
    ctx: &Context,
    global: &HashMap<&str, &GlobalCluster>,
    cluster: &DbCluster,
    instances: &HashMap<(&str, &str), &DbInstance>,
    em: &mut Emitter,
) {
    let mut v = Verdict::new();
    let pass = if !cluster.is_aurora() && cluster.multi_az {
        "Multi-AZ DB cluster".to_string()
    } else if cluster.is_serverless_v1() {
        v.warn(
            "Aurora Serverless v1 cluster: no standby; on a failure of its capacity or AZ, Aurora recreates the capacity in another AZ (storage stays in three AZs), slower than failing over to a reader, and Serverless v1 is past its end of support: move to Serverless v2 or provisioned with a reader in another AZ",
        );
        String::new()
    } else {
        let kind = if cluster.is_aurora() {
            "Aurora cluster"
        } else {
            "cluster"
        };
        let n = cluster.members.len();
        let mut azs = BTreeSet::new();
        let mut unknown = Vec::new();
        for m in &cluster.members {
            match instances
                .get(&(cluster.region.as_str(), m.instance_id.as_str()))
                .and_then(|i| i.availability_zone.as_deref())
            {
                Some(az) => {
                    azs.insert(az);
                }
                None => unknown.push(m.instance_id.as_str()),
            }
        }
        let az_list = azs.iter().copied().collect::<Vec<_>>().join(", ");
        if n < 2 {
            v.fail(format!(
                "{kind} has {n} instance{}: no failover target in another AZ",
                if n == 1 { "" } else { "s" }
            ));
        } else if azs.len() < 2 && !unknown.is_empty() {
            v.error_reason(format!(
                "the AZ of member instance {} is unknown (not in the inventory)",
                unknown.join(", ")
            ));
        } else if azs.len() < 2 {
            v.fail(format!("all {n} instances of the {kind} are in {az_list}"));
        }
        format!("{kind} has {n} instances across {az_list}")
    };
    let copy = global
        .get(cluster.arn.as_str())
        .map(|g| format!("member of global cluster {}", g.id))
        .or_else(|| cross_region_replica(&cluster.read_replicas, &cluster.region));
    dr_tier(ctx, cluster, &cluster.tags, copy, &mut v);
    v.emit(em, cluster, pass);
}

fn judge_instance(ctx: &Context, instance: &DbInstance, em: &mut Emitter) {
    if let Some(source) = &instance.read_replica_source {
        if !dr_tier::tagged(&instance.tags) {
            return em.skip(
                instance,
                format!("read replica of {source}, not tagged {TAG}"),
            );
        }
    }
    let mut v = Verdict::new();
    if !instance.multi_az {
        let az = instance
            .availability_zone
            .as_deref()
            .map(|az| format!(" in {az}"))
            .unwrap_or_default();
        v.fail(format!(
            "single-AZ DB instance{az}: no standby to fail over to"
        ));
    }
    let copy = cross_region_replica(&instance.read_replicas, &instance.region).or_else(|| {
        instance
            .read_replica_source
            .as_deref()
            .filter(|s| other_region(s, &instance.region))
            .map(|s| format!("cross-region replica of {s}"))
    });
    dr_tier(ctx, instance, &instance.tags, copy, &mut v);
    v.emit(em, instance, "Multi-AZ DB instance");
}

/// The first replica ARN in a region other than `region`, described.
fn cross_region_replica(replicas: &[String], region: &str) -> Option<String> {
    replicas
        .iter()
        .find(|r| other_region(r, region))
        .map(|r| format!("cross-region read replica {r}"))
}

/// True when `reference` is an ARN in a region other than `region`.
fn other_region(reference: &str, region: &str) -> bool {
    Arn::parse(reference).is_some_and(|a| !a.region.is_empty() && a.region != region)
}

/// The DR-tier rule: `dr-tier=multi-region` needs `copy` (a global cluster
/// membership or a cross-region replica).
fn dr_tier(ctx: &Context, r: &dyn Resource, tags: &Tags, copy: Option<String>, v: &mut Verdict) {
    if !dr_tier::multi_region(tags) {
        return;
    }
    match copy {
        Some(copy) => v.note(format!("{TAG}={MULTI_REGION}: {copy}")),
        None => {
            let mut blind = regions::blind(ctx, "rds");
            blind.retain(|region| *region != r.region());
            if blind.is_empty() {
                v.fail(format!(
                    "tagged {TAG}={MULTI_REGION} but not in a global cluster and without a cross-region read replica"
                ));
            } else {
                v.error_reason(format!(
                    "tagged {TAG}={MULTI_REGION}: no global cluster or cross-region replica found, but RDS could not be read in {}",
                    blind.join(", ")
                ));
            }
        }
    }
}
