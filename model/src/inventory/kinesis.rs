//! Kinesis Data Streams, per region: streams, with their encryption at
//! rest, the enhanced fan-out consumers registered on them and their tags
//! (Lambda consumers are the `lambda` section's event source mappings).

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListStreams`: streams by name.
pub const STREAMS: Data = Data::listing("kinesis");
/// `DescribeStreamSummary`: each stream's encryption at rest.
pub const ENCRYPTION: Data = Data::part("kinesis", "streams.encryption");
/// `ListStreamConsumers`: each stream's enhanced fan-out consumers.
pub const CONSUMERS: Data = Data::part("kinesis", "streams.consumers");
/// `ListTagsForStream`: each stream's tags.
pub const STREAM_TAGS: Data = Data::part("kinesis", "streams.tags");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[STREAMS, ENCRYPTION, CONSUMERS, STREAM_TAGS];

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
    /// `DescribeStreamSummary` `EncryptionType` and `KeyId`; absent = the
    /// stream was deleted since it was listed.
    #[serde(default)]
    pub encryption: Collected<Encryption>,
    /// `ListStreamConsumers`: the names of the enhanced fan-out consumers
    /// registered on the stream; absent = the stream was deleted since it
    /// was listed.
    #[serde(default)]
    pub consumers: Collected<Vec<String>>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Stream, tags in STREAM_TAGS);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Encryption {
    /// `EncryptionType`: `NONE` or `KMS`.
    pub encryption_type: String,
    /// `KeyId`: the KMS key as it was given (a key id, key ARN, alias name
    /// such as `alias/aws/kinesis`, or alias ARN); absent when not
    /// encrypted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
}
