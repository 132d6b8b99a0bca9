//! AWS Config: the customer managed recorder and the service-linked ones
//! with their status, delivery channels, rules with their evaluation
//! status, remediation configurations, conformance packs, the rules and
//! packs deployed to the organization from this account, configuration
//! aggregators and the aggregation authorizations this account granted.

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
/// `DescribeConfigRuleEvaluationStatus`: each rule's last evaluations and errors.
pub const RULE_STATUS: Data = Data::part("config", "rules.evaluation_status");
/// `DescribeRemediationConfigurations`: the remediation of each rule.
pub const REMEDIATIONS: Data = Data::part("config", "remediations");
/// `DescribeRemediationExecutionStatus`: each remediation's recent executions.
pub const REMEDIATION_EXECUTIONS: Data = Data::part("config", "remediations.executions");
/// `DescribeConformancePacks`: the conformance packs deployed in the account.
pub const CONFORMANCE_PACKS: Data = Data::part("config", "conformance_packs");
/// `DescribeConformancePackStatus`: each conformance pack's deployment state.
pub const CONFORMANCE_PACK_STATUS: Data = Data::part("config", "conformance_packs.status");
/// `DescribeOrganizationConfigRules` and `DescribeOrganizationConformancePacks`,
/// then `GetOrganizationConfigRuleDetailedStatus` and
/// `GetOrganizationConformancePackDetailedStatus` for each: the rules and
/// packs this account deploys to the organization, with each member
/// account's deployment status.
pub const ORGANIZATION_DEPLOYMENTS: Data = Data::part("config", "organization_deployments");
/// `DescribeConfigurationAggregators`: the configuration aggregators and their sources.
pub const AGGREGATORS: Data = Data::part("config", "aggregators");
/// `DescribeConfigurationAggregatorSourcesStatus`: each aggregator's sources, by account (or organization) and region.
pub const AGGREGATOR_SOURCES: Data = Data::part("config", "aggregators.sources_status");
/// `DescribeAggregationAuthorizations`: the aggregator accounts and regions this account lets collect its data.
pub const AGGREGATION_AUTHORIZATIONS: Data = Data::part("config", "aggregation_authorizations");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    RECORDERS,
    RECORDER_STATUS,
    SERVICE_LINKED_RECORDERS,
    DELIVERY_CHANNELS,
    DELIVERY_STATUS,
    RULES,
    RULE_STATUS,
    REMEDIATIONS,
    REMEDIATION_EXECUTIONS,
    CONFORMANCE_PACKS,
    CONFORMANCE_PACK_STATUS,
    ORGANIZATION_DEPLOYMENTS,
    AGGREGATORS,
    AGGREGATOR_SOURCES,
    AGGREGATION_AUTHORIZATIONS,
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
    #[serde(default)]
    pub conformance_packs: Vec<ConformancePack>,
    /// One entry per region: what this account deploys to its organization there.
    #[serde(default)]
    pub organization_deployments: Vec<OrganizationDeployments>,
    #[serde(default)]
    pub aggregators: Vec<Aggregator>,
    #[serde(default)]
    pub aggregation_authorizations: Vec<AggregationAuthorization>,
}
merge!(Config {
    recorders,
    service_linked_recorders,
    delivery_channels,
    rules,
    remediations,
    conformance_packs,
    organization_deployments,
    aggregators,
    aggregation_authorizations
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
    /// The SNS topic Config sends configuration and compliance changes to;
    /// absent = none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sns_topic_arn: Option<String>,
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
    /// The Lambda function that evaluates a custom Lambda rule
    /// (`CUSTOM_LAMBDA`), looked up in `lambda.functions`; absent for other rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lambda_function_arn: Option<String>,
    /// The service that created the rule (`config-conforms.amazonaws.com`
    /// for a conformance pack's rules, …); absent for a rule the account created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// `DescribeConfigRuleEvaluationStatus`; absent = the call does not
    /// mention the rule (never activated).
    #[serde(default)]
    pub evaluation_status: Collected<RuleEvaluationStatus>,
}
resource!(ConfigRule);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleEvaluationStatus {
    /// When the rule was first activated (created, in effect).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_activated: Option<DateTime<Utc>>,
    /// Whether Config has started evaluating the rule at least once.
    #[serde(default)]
    pub first_evaluation_started: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_successful_evaluation: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_failed_evaluation: Option<DateTime<Utc>>,
    /// When Config last invoked the rule's function (or evaluation) successfully.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_successful_invocation: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_failed_invocation: Option<DateTime<Utc>>,
    /// The error code of the rule's last failure (`ResourceNotFoundException`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error_code: Option<String>,
}

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

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConformancePack {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// The service that created the pack (`config-multiaccountsetup.amazonaws.com`
    /// for a pack an organization deployed); absent for one the account created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// `DescribeConformancePackStatus`; absent = the call does not mention the pack.
    #[serde(default)]
    pub status: Collected<ConformancePackStatus>,
}
resource!(ConformancePack);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConformancePackStatus {
    /// `CREATE_IN_PROGRESS`, `CREATE_COMPLETE`, `CREATE_FAILED`,
    /// `DELETE_IN_PROGRESS` or `DELETE_FAILED`.
    pub state: String,
    /// Why the deployment failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// What the account deploys to its organization in one region. The
/// organization calls answer only in the management account or a delegated
/// administrator: elsewhere (`OrganizationAccessDeniedException`) and
/// outside an organization (`NoAvailableOrganizationException`) both lists
/// are `absent`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationDeployments {
    pub region: String,
    pub account_id: String,
    /// `DescribeOrganizationConfigRules`; absent = not visible from this account.
    #[serde(default)]
    pub rules: Collected<Vec<OrganizationDeployment>>,
    /// `DescribeOrganizationConformancePacks`; absent = not visible from this account.
    #[serde(default)]
    pub conformance_packs: Collected<Vec<OrganizationDeployment>>,
}

/// An organization Config rule or conformance pack.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationDeployment {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// `GetOrganizationConfigRuleDetailedStatus` or
    /// `GetOrganizationConformancePackDetailedStatus`: each member account's
    /// deployment; absent = deleted since it was listed.
    #[serde(default)]
    pub member_statuses: Collected<Vec<MemberDeploymentStatus>>,
}
resource!(OrganizationDeployment);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberDeploymentStatus {
    pub account_id: String,
    /// `CREATE_SUCCESSFUL`, `CREATE_IN_PROGRESS`, `CREATE_FAILED`,
    /// `UPDATE_SUCCESSFUL`, `UPDATE_IN_PROGRESS`, `UPDATE_FAILED`,
    /// `DELETE_SUCCESSFUL`, `DELETE_IN_PROGRESS` or `DELETE_FAILED`.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aggregator {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// The accounts (and regions) it aggregates, when it is account-based.
    #[serde(default)]
    pub account_sources: Vec<AggregatorSource>,
    /// The organization source, when it aggregates the whole organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_source: Option<AggregatorSource>,
    /// `DescribeConfigurationAggregatorSourcesStatus`: one entry per source
    /// account (or organization) and region.
    #[serde(default)]
    pub sources_status: Collected<Vec<AggregatorSourceStatus>>,
}
resource!(Aggregator);

/// An account source (its `account_ids`) or the organization source (its
/// `role_arn`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AggregatorSource {
    #[serde(default)]
    pub account_ids: Vec<String>,
    /// The role Config assumes to read the organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// Every current and future region.
    #[serde(default)]
    pub all_aws_regions: bool,
    /// The regions it aggregates when not all.
    #[serde(default)]
    pub aws_regions: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AggregatorSourceStatus {
    /// The source account's id, or the organization's id.
    pub source_id: String,
    /// `ACCOUNT` or `ORGANIZATION`.
    pub source_type: String,
    pub aws_region: String,
    /// `SUCCEEDED`, `FAILED` or `OUTDATED`.
    pub last_update_status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error_code: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AggregationAuthorization {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// The aggregator account this account lets collect its data.
    pub authorized_account_id: String,
    /// The aggregator's region.
    pub authorized_aws_region: String,
}
resource!(AggregationAuthorization);
