//! CodePipeline, per region: `ListPipelines`, then per pipeline, as the
//! selected checks read them, `GetPipeline` (the definition) and
//! `ListTagsForResource`.
//!
//! The definition keeps the artifact store(s), the role and each action's
//! category, owner, provider, region and role; of an action's configuration
//! only the non-secret keys in [`KEPT_CONFIGURATION`] (never `OAuthToken`
//! and the like). Artifact store keys and buckets, and S3 source buckets,
//! are references ([`crate::kms::KEY`], [`crate::s3::OTHER_BUCKET`]) so
//! that another account's key or bucket is read too.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_codepipeline;

use crate::session::sdk_client;
use crate::Cx;
use aws_sdk_codepipeline::types as sdk;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::codepipeline::{
    self as data, Action, ArtifactStore, CodePipeline, EncryptionKey, Pipeline, PipelineDefinition,
    Stage,
};
use std::collections::BTreeMap;

crate::registry::operations! {
    sdk "CodePipeline", iam "codepipeline" {
        LIST_PIPELINES = ListPipelines,
        GET_PIPELINE = GetPipeline,
        LIST_TAGS_FOR_RESOURCE = ListTagsForResource,
    }
}

crate::service!(CodePipeline);

/// The action configuration keys kept: none of them holds a secret.
pub const KEPT_CONFIGURATION: &[&str] = &[
    "S3Bucket",
    "S3ObjectKey",
    "PollForSourceChanges",
    "ActionMode",
    "StackName",
    "Capabilities",
    "RoleArn",
    "ProjectName",
    "NotificationArn",
    "ApplicationName",
    "DeploymentGroupName",
    "RepositoryName",
    "BranchName",
];

async fn collect(cx: &Cx) -> Result<CodePipeline, CollectError> {
    let client = sdk_client!(aws_sdk_codepipeline, &cx.session, &cx.region);
    let listed = cx
        .list(
            LIST_PIPELINES,
            client.list_pipelines().into_paginator().items().send(),
        )
        .await?;
    let names: Vec<String> = listed
        .iter()
        .filter_map(|p| p.name().map(str::to_string))
        .collect();
    let pipelines = cx
        .bounded(names, |name| read_pipeline(cx, &client, name))
        .await;
    Ok(CodePipeline { pipelines })
}

async fn read_pipeline(cx: &Cx, client: &aws_sdk_codepipeline::Client, name: String) -> Pipeline {
    let arn = cx.arn("codepipeline", &name);
    let definition = cx
        .read_if(data::PIPELINE_DEFINITION, async {
            cx.call(GET_PIPELINE, client.get_pipeline().name(&name).send())
                .await
                .read(&["PipelineNotFoundException"], |o| {
                    o.pipeline().map(|p| definition_of(cx, p))
                })
        })
        .await;
    let tags = cx
        .read_if(data::PIPELINE_TAGS, async {
            let listed = client
                .list_tags_for_resource()
                .resource_arn(&arn)
                .into_paginator()
                .items()
                .send()
                .try_collect();
            cx.call(LIST_TAGS_FOR_RESOURCE, listed).await.tags(
                data::PIPELINE_TAGS,
                &arn,
                &[],
                |tags: Vec<sdk::Tag>| crate::tags_of(tags.iter().map(|t| (t.key(), t.value()))),
            )
        })
        .await;
    Pipeline {
        arn,
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name,
        tags,
        definition,
    }
}

fn definition_of(cx: &Cx, p: &sdk::PipelineDeclaration) -> PipelineDefinition {
    let artifact_store = p.artifact_store().map(|s| store_of(cx, &cx.region, s));
    let artifact_stores: BTreeMap<String, ArtifactStore> = p
        .artifact_stores()
        .into_iter()
        .flatten()
        .map(|(region, s)| (region.clone(), store_of(cx, region, s)))
        .collect();
    let stages = p
        .stages()
        .iter()
        .map(|s| Stage {
            name: s.name().to_string(),
            actions: s.actions().iter().map(|a| action_of(cx, a)).collect(),
        })
        .collect();
    PipelineDefinition {
        role_arn: p.role_arn().to_string(),
        artifact_store,
        artifact_stores,
        stages,
    }
}

/// An artifact store in `region`; its bucket and key are references.
fn store_of(cx: &Cx, region: &str, s: &sdk::ArtifactStore) -> ArtifactStore {
    cx.refer(&crate::s3::OTHER_BUCKET, region, s.location());
    let encryption_key = s.encryption_key().map(|k| {
        cx.refer(&crate::kms::KEY, region, k.id());
        EncryptionKey {
            id: k.id().to_string(),
            key_type: k.r#type().as_str().to_string(),
        }
    });
    ArtifactStore {
        store_type: s.r#type().as_str().to_string(),
        location: s.location().to_string(),
        encryption_key,
    }
}

fn action_of(cx: &Cx, a: &sdk::ActionDeclaration) -> Action {
    let kind = a.action_type_id();
    let configuration: BTreeMap<String, String> = a
        .configuration()
        .into_iter()
        .flatten()
        .filter(|(k, _)| KEPT_CONFIGURATION.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let category = kind.map(|t| t.category().as_str()).unwrap_or_default();
    let provider = kind.map(|t| t.provider()).unwrap_or_default();
    if category == "Source" && provider == "S3" {
        if let Some(bucket) = configuration.get("S3Bucket") {
            cx.refer(&crate::s3::OTHER_BUCKET, &cx.region, bucket);
        }
    }
    Action {
        name: a.name().to_string(),
        category: category.to_string(),
        owner: kind
            .map(|t| t.owner().as_str().to_string())
            .unwrap_or_default(),
        provider: provider.to_string(),
        run_order: a.run_order(),
        region: a.region().map(str::to_string),
        role_arn: a.role_arn().map(str::to_string),
        configuration,
    }
}
