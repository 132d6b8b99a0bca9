//! Amazon ElastiCache, per region: Redis OSS and Valkey replication groups
//! (Memcached has none), with their node groups (shards), the AZs of their
//! members, and their tags.

use super::{merge, resource, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeReplicationGroups`: replication groups with their node groups.
pub const REPLICATION_GROUPS: Data = Data::listing("elasticache");
/// `ListTagsForResource`: each replication group's tags.
pub const GROUP_TAGS: Data = Data::part("elasticache", "replication_groups.tags");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[REPLICATION_GROUPS, GROUP_TAGS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElastiCache {
    #[serde(default)]
    pub replication_groups: Vec<ReplicationGroup>,
}
merge!(ElastiCache { replication_groups });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplicationGroup {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `ReplicationGroupId`.
    pub id: String,
    /// `Engine`: `redis` or `valkey`; absent when not reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    /// `Status`: `creating`, `available`, `modifying`, `deleting`,
    /// `create-failed`, `snapshotting`.
    pub status: String,
    /// `AutomaticFailover`: `enabled`, `disabled`, `enabling`, `disabling`.
    pub automatic_failover: String,
    /// `MultiAZ`: `enabled` or `disabled`.
    pub multi_az: String,
    /// `SnapshotRetentionLimit`: days automatic backups are kept (0 = off).
    pub snapshot_retention_limit: i32,
    /// `NodeGroups`: one per shard (one when cluster mode is disabled).
    #[serde(default)]
    pub node_groups: Vec<NodeGroup>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(ReplicationGroup, tags in GROUP_TAGS);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeGroup {
    /// `NodeGroupId` (`0001`).
    pub id: String,
    /// `NodeGroupMembers`: the primary and its replicas.
    #[serde(default)]
    pub members: Vec<NodeGroupMember>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeGroupMember {
    /// `CacheClusterId`: the member's node.
    pub cache_cluster_id: String,
    /// `PreferredAvailabilityZone` (`us-east-1a`); absent when not reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
}
