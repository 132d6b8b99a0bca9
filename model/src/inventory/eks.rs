//! EKS: clusters (listed only; GuardDuty's protection plans depend on them).

use super::{merge, resource};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListClusters`: clusters by name.
pub const CLUSTERS: Data = Data::listing("eks");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[CLUSTERS];

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
}
resource!(Cluster);
