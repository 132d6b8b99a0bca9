//! The services the check waves share, collected live from the emulator:
//! resources made through the SDK, then `awscheck snapshot`, whose account
//! holds them as the model says, and loads back through `scan --fixture`.
//! (No check reads these sections yet: the waves add the verdicts.)

use crate::common::{stderr, Lab};
#[allow(unused_imports)]
use crate::sdk::*;
use serde_json::Value;

/// `awscheck snapshot` of `regions`: the snapshot's account, after
/// asserting it loads back.
fn snapshot(lab: &Lab, regions: &[&str]) -> Value {
    let snap = lab.path("foundation.json");
    let mut args = vec!["snapshot", "--out", &snap];
    for r in regions {
        args.extend(["--region", r]);
    }
    let out = lab.run(&args);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    lab.assert_fixture_loads(&snap);
    let inventory: Value = serde_json::from_str(&std::fs::read_to_string(&snap).unwrap()).unwrap();
    inventory["accounts"][0].clone()
}

/// The item of `list` whose `key` is `value`.
fn named<'a>(list: &'a Value, key: &str, value: &str) -> &'a Value {
    list.as_array()
        .into_iter()
        .flatten()
        .find(|i| i[key] == value)
        .unwrap_or_else(|| panic!("no {key} = {value} in {list}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn events_vpc_elbv2_and_route53_are_collected_as_modelled() {
    let Some(lab) = Lab::new("foundation").await else {
        return;
    };
    // EventBridge: a rule on the default bus with one target.
    let events = aws_sdk_eventbridge::Client::new(&lab.sdk);
    events
        .put_rule()
        .name("deploy-failed")
        .event_pattern(r#"{"source":["aws.codedeploy"]}"#)
        .send()
        .await
        .unwrap();
    let topic = format!("arn:aws:sns:us-east-1:{}:deploys", lab.account);
    events
        .put_targets()
        .rule("deploy-failed")
        .targets(
            aws_sdk_eventbridge::types::Target::builder()
                .id("notify")
                .arn(&topic)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();

    // VPC networking: a VPC with a subnet and a security group.
    let ec2 = aws_sdk_ec2::Client::new(&lab.sdk);
    let vpc = ec2
        .create_vpc()
        .cidr_block("10.20.0.0/16")
        .send()
        .await
        .unwrap()
        .vpc()
        .and_then(|v| v.vpc_id())
        .unwrap()
        .to_string();
    let mut subnets = Vec::new();
    for (cidr, az) in [
        ("10.20.1.0/24", "us-east-1a"),
        ("10.20.2.0/24", "us-east-1b"),
    ] {
        let subnet = ec2
            .create_subnet()
            .vpc_id(&vpc)
            .cidr_block(cidr)
            .availability_zone(az)
            .send()
            .await
            .unwrap();
        subnets.push(
            subnet
                .subnet()
                .and_then(|s| s.subnet_id())
                .unwrap()
                .to_string(),
        );
    }
    let sg = ec2
        .create_security_group()
        .group_name("web")
        .description("web")
        .vpc_id(&vpc)
        .send()
        .await
        .unwrap()
        .group_id()
        .unwrap()
        .to_string();

    // ELBv2: an internet-facing ALB in both subnets with a target group.
    let elbv2 = aws_sdk_elasticloadbalancingv2::Client::new(&lab.sdk);
    let lb = elbv2
        .create_load_balancer()
        .name("shop")
        .set_subnets(Some(subnets.clone()))
        .security_groups(&sg)
        .send()
        .await
        .unwrap();
    let lb_arn = lb.load_balancers()[0]
        .load_balancer_arn()
        .unwrap()
        .to_string();
    elbv2
        .create_target_group()
        .name("shop-web")
        .protocol(aws_sdk_elasticloadbalancingv2::types::ProtocolEnum::Http)
        .port(80)
        .vpc_id(&vpc)
        .health_check_path("/health")
        .send()
        .await
        .unwrap();

    // Route 53: a public zone with a record.
    let route53 = aws_sdk_route53::Client::new(&lab.sdk);
    route53
        .create_hosted_zone()
        .name("shop.example.com")
        .caller_reference(lab.name("zone"))
        .send()
        .await
        .unwrap();

    let account = snapshot(&lab, &["us-east-1"]);
    let rule = named(&account["events"]["rules"], "name", "deploy-failed");
    assert_eq!(rule["state"], "ENABLED", "{rule}");
    assert_eq!(rule["targets"]["value"][0]["arn"], topic.as_str(), "{rule}");
    assert!(
        account["events"]["buses"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["name"] == "default"),
        "{}",
        account["events"]
    );

    let vpcs = &account["vpc"]["vpcs"];
    named(vpcs, "id", &vpc);
    assert_eq!(
        account["vpc"]["subnets"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["vpc_id"] == vpc.as_str())
            .count(),
        2,
        "{}",
        account["vpc"]["subnets"]
    );
    named(&account["vpc"]["security_groups"], "id", &sg);

    let alb = named(&account["elbv2"]["load_balancers"], "arn", &lb_arn);
    assert_eq!(alb["security_groups"][0], sg.as_str(), "{alb}");
    assert_eq!(
        alb["availability_zones"].as_array().unwrap().len(),
        2,
        "{alb}"
    );
    assert!(alb["attributes"]["value"].is_object(), "{alb}");
    named(&account["elbv2"]["target_groups"], "name", "shop-web");

    let zone = named(
        &account["route53"]["hosted_zones"],
        "name",
        "shop.example.com.",
    );
    assert_eq!(zone["private"], false, "{zone}");
    assert!(zone["record_sets"]["value"].is_array(), "{zone}");
}
