//! SQS, per region: `ListQueues`, then per queue, as the selected checks
//! read them, `GetQueueAttributes`
//! (`All`, of which `FifoQueue`, `MessageRetentionPeriod`, `Policy`,
//! `KmsMasterKeyId`, and the JSON `RedrivePolicy` / `RedriveAllowPolicy`,
//! parsed, are kept; naming them
//! instead is refused by moto for `RedriveAllowPolicy`) and `ListQueueTags`.
//! A queue deleted between the two calls has absent attributes.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_sqs;

use crate::session::sdk_client;
use crate::Cx;
use aws_sdk_sqs::types::QueueAttributeName as Attr;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::sqs::{
    self as data, Queue, QueueAttributes, RedriveAllowPolicy, RedrivePolicy, Sqs,
};
use serde_json::Value;
use std::collections::HashMap;

crate::registry::operations! {
    sdk "SQS", iam "sqs" {
        LIST_QUEUES = ListQueues,
        GET_QUEUE_ATTRIBUTES = GetQueueAttributes,
        LIST_QUEUE_TAGS = ListQueueTags,
    }
}

crate::service!(Sqs);

/// Error codes of a queue deleted since it was listed (JSON and query forms).
const GONE: &[&str] = &[
    "QueueDoesNotExist",
    "AWS.SimpleQueueService.NonExistentQueue",
];

async fn collect(cx: &Cx) -> Result<Sqs, CollectError> {
    let client = sdk_client!(aws_sdk_sqs, &cx.session, &cx.region);
    let urls = cx
        .list(
            LIST_QUEUES,
            client
                .list_queues()
                .max_results(1000)
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let queues = cx.bounded(urls, |url| read_queue(cx, &client, url)).await;
    Ok(Sqs { queues })
}

async fn read_queue(cx: &Cx, client: &aws_sdk_sqs::Client, url: String) -> Queue {
    let (account_id, name) = owner_and_name(&url, cx.account_id());
    let arn = format!(
        "arn:{}:sqs:{}:{account_id}:{name}",
        cx.partition(),
        cx.region
    );
    let (attributes, tags) = tokio::join!(
        cx.read_if(data::QUEUE_ATTRIBUTES, async {
            let request = client
                .get_queue_attributes()
                .queue_url(&url)
                .attribute_names(Attr::All)
                .send();
            let read = cx
                .call(GET_QUEUE_ATTRIBUTES, request)
                .await
                .read(GONE, |o| {
                    Some(parse_attributes(
                        o.attributes().cloned().unwrap_or_default(),
                    ))
                });
            match read {
                Collected::Value(Err(e)) => {
                    cx.count_failure();
                    Collected::Error(e)
                }
                Collected::Value(Ok(a)) => Collected::Value(a),
                Collected::Absent => Collected::Absent,
                Collected::Error(e) => Collected::Error(e),
            }
        }),
        cx.read_if(data::QUEUE_TAGS, async {
            let tags = cx
                .call(
                    LIST_QUEUE_TAGS,
                    client.list_queue_tags().queue_url(&url).send(),
                )
                .await;
            tags.tags(data::QUEUE_TAGS, &arn, GONE, |o| {
                o.tags()
                    .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                    .unwrap_or_default()
            })
        }),
    );
    Queue {
        arn,
        region: cx.region.clone(),
        account_id,
        name,
        url,
        attributes,
        tags,
    }
}

/// The owner account and queue name of a queue URL
/// (`https://sqs.REGION.amazonaws.com/ACCOUNT/NAME`).
pub fn owner_and_name(url: &str, default_account: &str) -> (String, String) {
    let mut parts = url.trim_end_matches('/').rsplit('/');
    let name = parts.next().unwrap_or_default().to_string();
    let account = parts
        .next()
        .filter(|a| awscheck_model::arn::is_account_id(a))
        .unwrap_or(default_account)
        .to_string();
    (account, name)
}

/// The model's attributes; an unreadable redrive document is an error
/// (`InvalidResponse`), never "no redrive policy".
pub fn parse_attributes(a: HashMap<Attr, String>) -> Result<QueueAttributes, CollectError> {
    let bad = |what: &str, text: &str| {
        CollectError::new(
            "GetQueueAttributes",
            crate::error::INVALID_RESPONSE,
            format!("{what} is not a valid JSON document: {text}"),
        )
    };
    let redrive_policy = match a.get(&Attr::RedrivePolicy).filter(|t| !t.is_empty()) {
        None => None,
        Some(text) => {
            let v: Value = serde_json::from_str(text).map_err(|_| bad("RedrivePolicy", text))?;
            let target = v["deadLetterTargetArn"].as_str();
            let count = number(&v["maxReceiveCount"]);
            match (target, count) {
                (Some(t), Some(c)) => Some(RedrivePolicy {
                    dead_letter_target_arn: t.to_string(),
                    max_receive_count: c,
                }),
                _ => return Err(bad("RedrivePolicy", text)),
            }
        }
    };
    let redrive_allow_policy = match a.get(&Attr::RedriveAllowPolicy).filter(|t| !t.is_empty()) {
        None => None,
        Some(text) => {
            let v: Value =
                serde_json::from_str(text).map_err(|_| bad("RedriveAllowPolicy", text))?;
            let permission = v["redrivePermission"]
                .as_str()
                .ok_or_else(|| bad("RedriveAllowPolicy", text))?;
            Some(RedriveAllowPolicy {
                redrive_permission: permission.to_string(),
                source_queue_arns: v["sourceQueueArns"]
                    .as_array()
                    .map(|xs| {
                        xs.iter()
                            .filter_map(|x| x.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
            })
        }
    };
    Ok(QueueAttributes {
        fifo: a
            .get(&Attr::FifoQueue)
            .is_some_and(|f| f.eq_ignore_ascii_case("true")),
        message_retention_period: a
            .get(&Attr::MessageRetentionPeriod)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| {
                CollectError::new(
                    "GetQueueAttributes",
                    crate::error::INVALID_RESPONSE,
                    "no MessageRetentionPeriod in the response",
                )
            })?,
        redrive_policy,
        redrive_allow_policy,
        policy: a
            .get(&Attr::Policy)
            .filter(|t| !t.is_empty())
            .map(|t| crate::policy_json(t)),
        kms_master_key_id: crate::text(a.get(&Attr::KmsMasterKeyId).map(String::as_str)),
    })
}

/// A JSON number, or a number written as a string (`"5"`).
fn number(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_str()?.trim().parse().ok())
}
