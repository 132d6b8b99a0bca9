//! AWS Database Migration Service, per region: provisioned replication
//! instances (Multi-AZ or not), the replication tasks that run on them
//! (full load, CDC or both), and the serverless replication configurations,
//! with the tags of instances and configurations.

use super::{merge, resource, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeReplicationInstances`: replication instances.
pub const INSTANCES: Data = Data::listing("dms");
/// `DescribeReplicationTasks`: the region's replication tasks.
pub const TASKS: Data = Data::part("dms", "tasks");
/// `DescribeReplicationConfigs`: the region's serverless replication
/// configurations.
pub const CONFIGS: Data = Data::part("dms", "replication_configs");
/// `ListTagsForResource` (by `ResourceArnList`): the tags of each
/// replication instance and serverless replication configuration.
pub const TAGS: Data =
    Data::part("dms", "replication_instances.tags").and("replication_configs.tags");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[INSTANCES, TASKS, CONFIGS, TAGS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dms {
    #[serde(default)]
    pub replication_instances: Vec<ReplicationInstance>,
    #[serde(default)]
    pub tasks: Vec<ReplicationTask>,
    #[serde(default)]
    pub replication_configs: Vec<ReplicationConfig>,
}
merge!(Dms {
    replication_instances,
    tasks,
    replication_configs
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplicationInstance {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `ReplicationInstanceIdentifier`.
    pub id: String,
    /// `ReplicationInstanceStatus`: `available`, `creating`, `modifying`,
    /// `deleting`, `failed`, …
    pub status: String,
    /// `MultiAZ`: a synchronous standby in another Availability Zone.
    pub multi_az: bool,
    /// `AvailabilityZone` of the primary; absent when not reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
    /// `SecondaryAvailabilityZone` of the Multi-AZ standby; absent for a
    /// Single-AZ instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary_availability_zone: Option<String>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(ReplicationInstance, tags in TAGS);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplicationTask {
    pub arn: String,
    pub region: String,
    /// `ReplicationTaskIdentifier`.
    pub id: String,
    /// The instance it runs on, looked up in `replication_instances` by ARN.
    pub replication_instance_arn: String,
    /// `MigrationType`: `full-load`, `cdc` or `full-load-and-cdc`.
    pub migration_type: String,
    /// `Status`: `creating`, `ready`, `running`, `stopped`, `failed`,
    /// `deleting`, …
    pub status: String,
}
resource!(ReplicationTask);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplicationConfig {
    /// `ReplicationConfigArn`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `ReplicationConfigIdentifier`.
    pub id: String,
    /// `ReplicationType`: `full-load`, `cdc` or `full-load-and-cdc`.
    pub replication_type: String,
    /// `ComputeConfig.MultiAZ`; absent when not reported (AWS then
    /// provisions a Single-AZ replication).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_az: Option<bool>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(ReplicationConfig, tags in TAGS);
