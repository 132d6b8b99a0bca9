//! ECR, per region: `DescribeRepositories`, then per repository the calls
//! the selected checks read (`ListTagsForResource`, `GetLifecyclePolicy`),
//! and, when read, the registry's `GetRegistryScanningConfiguration`
//! (when it fails, the registry scanning is unread).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_ecr;

use crate::session::sdk_client;
use crate::{tags_of, Cx};
use aws_sdk_ecr::Client;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::ecr::{
    self as data, Ecr, RegistryScanning, Repository, ScanningRule,
};
use awscheck_model::inventory::JsonDocument;

crate::registry::operations! {
    sdk "ECR", iam "ecr" {
        DESCRIBE_REPOSITORIES = DescribeRepositories,
        LIST_TAGS_FOR_RESOURCE = ListTagsForResource,
        GET_LIFECYCLE_POLICY = GetLifecyclePolicy,
        GET_REGISTRY_SCANNING_CONFIGURATION = GetRegistryScanningConfiguration,
    }
}

crate::service!(Ecr);

/// Page size of `DescribeRepositories` (its maximum).
const PAGE: i32 = 1000;

/// A repository deleted between the listing and these calls answers this.
const GONE: &str = "RepositoryNotFoundException";

async fn collect(cx: &Cx) -> Result<Ecr, CollectError> {
    let client = sdk_client!(aws_sdk_ecr, &cx.session, &cx.region);
    let listed = cx
        .list(
            DESCRIBE_REPOSITORIES,
            client
                .describe_repositories()
                .max_results(PAGE)
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let repositories = cx
        .bounded(listed, |r| read_repository(cx, &client, r))
        .await
        .into_iter()
        .flatten()
        .collect();
    let registry_scanning = cx
        .part(data::REGISTRY_SCANNING, async {
            let request = client.get_registry_scanning_configuration().send();
            let out = cx
                .call(GET_REGISTRY_SCANNING_CONFIGURATION, request)
                .await
                .ok()?;
            let config = out.scanning_configuration();
            Ok(vec![RegistryScanning {
                region: cx.region.clone(),
                account_id: out
                    .registry_id()
                    .map_or_else(|| cx.account_id().to_string(), str::to_string),
                scan_type: config
                    .and_then(|c| c.scan_type())
                    .map_or_else(|| "BASIC".to_string(), |t| t.as_str().to_string()),
                rules: config
                    .map(|c| c.rules())
                    .unwrap_or_default()
                    .iter()
                    .map(|r| ScanningRule {
                        scan_frequency: r.scan_frequency().as_str().to_string(),
                        repository_filters: r
                            .repository_filters()
                            .iter()
                            .map(|f| f.filter().to_string())
                            .collect(),
                    })
                    .collect(),
            }])
        })
        .await;
    Ok(Ecr {
        repositories,
        registry_scanning,
    })
}

async fn read_repository(
    cx: &Cx,
    client: &Client,
    r: aws_sdk_ecr::types::Repository,
) -> Option<Repository> {
    let name = r.repository_name()?.to_string();
    let arn = r.repository_arn()?.to_string();
    let registry = r.registry_id().map(str::to_string);
    let (tags, lifecycle_policy) = futures_util::join!(
        cx.read_if(data::REPOSITORY_TAGS, async {
            let request = client.list_tags_for_resource().resource_arn(&arn).send();
            let reply = cx.call(LIST_TAGS_FOR_RESOURCE, request).await;
            reply.tags(data::REPOSITORY_TAGS, &arn, &[GONE], |o| {
                tags_of(o.tags().iter().map(|t| (t.key(), t.value())))
            })
        }),
        cx.read_if(data::LIFECYCLE_POLICY, async {
            let request = client
                .get_lifecycle_policy()
                .repository_name(&name)
                .set_registry_id(registry.clone())
                .send();
            cx.call(GET_LIFECYCLE_POLICY, request)
                .await
                .read(&["LifecyclePolicyNotFoundException"], |o| {
                    o.lifecycle_policy_text().map(JsonDocument::from_text)
                })
        }),
    );
    Some(Repository {
        region: cx.region.clone(),
        account_id: registry.unwrap_or_else(|| cx.account_of(&arn)),
        scan_on_push: r
            .image_scanning_configuration()
            .is_some_and(|c| c.scan_on_push()),
        arn,
        name,
        tags,
        lifecycle_policy,
    })
}
