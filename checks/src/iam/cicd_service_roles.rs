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

use crate::arn::Arn;
use crate::engine::{Check, Context, Emitter, Resource, Severity, Subject, Verdict};
use crate::inventory::iam::{Role, ADMINISTRATOR_ACCESS};
use crate::inventory::GLOBAL;
use crate::inventory::{cloudformation, codebuild, codedeploy, codepipeline, iam};
use crate::judge::reference::Lookup;
use crate::judge::role::{attached_aws_managed, trust, Roles, ADMINISTRATOR_ACCESS_NAME};
use std::collections::BTreeMap;

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
    let roles = Roles::new(ctx);
    let uses = collect_uses(ctx, &roles, em);
    for (arn, uses) in &uses {
        judge(ctx, &roles, arn, uses, em);
    }
}

/// Role ARN → its users. A pipeline or deployment group whose role cannot
/// be read gets an ERROR finding of its own.
fn collect_uses(ctx: &Context, roles: &Roles, em: &mut Emitter) -> BTreeMap<String, Vec<Use>> {
    let mut uses: BTreeMap<String, Vec<Use>> = BTreeMap::new();
    let mut add = |reference: &str, principal, who: String| {
        uses.entry(role_arn(ctx, roles, reference))
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

/// The ARN that stands for the role a reference names, so that every
/// spelling of one role is one finding: the role's own ARN when the
/// inventory has it (references may differ in case, omit the role's path,
/// or be a bare name, which CodeBuild accepts), else the reference, a bare
/// name made a role ARN of the account.
fn role_arn(ctx: &Context, roles: &Roles, reference: &str) -> String {
    match roles.find(reference) {
        Some(role) => role.arn.clone(),
        None if Arn::parse(reference).is_some() => reference.to_string(),
        None => format!(
            "arn:{}:iam::{}:role/{reference}",
            ctx.account.partition, ctx.account.account_id
        ),
    }
}

fn judge(ctx: &Context, roles: &Roles, arn: &str, uses: &[Use], em: &mut Emitter) {
    let mut users: Vec<&str> = uses.iter().map(|u| u.who.as_str()).collect();
    users.sort_unstable();
    users.dedup();
    let users = users.join(", ");
    let role = match roles.lookup(ctx, arn, "the role") {
        Lookup::Found(role) => role,
        Lookup::Missing(why) => {
            return em.fail(
                &Subject::arn(arn, GLOBAL),
                format!("{why}; used by {users}"),
            )
        }
        Lookup::Unknown(why) => {
            return em.error_reason(
                &Subject::arn(arn, GLOBAL),
                format!("{why}; used by {users}"),
            )
        }
    };
    let mut verdict = Verdict::new();
    let mut principals: Vec<&str> = uses.iter().map(|u| u.principal).collect();
    principals.sort_unstable();
    principals.dedup();
    for p in &principals {
        trust(role, p, "the role").or_record(&mut verdict);
    }
    judge_permissions(roles, role, principals == [CLOUDFORMATION], &mut verdict);
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
fn judge_permissions(roles: &Roles, role: &Role, cfn_only: bool, verdict: &mut Verdict) {
    let mut admin = Vec::new();
    if attached_aws_managed(role, ADMINISTRATOR_ACCESS_NAME) {
        admin.push(format!("{ADMINISTRATOR_ACCESS} is attached"));
    }
    match roles.permissions(role, "the role") {
        Ok(p) => {
            admin.extend(p.administrator());
            for grant in p.broad_iam() {
                verdict.warn(grant);
            }
        }
        Err(why) => verdict.error_reason(why),
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
