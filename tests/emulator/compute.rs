//! EC2, Auto Scaling, API Gateway, RDS, DynamoDB, EKS and Lambda end to end
//! against the emulator: resources created through the SDK with both
//! verdicts, then `awscheck scan` and `snapshot` as a user runs them, and
//! `scan --fixture <snapshot>` giving identical findings.
//!
//! moto 5.2.5 does not implement Systems Manager's DescribeInstanceInformation
//! or EC2's GetInstanceMetadataDefaults (HTML 500s): the SSM checks that
//! read managed nodes are covered by the aws-smithy-mocks tests in
//! `collect/src/tests/compute.rs`, and here the snapshot records those two
//! reads as errors, never as empty (the rest of SSM: `ssm.rs`).

use crate::common::{assert_finding, json, statuses, stderr, want, Lab};
#[allow(unused_imports)]
use crate::sdk::*;
use aws_sdk_apigateway::types::{EndpointConfiguration, EndpointType};
use aws_sdk_autoscaling::types::{InstanceMetadataHttpTokensState, InstanceMetadataOptions};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, KeySchemaElement, KeyType, PointInTimeRecoverySpecification,
    ScalarAttributeType,
};
use aws_sdk_ec2::types::{
    HttpTokensState, InstanceMetadataOptionsRequest, LaunchTemplateHttpTokensState,
    LaunchTemplateInstanceMetadataOptionsRequest, RequestLaunchTemplateData,
};
use serde_json::{json, Value};
use std::collections::BTreeMap;

const CHECKS: &str = "ec2-imdsv2-required,apigateway-authorization,rds-multi-az,dynamodb-pitr";

/// The REST API resource policy of a private API reachable only through one
/// VPC endpoint: a deny to everyone not coming from it.
const VPC_ONLY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyOutsideVpce","Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-0123456789abcdef0"}}},{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"}]}"#;

fn template_data(
    ami: &str,
    tokens: Option<LaunchTemplateHttpTokensState>,
) -> RequestLaunchTemplateData {
    let mut b = RequestLaunchTemplateData::builder().image_id(ami);
    if let Some(t) = tokens {
        b = b.metadata_options(
            LaunchTemplateInstanceMetadataOptionsRequest::builder()
                .http_tokens(t)
                .build(),
        );
    }
    b.build()
}

/// EC2 instances, launch templates (one version pinned by number), launch
/// configurations and groups. Returns ARNs by label.
/// An AMI of Amazon's the emulator lists.
pub(crate) async fn amazon_ami(ec2: &aws_sdk_ec2::Client) -> String {
    ec2.describe_images()
        .owners("amazon")
        .send()
        .await
        .unwrap()
        .images()[0]
        .image_id()
        .unwrap()
        .to_string()
}

/// A new launch template's id.
async fn launch_template(
    ec2: &aws_sdk_ec2::Client,
    name: &str,
    data: RequestLaunchTemplateData,
) -> String {
    ec2.create_launch_template()
        .launch_template_name(name)
        .launch_template_data(data)
        .send()
        .await
        .unwrap()
        .launch_template()
        .unwrap()
        .launch_template_id()
        .unwrap()
        .to_string()
}

pub(crate) async fn ec2_and_autoscaling(lab: &Lab) -> BTreeMap<&'static str, String> {
    let ec2 = aws_sdk_ec2::Client::new(&lab.sdk);
    let asg = aws_sdk_autoscaling::Client::new(&lab.sdk);
    let ami = amazon_ami(&ec2).await;
    let mut arns = BTreeMap::new();
    let instance_arn = |id: &str| format!("arn:aws:ec2:us-east-1:{}:instance/{id}", lab.account);
    for (label, tokens) in [
        ("i-v2", HttpTokensState::Required),
        ("i-v1", HttpTokensState::Optional),
    ] {
        let out = ec2
            .run_instances()
            .image_id(&ami)
            .min_count(1)
            .max_count(1)
            .metadata_options(
                InstanceMetadataOptionsRequest::builder()
                    .http_tokens(tokens)
                    .build(),
            )
            .send()
            .await
            .unwrap();
        arns.insert(
            label,
            instance_arn(out.instances()[0].instance_id().unwrap()),
        );
    }
    let template = |name, data| launch_template(&ec2, name, data);
    use LaunchTemplateHttpTokensState::{Optional, Required};
    // Default 1 (optional), pinned 2 (required), latest 3 (optional): only
    // the pinned version is in use, and it is read after collection.
    let pinned = template("pinned", template_data(&ami, Some(Optional))).await;
    for tokens in [Required, Optional] {
        ec2.create_launch_template_version()
            .launch_template_id(&pinned)
            .launch_template_data(template_data(&ami, Some(tokens)))
            .send()
            .await
            .unwrap();
    }
    let open = template("open", template_data(&ami, Some(Optional))).await;
    // HttpTokens not set: the account default decides, and moto cannot tell it.
    let unset = template("unset", template_data(&ami, None)).await;
    let unused = template("unused", template_data(&ami, Some(Optional))).await;
    let lt_arn = |id: &str| format!("arn:aws:ec2:us-east-1:{}:launch-template/{id}", lab.account);
    arns.insert("lt-pinned", lt_arn(&pinned));
    arns.insert("lt-open", lt_arn(&open));
    arns.insert("lt-unset", lt_arn(&unset));
    arns.insert("lt-unused", lt_arn(&unused));
    for (group, id, version) in [
        ("web", &pinned, "2"),
        ("batch", &open, "$Default"),
        ("jobs", &unset, "$Latest"),
    ] {
        asg.create_auto_scaling_group()
            .auto_scaling_group_name(group)
            .launch_template(
                aws_sdk_autoscaling::types::LaunchTemplateSpecification::builder()
                    .launch_template_id(id)
                    .version(version)
                    .build(),
            )
            .min_size(0)
            .max_size(1)
            .availability_zones("us-east-1a")
            .send()
            .await
            .unwrap();
    }
    for (config, tokens) in [
        ("lc-v1", InstanceMetadataHttpTokensState::Optional),
        ("lc-v2", InstanceMetadataHttpTokensState::Required),
    ] {
        asg.create_launch_configuration()
            .launch_configuration_name(config)
            .image_id(&ami)
            .instance_type("t3.micro")
            .metadata_options(
                InstanceMetadataOptions::builder()
                    .http_tokens(tokens)
                    .build(),
            )
            .send()
            .await
            .unwrap();
        asg.create_auto_scaling_group()
            .auto_scaling_group_name(format!("legacy-{config}"))
            .launch_configuration_name(config)
            .min_size(0)
            .max_size(1)
            .availability_zones("us-east-1a")
            .send()
            .await
            .unwrap();
    }
    let configs = asg.describe_launch_configurations().send().await.unwrap();
    for lc in configs.launch_configurations() {
        let label = match lc.launch_configuration_name() {
            Some("lc-v1") => "lc-v1",
            _ => "lc-v2",
        };
        arns.insert(label, lc.launch_configuration_arn().unwrap().to_string());
    }
    arns
}

/// REST and HTTP APIs with and without authorization. Returns ARNs by label.
async fn apis(lab: &Lab) -> BTreeMap<&'static str, String> {
    let v1 = aws_sdk_apigateway::Client::new(&lab.sdk);
    let v2 = aws_sdk_apigatewayv2::Client::new(&lab.sdk);
    let mut arns = BTreeMap::new();
    for (label, auth, private) in [
        ("rest-open", "NONE", false),
        ("rest-iam", "AWS_IAM", false),
        ("rest-private", "NONE", true),
    ] {
        let mut create = v1.create_rest_api().name(label);
        if private {
            create = create.policy(VPC_ONLY).endpoint_configuration(
                EndpointConfiguration::builder()
                    .types(EndpointType::Private)
                    .build(),
            );
        }
        let api = create.send().await.unwrap();
        let id = api.id().unwrap();
        let root = v1.get_resources().rest_api_id(id).send().await.unwrap();
        let root = root.items()[0].id().unwrap();
        let items = v1
            .create_resource()
            .rest_api_id(id)
            .parent_id(root)
            .path_part("items")
            .send()
            .await
            .unwrap();
        for verb in ["GET", "OPTIONS"] {
            v1.put_method()
                .rest_api_id(id)
                .resource_id(items.id().unwrap())
                .http_method(verb)
                .authorization_type(if verb == "OPTIONS" { "NONE" } else { auth })
                .send()
                .await
                .unwrap();
        }
        arns.insert(
            label,
            format!("arn:aws:apigateway:us-east-1::/restapis/{id}"),
        );
    }
    for (label, auth) in [
        (
            "http-open",
            aws_sdk_apigatewayv2::types::AuthorizationType::None,
        ),
        (
            "http-iam",
            aws_sdk_apigatewayv2::types::AuthorizationType::AwsIam,
        ),
    ] {
        let api = v2
            .create_api()
            .name(label)
            .protocol_type(aws_sdk_apigatewayv2::types::ProtocolType::Http)
            .send()
            .await
            .unwrap();
        let id = api.api_id().unwrap();
        v2.create_route()
            .api_id(id)
            .route_key("GET /orders")
            .authorization_type(auth)
            .send()
            .await
            .unwrap();
        arns.insert(label, format!("arn:aws:apigateway:us-east-1::/apis/{id}"));
    }
    arns
}

/// Production databases with and without Multi-AZ, and a non-production one.
async fn databases(lab: &Lab) -> BTreeMap<&'static str, String> {
    let rds = aws_sdk_rds::Client::new(&lab.sdk);
    let mut arns = BTreeMap::new();
    for (id, multi_az) in [
        ("orders-prod", true),
        ("billing-prod", false),
        ("scratch-dev", false),
    ] {
        let out = rds
            .create_db_instance()
            .db_instance_identifier(id)
            .db_instance_class("db.t3.micro")
            .engine("postgres")
            .master_username("admin")
            .master_user_password("not-a-real-password")
            .allocated_storage(20)
            .multi_az(multi_az)
            .send()
            .await
            .unwrap();
        let arn = out
            .db_instance()
            .unwrap()
            .db_instance_arn()
            .unwrap()
            .to_string();
        arns.insert(id, arn);
    }
    // Aurora Serverless v1: a cluster without instances.
    let out = rds
        .create_db_cluster()
        .db_cluster_identifier("reviews-prod")
        .engine("aurora-mysql")
        .engine_mode("serverless")
        .master_username("admin")
        .master_user_password("not-a-real-password")
        .send()
        .await
        .unwrap();
    let arn = out.db_cluster().unwrap().db_cluster_arn().unwrap();
    arns.insert("reviews-prod", arn.to_string());
    let ddb = aws_sdk_dynamodb::Client::new(&lab.sdk);
    for table in ["events", "ledger"] {
        new_table(&ddb, table).send().await.unwrap();
        arns.insert(
            table,
            format!("arn:aws:dynamodb:us-east-1:{}:table/{table}", lab.account),
        );
    }
    ddb.update_continuous_backups()
        .table_name("ledger")
        .point_in_time_recovery_specification(
            PointInTimeRecoverySpecification::builder()
                .point_in_time_recovery_enabled(true)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    arns
}

/// A request for on-demand table `name`, keyed by the string `pk`.
pub(crate) fn new_table(
    ddb: &aws_sdk_dynamodb::Client,
    name: &str,
) -> aws_sdk_dynamodb::operation::create_table::builders::CreateTableFluentBuilder {
    ddb.create_table()
        .table_name(name)
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("pk")
                .key_type(KeyType::Hash)
                .build()
                .unwrap(),
        )
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("pk")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .unwrap(),
        )
        .billing_mode(BillingMode::PayPerRequest)
}

#[tokio::test(flavor = "multi_thread")]
async fn compute_checks_both_verdicts_scan_snapshot_and_fixture_agree() {
    let Some(lab) = Lab::new("compute").await else {
        return;
    };
    let (ec2, gw, db) = tokio::join!(ec2_and_autoscaling(&lab), apis(&lab), databases(&lab));

    let live = lab.run(&["scan", "--format", "json", "--checks", CHECKS]);
    assert_eq!(
        live.status.code(),
        Some(1),
        "high FAILs; stderr: {}",
        stderr(&live)
    );
    let doc = json(&live);

    assert_eq!(
        statuses(&doc, "ec2-imdsv2-required"),
        want(&[
            (&ec2["i-v2"], "pass"),
            (&ec2["i-v1"], "fail"),
            (&ec2["lt-pinned"], "pass"),
            (&ec2["lt-open"], "fail"),
            (&ec2["lt-unset"], "error"),
            (&ec2["lt-unused"], "skip"),
            (&ec2["lc-v1"], "fail"),
            (&ec2["lc-v2"], "pass"),
        ]),
        "stderr: {}",
        stderr(&live)
    );
    let imds = "ec2-imdsv2-required";
    assert_finding(&doc, imds, &ec2["lt-pinned"], "pass", "version 2 (web: 2)");
    // moto lacks GetInstanceMetadataDefaults.
    let http500 = "GetInstanceMetadataDefaults failed: Http500";
    assert_finding(&doc, imds, &ec2["lt-unset"], "error", http500);
    assert_eq!(
        statuses(&doc, "apigateway-authorization"),
        want(&[
            (&gw["rest-open"], "fail"),
            (&gw["rest-iam"], "pass"),
            (&gw["rest-private"], "pass"),
            (&gw["http-open"], "fail"),
            (&gw["http-iam"], "pass"),
        ])
    );
    let gateway = "apigateway-authorization";
    assert_finding(
        &doc,
        gateway,
        &gw["rest-private"],
        "pass",
        "VPC restriction",
    );
    assert_eq!(
        statuses(&doc, "rds-multi-az"),
        want(&[
            (&db["orders-prod"], "pass"),
            (&db["billing-prod"], "fail"),
            (&db["scratch-dev"], "skip"),
            (&db["reviews-prod"], "fail"),
        ])
    );
    assert_finding(
        &doc,
        "rds-multi-az",
        &db["reviews-prod"],
        "fail",
        "advisory: Aurora Serverless v1 cluster",
    );
    assert_eq!(
        statuses(&doc, "dynamodb-pitr"),
        want(&[(&db["events"], "fail"), (&db["ledger"], "pass")])
    );
    for f in doc["findings"].as_array().unwrap() {
        assert_eq!(f["account_id"], lab.account.as_str());
    }

    // snapshot: the inventory as a fixture.
    let snap = lab.path("compute.json");
    let out = lab.run(&["snapshot", "--out", &snap]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let inv: Value = serde_json::from_str(&std::fs::read_to_string(&snap).unwrap()).unwrap();
    let account = &inv["accounts"][0];
    let templates = account["ec2"]["launch_templates"].as_array().unwrap();
    let pinned = templates.iter().find(|t| t["name"] == "pinned").unwrap();
    let numbers: Vec<&Value> = pinned["versions"]["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| &v["version_number"])
        .collect();
    assert_eq!(numbers, [1, 2, 3], "default, pinned and latest: {pinned}");
    assert_eq!(
        account["ec2"]["regions"][0]["metadata_defaults"]["error"]["code"], "Http500",
        "not implemented by moto: unknown, never absent"
    );
    assert!(!account["ec2"]["images"].as_array().unwrap().is_empty());
    let rest = account["apigateway"]["rest_apis"].as_array().unwrap();
    let private = rest.iter().find(|a| a["name"] == "rest-private").unwrap();
    assert_eq!(private["policy"]["Statement"][0]["Sid"], "DenyOutsideVpce");
    assert_eq!(private["endpoint_types"], json!(["PRIVATE"]));
    assert!(
        account["collection_errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["service"] == "ssm" && e["part"] == "managed_instances"),
        "moto cannot list managed nodes: they are unread, not empty"
    );
    crate::common::assert_only_moto_gaps(account);

    // scan --fixture: the same findings.
    lab.assert_fixture_agrees(&snap, CHECKS, &doc, 1);
}

/// A zip archive with no entries: enough code for the emulator.
pub(crate) const EMPTY_ZIP: &[u8] = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";

#[tokio::test(flavor = "multi_thread")]
async fn lambda_environment_is_redacted_and_eks_clusters_listed() {
    let Some(lab) = Lab::new("lambdaeks").await else {
        return;
    };
    let iam = lab.iam();
    let role = iam
        .create_role()
        .role_name("fn")
        .assume_role_policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        )
        .send()
        .await
        .unwrap();
    let role_arn = role.role().unwrap().arn().to_string();
    let lambda = aws_sdk_lambda::Client::new(&lab.sdk);
    let key = "AKIAIOSFODNN7EXAMPLE";
    let secret_arn = format!(
        "arn:aws:secretsmanager:us-east-1:{}:secret:db-AbCdEf",
        lab.account
    );
    lambda
        .create_function()
        .function_name("rotate")
        .runtime(aws_sdk_lambda::types::Runtime::Python312)
        .role(&role_arn)
        .handler("index.handler")
        .code(
            aws_sdk_lambda::types::FunctionCode::builder()
                .zip_file(aws_sdk_lambda::primitives::Blob::new(EMPTY_ZIP))
                .build(),
        )
        .environment(
            aws_sdk_lambda::types::Environment::builder()
                .variables("ACCESS_KEY", key)
                .variables("SECRET_ARN", &secret_arn)
                .build(),
        )
        .tags("team", "platform")
        .send()
        .await
        .unwrap();
    let eks = aws_sdk_eks::Client::new(&lab.sdk);
    eks.create_cluster()
        .name("apps")
        .role_arn(&role_arn)
        .resources_vpc_config(aws_sdk_eks::types::VpcConfigRequest::builder().build())
        .send()
        .await
        .unwrap();

    let snap = lab.path("lambda.json");
    let out = lab.run(&["snapshot", "--out", &snap]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let text = std::fs::read_to_string(&snap).unwrap();
    assert!(
        !text.contains(key),
        "a plaintext value reached the snapshot"
    );
    let inv: Value = serde_json::from_str(&text).unwrap();
    let account = &inv["accounts"][0];
    crate::common::assert_only_moto_gaps(account);
    let functions = account["lambda"]["functions"].as_array().unwrap();
    assert_eq!(functions.len(), 1, "{functions:?}");
    let f = &functions[0];
    assert_eq!(
        f["arn"],
        format!("arn:aws:lambda:us-east-1:{}:function:rotate", lab.account)
    );
    assert_eq!(
        (&f["name"], &f["region"]),
        (&json!("rotate"), &json!("us-east-1"))
    );
    assert_eq!(f["tags"], json!({"team": "platform"}));
    let env = f["environment"].as_array().unwrap();
    assert_eq!(env[0]["name"], "ACCESS_KEY");
    assert_eq!(env[0]["value"]["looks_like"], json!(["aws-access-key-id"]));
    assert_eq!(env[0]["value"]["sha256"].as_str().unwrap().len(), 8);
    assert_eq!(env[1]["name"], "SECRET_ARN");
    assert_eq!(env[1]["value"]["is_arn"], true);
    let clusters = account["eks"]["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), 1, "{clusters:?}");
    assert_eq!(
        (&clusters[0]["arn"], &clusters[0]["name"]),
        (
            &json!(format!(
                "arn:aws:eks:us-east-1:{}:cluster/apps",
                lab.account
            )),
            &json!("apps")
        )
    );
    assert_eq!(
        clusters[0]["logging"],
        json!({"value": []}),
        "no log type on"
    );
}

/// `eks-control-plane-logging`: a cluster sending every control-plane log
/// type passes, one sending only `api` fails. moto 5.2.5 has no
/// `ListAddons` (404): the add-ons are unread, which only leaves a note on
/// the PASS (the check tolerates them).
#[tokio::test(flavor = "multi_thread")]
async fn eks_control_plane_logging_live() {
    let Some(lab) = Lab::new("eks-control-plane-logging").await else {
        return;
    };
    let role_arn = lab.role("eks-cluster", "eks.amazonaws.com").await;
    let eks = aws_sdk_eks::Client::new(&lab.sdk);
    for (name, types) in [
        (
            "logged",
            vec![
                "api",
                "audit",
                "authenticator",
                "controllerManager",
                "scheduler",
            ],
        ),
        ("api-only", vec!["api"]),
    ] {
        let setup = aws_sdk_eks::types::LogSetup::builder()
            .set_types(Some(
                types
                    .into_iter()
                    .map(aws_sdk_eks::types::LogType::from)
                    .collect(),
            ))
            .enabled(true)
            .build();
        eks.create_cluster()
            .name(name)
            .role_arn(&role_arn)
            .resources_vpc_config(aws_sdk_eks::types::VpcConfigRequest::builder().build())
            .logging(
                aws_sdk_eks::types::Logging::builder()
                    .cluster_logging(setup)
                    .build(),
            )
            .send()
            .await
            .unwrap();
    }
    let check = "eks-control-plane-logging";
    let (doc, _) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
    let arn = |n: &str| format!("arn:aws:eks:us-east-1:{}:cluster/{n}", lab.account);
    assert_eq!(
        statuses(&doc, check),
        want(&[(arn("logged"), "pass"), (arn("api-only"), "fail")]),
        "{doc:#}"
    );
    assert_finding(
        &doc,
        check,
        &arn("logged"),
        "pass",
        "(note: its add-ons could not be read: ListAddons failed",
    );
    assert_finding(
        &doc,
        check,
        &arn("api-only"),
        "fail",
        "not sent to CloudWatch Logs: audit, authenticator",
    );
}

/// Auto Scaling groups in one or two zones, behind a classic load balancer
/// with and without ELB health checks. moto 5.2.5 does not report
/// `TrafficSources`; the target groups and classic load balancers it keeps
/// are what the check reads here (a classic load balancer moto does not
/// know is kept by name), and it stores a `HealthCheckGracePeriod` of 0 as
/// 300: the zero-grace advisory is proven by the cases, the traffic
/// sources by `collect/src/tests/compute.rs`.
#[tokio::test(flavor = "multi_thread")]
async fn asg_zones_and_health_checks_both_verdicts() {
    use aws_sdk_autoscaling::types::{LaunchTemplateSpecification, Tag};
    let Some(lab) = Lab::new("asg-zones").await else {
        return;
    };
    let ec2 = aws_sdk_ec2::Client::new(&lab.sdk);
    let asg = aws_sdk_autoscaling::Client::new(&lab.sdk);
    let vpc = ec2
        .create_vpc()
        .cidr_block("10.20.0.0/16")
        .send()
        .await
        .unwrap()
        .vpc()
        .unwrap()
        .vpc_id()
        .unwrap()
        .to_string();
    let mut subnets = Vec::new();
    for (zone, cidr) in [
        ("us-east-1a", "10.20.1.0/24"),
        ("us-east-1b", "10.20.2.0/24"),
    ] {
        let out = ec2
            .create_subnet()
            .vpc_id(&vpc)
            .availability_zone(zone)
            .cidr_block(cidr)
            .send()
            .await
            .unwrap();
        subnets.push(out.subnet().unwrap().subnet_id().unwrap().to_string());
    }
    let ami = amazon_ami(&ec2).await;
    let template = launch_template(&ec2, "web", template_data(&ami, None)).await;
    let both = subnets.join(",");
    // (name, environment, subnets, health check type, load balancer)
    let groups = [
        (
            "checkout",
            "production",
            &both,
            "ELB",
            Some("storefront-web"),
        ),
        (
            "orders",
            "production",
            &subnets[0],
            "EC2",
            Some("orders-web"),
        ),
        ("reports", "dev", &subnets[1], "EC2", None),
    ];
    for (name, env, zones, health, clb) in groups {
        asg.create_auto_scaling_group()
            .auto_scaling_group_name(name)
            .launch_template(
                LaunchTemplateSpecification::builder()
                    .launch_template_id(&template)
                    .build(),
            )
            .min_size(1)
            .max_size(4)
            .desired_capacity(1)
            .vpc_zone_identifier(zones.as_str())
            .health_check_type(health)
            .health_check_grace_period(300)
            .set_load_balancer_names(clb.map(|n| vec![n.to_string()]))
            .tags(
                Tag::builder()
                    .key("Environment")
                    .value(env)
                    .propagate_at_launch(true)
                    .build(),
            )
            .send()
            .await
            .unwrap();
    }
    let arn = |name: &str| {
        let out = asg
            .describe_auto_scaling_groups()
            .auto_scaling_group_names(name);
        async move {
            out.send().await.unwrap().auto_scaling_groups()[0]
                .auto_scaling_group_arn()
                .unwrap()
                .to_string()
        }
    };
    let (checkout, orders, reports) = tokio::join!(arn("checkout"), arn("orders"), arn("reports"));
    asg.put_scaling_policy()
        .auto_scaling_group_name("checkout")
        .policy_name("checkout-cpu50")
        .policy_type("TargetTrackingScaling")
        .target_tracking_configuration(
            aws_sdk_autoscaling::types::TargetTrackingConfiguration::builder()
                .predefined_metric_specification(
                    aws_sdk_autoscaling::types::PredefinedMetricSpecification::builder()
                        .predefined_metric_type(
                            aws_sdk_autoscaling::types::MetricType::AsgAverageCpuUtilization,
                        )
                        .build(),
                )
                .target_value(50.0)
                .build(),
        )
        .send()
        .await
        .unwrap();
    asg.put_scheduled_update_group_action()
        .auto_scaling_group_name("reports")
        .scheduled_action_name("reports-nightly")
        .recurrence("0 22 * * *")
        .desired_capacity(2)
        .send()
        .await
        .unwrap();

    let checks = "asg-multi-az,asg-elb-health-check,autoscaling-policies-present";
    let (doc, account) = lab.scan_and_snapshot(checks, &["us-east-1"], &[]);
    assert_eq!(
        statuses(&doc, "asg-multi-az"),
        want(&[(&checkout, "pass"), (&orders, "fail"), (&reports, "skip"),]),
        "{doc:#}"
    );
    assert_finding(
        &doc,
        "asg-multi-az",
        &checkout,
        "pass",
        "us-east-1a, us-east-1b",
    );
    assert_finding(
        &doc,
        "asg-multi-az",
        &orders,
        "fail",
        "1 Availability Zone, us-east-1a",
    );
    assert_eq!(
        statuses(&doc, "asg-elb-health-check"),
        want(&[(&checkout, "pass"), (&orders, "fail"), (&reports, "skip"),]),
        "{doc:#}"
    );
    let health = "asg-elb-health-check";
    assert_finding(&doc, health, &orders, "fail", "HealthCheckType is EC2");
    assert_eq!(
        statuses(&doc, "autoscaling-policies-present"),
        want(&[(&checkout, "pass"), (&orders, "fail"), (&reports, "skip"),]),
        "{doc:#}"
    );
    let policies = "autoscaling-policies-present";
    assert_finding(
        &doc,
        policies,
        &checkout,
        "pass",
        "checkout-cpu50 (TargetTrackingScaling)",
    );
    assert_finding(
        &doc,
        policies,
        &orders,
        "fail",
        "no enabled scaling policy or scheduled action",
    );

    let groups = account["autoscaling"]["groups"].as_array().unwrap();
    let orders = groups.iter().find(|g| g["name"] == "orders").unwrap();
    assert_eq!(orders["subnet_ids"], json!([subnets[0]]));
    assert_eq!(orders["availability_zones"], json!(["us-east-1a"]));
    assert_eq!(orders["load_balancer_names"], json!(["orders-web"]));
    assert_eq!(
        (
            &orders["min_size"],
            &orders["max_size"],
            &orders["desired_capacity"]
        ),
        (&json!(1), &json!(4), &json!(1))
    );
    assert_eq!(orders["health_check_type"], "EC2");
    assert_eq!(orders["health_check_grace_period"], 300);
    let reports = groups.iter().find(|g| g["name"] == "reports").unwrap();
    assert_eq!(reports["scheduled_actions"][0]["name"], "reports-nightly");
    assert_eq!(reports["scheduled_actions"][0]["recurrence"], "0 22 * * *");
}
