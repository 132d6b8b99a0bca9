//! Lambda: functions (environment variable values redacted on load) with
//! their resource policies and asynchronous-invocation settings; the event
//! source mappings of each region.

use super::{merge, resource, Collected, PolicyJson, Tags};
use crate::data::Data;
use crate::secret::NamedSecret;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListFunctions`: functions, their environment (redacted), execution role, tracing mode and dead-letter queue.
pub const FUNCTIONS: Data = Data::listing("lambda");
/// `ListTags`: each function's tags.
pub const FUNCTION_TAGS: Data = Data::part("lambda", "functions.tags");
/// `GetPolicy`: each function's resource-based policy.
pub const POLICY: Data = Data::part("lambda", "functions.policy");
/// `ListFunctionEventInvokeConfigs`: each function's asynchronous-invocation settings, per qualifier.
pub const EVENT_INVOKE_CONFIGS: Data = Data::part("lambda", "functions.event_invoke_configs");
/// `ListEventSourceMappings`: the event source mappings of each region.
pub const EVENT_SOURCE_MAPPINGS: Data = Data::part("lambda", "event_source_mappings");
/// `GetFunctionConcurrency`: each function's reserved concurrency.
pub const RESERVED_CONCURRENCY: Data = Data::part("lambda", "functions.reserved_concurrency");
/// `ListProvisionedConcurrencyConfigs`: each function's provisioned concurrency, per qualifier.
pub const PROVISIONED_CONCURRENCY: Data = Data::part("lambda", "functions.provisioned_concurrency");
/// `GetAccountSettings`: the account's concurrency limit and what is left unreserved, per region.
pub const ACCOUNT_SETTINGS: Data = Data::part("lambda", "account_settings");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    FUNCTIONS,
    FUNCTION_TAGS,
    POLICY,
    EVENT_INVOKE_CONFIGS,
    EVENT_SOURCE_MAPPINGS,
    RESERVED_CONCURRENCY,
    PROVISIONED_CONCURRENCY,
    ACCOUNT_SETTINGS,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lambda {
    #[serde(default)]
    pub functions: Vec<Function>,
    /// Event source mappings (queues and streams that invoke functions).
    #[serde(default)]
    pub event_source_mappings: Vec<EventSourceMapping>,
    /// The account's concurrency settings, one per region.
    #[serde(default)]
    pub account_settings: Vec<AccountSettings>,
}
merge!(Lambda {
    functions,
    event_source_mappings,
    account_settings
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountSettings {
    pub region: String,
    pub account_id: String,
    /// `AccountLimit.ConcurrentExecutions`: the region's concurrency quota.
    pub concurrent_executions: i64,
    /// `AccountLimit.UnreservedConcurrentExecutions`: what functions
    /// without reserved concurrency share (never below 100).
    pub unreserved_concurrent_executions: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Function {
    /// The unqualified function ARN.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// Environment variables: names kept, values redacted (a plain string in
    /// a fixture becomes its hash on load).
    #[serde(default)]
    pub environment: Vec<NamedSecret>,
    /// The execution role's ARN (looked up in `iam.roles`); absent when not
    /// recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// `TracingConfig.Mode` of the `$LATEST` configuration: `Active` (X-Ray
    /// samples and records requests) or `PassThrough` (only requests that
    /// arrive traced); absent when not reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracing_mode: Option<String>,
    /// `DeadLetterConfig.TargetArn` of the `$LATEST` configuration: the SQS
    /// queue or SNS topic that receives events whose asynchronous retries
    /// ran out; absent when none is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dead_letter_target_arn: Option<String>,
    #[serde(default)]
    pub tags: Tags,
    /// `GetPolicy` (unqualified): the resource-based policy; absent = the
    /// function has none (`ResourceNotFoundException`).
    #[serde(default)]
    pub policy: Collected<PolicyJson>,
    /// `ListFunctionEventInvokeConfigs`: the asynchronous-invocation
    /// settings of each qualifier that has them; absent = none.
    #[serde(default)]
    pub event_invoke_configs: Collected<Vec<EventInvokeConfig>>,
    /// `GetFunctionConcurrency`: the reserved concurrency (0 = the function
    /// is throttled entirely); absent = none reserved.
    #[serde(default)]
    pub reserved_concurrency: Collected<i64>,
    /// `ListProvisionedConcurrencyConfigs`: provisioned concurrency of each
    /// qualifier that has it; absent = none.
    #[serde(default)]
    pub provisioned_concurrency: Collected<Vec<ProvisionedConcurrency>>,
}
resource!(Function, tags in FUNCTION_TAGS);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvisionedConcurrency {
    /// The alias or version it applies to.
    pub qualifier: String,
    /// `RequestedProvisionedConcurrentExecutions`.
    pub requested: i64,
    /// `AllocatedProvisionedConcurrentExecutions`.
    #[serde(default)]
    pub allocated: i64,
    /// `IN_PROGRESS`, `READY` or `FAILED`.
    pub status: String,
    /// Why allocation failed, for `FAILED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventInvokeConfig {
    /// The qualifier the settings apply to: `$LATEST`, a version or an alias.
    pub qualifier: String,
    /// `DestinationConfig.OnFailure.Destination`: where events whose retries
    /// ran out are sent (an SQS queue, SNS topic, Lambda function, event bus
    /// or S3 bucket ARN); absent when none is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_failure: Option<String>,
    /// `MaximumRetryAttempts` (0–2); absent = the default, 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_retry_attempts: Option<i64>,
    /// `MaximumEventAgeInSeconds` (60–21600); absent = the default, 21600.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_event_age_seconds: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSourceMapping {
    /// `arn:aws:lambda:<region>:<account>:event-source-mapping:<uuid>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub uuid: String,
    /// The function invoked, as the mapping names it: unqualified, or with
    /// a version, alias or `$LATEST`.
    pub function_arn: String,
    /// The queue, stream or other source read (SQS, Kinesis, DynamoDB
    /// streams, Kafka, MQ, DocumentDB); absent for self-managed Kafka.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_source_arn: Option<String>,
    /// `Enabled`, `Disabled`, `Creating`, …
    #[serde(default)]
    pub state: String,
    /// `DestinationConfig.OnFailure.Destination` (stream and Kafka sources):
    /// where records of failed batches are sent; absent when none is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_failure: Option<String>,
    /// `MaximumRetryAttempts` (stream sources): -1 retries until the
    /// record expires; absent when the source has no such setting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_retry_attempts: Option<i64>,
    /// `BisectBatchOnFunctionError` (stream sources).
    #[serde(default)]
    pub bisect_batch_on_function_error: bool,
}
resource!(EventSourceMapping);

impl EventSourceMapping {
    /// The AWS service of the event source (`sqs`, `kinesis`, `dynamodb`, …).
    pub fn source_service(&self) -> Option<&str> {
        crate::arn::Arn::parse(self.event_source_arn.as_deref()?).map(|a| a.service)
    }

    /// True when the source is a Kinesis or DynamoDB stream.
    pub fn is_stream(&self) -> bool {
        matches!(self.source_service(), Some("kinesis" | "dynamodb"))
    }
}
