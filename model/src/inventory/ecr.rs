//! ECR: private repositories with their lifecycle policies, and the
//! registry's scanning configuration in each region.

use super::{merge, resource, Collected, PolicyJson, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeRepositories`: repositories and their legacy scan-on-push setting.
pub const REPOSITORIES: Data = Data::listing("ecr");
/// `GetLifecyclePolicy`: each repository's lifecycle policy.
pub const LIFECYCLE_POLICY: Data = Data::part("ecr", "repositories.lifecycle_policy");
/// `ListTagsForResource`: each repository's tags.
pub const REPOSITORY_TAGS: Data = Data::part("ecr", "repositories.tags");
/// `GetRegistryScanningConfiguration`: the registry's scanning configuration in each region.
pub const SCANNING_CONFIGURATION: Data = Data::part("ecr", "registries");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    REPOSITORIES,
    LIFECYCLE_POLICY,
    REPOSITORY_TAGS,
    SCANNING_CONFIGURATION,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ecr {
    #[serde(default)]
    pub repositories: Vec<Repository>,
    /// One entry per collected region.
    #[serde(default)]
    pub registries: Vec<Registry>,
}
merge!(Ecr {
    repositories,
    registries
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repository {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// `imageScanningConfiguration.scanOnPush`: the legacy per-repository
    /// setting, superseded by the registry's scanning rules.
    #[serde(default)]
    pub scan_on_push: bool,
    /// `GetLifecyclePolicy`: the lifecycle policy document; absent =
    /// `LifecyclePolicyNotFoundException`.
    #[serde(default)]
    pub lifecycle_policy: Collected<PolicyJson>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Repository, tags);

/// The private registry of one region.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registry {
    pub region: String,
    /// `GetRegistryScanningConfiguration`.
    #[serde(default)]
    pub scanning: Collected<ScanningConfiguration>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScanningConfiguration {
    /// `BASIC` or `ENHANCED` (Amazon Inspector).
    pub scan_type: String,
    #[serde(default)]
    pub rules: Vec<ScanningRule>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScanningRule {
    /// `SCAN_ON_PUSH`, `CONTINUOUS_SCAN` or `MANUAL`.
    pub scan_frequency: String,
    /// The repositories the rule applies to: names with `*` wildcards
    /// (filter type `WILDCARD`).
    #[serde(default)]
    pub repository_filters: Vec<String>,
}

impl ScanningRule {
    /// True when one of the rule's filters matches repository `name`.
    pub fn matches(&self, name: &str) -> bool {
        self.repository_filters
            .iter()
            .any(|f| crate::arn::wildcard_match(f, name))
    }
}
