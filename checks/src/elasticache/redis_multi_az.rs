//! ## What it checks
//!
//! Every production Redis OSS or Valkey replication group fails over on its
//! own to a replica in another Availability Zone
//! (`elasticache:DescribeReplicationGroups`, `ListTagsForResource`). One
//! finding per replication group:
//!
//! - FAIL: `AutomaticFailover` is not `enabled`, or `MultiAZ` is not
//!   `enabled`.
//! - FAIL: a node group (shard) has fewer than 2 members: no replica to
//!   promote.
//! - Advisory (FAIL at low): all members of a node group are in one AZ.
//! - Advisory (FAIL at low): `SnapshotRetentionLimit` is 0: no automatic
//!   backup to restore the data from (adjacent: the notes cite Redis for
//!   its durability).
//! - PASS: automatic failover and Multi-AZ on, every node group with a
//!   replica in another AZ, automatic backups kept.
//! - SKIP: not production (the production tag, else a name word of the
//!   replication group id); being deleted.
//! - ERROR: the replication groups could not be listed, or their tags
//!   could not be read (whether they are production, or exempt, is
//!   unknown).
//!
//! Memcached has no replication groups, so its clusters are not listed (the
//! catalog's SKIP has no resource to attach to). Serverless caches are not
//! collected (the catalog PASSes them: they replicate across AZs by design).
//!
//! ## Why it matters
//!
//! Losing the primary node of a replication group without automatic
//! failover is a cache outage, and every request falls through to the
//! database while the cache warms up again. With Multi-AZ and a replica in
//! another AZ, ElastiCache promotes the replica within seconds (notes 000 ›
//! Resilient cloud solutions › "elasticCache": cluster mode disabled,
//! replicas with Multi-AZ failover; cluster mode enabled, shards each with
//! Multi-AZ; and "multi-AZ architectures", where ElastiCache is explicit).
//!
//! ## How to fix
//!
//! Add at least one replica per shard in another AZ, then turn on
//! automatic failover and Multi-AZ, and keep automatic backups.
//!
//! - **Console**: ElastiCache › Redis OSS (or Valkey) caches › the cache › Modify › Multi-AZ on, Auto-failover on, Backup retention period ≥ 1 day; Add replicas in other AZs.
//! - **CLI**: `aws elasticache increase-replica-count --replication-group-id RG --new-replica-count 1 --apply-immediately`; `aws elasticache modify-replication-group --replication-group-id RG --automatic-failover-enabled --multi-az-enabled --snapshot-retention-limit 7 --apply-immediately`.
//! - **CloudFormation**: `AWS::ElastiCache::ReplicationGroup` with `AutomaticFailoverEnabled: true`, `MultiAZEnabled: true`, `ReplicasPerNodeGroup: 1` (or `NumCacheClusters: 2`), `PreferredCacheClusterAZs` in distinct AZs, `SnapshotRetentionLimit: 7`.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "elasticCache" (redis cluster modes) and "multi-AZ architectures".
//! - AWS: "Minimizing downtime in ElastiCache by using Multi-AZ" (Amazon ElastiCache User Guide).
//! - AWS Config: `elasticache-repl-grp-auto-failover-enabled`, `elasticache-redis-cluster-automatic-backup-check`; Prowler `elasticache_redis_cluster_multi_az_enabled`.

use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::elasticache::{self, NodeGroup, ReplicationGroup};
use crate::settings::{PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};
use std::collections::BTreeSet;

pub static CHECK: Check = Check {
    id: "elasticache-redis-multi-az",
    title: "Redis/Valkey replication groups fail over automatically across AZs",
    service: "elasticache",
    severity: Severity::Medium,
    section: "000 › Resilient cloud solutions › \"elasticCache\"",
    catalog: "RES-17",
    reads: &[elasticache::REPLICATION_GROUPS, elasticache::GROUP_TAGS],
    tolerates: &[],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: Some("elasticache-repl-grp-auto-failover-enabled"),
    prowler: Some("elasticache_redis_cluster_multi_az_enabled"),
    source: include_str!("redis_multi_az.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let production = ctx.production();
    for group in &ctx.elasticache().replication_groups {
        if !production.is_production(Some(&group.tags), &group.id) {
            em.skip(group, "not production");
            continue;
        }
        if group.status == "deleting" {
            em.skip(group, "the replication group is being deleted");
            continue;
        }
        judge(group).emit(
            em,
            group,
            "automatic failover and Multi-AZ on, a replica in another AZ for every node group, automatic backups kept",
        );
    }
}

fn judge(group: &ReplicationGroup) -> Verdict {
    let mut v = Verdict::new();
    for (setting, value) in [
        ("AutomaticFailover", &group.automatic_failover),
        ("MultiAZ", &group.multi_az),
    ] {
        if value != "enabled" {
            v.fail(format!(
                "{setting} is {value}: the primary's loss is an outage until a replica is promoted by hand"
            ));
        }
    }
    let lone: Vec<&str> = group
        .node_groups
        .iter()
        .filter(|n| n.members.len() < 2)
        .map(|n| n.id.as_str())
        .collect();
    if !lone.is_empty() {
        v.fail(format!(
            "node group {} has no replica: nothing to fail over to",
            name_list(&lone)
        ));
    }
    for n in &group.node_groups {
        if let Some(zone) = one_zone(n) {
            v.warn(format!(
                "all members of node group {} are in {zone}: it is lost with that AZ",
                n.id
            ));
        }
    }
    if group.snapshot_retention_limit == 0 {
        v.warn("SnapshotRetentionLimit is 0: no automatic backup to restore the data from");
    }
    v
}

/// The one AZ all members (at least 2, every AZ known) of a node group are in.
fn one_zone(n: &NodeGroup) -> Option<&str> {
    if n.members.len() < 2 {
        return None;
    }
    let zones: Option<BTreeSet<&str>> = n
        .members
        .iter()
        .map(|m| m.availability_zone.as_deref())
        .collect();
    match zones {
        Some(z) if z.len() == 1 => z.into_iter().next(),
        _ => None,
    }
}
