//! ## What it checks
//!
//! Every CodeDeploy blue/green deployment group routes traffic through a
//! load balancer, retires the original fleet after a rollback window, gives
//! ECS a test listener, and points at target groups whose health checks
//! can tell a good release from a bad one.
//!
//! - FAIL: the deployment option is not `WITH_TRAFFIC_CONTROL`, or the load
//!   balancer info has no Classic Load Balancer, target group or target
//!   group pair.
//! - FAIL: a target group the group names has health checks disabled
//!   (`HealthCheckEnabled=false`), or does not exist in the group's account
//!   and region.
//! - Advisory (FAIL at low), EC2/on-premises: the original instances are
//!   kept alive (`KEEP_ALIVE`, or no termination option: they keep running,
//!   and costing, after the deployment); or they are terminated with a wait
//!   of 0 minutes (no window to roll back to them).
//! - Advisory, ECS: a target group pair has no test listener
//!   (`testTrafficRoute.listenerArns` empty): the replacement task set
//!   cannot be tested before production traffic moves.
//! - Advisory: every target of a target group fails its health checks
//!   (`unhealthy`, `Target.FailedHealthChecks`): the next deployment fails
//!   at AllowTraffic.
//! - ERROR: the group's configuration could not be read, or a target group
//!   or its targets could not be read (the region's target groups or target
//!   health were not read, or Elastic Load Balancing could not be listed).
//! - SKIP: in-place groups, Lambda groups (traffic shifts between function
//!   versions, without a load balancer), and groups that disappeared during
//!   the scan.
//!
//! A PASS notes a deployment that waits for a manual reroute
//! (`STOP_DEPLOYMENT`).
//!
//! ## Why it matters
//!
//! A blue/green deployment without traffic control has nothing to reroute:
//! it fails, or replaces instances nobody sends traffic to. Deployments
//! fail at AllowTraffic when the load balancer's health checks are wrong,
//! and a blue fleet kept alive runs (and bills) forever, while one
//! terminated at once leaves nothing to roll back to. The notes: blue/green
//! must have a load balancer, `blueInstanceTerminationOption` (notes 000 ›
//! ## SDLC Automation › CodeDeploy - EC2 deep dive); ECS blue/green uses a
//! second, test listener (CodeDeploy - ECS deep dive); an AllowTraffic
//! failure means fixing the ELB health check (CodeDeploy - rollbacks &
//! troubleshooting); terminate the original instances after a waiting
//! period (notes 000 › ## Filling the gap › practice exam #1).
//!
//! ## How to fix
//!
//! - **Console**: CodeDeploy › Applications › the application › the
//!   deployment group › Edit: under Load balancer, tick "Enable load
//!   balancing" and choose the target group(s) (ECS: the production and
//!   test listener ports); under Deployment settings, "Terminate the
//!   original instances in the deployment group" with a waiting period of
//!   an hour or more. In EC2 › Target groups › the group › Health checks,
//!   enable them on the application's health path.
//! - **CLI**: `aws deploy update-deployment-group --application-name APP --current-deployment-group-name GROUP --deployment-style deploymentType=BLUE_GREEN,deploymentOption=WITH_TRAFFIC_CONTROL --load-balancer-info 'targetGroupInfoList=[{name=TG}]' --blue-green-deployment-configuration 'terminateBlueInstancesOnDeploymentSuccess={action=TERMINATE,terminationWaitTimeInMinutes=60},deploymentReadyOption={actionOnTimeout=CONTINUE_DEPLOYMENT}'`;
//!   `aws elbv2 modify-target-group --target-group-arn ARN --health-check-enabled --health-check-path /health`.
//! - **CloudFormation**: on `AWS::CodeDeploy::DeploymentGroup`,
//!   `DeploymentStyle: {DeploymentType: BLUE_GREEN, DeploymentOption: WITH_TRAFFIC_CONTROL}`,
//!   `LoadBalancerInfo.TargetGroupInfoList` (ECS: `TargetGroupPairInfoList`
//!   with `TestTrafficRoute.ListenerArns`) and
//!   `BlueGreenDeploymentConfiguration.TerminateBlueInstancesOnDeploymentSuccess: {Action: TERMINATE, TerminationWaitTimeInMinutes: 60}`;
//!   `HealthCheckEnabled: true` on `AWS::ElasticLoadBalancingV2::TargetGroup`.
//!
//! ## References
//!
//! - Study notes: 000 › ## SDLC Automation › CodeDeploy - EC2 deep dive,
//!   CodeDeploy - ECS deep dive, CodeDeploy - rollbacks & troubleshooting;
//!   000 › ## Filling the gap › practice exam #1.
//! - AWS: CodeDeploy User Guide, "Create a deployment group for an EC2/On-Premises
//!   blue/green deployment" and "Integrating CodeDeploy with Elastic Load
//!   Balancing"; Elastic Load Balancing, "Health checks for your target groups".
//! - AWS Config managed rule: none. Prowler: none.

use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::codedeploy::{self, BlueGreen, DeploymentGroup, LoadBalancerInfo};
use crate::inventory::elbv2::{self, TargetGroup};
use crate::judge::reference::{ByPlace, Reference};

pub static CHECK: Check = Check {
    id: "codedeploy-bluegreen-config",
    title: "CodeDeploy blue/green groups have a load balancer, a termination policy, a test listener and sane health checks",
    service: "codedeploy",
    severity: Severity::Medium,
    section: "000 › SDLC Automation › \"CodeDeploy - EC2 deep dive\", \"CodeDeploy - ECS deep dive\"",
    catalog: "SDLC-20",
    reads: &[
        codedeploy::DEPLOYMENT_GROUPS,
        codedeploy::DEPLOYMENT_GROUP_CONFIG,
        elbv2::LOAD_BALANCERS,
        elbv2::TARGET_GROUPS,
        elbv2::TARGET_HEALTH,
    ],
    tolerates: &[elbv2::TARGET_GROUPS, elbv2::TARGET_HEALTH],
    settings: &[],
    config_rule: None,
    prowler: None,
    source: include_str!("bluegreen_config.rs"),
    run,
};

/// Target groups by (account, region, name): CodeDeploy names them.
type TargetGroups<'a> = ByPlace<'a, TargetGroup>;

fn run(ctx: &Context, em: &mut Emitter) {
    let target_groups: TargetGroups = ByPlace::new(&ctx.elbv2().target_groups, |t| {
        (&t.account_id, &t.region, &t.name)
    });
    for group in &ctx.codedeploy().deployment_groups {
        let Some(config) = super::config_of(group, em) else {
            continue;
        };
        let blue_green = config
            .deployment_style
            .as_ref()
            .filter(|s| s.deployment_type == "BLUE_GREEN");
        let Some(style) = blue_green else {
            em.skip(group, "in-place deployment group");
            continue;
        };
        let platform = config.compute_platform.as_deref().unwrap_or("Server");
        if platform == "Lambda" {
            em.skip(
                group,
                "Lambda: traffic shifts between function versions, without a load balancer",
            );
            continue;
        }
        let mut verdict = Verdict::new();
        let load_balancer = config.load_balancer.clone().unwrap_or_default();
        if style.deployment_option != "WITH_TRAFFIC_CONTROL" {
            verdict.fail(format!(
                "blue/green with {}: there is no traffic to reroute to the replacement fleet",
                style.deployment_option
            ));
        }
        if is_empty(&load_balancer) {
            verdict.fail("blue/green without a load balancer, target group or target group pair");
        }
        if platform == "ECS" {
            test_listeners(&load_balancer, &mut verdict);
        } else {
            termination(config.blue_green.as_ref(), &mut verdict);
        }
        for name in target_group_names(&load_balancer) {
            health(ctx, &target_groups, group, name, &mut verdict);
        }
        if let Some(b) = config
            .blue_green
            .as_ref()
            .filter(|b| b.ready_action.as_deref() == Some("STOP_DEPLOYMENT"))
        {
            verdict.note(format!(
                "traffic is rerouted by hand (STOP_DEPLOYMENT after {} minutes)",
                b.ready_wait_minutes
            ));
        }
        verdict.emit(
            em,
            group,
            "blue/green with traffic control, a load balancer and healthy target groups",
        );
    }
}

fn is_empty(l: &LoadBalancerInfo) -> bool {
    l.classic_load_balancers.is_empty()
        && l.target_groups.is_empty()
        && l.target_group_pairs.is_empty()
}

/// The target groups the group names, alone or in pairs.
fn target_group_names(l: &LoadBalancerInfo) -> impl Iterator<Item = &str> {
    l.target_groups
        .iter()
        .chain(l.target_group_pairs.iter().flat_map(|p| &p.target_groups))
        .map(String::as_str)
}

/// EC2/on-premises: the original instances are retired, after a window.
fn termination(blue_green: Option<&BlueGreen>, verdict: &mut Verdict) {
    let action = blue_green.and_then(|b| b.terminate_action.as_deref());
    match (action, blue_green) {
        (Some("TERMINATE"), Some(b)) if b.termination_wait_minutes == 0 => verdict.warn(
            "the original instances are terminated at once (wait 0 minutes): no window to roll back to them",
        ),
        (Some("TERMINATE"), _) => {}
        (other, _) => verdict.warn(format!(
            "the original instances are kept alive ({}): deregistered, they keep running and costing",
            other.unwrap_or("no termination option")
        )),
    }
}

/// ECS: each target group pair has a test listener.
fn test_listeners(l: &LoadBalancerInfo, verdict: &mut Verdict) {
    let untested: Vec<String> = l
        .target_group_pairs
        .iter()
        .filter(|p| p.test_listener_arns.is_empty())
        .map(|p| p.target_groups.join("/"))
        .collect();
    if !untested.is_empty() {
        verdict.warn(format!(
            "target group pair {} has no test listener: the replacement task set is not tested before production traffic moves",
            name_list(&untested)
        ));
    }
}

/// A target group the deployment group names: it exists, checks health,
/// and not every target fails its checks.
fn health(
    ctx: &Context,
    target_groups: &TargetGroups,
    group: &DeploymentGroup,
    name: &str,
    verdict: &mut Verdict,
) {
    let (account, region) = (group.account_id.as_str(), group.region.as_str());
    let label = format!("target group {name}");
    for part in [elbv2::TARGET_GROUPS, elbv2::TARGET_HEALTH] {
        if let Some(e) = ctx.unreadable(part, region) {
            verdict.error_reason(format!("{label} could not be read: {e}"));
            return;
        }
    }
    let found = Reference::regional(label.as_str(), "elbv2", region, account)
        .resolve(ctx, target_groups.get(account, region, name));
    let Some(tg) = found.or_record(verdict) else {
        return;
    };
    if !tg.health_check.enabled {
        verdict.fail(format!(
            "{label} has health checks disabled: CodeDeploy cannot tell a failed release at AllowTraffic"
        ));
        return;
    }
    match tg.targets.known() {
        Ok(Some(targets)) => {
            let failing = |t: &&elbv2::Target| {
                t.state == "unhealthy" && t.reason.as_deref() == Some("Target.FailedHealthChecks")
            };
            if !targets.is_empty() && targets.iter().all(|t| failing(&t)) {
                verdict.warn(format!(
                    "every target of {label} fails its health checks: the next deployment fails at AllowTraffic"
                ));
            }
        }
        Ok(None) => verdict.fail(format!("{label} does not exist in {region}")),
        Err(e) => verdict.error(e),
    }
}
