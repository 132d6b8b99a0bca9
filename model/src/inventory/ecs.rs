//! ECS: clusters with their services and container instances, and the task
//! definitions services use (plus the latest active revision of each
//! family). Container environment values and log options other than the
//! `awslogs-*` ones are redacted on load.

use super::{merge, resource, Tags};
use crate::data::Data;
use crate::secret::NamedSecret;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// What checks can read of the section, one per call (see crate::data).
/// `ListClusters` and `DescribeClusters`: clusters and their tags.
pub const CLUSTERS: Data = Data::listing("ecs");
/// `ListServices` and `DescribeServices`: each cluster's services, their launch type and task definition.
pub const SERVICES: Data = Data::part("ecs", "clusters.services");
/// `ListContainerInstances` and `DescribeContainerInstances`: each cluster's container instances and their attributes.
pub const CONTAINER_INSTANCES: Data = Data::part("ecs", "clusters.container_instances");
/// `ListTaskDefinitionFamilies` and `DescribeTaskDefinition`: the task definitions services use and the latest active revision of each family.
pub const TASK_DEFINITIONS: Data = Data::part("ecs", "task_definitions");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[CLUSTERS, SERVICES, CONTAINER_INSTANCES, TASK_DEFINITIONS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ecs {
    #[serde(default)]
    pub clusters: Vec<Cluster>,
    #[serde(default)]
    pub task_definitions: Vec<TaskDefinition>,
}
merge!(Ecs {
    clusters,
    task_definitions
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cluster {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    #[serde(default)]
    pub tags: Tags,
    #[serde(default)]
    pub services: Vec<Service>,
    #[serde(default)]
    pub container_instances: Vec<ContainerInstance>,
}
resource!(Cluster, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub arn: String,
    pub name: String,
    /// `ACTIVE`, `DRAINING` or `INACTIVE`.
    pub status: String,
    /// `EC2`, `FARGATE` or `EXTERNAL`; absent when a capacity provider
    /// strategy places the tasks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_type: Option<String>,
    /// The capacity providers of its strategy (`FARGATE`, `FARGATE_SPOT`, or
    /// a provider backed by an Auto Scaling group).
    #[serde(default)]
    pub capacity_providers: Vec<String>,
    /// The task definition ARN (with its revision), looked up in
    /// `task_definitions`.
    pub task_definition: String,
    #[serde(default)]
    pub tags: Tags,
}

impl Service {
    /// True when the service's tasks run on Fargate.
    pub fn on_fargate(&self) -> bool {
        match &self.launch_type {
            Some(t) => t == "FARGATE",
            None => {
                !self.capacity_providers.is_empty()
                    && self
                        .capacity_providers
                        .iter()
                        .all(|p| p.starts_with("FARGATE"))
            }
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContainerInstance {
    pub arn: String,
    /// The EC2 instance (looked up in `ec2.instances`); absent for external instances.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ec2_instance_id: Option<String>,
    /// `ACTIVE`, `DRAINING`, …
    pub status: String,
    /// Attribute names (`com.amazonaws.ecs.capability.logging-driver.awslogs`, …).
    #[serde(default)]
    pub attributes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskDefinition {
    /// `arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub family: String,
    pub revision: i64,
    /// `ACTIVE` or `INACTIVE`.
    pub status: String,
    /// `requiresCompatibilities`: `EC2`, `FARGATE`, `EXTERNAL`.
    #[serde(default)]
    pub requires_compatibilities: Vec<String>,
    /// The task execution role (pulls images, writes logs); looked up in `iam.roles`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_role_arn: Option<String>,
    /// The task role (what the containers' code may do).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_role_arn: Option<String>,
    #[serde(default)]
    pub containers: Vec<ContainerDefinition>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(TaskDefinition, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContainerDefinition {
    pub name: String,
    /// `essential`: the task stops when this container stops; absent =
    /// true, the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub essential: Option<bool>,
    /// `logConfiguration`; absent when the container has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_configuration: Option<LogConfiguration>,
    /// `environment`: names kept, values redacted (a plain string in a
    /// fixture becomes its hash on load).
    #[serde(default)]
    pub environment: Vec<NamedSecret>,
    /// `secrets`: the names of variables injected from Secrets Manager or
    /// Parameter Store (`valueFrom` is not kept).
    #[serde(default)]
    pub secrets: Vec<String>,
}

impl ContainerDefinition {
    /// True when the task stops with this container (`essential`, true by default).
    pub fn is_essential(&self) -> bool {
        self.essential.unwrap_or(true)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfiguration {
    /// `logDriver`: `awslogs`, `awsfirelens`, `splunk`, `json-file`, …
    pub log_driver: String,
    /// The `awslogs-*` options (`awslogs-group`, `awslogs-region`,
    /// `awslogs-create-group`, `awslogs-stream-prefix`, …), as set.
    #[serde(default)]
    pub awslogs_options: BTreeMap<String, String>,
    /// Every other option (a Splunk token, a Fluentd address): names kept,
    /// values redacted.
    #[serde(default)]
    pub other_options: Vec<NamedSecret>,
}
