//! Kinesis Data Streams, per region: `ListStreams`, then per stream the
//! calls the selected checks read: `DescribeStreamSummary` (encryption),
//! `ListStreamConsumers` (enhanced fan-out consumers) and
//! `ListTagsForStream`.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_kinesis;

use crate::session::sdk_client;
use crate::{pages, tags_of, text, Cx};
use aws_sdk_kinesis::Client;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::kinesis::{self as data, Encryption, Kinesis, Stream};

crate::registry::operations! {
    sdk "Kinesis", iam "kinesis" {
        LIST_STREAMS = ListStreams,
        DESCRIBE_STREAM_SUMMARY = DescribeStreamSummary,
        LIST_STREAM_CONSUMERS = ListStreamConsumers,
        LIST_TAGS_FOR_STREAM = ListTagsForStream,
    }
}

crate::service!(Kinesis);

/// A stream deleted between the listing and these calls answers this.
const GONE: &[&str] = &["ResourceNotFoundException"];

async fn collect(cx: &Cx) -> Result<Kinesis, CollectError> {
    let client = sdk_client!(aws_sdk_kinesis, &cx.session, &cx.region);
    // Paged by `ExclusiveStartStreamName` while `HasMoreStreams`: AWS
    // accepts it beside `NextToken`, and moto 5.2.5 knows only it.
    let listed = pages(
        |start| {
            client
                .list_streams()
                .set_exclusive_start_stream_name(start)
                .send()
        },
        |o| {
            let names = o.stream_names;
            let next = o.has_more_streams.then(|| names.last().cloned()).flatten();
            (names, next)
        },
    );
    let names = cx.call(LIST_STREAMS, listed).await.ok()?;
    let streams = cx
        .bounded(names, |name| read_stream(cx, &client, name))
        .await;
    Ok(Kinesis { streams })
}

async fn read_stream(cx: &Cx, client: &Client, name: String) -> Stream {
    let arn = cx.arn("kinesis", &format!("stream/{name}"));
    let encryption = cx
        .read_if(data::ENCRYPTION, async {
            let request = client.describe_stream_summary().stream_arn(&arn).send();
            cx.call(DESCRIBE_STREAM_SUMMARY, request)
                .await
                .read(GONE, |o| {
                    let s = o.stream_description_summary?;
                    Some(Encryption {
                        encryption_type: s
                            .encryption_type()
                            .map_or("NONE", |t| t.as_str())
                            .to_string(),
                        key_id: text(s.key_id()),
                    })
                })
        })
        .await;
    let consumers = cx
        .read_if(data::CONSUMERS, async {
            let listed = client
                .list_stream_consumers()
                .stream_arn(&arn)
                .into_paginator()
                .send()
                .try_collect();
            cx.call(LIST_STREAM_CONSUMERS, listed)
                .await
                .read(GONE, |pages| {
                    Some(
                        pages
                            .iter()
                            .flat_map(|p| p.consumers())
                            .map(|c| c.consumer_name().to_string())
                            .collect(),
                    )
                })
        })
        .await;
    let tags = cx
        .read_if(data::STREAM_TAGS, async {
            // Paged by `ExclusiveStartTagKey` while `HasMoreTags`.
            let listed = pages(
                |start| {
                    client
                        .list_tags_for_stream()
                        .stream_arn(&arn)
                        .set_exclusive_start_tag_key(start)
                        .send()
                },
                |o| {
                    let next = o
                        .has_more_tags
                        .then(|| o.tags.last().map(|t| t.key().to_string()))
                        .flatten();
                    (o.tags, next)
                },
            );
            cx.call(LIST_TAGS_FOR_STREAM, listed)
                .await
                .tags(data::STREAM_TAGS, &arn, &[], |list| {
                    tags_of(
                        list.iter()
                            .map(|t| (t.key(), t.value().unwrap_or_default())),
                    )
                })
        })
        .await;
    Stream {
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        arn,
        name,
        encryption,
        consumers,
        tags,
    }
}
