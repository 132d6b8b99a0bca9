//! ## What it checks
//!
//! Every production root CloudFormation stack has termination protection
//! (`EnableTerminationProtection`) turned on, so the whole environment it
//! describes cannot be deleted by one `delete-stack`. Production scoping:
//! stacks that are not production (the production tag, else a name word in
//! the stack name) are SKIP.
//!
//! - SKIP: nested stacks (termination protection is set on the root stack
//!   and applies to its nested stacks; it cannot be changed on them);
//!   stacks created by a StackSet (`StackSet-*`: the StackSet owns their
//!   life cycle); stacks that are not production.
//! - PASS: termination protection is enabled.
//! - FAIL: termination protection is disabled.
//! - ERROR: `DescribeStacks` did not report the setting; CloudFormation
//!   could not be listed in a region.
//!
//! Termination protection is not a `DeletionPolicy`: it guards the stack
//! against deletion; a `DeletionPolicy` keeps a resource when the stack (or
//! the resource) is deleted (`cloudformation-stateful-deletion-policy`).
//!
//! ## Why it matters
//!
//! Deleting a root stack deletes every resource it and its nested stacks
//! created: a whole environment. Termination protection applies to the entire
//! stack and makes a delete fail until it is turned off on purpose; it is
//! different from a resource's deletion policy (notes 000 › Configuration
//! Management and IaC › "cloudformation:", termination protection).
//!
//! ## How to fix
//!
//! Enable termination protection on each production root stack (turning it
//! off again needs `cloudformation:UpdateTerminationProtection`, which can be
//! reserved to administrators).
//!
//! - **Console**: CloudFormation › the root stack › Stack actions › Edit termination protection › Activated.
//! - **CLI**: `aws cloudformation update-termination-protection --enable-termination-protection --stack-name NAME`.
//! - **CloudFormation**: create stacks with `aws cloudformation create-stack --enable-termination-protection …` (`aws cloudformation deploy` does not set it: run `update-termination-protection` after the first deploy); in CDK, `terminationProtection: true` on the `Stack`.
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC › "cloudformation:" (termination protection).
//! - AWS: "Protect CloudFormation stacks from being deleted" (CloudFormation User Guide); API reference for `UpdateTerminationProtection`.
//! - AWS Config managed rule `cloudformation-termination-protection-check`; no Prowler equivalent.

use crate::engine::{Check, Context, Emitter, Severity};
use crate::inventory::cloudformation;
use crate::inventory::cloudformation::Stack;
use crate::settings::{Production, PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};

pub static CHECK: Check = Check {
    id: "cloudformation-termination-protection",
    title: "Production root stacks have termination protection",
    service: "cloudformation",
    severity: Severity::Medium,
    section: "000 › Configuration Management and IaC › \"cloudformation:\"",
    catalog: "IAC-05",
    reads: &[cloudformation::STACKS],
    tolerates: &[],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: Some("cloudformation-termination-protection-check"),
    prowler: None,
    source: include_str!("termination_protection.rs"),
    run,
};

/// Names of the stacks a StackSet creates in its target accounts.
const STACK_SET_PREFIX: &str = "StackSet-";

fn run(ctx: &Context, em: &mut Emitter) {
    let production = ctx.production();
    for stack in &ctx.cloudformation().stacks {
        judge(&production, stack, em);
    }
}

fn judge(production: &Production, stack: &Stack, em: &mut Emitter) {
    if stack.is_nested() {
        return em.skip(
            stack,
            "nested stack: termination protection is set on its root stack",
        );
    }
    if stack.name.starts_with(STACK_SET_PREFIX) {
        return em.skip(
            stack,
            "created by a StackSet: the StackSet controls its life cycle",
        );
    }
    if !production.is_production(Some(&stack.tags), &stack.name) {
        return em.skip(stack, "not production");
    }
    match stack.termination_protection {
        Some(true) => em.pass(stack, "termination protection is enabled"),
        Some(false) => em.fail(
            stack,
            "termination protection is disabled: one delete-stack removes the whole environment",
        ),
        None => em.error_reason(
            stack,
            "DescribeStacks did not report EnableTerminationProtection",
        ),
    }
}
