//! SNS: topics and their subscriptions (endpoints are not kept).

use super::{merge, resource, Collected};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListTopics`: topics by ARN.
pub const TOPICS: Data = Data::listing("sns");
/// `ListSubscriptionsByTopic`: each topic's subscriptions.
pub const SUBSCRIPTIONS: Data = Data::part("sns", "topics.subscriptions");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[TOPICS, SUBSCRIPTIONS];

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
}
resource!(Topic);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subscription {
    /// The subscription ARN, or `PendingConfirmation` for an unconfirmed one.
    pub arn: String,
    /// `email`, `sqs`, `lambda`, `https`, …
    pub protocol: String,
}

impl Subscription {
    pub fn is_confirmed(&self) -> bool {
        self.arn.starts_with("arn:")
    }
}
