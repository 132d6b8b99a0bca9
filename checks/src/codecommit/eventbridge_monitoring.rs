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
use crate::inventory::events::{self, Target};
use crate::judge::event_pattern::Event;
use crate::judge::routing::{route_to, rules_on, Kind, Need, DEFAULT_BUS};

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

/// The tag that marks a repository replicated by an EventBridge-started ECS task.
const REPLICATE_TAG: &str = "replicate";

/// What a replicated repository's rule must start: the replication job.
const ECS_TASK: Kind = Kind {
    name: "an ECS task",
    accepts: |t: &Target| t.ecs_task_definition_arn.is_some(),
};

/// How the events are named in the reasons.
const WHAT: &str = "the repository's events";

fn run(ctx: &Context, em: &mut Emitter) {
    for repo in &ctx.codecommit().repositories {
        if ctx.blind("events", &repo.region) {
            // The engine reports ERROR for EventBridge in that region.
            continue;
        }
        judge(ctx, repo, em);
    }
}

fn judge(ctx: &Context, repo: &Repository, em: &mut Emitter) {
    let replicated = repo
        .tags
        .get(REPLICATE_TAG)
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let event = Event::new()
        .with("source", "aws.codecommit")
        .naming("resources", repo.arn.as_str())
        .naming("detail.repositoryName", repo.name.as_str());
    let rules = rules_on(ctx, &repo.account_id, &repo.region, DEFAULT_BUS);
    let kind = if replicated { &ECS_TASK } else { &Kind::ANY };
    let routing = route_to(ctx, None, rules, &[event], Need::Some, WHAT, kind);
    let mut v = Verdict::new();
    let routed = routing.judge(WHAT, &mut v, |v| {
        if replicated {
            v.fail(format!(
                "tagged {REPLICATE_TAG}=true, but no enabled rule on the {DEFAULT_BUS} bus runs an ECS task on {WHAT} (source aws.codecommit)"
            ));
        } else {
            v.warn(format!(
                "no enabled rule on the {DEFAULT_BUS} bus routes {WHAT} (source aws.codecommit) to a target"
            ));
        }
    });
    let pass = match routed {
        Some((rule, target)) if replicated => format!(
            "rule {} runs the replication task {} on its events",
            rule.name,
            target
                .ecs_task_definition_arn
                .as_deref()
                .unwrap_or_default()
        ),
        Some((rule, target)) => format!("rule {} routes its events to {}", rule.name, target.arn),
        None => String::new(),
    };
    v.emit(em, repo, pass)
}
