//! CodeBuild: projects (`BatchGetProjects`), with environment variable
//! values, source locations and inline buildspecs redacted on load.

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use crate::secret::{Buildspec, Secret, SourceLocation};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListProjects` and `BatchGetProjects`: build projects, their role, environment (redacted) and sources.
pub const PROJECTS: Data = Data::listing("codebuild");
/// `ListSourceCredentials`: the source-provider credentials CodeBuild holds in each region.
pub const SOURCE_CREDENTIALS: Data = Data::part("codebuild", "source_credentials");
/// `ListReportGroups` and `BatchGetReportGroups`: report groups and their export; per group,
/// `ListReportsForReportGroup` (the newest 100 reports) and `BatchGetReports`: the projects that
/// reported to it and when last.
pub const REPORT_GROUPS: Data = Data::part("codebuild", "report_groups");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[PROJECTS, SOURCE_CREDENTIALS, REPORT_GROUPS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeBuild {
    #[serde(default)]
    pub projects: Vec<Project>,
    /// The credentials CodeBuild holds to reach source providers, one set
    /// per region, shared by the region's projects (the token itself is
    /// never returned).
    #[serde(default)]
    pub source_credentials: Vec<SourceCredential>,
    /// Test and code-coverage report groups.
    #[serde(default)]
    pub report_groups: Vec<ReportGroup>,
}
merge!(CodeBuild {
    projects,
    source_credentials,
    report_groups
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// The role ARN (a bare role name is looked up by name).
    pub service_role: String,
    #[serde(default)]
    pub environment_variables: Vec<EnvironmentVariable>,
    pub source: Source,
    /// As `source`.
    #[serde(default)]
    pub secondary_sources: Vec<Source>,
    /// `environment.privilegedMode`: the build container runs privileged
    /// (it can run a Docker daemon, and is root on the build host).
    #[serde(default)]
    pub privileged_mode: bool,
    /// `logsConfig`: where the build logs go.
    #[serde(default)]
    pub logs: LogsConfig,
    /// `artifacts`: the primary build output; absent when not recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifacts: Option<Artifacts>,
    /// `secondaryArtifacts`: further build outputs.
    #[serde(default)]
    pub secondary_artifacts: Vec<Artifacts>,
    /// `encryptionKey`: the KMS key (ARN or `alias/NAME`) that encrypts the
    /// build output; absent = the AWS managed key for S3 (`alias/aws/s3`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_key: Option<String>,
    /// `webhook`: the source provider's webhook that starts builds; absent
    /// when the project has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook: Option<Webhook>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Project, tags);

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogsConfig {
    /// `cloudWatchLogs`; absent = CodeBuild's default, `ENABLED` to the
    /// group `/aws/codebuild/<project>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloudwatch: Option<CloudWatchLogs>,
    /// `s3Logs`; absent = `DISABLED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3: Option<S3Logs>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudWatchLogs {
    /// `ENABLED` or `DISABLED`.
    pub status: String,
    /// The log group name (looked up in `logs.log_groups`); absent =
    /// `/aws/codebuild/<project>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3Logs {
    /// `ENABLED` or `DISABLED`.
    pub status: String,
    /// `bucket/prefix` the logs are written to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// `encryptionDisabled`: the logs are written unencrypted.
    #[serde(default)]
    pub encryption_disabled: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Artifacts {
    /// `S3`, `CODEPIPELINE` or `NO_ARTIFACTS`.
    #[serde(rename = "type")]
    pub artifacts_type: String,
    /// `artifactIdentifier` (secondary artifacts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// The bucket (S3 artifacts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// `encryptionDisabled`: the output is written unencrypted (S3 only).
    #[serde(default)]
    pub encryption_disabled: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Webhook {
    /// `filterGroups`: a build starts when every filter of one group
    /// matches; no groups = every push.
    #[serde(default)]
    pub filter_groups: Vec<FilterGroup>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilterGroup {
    #[serde(default)]
    pub filters: Vec<WebhookFilter>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookFilter {
    /// `EVENT`, `HEAD_REF`, `BASE_REF`, `FILE_PATH`, `ACTOR_ACCOUNT_ID`, …
    #[serde(rename = "type")]
    pub filter_type: String,
    /// For `EVENT`: comma-separated events (`PUSH`,
    /// `PULL_REQUEST_CREATED`, `PULL_REQUEST_UPDATED`, …); otherwise a
    /// regular expression.
    pub pattern: String,
    /// `excludeMatchedPattern`: the filter matches what the pattern does
    /// not.
    #[serde(default)]
    pub exclude_matched_pattern: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentVariable {
    pub name: String,
    /// `PLAINTEXT`, `PARAMETER_STORE` or `SECRETS_MANAGER`.
    #[serde(rename = "type")]
    pub var_type: String,
    /// Redacted on load: a plain string in a fixture becomes its hash. For
    /// `PARAMETER_STORE` and `SECRETS_MANAGER` variables the value is the
    /// parameter or secret *name*.
    pub value: Secret,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// `CODECOMMIT`, `GITHUB`, `S3`, `CODEPIPELINE`, `NO_SOURCE`, …
    #[serde(rename = "type")]
    pub source_type: String,
    /// The repository URL or bucket path, redacted on load (embedded
    /// credentials removed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<SourceLocation>,
    /// A path in the source, or an inline buildspec, redacted on load (only
    /// its `env` part is kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buildspec: Option<Buildspec>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceCredential {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `GITHUB`, `GITHUB_ENTERPRISE`, `BITBUCKET`, `GITLAB` or
    /// `GITLAB_SELF_MANAGED`.
    pub server_type: String,
    /// `OAUTH`, `BASIC_AUTH`, `PERSONAL_ACCESS_TOKEN`, `CODECONNECTIONS` or
    /// `SECRETS_MANAGER`.
    pub auth_type: String,
    /// The connection or secret ARN, for `CODECONNECTIONS` and
    /// `SECRETS_MANAGER`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
}
resource!(SourceCredential);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportGroup {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// `TEST` or `CODE_COVERAGE`.
    #[serde(rename = "type")]
    pub report_type: String,
    /// `exportConfig.s3Destination` when the export type is `S3`; absent =
    /// `NO_EXPORT` (reports are kept in CodeBuild only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_export: Option<ReportExport>,
    /// The projects whose builds wrote the group's newest reports (up to
    /// 100), each with its newest report; absent = the group has no
    /// reports.
    #[serde(default)]
    pub latest_reports: Collected<Vec<ProjectReport>>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(ReportGroup, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportExport {
    /// The bucket raw reports are exported to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket: Option<String>,
    /// `encryptionDisabled`: the exported reports are unencrypted.
    #[serde(default)]
    pub encryption_disabled: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectReport {
    /// The project name, from the report's build (`executionId`).
    pub project: String,
    /// When its newest report of the group was created.
    pub created: DateTime<Utc>,
}
