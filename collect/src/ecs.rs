//! ECS, per region: `ListClusters`, then, as the selected checks read
//! them: per cluster `ListContainerInstances` and
//! `DescribeContainerInstances` (100 at a time); per cluster
//! `ListServices` and `DescribeServices` (10 at a time); and the task
//! definitions: `ListTaskDefinitions` (ACTIVE, for the latest revision of
//! each family) and `DescribeTaskDefinition` (with its tags)
//! for those and for every revision a service runs. A failed services or
//! task-definition call leaves that part unread in the region (what was
//! read is kept). Container environment values are redacted as they are
//! read ([`Secret::redact`]): only their names and short hashes enter the
//! inventory.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_ecs;

use crate::session::sdk_client;
use crate::{tags_of, Cx};
use aws_sdk_ecs::types::{ContainerDefinition, TaskDefinitionField, TaskDefinitionStatus};
use aws_sdk_ecs::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::ecs::{
    self as data, Cluster, Container, ContainerInstance, Ecs, LogConfiguration, Service,
    TaskDefinition,
};
use awscheck_model::secret::{NamedSecret, Secret};
use std::collections::{BTreeMap, BTreeSet};

crate::registry::operations! {
    sdk "ECS", iam "ecs" {
        LIST_CLUSTERS = ListClusters,
        LIST_CONTAINER_INSTANCES = ListContainerInstances,
        DESCRIBE_CONTAINER_INSTANCES = DescribeContainerInstances,
        LIST_SERVICES = ListServices,
        DESCRIBE_SERVICES = DescribeServices,
        LIST_TASK_DEFINITIONS = ListTaskDefinitions,
        DESCRIBE_TASK_DEFINITION = DescribeTaskDefinition,
    }
}

crate::service!(Ecs);

/// The attribute prefix through which the agent announces the logging
/// drivers `ECS_AVAILABLE_LOGGING_DRIVERS` allows.
const LOGGING_DRIVER: &str = "com.amazonaws.ecs.capability.logging-driver.";

/// A cluster or task definition deleted since it was listed answers this.
const GONE: &[&str] = &["ClusterNotFoundException", "ClientException"];

async fn collect(cx: &Cx) -> Result<Ecs, CollectError> {
    let client = sdk_client!(aws_sdk_ecs, &cx.session, &cx.region);
    let arns = cx
        .list(
            LIST_CLUSTERS,
            client.list_clusters().into_paginator().items().send(),
        )
        .await?;
    let clusters = cx.bounded(arns, |arn| read_cluster(cx, &client, arn)).await;
    let services = cx
        .part(data::SERVICES, async {
            let mut all = Vec::new();
            for cluster in &clusters {
                all.extend(services(cx, &client, &cluster.arn).await?);
            }
            Ok(all)
        })
        .await;
    let task_definitions = if cx.wants(data::TASK_DEFINITIONS) {
        task_definitions(cx, &client, &services).await
    } else {
        Vec::new()
    };
    Ok(Ecs {
        clusters,
        services,
        task_definitions,
    })
}

async fn read_cluster(cx: &Cx, client: &Client, arn: String) -> Cluster {
    let container_instances = cx
        .read_if(data::CONTAINER_INSTANCES, async {
            match container_instances(cx, client, &arn).await {
                Ok(instances) => Collected::Value(instances),
                Err(e) if GONE.contains(&e.code.as_str()) => Collected::Absent,
                Err(e) => Collected::Error(e),
            }
        })
        .await;
    Cluster {
        name: arn.rsplit('/').next().unwrap_or(&arn).to_string(),
        region: cx.region.clone(),
        account_id: cx.account_of(&arn),
        arn,
        container_instances,
    }
}

async fn container_instances(
    cx: &Cx,
    client: &Client,
    cluster: &str,
) -> Result<Vec<ContainerInstance>, CollectError> {
    let arns = cx
        .list(
            LIST_CONTAINER_INSTANCES,
            client
                .list_container_instances()
                .cluster(cluster)
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let mut instances = Vec::new();
    for chunk in arns.chunks(100) {
        let request = client
            .describe_container_instances()
            .cluster(cluster)
            .set_container_instances(Some(chunk.to_vec()))
            .send();
        let out = cx.call(DESCRIBE_CONTAINER_INSTANCES, request).await.ok()?;
        instances.extend(out.container_instances().iter().map(|i| {
            let mut logging_drivers: Vec<String> = i
                .attributes()
                .iter()
                .filter_map(|a| a.name().strip_prefix(LOGGING_DRIVER))
                .map(str::to_string)
                .collect();
            logging_drivers.sort();
            ContainerInstance {
                arn: i.container_instance_arn().unwrap_or_default().to_string(),
                ec2_instance_id: i.ec2_instance_id().map(str::to_string),
                status: i.status().unwrap_or_default().to_string(),
                logging_drivers,
            }
        }));
    }
    Ok(instances)
}

async fn services(cx: &Cx, client: &Client, cluster: &str) -> Result<Vec<Service>, CollectError> {
    let arns = cx
        .list(
            LIST_SERVICES,
            client
                .list_services()
                .cluster(cluster)
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let mut services = Vec::new();
    for chunk in arns.chunks(10) {
        let request = client
            .describe_services()
            .cluster(cluster)
            .set_services(Some(chunk.to_vec()))
            .send();
        let out = cx.call(DESCRIBE_SERVICES, request).await.ok()?;
        services.extend(out.services().iter().map(|s| {
            let arn = s.service_arn().unwrap_or_default().to_string();
            Service {
                name: s.service_name().unwrap_or_default().to_string(),
                region: cx.region.clone(),
                account_id: cx.account_of(&arn),
                arn,
                cluster_arn: s.cluster_arn().unwrap_or(cluster).to_string(),
                status: s.status().unwrap_or_default().to_string(),
                task_definition: s.task_definition().unwrap_or_default().to_string(),
                launch_type: s.launch_type().map(|l| l.as_str().to_string()),
                capacity_providers: s
                    .capacity_provider_strategy()
                    .iter()
                    .map(|p| p.capacity_provider().to_string())
                    .collect(),
            }
        }));
    }
    Ok(services)
}

/// The revisions services run and the latest ACTIVE revision of each
/// family, described; a failed listing or description leaves the part
/// unread in the region and keeps what was read.
async fn task_definitions(cx: &Cx, client: &Client, services: &[Service]) -> Vec<TaskDefinition> {
    let mut arns: BTreeSet<String> = services
        .iter()
        .map(|s| s.task_definition.clone())
        .filter(|a| !a.is_empty())
        .collect();
    let listed = cx
        .list(
            LIST_TASK_DEFINITIONS,
            client
                .list_task_definitions()
                .status(TaskDefinitionStatus::Active)
                .into_paginator()
                .items()
                .send(),
        )
        .await;
    match listed {
        Ok(listed) => arns.extend(latest_of_each_family(listed)),
        Err(e) => cx.unread(data::TASK_DEFINITIONS, e),
    }
    let described = cx
        .bounded(arns, |arn| async move {
            let request = client
                .describe_task_definition()
                .task_definition(&arn)
                .include(TaskDefinitionField::Tags)
                .send();
            cx.call(DESCRIBE_TASK_DEFINITION, request)
                .await
                .read(GONE, |o| task_definition(cx, &o))
        })
        .await;
    let mut definitions = Vec::new();
    for d in described {
        match d {
            Collected::Value(d) => definitions.push(d),
            Collected::Absent => {}
            Collected::Error(e) => cx.unread(data::TASK_DEFINITIONS, e),
        }
    }
    definitions
}

/// The highest revision of each family among `arns`
/// (`…:task-definition/FAMILY:REVISION`), whatever the listing's order.
fn latest_of_each_family(arns: Vec<String>) -> Vec<String> {
    let mut latest: BTreeMap<String, (i64, String)> = BTreeMap::new();
    for arn in arns {
        let Some((family, revision)) = arn
            .rsplit('/')
            .next()
            .and_then(|t| t.rsplit_once(':'))
            .and_then(|(f, r)| Some((f.to_string(), r.parse::<i64>().ok()?)))
        else {
            continue;
        };
        match latest.get(&family) {
            Some((newest, _)) if *newest >= revision => {}
            _ => {
                latest.insert(family, (revision, arn));
            }
        }
    }
    latest.into_values().map(|(_, arn)| arn).collect()
}

fn task_definition(
    cx: &Cx,
    out: &aws_sdk_ecs::operation::describe_task_definition::DescribeTaskDefinitionOutput,
) -> Option<TaskDefinition> {
    let td = out.task_definition()?;
    let arn = td.task_definition_arn()?.to_string();
    Some(TaskDefinition {
        region: cx.region.clone(),
        account_id: cx.account_of(&arn),
        family: td.family().unwrap_or_default().to_string(),
        revision: i64::from(td.revision()),
        status: td
            .status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        requires_compatibilities: td
            .requires_compatibilities()
            .iter()
            .map(|c| c.as_str().to_string())
            .collect(),
        execution_role: td.execution_role_arn().map(str::to_string),
        task_role: td.task_role_arn().map(str::to_string),
        containers: td.container_definitions().iter().map(container).collect(),
        tags: tags_of(
            out.tags()
                .iter()
                .map(|t| (t.key().unwrap_or_default(), t.value().unwrap_or_default())),
        ),
        arn,
    })
}

/// A container definition: its log configuration (the `awslogs` options
/// only) and its environment, values redacted, sorted by name.
fn container(c: &ContainerDefinition) -> Container {
    let mut environment: Vec<NamedSecret> = c
        .environment()
        .iter()
        .filter_map(|kv| {
            Some(NamedSecret {
                name: kv.name()?.to_string(),
                value: Secret::redact(kv.value().unwrap_or_default()),
            })
        })
        .collect();
    environment.sort_by(|a, b| a.name.cmp(&b.name));
    Container {
        name: c.name().unwrap_or_default().to_string(),
        image: c.image().unwrap_or_default().to_string(),
        essential: c.essential(),
        log_configuration: c.log_configuration().map(|l| {
            let option = |key: &str| l.options().and_then(|o| o.get(key)).cloned();
            LogConfiguration {
                driver: l.log_driver().as_str().to_string(),
                awslogs_group: option("awslogs-group"),
                awslogs_region: option("awslogs-region"),
                awslogs_create_group: option("awslogs-create-group")
                    .is_some_and(|v| v.eq_ignore_ascii_case("true")),
            }
        }),
        environment,
    }
}
