//! CodeBuild, per region: `ListProjects`, then `BatchGetProjects` in
//! batches of [`BATCH`] names; `ListSourceCredentials` (one call, not
//! paginated) when a check reads the source credentials. Its failure leaves
//! the projects read and that part unread in the region ([`Cx::unread`]).
//!
//! Redaction at the source: environment variable values go through
//! [`Secret::redact`], source locations through [`SourceLocation::redact`]
//! and buildspecs through [`Buildspec::from_text`], so a plaintext value
//! never reaches the inventory. A variable without a type is `PLAINTEXT`
//! (CodeBuild's default).
//!
//! A project is all-or-nothing in the model (no field is a `Collected`), so
//! a failed `BatchGetProjects` blinds CodeBuild in that region, like a
//! failed `ListProjects`: the checks report ERROR there rather than judge
//! projects that were not read.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_codebuild;

use crate::session::sdk_client;
use crate::Cx;
use aws_sdk_codebuild::types as sdk;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::codebuild::{
    self as data, CodeBuild, EnvironmentVariable, Project, Source, SourceCredential,
};
use awscheck_model::secret::{Buildspec, Secret, SourceLocation};

crate::registry::operations! {
    sdk "CodeBuild", iam "codebuild" {
        LIST_PROJECTS = ListProjects,
        BATCH_GET_PROJECTS = BatchGetProjects,
        LIST_SOURCE_CREDENTIALS = ListSourceCredentials,
    }
}

crate::service!(CodeBuild);

/// Names per `BatchGetProjects` call (the API's maximum).
pub const BATCH: usize = 100;

async fn collect(cx: &Cx) -> Result<CodeBuild, CollectError> {
    let client = sdk_client!(aws_sdk_codebuild, &cx.session, &cx.region);
    let names: Vec<String> = cx
        .list(
            LIST_PROJECTS,
            client.list_projects().into_paginator().items().send(),
        )
        .await?;
    let batches: Vec<Vec<String>> = names.chunks(BATCH).map(<[String]>::to_vec).collect();
    let got = cx
        .bounded(batches, |batch| async {
            let request = client.batch_get_projects().set_names(Some(batch)).send();
            cx.call(BATCH_GET_PROJECTS, request).await.ok()
        })
        .await;
    let mut projects = Vec::new();
    for out in got {
        // Names in `projectsNotFound` were deleted since the listing.
        let out = out?;
        projects.extend(out.projects().iter().map(|p| project_of(cx, p)));
    }
    let source_credentials = if cx.wants(data::SOURCE_CREDENTIALS) {
        let request = client.list_source_credentials().send();
        match cx.call(LIST_SOURCE_CREDENTIALS, request).await.ok() {
            Ok(out) => out
                .source_credentials_infos()
                .iter()
                .filter_map(|c| source_credential(cx, c))
                .collect(),
            Err(e) => {
                cx.unread(data::SOURCE_CREDENTIALS, e);
                Vec::new()
            }
        }
    } else {
        Vec::new()
    };
    Ok(CodeBuild {
        projects,
        source_credentials,
    })
}

fn source_credential(cx: &Cx, c: &sdk::SourceCredentialsInfo) -> Option<SourceCredential> {
    Some(SourceCredential {
        arn: c.arn()?.to_string(),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        server_type: c.server_type()?.as_str().to_string(),
        auth_type: c.auth_type()?.as_str().to_string(),
        resource: crate::text(c.resource()),
    })
}

fn project_of(cx: &Cx, p: &sdk::Project) -> Project {
    let name = p.name().unwrap_or_default().to_string();
    let arn = p
        .arn()
        .map(str::to_string)
        .unwrap_or_else(|| cx.arn("codebuild", &format!("project/{name}")));
    let environment_variables = p
        .environment()
        .map(|e| e.environment_variables())
        .unwrap_or_default()
        .iter()
        .map(|v| EnvironmentVariable {
            name: v.name().to_string(),
            var_type: v.r#type().map_or("PLAINTEXT", |t| t.as_str()).to_string(),
            value: Secret::redact(v.value()),
        })
        .collect();
    Project {
        arn,
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name,
        service_role: p.service_role().unwrap_or_default().to_string(),
        environment_variables,
        source: p.source().map_or_else(
            || Source {
                source_type: "NO_SOURCE".into(),
                location: None,
                buildspec: None,
            },
            source_of,
        ),
        secondary_sources: p.secondary_sources().iter().map(source_of).collect(),
        tags: p
            .tags()
            .iter()
            .filter_map(|t| {
                Some((
                    t.key()?.to_string(),
                    t.value().unwrap_or_default().to_string(),
                ))
            })
            .collect(),
    }
}

fn source_of(s: &sdk::ProjectSource) -> Source {
    Source {
        source_type: s.r#type().as_str().to_string(),
        location: s
            .location()
            .filter(|l| !l.is_empty())
            .map(SourceLocation::redact),
        buildspec: s
            .buildspec()
            .filter(|b| !b.is_empty())
            .map(Buildspec::from_text),
    }
}
