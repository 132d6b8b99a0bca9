//! S3: `ListBuckets` once for the account (scope `global`), then each bucket
//! read in its own region (the region `ListBuckets` reports, else
//! `GetBucketLocation`: null → us-east-1, `EU` → eu-west-1). Buckets whose
//! region is not scanned are left out.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_s3;

use crate::session::Session;
use crate::{policy_json, Cx};
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::s3::{
    Bucket, BucketEncryption, BucketLogging, OtherBucket, Website, S3,
};
use awscheck_model::inventory::Tags;
use std::collections::BTreeSet;

crate::service!(S3, s3, [buckets, other_buckets], global: true);

async fn collect(cx: &Cx) -> Result<S3, CollectError> {
    let client = cx.session.s3(&cx.region);
    let listed = cx
        .list(
            "ListBuckets",
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

/// `GetBucketLocation`: `Ok(None)` when the bucket does not exist.
async fn location(session: &Session, name: &str) -> Result<Option<String>, CollectError> {
    let client = session.s3(&session.home_region);
    match client.get_bucket_location().bucket(name).send().await {
        Ok(out) => Ok(Some(region_of_constraint(
            out.location_constraint().map(|c| c.as_str()),
        ))),
        Err(e) if crate::error::has_code(&e, &["NoSuchBucket"]) => Ok(None),
        Err(e) => Err(crate::fail(session, "GetBucketLocation", &e)),
    }
}

/// The region a location constraint means.
pub fn region_of_constraint(constraint: Option<&str>) -> String {
    match constraint {
        None | Some("") => "us-east-1".to_string(),
        Some("EU") => "eu-west-1".to_string(),
        Some(r) => r.to_string(),
    }
}

async fn read_bucket(cx: &Cx, name: String, listed_region: Option<String>) -> Option<Bucket> {
    let region = match listed_region.filter(|r| !r.is_empty()) {
        Some(r) => Ok(Some(r)),
        None => location(&cx.session, &name).await,
    };
    let region = match region {
        Ok(Some(r)) => r,
        Ok(None) => return None, // deleted since it was listed
        Err(e) => return Some(unreadable(cx, name, e)),
    };
    if !cx.session.regions.contains(&region) {
        return None;
    }
    let client = cx.session.s3(&region);
    let (policy, versioning, logging, website, encryption, tagging) = tokio::join!(
        client.get_bucket_policy().bucket(&name).send(),
        client.get_bucket_versioning().bucket(&name).send(),
        client.get_bucket_logging().bucket(&name).send(),
        client.get_bucket_website().bucket(&name).send(),
        client.get_bucket_encryption().bucket(&name).send(),
        client.get_bucket_tagging().bucket(&name).send(),
    );
    let policy = cx.read("GetBucketPolicy", policy, &["NoSuchBucketPolicy"], |o| {
        o.policy().map(policy_json)
    });
    let versioning = cx.read("GetBucketVersioning", versioning, &[], |o| {
        o.status().map(|s| s.as_str().to_string())
    });
    let logging = cx.read("GetBucketLogging", logging, &[], |o| {
        o.logging_enabled().map(|l| BucketLogging {
            target_bucket: l.target_bucket().to_string(),
            target_prefix: l.target_prefix().to_string(),
        })
    });
    let website = cx.read(
        "GetBucketWebsite",
        website,
        &["NoSuchWebsiteConfiguration"],
        |o| {
            Some(Website {
                index_document: o.index_document().map(|d| d.suffix().to_string()),
                redirect_all_requests_to: o
                    .redirect_all_requests_to()
                    .map(|r| r.host_name().to_string()),
            })
        },
    );
    let encryption = cx.read(
        "GetBucketEncryption",
        encryption,
        &["ServerSideEncryptionConfigurationNotFoundError"],
        |o| {
            let rule = o.server_side_encryption_configuration()?.rules().first()?;
            let default = rule.apply_server_side_encryption_by_default()?;
            Some(BucketEncryption {
                sse_algorithm: default.sse_algorithm().as_str().to_string(),
                kms_master_key_id: default.kms_master_key_id().map(str::to_string),
                bucket_key_enabled: rule.bucket_key_enabled().unwrap_or(false),
            })
        },
    );
    // Tags are not a `Collected` in the model: an unreadable tag set is
    // counted as an error and read as no tags (checks then judge strictly).
    let tags: Tags = match cx.read("GetBucketTagging", tagging, &["NoSuchTagSet"], |o| {
        Some(
            o.tag_set()
                .iter()
                .map(|t| (t.key().to_string(), t.value().to_string()))
                .collect::<Tags>(),
        )
    }) {
        Collected::Value(t) => t,
        _ => Tags::new(),
    };
    if let Collected::Value(l) = &logging {
        cx.refs().bucket(&l.target_bucket);
    }
    if let Some(key) = encryption
        .value()
        .and_then(|e| e.kms_master_key_id.as_deref())
    {
        cx.refs().kms_key(&region, key);
    }
    Some(Bucket {
        arn: format!("arn:{}:s3:::{name}", cx.partition()),
        region,
        account_id: cx.account_id().to_string(),
        name,
        tags,
        policy,
        versioning,
        logging,
        website,
        encryption,
    })
}

/// A bucket whose region could not be read: every field carries that error.
fn unreadable(cx: &Cx, name: String, e: CollectError) -> Bucket {
    Bucket {
        arn: format!("arn:{}:s3:::{name}", cx.partition()),
        region: cx.session.home_region.clone(),
        account_id: cx.account_id().to_string(),
        name,
        tags: Tags::new(),
        policy: Collected::Error(e.clone()),
        versioning: Collected::Error(e.clone()),
        logging: Collected::Error(e.clone()),
        website: Collected::Error(e.clone()),
        encryption: Collected::Error(e),
    }
}

/// Buckets referenced by collected resources but not listed (another
/// account's, or deleted): their region and versioning.
pub async fn resolve_other_buckets(session: &Session, names: BTreeSet<String>, s3: &mut S3) {
    let owned: BTreeSet<&str> = s3.buckets.iter().map(|b| b.name.as_str()).collect();
    let todo: Vec<String> = names
        .into_iter()
        .filter(|n| !owned.contains(n.as_str()) && !s3.other_buckets.iter().any(|o| &o.name == n))
        .collect();
    let found = crate::bounded(todo, |name| async move {
        let region = match location(session, &name).await {
            Ok(Some(r)) => Collected::Value(r),
            Ok(None) => Collected::Absent,
            Err(e) => Collected::Error(e),
        };
        let versioning = match &region {
            Collected::Value(r) => {
                let client = session.s3(r);
                let out = client.get_bucket_versioning().bucket(&name).send().await;
                crate::read(
                    session,
                    "GetBucketVersioning",
                    out,
                    &["NoSuchBucket"],
                    |o| o.status().map(|s| s.as_str().to_string()),
                )
            }
            Collected::Absent => Collected::Absent,
            Collected::Error(e) => Collected::Error(e.clone()),
        };
        OtherBucket {
            name,
            region,
            versioning,
        }
    })
    .await;
    s3.other_buckets.extend(found);
}
