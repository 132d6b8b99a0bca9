//! CloudFormation: stacks (`DescribeStacks`), their recorded drift, and
//! per-resource drift (`ListStackResources` drift information and
//! `DescribeStackResourceDrifts` property differences, values never kept).

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeStacks`: stacks, their status, role, recorded drift and tags.
pub const STACKS: Data = Data::listing("cloudformation");
/// `ListStackResources` and `DescribeStackResourceDrifts`: each stack's resources and their drift.
pub const STACK_RESOURCES: Data = Data::part("cloudformation", "stacks.resources");
/// `DetectStackDrift` and `DescribeStackDriftDetectionStatus` (opt-in: `--detect-drift`).
pub const DRIFT_DETECTION: Data = Data::part("cloudformation", "stacks.detection");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[STACKS, STACK_RESOURCES, DRIFT_DETECTION];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudFormation {
    /// Root and nested stacks.
    #[serde(default)]
    pub stacks: Vec<Stack>,
}
merge!(CloudFormation { stacks });

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
}

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
