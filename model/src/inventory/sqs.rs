//! SQS: queues and their redrive attributes (`GetQueueAttributes`).

use super::{merge, resource, Collected, PolicyJson, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListQueues`: queues by URL.
pub const QUEUES: Data = Data::listing("sqs");
/// `GetQueueAttributes`: each queue's type, retention, redrive and access policies, and encryption key.
pub const QUEUE_ATTRIBUTES: Data = Data::part("sqs", "queues.attributes");
/// `ListQueueTags`: each queue's tags.
pub const QUEUE_TAGS: Data = Data::part("sqs", "queues.tags");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[QUEUES, QUEUE_ATTRIBUTES, QUEUE_TAGS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sqs {
    #[serde(default)]
    pub queues: Vec<Queue>,
}
merge!(Sqs { queues });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Queue {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    pub url: String,
    /// `GetQueueAttributes`; absent = the queue was deleted between
    /// `ListQueues` and `GetQueueAttributes` (`QueueDoesNotExist`: its
    /// checks SKIP it).
    #[serde(default)]
    pub attributes: Collected<QueueAttributes>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Queue, tags in QUEUE_TAGS);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueAttributes {
    /// `FifoQueue`.
    pub fifo: bool,
    /// `MessageRetentionPeriod`, in seconds.
    pub message_retention_period: i64,
    /// `RedrivePolicy`: where messages go after too many receives; none when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redrive_policy: Option<RedrivePolicy>,
    /// `RedriveAllowPolicy`: which source queues may use this queue as their
    /// dead-letter queue; none when unset (every queue may).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redrive_allow_policy: Option<RedriveAllowPolicy>,
    /// `Policy`: the queue's access policy; absent when it has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyJson>,
    /// `KmsMasterKeyId`: the key of SSE-KMS (key id, ARN or alias, e.g.
    /// `alias/aws/sqs`), looked up in `kms`; absent when the queue is not
    /// encrypted with KMS (unencrypted, or SSE-SQS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_master_key_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedrivePolicy {
    /// `deadLetterTargetArn`: the dead-letter queue.
    pub dead_letter_target_arn: String,
    /// `maxReceiveCount`: receives before a message is moved to the dead-letter queue.
    pub max_receive_count: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedriveAllowPolicy {
    /// `allowAll`, `denyAll` or `byQueue`.
    pub redrive_permission: String,
    /// `sourceQueueArns`: the queues allowed when the permission is `byQueue`.
    #[serde(default)]
    pub source_queue_arns: Vec<String>,
}
