//! ECR, per region: private repositories (their legacy scan-on-push
//! setting, tags and lifecycle policy) and the registry's scanning
//! configuration.

use super::{merge, resource, Collected, JsonDocument, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeRepositories`: private repositories with their scan-on-push setting.
pub const REPOSITORIES: Data = Data::listing("ecr");
/// `ListTagsForResource`: each repository's tags.
pub const REPOSITORY_TAGS: Data = Data::part("ecr", "repositories.tags");
/// `GetLifecyclePolicy`: each repository's lifecycle policy.
pub const LIFECYCLE_POLICY: Data = Data::part("ecr", "repositories.lifecycle_policy");
/// `GetRegistryScanningConfiguration`: the registry's scan type and scanning rules.
pub const REGISTRY_SCANNING: Data = Data::part("ecr", "registry_scanning");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    REPOSITORIES,
    REPOSITORY_TAGS,
    LIFECYCLE_POLICY,
    REGISTRY_SCANNING,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ecr {
    #[serde(default)]
    pub repositories: Vec<Repository>,
    /// The registry's scanning configuration, one entry per collected region.
    #[serde(default)]
    pub registry_scanning: Vec<RegistryScanning>,
}
merge!(Ecr {
    repositories,
    registry_scanning
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repository {
    pub arn: String,
    pub region: String,
    /// The registry (account) that owns the repository.
    pub account_id: String,
    pub name: String,
    /// `imageScanningConfiguration.scanOnPush`: the legacy per-repository
    /// basic scanning setting, superseded by the registry's scanning rules
    /// once it has any.
    #[serde(default)]
    pub scan_on_push: bool,
    #[serde(default)]
    pub tags: Tags,
    /// `lifecyclePolicyText`; absent = the repository has none
    /// (`LifecyclePolicyNotFoundException`).
    #[serde(default)]
    pub lifecycle_policy: Collected<JsonDocument>,
}
resource!(Repository, tags in REPOSITORY_TAGS);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryScanning {
    pub region: String,
    pub account_id: String,
    /// `BASIC` (ECR's own scanning) or `ENHANCED` (Amazon Inspector).
    pub scan_type: String,
    /// The scanning rules, in order; empty: none.
    #[serde(default)]
    pub rules: Vec<ScanningRule>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScanningRule {
    /// `SCAN_ON_PUSH`, `CONTINUOUS_SCAN` or `MANUAL`.
    pub scan_frequency: String,
    /// The repository name filters (`WILDCARD`: `*` matches any run of
    /// characters) the rule applies to.
    #[serde(default)]
    pub repository_filters: Vec<String>,
}
