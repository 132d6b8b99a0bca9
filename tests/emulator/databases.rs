//! Resilience checks of the wave-5 data-store collectors judged live:
//! OpenSearch domains' zone awareness. (DMS is proven with aws-smithy-mocks:
//! moto 5.2.5 writes `InstanceCreateTime` as an ISO string the SDK cannot
//! parse.)

use crate::common::{assert_finding, assert_only_moto_gaps, statuses, want, Lab};
#[allow(unused_imports)]
use crate::sdk::*;

/// `opensearch-zone-awareness` over seven domains (more than the five
/// `DescribeDomains` answers at a time): zone-aware over three AZs with
/// dedicated cluster managers passes, zone awareness off fails, too few
/// data nodes for the AZs fails, no dedicated cluster manager is an
/// advisory; the ones that are not production skip.
#[tokio::test(flavor = "multi_thread")]
async fn opensearch_zone_awareness_live() {
    use aws_sdk_opensearch::types::{ClusterConfig, Tag, ZoneAwarenessConfig};
    let Some(lab) = Lab::new("opensearch-zone-awareness").await else {
        return;
    };
    let opensearch = aws_sdk_opensearch::Client::new(&lab.sdk);
    let domains: Vec<(String, bool, i32, i32, bool, &str)> = [
        ("search", true, 3, 3, true, "prod"),
        ("logs", false, 1, 0, true, "prod"),
        ("catalog", true, 2, 3, true, "prod"),
        ("metrics", true, 2, 2, false, "prod"),
    ]
    .into_iter()
    .map(|(n, za, count, zones, master, env)| (n.to_string(), za, count, zones, master, env))
    .chain((1..=3).map(|i| (format!("scratch-{i}"), false, 1, 0, false, "dev")))
    .collect();
    for (name, zone_aware, count, zones, master, env) in &domains {
        let mut cluster = ClusterConfig::builder()
            .instance_count(*count)
            .zone_awareness_enabled(*zone_aware)
            .dedicated_master_enabled(*master);
        if *zones > 0 {
            cluster = cluster.zone_awareness_config(
                ZoneAwarenessConfig::builder()
                    .availability_zone_count(*zones)
                    .build(),
            );
        }
        opensearch
            .create_domain()
            .domain_name(name)
            .cluster_config(cluster.build())
            .tag_list(
                Tag::builder()
                    .key("Environment")
                    .value(*env)
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
    }
    let check = "opensearch-zone-awareness";
    let (doc, account) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
    let arn = |n: &str| format!("arn:aws:es:us-east-1:{}:domain/{n}", lab.account);
    let mut expected = vec![
        (arn("search"), "pass"),
        (arn("logs"), "fail"),
        (arn("catalog"), "fail"),
        (arn("metrics"), "fail"),
    ];
    expected.extend((1..=3).map(|i| (arn(&format!("scratch-{i}")), "skip")));
    assert_eq!(statuses(&doc, check), want(&expected), "{doc:#}");
    assert_finding(&doc, check, &arn("logs"), "fail", "zone awareness is off");
    assert_finding(
        &doc,
        check,
        &arn("catalog"),
        "fail",
        "2 data node(s) for 3 AZs",
    );
    assert_finding(
        &doc,
        check,
        &arn("metrics"),
        "fail",
        "advisory: no dedicated cluster manager nodes",
    );
    let listed = account["opensearch"]["domains"].as_array().unwrap();
    assert_eq!(listed.len(), 7);
    assert_only_moto_gaps(&account);
}
