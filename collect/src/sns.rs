//! SNS, per region: `ListTopics`, then, when a selected check reads the
//! subscriptions, `ListSubscriptionsByTopic` per topic
//! (each subscription's ARN, or `PendingConfirmation`, and protocol; the
//! endpoints, which may be addresses or URLs with tokens, are not kept).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_sns;

use crate::session::sdk_client;
use crate::Cx;
use awscheck_model::arn::Arn;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::sns::{self as data, Sns, Subscription, Topic};

crate::registry::operations! {
    sdk "SNS", iam "sns" {
        LIST_TOPICS = ListTopics,
        LIST_SUBSCRIPTIONS_BY_TOPIC = ListSubscriptionsByTopic,
    }
}

crate::service!(Sns);

/// Error codes of a topic deleted since it was listed.
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
    let topics = cx
        .bounded(arns, |arn| {
            let client = &client;
            async move {
                let subscriptions = cx
                    .read_if(data::SUBSCRIPTIONS, async {
                        let listed = client
                            .list_subscriptions_by_topic()
                            .topic_arn(&arn)
                            .into_paginator()
                            .items()
                            .send()
                            .try_collect();
                        cx.call(LIST_SUBSCRIPTIONS_BY_TOPIC, listed)
                            .await
                            .read(GONE, |subs| {
                                Some(
                                    subs.iter()
                                        .map(|s| Subscription {
                                            arn: s
                                                .subscription_arn()
                                                .unwrap_or_default()
                                                .to_string(),
                                            protocol: s.protocol().unwrap_or_default().to_string(),
                                        })
                                        .collect(),
                                )
                            })
                    })
                    .await;
                Topic {
                    region: cx.region.clone(),
                    account_id: Arn::parse(&arn)
                        .map_or(cx.account_id(), |a| a.account)
                        .to_string(),
                    arn,
                    subscriptions,
                }
            }
        })
        .await;
    Ok(Sns { topics })
}
