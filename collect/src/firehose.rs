//! Kinesis Data Firehose, per region: `ListDeliveryStreams`, then per
//! stream `DescribeDeliveryStream` (ARN and status) and, when a selected
//! check reads them, `ListTagsForDeliveryStream`. A stream deleted in
//! between is left out. The model has no place for an unknown status, so a
//! stream that cannot be described is left out too, and Firehose's listing
//! is unread in the region ([`Cx::unread`]: blind): a WAF log destination
//! is then never judged missing there.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_firehose;

use crate::session::sdk_client;
use crate::{Cx, SdkResult};
use aws_sdk_firehose::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::firehose::{self as data, DeliveryStream, Firehose};
use awscheck_model::inventory::Tags;

crate::registry::operations! {
    sdk "Firehose", iam "firehose" {
        LIST_DELIVERY_STREAMS = ListDeliveryStreams,
        DESCRIBE_DELIVERY_STREAM = DescribeDeliveryStream,
        LIST_TAGS_FOR_DELIVERY_STREAM = ListTagsForDeliveryStream,
    }
}

crate::service!(Firehose);

async fn collect(cx: &Cx) -> Result<Firehose, CollectError> {
    let client = sdk_client!(aws_sdk_firehose, &cx.session, &cx.region);
    let mut names: Vec<String> = Vec::new();
    loop {
        let request = client
            .list_delivery_streams()
            .limit(10_000)
            .set_exclusive_start_delivery_stream_name(names.last().cloned())
            .send();
        let page = cx.call(LIST_DELIVERY_STREAMS, request).await.ok()?;
        names.extend(page.delivery_stream_names().iter().cloned());
        if !page.has_more_delivery_streams() || page.delivery_stream_names().is_empty() {
            break;
        }
    }
    let read = cx
        .bounded(names, |name| read_stream(cx, &client, name))
        .await;
    let mut delivery_streams = Vec::new();
    for r in read {
        match r {
            Ok(Some(s)) => delivery_streams.push(s),
            Ok(None) => {}
            Err(e) => cx.unread(data::DELIVERY_STREAMS, e),
        }
    }
    Ok(Firehose { delivery_streams })
}

async fn read_stream(
    cx: &Cx,
    client: &Client,
    name: String,
) -> Result<Option<DeliveryStream>, CollectError> {
    let request = client
        .describe_delivery_stream()
        .delivery_stream_name(&name)
        .send();
    let described = cx.call(DESCRIBE_DELIVERY_STREAM, request).await.read(
        &["ResourceNotFoundException"],
        |o| {
            let d = o.delivery_stream_description()?;
            Some((
                d.delivery_stream_arn().to_string(),
                d.delivery_stream_status().as_str().to_string(),
            ))
        },
    );
    let (arn, status) = match described {
        Collected::Value(v) => v,
        Collected::Absent => return Ok(None),
        Collected::Error(e) => return Err(e),
    };
    let tags = cx
        .read_if(data::DELIVERY_STREAM_TAGS, async {
            cx.call(LIST_TAGS_FOR_DELIVERY_STREAM, tags(client, &name))
                .await
                .tags(data::DELIVERY_STREAM_TAGS, &arn, &[], |tags| tags)
        })
        .await;
    Ok(Some(DeliveryStream {
        arn,
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name,
        status,
        tags,
    }))
}

/// `ListTagsForDeliveryStream`, every page.
async fn tags(
    client: &Client,
    name: &str,
) -> SdkResult<
    Tags,
    aws_sdk_firehose::operation::list_tags_for_delivery_stream::ListTagsForDeliveryStreamError,
> {
    let mut tags = Tags::new();
    let mut last: Option<String> = None;
    loop {
        let page = client
            .list_tags_for_delivery_stream()
            .delivery_stream_name(name)
            .limit(50)
            .set_exclusive_start_tag_key(last.take())
            .send()
            .await?;
        tags.extend(page.tags().iter().map(|t| {
            (
                t.key().to_string(),
                t.value().unwrap_or_default().to_string(),
            )
        }));
        match page.tags().last() {
            Some(t) if page.has_more_tags() => last = Some(t.key().to_string()),
            _ => return Ok(tags),
        }
    }
}
