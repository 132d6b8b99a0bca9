//! EventBridge, per region: event buses with their resource policies, the
//! rules on every bus (state, event pattern or schedule), and each rule's
//! targets.

use super::{merge, resource, Collected, JsonDocument, PolicyJson};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListEventBuses`: event buses (the `default` bus and custom buses) with their resource policies.
pub const BUSES: Data = Data::listing("events");
/// `ListRules`, on every bus: rules with their state, event pattern, schedule and role.
pub const RULES: Data = Data::part("events", "rules");
/// `ListTargetsByRule`: each rule's targets.
pub const TARGETS: Data = Data::part("events", "rules.targets");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[BUSES, RULES, TARGETS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Events {
    /// Every event bus of the region, the `default` bus included.
    #[serde(default)]
    pub buses: Vec<EventBus>,
    /// The rules of every bus.
    #[serde(default)]
    pub rules: Vec<Rule>,
}
merge!(Events { buses, rules });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventBus {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `default` for the account's default bus.
    pub name: String,
    /// The bus's resource policy (who may put events on it, manage its
    /// rules); absent when the bus has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyJson>,
}
resource!(EventBus);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// The bus the rule is on (`default`, a custom bus name); looked up in `buses`.
    pub event_bus_name: String,
    /// `ENABLED`, `DISABLED` or `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`.
    pub state: String,
    /// The event pattern, as a JSON object (or the text, when it is not
    /// JSON); absent for a rule that runs only on a schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_pattern: Option<JsonDocument>,
    /// `rate(5 minutes)` or `cron(…)`; absent for a rule on events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_expression: Option<String>,
    /// The role the rule uses to deliver to its targets, looked up in `iam`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// The service that manages the rule (`guardduty.amazonaws.com`, …);
    /// absent for a rule the account created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_by: Option<String>,
    /// `ListTargetsByRule`: where matched events go (an empty list: none).
    #[serde(default)]
    pub targets: Collected<Vec<Target>>,
}
resource!(Rule);

/// A rule's target. What the target sends (`Input`, `InputPath`, the input
/// transformer's template) is not kept: it may hold secrets, and no check
/// reads it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The target's id within the rule.
    pub id: String,
    /// The target: an SNS topic, SQS queue, Lambda function, ECS cluster,
    /// Step Functions state machine, another event bus, an SSM Automation
    /// definition (`…:automation-definition/NAME`), a log group, …
    pub arn: String,
    /// The role EventBridge assumes to reach the target, looked up in `iam`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// The SQS queue of events that could not be delivered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dead_letter_arn: Option<String>,
    /// The retry policy's maximum retries (EventBridge's default is 185).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_retry_attempts: Option<i64>,
    /// The retry policy's maximum event age, in seconds (default 86,400).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_event_age_seconds: Option<i64>,
    /// True when an input transformer reshapes the event for the target.
    #[serde(default)]
    pub input_transformer: bool,
    /// For an ECS `RunTask` target (`EcsParameters`): the task definition it runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecs_task_definition_arn: Option<String>,
}
