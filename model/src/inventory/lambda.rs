//! Lambda: functions (environment variable values redacted on load) with
//! their asynchronous-invocation settings, resource policies, concurrency
//! and aliases; the event source mappings of each region; the account's
//! concurrency settings per region.

use super::{merge, resource, Collected, PolicyJson, Tags};
use crate::data::Data;
use crate::secret::NamedSecret;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListFunctions`: functions, their environment (redacted), execution role and dead-letter queue.
pub const FUNCTIONS: Data = Data::listing("lambda");
/// `ListTags`: each function's tags.
pub const FUNCTION_TAGS: Data = Data::part("lambda", "functions.tags");
/// `GetPolicy`: each function's resource-based policy.
pub const POLICY: Data = Data::part("lambda", "functions.policy");
/// `ListFunctionEventInvokeConfigs`: each function's asynchronous-invocation settings, per qualifier.
pub const EVENT_INVOKE_CONFIGS: Data = Data::part("lambda", "functions.event_invoke_configs");
/// `GetFunctionConcurrency`: each function's reserved concurrency.
pub const RESERVED_CONCURRENCY: Data = Data::part("lambda", "functions.reserved_concurrency");
/// `ListProvisionedConcurrencyConfigs`: each function's provisioned concurrency, per qualifier.
pub const PROVISIONED_CONCURRENCY: Data =
    Data::part("lambda", "functions.provisioned_concurrency");
/// `ListAliases`: each function's aliases.
pub const ALIASES: Data = Data::part("lambda", "functions.aliases");
/// `ListEventSourceMappings`: the event source mappings of each region.
pub const EVENT_SOURCE_MAPPINGS: Data = Data::part("lambda", "event_source_mappings");
/// `GetAccountSettings`: the account's concurrency limits in each region.
pub const ACCOUNT_SETTINGS: Data = Data::part("lambda", "regions");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    FUNCTIONS,
    FUNCTION_TAGS,
    POLICY,
    EVENT_INVOKE_CONFIGS,
    RESERVED_CONCURRENCY,
    PROVISIONED_CONCURRENCY,
    ALIASES,
    EVENT_SOURCE_MAPPINGS,
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
    /// One entry per collected region.
    #[serde(default)]
    pub regions: Vec<LambdaRegion>,
}
merge!(Lambda {
    functions,
    event_source_mappings,
    regions
});

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
    /// `GetFunctionConcurrency`: the reserved concurrency; absent = none
    /// reserved (the function draws on the unreserved pool).
    #[serde(default)]
    pub reserved_concurrency: Collected<i64>,
    /// `ListProvisionedConcurrencyConfigs`: provisioned concurrency per
    /// qualifier; absent = none.
    #[serde(default)]
    pub provisioned_concurrency: Collected<Vec<ProvisionedConcurrency>>,
    /// `ListAliases`: the function's aliases; absent = none.
    #[serde(default)]
    pub aliases: Collected<Vec<Alias>>,
}
resource!(Function, tags);

impl Function {
    /// This function's ARN with `qualifier` (`$LATEST`, a version or an alias).
    pub fn qualified_arn(&self, qualifier: &str) -> String {
        format!("{}:{qualifier}", self.arn)
    }
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
pub struct ProvisionedConcurrency {
    /// The version or alias it is configured on.
    pub qualifier: String,
    /// `IN_PROGRESS`, `READY` or `FAILED`.
    pub status: String,
    /// Why the status is what it is (set on `FAILED`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    #[serde(default)]
    pub requested: i64,
    #[serde(default)]
    pub allocated: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    pub name: String,
    /// The version the alias points at.
    pub function_version: String,
    /// `RoutingConfig.AdditionalVersionWeights`: other versions and the
    /// share of traffic each gets (a canary or linear shift under way);
    /// empty when all traffic goes to `function_version`.
    #[serde(default)]
    pub additional_version_weights: Vec<VersionWeight>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionWeight {
    pub version: String,
    /// The share of traffic, 0.0–1.0.
    pub weight: f64,
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

/// The account's Lambda settings in one region.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LambdaRegion {
    pub region: String,
    /// `GetAccountSettings`.
    #[serde(default)]
    pub account_settings: Collected<AccountSettings>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountSettings {
    /// `AccountLimit.ConcurrentExecutions`: the region's concurrency quota.
    pub concurrent_executions: i64,
    /// `AccountLimit.UnreservedConcurrentExecutions`: what the functions
    /// without reserved concurrency share.
    pub unreserved_concurrent_executions: i64,
}
