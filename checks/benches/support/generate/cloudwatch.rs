//! CloudWatch: alarms for deployment groups, and the alarms on the primary
//! trails' metric filters.

use super::fixture::de;
use super::gen::{Gen, PerRegion};
use super::kinds::{Generator, Kind};
use super::sns::Topics;
use super::{ACCOUNT, REGIONS};
use serde_json::json;

const ALARMS: Kind = Kind::scaled("cloudwatch.alarms", 60);

pub const GENERATOR: Generator = Generator {
    kinds: &[ALARMS],
    generate: |g, n| cloudwatch(g, n[ALARMS]),
};

/// The deployment group alarms made, per region (their names).
#[derive(Default)]
pub struct Alarms(pub PerRegion<String>);

/// Alarms for deployment groups (OK, ALARM, INSUFFICIENT_DATA, actions
/// on or off), and the alarms on the primary trails' metric filters.
fn cloudwatch(g: &mut Gen, n: usize) {
    let mut cw = awscheck_checks::inventory::cloudwatch::CloudWatch::default();
    for i in 0..n {
        let r = g.region();
        let region = REGIONS[r];
        let name = format!("dg-alarm-{i:05}");
        let state = *g.rng.pick(&[
            "OK",
            "OK",
            "OK",
            "ALARM",
            "INSUFFICIENT_DATA",
            "INSUFFICIENT_DATA",
        ]);
        let actions: Vec<String> = g.made.of::<Topics>().0[r]
            .first()
            .cloned()
            .into_iter()
            .collect();
        cw.alarms.push(de(json!({
            "arn": format!("arn:aws:cloudwatch:{region}:{ACCOUNT}:alarm:{name}"),
            "region": region, "account_id": ACCOUNT, "name": name,
            "namespace": "AWS/ApplicationELB", "metric_name": format!("HTTPCode_Target_5XX_Count_{i}"),
            "actions_enabled": !g.rng.chance(10), "alarm_actions": actions, "state_value": state
        })));
        g.made.of::<Alarms>().0[r].push(name);
    }
    let topic = |region: &str, name: &str| format!("arn:aws:sns:{region}:{ACCOUNT}:{name}");
    let asg = format!("arn:aws:autoscaling:us-east-1:{ACCOUNT}:scalingPolicy:0000:autoScalingGroupName/web:policyName/up");
    for (region, metric, enabled, actions) in [
        (
            "us-east-1",
            "DeleteBucketCount",
            true,
            vec![topic("us-east-1", "security-alerts")],
        ),
        (
            "us-east-1",
            "TrailChanges",
            true,
            vec![topic("us-east-1", "security-alerts")],
        ),
        (
            "us-east-1",
            "ConsoleLoginFailures",
            false,
            vec![topic("us-east-1", "security-alerts")],
        ),
        (
            "us-east-1",
            "BucketPolicyChanges",
            true,
            vec![topic("us-east-1", "security-pending")],
        ),
        ("us-east-1", "KmsChanges", true, vec![asg]),
        (
            "us-east-1",
            "SecurityGroupChanges",
            true,
            vec![topic("us-east-1", "deleted-topic")],
        ),
        (
            "us-east-1",
            "ConfigChanges",
            true,
            vec![topic("us-east-1", "security-alerts")],
        ),
        (
            "us-east-1",
            "IamPolicyChanges",
            true,
            vec![topic("us-east-1", "security-alerts")],
        ),
        (
            "eu-west-1",
            "TrailChanges",
            true,
            vec![topic("eu-west-1", "security-alerts")],
        ),
    ] {
        let name = format!("cloudtrail-{metric}-{region}");
        cw.alarms.push(de(json!({
            "arn": format!("arn:aws:cloudwatch:{region}:{ACCOUNT}:alarm:{name}"),
            "region": region, "account_id": ACCOUNT, "name": name,
            "namespace": "CloudTrailMetrics", "metric_name": metric,
            "actions_enabled": enabled, "alarm_actions": actions, "state_value": "OK"
        })));
    }
    g.acct.cloudwatch = Some(cw);
}
