//! AWS Config: the customer managed recorder and the service-linked ones
//! with their status, delivery channels, rules and remediation
//! configurations.

use super::{merge, resource, Collected};
use crate::data::Data;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeConfigurationRecorders`: the customer managed recorder and what it records.
pub const RECORDERS: Data = Data::listing("config");
/// `DescribeConfigurationRecorderStatus`: whether the customer managed recorder records.
pub const RECORDER_STATUS: Data = Data::part("config", "recorders.status");
/// `ListConfigurationRecorders`, then `DescribeConfigurationRecorders` and
/// `DescribeConfigurationRecorderStatus` by ARN: the service-linked
/// recorders, what they record and whether they record.
pub const SERVICE_LINKED_RECORDERS: Data = Data::part("config", "service_linked_recorders");
/// `DescribeDeliveryChannels`: delivery channels.
pub const DELIVERY_CHANNELS: Data = Data::part("config", "delivery_channels");
/// `DescribeDeliveryChannelStatus`: each channel's last deliveries.
pub const DELIVERY_STATUS: Data = Data::part("config", "delivery_channels.status");
/// `DescribeConfigRules`: Config rules.
pub const RULES: Data = Data::part("config", "rules");
/// `DescribeRemediationConfigurations`: the remediation of each rule.
pub const REMEDIATIONS: Data = Data::part("config", "remediations");
/// `DescribeRemediationExecutionStatus`: each remediation's recent executions.
pub const REMEDIATION_EXECUTIONS: Data = Data::part("config", "remediations.executions");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    RECORDERS,
    RECORDER_STATUS,
    SERVICE_LINKED_RECORDERS,
    DELIVERY_CHANNELS,
    DELIVERY_STATUS,
    RULES,
    REMEDIATIONS,
    REMEDIATION_EXECUTIONS,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The customer managed recorder (at most one per region).
    #[serde(default)]
    pub recorders: Vec<Recorder>,
    /// Recorders another AWS service created and manages (Security Hub,
    /// Config conformance packs, …), with their `service_principal`.
    #[serde(default)]
    pub service_linked_recorders: Vec<Recorder>,
    #[serde(default)]
    pub delivery_channels: Vec<DeliveryChannel>,
    #[serde(default)]
    pub rules: Vec<ConfigRule>,
    #[serde(default)]
    pub remediations: Vec<Remediation>,
}
merge!(Config {
    recorders,
    service_linked_recorders,
    delivery_channels,
    rules,
    remediations
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recorder {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    pub recording_group: RecordingGroup,
    /// `CONTINUOUS` or `DAILY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording_frequency: Option<String>,
    /// The service a service-linked recorder belongs to (e.g.
    /// `config-conforms.amazonaws.com`); absent on the customer managed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_principal: Option<String>,
    /// Service-linked recorders: `PAID` (its configuration items are
    /// delivered to you, and billed) or `INTERNAL` (recorded for the
    /// service only, never delivered to you).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording_scope: Option<String>,
    /// `DescribeConfigurationRecorderStatus`; absent = never started.
    #[serde(default)]
    pub status: Collected<RecorderStatus>,
}
resource!(Recorder);

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordingGroup {
    #[serde(default)]
    pub all_supported: bool,
    #[serde(default)]
    pub include_global_resource_types: bool,
    #[serde(default)]
    pub resource_types: Vec<String>,
    /// `ALL_SUPPORTED_RESOURCE_TYPES`, `INCLUSION_BY_RESOURCE_TYPES` or `EXCLUSION_BY_RESOURCE_TYPES`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording_strategy: Option<String>,
    #[serde(default)]
    pub exclusion_resource_types: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecorderStatus {
    /// Whether the recorder is recording now.
    pub recording: bool,
    /// `Pending`, `Success` or `Failure`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_status: Option<String>,
    /// The error code of the last failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error_code: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryChannel {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// The bucket Config delivers to.
    pub s3_bucket_name: String,
    /// `DescribeDeliveryChannelStatus`: the last deliveries.
    #[serde(default)]
    pub status: Collected<DeliveryStatus>,
}
resource!(DeliveryChannel);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryStatus {
    /// `Success`, `Failure` or `Not_Applicable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_history_last_status: Option<String>,
    /// `Success`, `Failure` or `Not_Applicable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_snapshot_last_status: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigRule {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// The managed rule identifier (e.g. `S3_BUCKET_LOGGING_ENABLED`), for AWS-owned rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_identifier: Option<String>,
}
resource!(ConfigRule);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Remediation {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// The rule, matched by name in the same region.
    pub config_rule_name: String,
    /// `SSM_DOCUMENT`.
    pub target_type: String,
    /// The Automation document name, looked up in `ssm.documents`.
    pub target_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_version: Option<String>,
    pub automatic: bool,
    /// The static value of the `AutomationAssumeRole` parameter (a role ARN).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automation_assume_role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_automatic_attempts: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_attempt_seconds: Option<i64>,
    /// `DescribeRemediationExecutionStatus`.
    #[serde(default)]
    pub executions: Collected<Vec<RemediationExecution>>,
}
resource!(Remediation);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemediationExecution {
    pub resource_id: String,
    /// `QUEUED`, `IN_PROGRESS`, `SUCCEEDED`, `FAILED`.
    pub state: String,
    pub last_updated: DateTime<Utc>,
}
