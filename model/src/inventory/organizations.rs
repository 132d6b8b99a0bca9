//! AWS Organizations (global): what the audited account sees of its
//! organization. Any account in an organization may describe it; its
//! structure (roots, accounts, organizational units), policies, delegated
//! administrators and trusted services are readable only from the
//! management account or a delegated administrator. From a member account
//! those calls answer `AccessDeniedException`, and from an account in no
//! organization `AWSOrganizationsNotInUseException`: both are recorded as
//! `absent` (not visible from this account), never as an error, so that
//! organization-wide judgements SKIP with that reason
//! ([`OrganizationView::hidden_reason`]). An `AccessDeniedException` in the
//! management account itself is an error (the scanner's role lacks the
//! permission).

use super::{merge, Collected, PolicyJson};
use crate::data::Data;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeOrganization`: the organization the account is in, if any.
pub const ORGANIZATION: Data = Data::listing("organizations");
/// `ListRoots`: the organization's roots and the policy types enabled on them.
pub const ROOTS: Data = Data::part("organizations", "views.roots");
/// `ListAccounts`: the organization's accounts, how they joined and their status.
pub const ACCOUNTS: Data = Data::part("organizations", "views.accounts");
/// `ListRoots`, `ListOrganizationalUnitsForParent` and `ListAccountsForParent` from each root down: the tree of roots and organizational units, with the accounts directly in each.
pub const TREE: Data = Data::part("organizations", "views.parents");
/// `ListPolicies` (service control and tag policies): the organization's policies.
pub const POLICIES: Data = Data::part("organizations", "views.policies");
/// `DescribePolicy`: each policy's document.
pub const POLICY_CONTENT: Data = Data::part("organizations", "views.policies.content");
/// `ListTargetsForPolicy`: the roots, organizational units and accounts each policy is attached to.
pub const POLICY_TARGETS: Data = Data::part("organizations", "views.policies.targets");
/// `ListDelegatedAdministrators` and `ListDelegatedServicesForAccount`: the delegated administrator accounts and the services each administers.
pub const DELEGATED_ADMINISTRATORS: Data =
    Data::part("organizations", "views.delegated_administrators");
/// `ListAWSServiceAccessForOrganization`: the services with trusted access to the organization.
pub const SERVICE_ACCESS: Data = Data::part("organizations", "views.enabled_services");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    ORGANIZATION,
    ROOTS,
    ACCOUNTS,
    TREE,
    POLICIES,
    POLICY_CONTENT,
    POLICY_TARGETS,
    DELEGATED_ADMINISTRATORS,
    SERVICE_ACCESS,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organizations {
    /// One entry: the audited account's view of its organization.
    #[serde(default)]
    pub views: Vec<OrganizationView>,
}
merge!(Organizations { views });

/// What one account sees of its organization. Every organization-wide
/// field is `absent` when the account cannot see it: it is in no
/// organization (`organization` is then absent too), or it is a member
/// account that is not a delegated administrator for that call
/// (`AccessDeniedException`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationView {
    /// Always `global`.
    pub region: String,
    /// The audited account.
    pub account_id: String,
    /// `DescribeOrganization`; absent = the account is in no organization
    /// (`AWSOrganizationsNotInUseException`).
    #[serde(default)]
    pub organization: Collected<Organization>,
    /// `ListRoots`; absent = not visible from this account.
    #[serde(default)]
    pub roots: Collected<Vec<Root>>,
    /// `ListAccounts`; absent = not visible from this account.
    #[serde(default)]
    pub accounts: Collected<Vec<OrganizationAccount>>,
    /// The organization's tree: every root and organizational unit, each
    /// with its parent and the accounts directly in it; absent = not
    /// visible from this account.
    #[serde(default)]
    pub parents: Collected<Vec<Parent>>,
    /// `ListPolicies` for `SERVICE_CONTROL_POLICY` and `TAG_POLICY`;
    /// absent = not visible from this account.
    #[serde(default)]
    pub policies: Collected<Vec<OrganizationPolicy>>,
    /// `ListDelegatedAdministrators`; absent = not visible from this account.
    #[serde(default)]
    pub delegated_administrators: Collected<Vec<DelegatedAdministrator>>,
    /// `ListAWSServiceAccessForOrganization`: service principals with
    /// trusted access (`member.org.stacksets.cloudformation.amazonaws.com`,
    /// `guardduty.amazonaws.com`, …); absent = not visible from this account.
    #[serde(default)]
    pub enabled_services: Collected<Vec<EnabledService>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// `arn:aws:organizations::MANAGEMENT:organization/o-…`.
    pub arn: String,
    /// `o-…`: the value of `aws:PrincipalOrgID`.
    pub id: String,
    /// `ALL` (service control policies available) or `CONSOLIDATED_BILLING`.
    pub feature_set: String,
    /// The management account's id.
    pub management_account_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Root {
    pub arn: String,
    /// `r-…`.
    pub id: String,
    pub name: String,
    /// The policy types of the root and whether each is enabled.
    #[serde(default)]
    pub policy_types: Vec<PolicyTypeStatus>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyTypeStatus {
    /// `SERVICE_CONTROL_POLICY`, `TAG_POLICY`, `BACKUP_POLICY`, …
    #[serde(rename = "type")]
    pub policy_type: String,
    /// `ENABLED`, `PENDING_ENABLE` or `PENDING_DISABLE`.
    pub status: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationAccount {
    pub arn: String,
    pub id: String,
    pub name: String,
    /// `PENDING_ACTIVATION`, `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE` or
    /// `CLOSED`.
    pub state: String,
    /// `INVITED` or `CREATED`.
    pub joined_method: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined_timestamp: Option<DateTime<Utc>>,
}

/// A node of the organization's tree: a root or an organizational unit.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parent {
    pub arn: String,
    /// `r-…` or `ou-…`.
    pub id: String,
    /// `ROOT` or `ORGANIZATIONAL_UNIT`.
    #[serde(rename = "type")]
    pub parent_type: String,
    pub name: String,
    /// The parent's parent; absent for a root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// The accounts directly in this root or organizational unit.
    #[serde(default)]
    pub account_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationPolicy {
    pub arn: String,
    /// `p-…` (`p-FullAWSAccess` for the AWS managed `FullAWSAccess`).
    pub id: String,
    pub name: String,
    /// `SERVICE_CONTROL_POLICY` or `TAG_POLICY`.
    #[serde(rename = "type")]
    pub policy_type: String,
    /// An AWS managed policy (`FullAWSAccess`).
    #[serde(default)]
    pub aws_managed: bool,
    /// `DescribePolicy`: the policy document; absent = the policy was
    /// deleted since it was listed.
    #[serde(default)]
    pub content: Collected<PolicyJson>,
    /// `ListTargetsForPolicy`: where it is attached (an empty list:
    /// nowhere); absent = the policy was deleted since it was listed.
    #[serde(default)]
    pub targets: Collected<Vec<PolicyTarget>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyTarget {
    /// A root (`r-…`), organizational unit (`ou-…`) or account id.
    pub target_id: String,
    /// `ROOT`, `ORGANIZATIONAL_UNIT` or `ACCOUNT`.
    #[serde(rename = "type")]
    pub target_type: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DelegatedAdministrator {
    /// The administrator's account id.
    pub account_id: String,
    pub name: String,
    /// As an account's (`ACTIVE`, …).
    pub state: String,
    /// `ListDelegatedServicesForAccount`: the service principals it
    /// administers (`guardduty.amazonaws.com`,
    /// `member.org.stacksets.cloudformation.amazonaws.com`, …); absent = it
    /// is no longer a delegated administrator.
    #[serde(default)]
    pub services: Collected<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnabledService {
    pub service_principal: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_enabled: Option<DateTime<Utc>>,
}

impl OrganizationView {
    /// Why an organization-wide field of this view is `absent`, worded for
    /// the SKIP that judges it: the account is in no organization, or it is
    /// a member account (which sees only what it is a delegated
    /// administrator for). `None` for the management account, and when
    /// the organization could not be read (an ERROR, not a SKIP).
    pub fn hidden_reason(&self) -> Option<String> {
        match &self.organization {
            Collected::Absent => Some(format!(
                "account {} is in no organization (AWSOrganizationsNotInUseException)",
                self.account_id
            )),
            Collected::Value(org) if org.management_account_id != self.account_id => {
                Some(format!(
                    "account {} is a member of organization {} (management account {}): its structure and policies are visible only to the management account or a delegated administrator",
                    self.account_id, org.id, org.management_account_id
                ))
            }
            _ => None,
        }
    }

    /// The organization's id (`o-…`), when the account is in one.
    pub fn organization_id(&self) -> Option<&str> {
        self.organization.value().map(|o| o.id.as_str())
    }
}
