//! Traffic checks judged live: load balancer logs and zones, VPC flow logs
//! and NAT gateways, CloudFront access logs, Route 53 query logging and
//! health-checked routing.

use crate::common::{assert_finding, statuses, want, Lab};
#[allow(unused_imports)]
use crate::sdk::*;

/// A VPC with a subnet in each of `zones`: the VPC id and the subnet ids.
pub(crate) async fn vpc_with_subnets(
    lab: &Lab,
    cidr: &str,
    zones: &[&str],
) -> (String, Vec<String>) {
    let ec2 = aws_sdk_ec2::Client::new(&lab.sdk);
    let vpc = ec2
        .create_vpc()
        .cidr_block(cidr)
        .send()
        .await
        .unwrap()
        .vpc()
        .and_then(|v| v.vpc_id())
        .unwrap()
        .to_string();
    let prefix = cidr.trim_end_matches(".0.0/16");
    let mut subnets = Vec::new();
    for (i, az) in zones.iter().enumerate() {
        let subnet = ec2
            .create_subnet()
            .vpc_id(&vpc)
            .cidr_block(format!("{prefix}.{}.0/24", i + 1))
            .availability_zone(*az)
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
    (vpc, subnets)
}

#[tokio::test(flavor = "multi_thread")]
async fn elb_access_logs_live() {
    let Some(lab) = Lab::new("elb-access-logs").await else {
        return;
    };
    let (_, subnets) = vpc_with_subnets(&lab, "10.30.0.0/16", &["us-east-1a", "us-east-1b"]).await;
    let logs = lab.name("lb-logs");
    lab.bucket(&logs).await;
    let elbv2 = aws_sdk_elasticloadbalancingv2::Client::new(&lab.sdk);
    let mut arns = Vec::new();
    for name in ["logged", "unlogged", "lost"] {
        let lb = elbv2
            .create_load_balancer()
            .name(name)
            .set_subnets(Some(subnets.clone()))
            .send()
            .await
            .unwrap();
        arns.push(
            lb.load_balancers()[0]
                .load_balancer_arn()
                .unwrap()
                .to_string(),
        );
    }
    for (arn, bucket) in [(&arns[0], logs.clone()), (&arns[2], lab.name("gone-logs"))] {
        use aws_sdk_elasticloadbalancingv2::types::LoadBalancerAttribute;
        elbv2
            .modify_load_balancer_attributes()
            .load_balancer_arn(arn)
            .attributes(
                LoadBalancerAttribute::builder()
                    .key("access_logs.s3.enabled")
                    .value("true")
                    .build(),
            )
            .attributes(
                LoadBalancerAttribute::builder()
                    .key("access_logs.s3.bucket")
                    .value(bucket)
                    .build(),
            )
            .send()
            .await
            .unwrap();
    }
    let elb = aws_sdk_elasticloadbalancing::Client::new(&lab.sdk);
    elb.create_load_balancer()
        .load_balancer_name("legacy")
        .listeners(
            aws_sdk_elasticloadbalancing::types::Listener::builder()
                .protocol("HTTP")
                .load_balancer_port(80)
                .instance_port(8080)
                .build()
                .unwrap(),
        )
        .availability_zones("us-east-1a")
        .send()
        .await
        .unwrap();
    let legacy = format!(
        "arn:aws:elasticloadbalancing:us-east-1:{}:loadbalancer/legacy",
        lab.account
    );

    let (doc, _) = lab.scan_and_snapshot("elb-access-logs", &["us-east-1"], &[]);
    let check = "elb-access-logs";
    assert_eq!(
        statuses(&doc, check),
        want(&[
            (&arns[0], "pass"),
            (&arns[1], "fail"),
            (&arns[2], "fail"),
            (&legacy, "fail"),
        ]),
        "{doc:#}"
    );
    assert_finding(&doc, check, &arns[0], "pass", &logs);
    assert_finding(&doc, check, &arns[1], "fail", "access logs are disabled");
    assert_finding(&doc, check, &arns[2], "fail", "advisory: access log bucket");
    assert_finding(&doc, check, &legacy, "fail", "access logs are disabled");
}

#[tokio::test(flavor = "multi_thread")]
async fn vpc_flow_logs_live() {
    let Some(lab) = Lab::new("vpc-flow-logs").await else {
        return;
    };
    let ec2 = aws_sdk_ec2::Client::new(&lab.sdk);
    let (logged, _) = vpc_with_subnets(&lab, "10.40.0.0/16", &[]).await;
    let (rejects, _) = vpc_with_subnets(&lab, "10.41.0.0/16", &[]).await;
    let (dark, _) = vpc_with_subnets(&lab, "10.42.0.0/16", &[]).await;
    let bucket = lab.name("flow-logs");
    lab.bucket(&bucket).await;
    for (vpc, traffic) in [(&logged, "ALL"), (&rejects, "REJECT")] {
        ec2.create_flow_logs()
            .resource_type(aws_sdk_ec2::types::FlowLogsResourceType::Vpc)
            .resource_ids(vpc.as_str())
            .traffic_type(aws_sdk_ec2::types::TrafficType::from(traffic))
            .log_destination_type(aws_sdk_ec2::types::LogDestinationType::S3)
            .log_destination(format!("arn:aws:s3:::{bucket}"))
            .send()
            .await
            .unwrap();
    }
    let arn = |id: &str| format!("arn:aws:ec2:us-east-1:{}:vpc/{id}", lab.account);

    let (doc, _) = lab.scan_and_snapshot("vpc-flow-logs", &["us-east-1"], &[]);
    let check = "vpc-flow-logs";
    let mut got = statuses(&doc, check);
    // moto's default VPC has no network interfaces: skipped.
    let mine = [arn(&logged), arn(&rejects), arn(&dark)];
    got.retain(|vpc, status| mine.contains(vpc) || status != "skip");
    assert_eq!(
        got,
        want(&[
            (arn(&logged), "pass"),
            (arn(&rejects), "fail"),
            (arn(&dark), "fail"),
        ]),
        "{doc:#}"
    );
    assert_finding(
        &doc,
        check,
        &arn(&rejects),
        "fail",
        "advisory: the VPC's flow logs record only REJECT",
    );
    assert_finding(
        &doc,
        check,
        &arn(&dark),
        "fail",
        "no active flow log on the VPC",
    );
}

/// Creates a distribution in front of `origin`; with `log_bucket`, legacy
/// standard logging to it. Its ARN.
async fn distribution(
    lab: &Lab,
    reference: &str,
    origin: &str,
    log_bucket: Option<&str>,
) -> String {
    use aws_sdk_cloudfront::types::{
        DefaultCacheBehavior, DistributionConfig, LoggingConfig, Origin, Origins, S3OriginConfig,
        ViewerProtocolPolicy,
    };
    let logging = LoggingConfig::builder()
        .enabled(log_bucket.is_some())
        .include_cookies(false)
        .bucket(
            log_bucket
                .map(|b| format!("{b}.s3.amazonaws.com"))
                .unwrap_or_default(),
        )
        .prefix("")
        .build();
    let config = DistributionConfig::builder()
        .caller_reference(lab.name(reference))
        .comment(reference)
        .enabled(true)
        .origins(
            Origins::builder()
                .quantity(1)
                .items(
                    Origin::builder()
                        .id("site")
                        .domain_name(format!("{origin}.s3.amazonaws.com"))
                        .s3_origin_config(
                            S3OriginConfig::builder().origin_access_identity("").build(),
                        )
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .default_cache_behavior(
            DefaultCacheBehavior::builder()
                .target_origin_id("site")
                .viewer_protocol_policy(ViewerProtocolPolicy::RedirectToHttps)
                .cache_policy_id("658327ea-f89d-4fab-a63d-7e88639e58f6")
                .build()
                .unwrap(),
        )
        .logging(logging)
        .build()
        .unwrap();
    let made = aws_sdk_cloudfront::Client::new(&lab.sdk)
        .create_distribution()
        .distribution_config(config)
        .send()
        .await
        .unwrap();
    made.distribution().unwrap().arn().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn cloudfront_access_logs_live() {
    let Some(lab) = Lab::new("cloudfront-access-logs").await else {
        return;
    };
    let site = lab.name("site");
    let logs = lab.name("edge-logs");
    lab.bucket(&site).await;
    lab.bucket(&logs).await;
    let logged = distribution(&lab, "logged", &site, Some(&logs)).await;
    let dark = distribution(&lab, "dark", &site, None).await;
    let v2 = distribution(&lab, "v2", &site, None).await;
    aws_sdk_cloudwatchlogs::Client::new(&lab.sdk)
        .put_delivery_source()
        .name("edge-v2")
        .resource_arn(&v2)
        .log_type("ACCESS_LOGS")
        .send()
        .await
        .unwrap();

    let (doc, _) = lab.scan_and_snapshot("cloudfront-access-logs", &["us-east-1"], &[]);
    let check = "cloudfront-access-logs";
    assert_eq!(
        statuses(&doc, check),
        want(&[(&logged, "pass"), (&dark, "fail"), (&v2, "pass")]),
        "{doc:#}"
    );
    assert_finding(&doc, check, &logged, "pass", &logs);
    assert_finding(
        &doc,
        check,
        &dark,
        "fail",
        "neither legacy standard logging",
    );
}

/// Creates a hosted zone (private when `vpc` is given); its id.
async fn zone(lab: &Lab, name: &str, vpc: Option<&str>) -> String {
    use aws_sdk_route53::types::{HostedZoneConfig, Vpc, VpcRegion};
    let mut request = aws_sdk_route53::Client::new(&lab.sdk)
        .create_hosted_zone()
        .name(name)
        .caller_reference(lab.name(name));
    if let Some(vpc) = vpc {
        request = request
            .vpc(
                Vpc::builder()
                    .vpc_id(vpc)
                    .vpc_region(VpcRegion::UsEast1)
                    .build(),
            )
            .hosted_zone_config(HostedZoneConfig::builder().private_zone(true).build());
    }
    let made = request.send().await.unwrap();
    let id = made.hosted_zone().unwrap().id();
    id.rsplit('/').next().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn route53_query_logging_live() {
    let Some(lab) = Lab::new("route53-query-logging").await else {
        return;
    };
    let logs = aws_sdk_cloudwatchlogs::Client::new(&lab.sdk);
    let group = "/aws/route53/good.example";
    logs.create_log_group()
        .log_group_name(group)
        .send()
        .await
        .unwrap();
    let policy = serde_json::json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "route53.amazonaws.com"},
        "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
        "Resource": format!("arn:aws:logs:us-east-1:{}:log-group:/aws/route53/*", lab.account)}]});
    logs.put_resource_policy()
        .policy_name("route53-query-logging")
        .policy_document(policy.to_string())
        .send()
        .await
        .unwrap();
    let good = zone(&lab, "good.example", None).await;
    let dark = zone(&lab, "dark.example", None).await;
    aws_sdk_route53::Client::new(&lab.sdk)
        .create_query_logging_config()
        .hosted_zone_id(&good)
        .cloud_watch_logs_log_group_arn(format!(
            "arn:aws:logs:us-east-1:{}:log-group:{group}:*",
            lab.account
        ))
        .send()
        .await
        .unwrap();

    let (logged_vpc, _) = vpc_with_subnets(&lab, "10.50.0.0/16", &[]).await;
    let (dark_vpc, _) = vpc_with_subnets(&lab, "10.51.0.0/16", &[]).await;
    let internal = zone(&lab, "internal.example", Some(&logged_vpc)).await;
    aws_sdk_route53::Client::new(&lab.sdk)
        .associate_vpc_with_hosted_zone()
        .hosted_zone_id(&internal)
        .vpc(
            aws_sdk_route53::types::Vpc::builder()
                .vpc_id(&dark_vpc)
                .vpc_region(aws_sdk_route53::types::VpcRegion::UsEast1)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let resolver = aws_sdk_route53resolver::Client::new(&lab.sdk);
    let config = resolver
        .create_resolver_query_log_config()
        .name("vpc-dns")
        .destination_arn(format!(
            "arn:aws:logs:us-east-1:{}:log-group:vpc-dns",
            lab.account
        ))
        .creator_request_id(lab.name("rqlc"))
        .send()
        .await
        .unwrap();
    resolver
        .associate_resolver_query_log_config()
        .resolver_query_log_config_id(config.resolver_query_log_config().unwrap().id().unwrap())
        .resource_id(&logged_vpc)
        .send()
        .await
        .unwrap();

    let (doc, _) = lab.scan_and_snapshot("route53-query-logging", &["us-east-1"], &[]);
    let check = "route53-query-logging";
    let zone_arn = |id: &str| format!("arn:aws:route53:::hostedzone/{id}");
    let vpc_arn = |id: &str| format!("arn:aws:ec2:us-east-1:{}:vpc/{id}", lab.account);
    assert_eq!(
        statuses(&doc, check),
        want(&[
            (zone_arn(&good), "pass"),
            (zone_arn(&dark), "fail"),
            (vpc_arn(&logged_vpc), "pass"),
            (vpc_arn(&dark_vpc), "fail"),
        ]),
        "{doc:#}"
    );
    assert_finding(&doc, check, &zone_arn(&good), "pass", group);
    assert_finding(
        &doc,
        check,
        &zone_arn(&dark),
        "fail",
        "public zone without query logging",
    );
    assert_finding(
        &doc,
        check,
        &vpc_arn(&dark_vpc),
        "fail",
        "advisory: answers private zones internal.example.",
    );
}

/// A route table of `vpc` for `subnet` whose `0.0.0.0/0` route goes to the
/// internet gateway `igw` or the NAT gateway `nat`.
async fn default_route(lab: &Lab, vpc: &str, subnet: &str, igw: Option<&str>, nat: Option<&str>) {
    let ec2 = aws_sdk_ec2::Client::new(&lab.sdk);
    let table = ec2.create_route_table().vpc_id(vpc).send().await.unwrap();
    let table = table
        .route_table()
        .unwrap()
        .route_table_id()
        .unwrap()
        .to_string();
    ec2.create_route()
        .route_table_id(&table)
        .destination_cidr_block("0.0.0.0/0")
        .set_gateway_id(igw.map(str::to_string))
        .set_nat_gateway_id(nat.map(str::to_string))
        .send()
        .await
        .unwrap();
    ec2.associate_route_table()
        .route_table_id(&table)
        .subnet_id(subnet)
        .send()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn natgw_per_az_live() {
    let Some(lab) = Lab::new("natgw-per-az").await else {
        return;
    };
    let ec2 = aws_sdk_ec2::Client::new(&lab.sdk);
    let (vpc, subnets) = vpc_with_subnets(
        &lab,
        "10.60.0.0/16",
        &["us-east-1a", "us-east-1a", "us-east-1b"],
    )
    .await;
    let (public, private_a, private_b) = (&subnets[0], &subnets[1], &subnets[2]);
    ec2.create_tags()
        .resources(&vpc)
        .tags(
            aws_sdk_ec2::types::Tag::builder()
                .key("Environment")
                .value("prod")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let igw = ec2.create_internet_gateway().send().await.unwrap();
    let igw = igw
        .internet_gateway()
        .unwrap()
        .internet_gateway_id()
        .unwrap()
        .to_string();
    ec2.attach_internet_gateway()
        .internet_gateway_id(&igw)
        .vpc_id(&vpc)
        .send()
        .await
        .unwrap();
    default_route(&lab, &vpc, public, Some(&igw), None).await;
    let eip = ec2
        .allocate_address()
        .domain(aws_sdk_ec2::types::DomainType::Vpc)
        .send()
        .await
        .unwrap();
    let nat = ec2
        .create_nat_gateway()
        .subnet_id(public)
        .allocation_id(eip.allocation_id().unwrap())
        .send()
        .await
        .unwrap();
    let nat = nat
        .nat_gateway()
        .unwrap()
        .nat_gateway_id()
        .unwrap()
        .to_string();
    default_route(&lab, &vpc, private_a, None, Some(&nat)).await;
    default_route(&lab, &vpc, private_b, None, Some(&nat)).await;

    let (doc, _) = lab.scan_and_snapshot("natgw-per-az", &["us-east-1"], &[]);
    let check = "natgw-per-az";
    let arn = |id: &str| format!("arn:aws:ec2:us-east-1:{}:subnet/{id}", lab.account);
    assert_eq!(
        statuses(&doc, check),
        want(&[(arn(private_a), "pass"), (arn(private_b), "fail")]),
        "{doc:#}"
    );
    assert_finding(
        &doc,
        check,
        &arn(private_b),
        "fail",
        "not in its own zone us-east-1b",
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn elb_az_coverage_live() {
    let Some(lab) = Lab::new("elb-az-coverage").await else {
        return;
    };
    use aws_sdk_elasticloadbalancingv2::types::{LoadBalancerTypeEnum, Tag};
    let (_, subnets) = vpc_with_subnets(&lab, "10.70.0.0/16", &["us-east-1a", "us-east-1b"]).await;
    let elbv2 = aws_sdk_elasticloadbalancingv2::Client::new(&lab.sdk);
    let mut arns = Vec::new();
    for (name, kind, subnets) in [
        ("web", LoadBalancerTypeEnum::Application, subnets.clone()),
        (
            "events",
            LoadBalancerTypeEnum::Network,
            subnets[..1].to_vec(),
        ),
    ] {
        let lb = elbv2
            .create_load_balancer()
            .name(name)
            .r#type(kind)
            .set_subnets(Some(subnets))
            .tags(Tag::builder().key("Environment").value("prod").build())
            .send()
            .await
            .unwrap();
        arns.push(
            lb.load_balancers()[0]
                .load_balancer_arn()
                .unwrap()
                .to_string(),
        );
    }

    let (doc, _) = lab.scan_and_snapshot("elb-az-coverage", &["us-east-1"], &[]);
    let check = "elb-az-coverage";
    assert_eq!(
        statuses(&doc, check),
        want(&[(&arns[0], "pass"), (&arns[1], "fail")]),
        "{doc:#}"
    );
    assert_finding(
        &doc,
        check,
        &arns[0],
        "pass",
        "enabled in us-east-1a, us-east-1b",
    );
    assert_finding(
        &doc,
        check,
        &arns[1],
        "fail",
        "enabled in 1 Availability Zone(s)",
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn route53_health_checked_routing_live() {
    let Some(lab) = Lab::new("route53-health-checked-routing").await else {
        return;
    };
    use aws_sdk_route53::types::{
        Change, ChangeAction, ChangeBatch, HealthCheckConfig, HealthCheckType, ResourceRecord,
        ResourceRecordSet, ResourceRecordSetFailover, RrType,
    };
    let route53 = aws_sdk_route53::Client::new(&lab.sdk);
    let check = route53
        .create_health_check()
        .caller_reference(lab.name("hc"))
        .health_check_config(
            HealthCheckConfig::builder()
                .r#type(HealthCheckType::Https)
                .fully_qualified_domain_name("app.example.com")
                .resource_path("/health")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let check = check.health_check().unwrap().id().to_string();
    let failover = |name: &str, role: ResourceRecordSetFailover, ip: &str, hc: Option<&str>| {
        let record = ResourceRecordSet::builder()
            .name(name)
            .r#type(RrType::A)
            .set_identifier(role.as_str())
            .failover(role)
            .ttl(60)
            .resource_records(ResourceRecord::builder().value(ip).build().unwrap())
            .set_health_check_id(hc.map(str::to_string))
            .build()
            .unwrap();
        Change::builder()
            .action(ChangeAction::Create)
            .resource_record_set(record)
            .build()
            .unwrap()
    };
    let mut zones = Vec::new();
    for (name, primary, secondary) in [
        ("good.example", Some(check.as_str()), Some(check.as_str())),
        ("bare.example", None, Some(check.as_str())),
        ("half.example", Some(check.as_str()), None),
    ] {
        let id = zone(&lab, name, None).await;
        route53
            .change_resource_record_sets()
            .hosted_zone_id(&id)
            .change_batch(
                ChangeBatch::builder()
                    .changes(failover(
                        &format!("www.{name}"),
                        ResourceRecordSetFailover::Primary,
                        "192.0.2.1",
                        primary,
                    ))
                    .changes(failover(
                        &format!("www.{name}"),
                        ResourceRecordSetFailover::Secondary,
                        "192.0.2.2",
                        secondary,
                    ))
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
        zones.push(format!("arn:aws:route53:::hostedzone/{id}"));
    }

    let (doc, _) = lab.scan_and_snapshot("route53-health-checked-routing", &["us-east-1"], &[]);
    let check_id = "route53-health-checked-routing";
    // moto does not speak CloudWatch's protocol: the region's alarms are
    // unread (ERROR for the region), which changes no zone here.
    let mut got = statuses(&doc, check_id);
    got.retain(|arn, _| arn.starts_with("arn:aws:route53:"));
    assert_eq!(
        got,
        want(&[
            (&zones[0], "pass"),
            (&zones[1], "fail"),
            (&zones[2], "fail")
        ]),
        "{doc:#}"
    );
    assert_finding(
        &doc,
        check_id,
        &zones[1],
        "fail",
        "DNS never fails over from it",
    );
    assert_finding(
        &doc,
        check_id,
        &zones[2],
        "fail",
        "advisory: failover record www.half.example. A (SECONDARY) is not health-checked",
    );
}

/// Groups in use by a network interface, another group's rule and a
/// launch template pass; an orphan gets the advisory; the VPC's default
/// group is SKIPped.
#[tokio::test(flavor = "multi_thread")]
async fn ec2_unused_security_groups_live() {
    use aws_sdk_ec2::types::{IpPermission, RequestLaunchTemplateData, UserIdGroupPair};
    let Some(lab) = Lab::new("unused-sgs").await else {
        return;
    };
    let ec2 = aws_sdk_ec2::Client::new(&lab.sdk);
    let (vpc, subnets) = vpc_with_subnets(&lab, "10.50.0.0/16", &["us-east-1a"]).await;
    let mut ids = std::collections::BTreeMap::new();
    for name in ["web", "db", "batch", "orphan"] {
        let id = ec2
            .create_security_group()
            .group_name(name)
            .description(name)
            .vpc_id(&vpc)
            .send()
            .await
            .unwrap()
            .group_id()
            .unwrap()
            .to_string();
        ids.insert(name, id);
    }
    ec2.create_network_interface()
        .subnet_id(&subnets[0])
        .groups(&ids["web"])
        .send()
        .await
        .unwrap();
    ec2.authorize_security_group_ingress()
        .group_id(&ids["web"])
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(5432)
                .to_port(5432)
                .user_id_group_pairs(UserIdGroupPair::builder().group_id(&ids["db"]).build())
                .build(),
        )
        .send()
        .await
        .unwrap();
    ec2.create_launch_template()
        .launch_template_name("batch")
        .launch_template_data(
            RequestLaunchTemplateData::builder()
                .security_group_ids(&ids["batch"])
                .build(),
        )
        .send()
        .await
        .unwrap();

    let check = "ec2-unused-security-groups";
    let (doc, _) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
    let sg = |name: &str| {
        format!(
            "arn:aws:ec2:us-east-1:{}:security-group/{}",
            lab.account, ids[name]
        )
    };
    assert_finding(
        &doc,
        check,
        &sg("web"),
        "pass",
        "in use: attached to network interface eni-",
    );
    assert_finding(
        &doc,
        check,
        &sg("db"),
        "pass",
        &format!("in use: referenced by a rule of {}", ids["web"]),
    );
    assert_finding(
        &doc,
        check,
        &sg("batch"),
        "pass",
        "in use: used by launch template batch version 1",
    );
    assert_finding(
        &doc,
        check,
        &sg("orphan"),
        "fail",
        "advisory: no network interface, security group rule, launch template or launch configuration uses it",
    );
    assert!(
        statuses(&doc, check).values().any(|s| s == "skip"),
        "the default group: {doc:#}"
    );
}
