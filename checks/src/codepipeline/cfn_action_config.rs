//! ## What it checks
//!
//! Every CloudFormation deploy action of a pipeline (provider
//! `CloudFormation` or `CloudFormationStackSet`) deploys through a
//! CloudFormation service role and declares the capabilities its stack
//! needs.
//!
//! - **Service role.** FAIL when `ActionMode` is `CREATE_UPDATE`,
//!   `REPLACE_ON_FAILURE`, `CHANGE_SET_REPLACE` or `DELETE_ONLY` and the
//!   configuration has no `RoleArn`. Not judged for `CHANGE_SET_EXECUTE`,
//!   which uses the role stored on the change set.
//! - **Role validity.** FAIL when `RoleArn` names a role that does not exist
//!   or whose trust policy does not let `cloudformation.amazonaws.com`
//!   assume it.
//! - **Capabilities**, when the target stack (`StackName`, in the action's
//!   region and the pipeline's account) exists: FAIL when it has an
//!   `AWS::IAM::*` resource and `Capabilities` has neither `CAPABILITY_IAM`
//!   nor `CAPABILITY_NAMED_IAM`; advisory (FAIL at low) when it has a nested
//!   `AWS::CloudFormation::Stack` and `CAPABILITY_AUTO_EXPAND` is missing.
//!   Not judged when the stack does not exist yet.
//!
//! Verdicts: SKIP for a pipeline with no CloudFormation action (or one that
//! disappeared during the scan); PASS when every action passes; ERROR when
//! the definition, the role or the stack's resources could not be read, or
//! IAM or CloudFormation could not be listed where they would be. A role or
//! stack in another account that the inventory does not hold is not judged
//! (a note on the finding), as for the target roles of
//! `codepipeline-cross-account-artifacts`.
//!
//! Not judged: a template `Transform` (which also needs
//! `CAPABILITY_AUTO_EXPAND`), since templates (`GetTemplate`) are not
//! collected; nested stacks are.
//!
//! ## Why it matters
//!
//! Without a service role, CloudFormation deploys with the pipeline role's
//! own permissions, which must then cover every resource of every stack:
//! least privilege is lost. Missing capabilities make every deployment of a
//! stack with IAM resources or nested stacks fail (notes 000 › ## SDLC
//! Automation › CodePipeline - cloudformation integration; notes 001 › ##
//! CodePipeline › ### Key Concepts & Common Pitfalls, 2.4 "attach an IAM
//! service role to the CloudFormation action" and 3 "IAM Capabilities for
//! CloudFormation Actions").
//!
//! ## How to fix
//!
//! - **Console**: CodePipeline › the pipeline › Edit › the deploy stage ›
//!   Edit action › Role name: a role trusting CloudFormation; Capabilities:
//!   `CAPABILITY_IAM` (or `CAPABILITY_NAMED_IAM`), `CAPABILITY_AUTO_EXPAND`.
//! - **CLI**: in the action's `configuration` set `"RoleArn": "ROLE_ARN"`
//!   and `"Capabilities": "CAPABILITY_NAMED_IAM,CAPABILITY_AUTO_EXPAND"`, then
//!   `aws codepipeline update-pipeline --cli-input-json file://p.json`.
//! - **CloudFormation**: in the action's `Configuration`, `RoleArn:
//!   !GetAtt CfnDeployRole.Arn` and `Capabilities:
//!   CAPABILITY_NAMED_IAM,CAPABILITY_AUTO_EXPAND`; the role's
//!   `AssumeRolePolicyDocument` trusts `cloudformation.amazonaws.com`.
//!
//! ## References
//!
//! - Study notes: 000 › ## SDLC Automation › CodePipeline - cloudformation
//!   integration; 001 › ## CodePipeline › ### Key Concepts & Common
//!   Pitfalls (2.4, 3).
//! - AWS: CodePipeline User Guide, "AWS CloudFormation deploy action
//!   reference" (`ActionMode`, `RoleArn`, `Capabilities`); CloudFormation
//!   User Guide, "Acknowledging IAM resources in CloudFormation templates".
//! - AWS Config managed rule: none for pipeline actions (stack level:
//!   `cloudformation-stack-service-role-check`). Prowler: none.

use crate::arn::account_of;
use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::cloudformation::Stack;
use crate::inventory::codepipeline::{Action, Pipeline};
use crate::inventory::{cloudformation, codepipeline, iam};
use crate::judge::reference::{ByPlace, Lookup, Reference};
use crate::judge::role::Roles;

pub static CHECK: Check = Check {
    id: "codepipeline-cfn-action-config",
    title: "CloudFormation deploy actions use a service role and declare capabilities",
    service: "codepipeline",
    severity: Severity::Medium,
    section: "001 › ## CodePipeline › ### Key Concepts & Common Pitfalls",
    catalog: "SDLC-05",
    reads: &[
        codepipeline::PIPELINES,
        codepipeline::PIPELINE_DEFINITION,
        codepipeline::PIPELINE_TAGS,
        iam::ROLES,
        cloudformation::STACKS,
        cloudformation::STACK_RESOURCES,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: None,
    prowler: None,
    source: include_str!("cfn_action_config.rs"),
    run,
};

/// Action modes that create, update or delete stacks with the action's role.
const ROLE_MODES: &[&str] = &[
    "CREATE_UPDATE",
    "REPLACE_ON_FAILURE",
    "CHANGE_SET_REPLACE",
    "DELETE_ONLY",
];

const CLOUDFORMATION: &str = "cloudformation.amazonaws.com";

fn run(ctx: &Context, em: &mut Emitter) {
    let roles = Roles::new(ctx);
    let stacks = ByPlace::new(&ctx.cloudformation().stacks, |s: &Stack| {
        (s.account_id.as_str(), s.region.as_str(), s.name.as_str())
    });
    for pipeline in &ctx.codepipeline().pipelines {
        let Some(def) = super::definition(pipeline, em) else {
            continue;
        };
        let actions: Vec<&Action> = def
            .actions()
            .filter(|a| a.provider == "CloudFormation" || a.provider == "CloudFormationStackSet")
            .collect();
        if actions.is_empty() {
            em.skip(pipeline, "no CloudFormation action");
            continue;
        }
        let mut verdict = Verdict::new();
        for action in &actions {
            judge_role(ctx, &roles, pipeline, action, &mut verdict);
            judge_capabilities(ctx, &stacks, pipeline, action, &mut verdict);
        }
        let names: Vec<&str> = actions.iter().map(|a| a.name.as_str()).collect();
        verdict.emit(
            em,
            pipeline,
            format!(
                "CloudFormation action(s) {} deploy through a CloudFormation service role with the capabilities their stacks need",
                name_list(&names)
            ),
        );
    }
}

/// The service role and its validity.
fn judge_role(
    ctx: &Context,
    roles: &Roles,
    pipeline: &Pipeline,
    action: &Action,
    verdict: &mut Verdict,
) {
    let mode = action.configuration.get("ActionMode").map(String::as_str);
    let Some(role) = action.configuration.get("RoleArn") else {
        if let Some(mode) = mode.filter(|m| ROLE_MODES.contains(m)) {
            verdict.fail(format!(
                "action {} ({mode}) has no RoleArn: CloudFormation deploys with the pipeline role's permissions",
                action.name
            ));
        }
        return;
    };
    let label = format!("the service role {role} of action {}", action.name);
    match roles.assumable_by(ctx, role, CLOUDFORMATION, &label) {
        Lookup::Found(_) => {}
        Lookup::Missing(why) => verdict.fail(why),
        Lookup::Unknown(_) if other_account(role, pipeline) => verdict.note(format!(
            "{label} was not checked: it belongs to another account, outside this inventory"
        )),
        Lookup::Unknown(why) => verdict.error_reason(why),
    }
}

/// True when `arn` is another account's than the pipeline's.
fn other_account(arn: &str, pipeline: &Pipeline) -> bool {
    account_of(arn).is_some_and(|a| a != pipeline.account_id)
}

/// The capabilities the target stack needs.
fn judge_capabilities(
    ctx: &Context,
    stacks: &ByPlace<Stack>,
    pipeline: &Pipeline,
    action: &Action,
    verdict: &mut Verdict,
) {
    let Some(name) = action.configuration.get("StackName") else {
        return;
    };
    let region = action.region.as_deref().unwrap_or(&pipeline.region);
    // A cross-account action deploys the stack in its role's account.
    let account = action
        .role_arn
        .as_deref()
        .and_then(account_of)
        .unwrap_or(&pipeline.account_id);
    let label = format!("stack {name} of action {}", action.name);
    let reference = Reference::regional(&label, "cloudformation", region, account);
    let stack = match reference.resolve(ctx, stacks.get(account, region, name)) {
        Lookup::Found(s) => s,
        // Not created yet: nothing to judge.
        Lookup::Missing(_) => return,
        Lookup::Unknown(_) if account != pipeline.account_id => {
            return verdict.note(format!(
                "{label} was not checked: it is in account {account}, outside this inventory"
            ))
        }
        Lookup::Unknown(why) => return verdict.error_reason(why),
    };
    let resources = match stack.resources.known() {
        Ok(r) => r.map_or(&[][..], Vec::as_slice),
        Err(e) => return verdict.error_reason(format!("{label}: {e}")),
    };
    let declared = action
        .configuration
        .get("Capabilities")
        .map_or("", String::as_str);
    let has = |c: &str| declared.split(',').any(|d| d.trim() == c);
    if let Some(iam) = resources
        .iter()
        .find(|r| r.resource_type.starts_with("AWS::IAM::"))
    {
        if !has("CAPABILITY_IAM") && !has("CAPABILITY_NAMED_IAM") {
            verdict.fail(format!(
                "{label} has IAM resource {} ({}), but the action declares neither CAPABILITY_IAM nor CAPABILITY_NAMED_IAM",
                iam.logical_id, iam.resource_type
            ));
        }
    }
    if let Some(nested) = resources
        .iter()
        .find(|r| r.resource_type == "AWS::CloudFormation::Stack")
    {
        if !has("CAPABILITY_AUTO_EXPAND") {
            verdict.warn(format!(
                "{label} has nested stack {}, but the action does not declare CAPABILITY_AUTO_EXPAND",
                nested.logical_id
            ));
        }
    }
}
