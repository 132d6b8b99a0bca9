//! ## What it checks
//!
//! The task definitions that run send their containers' output to
//! CloudWatch Logs (`ecs:ListServices`, `ecs:DescribeServices`,
//! `ecs:ListTaskDefinitions`, `ecs:DescribeTaskDefinition`,
//! `ecs:ListContainerInstances`, `ecs:DescribeContainerInstances`). One
//! finding per task definition revision an ACTIVE service runs, and per
//! latest ACTIVE revision of each family:
//!
//! - FAIL: an essential container has no `logConfiguration` (its output is
//!   lost when the task stops), or logs through the `none` driver.
//! - FAIL, for an `awslogs` container: its options lack `awslogs-group` or
//!   `awslogs-region`; the log group does not exist and
//!   `awslogs-create-group` is not `true`.
//! - FAIL, permissions: the role that sends the logs is not allowed
//!   `logs:CreateLogStream` and `logs:PutLogEvents` on the group (and
//!   `logs:CreateLogGroup` when the driver must create it). That role is
//!   the execution role; a task definition without one FAILs when a
//!   service runs it on Fargate (or, run by no service, it requires
//!   Fargate), and on the EC2 launch type (or an Auto Scaling capacity
//!   provider) the container instances' role is judged instead: the role
//!   of the instance profile of each container instance of the service's
//!   cluster.
//! - FAIL, driver capability: a service runs the definition on container
//!   instances and one of them lacks the attribute
//!   `com.amazonaws.ecs.capability.logging-driver.awslogs` (how the
//!   agent's `ECS_AVAILABLE_LOGGING_DRIVERS` shows in the API).
//! - Advisory (FAIL at low): an essential container logs through another
//!   driver (`splunk`, `fluentd`, `json-file`, …) rather than `awslogs` or
//!   FireLens.
//! - PASS: every essential container logs through `awslogs` (all of the
//!   above holds) or `awsfirelens` (FireLens routes the logs; its own
//!   destination is not judged). The reason notes when the
//!   container-instance role could not be judged: a definition without an
//!   execution role that no service runs (the instances that will run it
//!   are not known), or a cluster with no container instances registered.
//! - SKIP: a revision neither an ACTIVE service runs nor the latest ACTIVE
//!   revision of its family.
//! - ERROR: the services, task definitions, a cluster's container
//!   instances, the log group, an EC2 instance, instance profile, role or
//!   its policies could not be read (when nothing else fails).
//!
//! Non-essential containers are not judged. `iam:SimulatePrincipalPolicy`
//! is not called: the role's own policies are evaluated (permission
//! boundaries and SCPs are not in the model).
//!
//! ## Why it matters
//!
//! A container's standard output lives only as long as the task: without a
//! log driver that ships it, the reason a task crashed is gone when ECS
//! replaces it (notes 000 › Resilient cloud solutions › "ECS", logging).
//! The `awslogs` driver needs the options that name the group and region,
//! a role allowed to create streams and put events (the task execution
//! role on Fargate; on EC2 the container-instance role), and, on EC2, an
//! agent that offers the driver (`ECS_AVAILABLE_LOGGING_DRIVERS`). The
//! notes call this the correct configuration: no sidecar or agent needed
//! (notes 001 › ## Amazon ECS (EC2) & ECR Logging › ### Correct
//! Configuration; 001 › ## Examination Tips & 'Wrong Answer' Context, "ECS
//! Logging Best Practice").
//!
//! ## How to fix
//!
//! - **Console**: ECS › Task definitions › the family › Create new revision › each essential container › Logging › Use log collection › Amazon CloudWatch (group, region, stream prefix); set the Task execution role to one with `AmazonECSTaskExecutionRolePolicy`; update the service to the new revision. On EC2, add `ECS_AVAILABLE_LOGGING_DRIVERS=["json-file","awslogs"]` to `/etc/ecs/ecs.config` (the ECS-optimized AMI has it) and give the instance role `logs:CreateLogStream` and `logs:PutLogEvents`.
//! - **CLI**: `aws ecs register-task-definition --cli-input-json file://td.json` with `"logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "web"}}` and `"executionRoleArn"`; `aws logs create-log-group --log-group-name /ecs/web`; `aws ecs update-service --cluster C --service S --task-definition FAMILY`.
//! - **CloudFormation**: on `AWS::ECS::TaskDefinition`, `ExecutionRoleArn` and per container `LogConfiguration: {LogDriver: awslogs, Options: {awslogs-group: !Ref LogGroup, awslogs-region: !Ref AWS::Region, awslogs-stream-prefix: web}}`, with an `AWS::Logs::LogGroup`.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "ECS" (logging); 001 › ## Amazon ECS (EC2) & ECR Logging › ### Correct Configuration; 001 › ## Examination Tips & 'Wrong Answer' Context ("ECS Logging Best Practice").
//! - AWS: ECS developer guide, "Send Amazon ECS logs to CloudWatch", "Amazon ECS task execution IAM role" and "Amazon ECS container agent configuration" (`ECS_AVAILABLE_LOGGING_DRIVERS`).
//! - AWS Config managed rule `ecs-task-definition-log-configuration`; Prowler `ecs_task_definitions_logging_enabled`.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::ec2::Instance;
use crate::inventory::ecs::{Cluster, Container, Service, TaskDefinition};
use crate::inventory::logs::LogGroup;
use crate::inventory::{ec2, ecs, iam, logs};
use crate::judge::reference::{self, ByPlace, Lookup, Reference};
use crate::judge::role::Roles;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub static CHECK: Check = Check {
    id: "ecs-task-logging",
    title: "Containers log through awslogs (or FireLens), with permissions and driver capability",
    service: "ecs",
    severity: Severity::Medium,
    section: "000 › Resilient cloud solutions › \"ECS\"; 001 › ## Amazon ECS (EC2) & ECR Logging",
    catalog: "RES-08",
    reads: &[
        ecs::CLUSTERS,
        ecs::CONTAINER_INSTANCES,
        ecs::SERVICES,
        ecs::TASK_DEFINITIONS,
        logs::LOG_GROUPS,
        ec2::INSTANCES,
        iam::ROLES,
        iam::ATTACHED_POLICIES,
        iam::INLINE_POLICIES,
        iam::MANAGED_POLICIES,
        iam::INSTANCE_PROFILES,
    ],
    tolerates: &[ecs::CONTAINER_INSTANCES],
    settings: &[],
    config_rule: Some("ecs-task-definition-log-configuration"),
    prowler: Some("ecs_task_definitions_logging_enabled"),
    source: include_str!("task_logging.rs"),
    run,
};

/// The attribute of a container instance whose agent offers `awslogs`.
const AWSLOGS_CAPABILITY: &str = "com.amazonaws.ecs.capability.logging-driver.awslogs";

/// What is needed to judge every definition, built once per run.
struct Index<'a> {
    groups: ByPlace<'a, LogGroup>,
    roles: Roles<'a>,
    clusters: HashMap<&'a str, &'a Cluster>,
    /// EC2 instances by (account, region, instance id).
    instances: ByPlace<'a, Instance>,
}

fn run(ctx: &Context, em: &mut Emitter) {
    let ecs = ctx.ecs();
    let index = Index {
        groups: reference::log_groups(&ctx.logs().log_groups),
        roles: Roles::new(ctx),
        clusters: reference::by_arn(&ecs.clusters),
        instances: ByPlace::new(&ctx.ec2().instances, |i| {
            (&i.account_id, &i.region, &i.instance_id)
        }),
    };
    let in_use = ecs.in_use();
    for td in &ecs.task_definitions {
        if let Some(why) = in_use.unused(td) {
            em.skip(td, why);
            continue;
        }
        judge(ctx, &index, td, in_use.services(td), em);
    }
}

fn judge(
    ctx: &Context,
    index: &Index,
    td: &TaskDefinition,
    services: &[&Service],
    em: &mut Emitter,
) {
    let mut v = Verdict::new();
    let essential: Vec<&Container> = td.containers.iter().filter(|c| c.is_essential()).collect();
    let mut awslogs = Vec::new();
    for c in &essential {
        let Some(l) = &c.log_configuration else {
            v.fail(format!(
                "essential container {} has no logConfiguration.logDriver: its output is lost when the task stops",
                c.name
            ));
            continue;
        };
        match l.driver.as_str() {
            "awslogs" => awslogs.push(*c),
            "awsfirelens" => {}
            "none" => v.fail(format!(
                "essential container {} logs through the none driver: its output is discarded",
                c.name
            )),
            other => v.warn(format!(
                "essential container {} logs through {other}, not awslogs or FireLens",
                c.name
            )),
        }
    }
    if !awslogs.is_empty() {
        let senders = senders(ctx, index, td, services, &mut v);
        let mut judged = BTreeSet::new();
        for c in awslogs {
            judge_awslogs(ctx, index, td, c, &senders, &mut judged, &mut v);
        }
    }
    let names: Vec<&str> = essential.iter().map(|c| c.name.as_str()).collect();
    v.emit(
        em,
        td,
        format!(
            "every essential container ({}) logs through awslogs or FireLens, with the options, log group, permissions and driver it needs",
            names.join(", ")
        ),
    );
}

/// The roles that send the definition's `awslogs` logs (label, role
/// reference); what keeps one from being known is recorded in `v`.
fn senders(
    ctx: &Context,
    index: &Index,
    td: &TaskDefinition,
    services: &[&Service],
    v: &mut Verdict,
) -> BTreeMap<String, String> {
    let mut senders = BTreeMap::new();
    if let Some(role) = td.execution_role.as_deref() {
        senders.insert(role.to_string(), format!("execution role {role}"));
    }
    let on_fargate = if services.is_empty() {
        td.requires_compatibilities.iter().any(|c| c == "FARGATE")
    } else {
        services.iter().any(|s| s.on_fargate())
    };
    if td.execution_role.is_none() && on_fargate {
        v.fail("no execution role: Fargate tasks need one to send awslogs logs");
    }
    let on_instances: Vec<&Service> = services
        .iter()
        .copied()
        .filter(|s| s.on_instances())
        .collect();
    for s in &on_instances {
        instance_capability(ctx, index, s, td.execution_role.is_none(), &mut senders, v);
    }
    if td.execution_role.is_none() && !on_fargate && services.is_empty() {
        v.note("no service runs it and it has no execution role: the role of the container instances that will run it is not judged");
    }
    senders
}

/// The container instances of the cluster `s` runs in: each must offer the
/// `awslogs` driver; when `need_role`, each one's instance role sends the
/// logs and joins `senders`.
fn instance_capability(
    ctx: &Context,
    index: &Index,
    s: &Service,
    need_role: bool,
    senders: &mut BTreeMap<String, String>,
    v: &mut Verdict,
) {
    let Some(cluster) =
        Reference::from_arn(format!("cluster of service {}", s.name), &s.cluster_arn)
            .map(|r| r.resolve(ctx, index.clusters.get(s.cluster_arn.as_str()).copied()))
            .unwrap_or_else(|| Lookup::Missing(format!("{} is not a cluster ARN", s.cluster_arn)))
            .or_record(v)
    else {
        return;
    };
    let instances = match cluster.container_instances.known() {
        Err(e) => return v.error(e),
        Ok(None) => {
            return v.note(format!(
                "cluster {} was deleted since it was listed",
                cluster.name
            ))
        }
        Ok(Some(i)) => i,
    };
    let active: Vec<_> = instances.iter().filter(|i| i.status == "ACTIVE").collect();
    if active.is_empty() {
        v.note(format!(
            "cluster {} has no ACTIVE container instances: their driver and role are not judged",
            cluster.name
        ));
    }
    for ci in active {
        let id = ci.ec2_instance_id.as_deref().unwrap_or(&ci.arn);
        if !ci.logging_drivers.iter().any(|d| d == "awslogs") {
            v.fail(format!(
                "container instance {id} of cluster {} lacks {AWSLOGS_CAPABILITY} (ECS_AVAILABLE_LOGGING_DRIVERS)",
                cluster.name
            ));
        }
        if !need_role {
            continue;
        }
        let Some(ec2_id) = ci.ec2_instance_id.as_deref() else {
            v.error_reason(format!(
                "container instance {} of cluster {} is not an EC2 instance: its role is not in the inventory",
                ci.arn, cluster.name
            ));
            continue;
        };
        if let Some(role) = instance_role(ctx, index, cluster, ec2_id).or_record(v) {
            senders.entry(role.to_string()).or_insert_with(|| {
                format!("container-instance role {role} (cluster {})", cluster.name)
            });
        }
    }
}

/// The role of the instance profile of EC2 instance `id` of `cluster`.
fn instance_role<'a>(
    ctx: &Context,
    index: &Index<'a>,
    cluster: &Cluster,
    id: &str,
) -> Lookup<&'a str> {
    let label = format!("EC2 instance {id} of cluster {}", cluster.name);
    Reference::regional(label.clone(), "ec2", &cluster.region, &cluster.account_id)
        .resolve(
            ctx,
            index
                .instances
                .get(&cluster.account_id, &cluster.region, id),
        )
        .and_then(|i| match i.iam_instance_profile_arn.as_deref() {
            Some(p) => index
                .roles
                .instance_profile(ctx, p, format!("instance profile {p}")),
            None => Lookup::Missing(format!("{label} has no instance profile")),
        })
        .and_then(|p| match p.role_arns.first() {
            Some(role) => Lookup::Found(role.as_str()),
            None => Lookup::Missing(format!("instance profile {} has no role", p.name)),
        })
}

/// An `awslogs` container: its options, its group, and what each sender
/// may do there (each sender and group judged once per definition).
fn judge_awslogs<'a>(
    ctx: &Context,
    index: &Index,
    td: &TaskDefinition,
    c: &'a Container,
    senders: &BTreeMap<String, String>,
    judged: &mut BTreeSet<(&'a str, &'a str)>,
    v: &mut Verdict,
) {
    let Some(l) = &c.log_configuration else {
        return;
    };
    let (Some(group), Some(region)) = (l.awslogs_group.as_deref(), l.awslogs_region.as_deref())
    else {
        let missing: Vec<&str> = [
            l.awslogs_group.is_none().then_some("awslogs-group"),
            l.awslogs_region.is_none().then_some("awslogs-region"),
        ]
        .into_iter()
        .flatten()
        .collect();
        return v.fail(format!(
            "container {}: the awslogs options lack {}",
            c.name,
            missing.join(" and ")
        ));
    };
    if !judged.insert((group, region)) {
        return;
    }
    let group_arn = format!(
        "arn:{}:logs:{region}:{}:log-group:{group}",
        ctx.account.partition, td.account_id
    );
    let mut actions = vec!["logs:CreateLogStream", "logs:PutLogEvents"];
    match reference::log_group(ctx, &index.groups, &group_arn) {
        Lookup::Found(_) => {}
        Lookup::Missing(why) if l.awslogs_create_group => {
            v.note(format!(
                "{why}: awslogs-create-group lets the driver create it"
            ));
            actions.push("logs:CreateLogGroup");
        }
        Lookup::Missing(why) => {
            return v.fail(format!(
                "container {}: {why} and awslogs-create-group is not true",
                c.name
            ))
        }
        Lookup::Unknown(why) => return v.error_reason(why),
    }
    let resource = format!("{group_arn}:log-stream:*");
    for (role, label) in senders {
        index
            .roles
            .allowed(ctx, role, label, &actions, &resource)
            .or_record(v);
    }
}
