//! ElastiCache: replication groups (Redis OSS and Valkey), cache clusters
//! and serverless caches.

use super::{merge, resource, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeReplicationGroups` and `DescribeCacheClusters`: replication groups with their node groups, and cache clusters.
pub const REPLICATION_GROUPS: Data = Data::listing("elasticache");
/// `DescribeServerlessCaches`: serverless caches.
pub const SERVERLESS_CACHES: Data = Data::part("elasticache", "serverless_caches");
/// `ListTagsForResource`: the tags of each replication group and cache cluster.
pub const TAGS: Data = Data::part("elasticache", "replication_groups.tags").and("cache_clusters.tags");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[REPLICATION_GROUPS, SERVERLESS_CACHES, TAGS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElastiCache {
    #[serde(default)]
    pub replication_groups: Vec<ReplicationGroup>,
    /// Cache clusters (nodes): members of replication groups, standalone
    /// Redis nodes and Memcached clusters.
    #[serde(default)]
    pub cache_clusters: Vec<CacheCluster>,
    #[serde(default)]
    pub serverless_caches: Vec<ServerlessCache>,
}
merge!(ElastiCache {
    replication_groups,
    cache_clusters,
    serverless_caches
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplicationGroup {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub id: String,
    /// `redis` or `valkey`.
    #[serde(default)]
    pub engine: String,
    /// `AutomaticFailover`: `enabled`, `disabled`, `enabling` or `disabling`.
    pub automatic_failover: String,
    /// `MultiAZ`: `enabled` or `disabled`.
    pub multi_az: String,
    /// `ClusterEnabled`: cluster mode (data sharded over node groups).
    #[serde(default)]
    pub cluster_enabled: bool,
    /// `SnapshotRetentionLimit`: days of automatic backups; 0 = none.
    #[serde(default)]
    pub snapshot_retention_limit: i64,
    /// The node groups (shards).
    #[serde(default)]
    pub node_groups: Vec<NodeGroup>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(ReplicationGroup, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeGroup {
    pub id: String,
    #[serde(default)]
    pub members: Vec<NodeGroupMember>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeGroupMember {
    pub cache_cluster_id: String,
    /// `PreferredAvailabilityZone`; absent when not reported (cluster mode
    /// enabled: the member's cache cluster says).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheCluster {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub id: String,
    /// `redis`, `valkey` or `memcached`.
    pub engine: String,
    /// The replication group it belongs to; absent for standalone nodes and
    /// Memcached clusters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replication_group_id: Option<String>,
    /// `PreferredAvailabilityZone` (`Multiple` for a Memcached cluster
    /// spread over several AZs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
    #[serde(default)]
    pub num_cache_nodes: i64,
    #[serde(default)]
    pub tags: Tags,
}
resource!(CacheCluster, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerlessCache {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// `redis`, `valkey` or `memcached`.
    #[serde(default)]
    pub engine: String,
    #[serde(default)]
    pub status: String,
}
resource!(ServerlessCache);
