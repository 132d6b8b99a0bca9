//! ## What it checks
//!
//! Every production Elastic Beanstalk environment, web server or worker
//! tier alike, is highly available and deploys without downtime
//! (`elasticbeanstalk:DescribeEnvironments`, `DescribeConfigurationSettings`,
//! `ListTagsForResource`). One finding per environment, from its option
//! settings:
//!
//! - FAIL: `aws:elasticbeanstalk:command`/`DeploymentPolicy` is `AllAtOnce`
//!   (also when unset: the API's default): every instance is updated at
//!   once, so a deployment is an outage.
//! - FAIL: `aws:elasticbeanstalk:environment`/`EnvironmentType` is
//!   `SingleInstance`: one instance, no load balancer.
//! - Advisory (FAIL at low): `Rolling` with batches of 100 %
//!   (`BatchSizeType` `Percentage`, `BatchSize` 100): the same as all at once.
//! - Advisory: `aws:autoscaling:asg`/`MinSize` is below 2 (unset: 1, the
//!   default), or `aws:autoscaling:asg`/`Availability Zones` is `Any 1`:
//!   the group can run in one AZ.
//! - PASS: `RollingWithAdditionalBatch`, `Immutable` or `TrafficSplitting`,
//!   load-balanced, at least 2 instances over at least 2 AZs. `Rolling`
//!   with smaller batches passes too, with a note: capacity drops by a
//!   batch during each deployment.
//! - SKIP: not production (the production tag, else a name word of the
//!   environment's name); terminating or terminated.
//! - ERROR: the environments could not be listed, their tags could not be
//!   read (whether they are production, or exempt, is unknown), or the
//!   option settings could not be read.
//!
//! Blue/green deployment by swapping CNAMEs between two environments cannot
//! be seen from one environment: an `AllAtOnce` environment that is one
//! half of a blue/green pair still fails, with a note saying so, and is
//! exempted with the `compliance:exempt` tag. The AZs are taken from the
//! `Availability Zones` option rather than `DescribeEnvironmentResources`
//! and the Auto Scaling group (the catalog's source): a group in custom
//! subnets of one AZ is not seen.
//!
//! ## Why it matters
//!
//! All at once deploys the new version to every instance at the same time:
//! the application is down while it does. Rolling keeps part of the fleet
//! serving; rolling with an additional batch keeps full capacity; immutable
//! deploys to a new Auto Scaling group and swaps only when it is healthy;
//! traffic splitting canaries the new version (notes 000 › Configuration
//! Management and IaC › "Elastic Beanstalk": deployment modes; 001 › ##
//! Elastic Beanstalk › ### Key Topics 3 "EB Deployment Options"). A single
//! instance environment, or one whose instances can all sit in one AZ, is
//! not highly available (000 › Resilient cloud solutions › "multi-AZ
//! architectures").
//!
//! ## How to fix
//!
//! Make the environment load-balanced with at least 2 instances in any 2
//! AZs, and deploy with rolling with additional batch, immutable or traffic
//! splitting.
//!
//! - **Console**: Elastic Beanstalk › Environments › the environment › Configuration › Capacity: Environment type Load balanced, Min instances 2, Placement Any 2 (or more) AZs; Rolling updates and deployments › Deployment policy Immutable (or Rolling with additional batch, Traffic splitting).
//! - **CLI**: `aws elasticbeanstalk update-environment --environment-name ENV --option-settings Namespace=aws:elasticbeanstalk:command,OptionName=DeploymentPolicy,Value=Immutable Namespace=aws:elasticbeanstalk:environment,OptionName=EnvironmentType,Value=LoadBalanced Namespace=aws:autoscaling:asg,OptionName=MinSize,Value=2 "Namespace=aws:autoscaling:asg,OptionName=Availability Zones,Value=Any 2"`.
//! - **CloudFormation**: `AWS::ElasticBeanstalk::Environment` `OptionSettings` with the same namespaces and values (or `.ebextensions` `option_settings`).
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC › "Elastic Beanstalk"; 001 › ## Elastic Beanstalk › ### Key Topics 3 "EB Deployment Options"; 000 › Resilient cloud solutions › "multi-AZ architectures".
//! - AWS: "Deploying applications to Elastic Beanstalk environments" and "General options for all environments" (AWS Elastic Beanstalk Developer Guide).
//! - AWS Config: none (related: `beanstalk-enhanced-health-reporting-enabled`). Prowler: none.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::elasticbeanstalk::{self, OptionSetting};
use crate::settings::{PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};

pub static CHECK: Check = Check {
    id: "elasticbeanstalk-deployment-policy",
    title: "Production Beanstalk environments are HA and deploy rolling with a batch, immutable or traffic-splitting",
    service: "elasticbeanstalk",
    severity: Severity::Medium,
    section: "000 › Configuration Management and IaC › \"Elastic Beanstalk\"",
    catalog: "IAC-13",
    reads: &[
        elasticbeanstalk::ENVIRONMENTS,
        elasticbeanstalk::SETTINGS,
        elasticbeanstalk::ENVIRONMENT_TAGS,
    ],
    tolerates: &[],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: None,
    prowler: None,
    source: include_str!("deployment_policy.rs"),
    run,
};

const COMMAND: &str = "aws:elasticbeanstalk:command";
const ENVIRONMENT: &str = "aws:elasticbeanstalk:environment";
const ASG: &str = "aws:autoscaling:asg";

fn run(ctx: &Context, em: &mut Emitter) {
    let production = ctx.production();
    for env in &ctx.elasticbeanstalk().environments {
        if !production.is_production(Some(&env.tags), &env.name) {
            em.skip(env, "not production");
            continue;
        }
        if matches!(env.status.as_str(), "Terminating" | "Terminated") {
            em.skip(
                env,
                format!("the environment is {}", env.status.to_lowercase()),
            );
            continue;
        }
        match env.settings.known() {
            Err(e) => em.error(env, e),
            Ok(None) => em.error_reason(
                env,
                "DescribeConfigurationSettings returned no configuration for the environment",
            ),
            Ok(Some(settings)) => judge(settings).emit(
                em,
                env,
                "load-balanced, at least 2 instances over at least 2 AZs, deployed without downtime",
            ),
        }
    }
}

/// The value of `namespace`/`option_name`, when set.
fn option<'s>(
    settings: &'s [OptionSetting],
    namespace: &str,
    option_name: &str,
) -> Option<&'s str> {
    settings
        .iter()
        .find(|s| s.namespace == namespace && s.option_name == option_name)
        .and_then(|s| s.value.as_deref())
}

fn judge(settings: &[OptionSetting]) -> Verdict {
    let mut v = Verdict::new();
    let at = |namespace, name| option(settings, namespace, name);
    let policy = at(COMMAND, "DeploymentPolicy");
    match policy.unwrap_or("AllAtOnce") {
        "AllAtOnce" => {
            let how = if policy.is_some() {
                ""
            } else {
                " (unset: the API's default)"
            };
            v.fail(format!(
                "DeploymentPolicy is AllAtOnce{how}: every instance is updated at once, so a deployment is an outage"
            ));
            v.note("blue/green by CNAME swap cannot be seen from one environment: exempt it with the compliance:exempt tag if it is one half of a blue/green pair");
        }
        "Rolling" => {
            let batch = at(COMMAND, "BatchSize");
            let kind = at(COMMAND, "BatchSizeType").unwrap_or("Percentage");
            if kind == "Percentage" && batch.and_then(|b| b.trim().parse::<u32>().ok()) == Some(100)
            {
                v.warn("DeploymentPolicy is Rolling with batches of 100%: every instance is updated at once");
            } else {
                v.note("Rolling: capacity drops by a batch during each deployment (RollingWithAdditionalBatch keeps it)");
            }
        }
        _ => {}
    }
    if at(ENVIRONMENT, "EnvironmentType") == Some("SingleInstance") {
        v.fail("EnvironmentType is SingleInstance: one instance and no load balancer");
    } else {
        let min = at(ASG, "MinSize").map_or(Some(1), |m| m.trim().parse::<u32>().ok());
        if let Some(min) = min.filter(|m| *m < 2) {
            v.warn(format!(
                "the Auto Scaling group's MinSize is {min}: a single instance serves at times"
            ));
        }
        if at(ASG, "Availability Zones") == Some("Any 1") {
            v.warn(
                "the Auto Scaling group's Availability Zones is Any 1: every instance is in one AZ",
            );
        }
    }
    v
}
