//! ECS end to end against the emulator: a Fargate service whose revision
//! logs through awslogs with an allowed execution role (and a newer
//! revision of the family, also judged), a family whose only revision logs
//! nothing, an EC2 service judged through its container instance's role
//! and driver attribute, and one on a cluster whose instance does not offer
//! awslogs; then `awscheck scan`, `snapshot` and `scan --fixture
//! <snapshot>` agree (`ecs-task-logging`), and the environment value never
//! reaches the snapshot. The AccessDenied, throttling and 5xx answers are
//! proven with aws-smithy-mocks in `collect/src/tests/ecs.rs`.

use crate::common::{assert_finding, statuses, want, Lab};
use crate::compute::amazon_ami;
#[allow(unused_imports)]
use crate::sdk::*;
use aws_sdk_ecs::types::{
    Attribute, Compatibility, ContainerDefinition, KeyValuePair, LaunchType, LogConfiguration,
    LogDriver,
};

const CHECK: &str = "ecs-task-logging";
const SECRET: &str = "synthetic-emulator-ecs-secret-41c9";
const LOGS_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}"#;

/// A container `name` logging to `/ecs/app` through awslogs, or with no
/// log configuration.
fn container(name: &str, logs: bool) -> ContainerDefinition {
    let c = ContainerDefinition::builder()
        .name(name)
        .image(format!("{name}:latest"))
        .memory(256)
        .environment(
            KeyValuePair::builder()
                .name("API_TOKEN")
                .value(SECRET)
                .build(),
        );
    if !logs {
        return c.build();
    }
    c.log_configuration(
        LogConfiguration::builder()
            .log_driver(LogDriver::Awslogs)
            .options("awslogs-group", "/ecs/app")
            .options("awslogs-region", "us-east-1")
            .options("awslogs-stream-prefix", name)
            .build()
            .unwrap(),
    )
    .build()
}

#[tokio::test(flavor = "multi_thread")]
async fn ecs_task_logging_live() {
    let Some(lab) = Lab::new("ecs-task-logging").await else {
        return;
    };
    let iam = lab.iam();
    let exec = lab.role("exec", "ecs-tasks.amazonaws.com").await;
    lab.role("ecs-instance", "ec2.amazonaws.com").await;
    for role in ["exec", "ecs-instance"] {
        iam.put_role_policy()
            .role_name(role)
            .policy_name("logs")
            .policy_document(LOGS_POLICY)
            .send()
            .await
            .unwrap();
    }
    let profile = iam
        .create_instance_profile()
        .instance_profile_name("ecs-instance")
        .send()
        .await
        .unwrap();
    let profile_arn = profile.instance_profile().unwrap().arn().to_string();
    iam.add_role_to_instance_profile()
        .instance_profile_name("ecs-instance")
        .role_name("ecs-instance")
        .send()
        .await
        .unwrap();
    aws_sdk_cloudwatchlogs::Client::new(&lab.sdk)
        .create_log_group()
        .log_group_name("/ecs/app")
        .send()
        .await
        .unwrap();

    let ec2 = aws_sdk_ec2::Client::new(&lab.sdk);
    let ami = amazon_ami(&ec2).await;
    let ecs = aws_sdk_ecs::Client::new(&lab.sdk);
    for (cluster, awslogs) in [("workers", true), ("legacy", false)] {
        ecs.create_cluster()
            .cluster_name(cluster)
            .send()
            .await
            .unwrap();
        let run = ec2
            .run_instances()
            .image_id(&ami)
            .min_count(1)
            .max_count(1)
            .iam_instance_profile(
                aws_sdk_ec2::types::IamInstanceProfileSpecification::builder()
                    .arn(&profile_arn)
                    .build(),
            )
            .send()
            .await
            .unwrap();
        let id = run.instances()[0].instance_id().unwrap().to_string();
        ecs.register_container_instance()
            .cluster(cluster)
            .instance_identity_document(format!(r#"{{"instanceId":"{id}"}}"#))
            .send()
            .await
            .unwrap();
        if awslogs {
            // What the agent announces from ECS_AVAILABLE_LOGGING_DRIVERS.
            ecs.put_attributes()
                .cluster(cluster)
                .attributes(
                    Attribute::builder()
                        .name("com.amazonaws.ecs.capability.logging-driver.awslogs")
                        .build()
                        .unwrap(),
                )
                .send()
                .await
                .unwrap();
        }
    }
    ecs.create_cluster()
        .cluster_name("fargate")
        .send()
        .await
        .unwrap();

    // (family, logs, execution role, compatibility); web is registered twice.
    let mut arns = std::collections::BTreeMap::new();
    for (family, logs, with_exec, compat) in [
        ("web", true, true, Compatibility::Fargate),
        ("web", true, true, Compatibility::Fargate),
        ("batch", false, true, Compatibility::Fargate),
        ("worker", true, false, Compatibility::Ec2),
        ("legacy", true, false, Compatibility::Ec2),
    ] {
        let mut r = ecs
            .register_task_definition()
            .family(family)
            .requires_compatibilities(compat)
            .container_definitions(container(family, logs));
        if with_exec {
            r = r.execution_role_arn(&exec);
        }
        let out = r.send().await.unwrap();
        let td = out.task_definition().unwrap();
        arns.insert(
            format!("{family}:{}", td.revision()),
            td.task_definition_arn().unwrap().to_string(),
        );
    }
    for (service, cluster, td, launch) in [
        ("web", "fargate", "web:1", LaunchType::Fargate),
        ("worker", "workers", "worker:1", LaunchType::Ec2),
        ("legacy", "legacy", "legacy:1", LaunchType::Ec2),
    ] {
        ecs.create_service()
            .cluster(cluster)
            .service_name(service)
            .task_definition(&arns[td])
            .desired_count(1)
            .launch_type(launch)
            .send()
            .await
            .unwrap();
    }

    let (doc, account) = lab.scan_and_snapshot(CHECK, &["us-east-1"], &[]);
    let arn = |k: &str| arns[k].clone();
    assert_eq!(
        statuses(&doc, CHECK),
        want(&[
            (arn("web:1"), "pass"),
            (arn("web:2"), "pass"),
            (arn("batch:1"), "fail"),
            (arn("worker:1"), "pass"),
            (arn("legacy:1"), "fail"),
        ]),
        "{doc:#}"
    );
    assert_finding(
        &doc,
        CHECK,
        &arn("batch:1"),
        "fail",
        "essential container batch has no logConfiguration.logDriver",
    );
    assert_finding(
        &doc,
        CHECK,
        &arn("legacy:1"),
        "fail",
        "of cluster legacy lacks com.amazonaws.ecs.capability.logging-driver.awslogs",
    );
    let text = account.to_string();
    assert!(text.contains("API_TOKEN"), "{account:#}");
    assert!(!text.contains(SECRET), "the environment value is redacted");
}
