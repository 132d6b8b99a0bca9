//! CodeDeploy: deployment groups with their rollback, alarm and role
//! configuration.

use super::cloudwatch::Alarms;
use super::fixture::{absent, de, denied, val};
use super::gen::Gen;
use super::iam::{self, DEPLOY};
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, OTHER, REGIONS};
use serde_json::{json, Value};

const DEPLOYMENT_GROUPS: Kind = Kind::scaled("codedeploy.deployment_groups", 30);

pub const GENERATOR: Generator = Generator {
    kinds: &[DEPLOYMENT_GROUPS],
    generate: |g, n| codedeploy(g, n[DEPLOYMENT_GROUPS]),
};

/// Deployment groups: rollback on failure and alarms or not, production
/// by tag or name, alarms of their region (or missing ones), ignored
/// poll failures, unreadable or vanished configurations.
fn codedeploy(g: &mut Gen, n: usize) {
    let mut cd = awscheck_checks::inventory::codedeploy::CodeDeploy::default();
    for i in 0..n {
        let r = g.region();
        let region = REGIONS[r];
        let app = format!("app-{:04}", i / 3);
        let name = if g.rng.chance(30) {
            format!("dg-{i:05}-prod")
        } else {
            format!("dg-{i:05}")
        };
        let role = match g.rng.pct() {
            0..=89 => iam::role(g, DEPLOY).arn,
            90..=94 => iam::missing_role(g, DEPLOY).arn,
            _ => format!("arn:aws:iam::{OTHER}:role/deployer"),
        };
        let rollback = match g.rng.pct() {
            0..=59 => {
                json!({"enabled": true, "events": ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]})
            }
            60..=74 => json!({"enabled": true, "events": ["DEPLOYMENT_FAILURE"]}),
            75..=84 => json!({"enabled": false, "events": []}),
            85..=89 => json!({"enabled": true, "events": ["DEPLOYMENT_STOP_ON_REQUEST"]}),
            _ => Value::Null,
        };
        let alarms = match g.rng.pct() {
            0..=59 if !g.made.of::<Alarms>().0[r].is_empty() => {
                let alarms = &g.made.of::<Alarms>().0[r];
                let mut names: Vec<String> = (0..1 + g.rng.below(3))
                    .map(|_| g.rng.pick(alarms).clone())
                    .collect();
                if g.rng.chance(5) {
                    names.push(format!("deleted-alarm-{i}"));
                }
                json!({"enabled": true, "alarms": names, "ignore_poll_alarm_failure": g.rng.chance(5)})
            }
            60..=69 => json!({"enabled": true, "alarms": []}),
            70..=74 => json!({"enabled": false, "alarms": ["dg-alarm-00000"]}),
            _ => Value::Null,
        };
        let platform = *g.rng.pick(&["Server", "Lambda", "ECS"]);
        let deployment_config = match (platform, g.rng.chance(20)) {
            ("Server", false) => *g.rng.pick(&["CodeDeployDefault.OneAtATime", "CodeDeployDefault.HalfAtATime"]),
            ("Lambda", false) => "CodeDeployDefault.LambdaCanary10Percent5Minutes",
            ("ECS", false) => "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
            ("Server", true) => "CodeDeployDefault.AllAtOnce",
            ("Lambda", true) => "CodeDeployDefault.LambdaAllAtOnce",
            _ => "CodeDeployDefault.ECSAllAtOnce",
        };
        let (style, load_balancer, blue_green) = blue_green(g, platform);
        let config = match g.rng.pct() {
            0..=87 => val(
                json!({"service_role_arn": role, "compute_platform": platform,
                "deployment_config_name": deployment_config,
                "auto_rollback": rollback, "alarm_configuration": alarms,
                "deployment_style": style, "load_balancer": load_balancer, "blue_green": blue_green}),
            ),
            88..=91 => absent(),
            _ => denied("BatchGetDeploymentGroups"),
        };
        let tags = g.env_tags();
        cd.deployment_groups.push(de(json!({
            "arn": format!("arn:aws:codedeploy:{region}:{ACCOUNT}:deploymentgroup:{app}/{name}"),
            "region": region, "account_id": ACCOUNT, "application_name": app, "name": name,
            "tags": tags, "config": config
        })));
    }
    g.acct.codedeploy = Some(cd);
}

/// A deployment style: in place (half), else blue/green with traffic
/// control (mostly), a target group of the same name pattern (not always
/// there) or a pair with or without a test listener, and the original
/// fleet terminated after a wait, at once, or kept alive.
fn blue_green(g: &mut Gen, platform: &str) -> (Value, Value, Value) {
    if g.rng.chance(50) {
        let style = json!({"deployment_type": "IN_PLACE", "deployment_option": "WITHOUT_TRAFFIC_CONTROL"});
        return (style, Value::Null, Value::Null);
    }
    let option = if g.rng.chance(90) {
        "WITH_TRAFFIC_CONTROL"
    } else {
        "WITHOUT_TRAFFIC_CONTROL"
    };
    let style = json!({"deployment_type": "BLUE_GREEN", "deployment_option": option});
    let load_balancer = match (platform, g.rng.pct()) {
        (_, 0..=9) => json!({}),
        ("ECS", p) => {
            let test: Vec<&str> = if p < 60 { vec!["arn:aws:elasticloadbalancing:listener/test"] } else { vec![] };
            json!({"target_group_pairs": [{"target_groups": ["blue", "green"], "test_listener_arns": test}]})
        }
        _ => json!({"classic_load_balancers": ["web"]}),
    };
    let (action, wait) = match g.rng.pct() {
        0..=69 => ("TERMINATE", 60),
        70..=84 => ("TERMINATE", 0),
        _ => ("KEEP_ALIVE", 0),
    };
    let blue_green = json!({"terminate_action": action, "termination_wait_minutes": wait});
    (style, load_balancer, blue_green)
}
