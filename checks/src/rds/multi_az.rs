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
//! Not covered: Aurora Serverless v1 clusters (which have no instances) are
//! judged as clusters with fewer than 2 instances; the inventory does not
//! record the engine mode.
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
    config_rule: Some("rds-multi-az-support"),
    prowler: Some("rds_instance_multi_az"),
    source: include_str!("multi_az.rs"),
    run,
};

/// Tag marking a database's disaster-recovery tier.
const DR_TIER_TAG: &str = "dr-tier";
/// The `dr-tier` value that requires a copy in another region.
const MULTI_REGION: &str = "multi-region";

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
    for cluster in &rds.clusters {
        if !ctx.settings.is_production(Some(&cluster.tags), &cluster.id) {
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
            if ctx
                .settings
                .is_production(Some(&instance.tags), &instance.id)
            {
                em.error_reason(
                    instance,
                    format!("member of DB cluster {cluster_id}, which is not in the inventory"),
                );
            } else {
                em.skip(instance, "not production");
            }
            continue;
        }
        if !ctx
            .settings
            .is_production(Some(&instance.tags), &instance.id)
        {
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
        if !instance.tags.contains_key(DR_TIER_TAG) {
            return em.skip(
                instance,
                format!("read replica of {source}, not tagged {DR_TIER_TAG}"),
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
    let multi_region = tags
        .get(DR_TIER_TAG)
        .is_some_and(|t| t.trim().eq_ignore_ascii_case(MULTI_REGION));
    if !multi_region {
        return;
    }
    match copy {
        Some(copy) => v.note(format!("{DR_TIER_TAG}={MULTI_REGION}: {copy}")),
        None => {
            let blind: Vec<&str> = ctx
                .account
                .collection_errors
                .iter()
                .filter(|e| e.service == "rds" && e.region != r.region())
                .map(|e| e.region.as_str())
                .collect();
            if blind.is_empty() {
                v.fail(format!(
                    "tagged {DR_TIER_TAG}={MULTI_REGION} but not in a global cluster and without a cross-region read replica"
                ));
            } else {
                v.error_reason(format!(
                    "tagged {DR_TIER_TAG}={MULTI_REGION}: no global cluster or cross-region replica found, but RDS could not be read in {}",
                    blind.join(", ")
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::engine::{Severity, Status};
    use crate::testing::{assert_finding, run};
    use serde_json::{json, Value};

    fn instance_arn(region: &str, id: &str) -> String {
        format!("arn:aws:rds:{region}:111122223333:db:{id}")
    }

    fn cluster_arn(region: &str, id: &str) -> String {
        format!("arn:aws:rds:{region}:111122223333:cluster:{id}")
    }

    fn instance(id: &str, multi_az: bool, az: &str) -> Value {
        json!({
            "arn": instance_arn("us-east-1", id), "region": "us-east-1", "account_id": "111122223333",
            "id": id, "engine": "postgres", "multi_az": multi_az, "availability_zone": az
        })
    }

    fn member(id: &str, cluster: &str, az: &str) -> Value {
        let mut i = instance(id, false, az);
        i["engine"] = json!("aurora-postgresql");
        i["cluster_id"] = json!(cluster);
        i
    }

    fn cluster(id: &str, engine: &str, multi_az: bool, members: &[&str]) -> Value {
        let members: Vec<Value> = members
            .iter()
            .enumerate()
            .map(|(n, m)| json!({"instance_id": m, "is_writer": n == 0}))
            .collect();
        json!({
            "arn": cluster_arn("us-east-1", id), "region": "us-east-1", "account_id": "111122223333",
            "id": id, "engine": engine, "multi_az": multi_az, "members": members
        })
    }

    fn rds(instances: Vec<Value>, clusters: Vec<Value>) -> Value {
        json!({"rds": {"instances": instances, "clusters": clusters}})
    }

    #[test]
    fn instances_need_multi_az() {
        let f = run(
            &CHECK,
            rds(
                vec![
                    instance("orders-prod", true, "us-east-1a"),
                    instance("billing-prod", false, "us-east-1b"),
                ],
                vec![],
            ),
        );
        assert_finding(
            &f,
            &instance_arn("us-east-1", "orders-prod"),
            Status::Pass,
            "Multi-AZ DB instance",
        );
        let got = assert_finding(
            &f,
            &instance_arn("us-east-1", "billing-prod"),
            Status::Fail,
            "single-AZ DB instance in us-east-1b",
        );
        assert_eq!(got.severity, Severity::High);
    }

    #[test]
    fn non_production_is_skipped() {
        let mut tagged = instance("orders-prod", false, "us-east-1a");
        tagged["tags"] = json!({"Environment": "dev"});
        let f = run(
            &CHECK,
            rds(
                vec![instance("scratch", false, "us-east-1a"), tagged],
                vec![cluster("test-db", "aurora-mysql", false, &[])],
            ),
        );
        assert_finding(
            &f,
            &instance_arn("us-east-1", "scratch"),
            Status::Skip,
            "not production",
        );
        assert_finding(
            &f,
            &instance_arn("us-east-1", "orders-prod"),
            Status::Skip,
            "not production",
        );
        assert_finding(
            &f,
            &cluster_arn("us-east-1", "test-db"),
            Status::Skip,
            "not production",
        );
    }

    #[test]
    fn read_replicas_skip_unless_dr_tier() {
        let mut replica = instance("orders-prod-replica", false, "us-east-1c");
        replica["read_replica_source"] = json!("orders-prod");
        let f = run(&CHECK, rds(vec![replica.clone()], vec![]));
        assert_finding(
            &f,
            &instance_arn("us-east-1", "orders-prod-replica"),
            Status::Skip,
            "read replica of orders-prod, not tagged dr-tier",
        );
        replica["tags"] = json!({"dr-tier": "standby"});
        let f = run(&CHECK, rds(vec![replica.clone()], vec![]));
        assert_finding(
            &f,
            &instance_arn("us-east-1", "orders-prod-replica"),
            Status::Fail,
            "single-AZ",
        );
        replica["multi_az"] = json!(true);
        let f = run(&CHECK, rds(vec![replica], vec![]));
        assert_finding(
            &f,
            &instance_arn("us-east-1", "orders-prod-replica"),
            Status::Pass,
            "Multi-AZ",
        );
    }

    #[test]
    fn aurora_needs_two_instances_in_two_azs() {
        let f = run(
            &CHECK,
            rds(
                vec![
                    member("a1", "good-prod", "us-east-1a"),
                    member("a2", "good-prod", "us-east-1b"),
                    member("b1", "one-az-prod", "us-east-1a"),
                    member("b2", "one-az-prod", "us-east-1a"),
                    member("c1", "single-prod", "us-east-1a"),
                ],
                vec![
                    cluster("good-prod", "aurora-postgresql", true, &["a1", "a2"]),
                    cluster("one-az-prod", "aurora-postgresql", true, &["b1", "b2"]),
                    cluster("single-prod", "aurora-mysql", false, &["c1"]),
                    cluster("empty-prod", "aurora-mysql", false, &[]),
                ],
            ),
        );
        assert_eq!(f.len(), 4, "members are judged with their cluster: {f:#?}");
        assert_finding(
            &f,
            &cluster_arn("us-east-1", "good-prod"),
            Status::Pass,
            "2 instances across us-east-1a, us-east-1b",
        );
        assert_finding(
            &f,
            &cluster_arn("us-east-1", "one-az-prod"),
            Status::Fail,
            "all 2 instances of the Aurora cluster are in us-east-1a",
        );
        assert_finding(
            &f,
            &cluster_arn("us-east-1", "single-prod"),
            Status::Fail,
            "has 1 instance: no failover target",
        );
        assert_finding(
            &f,
            &cluster_arn("us-east-1", "empty-prod"),
            Status::Fail,
            "has 0 instances",
        );
    }

    #[test]
    fn multi_az_db_cluster_passes() {
        let mut members: Vec<Value> = ["m1", "m2", "m3"]
            .iter()
            .map(|m| member(m, "pg-prod", "us-east-1a"))
            .collect();
        for m in &mut members {
            m["engine"] = json!("postgres");
        }
        let f = run(
            &CHECK,
            rds(
                members,
                vec![cluster("pg-prod", "postgres", true, &["m1", "m2", "m3"])],
            ),
        );
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_finding(
            &f,
            &cluster_arn("us-east-1", "pg-prod"),
            Status::Pass,
            "Multi-AZ DB cluster",
        );
    }

    #[test]
    fn unknown_member_az_and_unlisted_cluster_are_errors() {
        let f = run(
            &CHECK,
            rds(
                vec![member("a1", "db-prod", "us-east-1a")],
                vec![cluster("db-prod", "aurora-mysql", true, &["a1", "a2"])],
            ),
        );
        assert_finding(
            &f,
            &cluster_arn("us-east-1", "db-prod"),
            Status::Error,
            "AZ of member instance a2 is unknown",
        );
        // Known members already span two AZs: the unknown one does not matter.
        let f = run(
            &CHECK,
            rds(
                vec![
                    member("a1", "db-prod", "us-east-1a"),
                    member("a2", "db-prod", "us-east-1b"),
                ],
                vec![cluster(
                    "db-prod",
                    "aurora-mysql",
                    true,
                    &["a1", "a2", "a3"],
                )],
            ),
        );
        assert_finding(
            &f,
            &cluster_arn("us-east-1", "db-prod"),
            Status::Pass,
            "3 instances",
        );
        let f = run(
            &CHECK,
            rds(
                vec![
                    member("a1-prod", "gone", "us-east-1a"),
                    member("a1-dev", "gone", "us-east-1a"),
                ],
                vec![],
            ),
        );
        assert_finding(
            &f,
            &instance_arn("us-east-1", "a1-dev"),
            Status::Skip,
            "not production",
        );
        assert_finding(
            &f,
            &instance_arn("us-east-1", "a1-prod"),
            Status::Error,
            "member of DB cluster gone, which is not in the inventory",
        );
    }

    #[test]
    fn dr_tier_needs_a_global_cluster_or_cross_region_replica() {
        let dr = json!({"dr-tier": "multi-region"});
        let mut c = cluster("orders-prod", "aurora-mysql", true, &["a1", "a2"]);
        c["tags"] = dr.clone();
        let members = vec![
            member("a1", "orders-prod", "us-east-1a"),
            member("a2", "orders-prod", "us-east-1b"),
        ];
        let arn = cluster_arn("us-east-1", "orders-prod");
        let f = run(&CHECK, rds(members.clone(), vec![c.clone()]));
        assert_finding(&f, &arn, Status::Fail, "not in a global cluster");

        let mut account = rds(members.clone(), vec![c.clone()]);
        account["rds"]["global_clusters"] = json!([{
            "arn": "arn:aws:rds::111122223333:global-cluster:orders", "region": "us-east-1",
            "account_id": "111122223333", "id": "orders",
            "members": [arn, cluster_arn("eu-west-1", "orders-dr")]}]);
        let f = run(&CHECK, account);
        assert_finding(&f, &arn, Status::Pass, "member of global cluster orders");

        let mut replicated = c.clone();
        replicated["read_replicas"] = json!([cluster_arn("eu-west-1", "orders-replica")]);
        let f = run(&CHECK, rds(members.clone(), vec![replicated]));
        assert_finding(&f, &arn, Status::Pass, "cross-region read replica");

        // A single-AZ instance tagged multi-region fails on both counts.
        let mut i = instance("ledger-prod", false, "us-east-1a");
        i["tags"] = dr.clone();
        i["read_replicas"] = json!(["ledger-prod-replica"]);
        let f = run(&CHECK, rds(vec![i.clone()], vec![]));
        let got = assert_finding(
            &f,
            &instance_arn("us-east-1", "ledger-prod"),
            Status::Fail,
            "single-AZ DB instance in us-east-1a",
        );
        assert!(
            got.reason.contains("without a cross-region read replica"),
            "{}",
            got.reason
        );
        i["multi_az"] = json!(true);
        i["read_replicas"] = json!([instance_arn("eu-west-1", "ledger-dr")]);
        let f = run(&CHECK, rds(vec![i], vec![]));
        assert_finding(
            &f,
            &instance_arn("us-east-1", "ledger-prod"),
            Status::Pass,
            "cross-region read replica arn:aws:rds:eu-west-1",
        );

        // A DR replica whose source is in another region is the cross-region copy.
        let mut replica = instance("ledger-prod-dr", true, "us-east-1a");
        replica["tags"] = dr;
        replica["read_replica_source"] = json!(instance_arn("eu-west-1", "ledger-prod"));
        let f = run(&CHECK, rds(vec![replica], vec![]));
        assert_finding(
            &f,
            &instance_arn("us-east-1", "ledger-prod-dr"),
            Status::Pass,
            "cross-region replica of",
        );
    }

    #[test]
    fn missing_dr_copy_with_a_blind_region_is_an_error() {
        let mut c = cluster("orders-prod", "aurora-mysql", true, &["a1", "a2"]);
        c["tags"] = json!({"dr-tier": "Multi-Region"});
        let mut account = rds(
            vec![
                member("a1", "orders-prod", "us-east-1a"),
                member("a2", "orders-prod", "us-east-1b"),
            ],
            vec![c],
        );
        account["collection_errors"] = json!([{"service": "rds", "region": "eu-west-1",
            "operation": "DescribeDBClusters", "code": "ThrottlingException"}]);
        let f = run(&CHECK, account);
        assert_finding(
            &f,
            &cluster_arn("us-east-1", "orders-prod"),
            Status::Error,
            "RDS could not be read in eu-west-1",
        );
        assert_finding(
            &f,
            "arn:aws:rds:eu-west-1:111122223333",
            Status::Error,
            "throttled: DescribeDBClusters",
        );
        let f = run(&CHECK, json!({}));
        assert!(f[0].status == Status::Error && f[0].reason.contains("no rds section"));
    }

    #[test]
    fn exempt_tag_skips() {
        let mut i = instance("orders-prod", false, "us-east-1a");
        i["tags"] = json!({"compliance:exempt": "rds-multi-az"});
        assert_finding(
            &run(&CHECK, rds(vec![i], vec![])),
            &instance_arn("us-east-1", "orders-prod"),
            Status::Skip,
            "exempted by tag",
        );
    }
}
