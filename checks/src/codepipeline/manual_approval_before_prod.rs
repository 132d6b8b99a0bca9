//! ## What it checks
//!
//! Every production deploy stage of a pipeline comes after a manual
//! approval and after a deploy to a non-production environment.
//!
//! A stage is a *production stage* when one of its `Deploy` actions
//! deploys to a production target. The target is resolved where the
//! inventory holds it: the CodeDeploy deployment group
//! (`ApplicationName`/`DeploymentGroupName`) or the CloudFormation stack
//! (`StackName`, for the `CloudFormation` provider) in the action's region
//! and the pipeline's account, judged by the shared production scoping (the
//! production tag, else a production word of its name). Where the target
//! cannot be resolved (another provider, another account, a target not in
//! the inventory or its section not collected), the stage's or the action's
//! name decides, by the same production words.
//!
//! - SKIP: the pipeline has no production stage; it disappeared during the
//!   scan.
//! - FAIL: a production deploy action has no manual approval (`Approval`
//!   category, `Manual` provider) before it: in an earlier stage, or in the
//!   same stage with a lower `runOrder`.
//! - Advisory (FAIL at low): no non-production deploy stage comes before a
//!   production stage (no pre-production environment).
//! - PASS: otherwise. A note names a gating approval with no
//!   `NotificationArn` (nobody is told it waits).
//! - ERROR: the pipeline definition could not be read.
//!
//! Not judged: which principals may approve (`codepipeline:PutApprovalResult`
//! with `codepipeline:GetPipeline*`), which would need every principal's
//! policies simulated.
//!
//! ## Why it matters
//!
//! Without a gate, every commit that passes the build goes straight to
//! production, unreviewed; without a pre-production stage nothing has run
//! the release in a production-like environment first. The notes lay the
//! pipeline out as dev/test/staging/prod stages with manual approval where
//! needed, deploying to pre-prod before prod (notes 000 › ## SDLC
//! Automation › CI/CD; CodePipeline - advanced; CodePipeline - extra:
//! approvals need `GetPipeline` and `PutApprovalResult` permissions).
//!
//! ## How to fix
//!
//! - **Console**: CodePipeline › the pipeline › Edit › + Add stage before the
//!   production stage › + Add action group › Action provider: Manual
//!   approval, with an SNS topic for the notification; add a staging deploy
//!   stage before it the same way.
//! - **CLI**: `aws codepipeline get-pipeline --name NAME > p.json`, insert a
//!   stage `{"name": "Approve", "actions": [{"name": "ProductionApproval",
//!   "actionTypeId": {"category": "Approval", "owner": "AWS", "provider": "Manual", "version": "1"},
//!   "configuration": {"NotificationArn": "TOPIC_ARN"}}]}` before the
//!   production stage, drop `metadata`, then
//!   `aws codepipeline update-pipeline --cli-input-json file://p.json`.
//! - **CloudFormation**: in `AWS::CodePipeline::Pipeline` `Stages`, add the
//!   approval stage (`ActionTypeId: {Category: Approval, Owner: AWS,
//!   Provider: Manual, Version: "1"}`) and a staging deploy stage before
//!   the production one.
//!
//! ## References
//!
//! - Study notes: 000 › ## SDLC Automation › CI/CD; CodePipeline - advanced;
//!   CodePipeline - extra.
//! - AWS: CodePipeline User Guide, "Add a manual approval action to a stage
//!   in CodePipeline" and "Grant approval permissions to an IAM user in
//!   CodePipeline".
//! - AWS Config managed rule: none. Prowler: none.

use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::codepipeline::{Action, Pipeline, PipelineDefinition, Stage};
use crate::inventory::{cloudformation, codedeploy, codepipeline};
use crate::settings::{Production, PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "codepipeline-manual-approval-before-prod",
    title: "Production deploy stages are gated by a manual approval and a pre-production stage",
    service: "codepipeline",
    severity: Severity::Medium,
    section: "000 › ## SDLC Automation › CI/CD",
    catalog: "SDLC-06",
    reads: &[
        codepipeline::PIPELINES,
        codepipeline::PIPELINE_DEFINITION,
        codepipeline::PIPELINE_TAGS,
        codedeploy::DEPLOYMENT_GROUPS,
        codedeploy::DEPLOYMENT_GROUP_TAGS,
        cloudformation::STACKS,
    ],
    tolerates: &[
        codedeploy::DEPLOYMENT_GROUPS,
        codedeploy::DEPLOYMENT_GROUP_TAGS,
        cloudformation::STACKS,
    ],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: None,
    prowler: None,
    source: include_str!("manual_approval_before_prod.rs"),
    run,
};

/// (account, region, name) → whether that deploy target is production.
type Targets<'a> = HashMap<(&'a str, &'a str, String), bool>;

/// The deploy targets the inventory holds: CodeDeploy groups under
/// `APPLICATION/GROUP`, CloudFormation stacks under their name.
struct Resolver<'a> {
    groups: Targets<'a>,
    stacks: Targets<'a>,
    production: Production,
}

impl<'a> Resolver<'a> {
    fn new(ctx: &'a Context) -> Resolver<'a> {
        let production = ctx.production();
        let mut groups = Targets::new();
        if ctx.account.has_section("codedeploy") {
            for g in &ctx.codedeploy().deployment_groups {
                let prod = production.is_production(Some(&g.tags), &g.name);
                let key = format!("{}/{}", g.application_name, g.name);
                groups.insert((g.account_id.as_str(), g.region.as_str(), key), prod);
            }
        }
        let mut stacks = Targets::new();
        if ctx.account.has_section("cloudformation") {
            for s in &ctx.cloudformation().stacks {
                let prod = production.is_production(Some(&s.tags), &s.name);
                stacks.insert(
                    (s.account_id.as_str(), s.region.as_str(), s.name.clone()),
                    prod,
                );
            }
        }
        Resolver {
            groups,
            stacks,
            production,
        }
    }

    /// Whether `action` of `stage` deploys to production.
    fn is_production(&self, pipeline: &Pipeline, stage: &Stage, action: &Action) -> bool {
        let region = action.region.as_deref().unwrap_or(&pipeline.region);
        let place = |name: String| (pipeline.account_id.as_str(), region, name);
        let config = |key: &str| action.configuration.get(key);
        let resolved = match action.provider.as_str() {
            "CodeDeploy" => config("ApplicationName")
                .zip(config("DeploymentGroupName"))
                .and_then(|(app, group)| self.groups.get(&place(format!("{app}/{group}")))),
            "CloudFormation" => {
                config("StackName").and_then(|s| self.stacks.get(&place(s.clone())))
            }
            _ => None,
        };
        match resolved {
            Some(prod) => *prod,
            None => {
                self.production.is_production(None, &stage.name)
                    || self.production.is_production(None, &action.name)
            }
        }
    }
}

fn run(ctx: &Context, em: &mut Emitter) {
    let resolver = Resolver::new(ctx);
    for pipeline in &ctx.codepipeline().pipelines {
        let Some(def) = super::definition(pipeline, em) else {
            continue;
        };
        judge(&resolver, pipeline, def, em);
    }
}

fn judge(resolver: &Resolver, pipeline: &Pipeline, def: &PipelineDefinition, em: &mut Emitter) {
    // Per stage: its production deploy actions, and whether it deploys at all.
    let prod: Vec<Vec<&Action>> = def
        .stages
        .iter()
        .map(|stage| {
            deploys(stage)
                .filter(|a| resolver.is_production(pipeline, stage, a))
                .collect()
        })
        .collect();
    if prod.iter().all(Vec::is_empty) {
        return em.skip(pipeline, "no production deploy stage");
    }
    let mut verdict = Verdict::new();
    let mut gates: Vec<&Action> = Vec::new();
    let mut prod_stages = Vec::new();
    for (i, stage) in def.stages.iter().enumerate() {
        if prod[i].is_empty() {
            continue;
        }
        prod_stages.push(stage.name.as_str());
        let earlier: Vec<&Action> = def.stages[..i]
            .iter()
            .flat_map(|s| s.actions.iter())
            .filter(|a| is_manual_approval(a))
            .collect();
        for action in &prod[i] {
            let same_stage = stage
                .actions
                .iter()
                .filter(|a| is_manual_approval(a) && a.run_order() < action.run_order());
            let before: Vec<&Action> = earlier.iter().copied().chain(same_stage).collect();
            if before.is_empty() {
                verdict.fail(format!(
                    "production deploy action {} (stage {}) has no manual approval before it",
                    action.name, stage.name
                ));
            }
            gates.extend(before);
        }
        let pre_prod = def.stages[..i]
            .iter()
            .zip(&prod)
            .any(|(s, p)| p.is_empty() && deploys(s).next().is_some());
        if !pre_prod {
            verdict.warn(format!(
                "no non-production deploy stage comes before production stage {}",
                stage.name
            ));
        }
    }
    gates.sort_by_key(|a| a.name.as_str());
    gates.dedup_by_key(|a| a.name.as_str());
    for gate in gates
        .iter()
        .filter(|a| !a.configuration.contains_key("NotificationArn"))
    {
        verdict.note(format!(
            "approval {} has no NotificationArn: nobody is notified that it waits",
            gate.name
        ));
    }
    let names: Vec<&str> = gates.iter().map(|a| a.name.as_str()).collect();
    verdict.emit(
        em,
        pipeline,
        format!(
            "production stage(s) {} come after manual approval {} and a pre-production deploy stage",
            name_list(&prod_stages),
            name_list(&names)
        ),
    );
}

fn deploys(stage: &Stage) -> impl Iterator<Item = &Action> {
    stage.actions.iter().filter(|a| a.is("Deploy"))
}

fn is_manual_approval(action: &Action) -> bool {
    action.is("Approval") && action.provider.eq_ignore_ascii_case("Manual")
}
