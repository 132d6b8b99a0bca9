//! EKS: clusters (GuardDuty's protection plans depend on them) with every
//! control-plane logging shape `eks-control-plane-logging` judges; the
//! `BLIND` region could not be listed.

use super::fixture::de;
use super::gen::Gen;
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, BLIND, REGIONS};
use serde_json::json;

const CLUSTERS: Kind = Kind::scaled("eks.clusters", 4);

pub const GENERATOR: Generator = Generator {
    kinds: &[CLUSTERS],
    generate: |g, n| eks(g, n[CLUSTERS]),
};

/// Control-plane logging: all five types, the required three, `api` only,
/// none, and unreadable.
const LOGGING: &[&str] = &[
    r#"{"value": ["api", "audit", "authenticator", "controllerManager", "scheduler"]}"#,
    r#"{"value": ["api", "audit", "authenticator"]}"#,
    r#"{"value": ["api"]}"#,
    r#"{"value": []}"#,
    r#"{"error": {"operation": "DescribeCluster", "code": "AccessDeniedException"}}"#,
];

/// Clusters, round-robin over the regions that could be listed.
fn eks(g: &mut Gen, n: usize) {
    g.blind("eks");
    let mut eks = awscheck_checks::inventory::eks::Eks::default();
    for i in 0..n {
        let region = REGIONS[i % BLIND];
        eks.clusters.push(de(json!({
            "arn": format!("arn:aws:eks:{region}:{ACCOUNT}:cluster/cluster-{i}"),
            "region": region, "account_id": ACCOUNT, "name": format!("cluster-{i}"),
            "logging": serde_json::from_str::<serde_json::Value>(LOGGING[i % LOGGING.len()]).unwrap(),
            "addons": {"value": ["amazon-cloudwatch-observability", "vpc-cni"]}
        })));
    }
    g.acct.eks = Some(eks);
}
