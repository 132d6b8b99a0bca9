//! CloudFormation: stacks (`DescribeStacks`), their recorded drift, and
//! per-resource drift (`ListStackResources` drift information and
//! `DescribeStackResourceDrifts` property differences, values never kept);
//! the stack sets this account administers (`ListStackSets`,
//! `DescribeStackSet`) and their instances (`ListStackInstances`).

use super::{merge, resource, Collected, PolicyJson, Tags};
use crate::data::Data;
use crate::secret::Secret;
use crate::template::Template;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeStacks`: stacks, their status, role, recorded drift and tags.
pub const STACKS: Data = Data::listing("cloudformation");
/// `ListStackResources` and `DescribeStackResourceDrifts`: each stack's resources and their drift.
pub const STACK_RESOURCES: Data = Data::part("cloudformation", "stacks.resources");
/// `DetectStackDrift` and `DescribeStackDriftDetectionStatus` (opt-in: `--detect-drift`).
pub const DRIFT_DETECTION: Data = Data::part("cloudformation", "stacks.detection");
/// `DescribeStackEvents`: for stacks in a failed or rolled-back state, the latest failed resource event.
pub const STACK_FAILURE: Data = Data::part("cloudformation", "stacks.failure");
/// `GetStackPolicy`: each stack's stack policy.
pub const STACK_POLICY: Data = Data::part("cloudformation", "stacks.policy");
/// `GetTemplate`: each stack's template (`Original`, and `Processed` when it declares a `Transform`), reduced on load.
pub const STACK_TEMPLATE: Data = Data::part("cloudformation", "stacks.template");
/// `ListStackSets` (active ones, `CallAs` `SELF` and then
/// `DELEGATED_ADMIN`; a `ValidationError` there means the account is not a
/// delegated administrator: none) and `DescribeStackSet`: the stack sets
/// this account administers, their permission model, automatic deployment,
/// administration and execution roles, and recorded drift.
pub const STACK_SETS: Data = Data::part("cloudformation", "stack_sets");
/// `ListStackInstances`: each stack set's instances, their status and drift.
pub const STACK_INSTANCES: Data = Data::part("cloudformation", "stack_sets.instances");
/// `ListStackSetOperations`, `DetectStackSetDrift`, `DescribeStackSetOperation` and `DescribeStackSet` again (opt-in: `--detect-drift`): the drift detection this scan ran on each stack set.
pub const STACK_SET_DRIFT_DETECTION: Data = Data::part("cloudformation", "stack_sets.detection");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    STACKS,
    STACK_RESOURCES,
    DRIFT_DETECTION,
    STACK_FAILURE,
    STACK_POLICY,
    STACK_TEMPLATE,
    STACK_SETS,
    STACK_INSTANCES,
    STACK_SET_DRIFT_DETECTION,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudFormation {
    /// Root and nested stacks.
    #[serde(default)]
    pub stacks: Vec<Stack>,
    /// Stack sets this account administers (as the StackSet administrator
    /// or a delegated administrator), in the region it administers them from.
    #[serde(default)]
    pub stack_sets: Vec<StackSet>,
}
merge!(CloudFormation { stacks, stack_sets });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StackSet {
    /// `StackSetARN`: `arn:aws:cloudformation:<region>:<account>:stackset/<name>:<uuid>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// `PermissionModel`: `SERVICE_MANAGED` or `SELF_MANAGED`.
    pub permission_model: String,
    /// How it was listed: `SELF` (this account is the administrator) or
    /// `DELEGATED_ADMIN` (a delegated administrator of the organization).
    pub call_as: String,
    /// `StackSetDriftDetectionDetails`.
    pub drift: StackSetDrift,
    /// `AutoDeployment` (`SERVICE_MANAGED` stack sets): whether accounts
    /// that join a target organizational unit get an instance; absent when
    /// `DescribeStackSet` gives none (a `SELF_MANAGED` stack set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_deployment: Option<AutoDeployment>,
    /// `AdministrationRoleARN` (`SELF_MANAGED` stack sets): the role
    /// CloudFormation assumes in this account to deploy; absent when none
    /// is set. Looked up in `iam.roles`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub administration_role_arn: Option<String>,
    /// `ExecutionRoleName` (`SELF_MANAGED` stack sets): the role the
    /// administration role assumes in each target account; absent when
    /// none is set (CloudFormation then uses
    /// `AWSCloudFormationStackSetExecutionRole`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_role_name: Option<String>,
    /// The drift detection this scan ran on the stack set
    /// (`--detect-drift`); absent = none was run, and the recorded `drift`
    /// is judged. When the operation ended, `drift` and `instances` are
    /// read after it.
    #[serde(default = "Collected::absent")]
    pub detection: Collected<StackSetDetection>,
    /// `ListStackInstances`: the instances; absent = none.
    #[serde(default)]
    pub instances: Collected<Vec<StackInstance>>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(StackSet, tags);

/// A service-managed stack set's automatic deployment (`AutoDeployment`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutoDeployment {
    /// `Enabled`: accounts added to a target organizational unit get an instance.
    pub enabled: bool,
    /// `RetainStacksOnAccountRemoval`: an account that leaves the target
    /// keeps its stacks (false: they are deleted).
    #[serde(default)]
    pub retain_stacks_on_account_removal: bool,
}

/// A drift detection operation on a stack set (`DetectStackSetDrift`,
/// followed with `DescribeStackSetOperation`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StackSetDetection {
    /// `OperationId`.
    pub operation_id: String,
    /// The operation's `Status` when it ended (`SUCCEEDED`, `FAILED`,
    /// `STOPPED`), or `RUNNING` when `--drift-timeout` ran out first.
    pub status: String,
    /// `StatusReason` (why it failed), or why it is still `RUNNING`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A stack set's recorded drift (`StackSetDriftDetectionDetails`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StackSetDrift {
    /// `DRIFTED`, `IN_SYNC` or `NOT_CHECKED` (`UNKNOWN` when not returned).
    pub status: String,
    /// `LastDriftCheckTimestamp`; absent when never checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_check: Option<DateTime<Utc>>,
    /// `DriftedStackInstancesCount` of the last check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drifted_instances: Option<i32>,
}

/// A stack instance (`ListStackInstances`): one account and region.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StackInstance {
    /// The target account.
    pub account: String,
    /// The target region.
    pub region: String,
    /// `Status`: `CURRENT`, `OUTDATED` or `INOPERABLE`.
    pub status: String,
    /// `StackInstanceStatus.DetailedStatus`: `SUCCEEDED`, `FAILED`, `INOPERABLE`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detailed_status: Option<String>,
    /// `StatusReason`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    /// `DriftStatus`: `DRIFTED`, `IN_SYNC`, `NOT_CHECKED` or `UNKNOWN`.
    pub drift_status: String,
    /// `LastDriftCheckTimestamp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_drift_check: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stack {
    /// The stack id, an ARN: `arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// As `DescribeStacks` gives it: `CREATE_COMPLETE`, `UPDATE_ROLLBACK_FAILED`, …
    pub status: String,
    /// Set on nested stacks: the parent stack id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// Set on nested stacks: the root stack id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_id: Option<String>,
    /// The service role (`RoleARN`); absent when deployed with the caller's credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// `StackStatusReason`: why the stack is in its status (set on failures).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    /// `CreationTime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<DateTime<Utc>>,
    /// `LastUpdatedTime`; absent when never updated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<DateTime<Utc>>,
    /// `EnableTerminationProtection`; absent when `DescribeStacks` did not
    /// report it. Nested stacks carry their root stack's setting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_protection: Option<bool>,
    /// `DisableRollback`: true when a failed create is not rolled back.
    #[serde(default)]
    pub disable_rollback: bool,
    /// `Parameters`: each parameter's value, redacted.
    #[serde(default)]
    pub parameters: Vec<StackParameter>,
    /// `DriftInformation` from `DescribeStacks`.
    pub drift: StackDrift,
    /// The drift detection run by this scan (`--detect-drift`); absent = no
    /// detection was run, and the recorded `drift` is judged.
    #[serde(default = "Collected::absent")]
    pub detection: Collected<DriftDetection>,
    /// Resources with their drift status (`ListStackResources`), and the
    /// property paths that differ (`DescribeStackResourceDrifts`); absent =
    /// no resources.
    #[serde(default)]
    pub resources: Collected<Vec<StackResource>>,
    /// For stacks in a failed or rolled-back status: the latest resource
    /// event whose status ends in `_FAILED` among the stack's most recent
    /// events (`DescribeStackEvents`, first page); absent = none there.
    #[serde(default)]
    pub failure: Collected<FailedEvent>,
    /// The stack policy (`GetStackPolicy`); absent = none set.
    #[serde(default)]
    pub policy: Collected<PolicyJson>,
    /// The template (`GetTemplate`: the processed template when the
    /// original declares a `Transform`), reduced on load; absent = no body.
    #[serde(default)]
    pub template: Collected<Template>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Stack, tags);

impl Stack {
    pub fn is_nested(&self) -> bool {
        self.parent_id.is_some()
    }

    /// True when the stack's status allows judging its drift (and running a
    /// drift detection): a completed create, update, rollback or import.
    pub fn is_drift_evaluable(&self) -> bool {
        DRIFT_EVALUABLE_STATUSES.contains(&self.status.as_str())
    }

    /// True when the stack is in a failed or rolled-back status (its
    /// failure event is read).
    pub fn has_failed(&self) -> bool {
        let s = self.status.as_str();
        FAILED_STATUSES.contains(&s) || ROLLED_BACK_STATUSES.contains(&s)
    }
}

/// Statuses of a stack left broken by a failed operation: it blocks later
/// changes until fixed (`ContinueUpdateRollback`, a retried delete).
pub const FAILED_STATUSES: &[&str] = &[
    "CREATE_FAILED",
    "ROLLBACK_FAILED",
    "DELETE_FAILED",
    "UPDATE_ROLLBACK_FAILED",
    "IMPORT_ROLLBACK_FAILED",
];

/// Statuses left by a failed operation that was rolled back.
pub const ROLLED_BACK_STATUSES: &[&str] = &["ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_COMPLETE"];

/// Resource types that hold data: deleting or replacing one loses it.
pub const STATEFUL_TYPES: &[&str] = &[
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBCluster",
    "AWS::DynamoDB::Table",
    "AWS::DynamoDB::GlobalTable",
    "AWS::EC2::Volume",
    "AWS::EFS::FileSystem",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::Redshift::Cluster",
    "AWS::Neptune::DBCluster",
    "AWS::DocDB::DBCluster",
    "AWS::S3::Bucket",
];

/// Stack statuses whose drift is evaluated; the others (in progress, failed)
/// belong to stack health, not drift.
pub const DRIFT_EVALUABLE_STATUSES: &[&str] = &[
    "CREATE_COMPLETE",
    "UPDATE_COMPLETE",
    "UPDATE_ROLLBACK_COMPLETE",
    "UPDATE_ROLLBACK_FAILED",
    "IMPORT_COMPLETE",
    "IMPORT_ROLLBACK_COMPLETE",
];

/// A stack parameter (`DescribeStacks`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StackParameter {
    /// `ParameterKey`.
    pub key: String,
    /// `ParameterValue`, redacted; absent when CloudFormation masks it
    /// (`****`: a `NoEcho` parameter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Secret>,
}

/// A failed resource event (`DescribeStackEvents`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FailedEvent {
    /// `LogicalResourceId` of the resource that failed (the stack's own name for the stack).
    pub logical_id: String,
    /// `ResourceType`: `AWS::RDS::DBInstance`, `AWS::CloudFormation::Stack`, …
    pub resource_type: String,
    /// `ResourceStatus`: `CREATE_FAILED`, `UPDATE_FAILED`, `DELETE_FAILED`, …
    pub status: String,
    /// `ResourceStatusReason`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// `Timestamp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StackDrift {
    /// `DRIFTED`, `IN_SYNC`, `NOT_CHECKED` or `UNKNOWN`.
    pub status: String,
    /// When drift was last detected; absent when never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_check: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DriftDetection {
    /// `DETECTION_COMPLETE`, `DETECTION_FAILED` or `DETECTION_IN_PROGRESS`.
    pub status: String,
    /// The detection's status reason (why it failed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StackResource {
    pub logical_id: String,
    /// The resource's physical id (`PhysicalResourceId`: a bucket name, a
    /// queue URL, an ARN, …); absent when not created. `labs verify --stack`
    /// scopes a lab to these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physical_id: Option<String>,
    /// `AWS::S3::Bucket`, `Custom::Thing`, …
    pub resource_type: String,
    /// `IN_SYNC`, `MODIFIED`, `DELETED`, `NOT_CHECKED` or `UNKNOWN`.
    pub drift_status: String,
    /// For `MODIFIED` resources: what differs (paths only, never values).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub property_differences: Vec<PropertyDifference>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PropertyDifference {
    /// The property path (`/Properties/VersioningConfiguration/Status`).
    pub path: String,
    /// `ADD`, `REMOVE` or `NOT_EQUAL`.
    pub difference_type: String,
}
