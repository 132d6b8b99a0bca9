//! CloudWatch Logs: log groups and their metric filters.

use super::{resource, Collected, Tags};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Logs {
    #[serde(default)]
    pub log_groups: Vec<LogGroup>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogGroup {
    /// `arn:aws:logs:<region>:<account>:log-group:<name>` (without `:*`).
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_in_days: Option<i64>,
    /// `DescribeMetricFilters` for this group.
    #[serde(default)]
    pub metric_filters: Collected<Vec<MetricFilter>>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(LogGroup, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricFilter {
    pub name: String,
    pub pattern: String,
    pub transformations: Vec<MetricTransformation>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricTransformation {
    pub metric_namespace: String,
    pub metric_name: String,
}
