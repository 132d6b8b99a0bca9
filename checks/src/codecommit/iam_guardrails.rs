//! ## What it checks
//!
//! CodeCommit has no resource policies: IAM identity policies are the only
//! control of who may push and merge. In an account with CodeCommit
//! repositories this check judges two things, from the roles' inline and
//! attached managed policies (`iam:GetAccountAuthorizationDetails`):
//!
//! **Branch protection, one finding per repository.** Every developer role
//! (the roles whose name matches `developer_role_patterns`) has Deny
//! statements that cover, on the repository's ARN, every action that
//! changes a branch: `codecommit:GitPush`, `PutFile`, `CreateCommit`,
//! `DeleteBranch` and the six merges (`MergeBranchesBy…` and
//! `MergePullRequestBy…` FastForward, Squash and ThreeWay, e.g. as
//! `codecommit:Merge*`), for each protected branch (`protected_branches`;
//! by default the repository's default branch). A Deny counts when each of
//! its conditions is a `codecommit:References` test that holds for
//! `refs/heads/<branch>`: `StringEquals`/`StringEqualsIfExists` naming it,
//! `StringLike`/`StringLikeIfExists` matching it, or `Null` `false`; a Deny
//! with no condition counts too. Several statements may share the actions.
//!
//! - PASS: every developer role denies all of them on every protected branch.
//! - FAIL: a developer role leaves some out (the reason names the role, the
//!   branch and the actions).
//! - ERROR: a developer role's permissions, or the default branch, could
//!   not be read.
//! - SKIP: no role matches `developer_role_patterns`, or the repository has
//!   no branch yet and `protected_branches` is not set.
//!
//! **Scoped access, one finding per role that may push or merge.** A role
//! whose Allow statements grant `codecommit:GitPush` or a merge:
//!
//! - FAIL: a statement grants it on every repository (`Resource` `*`,
//!   `arn:aws:codecommit:*:*:*`, or every name of the account in a region),
//!   administrator policies included.
//! - PASS: every such grant names repositories (or a name prefix).
//! - SKIP: the role's name matches `admin_role_patterns` (the allow-list).
//! - ERROR: its permissions could not be read (the role is then reported
//!   whether or not it may push).
//!
//! Only roles are judged: the inventory holds no IAM users or groups, so a
//! developer group's policies are not seen. Permission boundaries, SCPs and
//! session policies are not in the model either.
//!
//! ## Why it matters
//!
//! A developer who can push to `main` bypasses the pull request review the
//! approval rules enforce, and a role allowed `codecommit:GitPush` on `*`
//! can rewrite every repository of the account. The notes restrict pushes
//! and merges to branches with IAM policies and scope power users to
//! specific repositories (notes 000 › SDLC Automation › "CodeCommit -
//! advanced", branch security with IAM policies, no resource policy; 001 ›
//! ## CodeCommit › Key Points & Context, least-privilege power-user role
//! scoped to specific repositories).
//!
//! ## How to fix
//!
//! - **Console**: IAM › Roles › the developer role › Add permissions › Create inline policy › JSON: a `Deny` of `codecommit:GitPush`, `codecommit:DeleteBranch`, `codecommit:PutFile`, `codecommit:CreateCommit`, `codecommit:Merge*` on the repository ARNs with `"Condition": {"StringEqualsIfExists": {"codecommit:References": ["refs/heads/main"]}, "Null": {"codecommit:References": "false"}}`; replace `Resource: "*"` in CodeCommit Allow statements by the repository ARNs.
//! - **CLI**: `aws iam put-role-policy --role-name DEVELOPER_ROLE --policy-name protect-main --policy-document file://protect-main.json`.
//! - **CloudFormation**: an `AWS::IAM::RolePolicy` (or a `Policies` entry of the `AWS::IAM::Role`) with that Deny statement, and `Resource: !GetAtt Repo.Arn` on the Allow statements.
//!
//! ## References
//!
//! - Study notes: 000 › SDLC Automation › "CodeCommit - advanced" (branch security with IAM policies); 001 › ## CodeCommit › Key Points & Context (IAM roles for power users, least privilege).
//! - AWS: CodeCommit user guide, "Limit pushes and merges to branches in AWS CodeCommit" and "Using identity-based policies (IAM Policies) for CodeCommit".
//! - No AWS Config managed rule (related: `iam-policy-no-statements-with-full-access`); no Prowler check.

use crate::arn::wildcard_match;
use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::codecommit::{self, Repository};
use crate::inventory::iam::{self, Role};
use crate::inventory::GLOBAL;
use crate::judge::role::{Permissions, Roles};
use crate::policy::{Effect, Statement};
use crate::settings::{any, patterns, Setting};

static DEVELOPER_ROLE_PATTERNS: Setting<Vec<String>> = Setting::new(
    "developer_role_patterns",
    "Developer roles, by name (`*` and `?` wildcards, case-insensitive): each must deny pushes and merges to the protected branches.",
    r#"["*developer*"]"#,
    patterns,
);

static PROTECTED_BRANCHES: Setting<Vec<String>> = Setting::new(
    "protected_branches",
    "Branches developer roles must not push or merge to (names such as `main`); empty: each repository's default branch.",
    "[]",
    any,
);

static ADMIN_ROLE_PATTERNS: Setting<Vec<String>> = Setting::new(
    "admin_role_patterns",
    "Administrator roles, by name (`*` and `?` wildcards, case-insensitive), allowed CodeCommit push and merge on every repository.",
    r#"["OrganizationAccountAccessRole", "AWSControlTowerExecution", "AWSReservedSSO_AdministratorAccess_*"]"#,
    patterns,
);

pub static CHECK: Check = Check {
    id: "codecommit-iam-guardrails",
    title: "CodeCommit branches are protected by IAM Deny and push access is scoped to repositories",
    service: "codecommit",
    severity: Severity::Medium,
    section: "000 › SDLC Automation › \"CodeCommit - advanced\"; 001 › ## CodeCommit › Key Points & Context",
    catalog: "SDLC-11",
    reads: &[
        codecommit::REPOSITORIES,
        codecommit::DEFAULT_BRANCH,
        codecommit::REPOSITORY_TAGS,
        iam::ROLES,
        iam::ROLE_TAGS,
        iam::ATTACHED_POLICIES,
        iam::INLINE_POLICIES,
        iam::MANAGED_POLICIES,
    ],
    tolerates: &[],
    settings: &[
        &DEVELOPER_ROLE_PATTERNS,
        &PROTECTED_BRANCHES,
        &ADMIN_ROLE_PATTERNS,
    ],
    config_rule: None,
    prowler: None,
    source: include_str!("iam_guardrails.rs"),
    run,
};

/// Every action that changes a branch: what a branch-protection Deny covers.
const BRANCH_WRITES: &[&str] = &[
    "codecommit:GitPush",
    "codecommit:PutFile",
    "codecommit:CreateCommit",
    "codecommit:DeleteBranch",
    "codecommit:MergeBranchesByFastForward",
    "codecommit:MergeBranchesBySquash",
    "codecommit:MergeBranchesByThreeWay",
    "codecommit:MergePullRequestByFastForward",
    "codecommit:MergePullRequestBySquash",
    "codecommit:MergePullRequestByThreeWay",
];

/// The actions a scoped-access grant concerns: push and the merges.
fn pushes_or_merges(s: &Statement) -> bool {
    s.matches_action("codecommit:GitPush")
        || BRANCH_WRITES
            .iter()
            .filter(|a| a.starts_with("codecommit:Merge"))
            .any(|a| s.matches_action(a))
}

/// A repository name no one gives: a grant that covers it covers every name.
const ANY_NAME: &str = "awscheck-any-repository-name";

/// The condition key of the branch a push or merge updates.
const REFERENCES: &str = "codecommit:References";

fn run(ctx: &Context, em: &mut Emitter) {
    let section = ctx.codecommit();
    if section.repositories.is_empty() {
        return;
    }
    let roles = Roles::new(ctx);
    let matcher = |setting: &Setting<Vec<String>>| {
        let patterns: Vec<String> = ctx
            .setting(setting)
            .iter()
            .map(|p| p.to_ascii_lowercase())
            .collect();
        move |role: &Role| {
            let name = role.name.to_ascii_lowercase();
            patterns.iter().any(|p| wildcard_match(p, &name))
        }
    };
    let (is_developer, is_admin) = (
        matcher(&DEVELOPER_ROLE_PATTERNS),
        matcher(&ADMIN_ROLE_PATTERNS),
    );
    let permissions: Vec<(&Role, Result<Permissions, String>)> = ctx
        .iam()
        .roles
        .iter()
        .filter(|r| r.account_id == ctx.account.account_id)
        .map(|r| (r, roles.permissions(r, &format!("role {}", r.name))))
        .collect();
    // Each developer role's statements that may deny branch writes, sorted
    // out once rather than once per repository.
    let developers: Vec<(&Role, Result<Vec<&Statement>, String>)> = permissions
        .iter()
        .filter(|(r, _)| is_developer(r))
        .map(|(r, perms)| (*r, perms.as_ref().map(branch_denies).map_err(Clone::clone)))
        .collect();
    if ctx.blind("iam", GLOBAL) {
        // The engine reports ERROR for IAM: no role is known.
        return;
    }
    let protected = ctx.setting(&PROTECTED_BRANCHES);
    for repo in &section.repositories {
        protection(repo, &developers, &protected, em);
    }
    for (role, perms) in &permissions {
        scope(ctx, role, perms, is_admin(role), em);
    }
}

/// Branch protection of one repository.
fn protection(
    repo: &Repository,
    developers: &[(&Role, Result<Vec<&Statement>, String>)],
    protected: &[String],
    em: &mut Emitter,
) {
    if developers.is_empty() {
        return em.skip(
            repo,
            "no IAM role matches developer_role_patterns: no developer principal to judge",
        );
    }
    let branches: Vec<&str> = if protected.is_empty() {
        match repo.default_branch.known() {
            Err(e) => return em.error(repo, e),
            Ok(None) => {
                return em.skip(
                    repo,
                    "the repository has no branch yet and protected_branches is not set",
                )
            }
            Ok(Some(b)) => vec![b.as_str()],
        }
    } else {
        protected.iter().map(String::as_str).collect()
    };
    let mut v = Verdict::new();
    for (role, denies) in developers {
        let denies = match denies {
            Ok(d) => d,
            Err(why) => {
                v.error_reason(why.clone());
                continue;
            }
        };
        for branch in &branches {
            let open: Vec<&str> = BRANCH_WRITES
                .iter()
                .copied()
                .filter(|action| !denied(denies, action, &repo.arn, branch))
                .collect();
            if !open.is_empty() {
                v.fail(format!(
                    "developer role {} is not denied {} on refs/heads/{branch}",
                    role.name,
                    name_list(&open)
                ));
            }
        }
    }
    let names: Vec<&str> = developers.iter().map(|(r, _)| r.name.as_str()).collect();
    v.emit(
        em,
        repo,
        format!(
            "developer roles {} are denied pushes and merges to {}",
            name_list(&names),
            branches.join(", ")
        ),
    )
}

/// The statements of `perms` that may deny branch writes: Deny, with no
/// condition but on `codecommit:References`.
fn branch_denies(perms: &Permissions) -> Vec<&Statement> {
    perms
        .every_statement()
        .map(|(_, s)| s)
        .filter(|s| s.effect == Effect::Deny && s.conditions.iter().all(|c| c.key_is(REFERENCES)))
        .collect()
}

/// True when one of `denies` ([`branch_denies`]) covers `action` on `repo`
/// for pushes to `branch`.
fn denied(denies: &[&Statement], action: &str, repo: &str, branch: &str) -> bool {
    let reference = format!("refs/heads/{branch}");
    denies.iter().any(|s| {
        s.matches_action(action)
            && s.matches_resource(repo)
            && s.conditions.iter().all(|c| {
                if c.operator_is("Null") {
                    c.values.iter().all(|v| v.eq_ignore_ascii_case("false"))
                } else if c.operator_is("StringEquals") || c.operator_is("StringEqualsIfExists") {
                    c.values.contains(&reference)
                } else if c.operator_is("StringLike") || c.operator_is("StringLikeIfExists") {
                    c.values.iter().any(|v| wildcard_match(v, &reference))
                } else {
                    false
                }
            })
    })
}

/// Scoped access of one role: push and merge grants name repositories.
fn scope(
    ctx: &Context,
    role: &Role,
    perms: &Result<Permissions, String>,
    admin: bool,
    em: &mut Emitter,
) {
    let perms = match perms {
        Ok(_) | Err(_) if admin => {
            return em.skip(
                role,
                "on admin_role_patterns: allowed to push to every repository",
            )
        }
        Ok(p) => p,
        Err(why) => return em.error_reason(role, why.clone()),
    };
    let probes: Vec<String> = ctx
        .account
        .regions
        .iter()
        .map(|region| {
            format!(
                "arn:{}:codecommit:{region}:{}:{ANY_NAME}",
                ctx.account.partition, role.account_id
            )
        })
        .collect();
    let grants: Vec<(&str, &Statement)> = perms
        .every_statement()
        .filter(|(_, s)| s.effect == Effect::Allow && pushes_or_merges(s))
        .collect();
    if grants.is_empty() {
        return;
    }
    let mut broad: Vec<&str> = grants
        .iter()
        .filter(|(_, s)| probes.iter().any(|p| s.matches_resource(p)))
        .map(|(origin, _)| *origin)
        .collect();
    broad.dedup();
    if broad.is_empty() {
        em.pass(
            role,
            "CodeCommit push and merge are granted on named repositories only",
        );
    } else {
        em.fail(
            role,
            format!(
                "may push to and merge in every CodeCommit repository: {}",
                name_list(&broad)
            ),
        );
    }
}
