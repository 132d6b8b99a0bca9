//! Amazon Inspector, per region: the account's scanning status for each
//! resource type, the organization's auto-enable configuration and its
//! delegated administrator (where the account may read them), and the
//! coverage of every resource Inspector knows of (scanned, or not and why).

use super::{merge, Collected};
use crate::data::Data;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `BatchGetAccountStatus`, for the audited account: Inspector's status and each resource type's.
pub const ACCOUNT_STATUS: Data = Data::listing("inspector2");
/// `DescribeOrganizationConfiguration`: which resource types are enabled for new member accounts.
pub const ORGANIZATION_CONFIGURATION: Data =
    Data::part("inspector2", "regions.organization_configuration");
/// `ListDelegatedAdminAccounts`: the organization's Inspector delegated administrator.
pub const DELEGATED_ADMINS: Data = Data::part("inspector2", "regions.delegated_admins");
/// `ListCoverage`: every resource Inspector covers or tried to, with its scan status.
pub const COVERAGE: Data = Data::part("inspector2", "coverage");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    ACCOUNT_STATUS,
    ORGANIZATION_CONFIGURATION,
    DELEGATED_ADMINS,
    COVERAGE,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inspector2 {
    /// One entry per collected region.
    #[serde(default)]
    pub regions: Vec<InspectorRegion>,
    #[serde(default)]
    pub coverage: Vec<Coverage>,
}
merge!(Inspector2 { regions, coverage });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InspectorRegion {
    pub region: String,
    /// The audited account.
    pub account_id: String,
    /// Inspector's status for the account: `ENABLED`, `ENABLING`,
    /// `DISABLED` (never enabled, too), `DISABLING`, `SUSPENDING` or
    /// `SUSPENDED`.
    pub status: String,
    /// Each resource type's scanning status.
    pub resource_status: ResourceStatus,
    /// `DescribeOrganizationConfiguration` (only the delegated
    /// administrator may call it); absent = not visible from this account
    /// (`AccessDeniedException`: it is not the delegated administrator, or
    /// not in an organization).
    #[serde(default)]
    pub organization_configuration: Collected<AutoEnable>,
    /// `ListDelegatedAdminAccounts` (only the management account may call
    /// it); absent = not visible from this account (`AccessDeniedException`).
    #[serde(default)]
    pub delegated_admins: Collected<Vec<DelegatedAdmin>>,
}

/// Scanning status per resource type: `ENABLED`, `ENABLING`, `DISABLED`,
/// `DISABLING`, `SUSPENDING` or `SUSPENDED`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceStatus {
    /// EC2 instance scanning.
    pub ec2: String,
    /// ECR (enhanced) image scanning.
    pub ecr: String,
    /// Lambda standard scanning (packages).
    pub lambda: String,
    /// Lambda code scanning; absent when the API does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lambda_code: Option<String>,
}

/// Which resource types are turned on for accounts that join the organization.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutoEnable {
    pub ec2: bool,
    pub ecr: bool,
    #[serde(default)]
    pub lambda: bool,
    #[serde(default)]
    pub lambda_code: bool,
    /// True when the organization has more members than Inspector can
    /// enable automatically.
    #[serde(default)]
    pub max_account_limit_reached: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DelegatedAdmin {
    pub account_id: String,
    /// `ENABLED` or `DISABLE_IN_PROGRESS`.
    pub status: String,
}

/// One resource Inspector covers (or tried to), for one kind of scan.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coverage {
    pub region: String,
    /// The resource's account (members' resources, seen from the
    /// delegated administrator).
    pub account_id: String,
    /// An instance id, a repository name, an image digest or a function ARN.
    pub resource_id: String,
    /// `AWS_EC2_INSTANCE`, `AWS_ECR_REPOSITORY`, `AWS_ECR_CONTAINER_IMAGE`
    /// or `AWS_LAMBDA_FUNCTION`.
    pub resource_type: String,
    /// `NETWORK`, `PACKAGE` or `CODE`.
    pub scan_type: String,
    /// `ACTIVE` (scanned) or `INACTIVE`.
    pub scan_status: String,
    /// Why: `SUCCESSFUL`, `UNMANAGED_EC2_INSTANCE`, `NO_INVENTORY`,
    /// `UNSUPPORTED_OS`, `RESOURCE_TERMINATED`, `EXCLUDED_BY_TAG`,
    /// `STALE_INVENTORY`, `PENDING_INITIAL_SCAN`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan_status_reason: Option<String>,
    /// For EC2: `EC2_SSM_AGENT_BASED` or `EC2_AGENTLESS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_scanned_at: Option<DateTime<Utc>>,
}
