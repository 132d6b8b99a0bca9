//! AWS Backup: backup plans with their rules and resource selections, and
//! the resources each region has recovery points of.

use super::{merge, resource, Collected};
use crate::data::Data;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListBackupPlans`: backup plans.
pub const PLANS: Data = Data::listing("backup");
/// `GetBackupPlan`: each plan's rules.
pub const PLAN_RULES: Data = Data::part("backup", "plans.rules");
/// `ListBackupSelections` and `GetBackupSelection`: each plan's resource selections.
pub const SELECTIONS: Data = Data::part("backup", "plans.selections");
/// `ListProtectedResources`: the resources with recovery points in each region.
pub const PROTECTED_RESOURCES: Data = Data::part("backup", "protected_resources");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[PLANS, PLAN_RULES, SELECTIONS, PROTECTED_RESOURCES];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    #[serde(default)]
    pub plans: Vec<Plan>,
    #[serde(default)]
    pub protected_resources: Vec<ProtectedResource>,
}
merge!(Backup {
    plans,
    protected_resources
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub id: String,
    pub name: String,
    /// `GetBackupPlan`: the plan's rules.
    #[serde(default)]
    pub rules: Collected<Vec<Rule>>,
    /// `ListBackupSelections` and `GetBackupSelection`: what the plan backs
    /// up; an empty list when nothing is assigned.
    #[serde(default)]
    pub selections: Collected<Vec<Selection>>,
}
resource!(Plan);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub name: String,
    /// `ScheduleExpression` (`cron(0 5 ? * * *)`, `rate(12 hours)`); absent
    /// for a rule that only runs on demand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// `Lifecycle.DeleteAfterDays`; absent = kept until deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_after_days: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    pub id: String,
    pub name: String,
    /// The role AWS Backup assumes to back the resources up (looked up in `iam.roles`).
    pub iam_role_arn: String,
    /// `Resources`: ARNs, with `*` wildcards (`arn:aws:ec2:*:*:volume/*`, `*`).
    #[serde(default)]
    pub resources: Vec<String>,
    /// `NotResources`: ARNs (with wildcards) taken out again.
    #[serde(default)]
    pub not_resources: Vec<String>,
    /// `ListOfTags`: a resource matching any of them is selected.
    #[serde(default)]
    pub list_of_tags: Vec<TagCondition>,
    /// `Conditions`: a resource must match all of them.
    #[serde(default)]
    pub conditions: Vec<TagCondition>,
}

/// A condition on one tag of a resource.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagCondition {
    /// `STRINGEQUALS`, `STRINGNOTEQUALS`, `STRINGLIKE` or `STRINGNOTLIKE`.
    pub operator: String,
    /// The tag key (`aws:ResourceTag/` prefix removed).
    pub key: String,
    /// The value, with `*` wildcards for the `LIKE` operators.
    pub value: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtectedResource {
    pub resource_arn: String,
    pub region: String,
    /// `EBS`, `EFS`, `DynamoDB`, `RDS`, …
    #[serde(default)]
    pub resource_type: String,
    /// When the most recent recovery point was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_backup_time: Option<DateTime<Utc>>,
}
