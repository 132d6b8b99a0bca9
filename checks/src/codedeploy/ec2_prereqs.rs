//! ## What it checks
//!
//! Every EC2/on-premises (Server) CodeDeploy deployment group can deploy to
//! its targets: each running EC2 instance it targets has the CodeDeploy
//! agent kept installed by Systems Manager, its instance profile can read
//! the revision bundle, and each Auto Scaling group it deploys to has the
//! CodeDeploy launch hook. Targets are the running instances of
//! `ec2.instances` in the group's account and region that match its EC2
//! tag filters (any of them) or tag set (a filter of every group), and
//! those of its Auto Scaling groups (tag `aws:autoscaling:groupName`).
//!
//! - **Agent.** FAIL when an instance has neither the agent in its SSM
//!   inventory (`codedeploy-agent`, `CodeDeploy Agent`) nor a State Manager
//!   association of `AWS-ConfigureAWSPackage` with `name=AWSCodeDeployAgent`
//!   that targets it (the reason says when the instance is not managed by
//!   SSM, or not `Online`). Advisory (FAIL at low) when the agent is
//!   installed but no such association keeps it updated.
//! - **Bundle access.** FAIL when the group's current revision is an S3
//!   bundle and an instance has no instance profile, or the profile's role
//!   is not allowed `s3:GetObject` on the bundle (judged from the role's
//!   policies, as `iam:SimulatePrincipalPolicy` would, without bucket
//!   policies, permission boundaries or SCPs). Not judged when the group
//!   has no S3 revision yet.
//! - **Auto Scaling hook.** FAIL when an Auto Scaling group the deployment
//!   group names does not exist, or has no launching lifecycle hook named
//!   as CodeDeploy reports it (else one named
//!   `CodeDeploy-managed-automatic-launch-deployment-hook-*`): instances
//!   added by scale-out get no deployment.
//! - ERROR: the group's configuration, or data a target needs (instances,
//!   managed nodes, their inventory, associations and their parameters,
//!   Auto Scaling groups and hooks, IAM) could not be read.
//! - SKIP: Lambda and ECS groups (no agent), groups with no running EC2
//!   target and no Auto Scaling group (on-premises targets are not judged:
//!   their tags are not collected; a PASS notes them), and groups that
//!   disappeared during the scan.
//!
//! ## Why it matters
//!
//! "Too few healthy instances" failures come from targets without a
//! running agent, from instance roles that cannot download the bundle,
//! and from scale-out instances that never got the release. The notes: the
//! agent must run on the targets, installed and updated through SSM, with
//! S3 access to the bundles (notes 000 › ## SDLC Automation › CodeDeploy);
//! the failure reasons: no agent, the service role; an Auto Scaling
//! scale-out gets a follow-on deployment (CodeDeploy - rollbacks &
//! troubleshooting); lifecycle hooks (notes 001 › ## Auto Scaling &
//! Lifecycle Hooks › ### Lifecycle Hooks).
//!
//! ## How to fix
//!
//! - **Console**: Systems Manager › State Manager › Create association:
//!   document `AWS-ConfigureAWSPackage`, action Install, name
//!   `AWSCodeDeployAgent`, targets the deployment group's tag, a schedule
//!   (e.g. every 14 days). IAM › the instance role: allow `s3:GetObject`
//!   on the revision bucket. For an Auto Scaling group without the hook,
//!   edit the deployment group and save it again (CodeDeploy reinstalls the
//!   hook), or remove and re-add the group.
//! - **CLI**: `aws ssm create-association --name AWS-ConfigureAWSPackage --parameters action=Install,name=AWSCodeDeployAgent --targets Key=tag:App,Values=storefront --schedule-expression "rate(14 days)"`;
//!   `aws iam put-role-policy --role-name ROLE --policy-name bundles --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::BUCKET/*"}]}'`;
//!   `aws deploy update-deployment-group --application-name APP --current-deployment-group-name GROUP --auto-scaling-groups ASG`.
//! - **CloudFormation**: `AWS::SSM::Association` with `Name: AWS-ConfigureAWSPackage`,
//!   `Parameters: {action: [Install], name: [AWSCodeDeployAgent]}`; an
//!   `AWS::IAM::Policy` on the instance role granting `s3:GetObject`; the
//!   `AutoScalingGroups` of `AWS::CodeDeploy::DeploymentGroup`.
//!
//! ## References
//!
//! - Study notes: 000 › ## SDLC Automation › CodeDeploy, CodeDeploy -
//!   rollbacks & troubleshooting; 001 › ## Auto Scaling & Lifecycle Hooks.
//! - AWS: CodeDeploy User Guide, "Install the CodeDeploy agent using AWS
//!   Systems Manager", "Step 4: Create an IAM instance profile for your
//!   Amazon EC2 instances" and "Integrating CodeDeploy with Amazon EC2 Auto
//!   Scaling".
//! - AWS Config managed rule: none (related: `ec2-instance-managed-by-systems-manager`). Prowler: none.

use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::codedeploy::{self, DeploymentGroup, DeploymentGroupConfig, TagFilter};
use crate::inventory::ec2::{self, Instance};
use crate::inventory::ssm::{self, CONFIGURE_PACKAGE};
use crate::inventory::{autoscaling, iam, Tags};
use crate::judge::reference::{ByPlace, Lookup, Reference};
use crate::judge::role::Roles;
use crate::ssm::packages::{Agent, Packages};
use std::collections::{BTreeSet, HashMap};

pub static CHECK: Check = Check {
    id: "codedeploy-ec2-prereqs",
    title: "CodeDeploy EC2 targets have the agent kept by SSM, an instance profile that reads the bundle, and the Auto Scaling launch hook",
    service: "codedeploy",
    severity: Severity::Medium,
    section: "000 › SDLC Automation › \"CodeDeploy\", \"CodeDeploy - rollbacks & troubleshooting\"",
    catalog: "SDLC-21",
    reads: &[
        codedeploy::DEPLOYMENT_GROUPS,
        codedeploy::DEPLOYMENT_GROUP_CONFIG,
        ec2::INSTANCES,
        ssm::REGIONS,
        ssm::MANAGED_INSTANCES,
        ssm::INSTALLED_AGENTS,
        ssm::ASSOCIATIONS,
        ssm::ASSOCIATION_PARAMETERS,
        autoscaling::GROUPS,
        autoscaling::LIFECYCLE_HOOKS,
        iam::ROLES,
        iam::INSTANCE_PROFILES,
        iam::ATTACHED_POLICIES,
        iam::INLINE_POLICIES,
        iam::MANAGED_POLICIES,
    ],
    tolerates: &[
        ssm::MANAGED_INSTANCES,
        ssm::INSTALLED_AGENTS,
        ssm::ASSOCIATIONS,
        ssm::ASSOCIATION_PARAMETERS,
        autoscaling::LIFECYCLE_HOOKS,
    ],
    settings: &[],
    config_rule: None,
    prowler: None,
    source: include_str!("ec2_prereqs.rs"),
    run,
};

/// The agent's names in an SSM inventory (Linux package, Windows program).
const AGENT_NAMES: [&str; 2] = ["codedeploy-agent", "CodeDeploy Agent"];
/// The `name` parameter of `AWS-ConfigureAWSPackage` that installs it.
const AGENT_PACKAGE: &str = "AWSCodeDeployAgent";
/// The prefix of the launch hook CodeDeploy puts on an Auto Scaling group.
const HOOK_PREFIX: &str = "CodeDeploy-managed-automatic-launch-deployment-hook-";
const LAUNCHING: &str = "autoscaling:EC2_INSTANCE_LAUNCHING";
/// The tag EC2 Auto Scaling puts on the instances it launches.
const ASG_TAG: &str = "aws:autoscaling:groupName";

/// What the check looks targets up in, built once.
struct Fleet<'a> {
    /// Running instances by (account, region).
    instances: HashMap<(&'a str, &'a str), Vec<&'a Instance>>,
    packages: Packages<'a>,
    groups: ByPlace<'a, autoscaling::AutoScalingGroup>,
    roles: Roles<'a>,
}

fn run(ctx: &Context, em: &mut Emitter) {
    let fleet = Fleet::new(ctx);
    for group in &ctx.codedeploy().deployment_groups {
        let Some(config) = super::config_of(group, em) else {
            continue;
        };
        let platform = config.compute_platform.as_deref().unwrap_or("Server");
        if platform != "Server" {
            em.skip(
                group,
                format!("{platform}: no CodeDeploy agent on the targets"),
            );
            continue;
        }
        let targets = fleet.targets(group, config);
        if targets.is_empty() && config.auto_scaling_groups.is_empty() {
            em.skip(
                group,
                "no running EC2 instance or Auto Scaling group among its targets",
            );
            continue;
        }
        let mut verdict = Verdict::new();
        agents(ctx, &fleet, group, &targets, &mut verdict);
        if let Some(revision) = &config.revision {
            let bundle = format!("arn:aws:s3:::{}/{}", revision.bucket, revision.key);
            bundle_access(ctx, &fleet, &targets, &bundle, &mut verdict);
        }
        for asg in &config.auto_scaling_groups {
            launch_hook(
                ctx,
                &fleet,
                group,
                &asg.name,
                asg.hook.as_deref(),
                &mut verdict,
            );
        }
        if !config.on_premises_tag_filters.is_empty() {
            verdict.note("on-premises targets are not judged (their tags are not collected)");
        }
        verdict.emit(
            em,
            group,
            format!(
                "{} EC2 target(s) with the agent kept by SSM and bundle access; Auto Scaling launch hooks in place",
                targets.len()
            ),
        );
    }
}

impl<'a> Fleet<'a> {
    fn new(ctx: &'a Context) -> Fleet<'a> {
        let mut instances: HashMap<(&str, &str), Vec<&Instance>> = HashMap::new();
        for i in ctx.ec2().instances.iter().filter(|i| i.state == "running") {
            instances
                .entry((i.account_id.as_str(), i.region.as_str()))
                .or_default()
                .push(i);
        }
        Fleet {
            instances,
            packages: Packages::new(ctx),
            groups: ByPlace::new(&ctx.autoscaling().groups, |g| {
                (&g.account_id, &g.region, &g.name)
            }),
            roles: Roles::new(ctx),
        }
    }

    /// The running instances the group targets.
    fn targets(
        &self,
        group: &DeploymentGroup,
        config: &DeploymentGroupConfig,
    ) -> Vec<&'a Instance> {
        let key = (group.account_id.as_str(), group.region.as_str());
        let asgs: BTreeSet<&str> = config
            .auto_scaling_groups
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        self.instances.get(&key).map_or_else(Vec::new, |all| {
            all.iter()
                .copied()
                .filter(|i| {
                    let by_filters = config
                        .ec2_tag_filters
                        .iter()
                        .any(|f| tag_matches(f, &i.tags));
                    let by_set = !config.ec2_tag_set.is_empty()
                        && config
                            .ec2_tag_set
                            .iter()
                            .all(|g| g.filters.iter().any(|f| tag_matches(f, &i.tags)));
                    let by_asg = i
                        .tags
                        .get(ASG_TAG)
                        .is_some_and(|n| asgs.contains(n.as_str()));
                    by_filters || by_set || by_asg
                })
                .collect()
        })
    }
}

fn tag_matches(f: &TagFilter, tags: &Tags) -> bool {
    match (f.kind.as_str(), f.key.as_deref(), f.value.as_deref()) {
        ("KEY_ONLY", Some(k), _) => tags.contains_key(k),
        ("VALUE_ONLY", _, Some(v)) => tags.values().any(|x| x == v),
        ("KEY_AND_VALUE", Some(k), Some(v)) => tags.get(k).is_some_and(|x| x == v),
        _ => false,
    }
}

/// (a) Each target has the agent, kept by an association.
fn agents(
    ctx: &Context,
    fleet: &Fleet,
    group: &DeploymentGroup,
    targets: &[&Instance],
    verdict: &mut Verdict,
) {
    if targets.is_empty() {
        return;
    }
    let region = group.region.as_str();
    if let Some(why) = Packages::unreadable(ctx, region) {
        verdict.error_reason(format!(
            "whether its targets have the CodeDeploy agent is unknown: {why}"
        ));
        return;
    }
    let (mut missing, mut unkept) = (Vec::new(), Vec::new());
    for instance in targets {
        let id = instance.instance_id.as_str();
        match fleet
            .packages
            .agent(region, id, &AGENT_NAMES, AGENT_PACKAGE)
        {
            Err(why) => verdict.error_reason(why),
            Ok(Agent::Unmanaged) => missing.push(format!("{id} (not managed by SSM)")),
            Ok(Agent::Managed { kept: true, .. }) => {}
            Ok(Agent::Managed {
                installed: Some(_), ..
            }) => unkept.push(id.to_string()),
            Ok(Agent::Managed { node, .. }) if node.ping_status != "Online" => {
                missing.push(format!("{id} (SSM {})", node.ping_status));
            }
            Ok(Agent::Managed { .. }) => missing.push(id.to_string()),
        }
    }
    if !missing.is_empty() {
        verdict.fail(format!(
            "no CodeDeploy agent in the SSM inventory and no {CONFIGURE_PACKAGE} association installing {AGENT_PACKAGE} on {}",
            name_list(&missing)
        ));
    }
    if !unkept.is_empty() {
        verdict.warn(format!(
            "the CodeDeploy agent on {} is not kept updated by an {CONFIGURE_PACKAGE} association",
            name_list(&unkept)
        ));
    }
}

/// (b) Each target's instance role may read the bundle.
fn bundle_access(
    ctx: &Context,
    fleet: &Fleet,
    targets: &[&Instance],
    bundle: &str,
    verdict: &mut Verdict,
) {
    let mut by_profile: HashMap<Option<&str>, Vec<&str>> = HashMap::new();
    for i in targets {
        by_profile
            .entry(i.iam_instance_profile_arn.as_deref())
            .or_default()
            .push(&i.instance_id);
    }
    let mut profiles: Vec<_> = by_profile.into_iter().collect();
    profiles.sort();
    for (profile, instances) in profiles {
        let Some(profile) = profile else {
            verdict.fail(format!(
                "{} has no instance profile: the agent cannot download the bundle {bundle}",
                name_list(&instances)
            ));
            continue;
        };
        let label = format!("instance profile {profile}");
        let allowed = fleet
            .roles
            .instance_profile(ctx, profile, label.as_str())
            .and_then(|p| match p.role_arns.first() {
                Some(role) => fleet.roles.allowed(
                    ctx,
                    role,
                    &format!("role {role} (of {})", name_list(&instances)),
                    &["s3:GetObject"],
                    bundle,
                ),
                None => Lookup::Missing(format!("{label} has no role")),
            });
        allowed.or_record(verdict);
    }
}

/// (c) The Auto Scaling group exists and has CodeDeploy's launch hook.
fn launch_hook(
    ctx: &Context,
    fleet: &Fleet,
    group: &DeploymentGroup,
    name: &str,
    hook: Option<&str>,
    verdict: &mut Verdict,
) {
    let (account, region) = (group.account_id.as_str(), group.region.as_str());
    let label = format!("Auto Scaling group {name}");
    if let Some(e) = ctx.unreadable(autoscaling::LIFECYCLE_HOOKS, region) {
        verdict.error_reason(format!(
            "the lifecycle hooks of {label} could not be read: {e}"
        ));
        return;
    }
    let found = Reference::regional(label.as_str(), "autoscaling", region, account)
        .resolve(ctx, fleet.groups.get(account, region, name));
    let Some(asg) = found.or_record(verdict) else {
        return;
    };
    let hooks = match asg.lifecycle_hooks.known() {
        Ok(Some(hooks)) => hooks,
        Ok(None) => return verdict.fail(format!("{label} does not exist in {region}")),
        Err(e) => return verdict.error(e),
    };
    let is_codedeploy = |n: &str| match hook {
        Some(expected) => n == expected,
        None => n.starts_with(HOOK_PREFIX),
    };
    if !hooks
        .iter()
        .any(|h| h.transition == LAUNCHING && is_codedeploy(&h.name))
    {
        verdict.fail(format!(
            "{label} has no CodeDeploy launch hook ({}): instances added by scale-out get no deployment",
            hook.unwrap_or("CodeDeploy-managed-automatic-launch-deployment-hook-*")
        ));
    }
}
