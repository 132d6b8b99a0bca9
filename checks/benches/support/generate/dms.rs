//! DMS: a few replication instances per region in every shape
//! `dms-multi-az` judges (Multi-AZ; Single-AZ running CDC, full load
//! only, or nothing; not production), their tasks, and serverless
//! configurations Multi-AZ or not. Fixed in size: a real account has a
//! handful of them, whatever its size.

use super::fixture::de;
use super::gen::Gen;
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, REGIONS};
use serde_json::json;

pub const GENERATOR: Generator = Generator {
    kinds: &[
        Kind::fixed("dms.replication_instances"),
        Kind::fixed("dms.tasks"),
        Kind::fixed("dms.replication_configs"),
    ],
    generate: |g, _| dms(g),
};

/// Each region's instances: (name, Multi-AZ, the migration type of its
/// task if any, environment).
const INSTANCES: &[(&str, bool, Option<&str>, &str)] = &[
    ("ledger", true, Some("cdc"), "prod"),
    ("orders", false, Some("full-load-and-cdc"), "prod"),
    ("backfill", false, Some("full-load"), "prod"),
    ("idle", false, None, "prod"),
    ("sandbox", false, Some("cdc"), "dev"),
];

fn dms(g: &mut Gen) {
    let mut dms = awscheck_checks::inventory::dms::Dms::default();
    for region in REGIONS {
        let arn = |kind: &str, id: &str| format!("arn:aws:dms:{region}:{ACCOUNT}:{kind}:{id}");
        for (name, multi_az, task, env) in INSTANCES {
            dms.replication_instances.push(de(json!({
                "arn": arn("rep", name), "region": region, "account_id": ACCOUNT, "id": name,
                "status": "available", "multi_az": multi_az, "tags": {"Environment": env}
            })));
            if let Some(kind) = task {
                dms.tasks.push(de(json!({
                    "arn": arn("task", name), "region": region, "id": format!("{name}-task"),
                    "replication_instance_arn": arn("rep", name), "migration_type": kind,
                    "status": "running"
                })));
            }
        }
        for (name, multi_az) in [("stream", true), ("catalog", false)] {
            dms.replication_configs.push(de(json!({
                "arn": arn("replication-config", name), "region": region, "account_id": ACCOUNT,
                "id": name, "replication_type": "cdc", "multi_az": multi_az,
                "tags": {"Environment": "prod"}
            })));
        }
    }
    g.acct.dms = Some(dms);
}
