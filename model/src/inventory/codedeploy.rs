//! CodeDeploy: deployment groups (`BatchGetDeploymentGroups`) and the
//! custom deployment configurations they may name.

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListApplications` and `ListDeploymentGroups`: deployment groups by name.
pub const DEPLOYMENT_GROUPS: Data = Data::listing("codedeploy");
/// `BatchGetDeploymentGroups`: each group's role, configuration, rollback, alarms and triggers.
pub const DEPLOYMENT_GROUP_CONFIG: Data = Data::part("codedeploy", "deployment_groups.config");
/// `ListTagsForResource`: each group's tags.
pub const DEPLOYMENT_GROUP_TAGS: Data = Data::part("codedeploy", "deployment_groups.tags");
/// `ListDeploymentConfigs`, then `GetDeploymentConfig` for each custom
/// configuration: how gradually each one deploys (the predefined
/// `CodeDeployDefault.*` configurations are known by name, not listed here).
pub const DEPLOYMENT_CONFIGS: Data = Data::part("codedeploy", "deployment_configs");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    DEPLOYMENT_GROUPS,
    DEPLOYMENT_GROUP_CONFIG,
    DEPLOYMENT_GROUP_TAGS,
    DEPLOYMENT_CONFIGS,
];

/// The prefix of the predefined deployment configurations' names.
pub const PREDEFINED_PREFIX: &str = "CodeDeployDefault.";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeDeploy {
    #[serde(default)]
    pub deployment_groups: Vec<DeploymentGroup>,
    /// The custom deployment configurations (names not starting
    /// `CodeDeployDefault.`).
    #[serde(default)]
    pub deployment_configs: Vec<DeploymentConfig>,
}
merge!(CodeDeploy {
    deployment_groups,
    deployment_configs
});

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
    /// How the group deploys; absent = CodeDeploy's default, in place
    /// without traffic control.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_style: Option<DeploymentStyle>,
    /// The load balancers and target groups traffic goes through; absent =
    /// none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancer: Option<LoadBalancerInfo>,
    /// Blue/green groups: what happens to the original (blue) instances and
    /// when traffic is rerouted; absent for other groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blue_green: Option<BlueGreen>,
    /// `ec2TagFilters`: an EC2 instance with a tag matching any of them is
    /// a target (instances in `ec2.instances`).
    #[serde(default)]
    pub ec2_tag_filters: Vec<TagFilter>,
    /// `ec2TagSet`: an EC2 instance is a target when it matches a filter of
    /// every one of these groups.
    #[serde(default)]
    pub ec2_tag_set: Vec<TagFilterGroup>,
    /// `onPremisesInstanceTagFilters`, and the filters of
    /// `onPremisesTagSet`: on-premises instances the group targets.
    #[serde(default)]
    pub on_premises_tag_filters: Vec<TagFilter>,
    /// `autoScalingGroups`: the Auto Scaling groups the group deploys to,
    /// looked up in `autoscaling.groups` of its account and region.
    #[serde(default)]
    pub auto_scaling_groups: Vec<GroupAutoScaling>,
    /// `targetRevision`, when it is a bundle in S3: the revision the group
    /// deploys; absent for GitHub, AppSpec content or no revision yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<S3Revision>,
    /// `triggerConfigurations`: the SNS topics the group notifies of its
    /// deployment and instance events (empty: none).
    #[serde(default)]
    pub triggers: Vec<Trigger>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    /// `triggerName`.
    pub name: String,
    /// `triggerTargetArn`: the SNS topic notified, looked up in `sns`.
    pub target_arn: String,
    /// `triggerEvents`: `DeploymentStart`, `DeploymentSuccess`,
    /// `DeploymentFailure`, `DeploymentStop`, `DeploymentRollback`,
    /// `DeploymentReady`, `InstanceStart`, `InstanceSuccess`,
    /// `InstanceFailure`, `InstanceReady`.
    #[serde(default)]
    pub events: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagFilter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// `KEY_ONLY`, `VALUE_ONLY` or `KEY_AND_VALUE`.
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagFilterGroup {
    /// An instance matches the group when it matches any of these.
    #[serde(default)]
    pub filters: Vec<TagFilter>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupAutoScaling {
    /// The Auto Scaling group's name.
    pub name: String,
    /// The launch lifecycle hook CodeDeploy installed on it
    /// (`CodeDeploy-managed-automatic-launch-deployment-hook-…`); absent =
    /// CodeDeploy reports none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hook: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3Revision {
    pub bucket: String,
    /// The bundle's key (`app/build-42.zip`).
    pub key: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeploymentStyle {
    /// `IN_PLACE` or `BLUE_GREEN`.
    pub deployment_type: String,
    /// `WITH_TRAFFIC_CONTROL` or `WITHOUT_TRAFFIC_CONTROL`.
    pub deployment_option: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancerInfo {
    /// `elbInfoList`: Classic Load Balancer names.
    #[serde(default)]
    pub classic_load_balancers: Vec<String>,
    /// `targetGroupInfoList`: target group names, looked up in
    /// `elbv2.target_groups` of the group's account and region.
    #[serde(default)]
    pub target_groups: Vec<String>,
    /// `targetGroupPairInfoList` (ECS blue/green): the blue and green target
    /// groups with their production and test listeners.
    #[serde(default)]
    pub target_group_pairs: Vec<TargetGroupPair>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetGroupPair {
    /// Target group names, looked up in `elbv2.target_groups`.
    #[serde(default)]
    pub target_groups: Vec<String>,
    /// Listener ARNs serving production traffic.
    #[serde(default)]
    pub prod_listener_arns: Vec<String>,
    /// Listener ARNs serving test traffic to the replacement task set
    /// before production traffic moves (empty: no test listener).
    #[serde(default)]
    pub test_listener_arns: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlueGreen {
    /// `terminateBlueInstancesOnDeploymentSuccess.action`: `TERMINATE` or
    /// `KEEP_ALIVE`; absent = not set (CodeDeploy keeps them alive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminate_action: Option<String>,
    /// Minutes CodeDeploy waits after a successful deployment before it
    /// terminates the original instances (ECS: the original task set).
    #[serde(default)]
    pub termination_wait_minutes: i64,
    /// `deploymentReadyOption.actionOnTimeout`: `CONTINUE_DEPLOYMENT`
    /// (reroute traffic at once) or `STOP_DEPLOYMENT` (wait for a manual
    /// reroute); absent = not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready_action: Option<String>,
    /// Minutes to wait for the manual reroute before the deployment stops.
    #[serde(default)]
    pub ready_wait_minutes: i64,
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

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeploymentConfig {
    /// `arn:aws:codedeploy:<region>:<account>:deploymentconfig:<name>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// The name deployment groups use in `deployment_config_name`.
    pub name: String,
    /// `GetDeploymentConfig`; absent = the configuration was deleted since
    /// it was listed.
    #[serde(default)]
    pub settings: Collected<DeploymentConfigSettings>,
}
resource!(DeploymentConfig);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeploymentConfigSettings {
    /// `Server`, `Lambda` or `ECS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compute_platform: Option<String>,
    /// Server platform: how many instances must stay healthy during a
    /// deployment; absent for Lambda and ECS configurations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_healthy_hosts: Option<MinimumHealthyHosts>,
    /// Lambda and ECS: how traffic moves to the new version,
    /// `AllAtOnce`, `TimeBasedCanary` or `TimeBasedLinear`; absent for
    /// Server configurations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traffic_routing: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinimumHealthyHosts {
    /// `HOST_COUNT` or `FLEET_PERCENT`.
    #[serde(rename = "type")]
    pub kind: String,
    pub value: i64,
}
