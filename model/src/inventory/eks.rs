//! EKS: clusters, with their control-plane logging and add-ons.

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListClusters`: clusters by name.
pub const CLUSTERS: Data = Data::listing("eks");
/// `DescribeCluster`: each cluster's control-plane logging and tags.
pub const CLUSTER_DETAILS: Data = Data::part("eks", "clusters.logging").and("clusters.tags");
/// `ListAddons`: each cluster's add-ons.
pub const ADDONS: Data = Data::part("eks", "clusters.addons");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[CLUSTERS, CLUSTER_DETAILS, ADDONS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eks {
    #[serde(default)]
    pub clusters: Vec<Cluster>,
}
merge!(Eks { clusters });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cluster {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// `DescribeCluster` `logging.clusterLogging`: the control-plane log
    /// types sent to CloudWatch Logs (`api`, `audit`, `authenticator`,
    /// `controllerManager`, `scheduler`); an empty list when none are.
    #[serde(default)]
    pub logging: Collected<Vec<String>>,
    /// `ListAddons`: the names of the cluster's add-ons; absent = none.
    #[serde(default)]
    pub addons: Collected<Vec<String>>,
    /// Its tags (from `DescribeCluster`).
    #[serde(default)]
    pub tags: Tags,
}
resource!(Cluster, tags);
