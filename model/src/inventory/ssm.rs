//! Systems Manager: managed instances (`DescribeInstanceInformation`) with
//! their patch state, the per-region default host management setting, and
//! the Automation documents other resources reference.

use super::{merge, resource, Collected};
use crate::data::Data;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeInstanceInformation`: managed nodes and their agent.
pub const MANAGED_INSTANCES: Data = Data::listing("ssm");
/// `DescribeInstancePatchStates`: each node's last patch operation.
pub const PATCH_STATE: Data = Data::part("ssm", "managed_instances.patch_state");
/// `ListResourceComplianceSummaries`: each node's patch compliance.
pub const PATCH_COMPLIANCE: Data = Data::part("ssm", "managed_instances.patch_compliance");
/// `GetServiceSetting`: the default host management role in each region.
pub const DHMC: Data = Data::part("ssm", "regions");
/// `DescribeDocument`: the SSM documents other resources name.
pub const DOCUMENTS: Data = Data::part("ssm", "documents");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    MANAGED_INSTANCES,
    PATCH_STATE,
    PATCH_COMPLIANCE,
    DHMC,
    DOCUMENTS,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ssm {
    /// Managed nodes (`DescribeInstanceInformation`); no `tags`.
    #[serde(default)]
    pub managed_instances: Vec<ManagedInstance>,
    /// One entry per collected region.
    #[serde(default)]
    pub regions: Vec<SsmRegion>,
    /// The Automation documents referenced by other resources (Config
    /// remediations), by name. No `arn`.
    #[serde(default)]
    pub documents: Vec<Document>,
}
merge!(Ssm {
    managed_instances,
    regions,
    documents
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
    /// `DescribeInstancePatchStates`; absent = never scanned.
    #[serde(default)]
    pub patch_state: Collected<PatchState>,
    /// The `Patch` compliance summary (`ListResourceComplianceSummaries`,
    /// ComplianceType `Patch`); absent = no summary.
    #[serde(default)]
    pub patch_compliance: Collected<ComplianceSummary>,
}
resource!(ManagedInstance);

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
