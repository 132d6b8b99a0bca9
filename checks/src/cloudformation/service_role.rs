//! ## What it checks
//!
//! Every root CloudFormation stack is deployed with a CloudFormation service
//! role (`RoleARN`), and that role still exists and trusts
//! `cloudformation.amazonaws.com`.
//!
//! - SKIP: nested stacks (they are deployed with their parent's role), and
//!   service-owned stacks whose name matches a pattern of the setting
//!   `service_owned_stacks`, by default `awseb-*` (Elastic Beanstalk),
//!   `StackSet-*`, `aws-sam-cli-managed-*`, `CDKToolkit` and `amplify-*`.
//! - PASS: the role exists and its trust policy lets
//!   `cloudformation.amazonaws.com` call `sts:AssumeRole`.
//! - FAIL: no `RoleARN` (the stack is deployed with the caller's own
//!   credentials); the role no longer exists; or its trust policy does not
//!   trust `cloudformation.amazonaws.com`. In the last two states the stack
//!   cannot be updated or deleted until the role is fixed.
//! - ERROR: the role cannot be looked up because IAM could not be read, the
//!   role belongs to another account (not in this inventory), or its trust
//!   policy does not parse.
//!
//! A single stack outside the list can also be exempted with the
//! `compliance:exempt` tag.
//!
//! ## Why it matters
//!
//! Without a service role, CloudFormation acts with the full permissions of
//! whoever runs the deployment, so every deployer needs rights to every
//! resource type in every template. A service role lets CloudFormation create,
//! update and delete resources on the user's behalf while the user holds only
//! `iam:PassRole` for that role (notes 000 › Configuration Management and IaC ›
//! "cloudformation:", service role; notes 001 › ## CloudFormation › ### Core
//! Topics, "Stack Roles & Least-Privilege Deployment").
//!
//! ## How to fix
//!
//! Create a role that trusts `cloudformation.amazonaws.com` with the
//! permissions the stack's resources need, grant deployers `iam:PassRole` on it,
//! and update the stack with it. A stack's role can be set or changed on an
//! update (it cannot be removed).
//!
//! - **Console**: CloudFormation › the stack › Update › Use current template › Permissions › IAM role, choose the service role, and complete the update.
//! - **CLI**: `aws cloudformation update-stack --stack-name NAME --use-previous-template --role-arn arn:aws:iam::ACCOUNT:role/cfn-deploy --capabilities CAPABILITY_NAMED_IAM` (pass the stack's parameters with `UsePreviousValue=true`).
//! - **CloudFormation**: declare the role (`AWS::IAM::Role` with `AssumeRolePolicyDocument` allowing `cloudformation.amazonaws.com` to `sts:AssumeRole`), and deploy stacks with `--role-arn` (`aws cloudformation deploy --role-arn …`, or `RoleArn` in a CodePipeline CloudFormation action).
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC › "cloudformation:" (service role); 001 › ## CloudFormation › ### Core Topics ("Stack Roles & Least-Privilege Deployment").
//! - AWS: "AWS CloudFormation service role" (CloudFormation User Guide); "Granting a user permissions to pass a role to an AWS service" (IAM User Guide).
//! - AWS Config managed rule `cloudformation-stack-service-role-check`; no Prowler equivalent.

use crate::arn::wildcard_match;
use crate::engine::{Check, Context, Emitter, Severity};
use crate::inventory::cloudformation::Stack;
use crate::inventory::{cloudformation, iam};
use crate::judge::reference::Lookup;
use crate::judge::role::{trust, Roles};
use crate::settings::{patterns, Setting};

pub static CHECK: Check = Check {
    id: "cloudformation-service-role",
    title: "CloudFormation stacks are deployed with a service role",
    service: "cloudformation",
    severity: Severity::Medium,
    section: "000 › Configuration Management and IaC › \"cloudformation:\"; 001 › ## CloudFormation › ### Core Topics",
    catalog: "IAC-07",
    reads: &[
        cloudformation::STACKS,
        iam::ROLES,
    ],
    tolerates: &[],
    settings: &[&SERVICE_OWNED],
    config_rule: Some("cloudformation-stack-service-role-check"),
    prowler: None,
    source: include_str!("service_role.rs"),
    run,
};

/// Stacks created and managed by AWS services, which choose their own credentials.
static SERVICE_OWNED: Setting<Vec<String>> = Setting::new(
    "service_owned_stacks",
    "Stack names (patterns, `*` and `?` wildcards, case-sensitive) of service-owned stacks, which the owning service deploys with credentials of its choosing: SKIP rather than judged.",
    r#"["awseb-*", "StackSet-*", "aws-sam-cli-managed-*", "CDKToolkit", "amplify-*"]"#,
    patterns,
);

/// The service principal a stack's role must trust.
const CLOUDFORMATION: &str = "cloudformation.amazonaws.com";

fn run(ctx: &Context, em: &mut Emitter) {
    let roles = Roles::new(ctx);
    let service_owned = ctx.setting(&SERVICE_OWNED);
    for stack in &ctx.cloudformation().stacks {
        judge(ctx, &roles, &service_owned, stack, em);
    }
}

fn judge(ctx: &Context, roles: &Roles, service_owned: &[String], stack: &Stack, em: &mut Emitter) {
    if stack.is_nested() {
        return em.skip(stack, "nested stack: deployed with its parent stack's role");
    }
    if let Some(pattern) = service_owned
        .iter()
        .find(|p| wildcard_match(p, &stack.name))
    {
        return em.skip(
            stack,
            format!("service-owned stack (matches {pattern}): the owning service chooses its credentials"),
        );
    }
    let Some(role_arn) = stack.role_arn.as_deref() else {
        return em.fail(
            stack,
            "no service role: the stack is deployed with the caller's own credentials",
        );
    };
    let role = match roles.lookup(ctx, role_arn, format!("service role {role_arn}")) {
        Lookup::Found(role) => role,
        Lookup::Missing(why) => {
            return em.fail(
                stack,
                format!(
                "{why}: the stack cannot be updated or deleted until it is restored or replaced"
            ),
            )
        }
        Lookup::Unknown(why) => return em.error_reason(stack, why),
    };
    match trust(role, CLOUDFORMATION, &format!("service role {}", role.name)) {
        Lookup::Found(()) => em.pass(
            stack,
            format!(
                "deployed with service role {}, which trusts {CLOUDFORMATION}",
                role.name
            ),
        ),
        Lookup::Missing(why) => em.fail(
            stack,
            format!("{why}: CloudFormation cannot assume it, so the stack cannot be updated"),
        ),
        Lookup::Unknown(why) => em.error_reason(stack, why),
    }
}
