//! SNS, per region: `ListTopics`, then `ListSubscriptionsByTopic` per topic
//! (each subscription's ARN, or `PendingConfirmation`, and protocol; the
//! endpoints, which may be addresses or URLs with tokens, are not kept).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_sns;

use crate::session::sdk_client;
use crate::Cx;
use awscheck_model::arn::Arn;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::sns::{Sns, Subscription, Topic};

crate::service!(Sns, sns, [topics]);

/// Error codes of a topic deleted since it was listed.
const GONE: &[&str] = &["NotFound", "NotFoundException"];

async fn collect(cx: &Cx) -> Result<Sns, CollectError> {
    let client = sdk_client!(aws_sdk_sns, &cx.session, &cx.region);
    let topics = cx
        .list(
            "ListTopics",
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
                let listed = client
                    .list_subscriptions_by_topic()
                    .topic_arn(&arn)
                    .into_paginator()
                    .items()
                    .send()
                    .try_collect()
                    .await;
                let subscriptions = match listed {
                    Ok(subs) => Collected::Value(
                        subs.iter()
                            .map(|s| Subscription {
                                arn: s.subscription_arn().unwrap_or_default().to_string(),
                                protocol: s.protocol().unwrap_or_default().to_string(),
                            })
                            .collect(),
                    ),
                    Err(e) if crate::error::has_code(&e, GONE) => Collected::Absent,
                    Err(e) => Collected::Error(cx.fail("ListSubscriptionsByTopic", &e)),
                };
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
