//! CodeArtifact, per region: domains and the repositories this account
//! administers, each with its resource (permissions) policy.

use super::{merge, resource, Collected, PolicyJson};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListDomains`: the account's domains.
pub const DOMAINS: Data = Data::listing("codeartifact");
/// `GetDomainPermissionsPolicy`: each domain's resource policy.
pub const DOMAIN_POLICY: Data = Data::part("codeartifact", "domains.policy");
/// `ListRepositories`: the repositories this account administers, in its own or another account's domain.
pub const REPOSITORIES: Data = Data::part("codeartifact", "repositories");
/// `GetRepositoryPermissionsPolicy`: each repository's resource policy.
pub const REPOSITORY_POLICY: Data = Data::part("codeartifact", "repositories.policy");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[DOMAINS, DOMAIN_POLICY, REPOSITORIES, REPOSITORY_POLICY];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeArtifact {
    #[serde(default)]
    pub domains: Vec<Domain>,
    #[serde(default)]
    pub repositories: Vec<Repository>,
}
merge!(CodeArtifact {
    domains,
    repositories
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    pub arn: String,
    pub region: String,
    /// The domain's owner.
    pub account_id: String,
    pub name: String,
    /// The domain's permissions policy; absent = it has none
    /// (`ResourceNotFoundException`): only the owner's principals use it.
    #[serde(default)]
    pub policy: Collected<PolicyJson>,
}
resource!(Domain);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repository {
    pub arn: String,
    pub region: String,
    /// The repository's administrator account.
    pub account_id: String,
    pub name: String,
    pub domain_name: String,
    /// The account that owns the repository's domain.
    pub domain_owner: String,
    /// The repository's permissions policy; absent = it has none
    /// (`ResourceNotFoundException`).
    #[serde(default)]
    pub policy: Collected<PolicyJson>,
}
resource!(Repository);
