//! OpenSearch Service: domains and their cluster configuration.

use super::{merge, resource, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListDomainNames` and `DescribeDomains`: domains and their cluster configuration.
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
    pub name: String,
    /// `ClusterConfig`.
    pub cluster: ClusterConfig,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Domain, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterConfig {
    /// `InstanceCount`: data nodes.
    pub instance_count: i64,
    /// `ZoneAwarenessEnabled`.
    #[serde(default)]
    pub zone_awareness_enabled: bool,
    /// `ZoneAwarenessConfig.AvailabilityZoneCount` (2 or 3); absent when
    /// zone awareness is off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone_count: Option<i64>,
    /// `DedicatedMasterEnabled`.
    #[serde(default)]
    pub dedicated_master_enabled: bool,
    /// `MultiAZWithStandbyEnabled`: Multi-AZ with Standby (three AZs, one
    /// on standby).
    #[serde(default)]
    pub multi_az_with_standby_enabled: bool,
}
