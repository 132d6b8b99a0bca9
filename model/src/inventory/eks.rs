//! EKS: clusters (listed only; GuardDuty's protection plans depend on them).

use super::resource;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eks {
    #[serde(default)]
    pub clusters: Vec<Cluster>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cluster {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
}
resource!(Cluster);
