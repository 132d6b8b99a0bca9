//! ## What it checks
//!
//! Every destination of a bucket's event notifications exists and lets S3
//! deliver to it:
//!
//! - an SNS topic whose access policy allows `s3.amazonaws.com` to call
//!   `sns:Publish` on it;
//! - an SQS queue whose access policy allows `s3.amazonaws.com` to call
//!   `sqs:SendMessage` on it;
//! - a Lambda function whose resource-based policy allows
//!   `s3.amazonaws.com` to call `lambda:InvokeFunction`;
//! - and, for an SNS topic or SQS queue encrypted with KMS, a customer
//!   managed key whose key policy allows `s3.amazonaws.com`
//!   `kms:GenerateDataKey` and `kms:Decrypt`.
//!
//! One finding per bucket with notifications:
//! - PASS: every destination exists and accepts the bucket's events, each
//!   allow scoped to the bucket by `aws:SourceArn` (or to its account by
//!   `aws:SourceAccount`). A bucket that sends its events to EventBridge is
//!   noted (information: EventBridge needs no resource policy).
//! - FAIL: a destination does not exist; its policy does not allow S3 (or
//!   it has no policy); the topic or queue is encrypted with the AWS
//!   managed key `aws/sns` or `aws/sqs`, which S3 cannot use; or its
//!   customer managed key does not allow S3.
//! - Advisory (FAIL at low): a destination's allow has no
//!   `aws:SourceArn`/`aws:SourceAccount` condition, so any bucket, in any
//!   account, may send to it (the confused-deputy problem).
//! - ERROR: the notification configuration, a destination's attributes or
//!   policy, or its key could not be read; the destination is in an
//!   account or region the inventory does not cover; or a Lambda
//!   destination names a version or alias, whose own policy is not
//!   collected.
//! - SKIP: buckets without event notifications.
//!
//! ## Why it matters
//!
//! S3 sends event notifications only to destinations whose resource policy
//! lets it, and drops them silently otherwise: the object arrives, the
//! pipeline waiting for it never starts (notes 000 › Incident and Event
//! Response › "S3 - event notifications", SNS, SQS and Lambda destinations
//! need resource policies; all events can go to EventBridge). A topic or
//! queue encrypted with an AWS managed key is a known trap: S3 cannot use
//! the key, and delivery fails.
//!
//! ## How to fix
//!
//! - **Console**: S3 › the bucket › Properties › Event notifications shows each destination; on the destination, SNS › the topic › Access policy (or SQS › the queue › Access policy) › add the statement below; Lambda › the function › Configuration › Permissions › Resource-based policy › Add permission (AWS service S3, the bucket ARN as source); for encryption, a customer managed key whose policy allows `s3.amazonaws.com` `kms:GenerateDataKey` and `kms:Decrypt`.
//! - **CLI**: `aws sns set-topic-attributes --topic-arn TOPIC --attribute-name Policy --attribute-value file://policy.json` with a statement allowing `{"Service": "s3.amazonaws.com"}` `sns:Publish` on the topic with `"Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::BUCKET"}, "StringEquals": {"aws:SourceAccount": "ACCOUNT"}}`; `aws sqs set-queue-attributes --queue-url URL --attributes Policy=file://policy.json` likewise for `sqs:SendMessage`; `aws lambda add-permission --function-name FN --statement-id s3 --action lambda:InvokeFunction --principal s3.amazonaws.com --source-arn arn:aws:s3:::BUCKET --source-account ACCOUNT`.
//! - **CloudFormation**: an `AWS::SNS::TopicPolicy` or `AWS::SQS::QueuePolicy` with that statement, or an `AWS::Lambda::Permission` with `Principal: s3.amazonaws.com`, `SourceArn` and `SourceAccount`; `DependsOn` it from the `AWS::S3::Bucket` whose `NotificationConfiguration` names the destination.
//!
//! ## References
//!
//! - Study notes: 000 › Incident and Event Response › "S3 - event notifications".
//! - AWS: S3 user guide, "Granting permissions to publish event notification messages to a destination" and "Walkthrough: Configuring a bucket for notifications (SNS topic or SQS queue)"; IAM user guide, "The confused deputy problem".
//! - AWS Config managed rule `s3-event-notifications-enabled` (presence only); no Prowler check.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::kms::KeyIndex;
use crate::inventory::lambda::Function;
use crate::inventory::s3::Bucket;
use crate::inventory::sns::Topic;
use crate::inventory::sqs::Queue;
use crate::inventory::{kms, lambda, s3, sns, sqs};
use crate::judge::kms::{key, KmsKey};
use crate::judge::reference::{self, Lookup, Reference};
use crate::judge::service_grant::{grant, Grant, Source};
use crate::policy::PolicyJson;
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "s3-event-notification-destinations",
    title: "S3 event notification destinations exist and permit S3",
    service: "s3",
    severity: Severity::Low,
    section: "000 › Incident and Event Response › \"S3 - event notifications\"",
    catalog: "INC-02",
    reads: &[
        s3::BUCKETS,
        s3::NOTIFICATIONS,
        s3::BUCKET_TAGS,
        sns::TOPICS,
        sns::TOPIC_ATTRIBUTES,
        sqs::QUEUES,
        sqs::QUEUE_ATTRIBUTES,
        lambda::FUNCTIONS,
        lambda::POLICY,
        kms::KEYS,
        kms::KEY_METADATA,
        kms::KEY_POLICY,
        kms::ALIASES,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: Some("s3-event-notifications-enabled"),
    prowler: None,
    source: include_str!("notification_destinations.rs"),
    run,
};

/// The service principal that delivers the notifications.
const S3: &str = "s3.amazonaws.com";

/// The destinations of the account, by ARN, and its keys.
struct Destinations<'a> {
    topics: HashMap<&'a str, &'a Topic>,
    queues: HashMap<&'a str, &'a Queue>,
    functions: HashMap<&'a str, &'a Function>,
    keys: KeyIndex<'a>,
}

fn run(ctx: &Context, em: &mut Emitter) {
    let d = Destinations {
        topics: reference::by_arn(&ctx.sns().topics),
        queues: reference::by_arn(&ctx.sqs().queues),
        functions: reference::by_arn(&ctx.lambda().functions),
        keys: ctx.kms().index(),
    };
    for bucket in &ctx.s3().buckets {
        judge(ctx, bucket, &d, em);
    }
}

fn judge(ctx: &Context, bucket: &Bucket, d: &Destinations, em: &mut Emitter) {
    let n = match bucket.notifications.known() {
        Err(e) => return em.error(bucket, e),
        Ok(None) => return em.skip(bucket, "no event notifications configured"),
        Ok(Some(n)) => n,
    };
    let source = Source {
        arn: &bucket.arn,
        account: &bucket.account_id,
    };
    let mut v = Verdict::new();
    let mut judged = Vec::new();
    for t in &n.topics {
        let label = format!("topic {}", t.arn);
        if let Some(topic) = lookup(ctx, &label, &t.arn, &d.topics).or_record(&mut v) {
            judge_topic(ctx, topic, &label, source, d, &mut v);
        }
        judged.push(label);
    }
    for q in &n.queues {
        let label = format!("queue {}", q.arn);
        if let Some(queue) = lookup(ctx, &label, &q.arn, &d.queues).or_record(&mut v) {
            judge_queue(ctx, queue, &label, source, d, &mut v);
        }
        judged.push(label);
    }
    for f in &n.lambda_functions {
        let label = format!("function {}", f.arn);
        judge_function(ctx, &f.arn, &label, source, d, &mut v);
        judged.push(label);
    }
    if n.eventbridge {
        v.note("its events also go to EventBridge");
    }
    let pass = if judged.is_empty() {
        "events go to EventBridge only: no SNS, SQS or Lambda destination to check".to_string()
    } else {
        format!(
            "every destination exists and accepts the bucket's events: {}",
            judged.join(", ")
        )
    };
    v.emit(em, bucket, pass);
}

/// The destination `arn` names, by ARN, in its own region and account.
fn lookup<'a, T>(
    ctx: &Context,
    label: &str,
    arn: &str,
    by_arn: &HashMap<&str, &'a T>,
) -> Lookup<&'a T> {
    match Reference::from_arn(label.to_string(), arn) {
        Some(r) => r.resolve(ctx, by_arn.get(arn).copied()),
        None => Lookup::Missing(format!("{arn} is not an ARN")),
    }
}

fn judge_topic(
    ctx: &Context,
    topic: &Topic,
    label: &str,
    source: Source,
    d: &Destinations,
    v: &mut Verdict,
) {
    let attributes = match topic.attributes.known() {
        Err(e) => return v.error_reason(format!("{label}: {e}")),
        Ok(None) => return v.fail(format!("{label} no longer exists")),
        Ok(Some(a)) => a,
    };
    let policy = attributes.policy.as_ref();
    judge_policy(policy, label, "sns:Publish", &topic.arn, source, v);
    if let Some(k) = &attributes.kms_master_key_id {
        judge_key(ctx, k, &topic.region, &topic.account_id, label, d, v);
    }
}

fn judge_queue(
    ctx: &Context,
    queue: &Queue,
    label: &str,
    source: Source,
    d: &Destinations,
    v: &mut Verdict,
) {
    let attributes = match queue.attributes.known() {
        Err(e) => return v.error_reason(format!("{label}: {e}")),
        Ok(None) => return v.fail(format!("{label} no longer exists")),
        Ok(Some(a)) => a,
    };
    let policy = attributes.policy.as_ref();
    judge_policy(policy, label, "sqs:SendMessage", &queue.arn, source, v);
    if let Some(k) = &attributes.kms_master_key_id {
        judge_key(ctx, k, &queue.region, &queue.account_id, label, d, v);
    }
}

/// A Lambda destination: the function (by its unqualified ARN) and its
/// resource-based policy, which is the unqualified function's only when
/// the destination names no version or alias.
fn judge_function(
    ctx: &Context,
    arn: &str,
    label: &str,
    source: Source,
    d: &Destinations,
    v: &mut Verdict,
) {
    // arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]
    let parts: Vec<&str> = arn.splitn(8, ':').collect();
    let (base, qualifier) = match parts.as_slice() {
        [_, _, _, _, _, _, _] => (arn.to_string(), None),
        [_, _, _, _, _, _, _, q] => (parts[..7].join(":"), Some(*q)),
        _ => return v.fail(format!("{arn} is not a Lambda function ARN")),
    };
    let Some(function) = lookup(ctx, label, &base, &d.functions).or_record(v) else {
        return;
    };
    if let Some(q) = qualifier {
        return v.error_reason(format!(
            "{label} names {q}, whose resource-based policy is not collected (only the unqualified function's is)"
        ));
    }
    match function.policy.known() {
        Err(e) => v.error_reason(format!("{label}: {e}")),
        Ok(policy) => judge_policy(
            policy,
            label,
            "lambda:InvokeFunction",
            &function.arn,
            source,
            v,
        ),
    }
}

/// Whether `policy` lets S3 call `action` on `resource` for the bucket.
fn judge_policy(
    policy: Option<&PolicyJson>,
    label: &str,
    action: &str,
    resource: &str,
    source: Source,
    v: &mut Verdict,
) {
    let Some(policy) = policy else {
        return v.fail(format!(
            "{label} has no resource policy, so S3 cannot deliver to it"
        ));
    };
    let policy = match policy.parse() {
        Ok(p) => p,
        Err(e) => return v.error_reason(format!("{label}'s policy: {e}")),
    };
    match grant(&policy, S3, action, resource, source) {
        Grant::Scoped => {}
        Grant::Unscoped => v.warn(format!(
            "{label}'s policy allows {S3} with no aws:SourceArn or aws:SourceAccount condition: any bucket may send to it"
        )),
        Grant::Missing(why) => v.fail(format!("{label}'s policy {why}")),
    }
}

/// A topic's or queue's KMS key: S3 must be able to use it.
fn judge_key(
    ctx: &Context,
    reference: &str,
    region: &str,
    account: &str,
    label: &str,
    d: &Destinations,
    v: &mut Verdict,
) {
    let key_label = format!("{label}'s key {reference}");
    let described = match key(ctx, &d.keys, reference, region, account, key_label.clone()) {
        Lookup::Found(KmsKey::Described(k)) => k,
        Lookup::Found(KmsKey::AwsManagedAlias) => {
            return v.fail(format!(
                "{label} is encrypted with the AWS managed key {reference}, which S3 cannot use"
            ))
        }
        Lookup::Missing(why) => return v.fail(why),
        Lookup::Unknown(why) => return v.error_reason(why),
    };
    if !described.meta.is_customer_managed() {
        return v.fail(format!(
            "{label} is encrypted with an AWS managed key ({reference}), which S3 cannot use"
        ));
    }
    match described.policy() {
        Lookup::Found(p) => {
            let lacks: Vec<&str> = ["kms:GenerateDataKey", "kms:Decrypt"]
                .into_iter()
                .filter(|a| !p.grants_service_action(S3, a))
                .collect();
            if !lacks.is_empty() {
                v.fail(format!(
                    "{key_label}: its key policy does not allow {S3} {}",
                    lacks.join(" and ")
                ));
            }
        }
        Lookup::Missing(why) => v.fail(why),
        Lookup::Unknown(why) => v.error_reason(format!("{key_label}: {why}")),
    }
}
