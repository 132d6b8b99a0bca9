//! Systems Manager: managed instances (`DescribeInstanceInformation`) with
//! their patch state and compliance, the per-region default host
//! management setting, the Automation documents other resources
//! reference; Parameter Store parameters (metadata, and `String` values
//! redacted); Patch Manager's maintenance windows, patch baselines and
//! patch groups; State Manager associations; resource data syncs; hybrid
//! activations; and the Session Manager preferences.
//!
//! The section's listing makes no call: each of its lists is a part read
//! by a call of its own, so one failed call blinds only the checks that
//! read what it fills (the managed nodes, the parameters, …).

use super::{merge, resource, Collected};
use crate::data::Data;
use crate::secret::Secret;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// What checks can read of the section, one per call (see crate::data).
/// No call: one entry per scanned region (`regions`).
pub const REGIONS: Data = Data::listing("ssm");
/// `DescribeInstanceInformation`: managed nodes and their agent.
pub const MANAGED_INSTANCES: Data = Data::part("ssm", "managed_instances");
/// `DescribeInstancePatchStates`: each node's last patch operation.
pub const PATCH_STATE: Data = Data::part("ssm", "managed_instances.patch_state");
/// `ListResourceComplianceSummaries`: each node's patch compliance.
pub const PATCH_COMPLIANCE: Data = Data::part("ssm", "managed_instances.patch_compliance");
/// `GetServiceSetting`: the default host management role in each region.
pub const DHMC: Data = Data::part("ssm", "regions.dhmc_role");
/// `DescribeDocument`: the SSM documents other resources name.
pub const DOCUMENTS: Data = Data::part("ssm", "documents");
/// `ListResourceComplianceSummaries`: each node's association compliance.
pub const ASSOCIATION_COMPLIANCE: Data =
    Data::part("ssm", "managed_instances.association_compliance");
/// `DescribeParameters`: Parameter Store parameters (metadata only).
pub const PARAMETERS: Data = Data::part("ssm", "parameters");
/// `GetParameters` (without decryption, ten a call): the values of `String`
/// and `StringList` parameters, redacted, and in clear those that are one
/// AMI id.
pub const PARAMETER_VALUES: Data = Data::part("ssm", "parameters.value").and("parameters.image_id");
/// `DescribeMaintenanceWindows`: maintenance windows.
pub const MAINTENANCE_WINDOWS: Data = Data::part("ssm", "maintenance_windows");
/// `DescribeMaintenanceWindowTargets`: each window's targets.
pub const WINDOW_TARGETS: Data = Data::part("ssm", "maintenance_windows.targets");
/// `DescribeMaintenanceWindowTasks`, and `GetMaintenanceWindowTask` for a
/// Run Command task of a patching document that did not register its
/// parameters as `TaskParameters`: each window's tasks.
pub const WINDOW_TASKS: Data = Data::part("ssm", "maintenance_windows.tasks");
/// `DescribePatchBaselines`: patch baselines, AWS-provided and custom.
pub const PATCH_BASELINES: Data = Data::part("ssm", "patch_baselines");
/// `DescribePatchGroups`: patch groups and their baselines.
pub const PATCH_GROUPS: Data = Data::part("ssm", "patch_groups");
/// `ListAssociations`: State Manager associations.
pub const ASSOCIATIONS: Data = Data::part("ssm", "associations");
/// `DescribeAssociation`, for the associations that run a patching
/// document or install a package (`AWS-ConfigureAWSPackage`): their
/// parameters.
pub const ASSOCIATION_PARAMETERS: Data = Data::part("ssm", "associations.parameters");
/// `ListResourceDataSync`: resource data syncs.
pub const DATA_SYNCS: Data = Data::part("ssm", "data_syncs");
/// `DescribeActivations`: hybrid activations.
pub const ACTIVATIONS: Data = Data::part("ssm", "activations");
/// `GetDocument` `SSM-SessionManagerRunShell`: the Session Manager
/// preferences of each region.
pub const SESSION_PREFERENCES: Data = Data::part("ssm", "session_preferences");
/// `ListInventoryEntries` (`AWS:Application`, every page) per managed
/// node: the deployment and monitoring agents installed ([`AGENTS`]).
pub const INSTALLED_AGENTS: Data = Data::part("ssm", "managed_instances.agents");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    REGIONS,
    MANAGED_INSTANCES,
    PATCH_STATE,
    PATCH_COMPLIANCE,
    DHMC,
    DOCUMENTS,
    ASSOCIATION_COMPLIANCE,
    PARAMETERS,
    PARAMETER_VALUES,
    MAINTENANCE_WINDOWS,
    WINDOW_TARGETS,
    WINDOW_TASKS,
    PATCH_BASELINES,
    PATCH_GROUPS,
    ASSOCIATIONS,
    ASSOCIATION_PARAMETERS,
    DATA_SYNCS,
    ACTIVATIONS,
    SESSION_PREFERENCES,
    INSTALLED_AGENTS,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ssm {
    /// Managed nodes (`DescribeInstanceInformation`); no `tags`. A check
    /// that reads their patch state or compliance reads them too.
    #[serde(default)]
    pub managed_instances: Vec<ManagedInstance>,
    /// One entry per collected region.
    #[serde(default)]
    pub regions: Vec<SsmRegion>,
    /// The Automation documents referenced by other resources (Config
    /// remediations), by name. No `arn`.
    #[serde(default)]
    pub documents: Vec<Document>,
    /// Parameter Store parameters (`DescribeParameters`).
    #[serde(default)]
    pub parameters: Vec<Parameter>,
    /// Maintenance windows (`DescribeMaintenanceWindows`).
    #[serde(default)]
    pub maintenance_windows: Vec<MaintenanceWindow>,
    /// Patch baselines, AWS-provided and custom (`DescribePatchBaselines`).
    /// No `arn`.
    #[serde(default)]
    pub patch_baselines: Vec<PatchBaseline>,
    /// Patch groups with a registered baseline (`DescribePatchGroups`). No
    /// `arn`.
    #[serde(default)]
    pub patch_groups: Vec<PatchGroup>,
    /// State Manager associations (`ListAssociations`).
    #[serde(default)]
    pub associations: Vec<Association>,
    /// Resource data syncs (`ListResourceDataSync`). No `arn`.
    #[serde(default)]
    pub data_syncs: Vec<DataSync>,
    /// Hybrid activations (`DescribeActivations`).
    #[serde(default)]
    pub activations: Vec<Activation>,
    /// One entry per collected region.
    #[serde(default)]
    pub session_preferences: Vec<SessionPreferences>,
}
merge!(Ssm {
    managed_instances,
    regions,
    documents,
    parameters,
    maintenance_windows,
    patch_baselines,
    patch_groups,
    associations,
    data_syncs,
    activations,
    session_preferences
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManagedInstance {
    /// `arn:aws:ssm:<region>:<account>:managed-instance/<id>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `i-…` for EC2 (matched with `ec2.instances`), `mi-…` for hybrid nodes.
    pub instance_id: String,
    /// `Online`, `ConnectionLost` or `Inactive`.
    pub ping_status: String,
    /// The SSM Agent version is the latest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_latest_version: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_ping: Option<DateTime<Utc>>,
    /// `Windows`, `Linux` or `MacOS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_type: Option<String>,
    /// `PlatformName` (`Amazon Linux`, `Ubuntu`, `Microsoft Windows Server 2022 Datacenter`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_name: Option<String>,
    /// `PlatformVersion` (`2`, `2023`, `22.04`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_version: Option<String>,
    /// `DescribeInstancePatchStates`; absent = never scanned.
    #[serde(default)]
    pub patch_state: Collected<PatchState>,
    /// The `Patch` compliance summary (`ListResourceComplianceSummaries`,
    /// ComplianceType `Patch`); absent = no summary.
    #[serde(default)]
    pub patch_compliance: Collected<ComplianceSummary>,
    /// The `Association` compliance summary
    /// (`ListResourceComplianceSummaries`, ComplianceType `Association`);
    /// absent = no summary.
    #[serde(default)]
    pub association_compliance: Collected<ComplianceSummary>,
    /// The applications of its SSM inventory (`AWS:Application`) that are
    /// one of the [`AGENTS`] (others are not kept); absent = the node has
    /// no inventory (nothing collects it).
    #[serde(default)]
    pub agents: Collected<Vec<InstalledAgent>>,
}

/// The SSM document that installs an AWS package (its `name` parameter:
/// `AWSCodeDeployAgent`, `AmazonCloudWatchAgent`).
pub const CONFIGURE_PACKAGE: &str = "AWS-ConfigureAWSPackage";

/// The application names (Linux package, Windows program) of the agents
/// the checks look for: the CodeDeploy agent and the unified CloudWatch
/// agent.
pub const AGENTS: &[&str] = &[
    "codedeploy-agent",
    "CodeDeploy Agent",
    "amazon-cloudwatch-agent",
    "Amazon CloudWatch Agent",
];

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstalledAgent {
    /// One of [`AGENTS`].
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}
resource!(ManagedInstance);

impl ManagedInstance {
    /// A hybrid (on-premises or other cloud) node: `mi-…`.
    pub fn is_hybrid(&self) -> bool {
        self.instance_id.starts_with("mi-")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatchState {
    pub missing_count: i64,
    pub failed_count: i64,
    #[serde(default)]
    pub installed_pending_reboot_count: i64,
    #[serde(default)]
    pub installed_rejected_count: i64,
    pub operation_end_time: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplianceSummary {
    /// `COMPLIANT` or `NON_COMPLIANT`.
    pub status: String,
    /// Highest severity among non-compliant items: `CRITICAL`, `HIGH`, `MEDIUM`,
    /// `LOW`, `INFORMATIONAL`, `UNSPECIFIED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall_severity: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SsmRegion {
    pub region: String,
    /// `GetServiceSetting /ssm/managed-instance/default-ec2-instance-management-role`:
    /// the Default Host Management Configuration (DHMC) role name; absent =
    /// not set.
    #[serde(default)]
    pub dhmc_role: Collected<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub region: String,
    pub name: String,
    /// `DescribeDocument`; absent = `InvalidDocument` (the document does not
    /// exist).
    #[serde(default)]
    pub info: Collected<DocumentInfo>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentInfo {
    /// `Automation`, `Command`, …
    pub document_type: String,
    pub latest_version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_version: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// `arn:aws:ssm:<region>:<account>:parameter/<name without its leading slash>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// `String`, `StringList` or `SecureString`.
    #[serde(rename = "type")]
    pub parameter_type: String,
    /// A `SecureString`'s KMS key (`alias/aws/ssm` for the AWS managed key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// `Standard`, `Advanced` or `Intelligent-Tiering`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// The parameter policies' types (`Expiration`, `ExpirationNotification`,
    /// `NoChangeNotification`).
    #[serde(default)]
    pub policies: Vec<String>,
    /// `GetParameters`: a `String` or `StringList` parameter's value,
    /// redacted; absent for a `SecureString` (never read).
    #[serde(default)]
    pub value: Collected<Secret>,
    /// `GetParameters`: the value in clear when it is one AMI id (`ami-`
    /// and 8 or 17 hexadecimal digits, as an approved-AMI parameter
    /// holds); absent otherwise, and when `value` is not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
}
resource!(Parameter);

/// A target: a key (`InstanceIds`, `tag:<key>`, `tag-key`,
/// `resource-groups:Name`, `WindowTargetIds`, …) and its values.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub key: String,
    #[serde(default)]
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaintenanceWindow {
    /// `arn:aws:ssm:<region>:<account>:maintenancewindow/<id>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `mw-…`.
    pub id: String,
    pub name: String,
    pub enabled: bool,
    /// `cron(…)` or `rate(…)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// Hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<i64>,
    /// `DescribeMaintenanceWindowTargets`; absent = none.
    #[serde(default)]
    pub targets: Collected<Vec<WindowTarget>>,
    /// `DescribeMaintenanceWindowTasks`; absent = none.
    #[serde(default)]
    pub tasks: Collected<Vec<WindowTask>>,
}
resource!(MaintenanceWindow);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindowTarget {
    /// `WindowTargetId`.
    pub id: String,
    /// `INSTANCE` or `RESOURCE_GROUP`.
    pub resource_type: String,
    #[serde(default)]
    pub targets: Vec<Target>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindowTask {
    /// `WindowTaskId`.
    pub id: String,
    /// `RUN_COMMAND`, `AUTOMATION`, `STEP_FUNCTIONS` or `LAMBDA`.
    pub task_type: String,
    /// The document (`AWS-RunPatchBaseline`) or function the task runs.
    pub task_arn: String,
    /// The task's targets (`WindowTargetIds`, or instance ids).
    #[serde(default)]
    pub targets: Vec<Target>,
    /// A Run Command task of a patching document (`AWS-RunPatchBaseline`,
    /// `AWS-ApplyPatchBaseline`, …): the values of its document parameters
    /// `Operation`, `RebootOption`, `action` and `name` (others are not
    /// kept), from `TaskParameters` or `GetMaintenanceWindowTask`; absent
    /// for other tasks (not read).
    #[serde(default)]
    pub parameters: Collected<BTreeMap<String, Vec<String>>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatchBaseline {
    pub region: String,
    /// `pb-…` for a custom baseline; an ARN
    /// (`arn:aws:ssm:<region>:aws:patchbaseline/pb-…`) for an AWS-provided one.
    pub id: String,
    pub name: String,
    /// `WINDOWS`, `AMAZON_LINUX_2`, `UBUNTU`, …
    pub operating_system: String,
    /// The default baseline for its operating system.
    #[serde(default)]
    pub default: bool,
}

impl PatchBaseline {
    /// Provided by AWS rather than made in this account.
    pub fn is_aws_provided(&self) -> bool {
        self.id.starts_with("arn:")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatchGroup {
    pub region: String,
    /// The `Patch Group` tag value.
    pub name: String,
    /// The baseline registered for it.
    pub baseline_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Association {
    /// `arn:aws:ssm:<region>:<account>:association/<id>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `AssociationId`.
    pub id: String,
    /// The document it runs (`AWS-RunPatchBaseline`, `AWS-GatherSoftwareInventory`).
    pub document: String,
    /// `AssociationName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its targets (a legacy single-instance association: `InstanceIds`).
    #[serde(default)]
    pub targets: Vec<Target>,
    /// `ScheduleExpression` (`rate(30 minutes)`, `cron(…)`); absent = runs once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// `LastExecutionDate`; absent = never run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_execution: Option<DateTime<Utc>>,
    /// `Overview.Status` of its last execution: `Success`, `Failed`, `Pending`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `DescribeAssociation`, for an association of a patching document
    /// or of `AWS-ConfigureAWSPackage`: the values of the document parameters `Operation`, `RebootOption`,
    /// `action` and `name` (others are not kept); absent for other
    /// associations (not read).
    #[serde(default)]
    pub parameters: Collected<BTreeMap<String, Vec<String>>>,
}
resource!(Association);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSync {
    pub region: String,
    /// `SyncName`.
    pub name: String,
    /// `SyncToDestination` (to S3) or `SyncFromSource`.
    pub sync_type: String,
    /// The destination bucket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket: Option<String>,
    /// `LastStatus`: `Successful`, `Failed` or `InProgress`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_status: Option<String>,
    /// `LastSyncStatusMessage`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_status_message: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activation {
    /// `arn:aws:ssm:<region>:<account>:activation/<id>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub id: String,
    /// The IAM role (name) registered nodes assume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iam_role: Option<String>,
    pub registration_limit: i64,
    pub registrations_count: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration: Option<DateTime<Utc>>,
    pub expired: bool,
    pub created: DateTime<Utc>,
}
resource!(Activation);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionPreferences {
    pub region: String,
    /// The `SSM-SessionManagerRunShell` document's `inputs`; absent = no
    /// such document (`InvalidDocument`: the preferences were never saved).
    #[serde(default)]
    pub settings: Collected<SessionSettings>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionSettings {
    /// `s3BucketName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_bucket_name: Option<String>,
    /// `s3EncryptionEnabled`.
    #[serde(default)]
    pub s3_encryption_enabled: bool,
    /// `cloudWatchLogGroupName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloudwatch_log_group_name: Option<String>,
    /// `cloudWatchEncryptionEnabled`.
    #[serde(default)]
    pub cloudwatch_encryption_enabled: bool,
    /// `kmsKeyId`: the key that encrypts session data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    /// `idleSessionTimeout`, in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idle_session_timeout: Option<String>,
    /// `runAsEnabled`.
    #[serde(default)]
    pub run_as_enabled: bool,
}
