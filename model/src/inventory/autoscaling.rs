//! Auto Scaling: groups with their capacity, zones, health checks and
//! attached load balancers, and the launch template (version) or launch
//! configuration they use.

use super::ec2::MetadataOptions;
use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeAutoScalingGroups`: groups, their capacity, zones, health
/// checks, attached load balancers and launch template.
pub const GROUPS: Data = Data::listing("autoscaling");
/// `DescribeLaunchConfigurations`: the launch configuration a group uses.
pub const LAUNCH_CONFIGURATIONS: Data = Data::part("autoscaling", "groups.launch_configuration");
/// `DescribePolicies`: the scaling policies of every group of the region.
pub const POLICIES: Data = Data::part("autoscaling", "groups.policies");
/// `DescribeScheduledActions`: the scheduled actions of every group of the region.
pub const SCHEDULED_ACTIONS: Data = Data::part("autoscaling", "groups.scheduled_actions");
/// `DescribeLifecycleHooks`: each group's lifecycle hooks.
pub const LIFECYCLE_HOOKS: Data = Data::part("autoscaling", "groups.lifecycle_hooks");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    GROUPS,
    LAUNCH_CONFIGURATIONS,
    POLICIES,
    SCHEDULED_ACTIONS,
    LIFECYCLE_HOOKS,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutoScaling {
    #[serde(default)]
    pub groups: Vec<AutoScalingGroup>,
}
merge!(AutoScaling { groups });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutoScalingGroup {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// `MinSize`.
    #[serde(default)]
    pub min_size: i64,
    /// `MaxSize`.
    #[serde(default)]
    pub max_size: i64,
    /// `DesiredCapacity`.
    #[serde(default)]
    pub desired_capacity: i64,
    /// `AvailabilityZones`: the zones of the subnets in `VPCZoneIdentifier`
    /// (or the zones given directly, outside a VPC).
    #[serde(default)]
    pub availability_zones: Vec<String>,
    /// `VPCZoneIdentifier`, split: the subnets instances launch in.
    #[serde(default)]
    pub subnet_ids: Vec<String>,
    /// `HealthCheckType`: `EC2` (also when left out), `ELB`, `VPC_LATTICE`,
    /// `EBS`, or several of them comma-separated.
    #[serde(default)]
    pub health_check_type: String,
    /// `HealthCheckGracePeriod`, in seconds; absent when not reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_grace_period: Option<i64>,
    /// `TargetGroupARNs`: the ELBv2 target groups instances register with.
    #[serde(default)]
    pub target_group_arns: Vec<String>,
    /// `LoadBalancerNames`: the classic load balancers instances register with.
    #[serde(default)]
    pub load_balancer_names: Vec<String>,
    /// `TrafficSources`: every attached traffic source (target groups,
    /// classic load balancers, VPC Lattice target groups).
    #[serde(default)]
    pub traffic_sources: Vec<TrafficSource>,
    /// The launch template, directly or through a mixed instances policy.
    /// The template must be in `ec2.launch_templates` of the same region
    /// (a group whose template is not there is an ERROR).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_template: Option<LaunchTemplateRef>,
    /// The launch configuration (`DescribeLaunchConfigurations`), for groups
    /// that use one instead of a launch template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_configuration: Option<LaunchConfiguration>,
    /// `DescribePolicies`: its scaling policies (empty: none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<ScalingPolicy>,
    /// `DescribeScheduledActions`: its scheduled actions (empty: none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scheduled_actions: Vec<ScheduledAction>,
    /// `DescribeLifecycleHooks`: its lifecycle hooks (an empty list: none);
    /// absent = the group was deleted since it was listed.
    #[serde(default)]
    pub lifecycle_hooks: Collected<Vec<LifecycleHook>>,
    /// Tags; ECS capacity providers tag their groups `AmazonECSManaged`,
    /// EKS managed node groups `eks:nodegroup-name`.
    #[serde(default)]
    pub tags: Tags,
}
resource!(AutoScalingGroup, tags);

impl AutoScalingGroup {
    /// True when `HealthCheckType` names `kind` (`ELB`, `VPC_LATTICE`).
    pub fn health_checks_with(&self, kind: &str) -> bool {
        self.health_check_type
            .split(',')
            .any(|t| t.trim().eq_ignore_ascii_case(kind))
    }
}

/// One lifecycle hook of a group.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LifecycleHook {
    pub name: String,
    /// `autoscaling:EC2_INSTANCE_LAUNCHING` or `autoscaling:EC2_INSTANCE_TERMINATING`.
    pub transition: String,
    /// `CONTINUE` or `ABANDON`: what happens when the hook times out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_result: Option<String>,
    /// Seconds an instance waits in the hook before the default result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heartbeat_timeout: Option<i64>,
}

/// One scaling policy of a group.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScalingPolicy {
    /// `PolicyName`.
    pub name: String,
    /// `PolicyType`: `SimpleScaling`, `StepScaling`, `TargetTrackingScaling`
    /// or `PredictiveScaling`.
    pub policy_type: String,
    /// `Enabled`: false for a policy turned off.
    pub enabled: bool,
}

/// One scheduled action of a group.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduledAction {
    /// `ScheduledActionName`.
    pub name: String,
    /// `Recurrence` (a cron expression); absent for a one-time action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrafficSource {
    /// The target group ARN, classic load balancer name or VPC Lattice
    /// target group ARN.
    pub identifier: String,
    /// `elbv2`, `elb` or `vpc-lattice`.
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaunchTemplateRef {
    /// The template id, `lt-…`.
    pub id: String,
    /// `$Default`, `$Latest` or a version number (`3`).
    pub version: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaunchConfiguration {
    /// `LaunchConfigurationARN`.
    pub arn: String,
    /// `LaunchConfigurationName`.
    pub name: String,
    /// The AMI instances launch from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    /// Absent when the configuration sets no metadata options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_options: Option<MetadataOptions>,
    /// The security groups its instances get (ids, or names in a default VPC).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<String>,
}
