//! OpenSearch: a few domains per region in every shape
//! `opensearch-zone-awareness` judges (Multi-AZ with Standby; zone-aware
//! with dedicated cluster managers; zone awareness off; too few data nodes
//! for the AZs; no dedicated cluster manager; not production). Fixed in
//! size: a real account has a handful of domains, whatever its size.

use super::fixture::de;
use super::gen::Gen;
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, REGIONS};
use serde_json::json;

pub const GENERATOR: Generator = Generator {
    kinds: &[Kind::fixed("opensearch.domains")],
    generate: |g, _| opensearch(g),
};

/// Each region's domains: (name, zone-aware, data nodes, AZs, dedicated
/// cluster managers, Multi-AZ with Standby, environment).
const DOMAINS: &[(&str, bool, i64, i64, bool, bool, &str)] = &[
    ("standby", true, 3, 3, true, true, "prod"),
    ("search", true, 4, 2, true, false, "prod"),
    ("logs", false, 1, 1, false, false, "prod"),
    ("catalog", true, 2, 3, true, false, "prod"),
    ("metrics", true, 2, 2, false, false, "prod"),
    ("sandbox", false, 1, 1, false, false, "dev"),
];

fn opensearch(g: &mut Gen) {
    let mut opensearch = awscheck_checks::inventory::opensearch::OpenSearch::default();
    for region in REGIONS {
        for (name, zone_aware, nodes, zones, masters, standby, env) in DOMAINS {
            opensearch.domains.push(de(json!({
                "arn": format!("arn:aws:es:{region}:{ACCOUNT}:domain/{name}"),
                "region": region, "account_id": ACCOUNT, "name": name,
                "cluster": {"instance_count": nodes, "zone_awareness_enabled": zone_aware,
                            "availability_zone_count": zones, "dedicated_master_enabled": masters,
                            "multi_az_with_standby": standby},
                "tags": {"Environment": env}
            })));
        }
    }
    g.acct.opensearch = Some(opensearch);
}
