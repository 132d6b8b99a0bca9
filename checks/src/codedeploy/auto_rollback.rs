//! ## What it checks
//!
//! Every CodeDeploy deployment group rolls back automatically when a
//! deployment fails and, in production, when a CloudWatch alarm fires.
//!
//! - FAIL: automatic rollback is disabled, or its events lack
//!   `DEPLOYMENT_FAILURE`.
//! - FAIL, production groups only: the alarm configuration is disabled or
//!   lists no alarm, or the rollback events lack `DEPLOYMENT_STOP_ON_ALARM`.
//!   A group is production when tagged so (default `Environment` ∈ `prod`,
//!   `production`, `prd`), else when its name has a production word; other
//!   groups are judged on the failure rollback only, and the reason says so.
//! - FAIL: an alarm the group names does not exist. CodeDeploy stores alarm
//!   names only; they are resolved among the CloudWatch alarms of the
//!   group's region.
//! - Advisory (FAIL at low): `ignorePollAlarmFailure` is true (a deployment
//!   goes on when the alarm state cannot be read); or every alarm the group
//!   names is permanently in `INSUFFICIENT_DATA`, so none can fire: each has
//!   been in that state (`StateUpdatedTimestamp`) for at least
//!   `insufficient_data_days` (default 7). When some alarm entered the state
//!   more recently, or when does not say, the state is noted, not judged.
//! - ERROR: the group's configuration could not be read; or an alarm is not
//!   in the inventory and CloudWatch could not be read in the group's region.
//! - SKIP: the group disappeared during the scan.
//!
//! The alarm-name and alarm-state rules apply to every group whose alarm
//! configuration is enabled.
//!
//! ## Why it matters
//!
//! Without automatic rollback a failed release stays live until someone
//! notices and redeploys the previous revision; without alarms CodeDeploy
//! cannot see a release that deploys cleanly but breaks the service. The
//! notes: CodeDeploy has "automated rollback capability in case of failures
//! or trigger cloudwatch alarm" (notes 000 › ## SDLC Automation ›
//! CodeDeploy, and CodeDeploy - rollbacks & troubleshooting); "Ensure alarms
//! are defined and attached to the deployment group" (notes 001 › ## AWS
//! Lambda Deployment Strategies with CodeDeploy & SAM › ### Key Concepts, 2
//! "Automatic Rollbacks" and 3 "Rollback Conditions"); SAM traffic shifting
//! with rollback on alarms (notes 000 › ## Filling the gap › practice exam #1).
//!
//! ## How to fix
//!
//! - **Console**: CodeDeploy › Applications › the application › the
//!   deployment group › Edit › Advanced › Rollbacks: tick "Roll back when a
//!   deployment fails" and "Roll back when alarm thresholds are met"; Alarms:
//!   add the CloudWatch alarms that watch the service (errors, latency), and
//!   leave "Ignore alarm configuration" unticked. Save changes.
//! - **CLI**: `aws deploy update-deployment-group --application-name APP --current-deployment-group-name GROUP --auto-rollback-configuration enabled=true,events=DEPLOYMENT_FAILURE,DEPLOYMENT_STOP_ON_ALARM --alarm-configuration 'enabled=true,ignorePollAlarmFailure=false,alarms=[{name=ALARM}]'`.
//! - **CloudFormation**: on `AWS::CodeDeploy::DeploymentGroup`, set
//!   `AutoRollbackConfiguration: {Enabled: true, Events: [DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_ALARM]}`
//!   and `AlarmConfiguration: {Enabled: true, Alarms: [{Name: !Ref Alarm}]}`;
//!   with SAM, `DeploymentPreference.Alarms` on the function.
//!
//! ## References
//!
//! - Study notes: 000 › ## SDLC Automation › CodeDeploy, CodeDeploy -
//!   rollbacks & troubleshooting; 001 › ## AWS Lambda Deployment Strategies
//!   with CodeDeploy & SAM › ### Key Concepts (2, 3); 000 › ## Filling the gap › practice exam #1.
//! - AWS: CodeDeploy User Guide, "Redeploy and roll back a deployment with
//!   CodeDeploy" and "Monitoring deployments with CloudWatch alarms in CodeDeploy".
//! - AWS Config managed rule `codedeploy-auto-rollback-monitor-enabled`. Prowler: none.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::cloudwatch::Alarm;
use crate::inventory::codedeploy::{AlarmConfiguration, DeploymentGroup};
use crate::inventory::{cloudwatch, codedeploy};
use crate::judge::reference::{ByPlace, Reference};
use crate::settings::{at_least_one, Setting, PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};
use chrono::Duration;

pub static CHECK: Check = Check {
    id: "codedeploy-auto-rollback",
    title:
        "CodeDeploy deployment groups roll back automatically on failure and on CloudWatch alarms",
    service: "codedeploy",
    severity: Severity::High,
    section: "000 › SDLC Automation › \"CodeDeploy - rollbacks & troubleshooting\"; 001 › ## AWS Lambda Deployment Strategies with CodeDeploy & SAM",
    catalog: "SDLC-18",
    reads: &[
        codedeploy::DEPLOYMENT_GROUPS,
        codedeploy::DEPLOYMENT_GROUP_CONFIG,
        codedeploy::DEPLOYMENT_GROUP_TAGS,
        cloudwatch::ALARMS,
    ],
    tolerates: &[],
    settings: &[
        &PROD_TAG_KEY,
        &PROD_TAG_VALUES,
        &PROD_NAME_WORDS,
        &INSUFFICIENT_DATA_DAYS,
    ],
    config_rule: Some("codedeploy-auto-rollback-monitor-enabled"),
    prowler: None,
    source: include_str!("auto_rollback.rs"),
    run,
};

/// How long an alarm must have been in `INSUFFICIENT_DATA` to count as permanently so.
static INSUFFICIENT_DATA_DAYS: Setting<i64> = Setting::new(
    "insufficient_data_days",
    "Days an alarm must have been in INSUFFICIENT_DATA (by `StateUpdatedTimestamp`) to count as permanently so: a deployment group whose every alarm is gets the advisory.",
    "7",
    at_least_one,
);

const ON_FAILURE: &str = "DEPLOYMENT_FAILURE";
const ON_ALARM: &str = "DEPLOYMENT_STOP_ON_ALARM";

/// Alarms by (account, region, name).
type Alarms<'a> = ByPlace<'a, Alarm>;

fn run(ctx: &Context, em: &mut Emitter) {
    let alarms: Alarms = ByPlace::new(&ctx.cloudwatch().alarms, |a| {
        (&a.account_id, &a.region, &a.name)
    });
    for group in &ctx.codedeploy().deployment_groups {
        judge(ctx, &alarms, group, em);
    }
}

fn judge(ctx: &Context, alarms: &Alarms, group: &DeploymentGroup, em: &mut Emitter) {
    let Some(config) = super::config_of(group, em) else {
        return;
    };
    let production = ctx
        .production()
        .is_production(Some(&group.tags), &group.name);
    let mut verdict = Verdict::new();

    let events = match config.auto_rollback.as_ref().filter(|r| r.enabled) {
        None => {
            verdict.fail("automatic rollback is disabled");
            None
        }
        Some(r) => Some(&r.events),
    };
    let has = |event: &str| events.is_some_and(|e| e.iter().any(|x| x == event));
    if events.is_some() && !has(ON_FAILURE) {
        verdict.fail(format!("rollback events lack {ON_FAILURE}"));
    }

    let alarm_config = config
        .alarm_configuration
        .as_ref()
        .filter(|a| a.enabled && !a.alarms.is_empty());
    if production {
        if alarm_config.is_none() {
            verdict.fail("no CloudWatch alarm is attached (alarm configuration disabled or empty) on a production group");
        }
        if events.is_some() && !has(ON_ALARM) {
            verdict.fail(format!(
                "rollback events lack {ON_ALARM} on a production group"
            ));
        }
    }
    if let Some(ac) = alarm_config {
        judge_alarms(ctx, alarms, group, ac, &mut verdict);
    }

    let pass = if production {
        format!("rolls back on {ON_FAILURE} and {ON_ALARM}, with alarms attached")
    } else {
        format!("rolls back on {ON_FAILURE} (not production: alarms not required)")
    };
    verdict.emit(em, group, pass);
}

fn judge_alarms(
    ctx: &Context,
    alarms: &Alarms,
    group: &DeploymentGroup,
    config: &AlarmConfiguration,
    verdict: &mut Verdict,
) {
    // CodeDeploy names alarms of the group's own account and region.
    let (region, account) = (group.region.as_str(), group.account_id.as_str());
    let mut found = Vec::new();
    let mut all_found = true;
    for name in &config.alarms {
        let alarm = Reference::regional(format!("alarm {name}"), "cloudwatch", region, account)
            .resolve(ctx, alarms.get(account, region, name));
        match alarm.or_record(verdict) {
            Some(alarm) => found.push(alarm),
            None => all_found = false,
        }
    }
    if config.ignore_poll_alarm_failure {
        verdict.warn(
            "ignorePollAlarmFailure is true: deployments go on when alarm states cannot be read",
        );
    }
    if all_found && !found.is_empty() && found.iter().all(|a| a.state_value == "INSUFFICIENT_DATA")
    {
        insufficient_data(ctx, &found, verdict);
    }
}

/// Every attached alarm is in `INSUFFICIENT_DATA`: advisory when each has
/// been so for `insufficient_data_days`, else a note saying since when.
fn insufficient_data(ctx: &Context, found: &[&Alarm], verdict: &mut Verdict) {
    let days = ctx.setting(&INSUFFICIENT_DATA_DAYS);
    let since = ctx.now - Duration::days(days);
    let span = if days == 1 {
        "1 day".to_string()
    } else {
        format!("{days} days")
    };
    let recent: Vec<String> = found
        .iter()
        .filter_map(|a| match a.state_updated {
            Some(t) if t <= since => None,
            Some(t) => Some(format!(
                "{} since {}",
                a.name,
                t.format("%Y-%m-%d %H:%M UTC")
            )),
            None => Some(format!("{} since an unreported time", a.name)),
        })
        .collect();
    let names: Vec<&str> = found.iter().map(|a| a.name.as_str()).collect();
    if recent.is_empty() {
        verdict.warn(format!(
            "every attached alarm ({}) has been in INSUFFICIENT_DATA for at least {span}, so none can trigger a rollback",
            names.join(", ")
        ));
    } else {
        verdict.note(format!(
            "every attached alarm is in INSUFFICIENT_DATA, not known to be so for {span} yet ({})",
            recent.join(", ")
        ));
    }
}
