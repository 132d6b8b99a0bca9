//! Notification reach: does a notification sent to this target (an SNS
//! topic ARN, possibly of another region or account) reach someone?
//!
//! It does when the topic exists and has at least one confirmed
//! subscription; a subscription still `PendingConfirmation` delivers to
//! nobody. [`Topics::reach`] answers with a [`Reach`], worded the same for
//! every check (an alarm action, an EventBridge rule target, a CodeStar
//! notification rule, a Health event rule):
//!
//! - [`Reach::Reaches`]: the topic has a confirmed subscription;
//! - [`Reach::NoSubscriber`]: `topic ARN has no confirmed subscription`;
//! - [`Reach::NoTopic`]: `topic ARN does not exist in REGION`;
//! - [`Reach::Unknown`]: its subscriptions could not be read
//!   (`subscriptions of topic ARN: <the failed call>`), SNS could not be
//!   listed in its region (`topic ARN could not be looked up: SNS could not
//!   be listed in REGION`), or it is another account's (`topic ARN belongs
//!   to account N, which this inventory does not cover`) or in a region that
//!   was not collected.
//!
//! Only SNS topics are judged here: [`is_topic`] tells a topic ARN from
//! other targets (Lambda functions, SQS queues, Auto Scaling or EC2
//! actions), which a check words itself.

use super::reference::{Lookup, Reference};
use crate::arn::Arn;
use crate::engine::Context;
use crate::inventory::sns::{Sns, Topic};
use std::collections::HashMap;

/// Whether a notification to one topic reaches someone; see the module doc.
#[derive(Debug, Clone)]
pub enum Reach<'a> {
    /// The topic has at least one confirmed subscription.
    Reaches(&'a Topic),
    /// The topic exists and no subscription is confirmed.
    NoSubscriber(String),
    /// The topic does not exist.
    NoTopic(String),
    /// Whether it reaches someone cannot be told.
    Unknown(String),
}

/// True when `target` is an SNS topic ARN.
pub fn is_topic(target: &str) -> bool {
    Arn::parse(target).is_some_and(|a| a.service == "sns")
}

/// The account's topics by ARN, indexed once per check.
pub struct Topics<'a>(HashMap<&'a str, &'a Topic>);

impl<'a> Topics<'a> {
    pub fn new(sns: &'a Sns) -> Topics<'a> {
        Topics(super::reference::by_arn(&sns.topics))
    }

    /// Whether a notification sent to `topic_arn` reaches someone.
    pub fn reach(&self, ctx: &Context, topic_arn: &str) -> Reach<'a> {
        let label = format!("topic {topic_arn}");
        let found = self.0.get(topic_arn).copied();
        let topic = match Reference::from_arn(label, topic_arn) {
            Some(reference) => reference.resolve(ctx, found),
            None => Lookup::Missing(format!("{topic_arn} is not an SNS topic ARN")),
        };
        let topic = match topic {
            Lookup::Found(t) => t,
            Lookup::Missing(why) => return Reach::NoTopic(why),
            Lookup::Unknown(why) => return Reach::Unknown(why),
        };
        match topic.subscriptions.known() {
            Err(e) => Reach::Unknown(format!("subscriptions of topic {topic_arn}: {e}")),
            Ok(subs) if subs.is_some_and(|s| s.iter().any(|s| s.is_confirmed())) => {
                Reach::Reaches(topic)
            }
            Ok(_) => {
                Reach::NoSubscriber(format!("topic {topic_arn} has no confirmed subscription"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::with_context;
    use serde_json::{json, Value};

    fn topic(name: &str, subscriptions: Value) -> Value {
        json!({"arn": format!("arn:aws:sns:us-east-1:111122223333:{name}"), "region": "us-east-1",
            "account_id": "111122223333", "subscriptions": subscriptions})
    }

    /// `reaches ARN`, or the kind of miss and its reason.
    fn reach(target: &str) -> String {
        let a = json!({
            "sns": {"topics": [
                topic("ops", json!({"value": [
                    {"arn": "PendingConfirmation", "protocol": "email"},
                    {"arn": "arn:aws:sns:us-east-1:111122223333:ops:1", "protocol": "email"}]})),
                topic("pending", json!({"value": [{"arn": "PendingConfirmation", "protocol": "email"}]})),
                topic("empty", json!("absent")),
                topic("denied", json!({"error": {"operation": "ListSubscriptionsByTopic", "code": "AuthorizationError"}}))
            ]},
            "collection_errors": [{"service": "sns", "region": "eu-west-1", "operation": "ListTopics", "code": "AccessDenied"}]
        });
        with_context(a, |ctx| match Topics::new(ctx.sns()).reach(ctx, target) {
            Reach::Reaches(t) => format!("reaches {}", t.arn),
            Reach::NoSubscriber(why) => format!("no subscriber: {why}"),
            Reach::NoTopic(why) => format!("no topic: {why}"),
            Reach::Unknown(why) => format!("unknown: {why}"),
        })
    }

    #[test]
    fn a_confirmed_subscription_reaches_someone() {
        assert_eq!(
            reach("arn:aws:sns:us-east-1:111122223333:ops"),
            "reaches arn:aws:sns:us-east-1:111122223333:ops"
        );
    }

    #[test]
    fn pending_or_no_subscriptions_reach_nobody() {
        for name in ["pending", "empty"] {
            assert_eq!(
                reach(&format!("arn:aws:sns:us-east-1:111122223333:{name}")),
                format!("no subscriber: topic arn:aws:sns:us-east-1:111122223333:{name} has no confirmed subscription")
            );
        }
    }

    #[test]
    fn missing_and_unknown_topics() {
        assert_eq!(
            reach("arn:aws:sns:us-east-1:111122223333:gone"),
            "no topic: topic arn:aws:sns:us-east-1:111122223333:gone does not exist in us-east-1"
        );
        assert_eq!(
            reach("arn:aws:sns:eu-west-1:111122223333:ops"),
            "unknown: topic arn:aws:sns:eu-west-1:111122223333:ops could not be looked up: SNS could not be listed in eu-west-1"
        );
        assert_eq!(
            reach("arn:aws:sns:us-east-1:444455556666:ops"),
            "unknown: topic arn:aws:sns:us-east-1:444455556666:ops belongs to account 444455556666, which this inventory does not cover"
        );
        assert_eq!(
            reach("arn:aws:sns:us-east-1:111122223333:denied"),
            "unknown: subscriptions of topic arn:aws:sns:us-east-1:111122223333:denied: ListSubscriptionsByTopic failed: AuthorizationError"
        );
        assert!(
            is_topic("arn:aws:sns:us-east-1:1:t")
                && !is_topic("arn:aws:lambda:us-east-1:1:function:f")
        );
    }
}
