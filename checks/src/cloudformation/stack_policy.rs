//! ## What it checks
//!
//! Every production stack that holds data has a stack policy that stops an
//! update from replacing or deleting those resources. Production scoping:
//! stacks that are not production (the production tag, else a name word in
//! the stack name) are SKIP.
//!
//! A resource holds data when its type is one of `AWS::RDS::DBInstance`,
//! `AWS::RDS::DBCluster`, `AWS::DynamoDB::Table`, `AWS::DynamoDB::GlobalTable`,
//! `AWS::EC2::Volume`, `AWS::EFS::FileSystem`,
//! `AWS::ElastiCache::ReplicationGroup`, `AWS::Redshift::Cluster`,
//! `AWS::Neptune::DBCluster`, `AWS::DocDB::DBCluster` or `AWS::S3::Bucket`
//! (the stack's resources, `ListStackResources`).
//!
//! The policy (`GetStackPolicy`) is evaluated as CloudFormation does: once a
//! stack has a policy, an update action on a resource is denied unless an
//! `Allow` statement covers it, and an explicit `Deny` always wins. A
//! statement covers a resource when its `Action`/`NotAction` takes in
//! `Update:Replace` or `Update:Delete`, its `Resource`/`NotResource` takes in
//! `LogicalResourceId/<id>` (wildcards allowed), and a `Condition` on
//! `ResourceType` (if any) takes in the resource's type. A `Deny` with a
//! condition on any other key is not counted as protection; an `Allow` with
//! one is counted as allowing.
//!
//! - SKIP: not production; no resource that holds data.
//! - PASS: replacing or deleting (either one) is denied for every such
//!   resource, explicitly or because no `Allow` covers it.
//! - Advisory (FAIL at low): no stack policy; a policy whose only statement is
//!   `Allow Update:*` on `*` (the same as none); a policy that lets an update
//!   both replace and delete some of those resources (they are named).
//! - ERROR: the resources or the policy could not be read; the policy does not
//!   parse.
//!
//! ## Why it matters
//!
//! By default every update is allowed on every resource of a stack: a changed
//! property that needs replacement, or a resource removed from the template,
//! silently replaces or deletes a database. A stack policy allows or denies
//! update actions per resource, so such an update fails instead (notes 000 ›
//! Configuration Management and IaC › "cloudformation:", stack policy).
//!
//! ## How to fix
//!
//! Set a stack policy that allows updates in general and denies
//! `Update:Replace` and `Update:Delete` on the stateful resources (by logical
//! id, or by `ResourceType` condition). An intended replacement then needs a
//! temporary overriding policy (`--stack-policy-during-update-body`).
//!
//! - **Console**: CloudFormation › the stack › Stack actions › Edit stack policy, paste the policy below.
//! - **CLI**: `aws cloudformation set-stack-policy --stack-name NAME --stack-policy-body '{"Statement":[{"Effect":"Allow","Action":"Update:*","Principal":"*","Resource":"*"},{"Effect":"Deny","Action":["Update:Replace","Update:Delete"],"Principal":"*","Resource":"*","Condition":{"StringLike":{"ResourceType":["AWS::RDS::*","AWS::DynamoDB::*","AWS::S3::Bucket","AWS::EFS::FileSystem","AWS::EC2::Volume"]}}}]}'`.
//! - **CloudFormation**: pass the same document at creation (`aws cloudformation create-stack --stack-policy-body …`; `aws cloudformation deploy` does not set one, so follow with `set-stack-policy`); keep `DeletionPolicy`/`UpdateReplacePolicy` on the resources too (`cloudformation-stateful-deletion-policy`).
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC › "cloudformation:" (stack policy).
//! - AWS: "Prevent updates to stack resources" (CloudFormation User Guide), API reference for `SetStackPolicy`.
//! - No AWS Config managed rule; no Prowler equivalent.

use crate::arn::wildcard_match;
use crate::engine::{name_list, Check, Context, Emitter, Severity};
use crate::inventory::cloudformation;
use crate::inventory::cloudformation::{Stack, StackResource, STATEFUL_TYPES};
use crate::policy::{Effect, Policy, Statement};
use crate::settings::{Production, PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};

pub static CHECK: Check = Check {
    id: "cloudformation-stack-policy",
    title: "Production stacks with stateful resources have a protective stack policy",
    service: "cloudformation",
    severity: Severity::Low,
    section: "000 › Configuration Management and IaC › \"cloudformation:\"",
    catalog: "IAC-06",
    reads: &[
        cloudformation::STACKS,
        cloudformation::STACK_RESOURCES,
        cloudformation::STACK_POLICY,
    ],
    tolerates: &[],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: None,
    prowler: None,
    source: include_str!("stack_policy.rs"),
    run,
};

/// The update actions that lose a resource's data.
const DESTRUCTIVE: [&str; 2] = ["Update:Replace", "Update:Delete"];

fn run(ctx: &Context, em: &mut Emitter) {
    let production = ctx.production();
    for stack in &ctx.cloudformation().stacks {
        judge(&production, stack, em);
    }
}

fn judge(production: &Production, stack: &Stack, em: &mut Emitter) {
    if !production.is_production(Some(&stack.tags), &stack.name) {
        return em.skip(stack, "not production");
    }
    let resources = match stack.resources.known() {
        Err(e) => return em.error(stack, e),
        Ok(r) => r.map_or(&[][..], Vec::as_slice),
    };
    let stateful: Vec<&StackResource> = resources
        .iter()
        .filter(|r| STATEFUL_TYPES.contains(&r.resource_type.as_str()))
        .collect();
    if stateful.is_empty() {
        return em.skip(stack, "no resource that holds data");
    }
    let names: Vec<String> = stateful.iter().map(|r| label(r)).collect();
    let policy = match stack.policy.known() {
        Err(e) => return em.error(stack, e),
        Ok(None) => {
            return em.warn(
                stack,
                format!(
                    "no stack policy: any update may replace or delete {}",
                    name_list(&names)
                ),
            )
        }
        Ok(Some(p)) => match p.parse() {
            Ok(p) => p,
            Err(e) => return em.error_reason(stack, format!("stack policy: {e}")),
        },
    };
    if let [only] = policy.statements.as_slice() {
        if only.effect == Effect::Allow
            && only.lists_action("Update:*")
            && only.lists_resource("*")
            && only.conditions.is_empty()
        {
            return em.warn(
                stack,
                format!(
                    "the stack policy only allows Update:* on * (the same as no policy): any update may replace or delete {}",
                    name_list(&names)
                ),
            );
        }
    }
    let exposed: Vec<String> = stateful
        .iter()
        .filter(|r| !DESTRUCTIVE.iter().any(|a| denied(&policy, a, r)))
        .map(|r| label(r))
        .collect();
    if exposed.is_empty() {
        em.pass(
            stack,
            format!(
                "the stack policy denies replacing or deleting {}",
                name_list(&names)
            ),
        );
    } else {
        em.warn(
            stack,
            format!(
                "the stack policy lets an update replace and delete {}",
                name_list(&exposed)
            ),
        );
    }
}

fn label(r: &StackResource) -> String {
    format!("{} ({})", r.logical_id, r.resource_type)
}

/// True when `policy` denies `action` on `r`: an explicit Deny covers it, or
/// no Allow does (a stack policy denies what it does not allow).
fn denied(policy: &Policy, action: &str, r: &StackResource) -> bool {
    let covering = |effect: Effect| {
        policy
            .statements
            .iter()
            .filter(move |s| s.effect == effect && covers(s, action, r))
    };
    covering(Effect::Deny).any(only_type_conditions) || covering(Effect::Allow).next().is_none()
}

/// True when `s` names `action` on `r` and its `ResourceType` conditions (if
/// any) take in `r`'s type. Conditions on other keys are not evaluated here.
fn covers(s: &Statement, action: &str, r: &StackResource) -> bool {
    s.matches_action(action)
        && s.matches_resource(&format!("LogicalResourceId/{}", r.logical_id))
        && s.conditions_on("ResourceType").all(|c| {
            let listed = c.values.iter().any(|v| wildcard_match(v, &r.resource_type));
            if c.operator.to_ascii_lowercase().contains("not") {
                !listed
            } else {
                listed
            }
        })
}

/// True when every condition of `s` is on `ResourceType`: a Deny scoped by
/// anything else may not apply, so it is not counted as protection.
fn only_type_conditions(s: &Statement) -> bool {
    s.conditions.iter().all(|c| c.key_is("ResourceType"))
}
