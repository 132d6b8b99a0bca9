//! ## What it checks
//!
//! Every running production EC2 instance runs the unified CloudWatch agent,
//! configured centrally from Parameter Store. An instance is production
//! when tagged so (default `Environment` ∈ `prod`, `production`, `prd`),
//! else when its `Name` tag (or id) has a production word.
//!
//! - PASS: the instance's SSM inventory lists the agent
//!   (`amazon-cloudwatch-agent`, `Amazon CloudWatch Agent`), or a State
//!   Manager association of `AWS-ConfigureAWSPackage` with
//!   `name=AmazonCloudWatchAgent` targets it (the PASS notes when the
//!   inventory does not show it yet).
//! - FAIL: neither: the reason says when the instance is not managed by SSM
//!   (nothing can install or see the agent).
//! - Advisory (FAIL at low): the instance's region has no Parameter Store
//!   parameter named `AmazonCloudWatch-*`: the agent is not configured
//!   centrally.
//! - ERROR: the region's managed nodes, their inventory, the associations
//!   or their parameters, or its parameters could not be read; or the
//!   instance's inventory could not be read.
//! - SKIP: instances that are not running or not production.
//!
//! The catalog's proof that the agent publishes (`cloudwatch:ListMetrics`,
//! namespace `CWAgent`, dimension `InstanceId`, recently active) is not
//! collected: an installed agent that publishes nothing is not told apart
//! from a working one.
//!
//! ## Why it matters
//!
//! Without the agent there are no memory, disk or process metrics and no
//! operating-system or application logs in CloudWatch: alarms cannot see a
//! full disk and incidents have no logs. The notes: the unified agent
//! collects RAM, processes and disk, configured centrally via Parameter
//! Store (notes 000 › ## Monitoring and Logging › cloudwatch agent &
//! cloudwatch logs agent); EC2 logs reach CloudWatch through the agent (all
//! kinds of logs); install agents with SSM Distributor (notes 000 ›
//! ## Filling the gap › udemy).
//!
//! ## How to fix
//!
//! - **Console**: Systems Manager › State Manager › Create association:
//!   document `AWS-ConfigureAWSPackage`, action Install, name
//!   `AmazonCloudWatchAgent`, the production instances as targets, a
//!   schedule. Store the agent configuration as a parameter named
//!   `AmazonCloudWatch-<name>` and apply it with
//!   `AmazonCloudWatch-ManageAgent`. The instance role needs
//!   `CloudWatchAgentServerPolicy`.
//! - **CLI**: `aws ssm create-association --name AWS-ConfigureAWSPackage --parameters action=Install,name=AmazonCloudWatchAgent --targets Key=tag:Environment,Values=prod --schedule-expression "rate(14 days)"`;
//!   `aws ssm put-parameter --name AmazonCloudWatch-linux --type String --value file://config.json`.
//! - **CloudFormation**: an `AWS::SSM::Association` of
//!   `AWS-ConfigureAWSPackage` (`Parameters: {action: [Install], name: [AmazonCloudWatchAgent]}`)
//!   and an `AWS::SSM::Parameter` named `AmazonCloudWatch-linux` holding
//!   the agent configuration.
//!
//! ## References
//!
//! - Study notes: 000 › ## Monitoring and Logging › cloudwatch agent &
//!   cloudwatch logs agent, all kinds of logs; 000 › ## Filling the gap › udemy.
//! - AWS: CloudWatch User Guide, "Install the CloudWatch agent using AWS
//!   Systems Manager" and "Create the CloudWatch agent configuration file
//!   … store it in Parameter Store".
//! - AWS Config managed rule: none (related: `ec2-managedinstance-applications-required`
//!   with `applicationNames=amazon-cloudwatch-agent`). Prowler: none.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::{ec2, ssm};
use crate::settings::{PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};
use crate::ssm::packages::{Agent, Packages};
use std::collections::BTreeSet;

pub static CHECK: Check = Check {
    id: "cloudwatch-agent-deployed",
    title: "Production EC2 instances run the unified CloudWatch agent with central configuration",
    service: "cloudwatch",
    severity: Severity::Low,
    section: "000 › Monitoring and Logging › \"cloudwatch agent & cloudwatch logs agent\"",
    catalog: "MON-07",
    reads: &[
        ec2::INSTANCES,
        ssm::REGIONS,
        ssm::MANAGED_INSTANCES,
        ssm::INSTALLED_AGENTS,
        ssm::ASSOCIATIONS,
        ssm::ASSOCIATION_PARAMETERS,
        ssm::PARAMETERS,
    ],
    tolerates: &[
        ssm::MANAGED_INSTANCES,
        ssm::INSTALLED_AGENTS,
        ssm::ASSOCIATIONS,
        ssm::ASSOCIATION_PARAMETERS,
        ssm::PARAMETERS,
    ],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: None,
    prowler: None,
    source: include_str!("agent_deployed.rs"),
    run,
};

/// The agent's names in an SSM inventory (Linux package, Windows program).
const AGENT_NAMES: [&str; 2] = ["amazon-cloudwatch-agent", "Amazon CloudWatch Agent"];
/// The `name` parameter of `AWS-ConfigureAWSPackage` that installs it.
const AGENT_PACKAGE: &str = "AmazonCloudWatchAgent";
/// The prefix of the parameters the agent reads its configuration from.
const CONFIG_PREFIX: &str = "AmazonCloudWatch-";

fn run(ctx: &Context, em: &mut Emitter) {
    let production = ctx.production();
    let packages = Packages::new(ctx);
    let configured: BTreeSet<(&str, &str)> = ctx
        .ssm()
        .parameters
        .iter()
        .filter(|p| p.name.starts_with(CONFIG_PREFIX))
        .map(|p| (p.account_id.as_str(), p.region.as_str()))
        .collect();
    for instance in &ctx.ec2().instances {
        if instance.state != "running" {
            em.skip(instance, format!("not running ({})", instance.state));
            continue;
        }
        let name = instance.tags.get("Name").unwrap_or(&instance.instance_id);
        if !production.is_production(Some(&instance.tags), name) {
            em.skip(instance, "not production");
            continue;
        }
        let (region, id) = (instance.region.as_str(), instance.instance_id.as_str());
        let mut verdict = Verdict::new();
        if let Some(why) = Packages::unreadable(ctx, region) {
            verdict.error_reason(format!(
                "whether it runs the CloudWatch agent is unknown: {why}"
            ));
        }
        let pass = match packages.agent(region, id, &AGENT_NAMES, AGENT_PACKAGE) {
            _ if !verdict.is_clean() => String::new(),
            Err(why) => {
                verdict.error_reason(why);
                String::new()
            }
            Ok(Agent::Unmanaged) => {
                verdict.fail("not managed by SSM: no inventory shows the unified CloudWatch agent and no association can install it");
                String::new()
            }
            Ok(Agent::Managed {
                installed: Some(version),
                ..
            }) => format!(
                "the unified CloudWatch agent is installed ({})",
                version.unwrap_or("version not reported")
            ),
            Ok(Agent::Managed { kept: true, .. }) => {
                verdict.note("the SSM inventory does not list it yet");
                format!("an AWS-ConfigureAWSPackage association installs {AGENT_PACKAGE}")
            }
            Ok(Agent::Managed { .. }) => {
                verdict.fail(format!(
                    "no unified CloudWatch agent in its SSM inventory and no AWS-ConfigureAWSPackage association installing {AGENT_PACKAGE}"
                ));
                String::new()
            }
        };
        match ctx.unreadable(ssm::PARAMETERS, region) {
            Some(e) => verdict.error_reason(format!(
                "whether its configuration is central is unknown: ssm parameters could not be read: {e}"
            )),
            None if !configured.contains(&(instance.account_id.as_str(), region)) => verdict.warn(format!(
                "no {CONFIG_PREFIX}* parameter in {region}: the agent configuration is not kept centrally in Parameter Store"
            )),
            None => {}
        }
        verdict.emit(em, instance, pass);
    }
}
