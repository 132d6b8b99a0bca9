//! CloudTrail: trails (including organization trails seen from a member
//! account), their status and event selectors, and event data stores.

use super::{merge, resource, Collected};
use crate::data::Data;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeTrails`: trails, each once, in its home region.
pub const TRAILS: Data = Data::listing("cloudtrail");
/// `GetTrailStatus`: whether each trail logs, and its delivery errors.
pub const TRAIL_STATUS: Data = Data::part("cloudtrail", "trails.status");
/// `GetEventSelectors`: what each trail records.
pub const EVENT_SELECTORS: Data = Data::part("cloudtrail", "trails.event_selectors");
/// `GetInsightSelectors`: the CloudTrail Insights types each trail records.
pub const INSIGHT_SELECTORS: Data = Data::part("cloudtrail", "trails.insight_selectors");
/// `ListEventDataStores` and `GetEventDataStore`: CloudTrail Lake event data stores.
pub const EVENT_DATA_STORES: Data = Data::part("cloudtrail", "event_data_stores");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    TRAILS,
    TRAIL_STATUS,
    EVENT_SELECTORS,
    INSIGHT_SELECTORS,
    EVENT_DATA_STORES,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudTrail {
    /// Each trail once, in its home region (trails have no `tags`).
    #[serde(default)]
    pub trails: Vec<Trail>,
    /// CloudTrail Lake event data stores.
    #[serde(default)]
    pub event_data_stores: Vec<EventDataStore>,
}
merge!(CloudTrail {
    trails,
    event_data_stores
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trail {
    pub arn: String,
    /// The home region.
    pub region: String,
    /// The owning account (another account for an organization trail seen from a member).
    pub account_id: String,
    pub name: String,
    pub is_multi_region: bool,
    #[serde(default)]
    pub is_organization_trail: bool,
    pub include_global_service_events: bool,
    /// The delivery bucket, looked up in `s3` (`buckets` or `other_buckets`).
    pub s3_bucket_name: String,
    /// `arn:aws:logs:<region>:<account>:log-group:<name>:*`, looked up in `logs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloudwatch_logs_log_group_arn: Option<String>,
    /// The role CloudTrail assumes to deliver to the log group, looked up in `iam`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloudwatch_logs_role_arn: Option<String>,
    /// The KMS key (ARN) CloudTrail encrypts the log files with (SSE-KMS);
    /// absent when the files are encrypted with SSE-S3 only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    /// Whether CloudTrail writes digest files that prove the log files
    /// were not changed or deleted (log file integrity validation).
    #[serde(default)]
    pub log_file_validation_enabled: bool,
    /// `GetTrailStatus`: whether the trail logs, and its delivery errors.
    #[serde(default)]
    pub status: Collected<TrailStatus>,
    /// `GetEventSelectors`: basic and advanced selectors; absent = no selectors.
    #[serde(default)]
    pub event_selectors: Collected<EventSelectors>,
    /// `GetInsightSelectors`: the Insights types the trail records
    /// (`ApiCallRateInsight`, `ApiErrorRateInsight`); absent =
    /// `InsightNotEnabledException` or no selectors (Insights is off).
    #[serde(default)]
    pub insight_selectors: Collected<Vec<String>>,
}
resource!(Trail);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrailStatus {
    pub is_logging: bool,
    /// The last error delivering to the S3 bucket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_delivery_error: Option<String>,
    /// The last delivery to CloudWatch Logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_cloudwatch_logs_delivery_time: Option<DateTime<Utc>>,
    /// The last error delivering to CloudWatch Logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_cloudwatch_logs_delivery_error: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSelectors {
    #[serde(default)]
    pub basic: Vec<EventSelector>,
    #[serde(default)]
    pub advanced: Vec<AdvancedEventSelector>,
}

impl EventSelectors {
    /// True when any selector records management events (a basic selector
    /// with `include_management_events`, or an advanced one on
    /// `eventCategory = Management`), whether or not all of them.
    pub fn records_management_events(&self) -> bool {
        self.basic.iter().any(|s| s.include_management_events)
            || self.advanced.iter().any(|a| {
                a.field_selectors.iter().any(|f| {
                    f.field.eq_ignore_ascii_case("eventCategory")
                        && f.equals.iter().any(|v| v == "Management")
                })
            })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSelector {
    /// `All`, `ReadOnly` or `WriteOnly`.
    pub read_write_type: String,
    pub include_management_events: bool,
    #[serde(default)]
    pub exclude_management_event_sources: Vec<String>,
    #[serde(default)]
    pub data_resources: Vec<DataResource>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataResource {
    /// `AWS::S3::Object`, `AWS::Lambda::Function`, …
    #[serde(rename = "type")]
    pub resource_type: String,
    /// ARN prefixes, e.g. `arn:aws:s3:::bucket/` or `arn:aws:s3` (all buckets):
    /// `{"type": "AWS::S3::Object", "values": ["arn:aws:s3:::bucket/"]}`.
    #[serde(default)]
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdvancedEventSelector {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub field_selectors: Vec<FieldSelector>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSelector {
    /// `eventCategory`, `readOnly`, `resources.type`, `resources.ARN`, `eventSource`, …
    pub field: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub equals: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_equals: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub starts_with: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_starts_with: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ends_with: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_ends_with: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventDataStore {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// `ENABLED`, `STOPPED`, …
    pub status: String,
    pub multi_region: bool,
    /// An organization event data store.
    #[serde(default)]
    pub organization: bool,
    /// As a trail's advanced event selectors.
    #[serde(default)]
    pub advanced_event_selectors: Vec<AdvancedEventSelector>,
}
resource!(EventDataStore);
