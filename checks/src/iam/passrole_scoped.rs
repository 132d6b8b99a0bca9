//! ## What it checks
//!
//! No IAM role may pass every role of the account to a service. For each
//! role, every `Allow` statement of its inline policies and attached
//! managed policies (`GetAccountAuthorizationDetails`) whose actions take
//! in `iam:PassRole` (`iam:PassRole`, `iam:Pass*`, `iam:*`, `*`, or a
//! `NotAction` that does not exclude it) is judged by its resources:
//!
//! - FAIL: the statement applies to every role: `Resource` `*`,
//!   `arn:aws:iam::*:role/*`, `arn:aws:iam::ACCOUNT:role/*` (any
//!   partition), or a `NotResource`.
//! - Advisory (FAIL at low): the same, but an `iam:PassedToService`
//!   condition limits the services the roles can be passed to.
//! - PASS: every such statement names specific role ARNs or a narrow path
//!   or name prefix (`role/service-role/*`, `role/storefront-*`), or an
//!   unconditional `Deny` of `iam:PassRole` on every role takes the grant
//!   back (noted).
//! - SKIP: a role that cannot pass roles (no statement allows
//!   `iam:PassRole`); an administrator (`AdministratorAccess` attached, or a
//!   statement allowing `*` on `*`), which `cicd-service-roles` (SDLC-09)
//!   judges; a service-linked role (path `/aws-service-role/`) or an
//!   AWS-reserved one (`/aws-reserved/`, IAM Identity Center), whose
//!   policies AWS owns.
//! - ERROR: the role's inline policies, attachments or an attached managed
//!   policy's document could not be read or parsed.
//!
//! Only roles are judged: the inventory holds the account's roles and
//! their policies, not its IAM users and groups. Permission boundaries and
//! SCPs, which may narrow a grant further, are not read.
//!
//! ## Why it matters
//!
//! `iam:PassRole` decides which role a service (CloudFormation, CodeBuild,
//! EC2, Lambda, Config remediation through SSM) acts with. On every role it
//! lets the holder hand any role, administrator roles included, to a
//! service it controls: a privilege escalation. The notes grant engineers
//! only `iam:PassRole` on the CloudFormation service role (notes 001 › ##
//! CloudFormation › ### Core Topics 1), and name `PassRole` for pipelines
//! (001 › ## CodePipeline › Key Concepts 2.4) and for whoever creates a
//! Config remediation (001 › ## AWS Config & Auto Remediation; 000 ›
//! Configuration Management and IaC › "cloudformation:", service role).
//!
//! ## How to fix
//!
//! Replace `Resource: "*"` with the ARNs of the roles the principal has to
//! pass, and add an `iam:PassedToService` condition naming the service.
//!
//! - **Console**: IAM › Roles › the role › Permissions › the policy › Edit:
//!   set the `iam:PassRole` statement's resources to the role ARNs, and add
//!   the condition `StringEquals iam:PassedToService cloudformation.amazonaws.com`.
//! - **CLI**: `aws iam put-role-policy --role-name NAME --policy-name pass-deploy-role --policy-document file://pass.json`
//!   with `{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/cfn-deploy", "Condition": {"StringEquals": {"iam:PassedToService": "cloudformation.amazonaws.com"}}}`
//!   (`aws iam create-policy-version --set-as-default` for a managed policy).
//! - **CloudFormation**: in `AWS::IAM::Role` `Policies` (or
//!   `AWS::IAM::ManagedPolicy`), `Resource: !GetAtt CfnDeployRole.Arn` with
//!   the same condition.
//!
//! ## References
//!
//! - Study notes: 001 › ## CloudFormation › ### Core Topics 1 (Stack Roles & Least-Privilege Deployment); 001 › ## CodePipeline › Key Concepts 2.4; 001 › ## AWS Config & Auto Remediation; 000 › Configuration Management and IaC › "cloudformation:" (service role).
//! - AWS: "Granting a user permissions to pass a role to an AWS service" and "IAM condition keys: iam:PassedToService" (IAM User Guide).
//! - No AWS Config managed rule (related: `iam-policy-no-statements-with-admin-access`); no Prowler equivalent.

use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::iam;
use crate::inventory::iam::Role;
use crate::judge::role::{
    attached_aws_managed, covers_every_role, Roles, ADMINISTRATOR_ACCESS_NAME,
};
use crate::policy::{Effect, Statement};

pub static CHECK: Check = Check {
    id: "iam-passrole-scoped",
    title: "iam:PassRole is granted on specific role ARNs only",
    service: "iam",
    severity: Severity::High,
    section: "001 › ## CloudFormation › ### Core Topics 1",
    catalog: "IAC-08",
    reads: &[
        iam::ROLES,
        iam::ROLE_TAGS,
        iam::ATTACHED_POLICIES,
        iam::INLINE_POLICIES,
        iam::MANAGED_POLICIES,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: None,
    prowler: None,
    source: include_str!("passrole_scoped.rs"),
    run,
};

const PASS_ROLE: &str = "iam:PassRole";
const PASSED_TO_SERVICE: &str = "iam:PassedToService";

fn run(ctx: &Context, em: &mut Emitter) {
    let roles = Roles::new(ctx);
    for role in &ctx.iam().roles {
        judge(&roles, role, em);
    }
}

/// Roles whose policies AWS owns: service-linked and AWS-reserved.
fn aws_owned(role: &Role) -> Option<&'static str> {
    if role.arn.contains(":role/aws-service-role/") {
        Some("a service-linked role: AWS owns its policies")
    } else if role.arn.contains(":role/aws-reserved/") {
        Some("an AWS-reserved role: AWS owns its policies")
    } else {
        None
    }
}

fn judge(roles: &Roles, role: &Role, em: &mut Emitter) {
    if let Some(why) = aws_owned(role) {
        return em.skip(role, why);
    }
    // AdministratorAccess shows in the attachments alone.
    let admin = "an administrator: judged by cicd-service-roles (SDLC-09)";
    if attached_aws_managed(role, ADMINISTRATOR_ACCESS_NAME) {
        return em.skip(role, admin);
    }
    let permissions = match roles.permissions(role, "the role") {
        Ok(p) => p,
        Err(why) => return em.error_reason(role, why),
    };
    if !permissions.administrator().is_empty() {
        return em.skip(role, admin);
    }
    let grants: Vec<(&str, &Statement)> = permissions
        .every_statement()
        .filter(|(_, s)| s.effect == Effect::Allow && s.matches_action(PASS_ROLE))
        .collect();
    if grants.is_empty() {
        return em.skip(role, "no statement allows iam:PassRole");
    }
    let denied = permissions.every_statement().any(|(_, s)| {
        s.effect == Effect::Deny
            && s.conditions.is_empty()
            && s.matches_action(PASS_ROLE)
            && covers_every_role(s)
    });
    let mut v = Verdict::new();
    let mut scoped = Vec::new();
    for (origin, s) in grants {
        let what = format!("{origin} ({})", s.label());
        if !covers_every_role(s) {
            scoped.extend(s.resource.iter().flatten().cloned());
            continue;
        }
        if denied {
            v.note(format!(
                "{what} allows iam:PassRole on every role, but an unconditional Deny takes it back"
            ));
            continue;
        }
        let services: Vec<&str> = s
            .conditions_on(PASSED_TO_SERVICE)
            .flat_map(|c| c.values.iter().map(String::as_str))
            .collect();
        if services.is_empty() {
            v.fail(format!(
                "{what} allows iam:PassRole on every role ({}), to any service",
                resources(s)
            ));
        } else {
            v.warn(format!(
                "{what} allows iam:PassRole on every role ({}), only to {} (iam:PassedToService)",
                resources(s),
                name_list(&services)
            ));
        }
    }
    scoped.sort();
    scoped.dedup();
    v.emit(
        em,
        role,
        if scoped.is_empty() {
            "iam:PassRole on every role is denied".to_string()
        } else {
            format!("iam:PassRole only on {}", name_list(&scoped))
        },
    );
}

/// The statement's resources, as reasons show them.
fn resources(s: &Statement) -> String {
    match (&s.resource, &s.not_resource) {
        (Some(r), _) => r.join(", "),
        (None, Some(nr)) => format!("NotResource {}", nr.join(", ")),
        (None, None) => String::new(),
    }
}
