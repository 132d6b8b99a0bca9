//! SNS, per region: `ListTopics`, then per topic, as the selected checks
//! read them, `ListSubscriptionsByTopic` (each subscription's ARN, or
//! `PendingConfirmation`, and protocol; the endpoints, which may be
//! addresses or URLs with tokens, are not kept) with
//! `GetSubscriptionAttributes` of each confirmed subscription whose
//! protocol SNS redrives (its `RedrivePolicy`; not for `email` or `sms`), `GetTopicAttributes` (`Policy`, `KmsMasterKeyId`,
//! `FifoTopic`) and `ListTagsForResource`.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_sns;

use crate::session::sdk_client;
use crate::{policy_json, tags_of, text, Cx};
use aws_sdk_sns::Client;
use awscheck_model::arn::Arn;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::sns::{
    self as data, Sns, Subscription, SubscriptionRedrive, Topic, TopicAttributes,
};

crate::registry::operations! {
    sdk "SNS", iam "sns" {
        LIST_TOPICS = ListTopics,
        LIST_SUBSCRIPTIONS_BY_TOPIC = ListSubscriptionsByTopic,
        GET_SUBSCRIPTION_ATTRIBUTES = GetSubscriptionAttributes,
        GET_TOPIC_ATTRIBUTES = GetTopicAttributes,
        LIST_TAGS_FOR_RESOURCE = ListTagsForResource,
    }
}

crate::service!(Sns);

/// Error codes of a topic or subscription deleted since it was listed.
const GONE: &[&str] = &["NotFound", "NotFoundException"];

async fn collect(cx: &Cx) -> Result<Sns, CollectError> {
    let client = sdk_client!(aws_sdk_sns, &cx.session, &cx.region);
    let topics = cx
        .list(
            LIST_TOPICS,
            client.list_topics().into_paginator().items().send(),
        )
        .await?;
    let arns: Vec<String> = topics
        .iter()
        .filter_map(|t| t.topic_arn().map(str::to_string))
        .collect();
    let topics = cx.bounded(arns, |arn| read_topic(cx, &client, arn)).await;
    Ok(Sns { topics })
}

async fn read_topic(cx: &Cx, client: &Client, arn: String) -> Topic {
    let (subscriptions, attributes, tags) = tokio::join!(
        cx.read_if(data::SUBSCRIPTIONS, subscriptions(cx, client, &arn)),
        cx.read_if(data::TOPIC_ATTRIBUTES, async {
            let request = client.get_topic_attributes().topic_arn(&arn).send();
            cx.call(GET_TOPIC_ATTRIBUTES, request)
                .await
                .read(GONE, |o| {
                    let a = o.attributes()?;
                    let get = |k: &str| a.get(k).map(String::as_str);
                    Some(TopicAttributes {
                        policy: text(get("Policy")).map(|p| policy_json(&p)),
                        kms_master_key_id: text(get("KmsMasterKeyId")),
                        fifo: get("FifoTopic").is_some_and(|f| f.eq_ignore_ascii_case("true")),
                    })
                })
        }),
        cx.read_if(data::TOPIC_TAGS, async {
            let request = client.list_tags_for_resource().resource_arn(&arn).send();
            let reply = cx.call(LIST_TAGS_FOR_RESOURCE, request).await;
            reply.tags(
                data::TOPIC_TAGS,
                &arn,
                &["ResourceNotFound", "ResourceNotFoundException"],
                |o| tags_of(o.tags().iter().map(|t| (t.key(), t.value()))),
            )
        }),
    );
    Topic {
        region: cx.region.clone(),
        account_id: Arn::parse(&arn)
            .map_or(cx.account_id(), |a| a.account)
            .to_string(),
        arn,
        subscriptions,
        attributes,
        tags,
    }
}

/// `ListSubscriptionsByTopic`, and the redrive policy of each confirmed
/// subscription when a selected check reads it.
async fn subscriptions(cx: &Cx, client: &Client, arn: &str) -> Collected<Vec<Subscription>> {
    let listed = client
        .list_subscriptions_by_topic()
        .topic_arn(arn)
        .into_paginator()
        .items()
        .send()
        .try_collect();
    let listed = cx
        .call(LIST_SUBSCRIPTIONS_BY_TOPIC, listed)
        .await
        .read(GONE, Some);
    let Collected::Value(listed) = listed else {
        return match listed {
            Collected::Error(e) => Collected::Error(e),
            _ => Collected::Absent,
        };
    };
    let subs = cx
        .bounded(listed, |s| async move {
            let mut sub = Subscription {
                arn: s.subscription_arn().unwrap_or_default().to_string(),
                protocol: s.protocol().unwrap_or_default().to_string(),
                redrive_policy: Collected::default(),
            };
            // No check judges an email or SMS subscription's redrive.
            if cx.wants(data::SUBSCRIPTION_REDRIVE) && sub.is_redriven() {
                sub.redrive_policy = if sub.is_confirmed() {
                    redrive(cx, client, &sub.arn).await
                } else {
                    Collected::Absent
                };
            }
            sub
        })
        .await;
    Collected::Value(subs)
}

/// `GetSubscriptionAttributes` `RedrivePolicy`; a policy that is not the
/// documented JSON is an error (`InvalidResponse`), never "no policy".
async fn redrive(cx: &Cx, client: &Client, arn: &str) -> Collected<SubscriptionRedrive> {
    let request = client
        .get_subscription_attributes()
        .subscription_arn(arn)
        .send();
    let read = cx
        .call(GET_SUBSCRIPTION_ATTRIBUTES, request)
        .await
        .read(GONE, |o| {
            let text = o.attributes()?.get("RedrivePolicy")?.clone();
            Some(text).filter(|t| !t.trim().is_empty())
        });
    match read {
        Collected::Value(text) => {
            let target = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v["deadLetterTargetArn"].as_str().map(str::to_string));
            match target {
                Some(t) => Collected::Value(SubscriptionRedrive {
                    dead_letter_target_arn: t,
                }),
                None => {
                    cx.count_failure();
                    Collected::Error(CollectError::new(
                        "GetSubscriptionAttributes",
                        crate::error::INVALID_RESPONSE,
                        format!("RedrivePolicy is not a valid JSON document: {text}"),
                    ))
                }
            }
        }
        Collected::Absent => Collected::Absent,
        Collected::Error(e) => Collected::Error(e),
    }
}
