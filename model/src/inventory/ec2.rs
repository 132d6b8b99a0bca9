//! EC2: instances, launch templates with their versions, the AMIs they use,
//! and the account's instance metadata defaults per region.

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeInstances`: instances, their type, metadata and maintenance options, profile and tags.
pub const INSTANCES: Data = Data::listing("ec2");
/// `DescribeLaunchTemplates`: launch templates.
pub const LAUNCH_TEMPLATES: Data = Data::part("ec2", "launch_templates");
/// `DescribeLaunchTemplateVersions`: the default, latest and pinned versions of each template.
pub const LAUNCH_TEMPLATE_VERSIONS: Data = Data::part("ec2", "launch_templates.versions");
/// `DescribeImages`: the AMIs instances and templates launch from.
pub const IMAGES: Data = Data::part("ec2", "images");
/// `DescribeInstanceTypes`: whether the instance types in use support automatic recovery.
pub const INSTANCE_TYPES: Data = Data::part("ec2", "instance_types");
/// `GetInstanceMetadataDefaults`: the account's instance metadata defaults in each region.
pub const METADATA_DEFAULTS: Data = Data::part("ec2", "regions");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    INSTANCES,
    LAUNCH_TEMPLATES,
    LAUNCH_TEMPLATE_VERSIONS,
    IMAGES,
    INSTANCE_TYPES,
    METADATA_DEFAULTS,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ec2 {
    #[serde(default)]
    pub instances: Vec<Instance>,
    #[serde(default)]
    pub launch_templates: Vec<LaunchTemplate>,
    /// AMIs used by instances and launch templates (`DescribeImages`).
    #[serde(default)]
    pub images: Vec<Image>,
    /// The instance types instances run as, per region (`DescribeInstanceTypes`).
    #[serde(default)]
    pub instance_types: Vec<InstanceType>,
    /// One entry per collected region.
    #[serde(default)]
    pub regions: Vec<Ec2Region>,
}
merge!(Ec2 {
    instances,
    launch_templates,
    images,
    instance_types,
    regions
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub instance_id: String,
    /// `pending`, `running`, `stopped`, `terminated`, …
    pub state: String,
    pub launch_time: DateTime<Utc>,
    /// Looked up in `iam.instance_profiles`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iam_instance_profile_arn: Option<String>,
    pub metadata_options: MetadataOptions,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    /// `InstanceType` (`m7g.large`), looked up in `instance_types`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    /// `RootDeviceType`: `ebs` or `instance-store`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_device_type: Option<String>,
    /// `MaintenanceOptions.AutoRecovery`: `default` (simplified automatic
    /// recovery on, where the type supports it) or `disabled`; absent when
    /// not reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_recovery: Option<String>,
    /// Tags; an instance an Auto Scaling group launched carries
    /// `aws:autoscaling:groupName`.
    #[serde(default)]
    pub tags: Tags,
}
resource!(Instance, tags);

impl Instance {
    /// The Auto Scaling group that launched the instance, from its
    /// `aws:autoscaling:groupName` tag (AWS sets it; users cannot).
    pub fn auto_scaling_group(&self) -> Option<&str> {
        self.tags
            .get("aws:autoscaling:groupName")
            .map(String::as_str)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceType {
    pub region: String,
    /// `m7g.large`, …
    pub instance_type: String,
    /// `AutoRecoverySupported`: instances of this type can recover
    /// automatically (simplified automatic recovery or a recover alarm).
    pub auto_recovery_supported: bool,
}

/// The instance metadata options of instances, launch template versions,
/// launch configurations and account defaults; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetadataOptions {
    /// `required` or `optional`; absent in a launch template version that
    /// does not set it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_tokens: Option<String>,
    /// `enabled` or `disabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_endpoint: Option<String>,
    /// How many network hops the metadata response may travel (`2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_put_response_hop_limit: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaunchTemplate {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub id: String,
    pub name: String,
    pub default_version: i64,
    pub latest_version: i64,
    /// `DescribeLaunchTemplateVersions`: the default, the latest, and any version an ASG pins.
    #[serde(default)]
    pub versions: Collected<Vec<LaunchTemplateVersion>>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(LaunchTemplate, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaunchTemplateVersion {
    pub version_number: i64,
    /// Absent when the version sets no metadata options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_options: Option<MetadataOptions>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    /// The security groups instances launched from it get: `SecurityGroupIds`,
    /// those of its network interfaces (ids), and `SecurityGroups` (names,
    /// for a default VPC).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Image {
    pub region: String,
    pub image_id: String,
    /// `v2.0` when the AMI requires IMDSv2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imds_support: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ec2Region {
    pub region: String,
    /// `GetInstanceMetadataDefaults`; absent = no account default set.
    #[serde(default)]
    pub metadata_defaults: Collected<MetadataOptions>,
}
