//! CloudWatch Logs: log groups and their metric filters, and the region's
//! resource policies (which services may write to which groups).

use super::{merge, resource, Collected, PolicyJson, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeLogGroups`: log groups, their KMS key, retention and class.
pub const LOG_GROUPS: Data = Data::listing("logs");
/// `DescribeMetricFilters`: each group's metric filters.
pub const METRIC_FILTERS: Data = Data::part("logs", "log_groups.metric_filters");
/// `ListTagsForResource`: each group's tags.
pub const LOG_GROUP_TAGS: Data = Data::part("logs", "log_groups.tags");
/// `DescribeResourcePolicies`: the region's resource policies.
pub const RESOURCE_POLICIES: Data = Data::part("logs", "resource_policies");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    LOG_GROUPS,
    METRIC_FILTERS,
    LOG_GROUP_TAGS,
    RESOURCE_POLICIES,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Logs {
    #[serde(default)]
    pub log_groups: Vec<LogGroup>,
    /// The account-and-region-wide resource policies that let AWS services
    /// (Route 53 query logging, EventBridge, …) write to log groups.
    #[serde(default)]
    pub resource_policies: Vec<ResourcePolicy>,
}
merge!(Logs {
    log_groups,
    resource_policies
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogGroup {
    /// `arn:aws:logs:<region>:<account>:log-group:<name>`, **without** the
    /// trailing `:*`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// The key ARN; absent when the group is not encrypted with a CMK.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    /// Absent when the events never expire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_in_days: Option<i64>,
    /// `logGroupClass`: `STANDARD`, `INFREQUENT_ACCESS` or `DELIVERY` (whose
    /// retention the service fixes); absent = `STANDARD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_group_class: Option<String>,
    /// `DescribeMetricFilters` for this group.
    #[serde(default)]
    pub metric_filters: Collected<Vec<MetricFilter>>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(LogGroup, tags in LOG_GROUP_TAGS);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricFilter {
    pub name: String,
    /// The filter pattern text.
    pub pattern: String,
    pub transformations: Vec<MetricTransformation>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricTransformation {
    pub metric_namespace: String,
    pub metric_name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourcePolicy {
    pub region: String,
    pub account_id: String,
    /// `policyName`.
    pub name: String,
    /// The policy document; its `Resource`s name the log groups it covers.
    pub document: PolicyJson,
}
