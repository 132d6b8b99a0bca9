//! Auto Scaling: groups and the launch template (version) or launch
//! configuration they use.

use super::ec2::MetadataOptions;
use super::{merge, resource, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeAutoScalingGroups`: groups and their launch template.
pub const GROUPS: Data = Data::listing("autoscaling");
/// `DescribeLaunchConfigurations`: the launch configuration a group uses.
pub const LAUNCH_CONFIGURATIONS: Data = Data::part("autoscaling", "groups.launch_configuration");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[GROUPS, LAUNCH_CONFIGURATIONS];

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
    /// The launch template, directly or through a mixed instances policy.
    /// The template must be in `ec2.launch_templates` of the same region
    /// (a group whose template is not there is an ERROR).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_template: Option<LaunchTemplateRef>,
    /// The launch configuration (`DescribeLaunchConfigurations`), for groups
    /// that use one instead of a launch template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_configuration: Option<LaunchConfiguration>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(AutoScalingGroup, tags);

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
}
