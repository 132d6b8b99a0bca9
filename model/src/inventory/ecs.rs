//! Amazon ECS, per region: clusters with their container instances (and
//! the logging drivers each instance's agent offers), services, and the
//! task definitions services run plus the latest ACTIVE revision of each
//! family, with their containers' log configuration and environment
//! (values redacted on load).

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use crate::secret::NamedSecret;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

// What checks can read of the section, one per call (see crate::data).
/// `ListClusters`: clusters by ARN.
pub const CLUSTERS: Data = Data::listing("ecs");
/// `ListContainerInstances`, `DescribeContainerInstances`: each cluster's container instances and their logging-driver attributes.
pub const CONTAINER_INSTANCES: Data = Data::part("ecs", "clusters.container_instances");
/// `ListServices`, `DescribeServices`: each cluster's services, their task definition and launch type.
pub const SERVICES: Data = Data::part("ecs", "services");
/// `ListTaskDefinitions`, `DescribeTaskDefinition` (with tags): the task definitions services run and the latest ACTIVE revision of each family.
pub const TASK_DEFINITIONS: Data = Data::part("ecs", "task_definitions");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[CLUSTERS, CONTAINER_INSTANCES, SERVICES, TASK_DEFINITIONS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ecs {
    #[serde(default)]
    pub clusters: Vec<Cluster>,
    /// The services of every cluster.
    #[serde(default)]
    pub services: Vec<Service>,
    /// The task definitions services run (whatever their status) and the
    /// latest ACTIVE revision of each family.
    #[serde(default)]
    pub task_definitions: Vec<TaskDefinition>,
}
merge!(Ecs {
    clusters,
    services,
    task_definitions
});

impl Ecs {
    /// Which task definition revisions run: see [`InUse`].
    pub fn in_use(&self) -> InUse<'_> {
        let mut runs: HashMap<&str, Vec<&Service>> = HashMap::new();
        for s in self.services.iter().filter(|s| s.status == "ACTIVE") {
            runs.entry(&s.task_definition).or_default().push(s);
        }
        let mut latest: HashMap<(&str, &str, &str), i64> = HashMap::new();
        for td in self
            .task_definitions
            .iter()
            .filter(|td| td.status == "ACTIVE")
        {
            let revision = latest
                .entry((&td.account_id, &td.region, &td.family))
                .or_insert(td.revision);
            *revision = (*revision).max(td.revision);
        }
        InUse { runs, latest }
    }
}

/// The revisions that matter: those ACTIVE services run, and the latest
/// ACTIVE revision of each family (what the next service will run).
pub struct InUse<'a> {
    runs: HashMap<&'a str, Vec<&'a Service>>,
    latest: HashMap<(&'a str, &'a str, &'a str), i64>,
}

impl<'a> InUse<'a> {
    /// The ACTIVE services that run `td`.
    pub fn services(&self, td: &TaskDefinition) -> &[&'a Service] {
        self.runs
            .get(td.arn.as_str())
            .map_or(&[][..], Vec::as_slice)
    }

    /// Why `td` does not matter (a SKIP reason); `None` when it does.
    pub fn unused(&self, td: &TaskDefinition) -> Option<String> {
        let latest = self.latest.get(&(
            td.account_id.as_str(),
            td.region.as_str(),
            td.family.as_str(),
        )) == Some(&td.revision);
        (self.services(td).is_empty() && !latest).then(|| {
            format!(
                "revision {} of {} is not run by an ACTIVE service and is not the family's latest ACTIVE revision",
                td.revision, td.family
            )
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cluster {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// The cluster's registered EC2 (or external) container instances; an
    /// empty list for a Fargate-only cluster.
    #[serde(default)]
    pub container_instances: Collected<Vec<ContainerInstance>>,
}
resource!(Cluster);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContainerInstance {
    pub arn: String,
    /// `ec2InstanceId` (looked up in `ec2.instances`); absent for an
    /// external (ECS Anywhere) instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ec2_instance_id: Option<String>,
    /// `ACTIVE`, `DRAINING`, `REGISTERING`, …
    pub status: String,
    /// The drivers of the instance's
    /// `com.amazonaws.ecs.capability.logging-driver.<driver>` attributes
    /// (`awslogs`, `awsfirelens`, `json-file`, …): what the agent's
    /// `ECS_AVAILABLE_LOGGING_DRIVERS` allows.
    #[serde(default)]
    pub logging_drivers: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// The cluster it runs in (looked up in `clusters`).
    pub cluster_arn: String,
    /// `ACTIVE`, `DRAINING` or `INACTIVE`.
    pub status: String,
    /// The ARN of the task definition revision it runs (looked up in
    /// `task_definitions`).
    pub task_definition: String,
    /// `launchType`: `EC2`, `FARGATE` or `EXTERNAL`; absent when the
    /// service uses a capacity provider strategy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_type: Option<String>,
    /// The capacity providers of its strategy (`FARGATE`, `FARGATE_SPOT`,
    /// or an Auto Scaling group's provider).
    #[serde(default)]
    pub capacity_providers: Vec<String>,
}
resource!(Service);

impl Service {
    /// True when its tasks run on Fargate (launch type, or a Fargate
    /// capacity provider).
    pub fn on_fargate(&self) -> bool {
        self.launch_type.as_deref() == Some("FARGATE")
            || self
                .capacity_providers
                .iter()
                .any(|p| p == "FARGATE" || p == "FARGATE_SPOT")
    }

    /// True when its tasks run on the cluster's container instances (EC2
    /// or external, by launch type or an Auto Scaling capacity provider).
    pub fn on_instances(&self) -> bool {
        matches!(self.launch_type.as_deref(), Some("EC2" | "EXTERNAL"))
            || self
                .capacity_providers
                .iter()
                .any(|p| p != "FARGATE" && p != "FARGATE_SPOT")
    }
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
    /// `ACTIVE`, `INACTIVE` or `DELETE_IN_PROGRESS`.
    pub status: String,
    /// `requiresCompatibilities`: `EC2`, `FARGATE`, `EXTERNAL`.
    #[serde(default)]
    pub requires_compatibilities: Vec<String>,
    /// `executionRoleArn` (looked up in `iam.roles`): the role the agent
    /// uses to pull images and send `awslogs` logs; absent when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_role: Option<String>,
    /// `taskRoleArn` (looked up in `iam.roles`): the role the containers'
    /// code runs as; absent when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_role: Option<String>,
    /// `containerDefinitions`.
    #[serde(default)]
    pub containers: Vec<Container>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(TaskDefinition, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Container {
    pub name: String,
    /// The image (`public.ecr.aws/xray/aws-xray-daemon:3.x`).
    #[serde(default)]
    pub image: String,
    /// `essential`: `false` for a container whose stop does not stop the
    /// task; absent = essential (the API's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub essential: Option<bool>,
    /// `logConfiguration`; absent when the container has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_configuration: Option<LogConfiguration>,
    /// `environment`: names kept, values redacted (a plain string in a
    /// fixture becomes its hash on load).
    #[serde(default)]
    pub environment: Vec<NamedSecret>,
}

impl Container {
    /// True unless the container is marked non-essential.
    pub fn is_essential(&self) -> bool {
        self.essential != Some(false)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfiguration {
    /// `logDriver`: `awslogs`, `awsfirelens`, `splunk`, `fluentd`,
    /// `json-file`, `none`, …
    pub driver: String,
    /// The `awslogs-group` option: the log group (looked up in
    /// `logs.log_groups`); absent when not set. The driver's other options
    /// are not kept (some, such as `splunk-token`, are secrets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awslogs_group: Option<String>,
    /// The `awslogs-region` option; absent when not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awslogs_region: Option<String>,
    /// The `awslogs-create-group` option is `true`: the driver creates the
    /// group when it does not exist.
    #[serde(default)]
    pub awslogs_create_group: bool,
}
