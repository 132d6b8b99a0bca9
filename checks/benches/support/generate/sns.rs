//! SNS: topics with and without confirmed subscriptions, and the security
//! alert topics the primary trails' alarms notify.

use super::fixture::{absent, de, denied, throttled, uuid, val};
use super::gen::{Gen, PerRegion};
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, REGIONS};
use serde_json::{json, Value};

const TOPICS: Kind = Kind::scaled("sns.topics", 12);

pub const GENERATOR: Generator = Generator {
    kinds: &[TOPICS],
    generate: |g, n| sns(g, n[TOPICS]),
};

/// The topics made, per region (their ARNs).
#[derive(Default)]
pub struct Topics(pub PerRegion<String>);

/// Topics with confirmed, pending-only, no or unreadable subscriptions.
fn sns(g: &mut Gen, n: usize) {
    let mut sns = awscheck_checks::inventory::sns::Sns::default();
    let mut topic = |arn: String, region: &str, subscriptions: Value, tags: Value, attributes: Value| {
        sns.topics.push(de(json!({
            "arn": arn, "region": region, "account_id": ACCOUNT, "subscriptions": subscriptions,
            "tags": tags, "attributes": attributes
        })));
    };
    for i in 0..n {
        let r = g.region();
        let region = REGIONS[r];
        let arn = format!("arn:aws:sns:{region}:{ACCOUNT}:topic-{i:05}");
        let redrive = match g.rng.pct() {
            _ if i == 1 => absent(),
            _ if i == 2 => denied("GetSubscriptionAttributes"),
            _ if i == 0 => val(json!({"dead_letter_target_arn": format!("arn:aws:sqs:{region}:{ACCOUNT}:q-deleted-{i}")})),
            0..=39 => val(json!({"dead_letter_target_arn": format!("arn:aws:sqs:{region}:{ACCOUNT}:q-deleted-{i}")})),
            40..=89 => absent(),
            _ => denied("GetSubscriptionAttributes"),
        };
        let subscriptions = match g.rng.pct() {
            // The first three: production SQS subscriptions whose redrive
            // policy names a deleted queue, is absent, or is unreadable.
            _ if i < 3 => val(json!([{"arn": format!("{arn}:{}", uuid(i, 0x5c)), "protocol": "sqs",
                "redrive_policy": redrive}])),
            0..=49 => val(
                json!([{"arn": format!("{arn}:{}", uuid(i, 0x5b)), "protocol": "email"},
                                 {"arn": "PendingConfirmation", "protocol": "email"}]),
            ),
            50..=69 => val(json!([{"arn": format!("{arn}:{}", uuid(i, 0x5c)), "protocol": "sqs",
                "redrive_policy": redrive}])),
            70..=84 => val(json!([{"arn": "PendingConfirmation", "protocol": "email"}])),
            85..=89 => val(json!([])),
            _ => denied("ListSubscriptionsByTopic"),
        };
        let mut tags = g.env_tags();
        if i < 3 {
            tags["Environment"] = json!("prod");
        }
        let attributes = attributes(g, &arn);
        topic(arn.clone(), region, subscriptions, tags, attributes);
        g.made.of::<Topics>().0[r].push(arn);
    }
    let alerts = format!("arn:aws:sns:us-east-1:{ACCOUNT}:security-alerts");
    topic(
        alerts.clone(),
        "us-east-1",
        val(json!([{"arn": format!("{alerts}:0001"), "protocol": "email"}])),
        json!({}),
        val(json!({})),
    );
    topic(
        format!("arn:aws:sns:us-east-1:{ACCOUNT}:security-pending"),
        "us-east-1",
        val(json!([{"arn": "PendingConfirmation", "protocol": "email"}])),
        json!({}),
        val(json!({})),
    );
    topic(
        format!("arn:aws:sns:eu-west-1:{ACCOUNT}:security-alerts"),
        "eu-west-1",
        throttled("ListSubscriptionsByTopic"),
        json!({}),
        val(json!({})),
    );
    g.acct.sns = Some(sns);
}

/// A topic's attributes: a policy that lets S3 publish (scoped to this
/// account or not), one that does not, none, or unreadable.
fn attributes(g: &mut Gen, arn: &str) -> Value {
    let s3 = |condition: Value| {
        json!({"policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sns:Publish", "Resource": arn,
            "Condition": condition}]}})
    };
    match g.rng.pct() {
        0..=39 => val(s3(json!({"StringEquals": {"aws:SourceAccount": ACCOUNT}}))),
        40..=49 => val(s3(json!({}))),
        50..=89 => val(json!({})),
        _ => denied("GetTopicAttributes"),
    }
}
