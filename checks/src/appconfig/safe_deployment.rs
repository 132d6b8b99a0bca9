//! ## What it checks
//!
//! AWS AppConfig configuration is validated before it is deployed, and
//! production environments take it gradually, watched by CloudWatch alarms
//! that roll it back (`appconfig:ListApplications`,
//! `ListConfigurationProfiles`, `ListEnvironments`, `ListDeployments`,
//! `GetDeployment`, `ListTagsForResource`; `cloudwatch:DescribeAlarms`).
//! One finding per configuration profile and per environment:
//!
//! - Configuration profiles, every one:
//!   - FAIL: a freeform profile (`AWS.Freeform`, also when the type is not
//!     reported) has no validator (neither `JSON_SCHEMA` nor `LAMBDA`).
//!   - PASS: it has a validator; a feature flag profile
//!     (`AWS.AppConfig.FeatureFlags`) passes by itself, AppConfig checks
//!     flags against their built-in schema.
//! - Environments, production only:
//!   - FAIL: the environment has no monitors (no CloudWatch alarm can roll
//!     a deployment back).
//!   - FAIL: a monitor's alarm does not exist (looked up by its ARN among
//!     the CloudWatch alarms of its region).
//!   - Advisory (FAIL at low): the most recent deployment used the
//!     predefined strategy `AppConfig.AllAtOnce`, or a strategy with no
//!     rollout time and no bake time (`DeploymentDurationInMinutes` and
//!     `FinalBakeTimeInMinutes` both 0).
//!   - PASS: monitored by existing alarms and last deployed gradually (or
//!     nothing deployed yet, noted).
//!   - SKIP: not production (the production tag, else a word of the
//!     environment's name).
//! - ERROR: AppConfig could not be listed in a region; a profile's or
//!   environment's tags could not be read (whether it is exempt, or
//!   production, is unknown); the most recent deployment could not be read;
//!   a monitor's alarm is in a region where CloudWatch could not be listed,
//!   or in another account.
//!
//! The strategy is judged as the deployment recorded it
//! (`GetDeployment`'s strategy id, duration and bake time when it ran),
//! not from the strategy's current definition (`GetDeploymentStrategy`):
//! that is what the environment last received, and a strategy edited since
//! does not change it.
//!
//! ## Why it matters
//!
//! AppConfig changes a running application's behaviour without a deploy of
//! its code: a malformed or wrong configuration pushed to every target at
//! once is an outage. The notes: deploy configuration changes gradually and
//! roll back if issues occur; validate them before deployment with a JSON
//! schema (syntactic) or a Lambda function (semantic) (notes 000 ›
//! Configuration Management and IaC › "AppConfig"). Rollback needs
//! CloudWatch alarms to watch: with no monitor, or one whose alarm was
//! deleted, a bad configuration stays until someone notices.
//!
//! ## How to fix
//!
//! - **Console**: AppConfig › the application › Configuration profiles ›
//!   the profile › Validators: add a JSON schema or a Lambda function.
//!   Environments › the environment › Edit › Monitors: add the CloudWatch
//!   alarms that watch the application (and the role AppConfig reads them
//!   with). Start deployments with a gradual strategy
//!   (`AppConfig.Linear20PercentEvery6Minutes`,
//!   `AppConfig.Canary10Percent20Minutes` or a custom one with a bake time).
//! - **CLI**: `aws appconfig update-configuration-profile --application-id APP --configuration-profile-id PROFILE --validators Type=JSON_SCHEMA,Content=file://schema.json`;
//!   `aws appconfig update-environment --application-id APP --environment-id ENV --monitors AlarmArn=arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME,AlarmRoleArn=arn:aws:iam::ACCOUNT:role/ROLE`;
//!   `aws appconfig start-deployment ... --deployment-strategy-id AppConfig.Linear20PercentEvery6Minutes`.
//! - **CloudFormation**: `AWS::AppConfig::ConfigurationProfile` `Validators`;
//!   `AWS::AppConfig::Environment` `Monitors` (`AlarmArn`, `AlarmRoleArn`);
//!   `AWS::AppConfig::DeploymentStrategy` with `DeploymentDurationInMinutes`
//!   and `FinalBakeTimeInMinutes` above 0, used by
//!   `AWS::AppConfig::Deployment`.
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC › "AppConfig".
//! - AWS: "About validators", "Setting up AppConfig to monitor for
//!   automatic rollback" and "Working with deployment strategies" (AWS
//!   AppConfig User Guide).
//! - AWS Config: `appconfig-configuration-profile-validators-not-empty`
//!   (the validators part). Prowler: none.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::appconfig::{self, ConfigurationProfile, Deployment, Environment};
use crate::inventory::cloudwatch::{self, Alarm};
use crate::judge::reference::{by_arn, Lookup, Reference};
use crate::settings::{PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "appconfig-safe-deployment",
    title:
        "AppConfig profiles are validated; production deployments are gradual and alarm-monitored",
    service: "appconfig",
    severity: Severity::Medium,
    section: "000 › Configuration Management and IaC › \"AppConfig\"",
    catalog: "IAC-14",
    reads: &[
        appconfig::APPLICATIONS,
        appconfig::PROFILE_TAGS,
        appconfig::LATEST_DEPLOYMENT,
        appconfig::ENVIRONMENT_TAGS,
        cloudwatch::ALARMS,
    ],
    tolerates: &[],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: Some("appconfig-configuration-profile-validators-not-empty"),
    prowler: None,
    source: include_str!("safe_deployment.rs"),
    run,
};

/// The profile type whose flags AppConfig validates by itself.
const FEATURE_FLAGS: &str = "AWS.AppConfig.FeatureFlags";
/// The predefined strategy that deploys to every target at once.
const ALL_AT_ONCE: &str = "AppConfig.AllAtOnce";

fn run(ctx: &Context, em: &mut Emitter) {
    let section = ctx.appconfig();
    for profile in &section.configuration_profiles {
        judge_profile(profile, em);
    }
    let production = ctx.production();
    let alarms = by_arn(&ctx.cloudwatch().alarms);
    for env in &section.environments {
        if !production.is_production(Some(&env.tags), &env.name) {
            em.skip(env, "not production");
            continue;
        }
        judge_environment(ctx, &alarms, env).emit(
            em,
            env,
            "monitored by CloudWatch alarms that exist, last deployed gradually",
        );
    }
}

fn judge_profile(p: &ConfigurationProfile, em: &mut Emitter) {
    if p.profile_type == FEATURE_FLAGS {
        em.pass(
            p,
            "feature flag profile: AppConfig validates flags against their built-in schema",
        );
    } else if p.validator_types.is_empty() {
        em.fail(
            p,
            format!(
                "{} profile has no validator (no JSON_SCHEMA or LAMBDA): configuration is deployed unchecked",
                p.profile_type
            ),
        );
    } else {
        em.pass(p, format!("validated by {}", p.validator_types.join(", ")));
    }
}

fn judge_environment(ctx: &Context, alarms: &HashMap<&str, &Alarm>, env: &Environment) -> Verdict {
    let mut v = Verdict::new();
    if env.monitors.is_empty() {
        v.fail("no monitors: no CloudWatch alarm can roll a bad deployment back");
    }
    for m in &env.monitors {
        let name = m.alarm_arn.rsplit(':').next().unwrap_or(&m.alarm_arn);
        let label = format!("monitor alarm {name}");
        let lookup = match Reference::from_arn(label.clone(), &m.alarm_arn) {
            Some(r) => r.resolve(ctx, alarms.get(m.alarm_arn.as_str())),
            None => Lookup::Missing(format!("{label} is not a CloudWatch alarm ARN")),
        };
        lookup.or_record(&mut v);
    }
    match env.latest_deployment.known() {
        Err(e) => v.error(e),
        Ok(None) => v.note("nothing deployed yet"),
        Ok(Some(d)) => judge_strategy(d, &mut v),
    }
    v
}

fn judge_strategy(d: &Deployment, v: &mut Verdict) {
    let which = format!("the most recent deployment (#{})", d.number);
    if d.strategy_id == ALL_AT_ONCE {
        v.warn(format!(
            "{which} used {ALL_AT_ONCE}: every target received the configuration at once"
        ));
    } else if d.duration_minutes == 0 && d.final_bake_minutes == 0 {
        v.warn(format!(
            "{which} used strategy {} with no rollout time and no bake time: deployed at once, with no time for an alarm to roll it back",
            d.strategy_id
        ));
    }
}
