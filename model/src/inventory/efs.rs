//! Amazon EFS, per region: file systems (Regional or One Zone) with their
//! mount targets, automatic backup policy and tags, and the replication
//! configurations that copy them to another file system.

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeFileSystems`: file systems, with their tags.
pub const FILE_SYSTEMS: Data = Data::listing("efs");
/// `DescribeMountTargets`: each file system's mount targets.
pub const MOUNT_TARGETS: Data = Data::part("efs", "file_systems.mount_targets");
/// `DescribeReplicationConfigurations`: the region's replication configurations.
pub const REPLICATIONS: Data = Data::part("efs", "replications");
/// `DescribeBackupPolicy`: each file system's automatic backups.
pub const BACKUP_POLICIES: Data = Data::part("efs", "file_systems.backup_policy");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[FILE_SYSTEMS, MOUNT_TARGETS, REPLICATIONS, BACKUP_POLICIES];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Efs {
    #[serde(default)]
    pub file_systems: Vec<FileSystem>,
    #[serde(default)]
    pub replications: Vec<Replication>,
}
merge!(Efs {
    file_systems,
    replications
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSystem {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `fs-…`.
    pub id: String,
    /// The `Name` tag, when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `LifeCycleState`: `available`, `creating`, `updating`, `deleting`,
    /// `deleted` or `error`.
    pub life_cycle_state: String,
    /// `AvailabilityZoneName` of a One Zone file system (`us-east-1a`);
    /// absent for a Regional (Multi-AZ) one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
    /// `DescribeMountTargets`; absent = the file system was deleted since
    /// it was listed.
    #[serde(default)]
    pub mount_targets: Collected<Vec<MountTarget>>,
    /// `DescribeBackupPolicy` `Status`: `ENABLED`, `ENABLING`, `DISABLED`
    /// or `DISABLING`; absent = no backup policy (`PolicyNotFound`:
    /// automatic backups are off) or the file system was deleted since it
    /// was listed.
    #[serde(default)]
    pub backup_policy: Collected<String>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(FileSystem, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MountTarget {
    /// `fsmt-…`.
    pub id: String,
    /// The subnet it serves, looked up in `vpc.subnets`.
    pub subnet_id: String,
    /// The Availability Zone of the subnet (`us-east-1a`).
    pub availability_zone: String,
    /// The VPC of the subnet, looked up in `vpc.vpcs`; absent when not
    /// reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    /// `LifeCycleState`: `available`, `creating`, `deleting`, …
    pub life_cycle_state: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replication {
    /// The region the configuration was read in (its source's).
    pub region: String,
    /// The replicated file system, looked up in `file_systems`.
    pub source_file_system_id: String,
    pub destinations: Vec<ReplicationDestination>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplicationDestination {
    /// The destination's region.
    pub region: String,
    /// The destination file system (`fs-…`).
    pub file_system_id: String,
    /// `ENABLED`, `ENABLING`, `DELETING`, `ERROR`, `PAUSED` or `PAUSING`.
    pub status: String,
}
