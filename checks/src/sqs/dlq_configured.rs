//! ## What it checks
//!
//! Every SQS queue that is not itself a dead-letter queue (DLQ) sends
//! messages it cannot process to a working DLQ of the same type, with a
//! longer retention.
//!
//! **Classify.** A queue is a DLQ when another queue's
//! `RedrivePolicy.deadLetterTargetArn` points at it. A DLQ must live in the
//! same account and region as its sources, so the listed queues' redrive
//! policies find every source (the result `ListDeadLetterSourceQueues` would
//! give). DLQs are evaluated only as targets, through their sources: each
//! gets a SKIP naming its sources.
//!
//! **Source queues** (every other queue), one finding each:
//!
//! - FAIL: no `RedrivePolicy`; the target queue does not exist (not among
//!   the listed queues of its region, or deleted); the policy targets the
//!   queue itself; the DLQ's type (FIFO or standard) differs from the source;
//!   the DLQ's `RedriveAllowPolicy` is `denyAll`, or `byQueue` without this
//!   source among its `sourceQueueArns`.
//! - Advisory (FAIL at low): `maxReceiveCount` is 1, so one failed receive
//!   dead-letters a message; for **standard** queues only, the DLQ's
//!   `MessageRetentionPeriod` is not longer than the source's. Expiry counts
//!   from the original enqueue time, so a dead-lettered message can expire
//!   almost at once. FIFO queues reset the timestamp, so this sub-rule does
//!   not apply to them.
//! - PASS: a redrive policy to an existing DLQ that passes all of the above.
//! - ERROR: the queue's or its DLQ's attributes could not be read; the DLQ is
//!   not among the listed queues while SQS could not be listed in its region;
//!   or the queue has no redrive policy but may be the DLQ of another queue
//!   of its region whose attributes could not be read.
//! - SKIP: DLQs (see above); queues deleted between listing and reading.
//!
//! Not covered: the catalog's information item (a CloudWatch alarm on the
//! DLQ's `ApproximateNumberOfMessagesVisible`), which needs the CloudWatch
//! section; this check reads SQS only.
//!
//! ## Why it matters
//!
//! Without a DLQ, a poison message is received, fails and returns to the
//! queue until it expires: it blocks consumers, costs money and is lost in
//! the end. The notes' rules are the ones checked here: set a
//! `MaximumReceives` threshold, keep the DLQ the same type as the source
//! (FIFO to FIFO, standard to standard), and give it a retention long
//! enough to process dead-lettered messages before they expire, then redrive
//! them to the source (notes 000 › Incident and Event Response › "SQS - dead
//! letter queues").
//!
//! ## How to fix
//!
//! - **Console**: SQS › create the DLQ (same type, retention longer than the source, e.g. 14 days) › the source queue › Edit › Dead-letter queue › Enabled, choose the DLQ, set Maximum receives (e.g. 5) › Save. On the DLQ, Redrive allow policy: allow all, or by queue including the source.
//! - **CLI**: `aws sqs set-queue-attributes --queue-url SOURCE_URL --attributes '{"RedrivePolicy":"{\"deadLetterTargetArn\":\"DLQ_ARN\",\"maxReceiveCount\":\"5\"}"}'` and `aws sqs set-queue-attributes --queue-url DLQ_URL --attributes MessageRetentionPeriod=1209600`.
//! - **CloudFormation**: on the source `AWS::SQS::Queue`, `RedrivePolicy: {deadLetterTargetArn: !GetAtt DLQ.Arn, maxReceiveCount: 5}`; on the DLQ, the same `FifoQueue` value, `MessageRetentionPeriod: 1209600` and, if set, a `RedriveAllowPolicy` that allows the source.
//!
//! ## References
//!
//! - Study notes: 000 › Incident and Event Response › "SQS - dead letter queues".
//! - AWS: SQS developer guide, "Using dead-letter queues in Amazon SQS" and "Configuring queue parameters" (`RedriveAllowPolicy`).
//! - AWS Config managed rule `sqs-queue-dlq-check`; no Prowler check.

use crate::arn::Arn;
use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::sqs;
use crate::inventory::sqs::{Queue, QueueAttributes};
use crate::judge::reference::{self, Lookup, Reference};
use crate::judge::targets::{Aim, Pointer, Targets};
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "sqs-dlq-configured",
    title: "SQS queues have a dead-letter queue of the matching type with longer retention",
    service: "sqs",
    severity: Severity::Medium,
    section: "000 › Incident and Event Response › \"SQS - dead letter queues\"",
    catalog: "INC-08",
    reads: &[sqs::QUEUES, sqs::QUEUE_ATTRIBUTES, sqs::QUEUE_TAGS],
    tolerates: &[],
    settings: &[],
    config_rule: Some("sqs-queue-dlq-check"),
    prowler: None,
    source: include_str!("dlq_configured.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let queues = &ctx.sqs().queues;
    let by_arn = reference::by_arn(queues);
    // A DLQ is a queue of its sources' region and account.
    let targets = Targets::new(queues.iter().map(|q| {
        Pointer {
            id: &q.arn,
            name: &q.name,
            place: (q.region.as_str(), q.account_id.as_str()),
            target: match q.attributes.known() {
                Ok(a) => a
                    .and_then(|a| a.redrive_policy.as_ref())
                    .map_or(Aim::Nothing, |rp| Aim::At(&rp.dead_letter_target_arn)),
                Err(_) => Aim::Unknown,
            },
        }
    }));
    for q in queues {
        if let Some(srcs) = targets.sources(&q.arn) {
            em.skip(
                q,
                format!(
                    "dead-letter queue of {}: judged as their target",
                    name_list(srcs)
                ),
            );
            continue;
        }
        judge_source(ctx, q, &targets, &by_arn, em);
    }
}

/// Queues by the DLQ they redrive to, and by (region, account) those whose
/// attributes could not be read.
type Dlqs<'a> = Targets<'a, (&'a str, &'a str)>;

fn judge_source(
    ctx: &Context,
    q: &Queue,
    targets: &Dlqs,
    by_arn: &HashMap<&str, &Queue>,
    em: &mut Emitter,
) {
    let attrs = match q.attributes.known() {
        Err(e) => return em.error(q, e),
        Ok(None) => return em.skip(q, "the queue no longer exists (deleted while listing)"),
        Ok(Some(a)) => a,
    };
    let Some(rp) = &attrs.redrive_policy else {
        let unreadable = targets.unread_near(&(q.region.as_str(), q.account_id.as_str()), &q.arn);
        if unreadable.is_empty() {
            return em.fail(
                q,
                "no redrive policy: failed messages are retried until they expire",
            );
        }
        return em.error_reason(
            q,
            format!(
                "no redrive policy, but it may be the dead-letter queue of {}, whose attributes could not be read",
                name_list(&unreadable)
            ),
        );
    };
    let target = &rp.dead_letter_target_arn;
    if *target == q.arn {
        return em.fail(q, "the redrive policy targets the queue itself");
    }
    let mut v = Verdict::new();
    if rp.max_receive_count <= 1 {
        v.warn(format!(
            "maxReceiveCount={}: a single failed receive dead-letters a message",
            rp.max_receive_count
        ));
    }
    let dlq_name = Arn::parse(target)
        .map(|a| a.resource)
        .unwrap_or(target.as_str());
    // A DLQ lives in its sources' account and region.
    let label = format!("dead-letter queue {target}");
    let reference = Reference::from_arn(label.clone(), target)
        .unwrap_or_else(|| Reference::regional(label, "sqs", &q.region, &q.account_id));
    let dlq = reference
        .resolve(ctx, by_arn.get(target.as_str()).copied())
        .and_then(|dlq| match dlq.attributes.known() {
            Ok(Some(d)) => Lookup::Found((dlq, d)),
            // Deleted between listing and reading.
            Ok(None) => reference.missing(),
            Err(e) => Lookup::Unknown(format!("dead-letter queue {dlq_name}: {e}")),
        });
    if let Some((dlq, d)) = dlq.or_record(&mut v) {
        judge_pair(q, attrs, dlq, d, &mut v);
    }
    v.emit(
        em,
        q,
        format!(
            "dead-letter queue {dlq_name} after {} receives",
            rp.max_receive_count
        ),
    );
}

/// The rules on a source queue and its (listed, readable) DLQ.
fn judge_pair(q: &Queue, src: &QueueAttributes, dlq: &Queue, d: &QueueAttributes, v: &mut Verdict) {
    let kind = |fifo: bool| if fifo { "FIFO" } else { "standard" };
    if src.fifo != d.fifo {
        v.fail(format!(
            "the dead-letter queue {} is {} but the queue is {}",
            dlq.name,
            kind(d.fifo),
            kind(src.fifo)
        ));
    }
    if let Some(allow) = &d.redrive_allow_policy {
        let permission = allow.redrive_permission.as_str();
        if permission.eq_ignore_ascii_case("denyAll") {
            v.fail(format!(
                "the dead-letter queue {}'s RedriveAllowPolicy is denyAll",
                dlq.name
            ));
        } else if permission.eq_ignore_ascii_case("byQueue")
            && !allow.source_queue_arns.contains(&q.arn)
        {
            v.fail(format!(
                "the dead-letter queue {}'s RedriveAllowPolicy (byQueue) does not list this queue",
                dlq.name
            ));
        }
    }
    if !src.fifo && !d.fifo && d.message_retention_period <= src.message_retention_period {
        v.warn(format!(
            "the dead-letter queue {} keeps messages {}s, not longer than the queue's {}s: dead-lettered messages keep their original enqueue time and can expire almost at once",
            dlq.name, d.message_retention_period, src.message_retention_period
        ));
    }
}
