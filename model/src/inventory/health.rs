//! AWS Health: whether the organizational view is on, which aggregates
//! every member account's Health events in the management account
//! (`DescribeHealthServiceStatusForOrganization`, asked once per account of
//! the partition's Health endpoint). Only the management account may ask;
//! a member account's answer is an error no check reads. The Health API
//! needs a Business, Enterprise On-Ramp or Enterprise support plan: without
//! one it answers `SubscriptionRequiredException`.
//!
//! Health's events themselves are judged through the EventBridge rules
//! that route them (`source` `aws.health`), in the `events` section.

use super::{merge, resource, Collected};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// The account's entry (no call: one per audited account).
pub const ACCOUNTS: Data = Data::listing("health");
/// `DescribeHealthServiceStatusForOrganization`: the organizational view's status.
pub const ORGANIZATION_VIEW: Data = Data::part("health", "accounts.organization_view");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[ACCOUNTS, ORGANIZATION_VIEW];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Health {
    /// One entry: the audited account's.
    #[serde(default)]
    pub accounts: Vec<HealthAccount>,
}
merge!(Health { accounts });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthAccount {
    /// `arn:<partition>:health::<account>`.
    pub arn: String,
    /// Always `global`.
    pub region: String,
    pub account_id: String,
    /// `ENABLED`, `DISABLED` or `PENDING`; an error with
    /// `SubscriptionRequiredException` when the account has no support
    /// plan that includes the Health API.
    #[serde(default)]
    pub organization_view: Collected<String>,
}
resource!(HealthAccount);
