//! CodeDeploy: deployment groups (`BatchGetDeploymentGroups`).

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListApplications` and `ListDeploymentGroups`: deployment groups by name.
pub const DEPLOYMENT_GROUPS: Data = Data::listing("codedeploy");
/// `BatchGetDeploymentGroups`: each group's role, configuration, rollback and alarms.
pub const DEPLOYMENT_GROUP_CONFIG: Data = Data::part("codedeploy", "deployment_groups.config");
/// `ListTagsForResource`: each group's tags.
pub const DEPLOYMENT_GROUP_TAGS: Data = Data::part("codedeploy", "deployment_groups.tags");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    DEPLOYMENT_GROUPS,
    DEPLOYMENT_GROUP_CONFIG,
    DEPLOYMENT_GROUP_TAGS,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeDeploy {
    #[serde(default)]
    pub deployment_groups: Vec<DeploymentGroup>,
}
merge!(CodeDeploy { deployment_groups });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeploymentGroup {
    /// `arn:aws:codedeploy:<region>:<account>:deploymentgroup:<application>/<group>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub application_name: String,
    pub name: String,
    #[serde(default)]
    pub tags: Tags,
    /// `BatchGetDeploymentGroups`; absent = the group was deleted during the
    /// scan (its checks SKIP it).
    #[serde(default)]
    pub config: Collected<DeploymentGroupConfig>,
}
resource!(DeploymentGroup, tags in DEPLOYMENT_GROUP_TAGS);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeploymentGroupConfig {
    pub service_role_arn: String,
    /// `CodeDeployDefault.AllAtOnce`, `CodeDeployDefault.LambdaCanary10Percent5Minutes`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_config_name: Option<String>,
    /// `Server`, `Lambda` or `ECS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compute_platform: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_rollback: Option<AutoRollback>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm_configuration: Option<AlarmConfiguration>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutoRollback {
    pub enabled: bool,
    /// `DEPLOYMENT_FAILURE`, `DEPLOYMENT_STOP_ON_ALARM`, `DEPLOYMENT_STOP_ON_REQUEST`.
    #[serde(default)]
    pub events: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlarmConfiguration {
    pub enabled: bool,
    /// Alarm names (CodeDeploy stores names, resolved in the group's region).
    #[serde(default)]
    pub alarms: Vec<String>,
    #[serde(default)]
    pub ignore_poll_alarm_failure: bool,
}
