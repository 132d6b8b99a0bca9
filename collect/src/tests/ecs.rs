//! The ECS collector with aws-smithy-mocks: one cluster on Fargate and EC2,
//! the revision its service runs and the latest of each family read and
//! judged by `ecs-task-logging` (environment values redacted), and the
//! error paths: AccessDenied on the listing, a task definition throttled
//! after the retries, the container instances answering a 5xx. The
//! emulator proves the same reads end to end (`tests/emulator/containers.rs`).

use super::*;
use aws_sdk_ecs::operation::*;
use aws_sdk_ecs::types::{
    Attribute, ContainerDefinition, ContainerInstance, KeyValuePair, LaunchType, LogConfiguration,
    LogDriver, Service, Tag, TaskDefinition, TaskDefinitionStatus,
};
use aws_sdk_ecs::Client;
use aws_smithy_mocks::{mock, Rule};

const CHECK: &str = "ecs-task-logging";
const CLUSTER: &str = "arn:aws:ecs:us-east-1:111122223333:cluster/shop";
const WEB_3: &str = "arn:aws:ecs:us-east-1:111122223333:task-definition/web:3";
const WEB_2: &str = "arn:aws:ecs:us-east-1:111122223333:task-definition/web:2";
const BATCH_1: &str = "arn:aws:ecs:us-east-1:111122223333:task-definition/batch:1";
const SECRET: &str = "synthetic-ecs-db-password-7f3e";
const DENIED: &str = r#"{"__type":"AccessDeniedException","message":"not authorized"}"#;
const THROTTLED: &str = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;

fn definition(arn: &str, family: &str, revision: i32, logs: bool) -> TaskDefinition {
    let mut container = ContainerDefinition::builder()
        .name(family)
        .image(format!("{family}:latest"))
        .environment(
            KeyValuePair::builder()
                .name("DB_PASSWORD")
                .value(SECRET)
                .build(),
        );
    if logs {
        container = container.log_configuration(
            LogConfiguration::builder()
                .log_driver(LogDriver::Awslogs)
                .options("awslogs-group", "/ecs/web")
                .options("awslogs-region", "us-east-1")
                .options("awslogs-stream-prefix", "web")
                .build()
                .unwrap(),
        );
    }
    TaskDefinition::builder()
        .task_definition_arn(arn)
        .family(family)
        .revision(revision)
        .status(TaskDefinitionStatus::Active)
        .execution_role_arn("arn:aws:iam::111122223333:role/exec")
        .container_definitions(container.build())
        .build()
}

/// A cluster whose service `web` runs `web:3` on EC2 on one container
/// instance offering awslogs; `ListTaskDefinitions` lists web:3, web:2 and
/// batch:1 (batch logs nothing); each call answers as `overrides` say,
/// else so.
fn rules(overrides: Vec<Rule>) -> Vec<Rule> {
    let mut all = overrides;
    all.extend([
        mock!(Client::list_clusters).then_output(|| {
            list_clusters::ListClustersOutput::builder()
                .cluster_arns(CLUSTER)
                .build()
        }),
        mock!(Client::list_container_instances).then_output(|| {
            list_container_instances::ListContainerInstancesOutput::builder()
                .container_instance_arns(
                    "arn:aws:ecs:us-east-1:111122223333:container-instance/shop/ci1",
                )
                .build()
        }),
        mock!(Client::describe_container_instances).then_output(|| {
            describe_container_instances::DescribeContainerInstancesOutput::builder()
                .container_instances(
                    ContainerInstance::builder()
                        .container_instance_arn(
                            "arn:aws:ecs:us-east-1:111122223333:container-instance/shop/ci1",
                        )
                        .ec2_instance_id("i-0ecs")
                        .status("ACTIVE")
                        .attributes(
                            Attribute::builder()
                                .name("com.amazonaws.ecs.capability.logging-driver.awslogs")
                                .build()
                                .unwrap(),
                        )
                        .attributes(
                            Attribute::builder()
                                .name("ecs.os-type")
                                .value("linux")
                                .build()
                                .unwrap(),
                        )
                        .build(),
                )
                .build()
        }),
        mock!(Client::list_services).then_output(|| {
            list_services::ListServicesOutput::builder()
                .service_arns("arn:aws:ecs:us-east-1:111122223333:service/shop/web")
                .build()
        }),
        mock!(Client::describe_services).then_output(|| {
            describe_services::DescribeServicesOutput::builder()
                .services(
                    Service::builder()
                        .service_arn("arn:aws:ecs:us-east-1:111122223333:service/shop/web")
                        .service_name("web")
                        .cluster_arn(CLUSTER)
                        .status("ACTIVE")
                        .task_definition(WEB_3)
                        .launch_type(LaunchType::Ec2)
                        .build(),
                )
                .build()
        }),
        mock!(Client::list_task_definitions).then_output(|| {
            list_task_definitions::ListTaskDefinitionsOutput::builder()
                .task_definition_arns(WEB_3)
                .task_definition_arns(WEB_2)
                .task_definition_arns(BATCH_1)
                .build()
        }),
        mock!(Client::describe_task_definition)
            .match_requests(|r| r.task_definition() == Some(WEB_3))
            .then_output(|| {
                describe_task_definition::DescribeTaskDefinitionOutput::builder()
                    .task_definition(definition(WEB_3, "web", 3, true))
                    .tags(Tag::builder().key("team").value("shop").build())
                    .build()
            }),
        mock!(Client::describe_task_definition)
            .match_requests(|r| r.task_definition() == Some(BATCH_1))
            .then_output(|| {
                describe_task_definition::DescribeTaskDefinitionOutput::builder()
                    .task_definition(definition(BATCH_1, "batch", 1, false))
                    .build()
            }),
    ]);
    all
}

/// The account the check needs beside ECS: the log group, the execution
/// role allowed to write to it, the container instance's EC2 instance.
fn others() -> serde_json::Value {
    serde_json::json!({
        "logs": {"log_groups": [{"arn": "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/web",
            "region": "us-east-1", "account_id": "111122223333", "name": "/ecs/web"}]},
        "ec2": {"instances": [{"arn": "arn:aws:ec2:us-east-1:111122223333:instance/i-0ecs", "region": "us-east-1",
            "account_id": "111122223333", "instance_id": "i-0ecs", "state": "running",
            "launch_time": "2026-11-20T10:00:00Z", "metadata_options": {}}]},
        "iam": {"roles": [{"arn": "arn:aws:iam::111122223333:role/exec", "region": "global",
            "account_id": "111122223333", "name": "exec",
            "trust_policy": {"Statement": []},
            "attached_policies": {"value": []},
            "inline_policies": {"value": [{"name": "logs", "document": {"Statement": [
                {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}]}}]}}],
            "policies": [], "instance_profiles": []}
    })
}

async fn collected(rules: &[Rule]) -> Account {
    let s = session(&rules.iter().collect::<Vec<_>>());
    with_sections(collect(&s, &["ecs"]).await, others())
}

#[tokio::test]
async fn ecs_definitions_services_and_instances_are_read_and_judged() {
    let account = collected(&rules(vec![])).await;
    assert!(
        account.collection_errors.is_empty(),
        "{:?}",
        account.collection_errors
    );
    let ecs = account.ecs.as_ref().unwrap();
    let arns: Vec<&str> = ecs
        .task_definitions
        .iter()
        .map(|t| t.arn.as_str())
        .collect();
    assert_eq!(
        arns,
        [BATCH_1, WEB_3],
        "the service's revision and each family's latest"
    );
    let web = &ecs.task_definitions[1];
    assert_eq!(web.tags.get("team").map(String::as_str), Some("shop"));
    let log = web.containers[0].log_configuration.as_ref().unwrap();
    assert_eq!(log.awslogs_group.as_deref(), Some("/ecs/web"));
    assert_eq!(web.containers[0].environment[0].name, "DB_PASSWORD");
    assert!(web.containers[0].environment[0].value.is(SECRET));
    let text = serde_json::to_string(&account).unwrap();
    assert!(!text.contains(SECRET), "the environment value is redacted");
    let instances = ecs.clusters[0].container_instances.value().unwrap();
    assert_eq!(instances[0].logging_drivers, ["awslogs"]);
    assert_eq!(ecs.services[0].launch_type.as_deref(), Some("EC2"));

    let f = judge(&account, CHECK);
    expect(&f, WEB_3, Status::Pass, "every essential container (web)");
    expect(
        &f,
        BATCH_1,
        Status::Fail,
        "essential container batch has no logConfiguration",
    );
}

#[tokio::test]
async fn ecs_denied_throttled_and_5xx_are_errors_naming_the_call() {
    let account = collected(&rules(vec![
        mock!(Client::list_clusters).then_http_response(|| http(400, DENIED))
    ]))
    .await;
    let f = judge(&account, CHECK);
    assert_eq!(f.len(), 1, "{f:#?}");
    expect(
        &f,
        "arn:aws:ecs:us-east-1:111122223333",
        Status::Error,
        "ecs could not be read in us-east-1: ListClusters failed: AccessDeniedException",
    );

    let throttled = mock!(Client::describe_task_definition)
        .match_requests(|r| r.task_definition() == Some(BATCH_1))
        .then_http_response(|| http(400, THROTTLED));
    let account = collected(&rules(vec![throttled.clone()])).await;
    assert_eq!(throttled.num_calls(), ATTEMPTS as usize);
    let e = &account.collection_errors[0];
    assert_eq!(e.part.as_deref(), Some("task_definitions"));
    let f = judge(&account, CHECK);
    expect(
        &f,
        "arn:aws:ecs:us-east-1:111122223333",
        Status::Error,
        "throttled: DescribeTaskDefinition (ThrottlingException)",
    );

    let account = collected(&rules(vec![mock!(Client::describe_container_instances)
        .then_http_response(|| {
            http(
                500,
                r#"{"__type":"ServerException","message":"internal error"}"#,
            )
        })]))
    .await;
    let f = judge(&account, CHECK);
    expect(
        &f,
        WEB_3,
        Status::Error,
        "DescribeContainerInstances failed: ServerException",
    );
}
