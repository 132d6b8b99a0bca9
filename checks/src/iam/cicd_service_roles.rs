//! ## What it checks
//!
//! Every service role the CI/CD services use: each pipeline's `roleArn`,
//! each CodeBuild project's `serviceRole`, each CodeDeploy deployment
//! group's `serviceRoleArn` and each CloudFormation stack's `RoleARN`. A role
//! referenced by several resources or services is one finding, whose reason
//! names who uses it.
//!
//! - PASS: the role exists, its trust policy lets every service that uses it
//!   (`codepipeline.amazonaws.com`, `codebuild.amazonaws.com`,
//!   `codedeploy.amazonaws.com`, `cloudformation.amazonaws.com`) assume it,
//!   and it is not an administrator.
//! - FAIL: the role does not exist; its trust policy does not allow one of
//!   the services that use it; it has `AdministratorAccess` attached, or a
//!   permission statement that allows `*` (or `*:*`) on resource `*` with no
//!   condition.
//! - Advisory (FAIL at low): a statement allows `iam:*`, or `iam:PassRole`
//!   on `*` (or on `arn:aws:iam::*:role/*`); and a role used *only* by
//!   CloudFormation stacks that is an administrator: broad CloudFormation
//!   service roles are accepted by the notes, but `*:*` is still flagged.
//! - ERROR: the role's permission documents could not be read or parsed, or
//!   its trust policy does not parse; IAM could not be listed, so a role
//!   not in the inventory cannot be called missing; the role belongs to
//!   another account, outside this account's inventory; or a pipeline's
//!   definition or a deployment group's configuration could not be read, so
//!   its role is unknown (that finding is about the pipeline or group).
//!
//! ## Why it matters
//!
//! A CI/CD role with administrator rights turns any commit, build script or
//! template into a takeover of the account; a missing or wrongly trusted role
//! is the first thing to check when a pipeline, build or deployment fails.
//! The notes: "if pipeline cannot perform an action, check the IAM role"
//! (notes 000 › ## SDLC Automation › CodePipeline); "security: codebuild
//! service role" (000 › ## SDLC Automation › CodeBuild - advanced); the
//! service role among CodeDeploy's failure reasons (000 › ## SDLC Automation ›
//! CodeDeploy - rollbacks & troubleshooting); and "IAM permissions are
//! crucial" (notes 001 › ## Codebuild › ### Exam Tips). Least privilege
//! itself is adjacent to the notes.
//!
//! ## How to fix
//!
//! Give each service its own role, trusted by that service only, with a
//! policy scoped to the resources it needs; scope `iam:PassRole` to the role
//! ARNs it passes.
//!
//! - **Console**: IAM › Roles › the role › Trust relationships › Edit trust
//!   policy (allow `sts:AssumeRole` for the service principal); Permissions ›
//!   detach `AdministratorAccess` and replace broad statements with scoped
//!   ones. For a missing role, create it and re-select it in the pipeline,
//!   project, deployment group or stack.
//! - **CLI**: `aws iam update-assume-role-policy --role-name NAME --policy-document file://trust.json`;
//!   `aws iam detach-role-policy --role-name NAME --policy-arn arn:aws:iam::aws:policy/AdministratorAccess`;
//!   `aws iam put-role-policy --role-name NAME --policy-name scoped --policy-document file://policy.json`.
//! - **CloudFormation**: an `AWS::IAM::Role` with
//!   `AssumeRolePolicyDocument` naming the one service principal and
//!   `Policies`/`ManagedPolicyArns` scoped to the pipeline's buckets, keys and
//!   projects, referenced by `RoleArn` (pipeline), `ServiceRole` (project),
//!   `ServiceRoleArn` (deployment group) or the stack's `RoleARN`.
//!
//! ## References
//!
//! - Study notes: 000 › ## SDLC Automation › CodePipeline, CodeBuild -
//!   advanced, CodeDeploy - rollbacks & troubleshooting; 001 › ## Codebuild ›
//!   ### Exam Tips.
//! - AWS: CodePipeline User Guide, "Manage the CodePipeline service role";
//!   CodeBuild User Guide, "Allow CodeBuild to interact with other AWS
//!   services"; CodeDeploy User Guide, "Step 2: Create a service role for
//!   CodeDeploy"; CloudFormation User Guide, "CloudFormation service role".
//! - AWS Config managed rules `iam-policy-no-statements-with-admin-access`
//!   and `iam-policy-no-statements-with-full-access` (generic); Prowler
//!   `iam_role_administratoraccess_policy`.

use crate::arn::{account_of, Arn};
use crate::engine::{Check, Context, Emitter, Resource, Severity, Subject, Verdict};
use crate::inventory::iam::{IamIndex, Role, ADMINISTRATOR_ACCESS};
use crate::inventory::GLOBAL;
use crate::inventory::{cloudformation, codebuild, codedeploy, codepipeline, iam};
use crate::policy::{Effect, Statement};
use std::collections::{BTreeMap, HashMap};

pub static CHECK: Check = Check {
    id: "cicd-service-roles",
    title: "Pipeline, build, deploy and CloudFormation service roles exist, trust the right service and are not admin",
    service: "iam",
    severity: Severity::High,
    section: "000 › SDLC Automation › \"CodePipeline\"; 001 › ## Codebuild › ### Exam Tips",
    catalog: "SDLC-09",
    reads: &[
        iam::ROLES,
        iam::ROLE_TAGS,
        iam::ATTACHED_POLICIES,
        iam::INLINE_POLICIES,
        iam::MANAGED_POLICIES,
        codepipeline::PIPELINES,
        codepipeline::PIPELINE_DEFINITION,
        codebuild::PROJECTS,
        codedeploy::DEPLOYMENT_GROUPS,
        codedeploy::DEPLOYMENT_GROUP_CONFIG,
        cloudformation::STACKS,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: Some("iam-policy-no-statements-with-admin-access"),
    prowler: Some("iam_role_administratoraccess_policy"),
    source: include_str!("cicd_service_roles.rs"),
    run,
};

const CODEPIPELINE: &str = "codepipeline.amazonaws.com";
const CODEBUILD: &str = "codebuild.amazonaws.com";
const CODEDEPLOY: &str = "codedeploy.amazonaws.com";
const CLOUDFORMATION: &str = "cloudformation.amazonaws.com";

/// One resource that uses a role, and the service principal that assumes it.
struct Use {
    principal: &'static str,
    /// `CodeBuild project b (eu-west-1)`.
    who: String,
}

fn run(ctx: &Context, em: &mut Emitter) {
    let iam = ctx.iam().index();
    let uses = collect_uses(ctx, &iam, em);
    for (arn, uses) in &uses {
        judge(ctx, &iam, arn, uses, em);
    }
}

/// Role ARN → its users. A pipeline or deployment group whose role cannot
/// be read gets an ERROR finding of its own.
fn collect_uses(ctx: &Context, iam: &IamIndex, em: &mut Emitter) -> BTreeMap<String, Vec<Use>> {
    let mut uses: BTreeMap<String, Vec<Use>> = BTreeMap::new();
    let by_name: HashMap<&str, &Role> = iam.roles.values().map(|r| (r.name.as_str(), *r)).collect();
    let mut add = |reference: &str, principal, who: String| {
        uses.entry(role_arn(ctx, &by_name, reference))
            .or_default()
            .push(Use { principal, who });
    };
    for p in &ctx.codepipeline().pipelines {
        match p.definition.known() {
            Ok(Some(d)) => add(
                &d.role_arn,
                CODEPIPELINE,
                described("CodePipeline pipeline", &p.name, p),
            ),
            Ok(None) => {}
            Err(e) => em.error_reason(p, format!("the pipeline's service role is unknown: {e}")),
        }
    }
    for b in &ctx.codebuild().projects {
        add(
            &b.service_role,
            CODEBUILD,
            described("CodeBuild project", &b.name, b),
        );
    }
    for g in &ctx.codedeploy().deployment_groups {
        match g.config.known() {
            Ok(Some(c)) => add(
                &c.service_role_arn,
                CODEDEPLOY,
                described(
                    "CodeDeploy deployment group",
                    &format!("{}/{}", g.application_name, g.name),
                    g,
                ),
            ),
            Ok(None) => {}
            Err(e) => em.error_reason(
                g,
                format!("the deployment group's service role is unknown: {e}"),
            ),
        }
    }
    for s in &ctx.cloudformation().stacks {
        if let Some(r) = &s.role_arn {
            add(
                r,
                CLOUDFORMATION,
                described("CloudFormation stack", &s.name, s),
            );
        }
    }
    uses
}

fn described(kind: &str, name: &str, r: &dyn Resource) -> String {
    format!("{kind} {name} ({})", r.region())
}

/// The role's ARN: references are ARNs, but CodeBuild also accepts a bare
/// role name, which is looked up among the account's roles (by name: IAM
/// role names are unique in an account).
fn role_arn(ctx: &Context, by_name: &HashMap<&str, &Role>, reference: &str) -> String {
    if Arn::parse(reference).is_some() {
        return reference.to_string();
    }
    by_name
        .get(reference)
        .map(|r| r.arn.clone())
        .unwrap_or_else(|| {
            format!(
                "arn:{}:iam::{}:role/{reference}",
                ctx.account.partition, ctx.account.account_id
            )
        })
}

fn judge(ctx: &Context, iam: &IamIndex, arn: &str, uses: &[Use], em: &mut Emitter) {
    let mut users: Vec<&str> = uses.iter().map(|u| u.who.as_str()).collect();
    users.sort_unstable();
    users.dedup();
    let users = users.join(", ");
    let account = &ctx.account.account_id;
    let Some(&role) = iam.roles.get(arn) else {
        let subject = Subject::arn(arn, GLOBAL);
        return match account_of(arn) {
            Some(other) if other != account => em.error_reason(
                &subject,
                format!("the role is in account {other}, outside this account's inventory; used by {users}"),
            ),
            _ if ctx.blind_anywhere("iam") => em.error_reason(
                &subject,
                format!("IAM could not be listed, so the role cannot be found; used by {users}"),
            ),
            _ => em.fail(&subject, format!("the role does not exist; used by {users}")),
        };
    };
    let mut verdict = Verdict::new();
    let mut principals: Vec<&str> = uses.iter().map(|u| u.principal).collect();
    principals.sort_unstable();
    principals.dedup();
    match role.trust_policy.parse() {
        Ok(trust) => {
            for p in &principals {
                if !trust.trusts_service(p) {
                    verdict.fail(format!(
                        "the trust policy does not allow {p} to assume the role"
                    ));
                }
            }
        }
        Err(e) => verdict.error_reason(format!("trust policy: {e}")),
    }
    judge_permissions(iam, role, principals == [CLOUDFORMATION], &mut verdict);
    verdict.note(format!("used by {users}"));
    verdict.emit(
        em,
        role,
        format!(
            "the role trusts {} and is not an administrator",
            principals.join(", ")
        ),
    );
}

/// Administrator rights FAIL (advisory for a role only CloudFormation uses);
/// `iam:*` and `iam:PassRole` on every role are advisory.
fn judge_permissions(iam: &IamIndex, role: &Role, cfn_only: bool, verdict: &mut Verdict) {
    let mut admin = Vec::new();
    if let Ok(Some(attached)) = role.attached_policies.known() {
        if attached.iter().any(|a| is_administrator_access(a)) {
            admin.push(format!("{ADMINISTRATOR_ACCESS} is attached"));
        }
    }
    match iam.role_documents(role) {
        Ok(docs) => {
            // AdministratorAccess itself is reported as attached above.
            for doc in docs.iter().filter(|d| !is_administrator_access(&d.origin)) {
                for s in &doc.policy.statements {
                    if s.is_admin() {
                        admin.push(format!("{} allows * on *", doc.origin));
                    } else if let Some(what) = broad_iam(s) {
                        verdict.warn(format!("{} allows {what}", doc.origin));
                    }
                }
            }
        }
        Err(e) => verdict.error_reason(format!("permissions could not be read: {e}")),
    }
    if admin.is_empty() {
        return;
    }
    let admin = admin.join("; ");
    if cfn_only {
        verdict.warn(format!(
            "the CloudFormation service role has administrator access ({admin}); broad CloudFormation roles are accepted, but *:* is still flagged"
        ));
    } else {
        verdict.fail(format!("the role has administrator access ({admin})"));
    }
}

/// The AWS managed `AdministratorAccess` policy, in any partition.
fn is_administrator_access(arn: &str) -> bool {
    arn == ADMINISTRATOR_ACCESS
        || Arn::parse(arn).is_some_and(|a| {
            a.service == "iam" && a.account == "aws" && a.resource == "policy/AdministratorAccess"
        })
}

/// `iam:*`, or `iam:PassRole` on every role, granted by an Allow statement.
fn broad_iam(s: &Statement) -> Option<&'static str> {
    if s.effect != Effect::Allow {
        return None;
    }
    if s.lists_action("iam:*") {
        return Some("iam:*");
    }
    let every_role = s.lists_resource("*") || s.lists_resource("arn:aws:iam::*:role/*");
    (s.matches_action("iam:PassRole") && every_role).then_some("iam:PassRole on every role")
}
