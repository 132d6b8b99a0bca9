//! RDS and Aurora: DB instances, DB clusters and global clusters.

use super::{merge, resource, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeDBInstances`, `DescribeDBClusters` and `DescribeGlobalClusters`: instances, clusters and global clusters with their tags.
pub const DATABASES: Data = Data::listing("rds");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[DATABASES];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rds {
    #[serde(default)]
    pub instances: Vec<DbInstance>,
    #[serde(default)]
    pub clusters: Vec<DbCluster>,
    #[serde(default)]
    pub global_clusters: Vec<GlobalCluster>,
}
merge!(Rds {
    instances,
    clusters,
    global_clusters
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DbInstance {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// The DB instance identifier.
    pub id: String,
    /// `mysql`, `postgres`, `aurora-mysql`, `aurora-postgresql`, …
    pub engine: String,
    pub multi_az: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
    /// Set on members of a DB cluster: the cluster identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_id: Option<String>,
    /// Set on read replicas: the source instance identifier or ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_replica_source: Option<String>,
    /// Replicas of this instance (identifiers, or ARNs for cross-region ones).
    #[serde(default)]
    pub read_replicas: Vec<String>,
    /// `BackupRetentionPeriod`: days automated backups are kept; 0 = automated
    /// backups are off. A member of a DB cluster reports its cluster's.
    /// Absent when not reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_retention_period: Option<i64>,
    /// `MasterUserSecret`: the Secrets Manager secret RDS manages for the
    /// master password (`ManageMasterUserPassword`); absent when not managed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub master_user_secret: Option<MasterUserSecret>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(DbInstance, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MasterUserSecret {
    /// `SecretArn`.
    pub secret_arn: String,
    /// `SecretStatus`: `creating`, `active`, `rotating` or `impaired`.
    pub status: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DbCluster {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// The DB cluster identifier.
    pub id: String,
    pub engine: String,
    pub multi_az: bool,
    /// `EngineMode`: `provisioned` (Aurora provisioned and Serverless v2,
    /// whose `db.serverless` instances are ordinary members), `serverless`
    /// (Aurora Serverless v1: no instances), or a legacy mode (`global`,
    /// `parallelquery`, `multimaster`). Absent when not reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine_mode: Option<String>,
    /// Each member's availability zone comes from its entry in `instances`.
    #[serde(default)]
    pub members: Vec<ClusterMember>,
    /// Cross-region replica clusters (ARNs).
    #[serde(default)]
    pub read_replicas: Vec<String>,
    /// `BackupRetentionPeriod`: days automated backups are kept (1-35 for
    /// Aurora; 0 = off for a Multi-AZ DB cluster). Absent when not reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_retention_period: Option<i64>,
    /// `MasterUserSecret`, as for DB instances; absent when not managed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub master_user_secret: Option<MasterUserSecret>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(DbCluster, tags);

impl DbCluster {
    pub fn is_aurora(&self) -> bool {
        self.engine.starts_with("aurora")
    }

    /// Aurora Serverless v1 (engine mode `serverless`): capacity without DB instances.
    pub fn is_serverless_v1(&self) -> bool {
        self.engine_mode
            .as_deref()
            .is_some_and(|m| m.eq_ignore_ascii_case("serverless"))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterMember {
    /// The DB instance identifier.
    pub instance_id: String,
    pub is_writer: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlobalCluster {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// The global cluster identifier.
    pub id: String,
    /// ARNs of the member DB clusters.
    #[serde(default)]
    pub members: Vec<String>,
}
resource!(GlobalCluster);
