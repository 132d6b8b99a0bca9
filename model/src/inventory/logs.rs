//! CloudWatch Logs: log groups with their metric and subscription filters,
//! and the region's resource policies (which services may write to which
//! groups), account-level subscription filter policies and destinations
//! (where other accounts' subscriptions arrive).

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
/// `DescribeSubscriptionFilters`: each group's subscription filters.
pub const SUBSCRIPTION_FILTERS: Data = Data::part("logs", "log_groups.subscription_filters");
/// `DescribeAccountPolicies` (`policyType=SUBSCRIPTION_FILTER_POLICY`): the
/// region's account-level subscription filter policies.
pub const SUBSCRIPTION_POLICIES: Data = Data::part("logs", "subscription_policies");
/// `DescribeDestinations`: the region's destinations.
pub const DESTINATIONS: Data = Data::part("logs", "destinations");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    LOG_GROUPS,
    METRIC_FILTERS,
    LOG_GROUP_TAGS,
    RESOURCE_POLICIES,
    SUBSCRIPTION_FILTERS,
    SUBSCRIPTION_POLICIES,
    DESTINATIONS,
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
    /// The account-level subscription filter policies: each streams every
    /// log group its selection criteria select to one destination.
    #[serde(default)]
    pub subscription_policies: Vec<SubscriptionPolicy>,
    /// The destinations of this account: the receiving end of other
    /// accounts' subscription filters, forwarding to a stream.
    #[serde(default)]
    pub destinations: Vec<Destination>,
}
merge!(Logs {
    log_groups,
    resource_policies,
    subscription_policies,
    destinations
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
    /// `DescribeSubscriptionFilters` for this group (at most two).
    #[serde(default)]
    pub subscription_filters: Collected<Vec<SubscriptionFilter>>,
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

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionFilter {
    /// `filterName`.
    pub name: String,
    /// `destinationArn`: where the events go, a CloudWatch Logs destination
    /// (`arn:aws:logs:…:destination:NAME`, usually another account's), a
    /// Kinesis data stream, a Firehose stream or a Lambda function.
    pub destination_arn: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionPolicy {
    pub region: String,
    pub account_id: String,
    /// `policyName`.
    pub name: String,
    /// `selectionCriteria`: which groups it applies to, as
    /// `LogGroupName NOT IN ["name", …]`; absent when it applies to every
    /// group of the account and region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selection_criteria: Option<String>,
    /// The `DestinationArn` of its policy document (the same kinds as a
    /// subscription filter's); absent when the document names none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_arn: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Destination {
    /// `arn:aws:logs:<region>:<account>:destination:<name>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `destinationName`.
    pub name: String,
    /// `targetArn`: the Kinesis data stream or Firehose stream it forwards to.
    pub target_arn: String,
    /// `accessPolicy`: the accounts that may subscribe to it; absent when it
    /// has none (only its own account may).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_policy: Option<PolicyJson>,
}
resource!(Destination);
