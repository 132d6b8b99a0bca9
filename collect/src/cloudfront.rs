//! CloudFront (global): `ListDistributions` (origins, with their custom
//! header values redacted here, before anything else sees them; cache
//! behaviors; web ACL), then, as the selected checks read them,
//! `ListTagsForResource` and `GetDistributionConfig` (the legacy logging
//! settings, which the listing lacks) per distribution, and CloudWatch Logs
//! `DescribeDeliverySources` in us-east-1 (standard logging v2). A
//! distribution deleted since it was listed has absent parts.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_cloudfront;

use crate::session::sdk_client;
use crate::{text, Cx};
use aws_sdk_cloudfront::types as sdk;
use aws_sdk_cloudfront::Client;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::cloudfront::{
    self as data, CacheBehavior, CloudFront, DeliverySource, Distribution, DistributionLogging,
    Origin,
};
use awscheck_model::inventory::GLOBAL;
use awscheck_model::secret::{NamedSecret, Secret};

crate::registry::operations! {
    sdk "CloudFront", iam "cloudfront" {
        LIST_DISTRIBUTIONS = ListDistributions,
        LIST_TAGS_FOR_RESOURCE = ListTagsForResource,
        GET_DISTRIBUTION_CONFIG = GetDistributionConfig,
    }
    sdk "CloudWatch Logs", iam "logs" {
        DESCRIBE_DELIVERY_SOURCES = DescribeDeliverySources,
    }
}

crate::service!(CloudFront, global: true);

/// Where CloudFront's standard logging v2 delivery sources are.
const DELIVERY_REGION: &str = "us-east-1";

/// The service of CloudFront's delivery sources.
const DELIVERY_SERVICE: &str = "cloudfront";

/// Error code of a distribution deleted since it was listed.
const GONE: &[&str] = &["NoSuchDistribution"];

async fn collect(cx: &Cx) -> Result<CloudFront, CollectError> {
    let client = sdk_client!(aws_sdk_cloudfront, &cx.session, &cx.region);
    let listed = cx
        .list(
            LIST_DISTRIBUTIONS,
            client.list_distributions().into_paginator().items().send(),
        )
        .await?;
    let distributions = cx
        .bounded(listed, |d| read_distribution(cx, &client, d))
        .await;
    let delivery_sources = cx.part(data::DELIVERY_SOURCES, delivery_sources(cx)).await;
    Ok(CloudFront {
        distributions,
        delivery_sources,
    })
}

async fn read_distribution(cx: &Cx, client: &Client, d: sdk::DistributionSummary) -> Distribution {
    let arn = d.arn().to_string();
    let (tags, logging) = tokio::join!(
        cx.read_if(data::DISTRIBUTION_TAGS, async {
            let request = client.list_tags_for_resource().resource(&arn).send();
            cx.call(LIST_TAGS_FOR_RESOURCE, request).await.tags(
                data::DISTRIBUTION_TAGS,
                &arn,
                &[],
                |o| {
                    crate::tags_of(
                        o.tags()
                            .map(|t| t.items())
                            .unwrap_or_default()
                            .iter()
                            .map(|t| (t.key(), t.value().unwrap_or_default())),
                    )
                },
            )
        }),
        cx.read_if(data::LOGGING, async {
            let request = client.get_distribution_config().id(d.id()).send();
            cx.call(GET_DISTRIBUTION_CONFIG, request)
                .await
                .read(GONE, |o| {
                    let logging = o.distribution_config()?.logging();
                    Some(DistributionLogging {
                        enabled: logging.is_some_and(|l| l.enabled()),
                        bucket: text(logging.map(|l| l.bucket())),
                        prefix: text(logging.map(|l| l.prefix())),
                    })
                })
        }),
    );
    Distribution {
        account_id: cx.account_of(&arn),
        region: GLOBAL.to_string(),
        id: d.id().to_string(),
        domain_name: d.domain_name().to_string(),
        enabled: d.enabled(),
        status: text(Some(d.status())),
        aliases: d.aliases().map(|a| a.items().to_vec()).unwrap_or_default(),
        web_acl_id: text(Some(d.web_acl_id())),
        origins: d
            .origins()
            .map(|o| o.items())
            .unwrap_or_default()
            .iter()
            .map(origin)
            .collect(),
        default_viewer_protocol_policy: d
            .default_cache_behavior()
            .map(|b| b.viewer_protocol_policy().as_str().to_string())
            .unwrap_or_default(),
        cache_behaviors: d
            .cache_behaviors()
            .map(|c| c.items())
            .unwrap_or_default()
            .iter()
            .map(|b| CacheBehavior {
                path_pattern: b.path_pattern().to_string(),
                target_origin_id: b.target_origin_id().to_string(),
                viewer_protocol_policy: b.viewer_protocol_policy().as_str().to_string(),
            })
            .collect(),
        logging,
        tags,
        arn,
    }
}

/// An origin, its custom header values redacted.
fn origin(o: &sdk::Origin) -> Origin {
    Origin {
        id: o.id().to_string(),
        domain_name: o.domain_name().to_string(),
        origin_path: text(o.origin_path()),
        custom_headers: o
            .custom_headers()
            .map(|h| h.items())
            .unwrap_or_default()
            .iter()
            .map(|h| NamedSecret {
                name: h.header_name().to_string(),
                value: Secret::redact(h.header_value()),
            })
            .collect(),
        origin_protocol_policy: o
            .custom_origin_config()
            .map(|c| c.origin_protocol_policy().as_str().to_string()),
        origin_access_control_id: text(o.origin_access_control_id()),
        origin_access_identity: text(o.s3_origin_config().map(|s| s.origin_access_identity())),
    }
}

/// CloudWatch Logs `DescribeDeliverySources` in us-east-1: those of CloudFront.
async fn delivery_sources(cx: &Cx) -> Result<Vec<DeliverySource>, CollectError> {
    let logs = sdk_client!(aws_sdk_cloudwatchlogs, &cx.session, DELIVERY_REGION);
    let listed = cx
        .list(
            DESCRIBE_DELIVERY_SOURCES,
            logs.describe_delivery_sources()
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    Ok(listed
        .iter()
        .filter(|s| s.service() == Some(DELIVERY_SERVICE))
        .filter_map(|s| {
            let arn = s.arn()?.to_string();
            Some(DeliverySource {
                account_id: cx.account_of(&arn),
                region: DELIVERY_REGION.to_string(),
                name: s.name().unwrap_or_default().to_string(),
                log_type: text(s.log_type()),
                resource_arns: s.resource_arns().to_vec(),
                arn,
            })
        })
        .collect())
}
