//! ## What it checks
//!
//! Every CodeCommit and S3 source action of a pipeline (owner `AWS`) starts
//! the pipeline through an EventBridge rule rather than by polling.
//!
//! - Advisory (FAIL at low): a source's `PollForSourceChanges` is `"true"`,
//!   or absent (absent means polling, for pipelines created through the API
//!   or CLI).
//! - Advisory: `PollForSourceChanges` is `"false"` but no enabled rule on the
//!   default event bus of the pipeline's region targets the pipeline and
//!   matches a change of the source: for CodeCommit, a `CodeCommit
//!   Repository State Change` (`source: aws.codecommit`) of the repository's
//!   branch; for S3, a CloudTrail `PutObject`, `CopyObject` or
//!   `CompleteMultipartUpload` (`AWS API Call via CloudTrail`), or an S3
//!   `Object Created` event, of the source bucket and object key. Nothing
//!   then starts the pipeline when the source changes.
//! - PASS: every such source is started by a matching rule.
//! - SKIP: no CodeCommit or S3 source action (CodeStar connections and
//!   GitHub webhooks are event-based by design); the pipeline disappeared
//!   during the scan.
//! - ERROR: the pipeline definition could not be read; EventBridge could not
//!   be read in the pipeline's region, or a candidate rule's targets could
//!   not be read, or whether a rule matches hinges on an event field the
//!   check cannot know.
//!
//! Not judged: the catalog's `ignorePollAlarmFailure` and alarm sub-rules,
//! which are settings of CodeDeploy deployment groups, not of pipeline
//! sources (`codedeploy-auto-rollback` judges them); and whether CloudTrail
//! records the S3 source bucket's data events.
//!
//! ## Why it matters
//!
//! Polling is slower to react, costs API calls for every pipeline, and AWS
//! recommends migrating polling pipelines to event-based change detection.
//! A source switched off polling without a rule never starts the pipeline.
//! The notes list the three ways of detecting changes: events, webhooks and
//! polling (notes 000 › ## SDLC Automation › CodePipeline - extra; this
//! check is adjacent: the notes do not prefer one).
//!
//! ## How to fix
//!
//! - **Console**: CodePipeline › the pipeline › Edit › the source stage ›
//!   Edit action › Change detection options: Amazon CloudWatch Events
//!   (recommended); the console creates the rule (and, for S3, the trail).
//! - **CLI**: create the rule (`aws events put-rule --name NAME --event-pattern file://pattern.json`,
//!   `aws events put-targets --rule NAME --targets Id=pipeline,Arn=PIPELINE_ARN,RoleArn=ROLE_ARN`),
//!   then set `"PollForSourceChanges": "false"` in the source action's
//!   configuration and `aws codepipeline update-pipeline --cli-input-json file://p.json`.
//! - **CloudFormation**: an `AWS::Events::Rule` with the source's event
//!   pattern and the pipeline as target, and `PollForSourceChanges: false`
//!   in the action's `Configuration`.
//!
//! ## References
//!
//! - Study notes: 000 › ## SDLC Automation › CodePipeline - extra (change
//!   detection: events vs webhooks vs polling).
//! - AWS: CodePipeline User Guide, "Migrate polling pipelines to use
//!   event-based change detection", "CodeCommit source actions and
//!   EventBridge" and "Amazon S3 source actions and EventBridge".
//! - AWS Config managed rule: none. Prowler: none.

use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::codepipeline::{Action, Pipeline};
use crate::inventory::events::Rule;
use crate::inventory::{codepipeline, events};
use crate::judge::event_pattern::{Event, Match, Pattern};
use crate::judge::started_by::Starters;

pub static CHECK: Check = Check {
    id: "codepipeline-event-based-source",
    title: "Pipeline sources start the pipeline through events, not polling",
    service: "codepipeline",
    severity: Severity::Low,
    section: "000 › ## SDLC Automation › CodePipeline - extra",
    catalog: "SDLC-07",
    reads: &[
        codepipeline::PIPELINES,
        codepipeline::PIPELINE_DEFINITION,
        codepipeline::PIPELINE_TAGS,
        events::BUSES,
        events::RULES,
        events::TARGETS,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: None,
    prowler: None,
    source: include_str!("event_based_source.rs"),
    run,
};

/// The bus CodeCommit, S3 and CloudTrail publish to.
const DEFAULT_BUS: &str = "default";

/// The S3 API calls that put a new source object.
const S3_WRITES: &[&str] = &["PutObject", "CopyObject", "CompleteMultipartUpload"];

fn run(ctx: &Context, em: &mut Emitter) {
    // Enabled rules of the default bus on events, by the ARN they target.
    let starters = Starters::new(ctx, |r| {
        r.event_bus_name == DEFAULT_BUS && r.event_pattern.is_some()
    });
    for pipeline in &ctx.codepipeline().pipelines {
        let Some(def) = super::definition(pipeline, em) else {
            continue;
        };
        let sources: Vec<&Action> = def.actions().filter(|a| kind(a).is_some()).collect();
        if sources.is_empty() {
            em.skip(pipeline, "no CodeCommit or S3 source action");
            continue;
        }
        let rules = starters.of(&pipeline.arn);
        let unreadable = starters.unread(&pipeline.account_id, &pipeline.region);
        let mut verdict = Verdict::new();
        let mut started_by = Vec::new();
        for action in sources {
            match action
                .configuration
                .get("PollForSourceChanges")
                .map(String::as_str)
            {
                Some(p) if p.eq_ignore_ascii_case("false") => {}
                polling => {
                    verdict.warn(format!(
                        "source action {} polls for changes (PollForSourceChanges is {})",
                        action.name,
                        polling.map_or("unset", |_| "true")
                    ));
                    continue;
                }
            }
            if ctx.blind("events", &pipeline.region) {
                verdict.error_reason(format!(
                    "source action {}: EventBridge could not be read in {}, so its rule is unknown",
                    action.name, pipeline.region
                ));
                continue;
            }
            match starting_rule(pipeline, action, rules) {
                Ok(rule) => started_by.push(rule),
                Err(unknown) if !unknown.is_empty() || !unreadable.is_empty() => {
                    let mut why = unknown;
                    why.extend(unreadable.iter().cloned());
                    verdict.error_reason(format!(
                        "source action {}: no rule is known to start the pipeline, and could not evaluate: {}",
                        action.name,
                        why.join("; ")
                    ));
                }
                Err(_) => verdict.warn(format!(
                    "source action {} does not poll (PollForSourceChanges is false), but no enabled rule on the {DEFAULT_BUS} bus starts the pipeline on its changes: they do not start it",
                    action.name
                )),
            }
        }
        started_by.sort_unstable();
        started_by.dedup();
        verdict.emit(
            em,
            pipeline,
            format!(
                "source changes start the pipeline through EventBridge rule(s) {}",
                name_list(&started_by)
            ),
        );
    }
}

/// The source kinds judged.
#[derive(Clone, Copy)]
enum Kind {
    CodeCommit,
    S3,
}

fn kind(action: &Action) -> Option<Kind> {
    if !action.is("Source") || !action.owner.eq_ignore_ascii_case("AWS") {
        return None;
    }
    match action.provider.as_str() {
        "CodeCommit" => Some(Kind::CodeCommit),
        "S3" => Some(Kind::S3),
        _ => None,
    }
}

/// The name of a rule (among `rules`, those targeting the pipeline) that
/// matches a change of the source; else why some could not be told.
fn starting_rule<'r>(
    pipeline: &Pipeline,
    action: &Action,
    rules: &[&'r Rule],
) -> Result<&'r str, Vec<String>> {
    let events = change_events(pipeline, action);
    let mut unknown = Vec::new();
    for rule in rules
        .iter()
        .filter(|r| r.account_id == pipeline.account_id && r.region == pipeline.region)
    {
        let Some(pattern) = rule
            .event_pattern
            .as_ref()
            .and_then(|p| Pattern::from_value(&p.0).ok())
        else {
            continue;
        };
        let mut hinges = None;
        for event in &events {
            match pattern.matches(event) {
                Match::Yes => return Ok(&rule.name),
                Match::Unknown(u) => hinges = Some(u),
                Match::No(_) => {}
            }
        }
        if let Some(u) = hinges {
            unknown.push(format!("rule {}: {u}", rule.name));
        }
    }
    Err(unknown)
}

/// The events a change of the source publishes.
fn change_events(pipeline: &Pipeline, action: &Action) -> Vec<Event> {
    let config = |key: &str| action.configuration.get(key).map_or("", String::as_str);
    let region = action.region.as_deref().unwrap_or(&pipeline.region);
    match kind(action) {
        Some(Kind::CodeCommit) => {
            let repository = config("RepositoryName");
            let arn = format!(
                "arn:aws:codecommit:{region}:{}:{repository}",
                pipeline.account_id
            );
            ["referenceUpdated", "referenceCreated"]
                .iter()
                .map(|change| {
                    Event::new()
                        .with("source", "aws.codecommit")
                        .with("detail-type", "CodeCommit Repository State Change")
                        .with("resources", arn.as_str())
                        .with("account", pipeline.account_id.as_str())
                        .with("region", region)
                        .with("detail.event", *change)
                        .with("detail.repositoryName", repository)
                        .with("detail.referenceType", "branch")
                        .with("detail.referenceName", config("BranchName"))
                })
                .collect()
        }
        Some(Kind::S3) => {
            let (bucket, key) = (config("S3Bucket"), config("S3ObjectKey"));
            let mut events: Vec<Event> = S3_WRITES
                .iter()
                .map(|call| {
                    Event::new()
                        .with("source", "aws.s3")
                        .with("detail-type", "AWS API Call via CloudTrail")
                        .with("account", pipeline.account_id.as_str())
                        .with("region", region)
                        .with("detail.eventSource", "s3.amazonaws.com")
                        .with("detail.eventName", *call)
                        .with("detail.requestParameters.bucketName", bucket)
                        .with("detail.requestParameters.key", key)
                })
                .collect();
            events.push(
                Event::new()
                    .with("source", "aws.s3")
                    .with("detail-type", "Object Created")
                    .with("resources", format!("arn:aws:s3:::{bucket}").as_str())
                    .with("account", pipeline.account_id.as_str())
                    .with("region", region)
                    .with("detail.bucket.name", bucket)
                    .with("detail.object.key", key),
            );
            events
        }
        None => Vec::new(),
    }
}
