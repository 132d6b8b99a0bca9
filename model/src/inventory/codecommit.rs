//! CodeCommit, per region: repositories (default branch, tags, the
//! approval rule templates associated with each) and the region's approval
//! rule templates with their content.

use super::{merge, resource, Collected, JsonDocument, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListRepositories`: repositories by name.
pub const REPOSITORIES: Data = Data::listing("codecommit");
/// `GetRepository`: each repository's default branch.
pub const DEFAULT_BRANCH: Data = Data::part("codecommit", "repositories.default_branch");
/// `ListTagsForResource`: each repository's tags.
pub const REPOSITORY_TAGS: Data = Data::part("codecommit", "repositories.tags");
/// `ListAssociatedApprovalRuleTemplatesForRepository`: the approval rule templates associated with each repository.
pub const ASSOCIATED_TEMPLATES: Data =
    Data::part("codecommit", "repositories.approval_rule_templates");
/// `ListApprovalRuleTemplates`, then `GetApprovalRuleTemplate` for each: the region's approval rule templates with their content.
pub const TEMPLATES: Data = Data::part("codecommit", "approval_rule_templates");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    REPOSITORIES,
    DEFAULT_BRANCH,
    REPOSITORY_TAGS,
    ASSOCIATED_TEMPLATES,
    TEMPLATES,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeCommit {
    #[serde(default)]
    pub repositories: Vec<Repository>,
    /// The approval rule templates of the region (associated with
    /// repositories or not).
    #[serde(default)]
    pub approval_rule_templates: Vec<ApprovalRuleTemplate>,
}
merge!(CodeCommit {
    repositories,
    approval_rule_templates
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repository {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// `GetRepository` `defaultBranch` (`main`); absent = the repository
    /// has no branch yet (nothing was pushed) or was deleted since it was
    /// listed.
    #[serde(default)]
    pub default_branch: Collected<String>,
    #[serde(default)]
    pub tags: Tags,
    /// The names of the approval rule templates associated with the
    /// repository, looked up in `approval_rule_templates` of its region (an
    /// empty list: none).
    #[serde(default)]
    pub approval_rule_templates: Collected<Vec<String>>,
}
resource!(Repository, tags in REPOSITORY_TAGS);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalRuleTemplate {
    pub region: String,
    pub account_id: String,
    /// Unique in its region: what repositories' associations name.
    pub name: String,
    /// `approvalRuleTemplateContent`: the JSON document with
    /// `DestinationReferences` (the branches it applies to, `refs/heads/…`;
    /// absent: every branch) and `Statements` (each
    /// `NumberOfApprovalsNeeded` and `ApprovalPoolMembers`); absent = the
    /// template was deleted since it was listed.
    #[serde(default)]
    pub content: Collected<JsonDocument>,
}
