//! RDS: DB clusters and their member instances, standalone instances and
//! read replicas, and global databases.

use super::fixture::de;
use super::gen::Gen;
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, REGIONS};
use serde_json::{json, Value};

const CLUSTERS: Kind = Kind::scaled("rds.clusters", 12);
const INSTANCES: Kind = Kind::scaled("rds.instances", 40);

pub const GENERATOR: Generator = Generator {
    kinds: &[CLUSTERS, INSTANCES, Kind::fixed("rds.global_clusters")],
    generate: |g, n| rds(g, n[CLUSTERS], n[INSTANCES]),
};

/// Aurora and Multi-AZ DB clusters whose members (DB instances) span
/// one or two AZs or are missing; standalone instances, read replicas
/// (some cross-region); production by tag or name; DR-tier tags with
/// and without a global cluster or cross-region copy. `n_clusters`
/// counts the global clusters too (two members each).
fn rds(g: &mut Gen, n_clusters: usize, n_instances: usize) {
    let mut rds = awscheck_checks::inventory::rds::Rds::default();
    let mut members_left = n_instances / 2;
    // One global database (two members) per 13 entries of the budget, and
    // at least one in a small inventory: every sixth cluster joins one
    // until they are all filled.
    let n_global = (n_clusters / 13).max(usize::from(n_clusters >= 8));
    let mut global: Vec<String> = Vec::new();
    for i in 0..n_clusters - n_global {
        let r = g.region();
        let region = REGIONS[r];
        let prod = g.rng.chance(60);
        let id = format!("db-cluster-{i:05}{}", if prod { "-prod" } else { "" });
        let arn = format!("arn:aws:rds:{region}:{ACCOUNT}:cluster:{id}");
        let (engine, multi_az) = match g.rng.pct() {
            0..=49 => ("aurora-mysql", false),
            50..=79 => ("aurora-postgresql", false),
            80..=89 => ("mysql", true),
            _ => ("docdb", false),
        };
        let size = (1 + g.rng.below(3)).min(members_left);
        members_left -= size;
        let same_az = g.rng.chance(20);
        let mut members = Vec::new();
        for k in 0..size {
            let member = format!("{id}-instance-{k}");
            members.push(json!({"instance_id": member, "is_writer": k == 0}));
            let az = if same_az { 'a' } else { ['a', 'b', 'c'][k % 3] };
            rds.instances.push(de(json!({
                "arn": format!("arn:aws:rds:{region}:{ACCOUNT}:db:{member}"),
                "region": region, "account_id": ACCOUNT, "id": member, "engine": engine,
                "multi_az": false, "availability_zone": format!("{region}{az}"), "cluster_id": id
            })));
        }
        if g.rng.chance(5) {
            members.push(
                json!({"instance_id": format!("{id}-instance-gone"), "is_writer": false}),
            );
        }
        let mut tags = json!({});
        if g.rng.chance(15) {
            tags["dr-tier"] = json!("multi-region");
        }
        let replicas = if g.rng.chance(10) {
            json!([format!(
                "arn:aws:rds:{}:{ACCOUNT}:cluster:{id}-replica",
                REGIONS[(r + 1) % REGIONS.len()]
            )])
        } else {
            json!([])
        };
        if i % 6 == 0 && global.len() < 2 * n_global {
            global.push(arn.clone());
        }
        rds.clusters.push(de(json!({
            "arn": arn, "region": region, "account_id": ACCOUNT, "id": id, "engine": engine,
            "multi_az": multi_az, "members": members, "read_replicas": replicas,
            "backup_retention_period": retention(i),
            "master_user_secret": master_secret(g, region, &id), "tags": tags
        })));
    }
    let standalone = n_instances - (n_instances / 2 - members_left);
    for i in 0..standalone {
        let r = g.region();
        let region = REGIONS[r];
        let prod = g.rng.chance(60);
        let id = format!("db-{i:05}{}", if prod { "-prod" } else { "" });
        let mut tags = g.env_tags();
        let mut source = Value::Null;
        let mut cluster = Value::Null;
        let mut replicas = json!([]);
        match g.rng.pct() {
            0..=7 => source = json!(format!("db-{:05}-prod", i / 2)),
            8..=11 => {
                source = json!(format!(
                    "arn:aws:rds:{}:{ACCOUNT}:db:db-{:05}-prod",
                    REGIONS[(r + 1) % REGIONS.len()],
                    i / 2
                ))
            }
            12..=13 => cluster = json!(format!("ghost-cluster-{i}")),
            14..=23 => {
                replicas = json!([format!(
                    "arn:aws:rds:{}:{ACCOUNT}:db:{id}-dr",
                    REGIONS[(r + 2) % REGIONS.len()]
                )])
            }
            _ => {}
        }
        if g.rng.chance(10) {
            tags["dr-tier"] = json!(*g.rng.pick(&["multi-region", "single-region"]));
        }
        rds.instances.push(de(json!({
            "arn": format!("arn:aws:rds:{region}:{ACCOUNT}:db:{id}"),
            "region": region, "account_id": ACCOUNT, "id": id,
            "engine": *g.rng.pick(&["mysql", "postgres", "mariadb"]), "multi_az": g.rng.chance(60),
            "availability_zone": format!("{region}a"), "cluster_id": cluster,
            "read_replica_source": source, "read_replicas": replicas,
            "backup_retention_period": retention(i),
            "master_user_secret": master_secret(g, region, &id), "tags": tags
        })));
    }
    // Global databases of two clusters each (a primary and a secondary).
    for (k, chunk) in global.chunks(2).enumerate() {
        rds.global_clusters.push(de(json!({
            "arn": format!("arn:aws:rds::{ACCOUNT}:global-cluster:global-{k}"),
            "region": "us-east-1", "account_id": ACCOUNT, "id": format!("global-{k}"), "members": chunk
        })));
    }
    g.acct.rds = Some(rds);
}

/// The master password's managed secret: active, impaired, or none (a
/// static password).
fn master_secret(g: &mut Gen, region: &str, id: &str) -> Value {
    let arn = format!("arn:aws:secretsmanager:{region}:{ACCOUNT}:secret:rds!{id}-a1B2c3");
    match g.rng.pct() {
        0..=54 => json!({"secret_arn": arn, "status": "active"}),
        55..=59 => json!({"secret_arn": arn, "status": "impaired"}),
        _ => Value::Null,
    }
}

/// Automated backup retention in days, by index (no draw, so the other
/// variants stay as they were): off, short, and long enough.
fn retention(i: usize) -> u32 {
    [0, 3, 7, 14, 35][i % 5]
}
