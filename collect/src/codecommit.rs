//! CodeCommit, per region: `ListRepositories`, then per repository the
//! calls the selected checks read: `GetRepository` (its default branch),
//! `ListTagsForResource` and `ListAssociatedApprovalRuleTemplatesForRepository`;
//! and, when read, the region's approval rule templates
//! (`ListApprovalRuleTemplates`, then `GetApprovalRuleTemplate` for each;
//! when the listing fails, the templates are unread).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_codecommit;

use crate::session::sdk_client;
use crate::{pages, tags_of, Cx};
use aws_sdk_codecommit::Client;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::codecommit::{
    self as data, ApprovalRuleTemplate, CodeCommit, Repository,
};
use awscheck_model::inventory::JsonDocument;

crate::registry::operations! {
    sdk "CodeCommit", iam "codecommit" {
        LIST_REPOSITORIES = ListRepositories,
        GET_REPOSITORY = GetRepository,
        LIST_TAGS_FOR_RESOURCE = ListTagsForResource,
        LIST_ASSOCIATED_APPROVAL_RULE_TEMPLATES_FOR_REPOSITORY = ListAssociatedApprovalRuleTemplatesForRepository,
        LIST_APPROVAL_RULE_TEMPLATES = ListApprovalRuleTemplates,
        GET_APPROVAL_RULE_TEMPLATE = GetApprovalRuleTemplate,
    }
}

crate::service!(CodeCommit);

/// A repository deleted between the listing and these calls answers this.
const REPOSITORY_GONE: &[&str] = &["RepositoryDoesNotExistException"];
/// A template deleted between the listing and its read answers this.
const TEMPLATE_GONE: &[&str] = &["ApprovalRuleTemplateDoesNotExistException"];

async fn collect(cx: &Cx) -> Result<CodeCommit, CollectError> {
    let client = sdk_client!(aws_sdk_codecommit, &cx.session, &cx.region);
    let listed = cx
        .list(
            LIST_REPOSITORIES,
            client.list_repositories().into_paginator().items().send(),
        )
        .await?;
    let names: Vec<String> = listed
        .iter()
        .filter_map(|r| r.repository_name().map(str::to_string))
        .collect();
    let repositories = cx
        .bounded(names, |name| read_repository(cx, &client, name))
        .await;
    let approval_rule_templates = cx.part(data::TEMPLATES, templates(cx, &client)).await;
    Ok(CodeCommit {
        repositories,
        approval_rule_templates,
    })
}

async fn read_repository(cx: &Cx, client: &Client, name: String) -> Repository {
    let arn = cx.arn("codecommit", &name);
    let (default_branch, tags, approval_rule_templates) = futures_util::join!(
        cx.read_if(data::DEFAULT_BRANCH, async {
            let request = client.get_repository().repository_name(&name).send();
            cx.call(GET_REPOSITORY, request)
                .await
                .read(REPOSITORY_GONE, |o| {
                    o.repository_metadata()
                        .and_then(|m| crate::text(m.default_branch()))
                })
        }),
        cx.read_if(data::REPOSITORY_TAGS, async {
            let listed = pages(
                |token| {
                    client
                        .list_tags_for_resource()
                        .resource_arn(&arn)
                        .set_next_token(token)
                        .send()
                },
                |o| {
                    let tags: Vec<(String, String)> = o
                        .tags()
                        .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                        .unwrap_or_default();
                    (tags, o.next_token().map(str::to_string))
                },
            );
            let reply = cx.call(LIST_TAGS_FOR_RESOURCE, listed).await;
            reply.tags(data::REPOSITORY_TAGS, &arn, REPOSITORY_GONE, |t| {
                tags_of(t.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            })
        }),
        cx.read_if(data::ASSOCIATED_TEMPLATES, async {
            let listed = pages(
                |token| {
                    client
                        .list_associated_approval_rule_templates_for_repository()
                        .repository_name(&name)
                        .set_next_token(token)
                        .send()
                },
                |o| {
                    (
                        o.approval_rule_template_names().to_vec(),
                        o.next_token().map(str::to_string),
                    )
                },
            );
            cx.call(
                LIST_ASSOCIATED_APPROVAL_RULE_TEMPLATES_FOR_REPOSITORY,
                listed,
            )
            .await
            .read(REPOSITORY_GONE, Some)
        }),
    );
    Repository {
        arn,
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name,
        default_branch,
        tags,
        approval_rule_templates,
    }
}

/// The region's approval rule templates, each with its content.
async fn templates(cx: &Cx, client: &Client) -> Result<Vec<ApprovalRuleTemplate>, CollectError> {
    let listed = pages(
        |token| {
            client
                .list_approval_rule_templates()
                .set_next_token(token)
                .send()
        },
        |o| {
            (
                o.approval_rule_template_names().to_vec(),
                o.next_token().map(str::to_string),
            )
        },
    );
    let names = cx.call(LIST_APPROVAL_RULE_TEMPLATES, listed).await.ok()?;
    Ok(cx
        .bounded(names, |name| async move {
            let request = client
                .get_approval_rule_template()
                .approval_rule_template_name(&name)
                .send();
            let content =
                cx.call(GET_APPROVAL_RULE_TEMPLATE, request)
                    .await
                    .read(TEMPLATE_GONE, |o| {
                        o.approval_rule_template()
                            .and_then(|t| t.approval_rule_template_content())
                            .map(JsonDocument::from_text)
                    });
            ApprovalRuleTemplate {
                region: cx.region.clone(),
                account_id: cx.account_id().to_string(),
                name,
                content,
            }
        })
        .await)
}
