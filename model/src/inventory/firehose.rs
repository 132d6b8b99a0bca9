//! Kinesis Data Firehose: delivery streams.

use super::{merge, resource, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListDeliveryStreams` and `DescribeDeliveryStream`: delivery streams and their destinations.
pub const DELIVERY_STREAMS: Data = Data::listing("firehose");
/// `ListTagsForDeliveryStream`: each stream's tags.
pub const DELIVERY_STREAM_TAGS: Data = Data::part("firehose", "delivery_streams.tags");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[DELIVERY_STREAMS, DELIVERY_STREAM_TAGS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Firehose {
    #[serde(default)]
    pub delivery_streams: Vec<DeliveryStream>,
}
merge!(Firehose { delivery_streams });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryStream {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// `ACTIVE`, `CREATING`, `DELETING`, …
    pub status: String,
    #[serde(default)]
    pub tags: Tags,
}
resource!(DeliveryStream, tags in DELIVERY_STREAM_TAGS);
