//! AWS Firewall Manager, per region: who the organization's Firewall
//! Manager administrator is (`GetAdminAccount`), and, in that account only,
//! its policies (`ListPolicies`), each policy's compliance per member
//! account (`ListComplianceStatus`) and the violating resources of each
//! non-compliant member (`GetComplianceDetail`). Every other account is
//! refused these calls by Firewall Manager itself, so a scan of a member
//! account holds the region's entry and no policy.

use super::{merge, resource, Collected};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// The region's entry (no call: one per audited account and region).
pub const REGIONS: Data = Data::listing("fms");
/// `GetAdminAccount`: the organization's Firewall Manager administrator.
pub const ADMINISTRATOR: Data = Data::part("fms", "regions.administrator");
/// `ListPolicies`: the administrator's policies (asked only in that account).
pub const POLICIES: Data = Data::part("fms", "policies");
/// `ListComplianceStatus`: each policy's compliance per member account.
pub const COMPLIANCE: Data = Data::part("fms", "policies.compliance");
/// `GetComplianceDetail`: the violating resources of each non-compliant member.
pub const VIOLATORS: Data = Data::part("fms", "policies.compliance.violators");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[REGIONS, ADMINISTRATOR, POLICIES, COMPLIANCE, VIOLATORS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fms {
    /// One entry per scanned region.
    #[serde(default)]
    pub regions: Vec<FmsRegion>,
    /// The policies of the region, when the audited account is the
    /// administrator.
    #[serde(default)]
    pub policies: Vec<Policy>,
}
merge!(Fms { regions, policies });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FmsRegion {
    /// `arn:<partition>:fms:<region>:<account>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `GetAdminAccount`; absent = the organization has no Firewall Manager
    /// administrator (`ResourceNotFoundException`, or Firewall Manager's
    /// own `AccessDeniedException` "No default admin could be found for
    /// account …"); an error for any other failure, including IAM's
    /// `AccessDeniedException` ("… is not authorized to perform …").
    #[serde(default)]
    pub administrator: Collected<Administrator>,
}
resource!(FmsRegion);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Administrator {
    /// `AdminAccount`: the administrator's account id; absent when Firewall
    /// Manager refused to tell this account because it is not the
    /// administrator (its own `AccessDeniedException`, "… is only
    /// available to Administration account …").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// `RoleStatus`: `READY`, `CREATING`, `PENDING_DELETION`, `DELETING`
    /// or `DELETED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_status: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// `PolicyArn`.
    pub arn: String,
    pub region: String,
    /// The administrator account that owns the policy.
    pub account_id: String,
    /// `PolicyId`.
    pub id: String,
    /// `PolicyName`.
    pub name: String,
    /// `SecurityServiceType`: `WAFV2`, `WAF`, `SHIELD_ADVANCED`,
    /// `SECURITY_GROUPS_COMMON`, `SECURITY_GROUPS_CONTENT_AUDIT`,
    /// `SECURITY_GROUPS_USAGE_AUDIT`, `NETWORK_FIREWALL`, `DNS_FIREWALL`,
    /// `THIRD_PARTY_FIREWALL`, `IMPORT_NETWORK_FIREWALL`,
    /// `NETWORK_ACL_COMMON`.
    pub security_service_type: String,
    /// `RemediationEnabled`: Firewall Manager fixes non-compliant resources
    /// itself; false = identify only.
    #[serde(default)]
    pub remediation_enabled: bool,
    /// `ListComplianceStatus`: the policy's compliance in each member
    /// account in scope; absent = the policy was deleted since it was
    /// listed.
    #[serde(default)]
    pub compliance: Collected<Vec<MemberCompliance>>,
}
resource!(Policy);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberCompliance {
    /// `MemberAccount`.
    pub member_account: String,
    /// `COMPLIANT` or `NON_COMPLIANT`: `NON_COMPLIANT` when any of
    /// `EvaluationResults` is.
    pub status: String,
    /// The sum of the evaluation results' `ViolatorCount`.
    #[serde(default)]
    pub violator_count: i64,
    /// `GetComplianceDetail` `Violators`, read for a `NON_COMPLIANT` member
    /// only (absent for a compliant one).
    #[serde(default)]
    pub violators: Collected<Vec<Violator>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Violator {
    /// `ResourceId`.
    pub resource_id: String,
    /// `ResourceType`, e.g. `AWS::EC2::SecurityGroup`.
    pub resource_type: String,
    /// `ViolationReason`, e.g. `RESOURCE_MISSING_WEB_ACL`.
    pub reason: String,
}
