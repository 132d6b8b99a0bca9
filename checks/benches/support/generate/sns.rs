//! SNS: topics with and without confirmed subscriptions, and the security
//! alert topics the primary trails' alarms notify.

use super::fixture::{de, denied, throttled, uuid, val};
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
    let mut topic = |arn: String, region: &str, subscriptions: Value| {
        sns.topics.push(de(json!({
            "arn": arn, "region": region, "account_id": ACCOUNT, "subscriptions": subscriptions
        })));
    };
    for i in 0..n {
        let r = g.region();
        let region = REGIONS[r];
        let arn = format!("arn:aws:sns:{region}:{ACCOUNT}:topic-{i:05}");
        let subscriptions = match g.rng.pct() {
            0..=69 => val(
                json!([{"arn": format!("{arn}:{}", uuid(i, 0x5b)), "protocol": "email"},
                                 {"arn": "PendingConfirmation", "protocol": "email"}]),
            ),
            70..=84 => val(json!([{"arn": "PendingConfirmation", "protocol": "email"}])),
            85..=89 => val(json!([])),
            _ => denied("ListSubscriptionsByTopic"),
        };
        topic(arn.clone(), region, subscriptions);
        g.made.of::<Topics>().0[r].push(arn);
    }
    let alerts = format!("arn:aws:sns:us-east-1:{ACCOUNT}:security-alerts");
    topic(
        alerts.clone(),
        "us-east-1",
        val(json!([{"arn": format!("{alerts}:0001"), "protocol": "email"}])),
    );
    topic(
        format!("arn:aws:sns:us-east-1:{ACCOUNT}:security-pending"),
        "us-east-1",
        val(json!([{"arn": "PendingConfirmation", "protocol": "email"}])),
    );
    topic(
        format!("arn:aws:sns:eu-west-1:{ACCOUNT}:security-alerts"),
        "eu-west-1",
        throttled("ListSubscriptionsByTopic"),
    );
    g.acct.sns = Some(sns);
}
