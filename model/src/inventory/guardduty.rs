//! GuardDuty: detectors per region with their protection plans, their
//! organization configuration and members (seen from the administrator
//! account), their open medium and high findings, and their filters.

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListDetectors`: detectors by id.
pub const DETECTORS: Data = Data::listing("guardduty");
/// `GetDetector`: each detector's status, features and tags.
pub const DETECTOR_DETAILS: Data = Data::part("guardduty", "detectors.details");
/// `DescribeOrganizationConfiguration`: each detector's organization
/// auto-enable settings.
pub const ORGANIZATION_CONFIGURATION: Data = Data::part("guardduty", "detectors.organization");
/// `ListMembers`: the member accounts of each detector.
pub const MEMBERS: Data = Data::part("guardduty", "detectors.members");
/// `ListFindings` (severity at least 4, not archived) and `GetFindings`:
/// each detector's open medium and high findings.
pub const FINDINGS: Data = Data::part("guardduty", "detectors.findings");
/// `ListFilters` and `GetFilter`: each detector's filters (suppression rules).
pub const FILTERS: Data = Data::part("guardduty", "detectors.filters");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    DETECTORS,
    DETECTOR_DETAILS,
    ORGANIZATION_CONFIGURATION,
    MEMBERS,
    FINDINGS,
    FILTERS,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuardDuty {
    /// At most one per region. A region of the account's `regions` with no
    /// detector is judged as "no GuardDuty".
    #[serde(default)]
    pub detectors: Vec<Detector>,
}
merge!(GuardDuty { detectors });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Detector {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// The detector id.
    pub id: String,
    /// `GetDetector`: status and protection plans; absent = the detector no
    /// longer exists.
    #[serde(default)]
    pub details: Collected<DetectorDetails>,
    /// `DescribeOrganizationConfiguration`: how the organization's accounts
    /// are enabled; absent = this account is not the GuardDuty administrator
    /// (`BadRequestException`: only the delegated administrator may call it).
    #[serde(default)]
    pub organization: Collected<OrganizationConfiguration>,
    /// `ListMembers` (every member, invited or organization): the accounts
    /// this detector administers; an empty list when it administers none.
    #[serde(default)]
    pub members: Collected<Vec<Member>>,
    /// `ListFindings` and `GetFindings`: the findings of severity 4 or more
    /// that are not archived; an empty list when there are none.
    #[serde(default)]
    pub findings: Collected<Vec<GuardDutyFinding>>,
    /// `ListFilters` and `GetFilter`: the detector's filters, suppression
    /// rules (action `ARCHIVE`) included; an empty list when there are none.
    #[serde(default)]
    pub filters: Collected<Vec<Filter>>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Detector, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationConfiguration {
    /// `ALL` (every account, existing and new), `NEW` (accounts that join
    /// from now on) or `NONE`.
    pub auto_enable_organization_members: String,
    /// The protection plans and whether they are enabled for members.
    #[serde(default)]
    pub features: Vec<OrganizationFeature>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationFeature {
    /// `S3_DATA_EVENTS`, `EKS_AUDIT_LOGS`, `RUNTIME_MONITORING`, …
    pub name: String,
    /// `ALL`, `NEW` or `NONE`.
    pub auto_enable: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub account_id: String,
    /// `Enabled`, `Invited`, `Created`, `Disabled`, `Removed`, `Resigned`,
    /// `EmailVerificationInProgress`, `EmailVerificationFailed`,
    /// `RegionDisabled`, `AccountSuspended`.
    pub relationship_status: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuardDutyFinding {
    pub id: String,
    /// The finding type, e.g. `Recon:EC2/PortProbeUnprotectedPort`.
    #[serde(rename = "type")]
    pub finding_type: String,
    /// 1.0 to 8.9 (low below 4, medium below 7, high from 7).
    pub severity: f64,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// `service.additionalInfo.sample`: a sample finding made by
    /// `CreateSampleFindings`, not a real one.
    #[serde(default)]
    pub sample: bool,
    /// The affected resource's type (`Instance`, `AccessKey`, `S3Bucket`, …).
    #[serde(default)]
    pub resource_type: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    pub name: String,
    /// `ARCHIVE` (a suppression rule: matching findings are archived as
    /// they arrive) or `NOOP`.
    pub action: String,
    /// The order filters apply in (1 first).
    #[serde(default)]
    pub rank: i64,
    /// The criteria, one per finding field; all must match.
    #[serde(default)]
    pub criteria: Vec<FilterCondition>,
}

/// One field's condition in a filter's criteria. The conditions given
/// must all hold; an empty list or absent bound does not constrain.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilterCondition {
    /// The finding field, e.g. `severity`, `type`, `resource.instanceDetails.instanceId`.
    pub field: String,
    /// `Equals` (or the older `Eq`): any of these values.
    #[serde(default)]
    pub equals: Vec<String>,
    /// `NotEquals` (or `Neq`): none of these values.
    #[serde(default)]
    pub not_equals: Vec<String>,
    /// `Matches`: any of these wildcard patterns (`*` any run, `?` one character).
    #[serde(default)]
    pub matches: Vec<String>,
    /// `NotMatches`: none of these wildcard patterns.
    #[serde(default)]
    pub not_matches: Vec<String>,
    /// `GreaterThan` (or `Gt`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub greater_than: Option<i64>,
    /// `GreaterThanOrEqual` (or `Gte`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub greater_than_or_equal: Option<i64>,
    /// `LessThan` (or `Lt`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub less_than: Option<i64>,
    /// `LessThanOrEqual` (or `Lte`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub less_than_or_equal: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectorDetails {
    /// `ENABLED` or `DISABLED`.
    pub status: String,
    #[serde(default)]
    pub features: Vec<DetectorFeature>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectorFeature {
    /// `S3_DATA_EVENTS`, `EKS_AUDIT_LOGS`, `EBS_MALWARE_PROTECTION`,
    /// `RDS_LOGIN_EVENTS`, `LAMBDA_NETWORK_LOGS`, `RUNTIME_MONITORING`
    /// (`EKS_RUNTIME_MONITORING` is its legacy name, still reported by
    /// detectors that enabled EKS Runtime Monitoring), …
    pub name: String,
    /// `ENABLED` or `DISABLED`.
    pub status: String,
}
