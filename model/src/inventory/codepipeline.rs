//! CodePipeline: pipelines and their definitions (`GetPipeline`).

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// What checks can read of the section, one per call (see crate::data).
/// `ListPipelines`: pipelines by name.
pub const PIPELINES: Data = Data::listing("codepipeline");
/// `GetPipeline`: each pipeline's role, artifact stores and stages.
pub const PIPELINE_DEFINITION: Data = Data::part("codepipeline", "pipelines.definition");
/// `ListTagsForResource`: each pipeline's tags.
pub const PIPELINE_TAGS: Data = Data::part("codepipeline", "pipelines.tags");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[PIPELINES, PIPELINE_DEFINITION, PIPELINE_TAGS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodePipeline {
    #[serde(default)]
    pub pipelines: Vec<Pipeline>,
}
merge!(CodePipeline { pipelines });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pipeline {
    /// `arn:aws:codepipeline:<region>:<account>:<name>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    #[serde(default)]
    pub tags: Tags,
    /// `GetPipeline`; absent = the pipeline was deleted during the scan (its
    /// checks SKIP it).
    #[serde(default)]
    pub definition: Collected<PipelineDefinition>,
}
resource!(Pipeline, tags in PIPELINE_TAGS);

/// A pipeline's definition: its role, its stages, and one of
/// `artifact_store` (single-region) or `artifact_stores` (multi-region).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineDefinition {
    /// The pipeline's service role.
    pub role_arn: String,
    /// Single-region pipelines: the one artifact store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_store: Option<ArtifactStore>,
    /// Multi-region pipelines: region → artifact store.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub artifact_stores: BTreeMap<String, ArtifactStore>,
    pub stages: Vec<Stage>,
}

impl PipelineDefinition {
    /// `(region, store)` for every artifact store; the single store is in `pipeline_region`.
    pub fn stores<'a>(&'a self, pipeline_region: &'a str) -> Vec<(&'a str, &'a ArtifactStore)> {
        match &self.artifact_store {
            Some(s) => vec![(pipeline_region, s)],
            None => self
                .artifact_stores
                .iter()
                .map(|(r, s)| (r.as_str(), s))
                .collect(),
        }
    }

    pub fn actions(&self) -> impl Iterator<Item = &Action> {
        self.stages.iter().flat_map(|s| s.actions.iter())
    }
}

impl Action {
    /// The `runOrder`, 1 when unset.
    pub fn run_order(&self) -> i32 {
        self.run_order.unwrap_or(1)
    }

    /// True when the action is of `category` (`Source`, `Deploy`, …).
    pub fn is(&self, category: &str) -> bool {
        self.category.eq_ignore_ascii_case(category)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArtifactStore {
    /// `S3`.
    #[serde(rename = "type")]
    pub store_type: String,
    /// The bucket name.
    pub location: String,
    /// Absent when none is set: the AWS managed key `aws/s3` is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_key: Option<EncryptionKey>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptionKey {
    /// A key id, key ARN, alias name or alias ARN, resolved in `kms`.
    pub id: String,
    /// `KMS`.
    #[serde(rename = "type")]
    pub key_type: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub name: String,
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub name: String,
    /// `Source`, `Build`, `Test`, `Deploy`, `Approval`, `Invoke`.
    pub category: String,
    /// `AWS`, `ThirdParty`, `Custom`.
    pub owner: String,
    /// `S3`, `CodeBuild`, `CloudFormation`, `Manual`, …
    pub provider: String,
    /// The action's `runOrder` within its stage: actions with a lower one
    /// run first, equal ones in parallel; absent = 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_order: Option<i32>,
    /// Set on actions that run in another region than the pipeline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// The action's configuration map (`S3Bucket`, `ProjectName`,
    /// `NotificationArn`, `ApplicationName`, …), without secret-bearing
    /// keys: `OAuthToken` and similar are never kept.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub configuration: BTreeMap<String, String>,
}
