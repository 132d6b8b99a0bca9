//! ## What it checks
//!
//! Every CloudWatch alarm (metric or composite) notifies someone when it
//! goes off, or deliberately drives something that needs no notification.
//!
//! - **Excluded** from the "no action" rule, because something else acts on
//!   them: alarms named by a CodeDeploy deployment group's alarm
//!   configuration, the alarms of target-tracking scaling policies (named
//!   `TargetTracking-*`), and alarms named in a composite alarm's rule.
//!   Such an alarm without actions is SKIPped, naming what uses it.
//!   AppConfig monitors and Route 53 health checks that watch an alarm are
//!   not collected yet: such an alarm without actions gets the advisory.
//! - Advisory (FAIL at low): any other alarm with `ActionsEnabled=false`,
//!   or with no `AlarmActions`.
//! - FAIL: an action is an SNS topic that does not exist, or that has no
//!   confirmed subscription (it reaches nobody).
//! - Advisory: the alarm has been in `INSUFFICIENT_DATA` for more than 7
//!   days (its metric is probably not published at all).
//! - PASS: its actions are enabled and each topic reaches someone (Auto
//!   Scaling, EC2, SSM and Lambda actions are automation: counted as
//!   actions, not judged further).
//! - ERROR: a topic's subscriptions could not be read, the topic's region
//!   or account was not collected or SNS could not be listed there; or an
//!   alarm without actions might be named by a CodeDeploy group whose
//!   configuration could not be read (or CodeDeploy could not be listed in
//!   its region).
//!
//! ## Why it matters
//!
//! An alarm that notifies nobody is noise: it changes state and no one
//! acts. The notes list the targets of an alarm (EC2 actions, Auto Scaling,
//! SNS), composite alarms to reduce noise, and testing an alarm by setting
//! its state (notes 000 › Monitoring and Logging › "cloudwatch alarms").
//! An email subscription left unconfirmed delivers nothing, and an alarm
//! stuck in `INSUFFICIENT_DATA` never fires.
//!
//! ## How to fix
//!
//! - **Console**: CloudWatch › Alarms › the alarm › Actions › Edit: add a notification to an SNS topic with a confirmed subscription (confirm the email), and enable actions; fix or delete alarms whose metric is never published.
//! - **CLI**: `aws cloudwatch put-metric-alarm … --alarm-actions arn:aws:sns:REGION:ACCOUNT:ops --actions-enabled`; `aws cloudwatch enable-alarm-actions --alarm-names NAME`; `aws sns subscribe --topic-arn … --protocol email --notification-endpoint oncall@example.com`.
//! - **CloudFormation**: `AWS::CloudWatch::Alarm` (or `AWS::CloudWatch::CompositeAlarm`) with `AlarmActions: [!Ref OpsTopic]` and `ActionsEnabled: true`; an `AWS::SNS::Topic` with an `AWS::SNS::Subscription`.
//!
//! ## References
//!
//! - Study notes: 000 › Monitoring and Logging › "cloudwatch alarms".
//! - AWS: "Using Amazon CloudWatch alarms"; "Combining alarms" (composite alarms); "Alarm actions".
//! - AWS Config managed rules `cloudwatch-alarm-action-check` and `cloudwatch-alarm-action-enabled-check`; Prowler: none.

use super::alarm_rule::referenced_alarms;
use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::cloudwatch::{self, Alarm};
use crate::inventory::{codedeploy, sns};
use crate::judge::notify::{is_topic, Reach, Topics};
use chrono::Duration;
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "cloudwatch-alarm-actions",
    title: "Alarms notify someone (or deliberately drive automation)",
    service: "cloudwatch",
    severity: Severity::Low,
    section: "000 › Monitoring and Logging › \"cloudwatch alarms\"",
    catalog: "MON-13",
    reads: &[
        cloudwatch::ALARMS,
        sns::TOPICS,
        sns::SUBSCRIPTIONS,
        codedeploy::DEPLOYMENT_GROUPS,
        codedeploy::DEPLOYMENT_GROUP_CONFIG,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: Some("cloudwatch-alarm-action-check"),
    prowler: None,
    source: include_str!("alarm_actions.rs"),
    run,
};

/// How long an alarm may sit in `INSUFFICIENT_DATA`.
const MAX_INSUFFICIENT_DATA_DAYS: i64 = 7;
/// The name prefix of the alarms target-tracking policies create.
const TARGET_TRACKING: &str = "TargetTracking-";

/// What legitimately acts on an alarm without actions of its own, by
/// (account, region, alarm name).
type Users<'a> = HashMap<(&'a str, &'a str, String), String>;

fn run(ctx: &Context, em: &mut Emitter) {
    let alarms = &ctx.cloudwatch().alarms;
    let mut users: Users = HashMap::new();
    for a in alarms {
        for name in a
            .alarm_rule
            .as_deref()
            .map(referenced_alarms)
            .unwrap_or_default()
        {
            users
                .entry((&a.account_id, &a.region, name))
                .or_insert_with(|| format!("the rule of composite alarm {}", a.name));
        }
    }
    // Regions where a deployment group's alarms are unknown.
    let mut unknown: HashMap<(&str, &str), String> = HashMap::new();
    for g in &ctx.codedeploy().deployment_groups {
        match g.config.known() {
            Err(e) => {
                unknown
                    .entry((&g.account_id, &g.region))
                    .or_insert_with(|| {
                        format!("deployment group {}/{}: {e}", g.application_name, g.name)
                    });
            }
            Ok(config) => {
                for name in config
                    .and_then(|c| c.alarm_configuration.as_ref())
                    .map(|c| c.alarms.as_slice())
                    .unwrap_or_default()
                {
                    users
                        .entry((&g.account_id, &g.region, name.clone()))
                        .or_insert_with(|| {
                            format!(
                                "CodeDeploy deployment group {}/{}",
                                g.application_name, g.name
                            )
                        });
                }
            }
        }
    }
    let topics = Topics::new(ctx.sns());
    for alarm in alarms {
        let user = users
            .get(&(
                alarm.account_id.as_str(),
                alarm.region.as_str(),
                alarm.name.clone(),
            ))
            .cloned()
            .or_else(|| {
                alarm
                    .name
                    .starts_with(TARGET_TRACKING)
                    .then(|| "a target-tracking scaling policy".to_string())
            });
        let blind = unknown
            .get(&(alarm.account_id.as_str(), alarm.region.as_str()))
            .cloned()
            .or_else(|| {
                ctx.blind("codedeploy", &alarm.region)
                    .then(|| format!("CodeDeploy could not be listed in {}", alarm.region))
            });
        judge(ctx, &topics, alarm, user, blind, em);
    }
}

fn judge(
    ctx: &Context,
    topics: &Topics,
    alarm: &Alarm,
    user: Option<String>,
    blind: Option<String>,
    em: &mut Emitter,
) {
    let mut v = Verdict::new();
    let silent = !alarm.actions_enabled || alarm.alarm_actions.is_empty();
    if silent {
        let what = if alarm.alarm_actions.is_empty() {
            "has no alarm actions"
        } else {
            "has its actions disabled (ActionsEnabled=false)"
        };
        match (user, blind) {
            (Some(user), _) => return em.skip(alarm, format!("{what}, and is used by {user}")),
            (None, Some(blind)) => v.error_reason(format!(
                "{what}; whether a CodeDeploy deployment group uses it is unknown: {blind}"
            )),
            (None, None) => v.warn(format!("{what}: it notifies no one when it goes off")),
        }
    }
    let mut reached = Vec::new();
    for action in alarm.alarm_actions.iter().filter(|a| is_topic(a)) {
        match topics.reach(ctx, action) {
            Reach::Reaches(t) => reached.push(t.arn.as_str()),
            Reach::NoSubscriber(why) | Reach::NoTopic(why) => v.fail(why),
            Reach::Unknown(why) => v.error_reason(why),
        }
    }
    if alarm.state_value == "INSUFFICIENT_DATA" {
        if let Some(since) = alarm.state_updated {
            if ctx.now - since > Duration::days(MAX_INSUFFICIENT_DATA_DAYS) {
                v.warn(format!(
                    "in INSUFFICIENT_DATA since {} (more than {MAX_INSUFFICIENT_DATA_DAYS} days): its metric may not be published",
                    crate::engine::timestamp(&since)
                ));
            }
        }
    }
    let others = alarm.alarm_actions.len() - reached.len();
    let pass = match (reached.is_empty(), others) {
        (false, 0) => format!("notifies {}", reached.join(", ")),
        (false, n) => format!(
            "notifies {} and drives {n} other action(s)",
            reached.join(", ")
        ),
        (true, n) => format!("drives {n} automation action(s)"),
    };
    v.emit(em, alarm, pass);
}
