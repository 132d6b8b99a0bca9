//! ## What it checks
//!
//! Every production AWS Glue job's failures reach someone through
//! EventBridge (`glue:GetJobs`, `GetTags`; `events:ListRules`,
//! `ListTargetsByRule`; `sns:ListSubscriptionsByTopic`). The job's failure
//! is the event `source` `aws.glue`, `detail-type` `Glue Job State Change`,
//! `detail.jobName` the job, `detail.state` `FAILED` (`detail.severity`
//! `ERROR`). One finding per job:
//!
//! - PASS: an ENABLED rule on the `default` bus of the job's region matches
//!   that event and has a target that reaches someone (an SNS topic with a
//!   confirmed subscription, or any other target); the reason names the
//!   rule and the target. A rule without a state filter matches, and so
//!   does one that also filters on fields these events may hold (the
//!   retry attempt the notes filter on).
//! - FAIL: no such rule. A rule restricted to other jobs' names or to
//!   other states (`SUCCEEDED`, `TIMEOUT` only) does not count; the reason
//!   lists what came close (a disabled rule, a rule without a target).
//! - Advisory (FAIL at low): the job retries failed runs (`MaxRetries` > 0)
//!   and the matching rules send its failures only to SNS topics, while
//!   `require_retry_failure_alerts` is set (the default): SNS relays every
//!   attempt's failure as it comes, and the notes prescribe a Lambda
//!   function (or another target that can read the event) to filter on
//!   the attempt before publishing. Also advisory: the rules send the
//!   failures only to topics nobody receives (no confirmed subscription).
//! - SKIP: not production (the production tag, else a name word of the
//!   job name).
//! - ERROR: a matching rule's targets, or its topic's subscriptions, could
//!   not be read and no rule is known to route the failures; the job's
//!   tags could not be read (whether it is production is unknown, said by
//!   the engine). Where Glue or EventBridge could not be listed in a
//!   region, the engine reports ERROR for that region.
//!
//! ## Why it matters
//!
//! A failed ETL run leaves downstream tables stale without a sound: nobody
//! looks at the Glue console until a report is wrong. Glue publishes job
//! state changes to EventBridge, and the notes' pattern routes failures
//! through a Lambda function that filters retry failures before publishing
//! to SNS, because a plain SNS target alerts on every attempt and is not
//! specific enough (notes 001 › ## Amazon EventBridge › ### Key Use Cases
//! & Examples, 2 "AWS Glue Job Retry Failure Notification"; 001 ›
//! ## Examination Tips › "Glue Job Failure Notifications"; 000 › Filling
//! the gap › practice exam #1).
//!
//! ## How to fix
//!
//! - **Console**: EventBridge › Rules › Create rule on the `default` bus in the job's region › Event pattern › AWS services › Glue › Glue Job State Change, specific state FAILED › Target: a Lambda function that filters the attempt and publishes to the on-call SNS topic (or the topic itself for jobs that do not retry).
//! - **CLI**: `aws events put-rule --name glue-job-failed --event-pattern '{"source":["aws.glue"],"detail-type":["Glue Job State Change"],"detail":{"state":["FAILED"]}}'`; `aws events put-targets --rule glue-job-failed --targets Id=filter,Arn=FUNCTION_ARN`; `aws lambda add-permission --function-name F --statement-id events --action lambda:InvokeFunction --principal events.amazonaws.com --source-arn RULE_ARN`.
//! - **CloudFormation**: an `AWS::Events::Rule` with `EventPattern: {source: [aws.glue], detail-type: [Glue Job State Change], detail: {state: [FAILED]}}` and `Targets: [{Id: filter, Arn: !GetAtt RetryFilter.Arn}]`, and an `AWS::Lambda::Permission` for `events.amazonaws.com`.
//!
//! ## References
//!
//! - Study notes: 001 › ## Amazon EventBridge › ### Key Use Cases & Examples (2 "AWS Glue Job Retry Failure Notification"); 001 › ## Examination Tips ("Glue Job Failure Notifications"); 000 › Filling the gap › practice exam #1.
//! - AWS: "Automating AWS Glue with EventBridge" (AWS Glue Developer Guide) and "Amazon EventBridge event patterns".
//! - No AWS Config managed rule; no Prowler check.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::events::Target;
use crate::inventory::glue::{self, Job};
use crate::inventory::{events, sns};
use crate::judge::event_pattern::Event;
use crate::judge::notify::{is_topic, Topics};
use crate::judge::routing::{route, route_to, rules_on, Kind, Need, DEFAULT_BUS};
use crate::settings::{Setting, PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};

pub static CHECK: Check = Check {
    id: "glue-job-failure-alerts",
    title: "Glue job failures (including retries) reach a filtering Lambda or SNS",
    service: "glue",
    severity: Severity::Low,
    section: "001 › ## Amazon EventBridge › ### Key Use Cases & Examples",
    catalog: "INC-11",
    reads: &[
        glue::JOBS,
        glue::JOB_TAGS,
        events::BUSES,
        events::RULES,
        events::TARGETS,
        sns::TOPICS,
        sns::SUBSCRIPTIONS,
    ],
    tolerates: &[],
    settings: &[
        &REQUIRE_RETRY_FAILURE_ALERTS,
        &PROD_TAG_KEY,
        &PROD_TAG_VALUES,
        &PROD_NAME_WORDS,
    ],
    config_rule: None,
    prowler: None,
    source: include_str!("job_failure_alerts.rs"),
    run,
};

static REQUIRE_RETRY_FAILURE_ALERTS: Setting<bool> = Setting::new(
    "require_retry_failure_alerts",
    "The failures of Glue jobs that retry must reach a target that can filter on the attempt (a Lambda function), not only SNS topics.",
    "true",
    crate::settings::any,
);

/// Targets that can read the event and filter on the attempt before
/// alerting: anything but an SNS topic (a Lambda function, as the notes
/// prescribe, a state machine, a queue's consumer).
const FILTER: Kind<'static> = Kind {
    name: "a Lambda function (or another target that can filter on the attempt)",
    accepts: filters,
};

fn filters(target: &Target) -> bool {
    !is_topic(&target.arn)
}

fn run(ctx: &Context, em: &mut Emitter) {
    let topics = Topics::new(ctx.sns());
    let production = ctx.production();
    let retries_need_filter = ctx.setting(&REQUIRE_RETRY_FAILURE_ALERTS);
    for job in &ctx.glue().jobs {
        if !production.is_production(Some(&job.tags), &job.name) {
            em.skip(job, "not production");
            continue;
        }
        if ctx.blind("events", &job.region) {
            // The engine reports ERROR for EventBridge in that region.
            continue;
        }
        judge(ctx, &topics, job, retries_need_filter, em);
    }
}

/// The event Glue publishes when a run of `job` fails.
fn failure(job: &Job) -> Event {
    Event::new()
        .with("source", "aws.glue")
        .with("detail-type", "Glue Job State Change")
        .naming("detail.jobName", job.name.as_str())
        .with("detail.state", "FAILED")
        .with("detail.severity", "ERROR")
}

fn judge(ctx: &Context, topics: &Topics, job: &Job, retries_need_filter: bool, em: &mut Emitter) {
    let events = [failure(job)];
    let what = format!("failures of Glue job {}", job.name);
    let rules = || rules_on(ctx, &job.account_id, &job.region, DEFAULT_BUS);
    let routing = route(ctx, Some(topics), rules(), &events, Need::Some, &what);
    let mut v = Verdict::new();
    let Some((rule, target)) = routing.judge(&what, &mut v, |v| {
        v.fail(format!(
            "no enabled rule on the {DEFAULT_BUS} bus in {} sends {what} (source aws.glue, detail-type Glue Job State Change, detail.state FAILED) to a target",
            job.region
        ))
    }) else {
        return v.emit(em, job, "");
    };
    let mut pass = format!("rule {} sends {what} to {}", rule.name, target.arn);
    if retries_need_filter && job.max_retries > 0 {
        let by = if filters(target) {
            Some((rule, target))
        } else {
            let filtered = route_to(ctx, None, rules(), &events, Need::Some, &what, &FILTER);
            filtered.judge(&what, &mut v, |v| {
                v.warn(format!(
                    "the job retries failed runs (MaxRetries {}) and its failures reach only SNS topics (rule {} → {}): the notes prescribe {} to alert on retry failures",
                    job.max_retries, rule.name, target.arn, FILTER.name
                ))
            })
        };
        if let Some((rule, target)) = by {
            pass = format!(
                "rule {} sends {what} to {}, which can filter its retries (MaxRetries {})",
                rule.name, target.arn, job.max_retries
            );
        }
    }
    v.emit(em, job, pass);
}
