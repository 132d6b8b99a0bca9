//! ## What it checks
//!
//! Every production OpenSearch Service domain keeps its data nodes, and the
//! replicas of its shards, in more than one Availability Zone
//! (`es:ListDomainNames`, `DescribeDomains` `ClusterConfig`, `ListTags`).
//! One finding per domain:
//!
//! - PASS: Multi-AZ with Standby is on (`MultiAZWithStandbyEnabled`: three
//!   AZs, one on standby, dedicated cluster managers by design).
//! - FAIL: zone awareness is off (`ZoneAwarenessEnabled=false`): every data
//!   node is in one AZ.
//! - FAIL: fewer data nodes than AZs (`InstanceCount` below
//!   `ZoneAwarenessConfig.AvailabilityZoneCount`, 2 when not reported).
//! - Advisory (FAIL at low): no dedicated cluster manager (master) nodes
//!   (`DedicatedMasterEnabled=false`): the data nodes also elect the
//!   cluster manager, and losing an AZ can leave no quorum.
//! - PASS: zone-aware, a data node per AZ at least, dedicated cluster
//!   managers.
//! - SKIP: not production (the production tag, else a name word of the
//!   domain name); being deleted.
//! - ERROR: the domains could not be listed or described, or their tags
//!   could not be read (whether they are production, or exempt, is
//!   unknown).
//!
//! Zone awareness also needs at least one replica per index to keep a copy
//! of each shard in another AZ: index settings are not readable through
//! the AWS APIs, so they are not judged.
//!
//! ## Why it matters
//!
//! OpenSearch is one of the services the notes list as Multi-AZ only when
//! configured so (notes 000 › Resilient cloud solutions › "multi-AZ
//! architectures": explicit for OpenSearch). Without zone awareness, an AZ
//! outage takes every data node, and the cluster goes red or loses data;
//! with too few nodes for its AZs, one AZ holds no copy at all.
//!
//! ## How to fix
//!
//! Turn on zone awareness (or Multi-AZ with Standby) with an even number of
//! data nodes, a multiple of the AZ count, and three dedicated cluster
//! manager nodes; give each index at least one replica.
//!
//! - **Console**: OpenSearch Service › Domains › the domain › Actions › Edit cluster configuration › Deployment option: Domain with standby, or Availability Zones: 3-AZ (or 2-AZ), Number of nodes a multiple of the AZs; Dedicated master nodes: enabled, 3 nodes.
//! - **CLI**: `aws opensearch update-domain-config --domain-name D --cluster-config "ZoneAwarenessEnabled=true,ZoneAwarenessConfig={AvailabilityZoneCount=3},InstanceCount=3,DedicatedMasterEnabled=true,DedicatedMasterCount=3,DedicatedMasterType=m6g.large.search"`.
//! - **CloudFormation**: `AWS::OpenSearchService::Domain` with `ClusterConfig: {ZoneAwarenessEnabled: true, ZoneAwarenessConfig: {AvailabilityZoneCount: 3}, InstanceCount: 3, DedicatedMasterEnabled: true, DedicatedMasterCount: 3}` (or `MultiAZWithStandbyEnabled: true`).
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "multi-AZ architectures".
//! - AWS: "Configuring a multi-AZ domain in Amazon OpenSearch Service" and "Dedicated master nodes in Amazon OpenSearch Service" (Amazon OpenSearch Service Developer Guide).
//! - AWS Config: `opensearch-data-node-fault-tolerance`; Prowler `opensearch_service_domains_fault_tolerant_data_nodes`.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::opensearch::{self, ClusterConfig};
use crate::settings::{PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};

pub static CHECK: Check = Check {
    id: "opensearch-zone-awareness",
    title: "OpenSearch domains are zone-aware",
    service: "opensearch",
    severity: Severity::Low,
    section: "000 › Resilient cloud solutions › \"multi-AZ architectures\"",
    catalog: "RES-27",
    reads: &[opensearch::DOMAINS, opensearch::DOMAIN_TAGS],
    tolerates: &[],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: Some("opensearch-data-node-fault-tolerance"),
    prowler: Some("opensearch_service_domains_fault_tolerant_data_nodes"),
    source: include_str!("zone_awareness.rs"),
    run,
};

/// The AZ count of a zone-aware domain that does not report one.
const DEFAULT_ZONES: i64 = 2;

fn run(ctx: &Context, em: &mut Emitter) {
    let production = ctx.production();
    for domain in &ctx.opensearch().domains {
        if !production.is_production(Some(&domain.tags), &domain.name) {
            em.skip(domain, "not production");
            continue;
        }
        if domain.deleted {
            em.skip(domain, "the domain is being deleted");
            continue;
        }
        let c = &domain.cluster;
        if c.multi_az_with_standby {
            em.pass(domain, "Multi-AZ with Standby");
            continue;
        }
        let zones = c.availability_zone_count.unwrap_or(DEFAULT_ZONES);
        judge(c, zones).emit(
            em,
            domain,
            format!(
                "zone-aware over {zones} AZs with {} data nodes and dedicated cluster managers",
                c.instance_count
            ),
        );
    }
}

fn judge(c: &ClusterConfig, zones: i64) -> Verdict {
    let mut v = Verdict::new();
    if !c.zone_awareness_enabled {
        v.fail("zone awareness is off: every data node is in one AZ");
    } else if c.instance_count < zones {
        v.fail(format!(
            "{} data node(s) for {zones} AZs: at least one AZ holds no copy of the data",
            c.instance_count
        ));
    }
    if !c.dedicated_master_enabled {
        v.warn("no dedicated cluster manager nodes: losing an AZ can leave the data nodes without a quorum");
    }
    v
}
