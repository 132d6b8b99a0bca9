//! S3: `ListBuckets` once for the account (scope `global`), then each bucket
//! read in its own region (the region `ListBuckets` reports, else
//! `GetBucketLocation`: null → us-east-1, `EU` → eu-west-1) by the calls
//! the selected checks read: `GetBucketPolicy`, `GetBucketVersioning`,
//! `GetBucketLogging`, `GetBucketWebsite`, `GetBucketEncryption`,
//! `GetBucketNotificationConfiguration`, `GetBucketTagging`; then
//! `GetBucketReplication` for the buckets whose tags ask for replication
//! (and those whose tags could not be read), whose destination buckets are
//! referred to as [`OTHER_BUCKET`]s. Buckets whose region is not scanned
//! are left out.
//!
//! A bucket other resources name ([`OTHER_BUCKET`]: log targets, trail and
//! WAF destinations, artifact stores, pipeline sources) that `ListBuckets`
//! did not list (another account's, or deleted) is read after the first
//! pass: its region (`GetBucketLocation`) and, when a selected check reads
//! versioning, `GetBucketVersioning`.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_s3;

use crate::references::{Kind, Reference};
use crate::{policy_json, BoxFuture, Cx, Patch};
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::s3::{
    self as data, Bucket, BucketEncryption, BucketLogging, BucketNotifications, NotificationTarget,
    OtherBucket, Replication, ReplicationRule, Website, S3,
};
use awscheck_model::inventory::{Account, Tags};
use std::collections::BTreeSet;

crate::registry::operations! {
    sdk "S3", iam "s3" {
        LIST_BUCKETS = ListBuckets as "s3:ListAllMyBuckets",
        GET_BUCKET_LOCATION = GetBucketLocation,
        GET_BUCKET_POLICY = GetBucketPolicy,
        GET_BUCKET_VERSIONING = GetBucketVersioning,
        GET_BUCKET_LOGGING = GetBucketLogging,
        GET_BUCKET_WEBSITE = GetBucketWebsite,
        GET_BUCKET_ENCRYPTION = GetBucketEncryption as "s3:GetEncryptionConfiguration",
        GET_BUCKET_TAGGING = GetBucketTagging,
        GET_BUCKET_NOTIFICATION_CONFIGURATION = GetBucketNotificationConfiguration as "s3:GetBucketNotification",
        GET_BUCKET_REPLICATION = GetBucketReplication as "s3:GetReplicationConfiguration",
    }
}

crate::service!(S3, global: true);

/// A bucket, by name, that another resource names.
pub static OTHER_BUCKET: Kind = Kind {
    name: "S3 bucket",
    fills: data::OTHER_BUCKETS,
    resolve: resolve_other_buckets,
};

async fn collect(cx: &Cx) -> Result<S3, CollectError> {
    let client = cx.session.s3(&cx.region);
    let listed = cx
        .list(
            LIST_BUCKETS,
            client
                .list_buckets()
                .max_buckets(1000)
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let names: Vec<(String, Option<String>)> = listed
        .iter()
        .filter_map(|b| {
            let name = b.name()?.to_string();
            Some((name, b.bucket_region().map(str::to_string)))
        })
        .collect();
    let buckets = cx
        .bounded(names, |(name, region)| read_bucket(cx, name, region))
        .await;
    Ok(S3 {
        buckets: buckets.into_iter().flatten().collect(),
        other_buckets: Vec::new(),
    })
}

/// `GetBucketLocation`: the bucket's region, absent when it does not exist.
async fn location(cx: &Cx, name: &str) -> Collected<String> {
    let client = cx.session.s3(&cx.session.home_region);
    cx.call(
        GET_BUCKET_LOCATION,
        client.get_bucket_location().bucket(name).send(),
    )
    .await
    .read(&["NoSuchBucket"], |out| {
        Some(region_of_constraint(
            out.location_constraint().map(|c| c.as_str()),
        ))
    })
}

/// The region a location constraint means.
pub fn region_of_constraint(constraint: Option<&str>) -> String {
    match constraint {
        None | Some("") => "us-east-1".to_string(),
        Some("EU") => "eu-west-1".to_string(),
        Some(r) => r.to_string(),
    }
}

/// `GetBucketVersioning` of `name` (`absent` codes read as absent), when
/// a selected check reads versioning.
async fn versioning(
    cx: &Cx,
    client: &aws_sdk_s3::Client,
    name: &str,
    absent: &[&str],
) -> Collected<String> {
    cx.read_if(data::VERSIONING, async {
        cx.call(
            GET_BUCKET_VERSIONING,
            client.get_bucket_versioning().bucket(name).send(),
        )
        .await
        .read(absent, |o| o.status().map(|s| s.as_str().to_string()))
    })
    .await
}

async fn read_bucket(cx: &Cx, name: String, listed_region: Option<String>) -> Option<Bucket> {
    let region = match listed_region.filter(|r| !r.is_empty()) {
        Some(r) => r,
        None => match location(cx, &name).await {
            Collected::Value(r) => r,
            Collected::Absent => return None, // deleted since it was listed
            Collected::Error(e) => return Some(unreadable(cx, name, e)),
        },
    };
    if !cx.session.regions.contains(&region) {
        return None;
    }
    let client = cx.session.s3(&region);
    let bucket = name.as_str();
    let arn = format!("arn:{}:s3:::{name}", cx.partition());
    let (policy, versioning, logging, website, encryption, notifications, tags) = tokio::join!(
        cx.read_if(data::POLICY, async {
            cx.call(
                GET_BUCKET_POLICY,
                client.get_bucket_policy().bucket(bucket).send(),
            )
            .await
            .read(&["NoSuchBucketPolicy"], |o| o.policy().map(policy_json))
        }),
        versioning(cx, &client, bucket, &[]),
        cx.read_if(data::LOGGING, async {
            cx.call(
                GET_BUCKET_LOGGING,
                client.get_bucket_logging().bucket(bucket).send(),
            )
            .await
            .read(&[], |o| {
                o.logging_enabled().map(|l| BucketLogging {
                    target_bucket: l.target_bucket().to_string(),
                    target_prefix: l.target_prefix().to_string(),
                })
            })
        }),
        cx.read_if(data::WEBSITE, async {
            cx.call(
                GET_BUCKET_WEBSITE,
                client.get_bucket_website().bucket(bucket).send(),
            )
            .await
            .read(&["NoSuchWebsiteConfiguration"], |o| {
                Some(Website {
                    index_document: o.index_document().map(|d| d.suffix().to_string()),
                    redirect_all_requests_to: o
                        .redirect_all_requests_to()
                        .map(|r| r.host_name().to_string()),
                })
            })
        }),
        cx.read_if(data::ENCRYPTION, async {
            cx.call(
                GET_BUCKET_ENCRYPTION,
                client.get_bucket_encryption().bucket(bucket).send(),
            )
            .await
            .read(&["ServerSideEncryptionConfigurationNotFoundError"], |o| {
                let rule = o.server_side_encryption_configuration()?.rules().first()?;
                let default = rule.apply_server_side_encryption_by_default()?;
                Some(BucketEncryption {
                    sse_algorithm: default.sse_algorithm().as_str().to_string(),
                    kms_master_key_id: default.kms_master_key_id().map(str::to_string),
                    bucket_key_enabled: rule.bucket_key_enabled().unwrap_or(false),
                })
            })
        }),
        cx.read_if(data::NOTIFICATIONS, async {
            cx.call(
                GET_BUCKET_NOTIFICATION_CONFIGURATION,
                client
                    .get_bucket_notification_configuration()
                    .bucket(bucket)
                    .send(),
            )
            .await
            .read(&[], |o| {
                let target = |arn: &str, events: &[aws_sdk_s3::types::Event]| NotificationTarget {
                    arn: arn.to_string(),
                    events: events.iter().map(|e| e.as_str().to_string()).collect(),
                };
                let n = BucketNotifications {
                    topics: o
                        .topic_configurations()
                        .iter()
                        .map(|c| target(c.topic_arn(), c.events()))
                        .collect(),
                    queues: o
                        .queue_configurations()
                        .iter()
                        .map(|c| target(c.queue_arn(), c.events()))
                        .collect(),
                    lambda_functions: o
                        .lambda_function_configurations()
                        .iter()
                        .map(|c| target(c.lambda_function_arn(), c.events()))
                        .collect(),
                    eventbridge: o.event_bridge_configuration().is_some(),
                };
                (n != BucketNotifications::default()).then_some(n)
            })
        }),
        bucket_tags(cx, &client, bucket, &arn),
    );
    let (tags, tags_read) = tags;
    let replication = if tags_read && !data::replication_tagged(&tags) {
        Collected::default()
    } else {
        replication(cx, &client, bucket).await
    };
    if let Collected::Value(r) = &replication {
        for rule in &r.rules {
            cx.refer(&OTHER_BUCKET, &region, rule.destination_name());
        }
    }
    if let Collected::Value(l) = &logging {
        cx.refer(&OTHER_BUCKET, &region, &l.target_bucket);
    }
    if let Some(key) = encryption
        .value()
        .and_then(|e| e.kms_master_key_id.as_deref())
    {
        cx.refer(&crate::kms::KEY, &region, key);
    }
    Some(Bucket {
        arn,
        region,
        account_id: cx.account_id().to_string(),
        name,
        tags,
        policy,
        versioning,
        logging,
        website,
        encryption,
        notifications,
        replication,
    })
}

/// `GetBucketTagging` of `name`, when a selected check reads tags, and
/// whether they were read (no tag set counts as read).
async fn bucket_tags(cx: &Cx, client: &aws_sdk_s3::Client, name: &str, arn: &str) -> (Tags, bool) {
    if !cx.wants(data::BUCKET_TAGS) {
        return (Tags::new(), false);
    }
    let reply = cx
        .call(
            GET_BUCKET_TAGGING,
            client.get_bucket_tagging().bucket(name).send(),
        )
        .await;
    let read = reply.result.is_ok() || reply.failed_with(&["NoSuchTagSet"]);
    let tags = reply.tags(data::BUCKET_TAGS, arn, &["NoSuchTagSet"], |o| {
        crate::tags_of(o.tag_set().iter().map(|t| (t.key(), t.value())))
    });
    (tags, read)
}

/// `GetBucketReplication` of `name`, when a selected check reads it;
/// absent = `ReplicationConfigurationNotFoundError`.
async fn replication(cx: &Cx, client: &aws_sdk_s3::Client, name: &str) -> Collected<Replication> {
    cx.read_if(data::REPLICATION, async {
        cx.call(
            GET_BUCKET_REPLICATION,
            client.get_bucket_replication().bucket(name).send(),
        )
        .await
        .read(&["ReplicationConfigurationNotFoundError"], |o| {
            let c = o.replication_configuration()?;
            Some(Replication {
                role: c.role().to_string(),
                rules: c
                    .rules()
                    .iter()
                    .map(|r| {
                        let d = r.destination();
                        ReplicationRule {
                            id: r.id().map(str::to_string),
                            status: r.status().as_str().to_string(),
                            destination_bucket: d
                                .map(|d| d.bucket().to_string())
                                .unwrap_or_default(),
                            destination_account: d.and_then(|d| d.account()).map(str::to_string),
                            replication_time: d
                                .and_then(|d| d.replication_time())
                                .is_some_and(|t| t.status().as_str() == "Enabled"),
                        }
                    })
                    .collect(),
            })
        })
    })
    .await
}

/// A bucket whose region could not be read: every field a selected check
/// reads carries that error.
fn unreadable(cx: &Cx, name: String, e: CollectError) -> Bucket {
    Bucket {
        arn: format!("arn:{}:s3:::{name}", cx.partition()),
        region: cx.session.home_region.clone(),
        account_id: cx.account_id().to_string(),
        name,
        tags: Tags::new(),
        policy: cx.keep(data::POLICY, Collected::Error(e.clone())),
        versioning: cx.keep(data::VERSIONING, Collected::Error(e.clone())),
        logging: cx.keep(data::LOGGING, Collected::Error(e.clone())),
        website: cx.keep(data::WEBSITE, Collected::Error(e.clone())),
        encryption: cx.keep(data::ENCRYPTION, Collected::Error(e.clone())),
        notifications: cx.keep(data::NOTIFICATIONS, Collected::Error(e.clone())),
        replication: cx.keep(data::REPLICATION, Collected::Error(e)),
    }
}

/// [`OTHER_BUCKET`]: the named buckets the section does not hold, read.
fn resolve_other_buckets(
    cx: &Cx,
    account: &Account,
    refs: Vec<Reference>,
) -> Option<BoxFuture<Patch>> {
    let s3 = account.s3.as_ref()?;
    let known: BTreeSet<&str> = s3
        .buckets
        .iter()
        .map(|b| b.name.as_str())
        .chain(s3.other_buckets.iter().map(|b| b.name.as_str()))
        .collect();
    let names: BTreeSet<String> = refs
        .into_iter()
        .map(|r| r.id)
        .filter(|n| !known.contains(n.as_str()))
        .collect();
    crate::references::read_into(cx, names, other_bucket, |s3: &mut S3, found| {
        s3.other_buckets.extend(found)
    })
}

async fn other_bucket(cx: Cx, name: String) -> OtherBucket {
    let region = location(&cx, &name).await;
    let versioning = match &region {
        Collected::Value(r) => versioning(&cx, &cx.session.s3(r), &name, &["NoSuchBucket"]).await,
        _ if !cx.wants(data::VERSIONING) => Collected::default(),
        Collected::Absent => Collected::Absent,
        Collected::Error(e) => Collected::Error(e.clone()),
    };
    OtherBucket {
        name,
        region,
        versioning,
    }
}
