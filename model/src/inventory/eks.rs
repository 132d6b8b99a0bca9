//! EKS: clusters, with the control-plane log types each sends to
//! CloudWatch Logs and its add-ons (GuardDuty's protection plans also
//! depend on whether clusters exist).

use super::{merge, resource, Collected};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListClusters`: clusters by name.
pub const CLUSTERS: Data = Data::listing("eks");
/// `DescribeCluster`: each cluster's control-plane logging.
pub const LOGGING: Data = Data::part("eks", "clusters.logging");
/// `ListAddons`: each cluster's add-ons.
pub const ADDONS: Data = Data::part("eks", "clusters.addons");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[CLUSTERS, LOGGING, ADDONS];

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
    /// `controllerManager`, `scheduler`); absent = the cluster was deleted
    /// since it was listed.
    #[serde(default)]
    pub logging: Collected<Vec<String>>,
    /// `ListAddons`: the names of the cluster's add-ons
    /// (`amazon-cloudwatch-observability`, `vpc-cni`, …); absent = the
    /// cluster was deleted since it was listed.
    #[serde(default)]
    pub addons: Collected<Vec<String>>,
}
resource!(Cluster);
