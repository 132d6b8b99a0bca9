//! Amazon OpenSearch Service, per region: domains (OpenSearch and
//! Elasticsearch engines) with their cluster configuration (data nodes,
//! zone awareness, dedicated masters, Multi-AZ with Standby) and tags.

use super::{merge, resource, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListDomainNames`, then `DescribeDomains` five names at a time: domains
/// with their cluster configuration.
pub const DOMAINS: Data = Data::listing("opensearch");
/// `ListTags`: each domain's tags.
pub const DOMAIN_TAGS: Data = Data::part("opensearch", "domains.tags");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[DOMAINS, DOMAIN_TAGS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenSearch {
    #[serde(default)]
    pub domains: Vec<Domain>,
}
merge!(OpenSearch { domains });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `DomainName`.
    pub name: String,
    /// `EngineVersion` (`OpenSearch_2.13`, `Elasticsearch_7.10`); absent
    /// when not reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine_version: Option<String>,
    /// `Deleted`: the domain is being deleted.
    #[serde(default)]
    pub deleted: bool,
    pub cluster: ClusterConfig,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Domain, tags in DOMAIN_TAGS);

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterConfig {
    /// `InstanceType` of the data nodes (`r6g.large.search`); absent when
    /// not reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    /// `InstanceCount`: the data nodes.
    pub instance_count: i64,
    /// `ZoneAwarenessEnabled`: data nodes and replicas spread over AZs.
    pub zone_awareness_enabled: bool,
    /// `ZoneAwarenessConfig.AvailabilityZoneCount` (2 or 3); absent when not
    /// reported (AWS then uses 2 for a zone-aware domain).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone_count: Option<i64>,
    /// `DedicatedMasterEnabled`: dedicated cluster manager nodes.
    pub dedicated_master_enabled: bool,
    /// `MultiAZWithStandbyEnabled`: Multi-AZ with Standby (three AZs, one
    /// of them on standby).
    #[serde(default)]
    pub multi_az_with_standby: bool,
}
