//! CodeArtifact, per region: `ListDomains`, then per domain
//! `GetDomainPermissionsPolicy` when read; and, when read, the repositories
//! this account administers (`ListRepositories`; when it fails, the
//! repositories are unread), each with `GetRepositoryPermissionsPolicy`
//! when read. A domain or repository with no policy answers
//! `ResourceNotFoundException`: its policy is absent.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_codeartifact;

use crate::session::sdk_client;
use crate::{policy_json, Cx};
use aws_sdk_codeartifact::types::{DomainSummary, RepositorySummary};
use aws_sdk_codeartifact::Client;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::codeartifact::{self as data, CodeArtifact, Domain, Repository};

crate::registry::operations! {
    sdk "CodeArtifact", iam "codeartifact" {
        LIST_DOMAINS = ListDomains,
        GET_DOMAIN_PERMISSIONS_POLICY = GetDomainPermissionsPolicy,
        LIST_REPOSITORIES = ListRepositories,
        GET_REPOSITORY_PERMISSIONS_POLICY = GetRepositoryPermissionsPolicy,
    }
}

crate::service!(CodeArtifact);

/// No policy, or the domain or repository deleted while read, answers this.
const NO_POLICY: &[&str] = &["ResourceNotFoundException"];

async fn collect(cx: &Cx) -> Result<CodeArtifact, CollectError> {
    let client = sdk_client!(aws_sdk_codeartifact, &cx.session, &cx.region);
    let listed = cx
        .list(
            LIST_DOMAINS,
            client.list_domains().into_paginator().items().send(),
        )
        .await?;
    let domains = cx
        .bounded(listed, |d| read_domain(cx, &client, d))
        .await
        .into_iter()
        .flatten()
        .collect();
    let repositories = cx
        .part(data::REPOSITORIES, async {
            let listed = cx
                .list(
                    LIST_REPOSITORIES,
                    client.list_repositories().into_paginator().items().send(),
                )
                .await?;
            Ok(cx
                .bounded(listed, |r| read_repository(cx, &client, r))
                .await
                .into_iter()
                .flatten()
                .collect())
        })
        .await;
    Ok(CodeArtifact {
        domains,
        repositories,
    })
}

async fn read_domain(cx: &Cx, client: &Client, d: DomainSummary) -> Option<Domain> {
    let name = d.name()?.to_string();
    let arn = d.arn()?.to_string();
    let owner = d.owner().map(str::to_string);
    let policy = cx
        .read_if(data::DOMAIN_POLICY, async {
            let request = client
                .get_domain_permissions_policy()
                .domain(&name)
                .set_domain_owner(owner.clone())
                .send();
            cx.call(GET_DOMAIN_PERMISSIONS_POLICY, request)
                .await
                .read(NO_POLICY, |o| {
                    o.policy().and_then(|p| p.document()).map(policy_json)
                })
        })
        .await;
    Some(Domain {
        region: cx.region.clone(),
        account_id: owner.unwrap_or_else(|| cx.account_of(&arn)),
        arn,
        name,
        policy,
    })
}

async fn read_repository(cx: &Cx, client: &Client, r: RepositorySummary) -> Option<Repository> {
    let name = r.name()?.to_string();
    let arn = r.arn()?.to_string();
    let domain_name = r.domain_name()?.to_string();
    let domain_owner = r.domain_owner()?.to_string();
    let policy = cx
        .read_if(data::REPOSITORY_POLICY, async {
            let request = client
                .get_repository_permissions_policy()
                .domain(&domain_name)
                .domain_owner(&domain_owner)
                .repository(&name)
                .send();
            cx.call(GET_REPOSITORY_PERMISSIONS_POLICY, request)
                .await
                .read(NO_POLICY, |o| {
                    o.policy().and_then(|p| p.document()).map(policy_json)
                })
        })
        .await;
    Some(Repository {
        region: cx.region.clone(),
        account_id: r
            .administrator_account()
            .map_or_else(|| cx.account_of(&arn), str::to_string),
        arn,
        name,
        domain_name,
        domain_owner,
        policy,
    })
}
