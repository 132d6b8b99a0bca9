//! EFS: file systems with their mount targets and backup policy, and the
//! replication configurations of each region.

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeFileSystems`: file systems, their availability zone (One Zone) and tags.
pub const FILE_SYSTEMS: Data = Data::listing("efs");
/// `DescribeMountTargets`: each file system's mount targets.
pub const MOUNT_TARGETS: Data = Data::part("efs", "file_systems.mount_targets");
/// `DescribeBackupPolicy`: each file system's automatic backup policy.
pub const BACKUP_POLICY: Data = Data::part("efs", "file_systems.backup_policy");
/// `DescribeReplicationConfigurations`: the replications of each region's file systems.
pub const REPLICATIONS: Data = Data::part("efs", "replications");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[FILE_SYSTEMS, MOUNT_TARGETS, BACKUP_POLICY, REPLICATIONS];

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
    /// The `Name` tag, or the id when it has none.
    pub name: String,
    /// `AvailabilityZoneName`: set on One Zone file systems; absent on
    /// Regional ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
    /// `DescribeMountTargets`: the mount targets; an empty list when there
    /// are none.
    #[serde(default)]
    pub mount_targets: Collected<Vec<MountTarget>>,
    /// `DescribeBackupPolicy` status: `ENABLED`, `ENABLING`, `DISABLED` or
    /// `DISABLING`; absent = `PolicyNotFound`.
    #[serde(default)]
    pub backup_policy: Collected<String>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(FileSystem, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MountTarget {
    pub id: String,
    pub subnet_id: String,
    /// `AvailabilityZoneName`.
    pub availability_zone: String,
    /// `available`, `creating`, …
    pub state: String,
}

/// A file system replicated to other regions.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replication {
    pub region: String,
    /// The source file system's id.
    pub source_file_system_id: String,
    #[serde(default)]
    pub destinations: Vec<ReplicationDestination>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplicationDestination {
    pub region: String,
    pub file_system_id: String,
    /// `ENABLED`, `ENABLING`, `DELETING`, `ERROR`, `PAUSED` or `PAUSING`.
    pub status: String,
}
