//! Kinesis Data Firehose: delivery streams.

use super::{resource, Tags};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Firehose {
    #[serde(default)]
    pub delivery_streams: Vec<DeliveryStream>,
}

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
resource!(DeliveryStream, tags);
