//! ## What it checks
//!
//! Every CodeCommit repository has an approval rule template associated
//! that makes pull requests into its default branch wait for enough
//! approvals from a named pool (`codecommit:ListAssociatedApprovalRuleTemplatesForRepository`,
//! `codecommit:GetApprovalRuleTemplate`, `codecommit:GetRepository`). A
//! template's content names the branches it applies to
//! (`DestinationReferences`, every branch when absent) and its approval
//! rules (`Statements[].NumberOfApprovalsNeeded` and
//! `ApprovalPoolMembers`). One finding per repository:
//!
//! - FAIL: no template is associated, or no associated template needs at
//!   least `min_approvals` approvals (default 1).
//! - Advisory (FAIL at low): a template needs enough approvals, but its
//!   `DestinationReferences` leave out the repository's default branch
//!   (`refs/heads/<default branch>`), or its approval pool is empty (any
//!   user with access to the repository can approve).
//! - PASS: an associated template needs at least `min_approvals` approvals
//!   from a non-empty pool on every branch, or on the default branch. A
//!   repository with no branch yet has no default branch to protect: its
//!   template's `DestinationReferences` are not judged (a note says so).
//! - ERROR: the associations could not be read; or no template is known
//!   to be enough and one could not be read (its content, the region's
//!   templates, or the default branch its `DestinationReferences` are
//!   compared with).
//! - SKIP: the repository was deleted between the listing and the calls.
//!
//! A region without repositories gets no finding, which covers an account
//! that never used CodeCommit (closed to new customers since July 2024).
//! `AccessDenied` on `ListRepositories` is ERROR for the region (as every
//! unreadable listing), not the SKIP the catalog suggests: an auditor
//! refused the listing cannot tell an unused service from a hidden one.
//!
//! ## Why it matters
//!
//! Without an approval rule, anyone who may open a pull request may also
//! merge it, unreviewed, into the branch that deploys. Approval rule
//! templates set the pool of approvers (IAM users, roles, assumed-role
//! sessions) and the number of approvals once, and apply them to every
//! pull request of the repositories they are associated with (notes 000 ›
//! SDLC Automation › "CodeCommit - advanced", pull request approval rules:
//! a pool of approvers and a number of approvals, set up as approval rule
//! templates).
//!
//! ## How to fix
//!
//! - **Console**: CodeCommit › Approval rule templates › Create template › approvals needed ≥ 1, an approval pool member (e.g. `arn:aws:sts::ACCOUNT:assumed-role/Reviewers/*`), branch `main` (or none: every branch) › associate the repositories.
//! - **CLI**: `aws codecommit create-approval-rule-template --approval-rule-template-name two-reviewers --approval-rule-template-content '{"Version":"2018-11-08","DestinationReferences":["refs/heads/main"],"Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":2,"ApprovalPoolMembers":["arn:aws:sts::ACCOUNT:assumed-role/Reviewers/*"]}]}'`; `aws codecommit associate-approval-rule-template-with-repository --approval-rule-template-name two-reviewers --repository-name REPO`.
//! - **CloudFormation**: no resource type for approval rule templates; create them with the CLI (or a custom resource) and associate them with each `AWS::CodeCommit::Repository`.
//!
//! ## References
//!
//! - Study notes: 000 › SDLC Automation › "CodeCommit - advanced" (pull request approval rules, approval rule templates).
//! - AWS: CodeCommit user guide, "Working with approval rule templates" and "Create an approval rule template".
//! - No AWS Config managed rule and no Prowler check.

use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::codecommit::{self, ApprovalRuleTemplate, Repository};
use crate::judge::reference::{ByPlace, Lookup, Reference};
use crate::settings::{at_least_one, Setting};
use serde_json::Value;

static MIN_APPROVALS: Setting<i64> = Setting::new(
    "min_approvals",
    "The number of approvals an approval rule template must require (`NumberOfApprovalsNeeded`) for a repository to pass.",
    "1",
    at_least_one,
);

pub static CHECK: Check = Check {
    id: "codecommit-approval-rules",
    title: "CodeCommit repositories enforce pull request approval rule templates",
    service: "codecommit",
    severity: Severity::Medium,
    section: "000 › SDLC Automation › \"CodeCommit - advanced\"",
    catalog: "SDLC-10",
    reads: &[
        codecommit::REPOSITORIES,
        codecommit::DEFAULT_BRANCH,
        codecommit::REPOSITORY_TAGS,
        codecommit::ASSOCIATED_TEMPLATES,
        codecommit::TEMPLATES,
    ],
    tolerates: &[],
    settings: &[&MIN_APPROVALS],
    config_rule: None,
    prowler: None,
    source: include_str!("approval_rules.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let min = ctx.setting(&MIN_APPROVALS);
    let section = ctx.codecommit();
    let rules: Vec<Rule> = section
        .approval_rule_templates
        .iter()
        .map(Rule::of)
        .collect();
    let rules = ByPlace::new(&rules, |r| {
        (
            r.template.account_id.as_str(),
            r.template.region.as_str(),
            r.template.name.as_str(),
        )
    });
    for repo in &section.repositories {
        let names = match repo.approval_rule_templates.known() {
            Err(e) => {
                em.error(repo, e);
                continue;
            }
            Ok(None) => {
                em.skip(repo, "the repository was deleted since it was listed");
                continue;
            }
            Ok(Some(names)) => names,
        };
        if names.is_empty() {
            em.fail(
                repo,
                "no approval rule template is associated: pull requests can be merged without review",
            );
            continue;
        }
        judge(ctx, repo, names, &rules, min, em);
    }
}

fn judge(
    ctx: &Context,
    repo: &Repository,
    names: &[String],
    rules: &ByPlace<Rule>,
    min: i64,
    em: &mut Emitter,
) {
    let branch = repo.default_branch.known();
    let (mut weak, mut advisories, mut unknown) = (Vec::new(), Vec::new(), Vec::new());
    let mut notes = Vec::new();
    for name in names {
        let label = format!("approval rule template {name}");
        let place = Reference::regional(label, "codecommit", &repo.region, &repo.account_id);
        let rule = match place.resolve(ctx, rules.get(&repo.account_id, &repo.region, name)) {
            Lookup::Found(rule) => rule,
            Lookup::Missing(why) => {
                notes.push(why);
                continue;
            }
            Lookup::Unknown(why) => {
                unknown.push(why);
                continue;
            }
        };
        let content = match &rule.content {
            Ok(Some(c)) => c,
            Ok(None) => {
                notes.push(format!("template {name} was deleted since it was listed"));
                continue;
            }
            Err(why) => {
                unknown.push(format!("template {name}: {why}"));
                continue;
            }
        };
        let needed = content.approvals();
        if needed < min {
            weak.push(format!("{name} ({needed})"));
            continue;
        }
        let mut wrong = Vec::new();
        match (&content.destinations, branch) {
            (None, _) => {}
            (Some(_), Err(e)) => {
                unknown.push(format!("the default branch, which template {name} is compared with: {e}"));
                continue;
            }
            (Some(_), Ok(None)) => notes.push(format!(
                "the repository has no default branch yet, so the branches of template {name} were not judged"
            )),
            (Some(refs), Ok(Some(branch))) if !applies(refs, branch) => wrong.push(format!(
                "template {name} applies only to {}, not the default branch {branch}",
                name_list(refs)
            )),
            (Some(_), Ok(Some(_))) => {}
        }
        if !content.pooled(min) {
            wrong.push(format!(
                "template {name} has no approval pool members: any user with access can approve"
            ));
        }
        if wrong.is_empty() {
            let mut v = Verdict::new();
            notes.into_iter().chain(unknown).for_each(|n| v.note(n));
            let scope = match (&content.destinations, branch) {
                (Some(_), Ok(Some(b))) => format!(" into {b}"),
                _ => String::new(),
            };
            return v.emit(
                em,
                repo,
                format!("template {name} requires {needed} approval(s) from its pool for pull requests{scope}"),
            );
        }
        advisories.extend(wrong);
    }
    let mut v = Verdict::new();
    if advisories.is_empty() && unknown.is_empty() {
        let why = if weak.is_empty() {
            "no associated approval rule template exists".to_string()
        } else {
            format!(
                "the associated approval rule templates require fewer than {min} approval(s): {}",
                name_list(&weak)
            )
        };
        v.fail(why);
    }
    advisories.into_iter().for_each(|a| v.warn(a));
    unknown.into_iter().for_each(|u| v.error_reason(u));
    notes.into_iter().for_each(|n| v.note(n));
    v.emit(em, repo, "")
}

/// A template with its content parsed once: `Ok(None)` when the template
/// was deleted since it was listed, `Err` when its content could not be
/// read or is not an approval rule.
struct Rule<'a> {
    template: &'a ApprovalRuleTemplate,
    content: Result<Option<Content>, String>,
}

impl<'a> Rule<'a> {
    fn of(template: &'a ApprovalRuleTemplate) -> Rule<'a> {
        let content = match template.content.known() {
            Err(e) => Err(e.to_string()),
            Ok(None) => Ok(None),
            Ok(Some(doc)) => Content::parse(&doc.0).map(Some),
        };
        Rule { template, content }
    }
}

/// What an approval rule template's content says.
struct Content {
    /// `DestinationReferences`; `None`: every branch.
    destinations: Option<Vec<String>>,
    /// Each statement's approvals needed and whether it names pool members.
    statements: Vec<(i64, bool)>,
}

impl Content {
    fn parse(doc: &Value) -> Result<Content, String> {
        let invalid = |what: &str| format!("its content is not an approval rule ({what})");
        let Value::Object(doc) = doc else {
            return Err(invalid("not a JSON object"));
        };
        let destinations = match doc.get("DestinationReferences") {
            None | Some(Value::Null) => None,
            Some(Value::Array(refs)) => Some(
                refs.iter()
                    .map(|r| r.as_str().map(str::to_string))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| invalid("a DestinationReferences entry is not a string"))?,
            ),
            Some(_) => return Err(invalid("DestinationReferences is not a list")),
        };
        let Some(Value::Array(statements)) = doc.get("Statements") else {
            return Err(invalid("no Statements list"));
        };
        let statements = statements
            .iter()
            .map(|s| {
                let needed = s
                    .get("NumberOfApprovalsNeeded")
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                let pooled = s
                    .get("ApprovalPoolMembers")
                    .and_then(Value::as_array)
                    .is_some_and(|m| !m.is_empty());
                (needed, pooled)
            })
            .collect();
        Ok(Content {
            destinations,
            statements,
        })
    }

    /// The most approvals a statement needs (every statement must be met).
    fn approvals(&self) -> i64 {
        self.statements.iter().map(|s| s.0).max().unwrap_or(0)
    }

    /// True when a statement needing at least `min` approvals names pool members.
    fn pooled(&self, min: i64) -> bool {
        self.statements.iter().any(|(n, p)| *n >= min && *p)
    }
}

/// True when `refs` name `branch` (`refs/heads/main`, or `main` itself).
fn applies(refs: &[String], branch: &str) -> bool {
    refs.iter()
        .any(|r| r == branch || r.strip_prefix("refs/heads/") == Some(branch))
}
