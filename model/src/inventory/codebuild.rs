//! CodeBuild: projects (`BatchGetProjects`), with environment variable
//! values, source locations and inline buildspecs redacted on load.

use super::{merge, resource, Tags};
use crate::data::Data;
use crate::secret::{Buildspec, Secret, SourceLocation};
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListProjects` and `BatchGetProjects`: build projects, their role, environment (redacted) and sources.
pub const PROJECTS: Data = Data::listing("codebuild");
/// `ListSourceCredentials`: the source-provider credentials CodeBuild holds in each region.
pub const SOURCE_CREDENTIALS: Data = Data::part("codebuild", "source_credentials");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[PROJECTS, SOURCE_CREDENTIALS];

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
}
merge!(CodeBuild {
    projects,
    source_credentials
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
    #[serde(default)]
    pub tags: Tags,
}
resource!(Project, tags);

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
