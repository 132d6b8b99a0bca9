//! Amazon OpenSearch Service, per region: `ListDomainNames` (one answer,
//! not paged), then `DescribeDomains` five names at a time (its limit),
//! then, as the selected checks read them, `ListTags` per domain (when one
//! fails, that domain's tags are unread).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_opensearch;

use crate::session::sdk_client;
use crate::{tags_of, text, Cx};
use aws_sdk_opensearch::types::DomainStatus;
use aws_sdk_opensearch::Client;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::opensearch::{self as data, ClusterConfig, Domain, OpenSearch};

crate::registry::operations! {
    sdk "OpenSearch", iam "es" {
        LIST_DOMAIN_NAMES = ListDomainNames,
        DESCRIBE_DOMAINS = DescribeDomains,
        LIST_TAGS = ListTags,
    }
}

crate::service!(OpenSearch);

/// Names per `DescribeDomains` request (the API's maximum).
const DESCRIBE_BATCH: usize = 5;

/// A domain deleted since the listing answers this.
const GONE: &str = "ResourceNotFoundException";

async fn collect(cx: &Cx) -> Result<OpenSearch, CollectError> {
    let client = sdk_client!(aws_sdk_opensearch, &cx.session, &cx.region);
    let listed = cx
        .call(LIST_DOMAIN_NAMES, client.list_domain_names().send())
        .await
        .ok()?;
    let names: Vec<String> = listed
        .domain_names()
        .iter()
        .filter_map(|d| d.domain_name().map(str::to_string))
        .collect();
    let mut statuses = Vec::new();
    for batch in names.chunks(DESCRIBE_BATCH) {
        let request = client
            .describe_domains()
            .set_domain_names(Some(batch.to_vec()))
            .send();
        let described = cx.call(DESCRIBE_DOMAINS, request).await.ok()?;
        statuses.extend(described.domain_status_list);
    }
    let domains = cx.bounded(statuses, |s| read_domain(cx, &client, s)).await;
    Ok(OpenSearch { domains })
}

async fn read_domain(cx: &Cx, client: &Client, s: DomainStatus) -> Domain {
    let tags = cx
        .read_if(data::DOMAIN_TAGS, async {
            let request = client.list_tags().arn(s.arn()).send();
            cx.call(LIST_TAGS, request)
                .await
                .tags(data::DOMAIN_TAGS, s.arn(), &[GONE], |o| {
                    tags_of(o.tag_list().iter().map(|t| (t.key(), t.value())))
                })
        })
        .await;
    let c = s.cluster_config();
    Domain {
        arn: s.arn().to_string(),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name: s.domain_name().to_string(),
        engine_version: text(s.engine_version()),
        deleted: s.deleted() == Some(true),
        cluster: ClusterConfig {
            instance_type: c
                .and_then(|c| c.instance_type())
                .map(|t| t.as_str().to_string()),
            instance_count: c
                .and_then(|c| c.instance_count())
                .unwrap_or_default()
                .into(),
            zone_awareness_enabled: c.and_then(|c| c.zone_awareness_enabled()) == Some(true),
            availability_zone_count: c
                .and_then(|c| c.zone_awareness_config())
                .and_then(|z| z.availability_zone_count())
                .map(i64::from),
            dedicated_master_enabled: c.and_then(|c| c.dedicated_master_enabled()) == Some(true),
            multi_az_with_standby: c.and_then(|c| c.multi_az_with_standby_enabled()) == Some(true),
        },
        tags,
    }
}
