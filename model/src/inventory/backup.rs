//! AWS Backup, per region: backup plans with their rules (schedules) and
//! their resource selections (what they back up, and the role they back it
//! up with), and the resources AWS Backup has recovery points of, with the
//! time of the latest.

use super::{merge, resource, Collected};
use crate::data::Data;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListBackupPlans`: the region's backup plans.
pub const PLANS: Data = Data::listing("backup");
/// `GetBackupPlan`: each plan's rules and their schedules.
pub const RULES: Data = Data::part("backup", "plans.rules");
/// `ListBackupSelections` and `GetBackupSelection`: each plan's resource
/// selections.
pub const SELECTIONS: Data = Data::part("backup", "plans.selections");
/// `ListProtectedResources`: the resources with a recovery point, and the
/// time of the latest.
pub const PROTECTED_RESOURCES: Data = Data::part("backup", "protected_resources");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[PLANS, RULES, SELECTIONS, PROTECTED_RESOURCES];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    #[serde(default)]
    pub plans: Vec<BackupPlan>,
    #[serde(default)]
    pub protected_resources: Vec<ProtectedResource>,
}
merge!(Backup {
    plans,
    protected_resources
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupPlan {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `BackupPlanId`.
    pub id: String,
    /// `BackupPlanName`.
    pub name: String,
    /// `GetBackupPlan` `Rules`; absent = the plan was deleted since it was
    /// listed.
    #[serde(default)]
    pub rules: Collected<Vec<BackupRule>>,
    /// `ListBackupSelections`, then `GetBackupSelection` for each: what the
    /// plan backs up; an error when either call failed; absent = the plan
    /// was deleted since it was listed.
    #[serde(default)]
    pub selections: Collected<Vec<BackupSelection>>,
}
resource!(BackupPlan);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupRule {
    /// `RuleName`.
    pub name: String,
    /// `ScheduleExpression`: `cron(...)` or `rate(...)`, UTC unless
    /// `ScheduleExpressionTimezone` says otherwise; absent for a rule that
    /// only runs on demand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
}

impl BackupRule {
    /// True when the rule runs on a schedule (not only on demand).
    pub fn is_scheduled(&self) -> bool {
        self.schedule
            .as_deref()
            .is_some_and(|s| !s.trim().is_empty())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupSelection {
    /// `SelectionId`.
    pub id: String,
    /// `SelectionName`.
    pub name: String,
    /// `IamRoleArn`: the role AWS Backup assumes to back the resources up,
    /// looked up in `iam.roles`.
    pub iam_role_arn: String,
    /// `Resources`: ARNs, with `*` wildcards (`arn:aws:ec2:*:*:volume/*`,
    /// or `*` for every resource).
    #[serde(default)]
    pub resources: Vec<String>,
    /// `NotResources`: ARNs (with wildcards) taken out of the selection.
    #[serde(default)]
    pub not_resources: Vec<String>,
    /// `ListOfTags`: a resource with any of these tags is selected.
    #[serde(default)]
    pub list_of_tags: Vec<TagCondition>,
    /// `Conditions`: a selected resource must meet all of these.
    #[serde(default)]
    pub conditions: Vec<TagCondition>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagCondition {
    /// `STRINGEQUALS`, `STRINGNOTEQUALS`, `STRINGLIKE` or `STRINGNOTLIKE`
    /// (`ListOfTags` has only `STRINGEQUALS`).
    pub operator: String,
    /// The tag key, with or without the `aws:ResourceTag/` prefix.
    pub key: String,
    /// The value; `*` is a wildcard for the `LIKE` operators.
    pub value: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtectedResource {
    /// The region it was listed in.
    pub region: String,
    /// `ResourceArn`, looked up in the section that owns the resource.
    pub resource_arn: String,
    /// `ResourceType`: `EBS`, `EFS`, `DynamoDB`, `RDS`, `Aurora`, …
    pub resource_type: String,
    /// `LastBackupTime`: when its latest recovery point was made; absent
    /// when not reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_backup_time: Option<DateTime<Utc>>,
}
