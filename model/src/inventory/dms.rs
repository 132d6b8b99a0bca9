//! DMS: replication instances and tasks, and serverless replication
//! configurations.

use super::{merge, resource, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeReplicationInstances` and `DescribeReplicationTasks`: replication instances and the tasks they run.
pub const REPLICATION_INSTANCES: Data = Data::listing("dms");
/// `DescribeReplicationConfigs`: serverless replication configurations.
pub const REPLICATION_CONFIGS: Data = Data::part("dms", "replication_configs");
/// `ListTagsForResource`: the tags of each replication instance and serverless configuration.
pub const TAGS: Data = Data::part("dms", "replication_instances.tags").and("replication_configs.tags");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[REPLICATION_INSTANCES, REPLICATION_CONFIGS, TAGS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dms {
    #[serde(default)]
    pub replication_instances: Vec<ReplicationInstance>,
    #[serde(default)]
    pub replication_tasks: Vec<ReplicationTask>,
    #[serde(default)]
    pub replication_configs: Vec<ReplicationConfig>,
}
merge!(Dms {
    replication_instances,
    replication_tasks,
    replication_configs
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplicationInstance {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// The replication instance identifier.
    pub id: String,
    pub multi_az: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(ReplicationInstance, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplicationTask {
    pub arn: String,
    pub region: String,
    pub id: String,
    /// The instance that runs it (looked up in `replication_instances`).
    pub replication_instance_arn: String,
    /// `full-load`, `cdc` or `full-load-and-cdc`.
    pub migration_type: String,
    /// `running`, `stopped`, `ready`, …
    #[serde(default)]
    pub status: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplicationConfig {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub id: String,
    /// `full-load`, `cdc` or `full-load-and-cdc`.
    pub migration_type: String,
    /// `ComputeConfig.MultiAZ`.
    #[serde(default)]
    pub multi_az: bool,
    #[serde(default)]
    pub tags: Tags,
}
resource!(ReplicationConfig, tags);
