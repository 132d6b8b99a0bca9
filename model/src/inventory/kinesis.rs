//! Kinesis Data Streams: streams with their encryption and their
//! registered (enhanced fan-out) consumers.

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListStreams`: streams and their status.
pub const STREAMS: Data = Data::listing("kinesis");
/// `DescribeStreamSummary`: each stream's encryption and retention.
pub const STREAM_SUMMARY: Data = Data::part("kinesis", "streams.summary");
/// `ListStreamConsumers`: each stream's registered consumers.
pub const CONSUMERS: Data = Data::part("kinesis", "streams.consumers");
/// `ListTagsForStream`: each stream's tags.
pub const STREAM_TAGS: Data = Data::part("kinesis", "streams.tags");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[STREAMS, STREAM_SUMMARY, CONSUMERS, STREAM_TAGS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kinesis {
    #[serde(default)]
    pub streams: Vec<Stream>,
}
merge!(Kinesis { streams });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stream {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// `CREATING`, `ACTIVE`, `UPDATING` or `DELETING`.
    #[serde(default)]
    pub status: String,
    /// `DescribeStreamSummary`.
    #[serde(default)]
    pub summary: Collected<StreamSummary>,
    /// `ListStreamConsumers`: the names of the registered (enhanced fan-out)
    /// consumers; an empty list when there are none.
    #[serde(default)]
    pub consumers: Collected<Vec<String>>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Stream, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamSummary {
    /// `EncryptionType`: `NONE` or `KMS`.
    pub encryption_type: String,
    /// `KeyId`: the KMS key (id, ARN or alias: `alias/aws/kinesis` is the
    /// AWS managed key); absent when not encrypted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// `RetentionPeriodHours`.
    #[serde(default)]
    pub retention_period_hours: i64,
}
