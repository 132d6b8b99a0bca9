//! ## What it checks
//!
//! The organization has all features on and service control policies
//! enabled, every member account is denied `organizations:LeaveOrganization`
//! by an SCP on its path, custom guardrails are attached, and no target is
//! locked out (`organizations:DescribeOrganization`, `ListRoots`,
//! `ListPolicies`, `DescribePolicy`, `ListTargetsForPolicy`,
//! `ListOrganizationalUnitsForParent`, `ListAccountsForParent`). Judged from
//! the management account:
//!
//! - **The organization** (one finding, its ARN the resource):
//!   - FAIL: the feature set is not `ALL` (consolidated billing only: no
//!     SCPs at all).
//!   - FAIL: a root's policy types lack an `ENABLED` `SERVICE_CONTROL_POLICY`.
//!   - Advisory (FAIL at low): the only SCP attached anywhere is the AWS
//!     managed `FullAWSAccess`: no guardrail restricts anything.
//!   - ERROR: the roots or the policies could not be read.
//! - **Each member account** (one finding, the account's ARN the resource;
//!   the management account is not one: SCPs do not apply to it):
//!   - FAIL: no SCP attached to the root, an organizational unit on the
//!     account's path (found in the organization's tree) or the account
//!     itself denies `organizations:LeaveOrganization`. A Deny whose only
//!     conditions are negated tests of `aws:PrincipalArn` (`ArnNotLike`,
//!     `StringNotEquals`, …: a break-glass exception) counts; one with any
//!     other condition (a positive `aws:PrincipalArn` test denies only the
//!     principals it names) does not.
//!   - FAIL: a target on the path (root, OU or the account) has no SCP with
//!     an `Allow` attached directly (`FullAWSAccess` detached and nothing in
//!     its place): SCPs need an explicit allow at every level, so every
//!     principal of the account is locked out.
//!   - ERROR instead of FAIL when a policy's document or targets could not
//!     be read (it might be the missing Deny or Allow), and when the tree or
//!     the policies could not be read.
//!   - SKIP: a suspended or closed account.
//! - **The management account's workloads** (adjacent; one finding, the
//!   management account's ARN the resource), judged only where its EC2
//!   instances or Lambda functions were collected:
//!   - Advisory: EC2 instances (not terminated) or Lambda functions run in
//!     the management account, where SCPs do not apply.
//!   - PASS when none do; ERROR where a region could not be listed.
//! - **From a member account, or an account in no organization**: one SKIP
//!   saying why (the structure and policies are visible only to the
//!   management account). ERROR when the organization could not be read.
//!
//! ## Why it matters
//!
//! All features enable service control policies; an SCP can prevent member
//! accounts from leaving the organization; SCPs apply to every user and role
//! of a member account, its root user included, but never to the
//! management account; and they need an explicit Allow, so detaching
//! `FullAWSAccess` without a replacement locks an account out (notes 000 ›
//! Security and Compliance › "AWS organizations"). Control Tower's
//! preventive guardrails are SCPs too (000 › Security and Compliance › "AWS
//! control tower"). Without them there is no preventive guardrail, and a
//! compromised member account can leave the organization and its controls.
//!
//! ## How to fix
//!
//! Enable all features and SCPs, attach a guardrail SCP that denies
//! `organizations:LeaveOrganization` at the root (with an `aws:PrincipalArn`
//! exception for a break-glass role if needed), keep an Allow at every level,
//! and move workloads out of the management account.
//!
//! - **Console**: AWS Organizations › Settings › Enable all features; Policies › Service control policies › Enable; Create policy (`{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}`) › Targets › Attach to the root.
//! - **CLI**: `aws organizations enable-all-features`; `aws organizations enable-policy-type --root-id r-xxxx --policy-type SERVICE_CONTROL_POLICY`; `aws organizations create-policy --type SERVICE_CONTROL_POLICY --name deny-leave-org --content file://deny-leave.json`; `aws organizations attach-policy --policy-id p-xxxx --target-id r-xxxx`.
//! - **CloudFormation**: `AWS::Organizations::Policy` with `Type: SERVICE_CONTROL_POLICY`, the Deny as `Content` and the root id in `TargetIds`.
//!
//! ## References
//!
//! - Study notes: 000 › Security and Compliance › "AWS organizations"; 000 › Security and Compliance › "AWS control tower".
//! - AWS: Organizations user guide, "Service control policies (SCPs)", "SCP evaluation" and "Best practices for the management account"; "Enabling all features in your organization".
//! - No AWS Config managed rule; Prowler `organizations_scp_check_deny_regions` and `organizations_account_part_of_organizations` are related.

use super::{standing, Standing};
use crate::engine::{name_list, Check, Context, Emitter, Severity, Subject, Verdict};
use crate::inventory::organizations::{
    self, Organization, OrganizationAccount, OrganizationPolicy, OrganizationView, Parent,
};
use crate::inventory::{ec2, lambda, GLOBAL};
use crate::judge::regions;
use crate::policy::{Effect, Statement};
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "org-scp-guardrails",
    title:
        "All features on, SCPs enabled, leaving the organization denied, custom guardrails attached",
    service: "organizations",
    severity: Severity::High,
    section: "000 › Security and Compliance › \"AWS organizations\"",
    catalog: "SEC-06",
    reads: &[
        organizations::ORGANIZATION,
        organizations::ROOTS,
        organizations::ACCOUNTS,
        organizations::TREE,
        organizations::POLICIES,
        organizations::POLICY_CONTENT,
        organizations::POLICY_TARGETS,
        ec2::INSTANCES,
        lambda::FUNCTIONS,
    ],
    tolerates: &[ec2::INSTANCES, lambda::FUNCTIONS],
    settings: &[],
    config_rule: None,
    prowler: None,
    source: include_str!("scp_guardrails.rs"),
    run,
};

const SCP: &str = "SERVICE_CONTROL_POLICY";
const LEAVE: &str = "organizations:LeaveOrganization";

fn run(ctx: &Context, em: &mut Emitter) {
    let here = regions::account_subject(ctx, "organizations");
    let (view, org) = match standing(ctx) {
        Err(why) => return em.error_reason(&here, why),
        Ok(Standing::Member(_, why) | Standing::Alone(why)) => return em.skip(&here, why),
        Ok(Standing::Management(view, org)) => (view, org),
    };
    judge_organization(view, org, em);
    judge_accounts(view, org, em);
    judge_workloads(ctx, org, em);
}

/// The service control policies, or why they are unknown.
fn scps(view: &OrganizationView) -> Result<Vec<&OrganizationPolicy>, String> {
    match view.policies.known() {
        Err(e) => Err(format!("the policies: {e}")),
        Ok(None) => Err("the policies were not read in the management account".into()),
        Ok(Some(p)) => Ok(p.iter().filter(|p| p.policy_type == SCP).collect()),
    }
}

fn judge_organization(view: &OrganizationView, org: &Organization, em: &mut Emitter) {
    let subject = Subject::arn(&org.arn, GLOBAL);
    let mut v = Verdict::new();
    if org.feature_set != "ALL" {
        v.fail(format!(
            "the organization's feature set is {}: service control policies need all features",
            org.feature_set
        ));
    }
    match view.roots.known() {
        Err(e) => v.error_reason(format!("the roots: {e}")),
        Ok(None) => v.error_reason("the roots were not read in the management account"),
        Ok(Some(roots)) => {
            for root in roots {
                let enabled = root
                    .policy_types
                    .iter()
                    .any(|t| t.policy_type == SCP && t.status == "ENABLED");
                if !enabled {
                    v.fail(format!(
                        "root {} does not have SERVICE_CONTROL_POLICY enabled",
                        root.id
                    ));
                }
            }
        }
    }
    match scps(view) {
        Err(e) => v.error_reason(e),
        Ok(scps) => judge_custom(&scps, &mut v),
    }
    v.emit(
        em,
        &subject,
        "all features on, SCPs enabled on every root, custom SCPs attached",
    );
}

/// Advisory when no SCP but `FullAWSAccess` is attached anywhere.
fn judge_custom(scps: &[&OrganizationPolicy], v: &mut Verdict) {
    let custom: Vec<&&OrganizationPolicy> = scps.iter().filter(|p| !p.aws_managed).collect();
    let attached = custom
        .iter()
        .any(|p| p.targets.value().is_some_and(|t| !t.is_empty()));
    if attached {
        return;
    }
    let unread: Vec<&str> = custom
        .iter()
        .filter(|p| p.targets.known().is_err())
        .map(|p| p.name.as_str())
        .collect();
    if unread.is_empty() {
        v.warn("the only SCP attached anywhere is FullAWSAccess: no guardrail restricts the member accounts");
    } else {
        v.error_reason(format!(
            "the targets of SCP(s) {} could not be read: whether any custom guardrail is attached is unknown",
            name_list(&unread)
        ));
    }
}

/// What the SCPs say, by the target they are attached to.
#[derive(Default)]
struct Attached<'p> {
    /// Target id → the policies attached there.
    by_target: HashMap<&'p str, Vec<&'p OrganizationPolicy>>,
    /// Policies whose document or targets could not be read, with why.
    unread: Vec<String>,
}

impl<'p> Attached<'p> {
    fn of(scps: &[&'p OrganizationPolicy]) -> Attached<'p> {
        let mut out = Attached::default();
        for p in scps {
            let targets = match p.targets.known() {
                Ok(t) => t.into_iter().flatten(),
                Err(e) => {
                    out.unread.push(format!("SCP {}: {e}", p.name));
                    continue;
                }
            };
            if let Err(e) = p.content.known() {
                out.unread.push(format!("SCP {}: {e}", p.name));
                continue;
            }
            for t in targets {
                out.by_target
                    .entry(t.target_id.as_str())
                    .or_default()
                    .push(p);
            }
        }
        out
    }

    fn at(&self, target: &str) -> &[&'p OrganizationPolicy] {
        self.by_target.get(target).map_or(&[], Vec::as_slice)
    }
}

/// The statements of a policy's document; none when it was deleted or
/// does not parse.
fn statements(p: &OrganizationPolicy) -> Vec<Statement> {
    p.content
        .value()
        .and_then(|c| c.parse().ok())
        .map(|pol| pol.statements)
        .unwrap_or_default()
}

/// A Deny of `organizations:LeaveOrganization` on every resource whose
/// conditions, if any, only exempt principals by a negated `aws:PrincipalArn`
/// test (`ArnNotLike`, `StringNotEquals`, …: a break-glass role).
/// `Some(true)` when it has that exception.
fn denies_leaving(s: &Statement) -> Option<bool> {
    let every_resource =
        (s.resource.is_none() && s.not_resource.is_none()) || s.matches_resource("*");
    let only_exceptions = s
        .conditions
        .iter()
        .all(|c| c.key_is("aws:PrincipalArn") && c.operator.to_ascii_lowercase().contains("not"));
    (s.effect == Effect::Deny && s.matches_action(LEAVE) && every_resource && only_exceptions)
        .then_some(!s.conditions.is_empty())
}

fn judge_accounts(view: &OrganizationView, org: &Organization, em: &mut Emitter) {
    let whole = Subject::arn(&org.arn, GLOBAL);
    let accounts = match view.accounts.known() {
        Ok(Some(a)) => a,
        Ok(None) => {
            return em.error_reason(
                &whole,
                "the organization's accounts were not read in the management account",
            )
        }
        Err(e) => return em.error_reason(&whole, format!("the organization's accounts: {e}")),
    };
    let seen = match (view.parents.known(), scps(view)) {
        (Err(e), _) => Err(format!("the organization's tree: {e}")),
        (Ok(None), _) => {
            Err("the organization's tree was not read in the management account".into())
        }
        (_, Err(e)) => Err(e),
        (Ok(Some(tree)), Ok(scps)) => Ok((Tree::new(tree), Attached::of(&scps))),
    };
    for account in accounts
        .iter()
        .filter(|a| a.id != org.management_account_id)
    {
        let subject = Subject::arn(&account.arn, GLOBAL);
        if matches!(
            account.state.as_str(),
            "SUSPENDED" | "CLOSED" | "PENDING_CLOSURE"
        ) {
            em.skip(
                &subject,
                format!("account {} is {}", account.id, account.state),
            );
            continue;
        }
        let mut v = Verdict::new();
        let pass = match &seen {
            Err(why) => {
                v.error_reason(why.clone());
                String::new()
            }
            Ok((tree, attached)) => judge_path(account, tree, attached, &mut v),
        };
        v.emit(em, &subject, pass);
    }
}

/// The organization's tree, indexed once: each node by id, and the node
/// each account is directly in.
struct Tree<'t> {
    nodes: HashMap<&'t str, &'t Parent>,
    home: HashMap<&'t str, &'t Parent>,
}

impl<'t> Tree<'t> {
    fn new(parents: &'t [Parent]) -> Tree<'t> {
        let mut home = HashMap::new();
        for p in parents {
            for a in &p.account_ids {
                home.insert(a.as_str(), p);
            }
        }
        Tree {
            nodes: parents.iter().map(|p| (p.id.as_str(), p)).collect(),
            home,
        }
    }

    /// The account, then the organizational units above it up to the
    /// root: the targets (id, name) whose SCPs apply to it. `None` when the
    /// tree does not hold it, or its parents do not lead to a root.
    fn path(&self, account: &'t str) -> Option<Vec<(&'t str, &'t str)>> {
        let mut node = *self.home.get(account)?;
        let mut out = vec![(account, "the account")];
        while out.len() <= self.nodes.len() {
            out.push((node.id.as_str(), node.name.as_str()));
            match node.parent_id.as_deref() {
                None => return Some(out),
                Some(parent) => node = self.nodes.get(parent)?,
            }
        }
        None
    }
}

/// Judges one account's path; returns the PASS reason.
fn judge_path<'t>(
    account: &'t OrganizationAccount,
    tree: &Tree<'t>,
    attached: &Attached,
    v: &mut Verdict,
) -> String {
    let Some(path) = tree.path(&account.id) else {
        v.error_reason(format!(
            "account {} is not in the organization's tree as read",
            account.id
        ));
        return String::new();
    };
    let mut deny: Option<(String, bool)> = None;
    let mut locked = Vec::new();
    for (target, name) in &path {
        let policies = attached.at(target);
        let mut allows = false;
        for p in policies {
            for s in statements(p) {
                allows |= s.effect == Effect::Allow;
                if let (None, Some(exception)) = (&deny, denies_leaving(&s)) {
                    deny = Some((format!("SCP {} on {name}", p.name), exception));
                }
            }
        }
        if !allows {
            locked.push(if *target == account.id.as_str() {
                format!("the account {}", account.id)
            } else {
                format!("{name} ({target})")
            });
        }
    }
    let unknown = !attached.unread.is_empty();
    let could_not = || format!("also could not read {}", name_list(&attached.unread));
    if !locked.is_empty() {
        let why = format!(
            "no SCP with an Allow is attached to {}: SCPs need an explicit allow at every level, so the account is locked out",
            name_list(&locked)
        );
        if unknown {
            v.error_reason(format!(
                "{why}, unless an unreadable policy allows it ({})",
                could_not()
            ));
        } else {
            v.fail(why);
        }
    }
    match deny {
        None if unknown => v.error_reason(format!(
            "no readable SCP on the account's path denies {LEAVE} ({})",
            could_not()
        )),
        None => v.fail(format!(
            "no SCP on the root, its organizational units or the account denies {LEAVE}: the account can leave the organization"
        )),
        Some((by, exception)) => {
            let path: Vec<&str> = path.iter().skip(1).map(|(_, n)| *n).collect();
            return format!(
                "{by} denies {LEAVE}{} (path {}), and every level has an Allow",
                if exception {
                    " with a break-glass aws:PrincipalArn exception"
                } else {
                    ""
                },
                path.join(" < ")
            );
        }
    }
    String::new()
}

/// The adjacent advisory: workloads in the management account, judged only
/// where its EC2 instances or Lambda functions were collected.
fn judge_workloads(ctx: &Context, org: &Organization, em: &mut Emitter) {
    let has = |section: &str| ctx.account.has_section(section);
    if !has("ec2") && !has("lambda") {
        return;
    }
    let subject = Subject::arn(
        &format!(
            "arn:{}:organizations::{}:account/{}/{}",
            ctx.account.partition, org.management_account_id, org.id, org.management_account_id
        ),
        GLOBAL,
    );
    let mut v = Verdict::new();
    let mut found = Vec::new();
    if has("ec2") {
        let running: Vec<&str> = ctx
            .ec2()
            .instances
            .iter()
            .filter(|i| !matches!(i.state.as_str(), "terminated" | "shutting-down"))
            .map(|i| i.instance_id.as_str())
            .collect();
        if !running.is_empty() {
            found.push(format!(
                "{} EC2 instance(s) ({})",
                running.len(),
                name_list(&running)
            ));
        }
        unread(ctx, ec2::INSTANCES, "EC2 instances", &mut v);
    } else {
        v.note("EC2 was not collected");
    }
    if has("lambda") {
        let functions: Vec<&str> = ctx
            .lambda()
            .functions
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        if !functions.is_empty() {
            found.push(format!(
                "{} Lambda function(s) ({})",
                functions.len(),
                name_list(&functions)
            ));
        }
        unread(ctx, lambda::FUNCTIONS, "Lambda functions", &mut v);
    } else {
        v.note("Lambda was not collected");
    }
    if !found.is_empty() {
        v.warn(format!(
            "{} run in the management account, where SCPs do not apply: move workloads to member accounts",
            found.join(" and ")
        ));
    }
    v.emit(
        em,
        &subject,
        "no EC2 instances or Lambda functions run in the management account",
    );
}

/// Records the regions where an optional listing could not be read.
fn unread(ctx: &Context, data: crate::engine::Data, what: &str, v: &mut Verdict) {
    for (region, e) in regions::part_unreadable(ctx, data) {
        v.error_reason(format!("{what} could not be listed in {region}: {e}"));
    }
}
