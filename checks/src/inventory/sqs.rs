//! SQS: queues and their redrive attributes (`GetQueueAttributes`).

use super::{resource, Collected, Tags};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sqs {
    #[serde(default)]
    pub queues: Vec<Queue>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Queue {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    pub url: String,
    /// `GetQueueAttributes`.
    #[serde(default)]
    pub attributes: Collected<QueueAttributes>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Queue, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueAttributes {
    pub fifo: bool,
    /// Seconds.
    pub message_retention_period: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redrive_policy: Option<RedrivePolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redrive_allow_policy: Option<RedriveAllowPolicy>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedrivePolicy {
    pub dead_letter_target_arn: String,
    pub max_receive_count: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedriveAllowPolicy {
    /// `allowAll`, `denyAll` or `byQueue`.
    pub redrive_permission: String,
    #[serde(default)]
    pub source_queue_arns: Vec<String>,
}
