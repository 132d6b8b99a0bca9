//! SNS: topics with their attributes and tags, and their subscriptions
//! (endpoints are not kept) with their redrive policies.

use super::{merge, resource, Collected, PolicyJson, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListTopics`: topics by ARN.
pub const TOPICS: Data = Data::listing("sns");
/// `ListSubscriptionsByTopic`: each topic's subscriptions.
pub const SUBSCRIPTIONS: Data = Data::part("sns", "topics.subscriptions");
/// `GetSubscriptionAttributes`: the redrive policy of each confirmed
/// subscription whose protocol SNS redrives ([`REDRIVEN_PROTOCOLS`]).
pub const SUBSCRIPTION_REDRIVE: Data = Data::part("sns", "topics.subscriptions.redrive_policy");
/// `GetTopicAttributes`: each topic's access policy, encryption key and type.
pub const TOPIC_ATTRIBUTES: Data = Data::part("sns", "topics.attributes");
/// `ListTagsForResource`: each topic's tags.
pub const TOPIC_TAGS: Data = Data::part("sns", "topics.tags");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    TOPICS,
    SUBSCRIPTIONS,
    SUBSCRIPTION_REDRIVE,
    TOPIC_ATTRIBUTES,
    TOPIC_TAGS,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sns {
    #[serde(default)]
    pub topics: Vec<Topic>,
}
merge!(Sns { topics });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `ListSubscriptionsByTopic`: each subscription's ARN and protocol
    /// (endpoints are never kept).
    #[serde(default)]
    pub subscriptions: Collected<Vec<Subscription>>,
    /// `GetTopicAttributes`; absent = the topic was deleted since it was listed.
    #[serde(default)]
    pub attributes: Collected<TopicAttributes>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Topic, tags in TOPIC_TAGS);

impl Topic {
    /// The topic's name: the last part of its ARN.
    pub fn name(&self) -> &str {
        self.arn.rsplit(':').next().unwrap_or(&self.arn)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicAttributes {
    /// `Policy`: the topic's access policy; absent when it has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyJson>,
    /// `KmsMasterKeyId`: the key of server-side encryption (key id, ARN or
    /// alias, e.g. `alias/aws/sns`), looked up in `kms`; absent when the
    /// topic is not encrypted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_master_key_id: Option<String>,
    /// `FifoTopic`.
    #[serde(default)]
    pub fifo: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subscription {
    /// The subscription ARN, or `PendingConfirmation` for an unconfirmed one.
    pub arn: String,
    /// `email`, `sqs`, `lambda`, `https`, …
    pub protocol: String,
    /// `GetSubscriptionAttributes` `RedrivePolicy`: the dead-letter queue
    /// messages go to after delivery fails; absent = no redrive policy (and
    /// for a subscription still pending confirmation, which has none). Not
    /// collected for protocols outside [`REDRIVEN_PROTOCOLS`].
    #[serde(default)]
    pub redrive_policy: Collected<SubscriptionRedrive>,
}

/// The protocols whose deliveries SNS retries and then drops, so that a
/// dead-letter queue keeps them (lower case); `email`, `email-json`, `sms`
/// and mobile push are not redriven.
pub const REDRIVEN_PROTOCOLS: [&str; 5] = ["sqs", "lambda", "http", "https", "firehose"];

impl Subscription {
    pub fn is_confirmed(&self) -> bool {
        self.arn.starts_with("arn:")
    }

    /// True when SNS redrives this subscription's failed deliveries
    /// ([`REDRIVEN_PROTOCOLS`]).
    pub fn is_redriven(&self) -> bool {
        REDRIVEN_PROTOCOLS
            .iter()
            .any(|p| p.eq_ignore_ascii_case(&self.protocol))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionRedrive {
    /// `deadLetterTargetArn`: the SQS queue, looked up in `sqs`.
    pub dead_letter_target_arn: String,
}
