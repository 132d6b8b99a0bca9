//! ## What it checks
//!
//! Every CodeCommit repository's events are routed: an ENABLED
//! EventBridge rule on the `default` bus of its region (where CodeCommit
//! publishes) matches the repository's events and has a target
//! (`events:ListRules`, `events:ListTargetsByRule`). A rule matches when
//! its pattern, matched as EventBridge matches it (the shared event pattern
//! matcher), admits an event with `source` `aws.codecommit`, the
//! repository's ARN in `resources` and its name in
//! `detail.repositoryName`: a rule with no `resources` filter matches every
//! repository, one that lists other repositories does not. A rule that
//! also filters on what the check cannot know (`detail-type`,
//! `detail.referenceName`) routes some of the repository's events, and
//! counts. One finding per repository:
//!
//! - PASS: such a rule has a target (the reason names the rule and the
//!   target). A repository tagged `replicate=true` needs a target that
//!   runs an ECS task (`EcsParameters`): the replication job.
//! - Advisory (FAIL at low): no such rule (the reason says what came
//!   close: a disabled rule, one without a target).
//! - FAIL: the repository is tagged `replicate=true` and no matching rule
//!   runs an ECS task.
//! - ERROR: no rule is known to route the events, and a matching rule's
//!   targets could not be read (the engine also reports ERROR where
//!   EventBridge could not be read in a region).
//!
//! ## Why it matters
//!
//! CodeCommit sends repository events (pushes, pull requests, comments,
//! approvals) to EventBridge in near real time: a rule routes them to the
//! people and automations that watch the repository, and the notes'
//! cross-region replication runs as an ECS task an EventBridge rule starts
//! on each push (notes 000 › SDLC Automation › "CodeCommit - advanced":
//! monitoring with EventBridge; cross-region replication through an
//! EventBridge-triggered ECS task). Without a rule nobody hears of a
//! force-push to `main`, and a replica silently stops following.
//!
//! ## How to fix
//!
//! - **Console**: EventBridge › Rules › Create rule on the `default` bus › Event pattern › AWS services › CodeCommit › (optionally) the repository ARN under Specific resources › Target: an SNS topic, a Lambda function, or for replication an ECS task (cluster, task definition, role).
//! - **CLI**: `aws events put-rule --name repo-events --event-pattern '{"source":["aws.codecommit"],"resources":["REPO_ARN"]}'`; `aws events put-targets --rule repo-events --targets Id=notify,Arn=TOPIC_ARN` (for replication: `Id=replicate,Arn=CLUSTER_ARN,RoleArn=ROLE_ARN,EcsParameters={TaskDefinitionArn=TASK_DEF_ARN,LaunchType=FARGATE,NetworkConfiguration=…}`).
//! - **CloudFormation**: an `AWS::Events::Rule` with `EventPattern: {source: [aws.codecommit], resources: [!GetAtt Repo.Arn]}` and `Targets` (with `EcsParameters` for the replication task).
//!
//! ## References
//!
//! - Study notes: 000 › SDLC Automation › "CodeCommit - advanced" (monitoring with EventBridge, cross-region replication).
//! - AWS: CodeCommit user guide, "Monitoring CodeCommit events in Amazon EventBridge and Amazon CloudWatch Events"; EventBridge user guide, "Amazon ECS tasks as targets".
//! - No AWS Config managed rule and no Prowler check.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::codecommit::{self, Repository};
use crate::inventory::events::{self, Rule};
use crate::judge::event_pattern::{Event, Match, Pattern};

pub static CHECK: Check = Check {
    id: "codecommit-eventbridge-monitoring",
    title: "CodeCommit repository events are routed by EventBridge",
    service: "codecommit",
    severity: Severity::Low,
    section: "000 › SDLC Automation › \"CodeCommit - advanced\"",
    catalog: "SDLC-12",
    reads: &[
        codecommit::REPOSITORIES,
        codecommit::REPOSITORY_TAGS,
        events::BUSES,
        events::RULES,
        events::TARGETS,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: None,
    prowler: None,
    source: include_str!("eventbridge_monitoring.rs"),
    run,
};

/// The bus CodeCommit publishes repository events to.
const DEFAULT_BUS: &str = "default";

/// The tag that marks a repository replicated by an EventBridge-started ECS task.
const REPLICATE_TAG: &str = "replicate";

fn run(ctx: &Context, em: &mut Emitter) {
    // The rules that may route CodeCommit events, by account and region.
    let mut candidates: std::collections::HashMap<(&str, &str), Vec<(&Rule, Pattern)>> =
        std::collections::HashMap::new();
    for rule in &ctx.events().rules {
        if rule.event_bus_name != DEFAULT_BUS {
            continue;
        }
        let Some(pattern) = rule
            .event_pattern
            .as_ref()
            .and_then(|p| Pattern::from_value(&p.0).ok())
        else {
            continue;
        };
        candidates
            .entry((rule.account_id.as_str(), rule.region.as_str()))
            .or_default()
            .push((rule, pattern));
    }
    for repo in &ctx.codecommit().repositories {
        if ctx.blind("events", &repo.region) {
            // The engine reports ERROR for EventBridge in that region.
            continue;
        }
        let rules = candidates
            .get(&(repo.account_id.as_str(), repo.region.as_str()))
            .map_or(&[][..], Vec::as_slice);
        judge(repo, rules, em);
    }
}

fn judge(repo: &Repository, rules: &[(&Rule, Pattern)], em: &mut Emitter) {
    let replicated = repo
        .tags
        .get(REPLICATE_TAG)
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let event = Event::new()
        .with("source", "aws.codecommit")
        .with("resources", repo.arn.as_str())
        .with("detail.repositoryName", repo.name.as_str());
    let (mut near, mut unknown, mut routed) = (Vec::new(), Vec::new(), Vec::new());
    for (rule, pattern) in rules {
        if matches!(pattern.matches(&event), Match::No(_)) {
            continue;
        }
        if !rule.state.starts_with("ENABLED") {
            near.push(format!("rule {} matches but is {}", rule.name, rule.state));
            continue;
        }
        match rule.targets.known() {
            Err(e) => unknown.push(format!("targets of rule {}: {e}", rule.name)),
            Ok(None) => near.push(format!("rule {} matches but has no target", rule.name)),
            Ok(Some(targets)) if targets.is_empty() => {
                near.push(format!("rule {} matches but has no target", rule.name));
            }
            Ok(Some(targets)) => {
                let task = targets.iter().find(|t| t.ecs_task_definition_arn.is_some());
                match (replicated, task) {
                    (true, None) => near.push(format!(
                        "rule {} routes its events but runs no ECS task",
                        rule.name
                    )),
                    (true, Some(t)) => routed.push(format!(
                        "rule {} runs the replication task {} on its events",
                        rule.name,
                        t.ecs_task_definition_arn.as_deref().unwrap_or_default()
                    )),
                    (false, _) => routed.push(format!(
                        "rule {} routes its events to {}",
                        rule.name, targets[0].arn
                    )),
                }
            }
        }
    }
    if let Some(first) = routed.into_iter().next() {
        return em.pass(repo, first);
    }
    let mut v = Verdict::new();
    if !unknown.is_empty() {
        v.error_reason(format!(
            "no rule is known to route the repository's events, and could not evaluate: {}",
            unknown.join("; ")
        ));
    } else if replicated {
        v.fail(format!(
            "tagged {REPLICATE_TAG}=true, but no enabled rule on the {DEFAULT_BUS} bus runs an ECS task on the repository's events (source aws.codecommit)"
        ));
    } else {
        v.warn(format!(
            "no enabled rule on the {DEFAULT_BUS} bus routes the repository's events (source aws.codecommit) to a target"
        ));
    }
    near.into_iter().for_each(|n| v.note(n));
    v.emit(em, repo, "")
}
