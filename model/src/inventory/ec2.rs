//! EC2: instances and their EBS volumes, launch templates with their
//! versions, the AMIs they use,
//! the account's own AMIs with their launch permissions and the snapshots
//! behind them, and the account's instance metadata defaults and AMI block
//! public access per region.

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
/// `DescribeImages` (by `image-id`): the AMIs instances and templates
/// launch from; an AMI it does not return is deregistered (or no longer
/// shared with the account).
pub const IMAGES: Data = Data::part("ec2", "images");
/// `DescribeImages` (`Owners=self`): the account's own AMIs.
pub const OWNED_IMAGES: Data = Data::part("ec2", "owned_images");
/// `DescribeImageAttribute` (`launchPermission`), one call per owned AMI:
/// who each owned AMI is shared with.
pub const LAUNCH_PERMISSIONS: Data = Data::part("ec2", "owned_images.launch_permissions");
/// `DescribeSnapshots` (by `snapshot-id`, 100 a call): the EBS snapshots
/// behind the shared owned AMIs, their encryption and KMS key.
pub const SNAPSHOTS: Data = Data::part("ec2", "snapshots");
/// `DescribeVolumes`: the region's EBS volumes, the instances they are
/// attached to, and their tags.
pub const VOLUMES: Data = Data::part("ec2", "volumes");
/// `DescribeInstanceTypes`: whether the instance types in use support automatic recovery.
pub const INSTANCE_TYPES: Data = Data::part("ec2", "instance_types");
/// `GetInstanceMetadataDefaults`: the account's instance metadata defaults in each region.
pub const METADATA_DEFAULTS: Data = Data::part("ec2", "regions.metadata_defaults");
/// `GetImageBlockPublicAccessState`: the account's AMI block public access
/// state in each region.
pub const IMAGE_BLOCK_PUBLIC_ACCESS: Data = Data::part("ec2", "regions.image_block_public_access");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    INSTANCES,
    LAUNCH_TEMPLATES,
    LAUNCH_TEMPLATE_VERSIONS,
    IMAGES,
    OWNED_IMAGES,
    LAUNCH_PERMISSIONS,
    SNAPSHOTS,
    VOLUMES,
    INSTANCE_TYPES,
    METADATA_DEFAULTS,
    IMAGE_BLOCK_PUBLIC_ACCESS,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ec2 {
    #[serde(default)]
    pub instances: Vec<Instance>,
    #[serde(default)]
    pub launch_templates: Vec<LaunchTemplate>,
    /// AMIs used by instances and launch templates (`DescribeImages`); their
    /// `launch_permissions` are not collected.
    #[serde(default)]
    pub images: Vec<Image>,
    /// The account's own AMIs (`DescribeImages` `Owners=self`).
    #[serde(default)]
    pub owned_images: Vec<Image>,
    /// The EBS snapshots behind the shared owned AMIs (`DescribeSnapshots`).
    #[serde(default)]
    pub snapshots: Vec<Snapshot>,
    /// The region's EBS volumes (`DescribeVolumes`).
    #[serde(default)]
    pub volumes: Vec<Volume>,
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
    owned_images,
    snapshots,
    volumes,
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
pub struct Volume {
    /// `arn:<partition>:ec2:<region>:<account>:volume/<volume id>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `vol-…`.
    pub volume_id: String,
    /// `State`: `creating`, `available` (not attached), `in-use`,
    /// `deleting`, `deleted` or `error`.
    pub state: String,
    /// The instances it is attached to (`Attachments` `InstanceId`), looked
    /// up in `instances`; more than one for a Multi-Attach volume.
    #[serde(default)]
    pub attached_to: Vec<String>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Volume, tags);

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
    /// `arn:aws:ec2:<region>::image/<image id>` (an AMI's ARN names no account).
    pub arn: String,
    pub region: String,
    pub image_id: String,
    /// `Name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `OwnerId`: the account that owns the AMI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    /// `CreationDate`; absent when not reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_date: Option<DateTime<Utc>>,
    /// `State`: `available`, `pending`, `failed`, `disabled`, `deregistered`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// `v2.0` when the AMI requires IMDSv2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imds_support: Option<String>,
    /// `BlockDeviceMappings` with an EBS snapshot.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub block_devices: Vec<ImageBlockDevice>,
    /// `DescribeImageAttribute` `launchPermission`, for the account's own
    /// AMIs: who may launch it besides the owner (empty: nobody); absent =
    /// the AMI was deregistered before it could be read.
    #[serde(default)]
    pub launch_permissions: Collected<Vec<LaunchPermission>>,
    /// Tags (only the owner sees an AMI's tags).
    #[serde(default)]
    pub tags: Tags,
}
resource!(Image, tags);

/// True when `s` is an AMI id: `ami-` and 8 or 17 lower-case hexadecimal digits.
pub fn is_image_id(s: &str) -> bool {
    s.strip_prefix("ami-").is_some_and(|hex| {
        matches!(hex.len(), 8 | 17) && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    })
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageBlockDevice {
    /// `DeviceName` (`/dev/xvda`).
    pub device_name: String,
    /// `Ebs.SnapshotId`, looked up in `snapshots`.
    pub snapshot_id: String,
    /// `Ebs.Encrypted`; absent when not reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<bool>,
}

/// One launch permission of an AMI: exactly one of its fields is set.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaunchPermission {
    /// `UserId`: an account id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// `Group`: `all` (public).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// `OrganizationArn` (`arn:aws:organizations::<management>:organization/o-…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_arn: Option<String>,
    /// `OrganizationalUnitArn` (`arn:aws:organizations::<management>:ou/o-…/ou-…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizational_unit_arn: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    pub region: String,
    pub snapshot_id: String,
    /// `OwnerId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    /// `Encrypted`.
    #[serde(default)]
    pub encrypted: bool,
    /// `KmsKeyId`: the ARN of the key an encrypted snapshot uses, looked up
    /// in `kms.keys`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ec2Region {
    pub region: String,
    /// `GetInstanceMetadataDefaults`; absent = no account default set.
    #[serde(default)]
    pub metadata_defaults: Collected<MetadataOptions>,
    /// `GetImageBlockPublicAccessState`: `block-new-sharing` or `unblocked`.
    #[serde(default)]
    pub image_block_public_access: Collected<String>,
}
