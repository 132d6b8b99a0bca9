//! ## What it checks
//!
//! Production CodeDeploy deployment groups deploy gradually, never to the
//! whole fleet or all traffic at once.
//!
//! - FAIL: the group's deployment configuration is
//!   `CodeDeployDefault.AllAtOnce`, `CodeDeployDefault.LambdaAllAtOnce` or
//!   `CodeDeployDefault.ECSAllAtOnce`.
//! - FAIL, custom configuration (`GetDeploymentConfig`): on the Server
//!   platform, minimum healthy hosts is `HOST_COUNT` 0 or `FLEET_PERCENT` 0;
//!   on Lambda or ECS, the traffic routing is `AllAtOnce`.
//! - FAIL: the custom configuration the group names does not exist.
//! - PASS: any other predefined configuration (`OneAtATime`, `HalfAtATime`,
//!   the canary and linear ones), a custom configuration that keeps hosts
//!   healthy or shifts traffic by canary or linear steps, or a Server group
//!   that leaves the configuration unset (CodeDeploy then uses
//!   `CodeDeployDefault.OneAtATime`). A Lambda or ECS group that leaves it
//!   unset gets CodeDeploy's all-at-once default and FAILs.
//! - ERROR: the group's tags could not be read (whether it is production is
//!   unknown), its configuration could not be read, or it names a custom
//!   configuration that could not be read (the region's configurations were
//!   not listed, or `GetDeploymentConfig` failed).
//! - SKIP: the group is not production (default: tag `Environment` ∈
//!   `prod`, `production`, `prd`, else a production word in its name), or
//!   it disappeared during the scan.
//!
//! ## Why it matters
//!
//! An all-at-once deployment replaces every instance, or shifts all
//! traffic, in one step: a bad release is a full outage before any alarm
//! can stop it. The notes: CodeDeploy gives "gradual deployment control"
//! (notes 000 › ## SDLC Automation › CodeDeploy); the EC2 deployment
//! configurations and minimum healthy hosts (CodeDeploy - EC2 deep dive);
//! "All at Once" is fast but high risk (notes 001 › ## CodeDeploy ›
//! ### Components, 3); canary traffic shifting for Lambda (notes 001 ›
//! ## AWS Lambda Deployment Strategies with CodeDeploy & SAM › ### Key
//! Concepts, 2); `CodeDeployDefault.OneAtATime` is the default (notes 000 ›
//! ## Filling the gap › practice exam #1).
//!
//! ## How to fix
//!
//! - **Console**: CodeDeploy › Applications › the application › the
//!   deployment group › Edit › Deployment settings: choose
//!   `CodeDeployDefault.OneAtATime` or `HalfAtATime` (EC2/on-premises), a
//!   `Canary` or `Linear` configuration (Lambda, ECS), or a custom
//!   configuration with minimum healthy hosts above 0. Save changes.
//! - **CLI**: `aws deploy update-deployment-group --application-name APP --current-deployment-group-name GROUP --deployment-config-name CodeDeployDefault.LambdaCanary10Percent5Minutes`;
//!   a custom EC2 configuration: `aws deploy create-deployment-config --deployment-config-name prod-75 --minimum-healthy-hosts type=FLEET_PERCENT,value=75`.
//! - **CloudFormation**: `DeploymentConfigName` on
//!   `AWS::CodeDeploy::DeploymentGroup`; with SAM, `DeploymentPreference.Type: Canary10Percent5Minutes`
//!   on the function; a custom `AWS::CodeDeploy::DeploymentConfig` with
//!   `MinimumHealthyHosts: {Type: FLEET_PERCENT, Value: 75}` or a
//!   `TrafficRoutingConfig` of type `TimeBasedCanary` / `TimeBasedLinear`.
//!
//! ## References
//!
//! - Study notes: 000 › ## SDLC Automation › CodeDeploy, CodeDeploy - EC2
//!   deep dive; 001 › ## CodeDeploy › ### Components; 001 › ## AWS Lambda
//!   Deployment Strategies with CodeDeploy & SAM › ### Key Concepts; 000 ›
//!   ## Filling the gap › practice exam #1.
//! - AWS: CodeDeploy User Guide, "Working with deployment configurations in
//!   CodeDeploy"; CodeDeploy API Reference, `GetDeploymentConfig`.
//! - AWS Config managed rules `codedeploy-lambda-allatonce-traffic-shift-disabled`
//!   (Lambda only) and `codedeploy-ec2-minimum-healthy-hosts-configured`. Prowler: none.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::codedeploy::{
    self, DeploymentConfig, DeploymentConfigSettings, DeploymentGroup, PREDEFINED_PREFIX,
};
use crate::judge::reference::{ByPlace, Reference};
use crate::settings::{PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};

pub static CHECK: Check = Check {
    id: "codedeploy-no-allatonce-prod",
    title: "Production CodeDeploy deployment groups use gradual deployment configurations",
    service: "codedeploy",
    severity: Severity::Medium,
    section: "000 › SDLC Automation › \"CodeDeploy - EC2 deep dive\"; 001 › ## CodeDeploy › ### Components",
    catalog: "SDLC-19",
    reads: &[
        codedeploy::DEPLOYMENT_GROUPS,
        codedeploy::DEPLOYMENT_GROUP_CONFIG,
        codedeploy::DEPLOYMENT_GROUP_TAGS,
        codedeploy::DEPLOYMENT_CONFIGS,
    ],
    tolerates: &[codedeploy::DEPLOYMENT_CONFIGS],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: Some("codedeploy-ec2-minimum-healthy-hosts-configured"),
    prowler: None,
    source: include_str!("no_allatonce_prod.rs"),
    run,
};

/// The predefined configurations that deploy everything in one step.
const ALL_AT_ONCE: [&str; 3] = [
    "CodeDeployDefault.AllAtOnce",
    "CodeDeployDefault.LambdaAllAtOnce",
    "CodeDeployDefault.ECSAllAtOnce",
];

/// Custom configurations by (account, region, name).
type Configs<'a> = ByPlace<'a, DeploymentConfig>;

fn run(ctx: &Context, em: &mut Emitter) {
    let production = ctx.production();
    let configs: Configs = ByPlace::new(&ctx.codedeploy().deployment_configs, |c| {
        (&c.account_id, &c.region, &c.name)
    });
    for group in &ctx.codedeploy().deployment_groups {
        if !production.is_production(Some(&group.tags), &group.name) {
            em.skip(group, "not production");
            continue;
        }
        let Some(config) = super::config_of(group, em) else {
            continue;
        };
        let platform = config.compute_platform.as_deref().unwrap_or("Server");
        let mut verdict = Verdict::new();
        let pass = match config.deployment_config_name.as_deref() {
            None => unset(platform, &mut verdict),
            Some(name) if name.starts_with(PREDEFINED_PREFIX) => predefined(name, &mut verdict),
            Some(name) => custom(ctx, &configs, group, name, &mut verdict),
        };
        verdict.emit(em, group, pass);
    }
}

/// No configuration named: CodeDeploy's default for the platform.
fn unset(platform: &str, verdict: &mut Verdict) -> String {
    match platform {
        "Lambda" | "ECS" => {
            let default = format!("{PREDEFINED_PREFIX}{platform}AllAtOnce");
            verdict.fail(format!(
                "no deployment configuration set: the {platform} default {default} shifts all traffic at once"
            ));
            default
        }
        _ => "no deployment configuration set: CodeDeployDefault.OneAtATime applies".to_string(),
    }
}

fn predefined(name: &str, verdict: &mut Verdict) -> String {
    if ALL_AT_ONCE.contains(&name) {
        verdict.fail(format!(
            "deployment configuration {name} deploys to every target at once"
        ));
    }
    format!("deploys gradually with {name}")
}

fn custom(
    ctx: &Context,
    configs: &Configs,
    group: &DeploymentGroup,
    name: &str,
    verdict: &mut Verdict,
) -> String {
    let pass = format!("deploys gradually with custom configuration {name}");
    let label = format!("deployment configuration {name}");
    if let Some(e) = ctx.unreadable(codedeploy::DEPLOYMENT_CONFIGS, &group.region) {
        verdict.error_reason(format!("{label} could not be read: {e}"));
        return pass;
    }
    let (account, region) = (group.account_id.as_str(), group.region.as_str());
    let found = Reference::regional(label.as_str(), "codedeploy", region, account)
        .resolve(ctx, configs.get(account, region, name));
    let Some(config) = found.or_record(verdict) else {
        return pass;
    };
    match config.settings.known() {
        Ok(Some(settings)) => judge_custom(&label, settings, verdict),
        Ok(None) => verdict.fail(format!("{label} does not exist in {region}")),
        Err(e) => verdict.error(e),
    }
    pass
}

fn judge_custom(label: &str, settings: &DeploymentConfigSettings, verdict: &mut Verdict) {
    match settings.compute_platform.as_deref().unwrap_or("Server") {
        platform @ ("Lambda" | "ECS") => match settings.traffic_routing.as_deref() {
            Some("TimeBasedCanary" | "TimeBasedLinear") => {}
            routing => verdict.fail(format!(
                "{label} ({platform}) shifts all traffic at once (traffic routing {})",
                routing.unwrap_or("unset, AllAtOnce")
            )),
        },
        _ => match &settings.minimum_healthy_hosts {
            Some(m) if m.value == 0 => verdict.fail(format!(
                "{label} keeps {} {} healthy hosts: every instance can be taken down at once",
                m.kind, m.value
            )),
            Some(_) => {}
            None => verdict.error_reason(format!(
                "{label}: GetDeploymentConfig gave no minimum healthy hosts"
            )),
        },
    }
}
