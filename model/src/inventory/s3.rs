//! S3: the account's buckets (each read in its own region), and buckets
//! of other accounts that the account's resources point at.

use super::{merge, resource, Collected, PolicyJson, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

// What checks can read of the section, one per call (see crate::data).
/// `ListBuckets` (and `GetBucketLocation` where the listing gives no region): buckets and their regions.
pub const BUCKETS: Data = Data::listing("s3");
/// `GetBucketPolicy`: each bucket's policy.
pub const POLICY: Data = Data::part("s3", "buckets.policy");
/// `GetBucketVersioning`: the versioning status of each bucket, listed
/// (`buckets`) or another account's (`other_buckets`).
pub const VERSIONING: Data = Data::part("s3", "buckets.versioning").and("other_buckets.versioning");
/// `GetBucketLogging`: each bucket's server access logging.
pub const LOGGING: Data = Data::part("s3", "buckets.logging");
/// `GetBucketWebsite`: each bucket's website configuration.
pub const WEBSITE: Data = Data::part("s3", "buckets.website");
/// `GetBucketEncryption`: each bucket's default encryption.
pub const ENCRYPTION: Data = Data::part("s3", "buckets.encryption");
/// `GetBucketNotificationConfiguration`: each bucket's event notifications.
pub const NOTIFICATIONS: Data = Data::part("s3", "buckets.notifications");
/// `GetBucketReplication`: the replication configuration of each bucket
/// tagged for it ([`replication_tagged`]; read for every bucket whose tags
/// could not be read).
pub const REPLICATION: Data = Data::part("s3", "buckets.replication");
/// `GetBucketTagging`: each bucket's tags.
pub const BUCKET_TAGS: Data = Data::part("s3", "buckets.tags");
/// `GetBucketLocation` of buckets other accounts own that collected resources point at (their versioning comes with `s3.buckets.versioning`).
pub const OTHER_BUCKETS: Data = Data::part("s3", "other_buckets");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    BUCKETS,
    POLICY,
    VERSIONING,
    LOGGING,
    WEBSITE,
    ENCRYPTION,
    NOTIFICATIONS,
    REPLICATION,
    BUCKET_TAGS,
    OTHER_BUCKETS,
];

/// The tag asking for a bucket's replication (`replicate=true`).
pub const REPLICATE_TAG: &str = "replicate";
/// The tag naming a resource's disaster-recovery tier (any value).
pub const DR_TIER_TAG: &str = "dr-tier";

/// True when a bucket's tags ask for replication: `replicate=true`
/// (ignoring case and surrounding spaces) or `dr-tier` with any value.
pub fn replication_tagged(tags: &Tags) -> bool {
    tags.get(REPLICATE_TAG)
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        || tags.contains_key(DR_TIER_TAG)
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3 {
    /// The account's buckets (`ListBuckets`), each read in its own region.
    #[serde(default)]
    pub buckets: Vec<Bucket>,
    /// Buckets not owned by this account but referenced by its resources
    /// (WAF and CloudTrail destinations, pipeline sources, log targets). A
    /// bucket name found in neither list **does not exist** as far as the
    /// checks know.
    #[serde(default)]
    pub other_buckets: Vec<OtherBucket>,
}
merge!(S3 {
    buckets,
    other_buckets
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bucket {
    /// `arn:aws:s3:::<name>`.
    pub arn: String,
    /// The bucket's own region (`GetBucketLocation`: null → us-east-1, `EU` → eu-west-1).
    pub region: String,
    pub account_id: String,
    pub name: String,
    #[serde(default)]
    pub tags: Tags,
    /// `GetBucketPolicy`; absent = `NoSuchBucketPolicy`.
    #[serde(default)]
    pub policy: Collected<PolicyJson>,
    /// `GetBucketVersioning` status (`Enabled`, `Suspended`); absent = never enabled.
    #[serde(default)]
    pub versioning: Collected<String>,
    /// `GetBucketLogging`; absent = no `LoggingEnabled` (server access
    /// logging is off).
    #[serde(default)]
    pub logging: Collected<BucketLogging>,
    /// `GetBucketWebsite`; absent = `NoSuchWebsiteConfiguration`.
    #[serde(default)]
    pub website: Collected<Website>,
    /// `GetBucketEncryption` default rule; absent = no default encryption configured.
    #[serde(default)]
    pub encryption: Collected<BucketEncryption>,
    /// `GetBucketNotificationConfiguration`; absent = no event
    /// notification configured (no destination, EventBridge off).
    #[serde(default)]
    pub notifications: Collected<BucketNotifications>,
    /// `GetBucketReplication`; absent =
    /// `ReplicationConfigurationNotFoundError` (no replication
    /// configuration). Not collected for a bucket whose tags do not ask for
    /// replication.
    #[serde(default)]
    pub replication: Collected<Replication>,
}
resource!(Bucket, tags in BUCKET_TAGS);

/// A bucket's replication configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replication {
    /// The IAM role S3 assumes to replicate (`Role`), looked up in `iam.roles`.
    pub role: String,
    /// Its rules, in order.
    #[serde(default)]
    pub rules: Vec<ReplicationRule>,
}

/// One replication rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplicationRule {
    /// The rule's `ID`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `Enabled` or `Disabled`.
    pub status: String,
    /// The destination bucket's ARN (`arn:aws:s3:::NAME`), looked up in
    /// `buckets`, else `other_buckets`.
    pub destination_bucket: String,
    /// The destination's owner account (`Destination.Account`), when the
    /// rule names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_account: Option<String>,
    /// S3 Replication Time Control (`ReplicationTime.Status=Enabled`) is on.
    #[serde(default)]
    pub replication_time: bool,
}

impl ReplicationRule {
    /// The destination bucket's name (the ARN's resource).
    pub fn destination_name(&self) -> &str {
        self.destination_bucket
            .rsplit(':')
            .next()
            .unwrap_or(&self.destination_bucket)
    }
}

/// Where a bucket sends its event notifications.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BucketNotifications {
    /// `TopicConfigurations`: SNS topics, looked up in `sns`.
    #[serde(default)]
    pub topics: Vec<NotificationTarget>,
    /// `QueueConfigurations`: SQS queues, looked up in `sqs`.
    #[serde(default)]
    pub queues: Vec<NotificationTarget>,
    /// `LambdaFunctionConfigurations`: Lambda functions (possibly with a
    /// version or alias), looked up in `lambda`.
    #[serde(default)]
    pub lambda_functions: Vec<NotificationTarget>,
    /// `EventBridgeConfiguration` is present: every event also goes to
    /// the default event bus.
    #[serde(default)]
    pub eventbridge: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotificationTarget {
    /// The destination's ARN.
    pub arn: String,
    /// The event types sent (`s3:ObjectCreated:*`, …).
    #[serde(default)]
    pub events: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BucketLogging {
    /// The bucket that receives the logs.
    pub target_bucket: String,
    /// The prefix of the log objects.
    #[serde(default)]
    pub target_prefix: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Website {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index_document: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_all_requests_to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BucketEncryption {
    /// `AES256`, `aws:kms` or `aws:kms:dsse`.
    pub sse_algorithm: String,
    /// The KMS key of `aws:kms` encryption (key id, key ARN or alias).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_master_key_id: Option<String>,
    #[serde(default)]
    pub bucket_key_enabled: bool,
}

/// A bucket of another account (or one that does not exist) that this
/// account's configuration refers to.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtherBucket {
    pub name: String,
    /// `GetBucketLocation`; absent = `NoSuchBucket`.
    #[serde(default)]
    pub region: Collected<String>,
    /// `GetBucketVersioning`; absent = never enabled.
    #[serde(default)]
    pub versioning: Collected<String>,
}

/// What the inventory knows about a bucket name.
#[derive(Debug, Clone, Copy)]
pub enum BucketRef<'a> {
    Owned(&'a Bucket),
    Other(&'a OtherBucket),
    /// Neither listed nor referenced: the bucket does not exist as far as
    /// the inventory knows (collectors record every referenced bucket).
    Unknown,
}

impl BucketRef<'_> {
    /// The bucket's region: `Ok(None)` when it does not exist.
    pub fn region(&self) -> Result<Option<&str>, &super::CollectError> {
        match self {
            BucketRef::Owned(b) => Ok(Some(&b.region)),
            BucketRef::Other(o) => o.region.known().map(|r| r.map(String::as_str)),
            BucketRef::Unknown => Ok(None),
        }
    }

    /// The bucket's versioning status: `Ok(None)` when never enabled.
    pub fn versioning(&self) -> Option<&Collected<String>> {
        match self {
            BucketRef::Owned(b) => Some(&b.versioning),
            BucketRef::Other(o) => Some(&o.versioning),
            BucketRef::Unknown => None,
        }
    }
}

/// Buckets by name, for checks that follow references.
pub struct BucketIndex<'a> {
    owned: HashMap<&'a str, &'a Bucket>,
    other: HashMap<&'a str, &'a OtherBucket>,
}

impl S3 {
    pub fn index(&self) -> BucketIndex<'_> {
        BucketIndex {
            owned: self.buckets.iter().map(|b| (b.name.as_str(), b)).collect(),
            other: self
                .other_buckets
                .iter()
                .map(|b| (b.name.as_str(), b))
                .collect(),
        }
    }
}

impl<'a> BucketIndex<'a> {
    pub fn get(&self, name: &str) -> BucketRef<'a> {
        if let Some(b) = self.owned.get(name) {
            BucketRef::Owned(b)
        } else if let Some(o) = self.other.get(name) {
            BucketRef::Other(o)
        } else {
            BucketRef::Unknown
        }
    }
}
