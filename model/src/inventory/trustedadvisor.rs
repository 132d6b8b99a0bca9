//! AWS Trusted Advisor (global, through the AWS Support API of the
//! partition's us-east-1 endpoint): the checks available to the account
//! (`DescribeTrustedAdvisorChecks`) and the status of its security and
//! service-limits checks (`DescribeTrustedAdvisorCheckSummaries`). The
//! Support API needs a Business, Enterprise On-Ramp or Enterprise support
//! plan: without one it answers `SubscriptionRequiredException`.
//!
//! The events Trusted Advisor publishes (`source` `aws.trustedadvisor`, in
//! us-east-1 only) are judged through the EventBridge rules that route
//! them, in the `events` section.

use super::{merge, resource, Collected};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// The account's entry (no call: one per audited account).
pub const ACCOUNTS: Data = Data::listing("trustedadvisor");
/// `DescribeTrustedAdvisorChecks`: the checks available to the account.
pub const CHECKS: Data = Data::part("trustedadvisor", "accounts.checks");
/// `DescribeTrustedAdvisorCheckSummaries`: the status of each security and
/// service-limits check.
pub const SUMMARIES: Data = Data::part("trustedadvisor", "accounts.summaries");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[ACCOUNTS, CHECKS, SUMMARIES];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustedAdvisor {
    /// One entry: the audited account's.
    #[serde(default)]
    pub accounts: Vec<AdvisorAccount>,
}
merge!(TrustedAdvisor { accounts });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdvisorAccount {
    /// `arn:<partition>:trustedadvisor::<account>`.
    pub arn: String,
    /// Always `global`.
    pub region: String,
    pub account_id: String,
    /// `DescribeTrustedAdvisorChecks` (in English); an error with
    /// `SubscriptionRequiredException` when the account's support plan
    /// does not include the Support API.
    #[serde(default)]
    pub checks: Collected<Vec<AdvisorCheck>>,
    /// `DescribeTrustedAdvisorCheckSummaries` of the `security` and
    /// `service_limits` checks; not collected when `checks` could not be
    /// read.
    #[serde(default)]
    pub summaries: Collected<Vec<CheckSummary>>,
}
resource!(AdvisorAccount);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdvisorCheck {
    /// The check's id, e.g. `Qch7DwouX1` (Low Utilization Amazon EC2
    /// Instances).
    pub id: String,
    /// Its display name, as Trusted Advisor's events carry it in
    /// `detail.check-name`.
    pub name: String,
    /// `security`, `service_limits`, `cost_optimizing`, `performance` or
    /// `fault_tolerance`.
    pub category: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSummary {
    /// The check, looked up in `checks` by id.
    pub check_id: String,
    /// `ok` (green), `warning` (yellow), `error` (red) or `not_available`.
    pub status: String,
    /// `resourcesSummary.resourcesFlagged`.
    #[serde(default)]
    pub resources_flagged: i64,
}
