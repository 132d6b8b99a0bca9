//! ## What it checks
//!
//! Functions invoked asynchronously keep the events whose retries ran out:
//! each has a dead-letter queue or an on-failure destination that exists
//! and that its execution role may send to.
//!
//! **Scope.** A function is invoked asynchronously when its resource-based
//! policy lets `s3.amazonaws.com`, `sns.amazonaws.com`,
//! `events.amazonaws.com`, `scheduler.amazonaws.com`, `logs.amazonaws.com`
//! or `iot.amazonaws.com` call `lambda:InvokeFunction`, or when it is tagged
//! `invocation=async`. Other functions are SKIP. A function whose policy
//! could not be read (and that is not tagged) is judged all the same: it
//! PASSes when its configuration would pass anyway, and is ERROR otherwise.
//!
//! **Functions in scope**, one finding each. The unqualified function
//! (`$LATEST`) is judged, and so is every version or alias that has
//! asynchronous-invocation settings of its own (an event invoke config):
//!
//! - PASS: the qualifier has a dead-letter queue (`DeadLetterConfig.TargetArn`)
//!   or an on-failure destination (`DestinationConfig.OnFailure`), and each
//!   one set works.
//! - FAIL: neither is set; a target SQS queue, SNS topic or S3 bucket does
//!   not exist; the execution role is not allowed `sqs:SendMessage`,
//!   `sns:Publish` or `s3:PutObject` on it; the target is not a kind
//!   Lambda can send to. Destinations that are Lambda functions or
//!   EventBridge event buses are invoked by the service and are accepted.
//! - ERROR: the event invoke configs, the target, the execution role or its
//!   permissions could not be read (when nothing else fails).
//!
//! **Event source mappings** (one finding each):
//!
//! - Kinesis and DynamoDB streams: advisory (FAIL at low) when the mapping
//!   has no on-failure destination, retries forever
//!   (`MaximumRetryAttempts=-1`, the default) and does not bisect failing
//!   batches (`BisectBatchOnFunctionError=false`): one poison record then
//!   blocks its shard until it expires. PASS otherwise.
//! - SQS: SKIP; the queue's redrive policy keeps failed messages
//!   (`sqs-dlq-configured`).
//! - Other sources (Kafka, MQ, DocumentDB): SKIP.
//!
//! Not covered: an alias's own resource-based policy (read only for the
//! unqualified function), and the dead-letter queue of a published version
//! (the `$LATEST` configuration's is used for every qualifier).
//!
//! ## Why it matters
//!
//! Lambda retries a failed asynchronous invocation (and one throttled with
//! 429 or failing with 500) for up to six hours, then drops the event
//! silently unless a dead-letter queue or an on-failure destination catches
//! it (notes 000 › Resilient cloud solutions › "Lambda", concurrency and
//! asynchronous invocations). A target the role cannot write to loses the
//! events just the same.
//!
//! ## How to fix
//!
//! - **Console**: Lambda › the function › Configuration › Asynchronous invocation › Edit › Dead-letter queue service (SQS or SNS), or Configuration › Destinations › Add destination › On failure. Add `sqs:SendMessage` (or `sns:Publish`) on the target to the execution role. For a stream mapping: Configuration › Triggers › Edit › On-failure destination, Retry attempts, Split batch on error.
//! - **CLI**: `aws lambda put-function-event-invoke-config --function-name F --destination-config '{"OnFailure":{"Destination":"QUEUE_ARN"}}'` or `aws lambda update-function-configuration --function-name F --dead-letter-config TargetArn=QUEUE_ARN`; `aws lambda update-event-source-mapping --uuid UUID --destination-config '{"OnFailure":{"Destination":"QUEUE_ARN"}}' --maximum-retry-attempts 10 --bisect-batch-on-function-error`.
//! - **CloudFormation**: `DeadLetterConfig: {TargetArn: !GetAtt Dlq.Arn}` on `AWS::Lambda::Function`, or an `AWS::Lambda::EventInvokeConfig` with `DestinationConfig.OnFailure.Destination`; on `AWS::Lambda::EventSourceMapping`, `DestinationConfig`, `MaximumRetryAttempts` and `BisectBatchOnFunctionError: true`.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "Lambda" (concurrency; concurrency and asynchronous invocations).
//! - AWS: Lambda developer guide, "Asynchronous invocation" (retries, dead-letter queues, destinations) and "Using Lambda with Kinesis" (on-failure destinations, bisecting batches).
//! - AWS Config managed rule `lambda-dlq-check` (dead-letter queues only; it does not recognise destinations); Prowler `awslambda_function_no_dead_letter_queue`.

use crate::arn::Arn;
use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::lambda::{EventSourceMapping, Function};
use crate::inventory::sns::Topic;
use crate::inventory::sqs::Queue;
use crate::inventory::{iam, lambda, s3, sns, sqs};
use crate::judge::reference::{self, Lookup, Reference};
use crate::judge::role::Roles;
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "lambda-async-failure-destination",
    title: "Asynchronously invoked functions have a DLQ or on-failure destination",
    service: "lambda",
    severity: Severity::Medium,
    section: "000 › Resilient cloud solutions › \"Lambda\"",
    catalog: "RES-01",
    reads: &[
        lambda::FUNCTIONS,
        lambda::FUNCTION_TAGS,
        lambda::POLICY,
        lambda::EVENT_INVOKE_CONFIGS,
        lambda::EVENT_SOURCE_MAPPINGS,
        sqs::QUEUES,
        sns::TOPICS,
        s3::BUCKETS,
        iam::ROLES,
        iam::ATTACHED_POLICIES,
        iam::INLINE_POLICIES,
        iam::MANAGED_POLICIES,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: Some("lambda-dlq-check"),
    prowler: Some("awslambda_function_no_dead_letter_queue"),
    source: include_str!("async_failure_destination.rs"),
    run,
};

/// Service principals that invoke functions asynchronously.
const ASYNC_INVOKERS: &[&str] = &[
    "s3.amazonaws.com",
    "sns.amazonaws.com",
    "events.amazonaws.com",
    "scheduler.amazonaws.com",
    "logs.amazonaws.com",
    "iot.amazonaws.com",
];

/// The tag that declares a function invoked asynchronously.
const INVOCATION_TAG: &str = "invocation";

/// What is needed to look the targets up, built once per run.
struct Targets<'a> {
    queues: HashMap<&'a str, &'a Queue>,
    topics: HashMap<&'a str, &'a Topic>,
    buckets: crate::inventory::s3::BucketIndex<'a>,
    roles: Roles<'a>,
}

fn run(ctx: &Context, em: &mut Emitter) {
    let targets = Targets {
        queues: reference::by_arn(&ctx.sqs().queues),
        topics: reference::by_arn(&ctx.sns().topics),
        buckets: ctx.s3().index(),
        roles: Roles::new(ctx),
    };
    let lambda = ctx.lambda();
    for f in &lambda.functions {
        judge_function(ctx, &targets, f, em);
    }
    for m in &lambda.event_source_mappings {
        judge_mapping(m, em);
    }
}

/// Why the function is in scope (`Ok(Some)`), that it is not (`Ok(None)`),
/// or why that could not be told (`Err`).
fn async_scope(f: &Function) -> Result<Option<String>, String> {
    if f.tags
        .get(INVOCATION_TAG)
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("async"))
    {
        return Ok(Some(format!("tagged {INVOCATION_TAG}=async")));
    }
    let policy = match f.policy.known() {
        Err(e) => return Err(e.to_string()),
        Ok(None) => return Ok(None),
        Ok(Some(doc)) => doc
            .parse()
            .map_err(|e| format!("resource-based policy: {e}"))?,
    };
    let invokers: Vec<&str> = ASYNC_INVOKERS
        .iter()
        .copied()
        .filter(|s| policy.grants_service_action(s, "lambda:InvokeFunction"))
        .collect();
    Ok((!invokers.is_empty()).then(|| format!("invoked by {}", invokers.join(", "))))
}

fn judge_function(ctx: &Context, targets: &Targets, f: &Function, em: &mut Emitter) {
    let scope = match async_scope(f) {
        Ok(None) => {
            return em.skip(
                f,
                format!("not invoked asynchronously: its policy lets none of {} invoke it and it is not tagged {INVOCATION_TAG}=async", ASYNC_INVOKERS.join(", ")),
            )
        }
        Ok(Some(why)) => Ok(why),
        Err(why) => Err(why),
    };
    let mut v = Verdict::new();
    let mut kept = Vec::new();
    let dlq = f
        .dead_letter_target_arn
        .as_deref()
        .filter(|t| !t.is_empty());
    // The qualifiers judged: $LATEST, and each with settings of its own.
    let mut qualifiers: Vec<(&str, Option<&str>)> = vec![("$LATEST", None)];
    let configs_read = match f.event_invoke_configs.known() {
        Err(e) if dlq.is_none() => {
            v.error(e);
            false
        }
        Err(e) => {
            v.note(format!(
                "the on-failure destinations could not be read: {e}"
            ));
            false
        }
        Ok(configs) => {
            for c in configs.into_iter().flatten() {
                let on_failure = c.on_failure.as_deref().filter(|t| !t.is_empty());
                match qualifiers.iter_mut().find(|(q, _)| *q == c.qualifier) {
                    Some(latest) => latest.1 = on_failure,
                    None => qualifiers.push((&c.qualifier, on_failure)),
                }
            }
            true
        }
    };
    for (qualifier, on_failure) in qualifiers {
        let set: Vec<(&str, &str)> = [
            ("dead-letter queue", dlq),
            ("on-failure destination", on_failure),
        ]
        .into_iter()
        .filter_map(|(kind, t)| Some((kind, t?)))
        .collect();
        if set.is_empty() {
            // With the settings unread, the ERROR is recorded already.
            if configs_read {
                v.fail(format!(
                    "{qualifier}: no dead-letter queue and no on-failure destination: events are dropped once retries run out"
                ));
            }
            continue;
        }
        for (kind, target) in set {
            if judge_target(ctx, targets, f, target, &mut v) {
                kept.push(format!("{qualifier}: {kind} {target}"));
            }
        }
    }
    let pass = format!("failed events are kept ({})", kept.join("; "));
    match scope {
        Ok(why) => {
            v.note(why);
            v.emit(em, f, pass);
        }
        Err(why) if v.is_clean() => {
            v.note(format!(
                "whether it is invoked asynchronously could not be read: {why}"
            ));
            v.emit(em, f, pass);
        }
        Err(why) => em.error_reason(
            f,
            format!(
                "whether it is invoked asynchronously could not be read ({why}); if it is, its failed events are not kept safely"
            ),
        ),
    }
}

/// Judges one target; true when it works (or is accepted).
fn judge_target(
    ctx: &Context,
    targets: &Targets,
    f: &Function,
    target: &str,
    v: &mut Verdict,
) -> bool {
    let Some(arn) = Arn::parse(target) else {
        v.fail(format!("target {target} is not an ARN"));
        return false;
    };
    let label = format!("target {target}");
    let (found, action, resource) = match arn.service {
        "lambda" | "events" => return true,
        "sqs" => (
            resolve(ctx, &label, target, targets.queues.contains_key(target)),
            "sqs:SendMessage",
            target.to_string(),
        ),
        "sns" => (
            resolve(ctx, &label, target, targets.topics.contains_key(target)),
            "sns:Publish",
            target.to_string(),
        ),
        "s3" => {
            let name = arn.resource.split('/').next().unwrap_or(arn.resource);
            (
                reference::bucket(ctx, &targets.buckets, name, &label).map(|_| ()),
                "s3:PutObject",
                format!("{target}/*"),
            )
        }
        other => {
            v.fail(format!(
                "target {target} is a {other} resource: Lambda sends failed events only to SQS, SNS, Lambda, EventBridge or S3"
            ));
            return false;
        }
    };
    if found.or_record(v).is_none() {
        return false;
    }
    let Some(role) = f.role.as_deref() else {
        v.error_reason("the execution role is not recorded");
        return false;
    };
    targets
        .roles
        .allowed(
            ctx,
            role,
            &format!("execution role {role}"),
            &[action],
            &resource,
        )
        .or_record(v)
        .is_some()
}

/// A queue or topic known by ARN: found, missing or unknown.
fn resolve(ctx: &Context, label: &str, arn: &str, found: bool) -> Lookup<()> {
    match Reference::from_arn(label, arn) {
        Some(r) => r.resolve(ctx, found.then_some(())),
        None => Lookup::Missing(format!("{label} is not an ARN")),
    }
}

fn judge_mapping(m: &EventSourceMapping, em: &mut Emitter) {
    let source = m
        .event_source_arn
        .as_deref()
        .unwrap_or("a self-managed source");
    if m.source_service() == Some("sqs") {
        return em.skip(
            m,
            format!("SQS source {source}: the queue's redrive policy keeps failed messages (sqs-dlq-configured)"),
        );
    }
    if !m.is_stream() {
        return em.skip(
            m,
            format!("source {source} is not a Kinesis or DynamoDB stream"),
        );
    }
    let retries = m.maximum_retry_attempts.unwrap_or(-1);
    if let Some(dest) = &m.on_failure {
        em.pass(
            m,
            format!("records of failed batches from {source} go to {dest}"),
        );
    } else if retries >= 0 {
        em.pass(
            m,
            format!("batches from {source} are retried at most {retries} times"),
        );
    } else if m.bisect_batch_on_function_error {
        em.pass(
            m,
            format!("failing batches from {source} are bisected to isolate a bad record"),
        );
    } else {
        em.warn(
            m,
            format!("stream {source}: no on-failure destination, retries until records expire (MaximumRetryAttempts=-1) and does not bisect failing batches: one poison record blocks its shard"),
        );
    }
}
