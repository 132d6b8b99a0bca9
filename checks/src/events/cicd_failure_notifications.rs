//! ## What it checks
//!
//! Failures of every CodePipeline pipeline, CodeBuild project and CodeDeploy
//! deployment group raise a notification that reaches someone. One finding
//! per pipeline, project and deployment group. A resource is covered by
//! any of:
//!
//! - **An EventBridge rule**: ENABLED, on the `default` bus of the
//!   resource's region, with a target, whose pattern matches the
//!   resource's failure event, described with the resource's name and ARN:
//!   - a pipeline: `source` `aws.codepipeline`, `detail-type` `CodePipeline
//!     Pipeline Execution State Change`, `CodePipeline Stage Execution State
//!     Change` or `CodePipeline Action Execution State Change` (any of the
//!     three), `detail.state` `FAILED`, `detail.pipeline` its name,
//!     `resources` its ARN;
//!   - a project: `source` `aws.codebuild`, `detail-type` `CodeBuild Build
//!     State Change`, `detail.build-status` `FAILED`, `detail.project-name`
//!     its name;
//!   - a deployment group: `source` `aws.codedeploy`, `detail-type`
//!     `CodeDeploy Deployment State-change Notification`, `detail.state`
//!     `FAILURE`, `detail.application` and `detail.deploymentGroup` its
//!     names, `resources` the application's and the group's ARNs.
//!
//!   A pattern without a `detail` filter matches every event of its
//!   source; one restricted to other pipelines, projects or groups (by name
//!   or `resources`), or to other states, does not count (pattern
//!   semantics in full, prefix and anything-but included). A filter on a
//!   field these events do not state (a stage name) counts.
//! - **A CodeStar notification rule** (`codestar-notifications:DescribeNotificationRule`)
//!   on the pipeline's or project's ARN, or the deployment group's
//!   application ARN, with `Status=ENABLED` and the event type
//!   `codepipeline-pipeline-pipeline-execution-failed`,
//!   `codebuild-project-build-state-failed` or
//!   `codedeploy-application-deployment-failed`.
//! - **A CodeDeploy trigger** of the deployment group whose events include
//!   `DeploymentFailure`.
//! - **A CloudWatch alarm** (a project only) on `AWS/CodeBuild`
//!   `FailedBuilds`, for the project (`ProjectName` dimension) or for every
//!   project (no dimension), with its actions enabled.
//!
//! A channel counts when what it notifies reaches someone: an SNS topic
//! with a confirmed subscription (see `judge::notify`), or any other
//! target (a Lambda function, a queue, an AWS Chatbot client, an alarm
//! action that is not SNS).
//!
//! - PASS: a channel reaches someone; the reason names it.
//! - FAIL: no channel covers the resource; the reason lists what came
//!   close (a disabled rule, a rule for other pipelines, a notification
//!   rule without the failure event, an alarm with its actions disabled).
//! - Advisory (FAIL at low): the channels that cover it notify only SNS
//!   topics with no confirmed subscription (or topics that do not exist).
//! - SKIP: a deployment group deleted during the scan.
//! - ERROR: no channel is known to reach someone and one could not be
//!   evaluated: EventBridge, CodeStar Notifications or (for a project)
//!   CloudWatch could not be read in the resource's region, a matching
//!   rule's targets or a topic's subscriptions could not be read, or the
//!   deployment group's configuration could not be read; and, as the
//!   engine says, a pipeline or group whose tags could not be read.
//!
//! ## Why it matters
//!
//! A failed or cancelled release that nobody hears about leaves a fix
//! undeployed, or production half-deployed, until someone happens to look
//! at the console. The notes route pipeline, stage and action failures
//! through EventBridge (notes 000 › SDLC Automation › "CodePipeline":
//! troubleshooting, CloudWatch Events for failed pipelines and cancelled
//! stages; "CodePipeline - advanced": EventBridge reacts to stage failures
//! via Lambda or SNS), failed builds through EventBridge or alarms on the
//! failure metrics ("CodeBuild"), and deployment failures through the
//! deployment group's triggers to SNS ("CodeDeploy - EC2 deep dive").
//!
//! ## How to fix
//!
//! - **Console**: Developer Tools › Settings › Notification rules › Create notification rule › the pipeline (project, application) › Events: Failed › Target: an SNS topic with a confirmed subscription or an AWS Chatbot client; or EventBridge › Rules › Create rule with the failure pattern and a target; for a deployment group, CodeDeploy › the group › Edit › Triggers › Create trigger › Events: Deployment fails.
//! - **CLI**: `aws codestar-notifications create-notification-rule --name pipeline-failed --resource PIPELINE_ARN --event-type-ids codepipeline-pipeline-pipeline-execution-failed --detail-type BASIC --targets TargetType=SNS,TargetAddress=TOPIC_ARN`; `aws events put-rule --name pipeline-failed --event-pattern '{"source":["aws.codepipeline"],"detail-type":["CodePipeline Pipeline Execution State Change"],"detail":{"state":["FAILED"]}}'` and `aws events put-targets`; `aws deploy update-deployment-group --application-name A --current-deployment-group-name G --trigger-configurations triggerName=failed,triggerTargetArn=TOPIC_ARN,triggerEvents=DeploymentFailure`.
//! - **CloudFormation**: an `AWS::CodeStarNotifications::NotificationRule` with `Resource`, `EventTypeIds` and `Targets`; an `AWS::Events::Rule` with the failure `EventPattern` and `Targets`; `TriggerConfigurations` on `AWS::CodeDeploy::DeploymentGroup`; an `AWS::CloudWatch::Alarm` on `AWS/CodeBuild` `FailedBuilds` with `AlarmActions`.
//!
//! ## References
//!
//! - Study notes: 000 › SDLC Automation › "CodePipeline" (troubleshooting), "CodePipeline - advanced", "CodeBuild", "CodeDeploy - EC2 deep dive".
//! - AWS: "Monitoring CodePipeline events" (CodePipeline User Guide), "Monitoring AWS CodeBuild with Amazon EventBridge", "Monitoring deployments with Amazon SNS event notifications" (CodeDeploy User Guide), "What are notifications?" (Developer Tools console User Guide).
//! - No AWS Config managed rule; no Prowler check.

use crate::engine::{name_list, Check, Context, Emitter, Resource, Severity, Verdict};
use crate::inventory::cloudwatch::{self, Alarm};
use crate::inventory::codestarnotifications::{self as notifications, NotificationRule};
use crate::inventory::{codebuild, codedeploy, codepipeline, events, sns};
use crate::judge::event_pattern::Event;
use crate::judge::notify::{is_topic, Reach, Topics};
use crate::judge::routing::{route, rules_on, Need, Routed, DEFAULT_BUS};
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "cicd-failure-notifications",
    title: "Failures in CodePipeline, CodeBuild and CodeDeploy raise notifications",
    service: "events",
    severity: Severity::Medium,
    section: "000 › SDLC Automation › \"CodePipeline\"",
    catalog: "SDLC-08",
    reads: &[
        codepipeline::PIPELINES,
        codepipeline::PIPELINE_TAGS,
        codebuild::PROJECTS,
        codedeploy::DEPLOYMENT_GROUPS,
        codedeploy::DEPLOYMENT_GROUP_CONFIG,
        codedeploy::DEPLOYMENT_GROUP_TAGS,
        notifications::RULES,
        cloudwatch::ALARMS,
        events::BUSES,
        events::RULES,
        events::TARGETS,
        sns::TOPICS,
        sns::SUBSCRIPTIONS,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: None,
    prowler: None,
    source: include_str!("cicd_failure_notifications.rs"),
    run,
};

const PIPELINE_FAILED: &str = "codepipeline-pipeline-pipeline-execution-failed";
const BUILD_FAILED: &str = "codebuild-project-build-state-failed";
const DEPLOYMENT_FAILED: &str = "codedeploy-application-deployment-failed";
/// The CodeDeploy trigger event of a failed deployment.
const TRIGGER_FAILURE: &str = "DeploymentFailure";
const PIPELINE_DETAIL_TYPES: [&str; 3] = [
    "CodePipeline Pipeline Execution State Change",
    "CodePipeline Stage Execution State Change",
    "CodePipeline Action Execution State Change",
];

/// What a check run shares across resources, built once.
struct Sources<'a> {
    topics: Topics<'a>,
    /// CodeStar notification rules by the resource they watch.
    watching: HashMap<&'a str, Vec<&'a NotificationRule>>,
    /// Alarms on `AWS/CodeBuild` `FailedBuilds`, by region.
    build_alarms: HashMap<&'a str, Vec<&'a Alarm>>,
}

fn run(ctx: &Context, em: &mut Emitter) {
    let mut watching: HashMap<&str, Vec<&NotificationRule>> = HashMap::new();
    for rule in &ctx.codestarnotifications().rules {
        watching
            .entry(rule.resource.as_str())
            .or_default()
            .push(rule);
    }
    let mut build_alarms: HashMap<&str, Vec<&Alarm>> = HashMap::new();
    for alarm in &ctx.cloudwatch().alarms {
        if alarm.namespace.as_deref() == Some("AWS/CodeBuild")
            && alarm.metric_name.as_deref() == Some("FailedBuilds")
        {
            build_alarms
                .entry(alarm.region.as_str())
                .or_default()
                .push(alarm);
        }
    }
    let sources = Sources {
        topics: Topics::new(ctx.sns()),
        watching,
        build_alarms,
    };
    for pipeline in &ctx.codepipeline().pipelines {
        let failures: Vec<Event> = PIPELINE_DETAIL_TYPES
            .iter()
            .map(|t| {
                Event::new()
                    .with("source", "aws.codepipeline")
                    .with("detail-type", *t)
                    .with("detail.state", "FAILED")
                    .naming("detail.pipeline", pipeline.name.as_str())
                    .naming("resources", pipeline.arn.as_str())
            })
            .collect();
        let mut heard = Heard::new(format!("failures of pipeline {}", pipeline.name));
        heard.routed(ctx, &sources, &pipeline.region, &failures);
        heard.notified(
            ctx,
            &sources,
            &pipeline.region,
            &pipeline.arn,
            PIPELINE_FAILED,
        );
        heard.emit(em, pipeline);
    }
    for project in &ctx.codebuild().projects {
        let failed = Event::new()
            .with("source", "aws.codebuild")
            .with("detail-type", "CodeBuild Build State Change")
            .with("detail.build-status", "FAILED")
            .naming("detail.project-name", project.name.as_str());
        let mut heard = Heard::new(format!("failed builds of project {}", project.name));
        heard.routed(ctx, &sources, &project.region, &[failed]);
        heard.notified(ctx, &sources, &project.region, &project.arn, BUILD_FAILED);
        heard.alarmed(ctx, &sources, &project.region, &project.name);
        heard.emit(em, project);
    }
    for group in &ctx.codedeploy().deployment_groups {
        let triggers = match group.config.known() {
            Ok(None) => {
                em.skip(group, "the deployment group no longer exists");
                continue;
            }
            Ok(Some(c)) => Ok(&c.triggers),
            Err(e) => Err(e),
        };
        let application = format!(
            "arn:aws:codedeploy:{}:{}:application:{}",
            group.region, group.account_id, group.application_name
        );
        let failed = Event::new()
            .with("source", "aws.codedeploy")
            .with(
                "detail-type",
                "CodeDeploy Deployment State-change Notification",
            )
            .with("detail.state", "FAILURE")
            .naming("detail.application", group.application_name.as_str())
            .naming("detail.deploymentGroup", group.name.as_str())
            .naming("resources", application.as_str())
            .naming("resources", group.arn.as_str());
        let mut heard = Heard::new(format!(
            "failed deployments of {}/{}",
            group.application_name, group.name
        ));
        heard.routed(ctx, &sources, &group.region, &[failed]);
        heard.notified(
            ctx,
            &sources,
            &group.region,
            &application,
            DEPLOYMENT_FAILED,
        );
        match triggers {
            Ok(triggers) => {
                for t in triggers
                    .iter()
                    .filter(|t| t.events.iter().any(|e| e == TRIGGER_FAILURE))
                {
                    heard.target(ctx, &sources, format!("trigger {}", t.name), &t.target_arn);
                }
            }
            Err(e) => heard
                .unknown
                .push(format!("the group's triggers could not be read: {e}")),
        }
        heard.emit(em, group);
    }
}

/// Where one resource's failures are notified: the first channel that
/// reaches someone, the channels that reach only topics nobody receives,
/// those that could not be evaluated, and what came close.
struct Heard {
    what: String,
    by: Option<String>,
    unheard: Vec<String>,
    unknown: Vec<String>,
    near: Vec<String>,
}

impl Heard {
    fn new(what: String) -> Heard {
        Heard {
            what,
            by: None,
            unheard: Vec::new(),
            unknown: Vec::new(),
            near: Vec::new(),
        }
    }

    /// EventBridge rules on the default bus of `region`.
    fn routed(&mut self, ctx: &Context, sources: &Sources, region: &str, failures: &[Event]) {
        if ctx.blind("events", region) {
            self.unknown
                .push(format!("EventBridge could not be read in {region}"));
            return;
        }
        let rules = rules_on(ctx, &ctx.account.account_id, region, DEFAULT_BUS);
        let routing = route(
            ctx,
            Some(&sources.topics),
            rules,
            failures,
            Need::Some,
            &self.what,
        );
        self.near.extend(routing.near);
        match routing.routed {
            Routed::To { rule, target } => {
                self.heard(format!("rule {} sends them to {}", rule.name, target.arn))
            }
            Routed::Unheard(why) => self.unheard.extend(why),
            Routed::Unknown(why) => self.unknown.extend(why),
            Routed::Nowhere => {}
        }
    }

    /// CodeStar notification rules on `resource` with the `event` type.
    fn notified(
        &mut self,
        ctx: &Context,
        sources: &Sources,
        region: &str,
        resource: &str,
        event: &str,
    ) {
        if ctx.blind("codestarnotifications", region) {
            self.unknown.push(format!(
                "CodeStar notification rules could not be read in {region}"
            ));
            return;
        }
        for rule in sources.watching.get(resource).into_iter().flatten() {
            if !rule.event_type_ids.iter().any(|e| e == event) {
                self.near.push(format!(
                    "notification rule {} does not notify {event}",
                    rule.name
                ));
                continue;
            }
            if rule.status != "ENABLED" {
                self.near.push(format!(
                    "notification rule {} is {}",
                    rule.name, rule.status
                ));
                continue;
            }
            if rule.targets.is_empty() {
                self.near
                    .push(format!("notification rule {} has no target", rule.name));
            }
            for target in &rule.targets {
                self.target(
                    ctx,
                    sources,
                    format!("notification rule {}", rule.name),
                    &target.address,
                );
            }
        }
    }

    /// Alarms on `AWS/CodeBuild` `FailedBuilds` for `project` or every
    /// project.
    fn alarmed(&mut self, ctx: &Context, sources: &Sources, region: &str, project: &str) {
        if ctx.blind("cloudwatch", region) {
            self.unknown
                .push(format!("CloudWatch alarms could not be read in {region}"));
            return;
        }
        let alarms = sources.build_alarms.get(region).into_iter().flatten();
        for alarm in alarms.filter(|a| {
            a.dimensions
                .iter()
                .all(|d| d.name == "ProjectName" && d.value == project)
        }) {
            if !alarm.actions_enabled {
                self.near
                    .push(format!("alarm {} has its actions disabled", alarm.name));
                continue;
            }
            if alarm.alarm_actions.is_empty() {
                self.near
                    .push(format!("alarm {} has no alarm action", alarm.name));
            }
            for action in &alarm.alarm_actions {
                self.target(ctx, sources, format!("alarm {}", alarm.name), action);
            }
        }
    }

    /// A channel (`via`) notifying `target`: an SNS topic reaches someone
    /// when it has a confirmed subscription; any other target does.
    fn target(&mut self, ctx: &Context, sources: &Sources, via: String, target: &str) {
        if !is_topic(target) {
            return self.heard(format!("{via} notifies {target}"));
        }
        match sources.topics.reach(ctx, target) {
            Reach::Reaches(_) => self.heard(format!("{via} notifies {target}")),
            Reach::NoSubscriber(why) | Reach::NoTopic(why) => {
                self.unheard.push(format!("{via}: {why}"))
            }
            Reach::Unknown(why) => self.unknown.push(format!("{via}: {why}")),
        }
    }

    fn heard(&mut self, by: String) {
        self.by.get_or_insert(by);
    }

    fn emit(self, em: &mut Emitter, r: &dyn Resource) {
        if let Some(by) = self.by {
            return em.pass(r, format!("{} are notified: {by}", self.what));
        }
        let mut v = Verdict::new();
        for n in self.near {
            v.note(n);
        }
        if !self.unknown.is_empty() {
            v.error_reason(format!(
                "no channel is known to notify someone of {}, and could not evaluate: {}",
                self.what,
                self.unknown.join("; ")
            ));
        } else if !self.unheard.is_empty() {
            v.warn(format!(
                "{} are notified only to topics nobody receives: {}",
                self.what,
                name_list(&self.unheard)
            ));
        } else {
            v.fail(format!(
                "{} notify nobody: no EventBridge rule, CodeStar notification rule, trigger or alarm covers them",
                self.what
            ));
        }
        v.emit(em, r, "");
    }
}
