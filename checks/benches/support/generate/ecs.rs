//! ECS: one cluster per region, on container instances the EC2 generator
//! made (every other one without the `awslogs` driver), a Fargate and an
//! EC2 service each, and task definitions in every logging shape
//! `ecs-task-logging` judges (FireLens, awslogs to a group the driver
//! creates through a build role, no log configuration, another driver,
//! options without a region, an older revision no service runs), half of
//! them tagged `tracing=required` for `xray-tracing` (with an X-Ray daemon
//! and a task role, without either, or with no daemon at all). A fixed
//! handful, written without drawing from the generator's random stream, so
//! that adding it moved no other section's verdicts.

use super::ec2::Instances;
use super::fixture::{de, val};
use super::gen::Gen;
use super::iam::{self, BUILD};
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, REGIONS};
use serde_json::{json, Value};

pub const GENERATOR: Generator = Generator {
    kinds: &[
        Kind::fixed("ecs.clusters"),
        Kind::fixed("ecs.services"),
        Kind::fixed("ecs.task_definitions"),
    ],
    generate: |g, _| ecs(g),
};

/// The log configuration of shape `k`.
fn logging(k: usize, region: &str, family: &str) -> Value {
    match k % 5 {
        0 => json!({"driver": "awsfirelens"}),
        1 => json!({"driver": "awslogs", "awslogs_group": format!("/ecs/{family}"),
                    "awslogs_region": region, "awslogs_create_group": true}),
        2 => Value::Null,
        3 => json!({"driver": "splunk"}),
        _ => json!({"driver": "awslogs", "awslogs_group": format!("/ecs/{family}")}),
    }
}

fn ecs(g: &mut Gen) {
    let mut ecs = awscheck_checks::inventory::ecs::Ecs::default();
    let instances = g.made.of::<Instances>().0.clone();
    for (r, region) in REGIONS.iter().enumerate() {
        let cluster = format!("arn:aws:ecs:{region}:{ACCOUNT}:cluster/apps-{r}");
        let container_instances: Vec<Value> = instances
            .iter()
            .filter(|(ir, _)| *ir == r)
            .take(2)
            .enumerate()
            .map(|(k, (_, id))| {
                json!({"arn": format!("arn:aws:ecs:{region}:{ACCOUNT}:container-instance/apps-{r}/{id}"),
                       "ec2_instance_id": id, "status": "ACTIVE",
                       "logging_drivers": if k == 0 { json!(["awslogs", "json-file"]) } else { json!(["json-file"]) }})
            })
            .collect();
        ecs.clusters.push(de(json!({
            "arn": cluster, "region": region, "account_id": ACCOUNT, "name": format!("apps-{r}"),
            "container_instances": val(container_instances)
        })));
        for k in 0..4 {
            let family = format!("app-{r}-{k}");
            let on_ec2 = k == 1;
            let role = iam::nth_role(g, BUILD, r * 4 + k);
            let container = |revision: usize| {
                json!({"name": family, "image": format!("{family}:{revision}"),
                       "log_configuration": logging(r + k, region, &family),
                       "environment": [{"name": "STAGE", "value": "bench"}]})
            };
            // Every other family must be traced: with an X-Ray daemon
            // (and, but in one region, a task role), or without one.
            let traced = k % 2 == 0;
            let daemon = json!({"name": "xray-daemon", "essential": false,
                                "image": "public.ecr.aws/xray/aws-xray-daemon:3.3.14"});
            // Revision 1 (superseded, judged only while a service runs it) and 2.
            for revision in 1..=2 {
                ecs.task_definitions.push(de(json!({
                    "arn": format!("arn:aws:ecs:{region}:{ACCOUNT}:task-definition/{family}:{revision}"),
                    "region": region, "account_id": ACCOUNT, "family": family, "revision": revision,
                    "status": "ACTIVE",
                    "requires_compatibilities": [if on_ec2 { "EC2" } else { "FARGATE" }],
                    "execution_role": if on_ec2 { Value::Null } else { json!(role) },
                    "task_role": if r == 0 { Value::Null } else { json!(role) },
                    "containers": if traced && r < 3 { json!([container(revision), daemon]) } else { json!([container(revision)]) },
                    "tags": if traced { json!({"tracing": "required"}) } else { json!({}) }
                })));
            }
            if k < 2 {
                let name = format!("svc-{k}");
                ecs.services.push(de(json!({
                    "arn": format!("arn:aws:ecs:{region}:{ACCOUNT}:service/apps-{r}/{name}"),
                    "region": region, "account_id": ACCOUNT, "name": name, "cluster_arn": cluster,
                    "status": "ACTIVE",
                    "task_definition": format!("arn:aws:ecs:{region}:{ACCOUNT}:task-definition/{family}:2"),
                    "launch_type": if on_ec2 { "EC2" } else { "FARGATE" }
                })));
            }
        }
    }
    g.acct.ecs = Some(ecs);
}
