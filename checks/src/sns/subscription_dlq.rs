//! ## What it checks
//!
//! Every confirmed subscription of a production SNS topic (by the
//! production tag, else a word of the topic's name) whose protocol retries
//! and can lose messages (`sqs`, `lambda`, `http`, `https`, `firehose`) has
//! a working redrive policy: a dead-letter queue (DLQ) where messages go
//! when delivery keeps failing.
//!
//! - PASS: the subscription's `RedrivePolicy` names an SQS queue that
//!   exists and whose access policy allows `sns.amazonaws.com` to call
//!   `sqs:SendMessage` with `aws:SourceArn` equal to the topic (or
//!   `aws:SourceAccount` its account).
//! - FAIL: the DLQ does not exist; its policy does not allow SNS to send
//!   (or it has no policy), so failed messages are dropped; or the topic is
//!   FIFO and the DLQ is not.
//! - Advisory (FAIL at low): no redrive policy; or the DLQ's policy allows
//!   SNS with no `aws:SourceArn`/`aws:SourceAccount` condition (any topic
//!   may write to it).
//! - SKIP: `email`, `email-json` and `sms` subscriptions (and other
//!   protocols such as mobile push), which have no redrive; topics that are
//!   not production (one finding on the topic). Subscriptions still pending
//!   confirmation receive nothing and are not judged.
//! - ERROR: the subscriptions, a redrive policy, the topic's or the DLQ's
//!   attributes could not be read, or the DLQ is in an account or region
//!   the inventory does not cover.
//!
//! A topic's `compliance:exempt` tag covers its subscriptions.
//!
//! ## Why it matters
//!
//! SNS retries a failed delivery (an SQS queue that rejects it, a Lambda
//! function that is throttled, an HTTP endpoint that is down) and then
//! discards the message. A dead-letter queue keeps it for inspection and
//! replay. The DLQ is attached per subscription, not per topic, and SNS
//! must be allowed to send to it (notes 000 › Incident and Event Response
//! › "SNS - redrive policy", DLQ (SQS or SQS FIFO) attached per
//! subscription).
//!
//! ## How to fix
//!
//! - **Console**: SNS › Topics › the topic › the subscription › Edit › Redrive policy (dead-letter queue) › Enabled, choose the queue › Save; in SQS, the queue's Access policy must allow `sns.amazonaws.com` `sqs:SendMessage` with `"Condition": {"ArnEquals": {"aws:SourceArn": "TOPIC_ARN"}}`.
//! - **CLI**: `aws sns set-subscription-attributes --subscription-arn SUB_ARN --attribute-name RedrivePolicy --attribute-value '{"deadLetterTargetArn":"QUEUE_ARN"}'`; `aws sqs set-queue-attributes --queue-url URL --attributes Policy=file://dlq-policy.json`.
//! - **CloudFormation**: `RedrivePolicy: {deadLetterTargetArn: !GetAtt Dlq.Arn}` on the `AWS::SNS::Subscription`, and an `AWS::SQS::QueuePolicy` on the DLQ granting `sns.amazonaws.com` `sqs:SendMessage` with `ArnEquals aws:SourceArn: !Ref Topic`.
//!
//! ## References
//!
//! - Study notes: 000 › Incident and Event Response › "SNS - redrive policy".
//! - AWS: SNS developer guide, "Amazon SNS dead-letter queues (DLQs)" and "Configuring an Amazon SNS dead-letter queue for a subscription".
//! - No AWS Config managed rule or Prowler check.

use crate::engine::{Check, Context, Emitter, Resource, Severity, Verdict};
use crate::inventory::sns::{Subscription, Topic};
use crate::inventory::sqs::Queue;
use crate::inventory::{sns, sqs, Tags};
use crate::judge::reference::{self, Lookup, Reference};
use crate::judge::service_grant::{grant, Grant, Source};
use crate::settings::{PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "sns-subscription-dlq",
    title: "SNS subscriptions have a working redrive policy",
    service: "sns",
    severity: Severity::Low,
    section: "000 › Incident and Event Response › \"SNS - redrive policy\"",
    catalog: "INC-09",
    reads: &[
        sns::TOPICS,
        sns::SUBSCRIPTIONS,
        sns::SUBSCRIPTION_REDRIVE,
        sns::TOPIC_ATTRIBUTES,
        sns::TOPIC_TAGS,
        sqs::QUEUES,
        sqs::QUEUE_ATTRIBUTES,
    ],
    tolerates: &[],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: None,
    prowler: None,
    source: include_str!("subscription_dlq.rs"),
    run,
};

/// A subscription as a finding's subject: its ARN, its topic's region,
/// and its topic's tags (a topic's exemption covers its subscriptions).
struct Sub<'a> {
    arn: &'a str,
    region: &'a str,
    tags: &'a Tags,
}

impl Resource for Sub<'_> {
    fn arn(&self) -> &str {
        self.arn
    }
    fn region(&self) -> &str {
        self.region
    }
    fn tags(&self) -> Option<&Tags> {
        Some(self.tags)
    }
}

fn run(ctx: &Context, em: &mut Emitter) {
    let production = ctx.production();
    let queues = reference::by_arn(&ctx.sqs().queues);
    for topic in &ctx.sns().topics {
        if !production.is_production(Some(&topic.tags), topic.name()) {
            em.skip(topic, "not production: its subscriptions are not judged");
            continue;
        }
        let subscriptions = match topic.subscriptions.known() {
            Err(e) => {
                em.error(topic, e);
                continue;
            }
            Ok(subs) => subs.map(Vec::as_slice).unwrap_or(&[]),
        };
        for sub in subscriptions.iter().filter(|s| s.is_confirmed()) {
            let subject = Sub {
                arn: &sub.arn,
                region: &topic.region,
                tags: &topic.tags,
            };
            judge(ctx, topic, sub, &queues, &subject, em);
        }
    }
}

fn judge(
    ctx: &Context,
    topic: &Topic,
    sub: &Subscription,
    queues: &HashMap<&str, &Queue>,
    subject: &Sub,
    em: &mut Emitter,
) {
    if !sub.is_redriven() {
        return em.skip(
            subject,
            format!("{} subscription: no redrive policy applies", sub.protocol),
        );
    }
    let dlq = match sub.redrive_policy.known() {
        Err(e) => return em.error(subject, e),
        Ok(None) => {
            return em.warn(
                subject,
                format!(
                    "{} subscription has no redrive policy: messages SNS cannot deliver are discarded after the retries",
                    sub.protocol
                ),
            )
        }
        Ok(Some(r)) => r.dead_letter_target_arn.as_str(),
    };
    let label = format!("dead-letter queue {dlq}");
    let mut v = Verdict::new();
    let found = match Reference::from_arn(label.clone(), dlq) {
        Some(r) => r.resolve(ctx, queues.get(dlq).copied()),
        None => Lookup::Missing(format!("{dlq} is not an SQS queue ARN")),
    };
    if let Some(queue) = found.or_record(&mut v) {
        judge_queue(topic, queue, &label, &mut v);
    }
    v.emit(
        em,
        subject,
        format!("failed deliveries go to {label}, which accepts them from the topic"),
    );
}

fn judge_queue(topic: &Topic, queue: &Queue, label: &str, v: &mut Verdict) {
    let attributes = match queue.attributes.known() {
        Err(e) => return v.error_reason(format!("{label}: {e}")),
        Ok(None) => return v.fail(format!("{label} no longer exists")),
        Ok(Some(a)) => a,
    };
    match topic.attributes.known() {
        Err(e) => v.error_reason(format!("whether the topic is FIFO is unknown: {e}")),
        Ok(Some(t)) if t.fifo && !attributes.fifo => {
            v.fail(format!("the topic is FIFO but {label} is a standard queue"))
        }
        Ok(_) => {}
    }
    let Some(policy) = &attributes.policy else {
        return v.fail(format!(
            "{label} has no access policy, so SNS cannot send failed messages to it"
        ));
    };
    let policy = match policy.parse() {
        Ok(p) => p,
        Err(e) => return v.error_reason(format!("{label}'s policy: {e}")),
    };
    let source = Source {
        arn: &topic.arn,
        account: &topic.account_id,
    };
    match grant(&policy, "sns.amazonaws.com", "sqs:SendMessage", &queue.arn, source) {
        Grant::Scoped => {}
        Grant::Unscoped => v.warn(format!(
            "{label}'s policy allows sns.amazonaws.com to send without an aws:SourceArn condition: any topic may write to it"
        )),
        Grant::Missing(why) => v.fail(format!(
            "{label}'s policy {why}: failed messages are dropped"
        )),
    }
}
