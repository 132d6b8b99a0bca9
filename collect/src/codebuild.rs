//! CodeBuild, per region: `ListProjects`, then `BatchGetProjects` in
//! batches of [`BATCH`] names; `ListSourceCredentials` (one call, not
//! paginated) when a check reads the source credentials. Its failure leaves
//! the projects read and that part unread in the region ([`Cx::unread`]).
//! Report groups, when read: `ListReportGroups`, `BatchGetReportGroups` in
//! batches, and per group its newest [`REPORTS_PER_GROUP`] reports
//! (`ListReportsForReportGroup`, one page, newest first) described by
//! `BatchGetReports`, reduced to the newest report of each project (the
//! project is the one of the report's build). A listing failure leaves the
//! part unread; a group's reports failing is that group's error.
//!
//! A project's `encryptionKey` is referred to KMS ([`Cx::refer`]), which
//! describes it after the first pass when a selected check reads keys.
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
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::codebuild::{
    self as data, Artifacts, CloudWatchLogs, CodeBuild, EnvironmentVariable, FilterGroup,
    LogsConfig, Project, ProjectReport, ReportExport, ReportGroup, S3Logs, Source,
    SourceCredential, Webhook, WebhookFilter,
};
use awscheck_model::secret::{Buildspec, Secret, SourceLocation};
use std::collections::BTreeMap;

crate::registry::operations! {
    sdk "CodeBuild", iam "codebuild" {
        LIST_PROJECTS = ListProjects,
        BATCH_GET_PROJECTS = BatchGetProjects,
        LIST_SOURCE_CREDENTIALS = ListSourceCredentials,
        LIST_REPORT_GROUPS = ListReportGroups,
        BATCH_GET_REPORT_GROUPS = BatchGetReportGroups,
        LIST_REPORTS_FOR_REPORT_GROUP = ListReportsForReportGroup,
        BATCH_GET_REPORTS = BatchGetReports,
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
    let report_groups = if cx.wants(data::REPORT_GROUPS) {
        report_groups(cx, &client).await.unwrap_or_else(|e| {
            cx.unread(data::REPORT_GROUPS, e);
            Vec::new()
        })
    } else {
        Vec::new()
    };
    Ok(CodeBuild {
        projects,
        source_credentials,
        report_groups,
    })
}

/// Reports read per report group: the newest, in one page.
pub const REPORTS_PER_GROUP: i32 = 100;

/// The region's report groups, each with the projects of its newest reports.
async fn report_groups(
    cx: &Cx,
    client: &aws_sdk_codebuild::Client,
) -> Result<Vec<ReportGroup>, CollectError> {
    let arns: Vec<String> = cx
        .list(
            LIST_REPORT_GROUPS,
            client.list_report_groups().into_paginator().items().send(),
        )
        .await?;
    let batches: Vec<Vec<String>> = arns.chunks(BATCH).map(<[String]>::to_vec).collect();
    let got = cx
        .bounded(batches, |batch| async {
            let request = client
                .batch_get_report_groups()
                .set_report_group_arns(Some(batch))
                .send();
            cx.call(BATCH_GET_REPORT_GROUPS, request).await.ok()
        })
        .await;
    let mut groups = Vec::new();
    for out in got {
        // ARNs in `reportGroupsNotFound` were deleted since the listing.
        groups.extend(
            out?.report_groups()
                .iter()
                .filter(|g| g.arn().is_some())
                .cloned(),
        );
    }
    Ok(cx.bounded(groups, |g| report_group(cx, client, g)).await)
}

async fn report_group(
    cx: &Cx,
    client: &aws_sdk_codebuild::Client,
    g: sdk::ReportGroup,
) -> ReportGroup {
    let arn = g.arn().unwrap_or_default().to_string();
    let latest_reports = latest_reports(cx, client, &arn).await;
    let export = g.export_config();
    let s3_export = export
        .filter(|e| e.export_config_type() == Some(&sdk::ReportExportConfigType::S3))
        .map(|e| ReportExport {
            bucket: crate::text(e.s3_destination().and_then(|d| d.bucket())),
            encryption_disabled: e
                .s3_destination()
                .and_then(sdk::S3ReportExportConfig::encryption_disabled)
                .unwrap_or(false),
        });
    ReportGroup {
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name: g.name().unwrap_or_default().to_string(),
        report_type: g.r#type().map_or("TEST", |t| t.as_str()).to_string(),
        s3_export,
        latest_reports,
        tags: tags_of(g.tags()),
        arn,
    }
}

/// The projects whose builds wrote the group's newest reports, each with
/// its newest report's time; absent when the group has no reports.
async fn latest_reports(
    cx: &Cx,
    client: &aws_sdk_codebuild::Client,
    group: &str,
) -> Collected<Vec<ProjectReport>> {
    let request = client
        .list_reports_for_report_group()
        .report_group_arn(group)
        .sort_order(sdk::SortOrderType::Descending)
        .max_results(REPORTS_PER_GROUP)
        .send();
    let reports = match cx.call(LIST_REPORTS_FOR_REPORT_GROUP, request).await.ok() {
        Ok(out) => out.reports.unwrap_or_default(),
        Err(e) => return Collected::Error(e),
    };
    if reports.is_empty() {
        return Collected::Absent;
    }
    let request = client
        .batch_get_reports()
        .set_report_arns(Some(reports))
        .send();
    let out = match cx.call(BATCH_GET_REPORTS, request).await.ok() {
        Ok(out) => out,
        Err(e) => return Collected::Error(e),
    };
    let mut newest: BTreeMap<String, chrono::DateTime<chrono::Utc>> = BTreeMap::new();
    for r in out.reports() {
        let project = r.execution_id().and_then(project_of_build);
        let created = r.created().and_then(crate::convert::utc);
        if let (Some(project), Some(created)) = (project, created) {
            let at = newest.entry(project.to_string()).or_insert(created);
            *at = (*at).max(created);
        }
    }
    Collected::Value(
        newest
            .into_iter()
            .map(|(project, created)| ProjectReport { project, created })
            .collect(),
    )
}

/// The project of a build ARN (`arn:aws:codebuild:REGION:ACCOUNT:build/PROJECT:ID`).
fn project_of_build(build: &str) -> Option<&str> {
    let (_, rest) = build.split_once(":build/")?;
    Some(rest.rsplit_once(':').map_or(rest, |(project, _)| project))
}

fn tags_of(tags: &[sdk::Tag]) -> awscheck_model::inventory::Tags {
    tags.iter()
        .filter_map(|t| {
            Some((
                t.key()?.to_string(),
                t.value().unwrap_or_default().to_string(),
            ))
        })
        .collect()
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
    if let Some(key) = p.encryption_key() {
        cx.refer(&crate::kms::KEY, &cx.region, key);
    }
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
        privileged_mode: p
            .environment()
            .and_then(sdk::ProjectEnvironment::privileged_mode)
            .unwrap_or(false),
        logs: p.logs_config().map(logs_of).unwrap_or_default(),
        artifacts: p.artifacts().map(artifacts_of),
        secondary_artifacts: p.secondary_artifacts().iter().map(artifacts_of).collect(),
        encryption_key: crate::text(p.encryption_key()),
        webhook: p.webhook().map(webhook_of),
        tags: tags_of(p.tags()),
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

fn logs_of(l: &sdk::LogsConfig) -> LogsConfig {
    LogsConfig {
        cloudwatch: l.cloud_watch_logs().map(|c| CloudWatchLogs {
            status: c.status().as_str().to_string(),
            group_name: crate::text(c.group_name()),
        }),
        s3: l.s3_logs().map(|s| S3Logs {
            status: s.status().as_str().to_string(),
            location: crate::text(s.location()),
            encryption_disabled: s.encryption_disabled().unwrap_or(false),
        }),
    }
}

fn artifacts_of(a: &sdk::ProjectArtifacts) -> Artifacts {
    Artifacts {
        artifacts_type: a.r#type().as_str().to_string(),
        identifier: crate::text(a.artifact_identifier()),
        location: crate::text(a.location()),
        encryption_disabled: a.encryption_disabled().unwrap_or(false),
    }
}

fn webhook_of(w: &sdk::Webhook) -> Webhook {
    Webhook {
        filter_groups: w
            .filter_groups()
            .iter()
            .map(|group| FilterGroup {
                filters: group
                    .iter()
                    .map(|f| WebhookFilter {
                        filter_type: f.r#type().as_str().to_string(),
                        pattern: f.pattern().to_string(),
                        exclude_matched_pattern: f.exclude_matched_pattern().unwrap_or(false),
                    })
                    .collect(),
            })
            .collect(),
    }
}
