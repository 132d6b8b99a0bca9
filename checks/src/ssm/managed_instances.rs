//! ## What it checks
//!
//! Every running EC2 instance is a Systems Manager managed node: it appears in
//! `DescribeInstanceInformation` with `PingStatus` `Online`.
//!
//! - SKIP: instances that are not `running`; instances running for less than
//!   `ssm_grace_minutes` (default 15) since their launch, which may still be
//!   registering; instances tagged `ssm:unmanaged-ok` (any value but `false`).
//! - PASS: the instance is managed and `Online`.
//! - FAIL: the instance is not registered, or is registered but `Inactive`.
//!   The reason gives a diagnosis, in this order:
//!   1. no instance profile, and Default Host Management Configuration (DHMC)
//!      is not set in the instance's region;
//!   2. the instance profile is missing, has no role, or its role does not
//!      exist, does not trust `ec2.amazonaws.com`, or does not allow
//!      `ssm:UpdateInstanceInformation` plus the agent's message channel
//!      (the four `ssmmessages:` channel actions, or the six `ec2messages:`
//!      actions older agents use). An attached `AmazonSSMManagedInstanceCore`
//!      satisfies this; otherwise the role's inline and attached policies are
//!      read (`Allow` statements count whatever their conditions; an
//!      unconditional `Deny` takes an action back);
//!   3. DHMC is set but the instance does not require IMDSv2
//!      (`HttpTokens=optional`) or has its metadata endpoint disabled: DHMC
//!      needs IMDSv2. This applies when the instance has no usable profile;
//!   4. otherwise: the agent is not installed or not running, or the instance
//!      cannot reach the SSM endpoints.
//!
//!   When part of the diagnosis cannot be read (IAM blind, a policy
//!   unreadable, the DHMC setting unreadable), the FAIL stands and the reason
//!   says what could not be evaluated.
//! - Advisory (FAIL at low): `PingStatus` `ConnectionLost`; or
//!   `IsLatestVersion=false` in a region where DHMC is set (DHMC keeps the
//!   agent updated automatically, so an old agent means updates are failing).
//! - ERROR: Systems Manager could not be listed in the instance's region, so
//!   whether it is managed is unknown.
//!
//! Gap: the catalog's diagnosis step 4 (a private subnet with no egress path
//! to the SSM endpoints) needs subnet routes, NAT gateways and VPC endpoints,
//! which the inventory model does not hold; the reason only names the
//! possibility (see `ssm-private-subnet-endpoints`). IAM permission boundaries
//! and SCPs are not in the model either, so step 2 reads the role's own
//! policies rather than simulating them.
//!
//! ## Why it matters
//!
//! An instance Systems Manager cannot reach misses patching, inventory,
//! Session Manager, Inspector scanning and agent-based deployments. Managing
//! an instance needs the SSM agent and an IAM role that allows SSM (notes 000 ›
//! Configuration Management and IaC › "system manager (SSM)"), or DHMC, which
//! needs no instance profile but requires IMDSv2 and the agent, and must be
//! enabled per region (notes 000 › Configuration Management and IaC › "SSM
//! default host management configuration (DHMC)"). The practice exam's answer
//! is an Auto Scaling group whose instances get `AmazonSSMManagedInstanceCore`
//! (notes 000 › Filling the gap › "practice exam #1").
//!
//! ## How to fix
//!
//! Either attach an instance profile whose role has
//! `AmazonSSMManagedInstanceCore`, or enable DHMC in the region and require
//! IMDSv2 on the instance; make sure the SSM agent is installed and the
//! instance can reach the `ssm`, `ssmmessages` and `ec2messages` endpoints.
//!
//! - **Console**: EC2 › the instance › Actions › Security › Modify IAM role, choose a role with `AmazonSSMManagedInstanceCore`; or Systems Manager › Fleet Manager › Account management › Default Host Management Configuration › Enable.
//! - **CLI**: `aws ec2 associate-iam-instance-profile --instance-id ID --iam-instance-profile Name=SSMInstanceProfile`; or `aws ssm update-service-setting --setting-id arn:aws:ssm:REGION:ACCOUNT:servicesetting/ssm/managed-instance/default-ec2-instance-management-role --setting-value service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole` and `aws ec2 modify-instance-metadata-options --instance-id ID --http-tokens required`.
//! - **CloudFormation**: an `AWS::IAM::Role` trusting `ec2.amazonaws.com` with `ManagedPolicyArns: [arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore]`, an `AWS::IAM::InstanceProfile` for it, and `IamInstanceProfile` on the instance or launch template (with `MetadataOptions.HttpTokens: required`).
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC › "system manager (SSM)"; 000 › Configuration Management and IaC › "SSM default host management configuration (DHMC)"; 000 › Filling the gap › "practice exam #1".
//! - AWS: "Setting up Systems Manager for EC2 instances", "Managing EC2 instances automatically with Default Host Management Configuration", "Troubleshooting managed node availability" (Systems Manager User Guide).
//! - AWS Config managed rule `ec2-instance-managed-by-systems-manager` (related: `ec2-instance-profile-attached`); Prowler `ec2_instance_managed_by_ssm`.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::ec2::Instance;
use crate::inventory::ssm::ManagedInstance;
use crate::inventory::{ec2, iam, ssm};
use crate::judge::reference::Lookup;
use crate::judge::role::{attached_aws_managed, trust, Roles};
use crate::settings::{zero_or_more, Setting};
use std::collections::HashMap;

/// How long a new instance may take to register.
static SSM_GRACE_MINUTES: Setting<i64> = Setting::new(
    "ssm_grace_minutes",
    "How many minutes a running instance may take to register with Systems Manager before it counts as unmanaged.",
    "15",
    zero_or_more,
);

pub static CHECK: Check = Check {
    id: "ssm-managed-instances",
    title: "Every running EC2 instance is managed by Systems Manager",
    service: "ssm",
    severity: Severity::High,
    section: "000 › Configuration Management and IaC › \"system manager (SSM)\"; 000 › Configuration Management and IaC › \"SSM default host management configuration (DHMC)\"",
    catalog: "IAC-15",
    reads: &[
        ec2::INSTANCES,
        ssm::MANAGED_INSTANCES,
        ssm::DHMC,
        iam::ROLES,
        iam::INSTANCE_PROFILES,
        iam::ATTACHED_POLICIES,
        iam::INLINE_POLICIES,
        iam::MANAGED_POLICIES,
    ],
    tolerates: &[],
    settings: &[&SSM_GRACE_MINUTES],
    config_rule: Some("ec2-instance-managed-by-systems-manager"),
    prowler: Some("ec2_instance_managed_by_ssm"),
    source: include_str!("managed_instances.rs"),
    run,
};

/// Tag that marks an instance deliberately left unmanaged.
const UNMANAGED_OK_TAG: &str = "ssm:unmanaged-ok";

/// The AWS managed policy that grants the SSM agent what it needs.
const CORE_POLICY: &str = "AmazonSSMManagedInstanceCore";

/// The agent's message channel (Session Manager and current agents).
const SSMMESSAGES: &[&str] = &[
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
];

/// The agent's message channel (Run Command on older agents).
const EC2MESSAGES: &[&str] = &[
    "ec2messages:AcknowledgeMessage",
    "ec2messages:DeleteMessage",
    "ec2messages:FailMessage",
    "ec2messages:GetEndpoint",
    "ec2messages:GetMessages",
    "ec2messages:SendReply",
];

fn run(ctx: &Context, em: &mut Emitter) {
    let managed: HashMap<(&str, &str), &ManagedInstance> = ctx
        .ssm()
        .managed_instances
        .iter()
        .map(|m| ((m.region.as_str(), m.instance_id.as_str()), m))
        .collect();
    let roles = Roles::new(ctx);
    for instance in &ctx.ec2().instances {
        judge(ctx, &roles, &managed, instance, em);
    }
}

fn judge(
    ctx: &Context,
    roles: &Roles,
    managed: &HashMap<(&str, &str), &ManagedInstance>,
    instance: &Instance,
    em: &mut Emitter,
) {
    if instance.state != "running" {
        return em.skip(
            instance,
            format!(
                "instance is {}: only running instances are evaluated",
                instance.state
            ),
        );
    }
    if instance
        .tags
        .get(UNMANAGED_OK_TAG)
        .is_some_and(|v| !v.trim().eq_ignore_ascii_case("false"))
    {
        return em.skip(
            instance,
            format!("tagged {UNMANAGED_OK_TAG}: deliberately unmanaged"),
        );
    }
    let grace = ctx.setting(&SSM_GRACE_MINUTES);
    let running = ctx.now.signed_duration_since(instance.launch_time);
    if running < chrono::Duration::minutes(grace) {
        return em.skip(
            instance,
            format!(
                "running for {} minutes, within the ssm_grace_minutes={grace} registration grace period",
                running.num_minutes().max(0)
            ),
        );
    }
    let region = instance.region.as_str();
    if ctx.blind("ssm", region) {
        return em.error_reason(
            instance,
            format!("Systems Manager could not be read in {region}: whether the instance is managed is unknown"),
        );
    }
    let dhmc = dhmc_role(ctx, region);
    let mut v = Verdict::new();
    let headline = match managed.get(&(region, instance.instance_id.as_str())) {
        Some(m) if m.ping_status == "Online" => {
            if m.is_latest_version == Some(false) && matches!(dhmc, Ok(Some(_))) {
                v.warn(format!("the SSM Agent is not the latest version although DHMC is set in {region} and should keep it updated"));
            }
            return v.emit(
                em,
                instance,
                "managed by Systems Manager (PingStatus Online)",
            );
        }
        Some(m) if m.ping_status == "ConnectionLost" => {
            let since = m
                .last_ping
                .map(|t| format!(" (last ping {})", crate::engine::timestamp(&t)))
                .unwrap_or_default();
            v.warn(format!(
                "the SSM Agent lost its connection (PingStatus ConnectionLost){since}"
            ));
            return v.emit(em, instance, "");
        }
        Some(m) => format!(
            "registered with Systems Manager but PingStatus is {}",
            m.ping_status
        ),
        None => {
            "not managed by Systems Manager (absent from DescribeInstanceInformation)".to_string()
        }
    };
    let diagnosis = diagnose(ctx, roles, instance, &dhmc);
    if diagnosis.causes.is_empty() {
        v.fail(headline);
    } else {
        v.fail(format!("{headline}: {}", diagnosis.causes.join("; ")));
    }
    for unknown in diagnosis.unknowns {
        v.error_reason(format!("diagnosis incomplete: {unknown}"));
    }
    v.emit(em, instance, "");
}

/// The DHMC role name set in `region`: `Ok(None)` when unset, `Err` when unknown.
fn dhmc_role<'a>(ctx: &'a Context, region: &str) -> Result<Option<&'a str>, String> {
    let Some(r) = ctx.ssm().regions.iter().find(|r| r.region == region) else {
        return Err(format!("the DHMC setting of {region} was not collected"));
    };
    match r.dhmc_role.known() {
        Ok(Some(role)) if !role.trim().is_empty() => Ok(Some(role.as_str())),
        Ok(_) => Ok(None),
        Err(e) => Err(format!("the DHMC setting of {region}: {e}")),
    }
}

#[derive(Default)]
struct Diagnosis {
    /// What explains the instance not being managed, in the catalog's order.
    causes: Vec<String>,
    /// Parts of the diagnosis that could not be evaluated.
    unknowns: Vec<String>,
}

fn diagnose(
    ctx: &Context,
    roles: &Roles,
    instance: &Instance,
    dhmc: &Result<Option<&str>, String>,
) -> Diagnosis {
    let mut d = Diagnosis::default();
    let region = instance.region.as_str();
    // Steps 1 and 2: the instance profile path.
    let profile_usable = match instance.iam_instance_profile_arn.as_deref() {
        None => {
            match dhmc {
                Ok(None) => d.causes.push(format!(
                    "no instance profile, and Default Host Management Configuration is not set in {region}"
                )),
                Ok(Some(_)) => {}
                Err(e) => {
                    d.causes.push("no instance profile".to_string());
                    d.unknowns.push(e.clone());
                }
            }
            false
        }
        Some(profile) => match profile_problem(ctx, roles, instance, profile) {
            Ok(None) => true,
            Ok(Some(problem)) => {
                d.causes.push(problem);
                false
            }
            Err(e) => {
                d.unknowns.push(e);
                false
            }
        },
    };
    // Step 3: DHMC is the fallback when the profile does not serve.
    if let (false, Ok(Some(role))) = (profile_usable, dhmc) {
        let opts = &instance.metadata_options;
        if opts.http_endpoint.as_deref() == Some("disabled") {
            d.causes.push(format!("DHMC is set in {region} (role {role}) but the instance metadata endpoint is disabled: DHMC needs IMDSv2"));
        } else if opts.http_tokens.as_deref() != Some("required") {
            let tokens = opts.http_tokens.as_deref().unwrap_or("not reported");
            d.causes.push(format!("DHMC is set in {region} (role {role}) but the instance does not require IMDSv2 (HttpTokens={tokens}): DHMC needs IMDSv2"));
        }
    }
    // Step 4: nothing in the configuration explains it.
    if d.causes.is_empty() && d.unknowns.is_empty() {
        d.causes.push("its IAM setup allows SSM: check that the SSM Agent is installed and running and that the instance can reach the SSM endpoints (NAT or VPC endpoints; the inventory has no network data to tell)".to_string());
    }
    d
}

/// What stops the instance profile from letting the agent register:
/// `Ok(None)` nothing, `Ok(Some(why))`, or `Err` when it cannot be told.
fn profile_problem(
    ctx: &Context,
    roles: &Roles,
    instance: &Instance,
    profile_arn: &str,
) -> Result<Option<String>, String> {
    let profile =
        match roles.instance_profile(ctx, profile_arn, format!("instance profile {profile_arn}")) {
            Lookup::Found(p) => p,
            Lookup::Missing(why) => return Ok(Some(why)),
            Lookup::Unknown(why) => return Err(why),
        };
    let Some(role_arn) = profile.role_arns.first() else {
        return Ok(Some(format!(
            "instance profile {} has no role",
            profile.name
        )));
    };
    let label = format!("role {role_arn} of instance profile {}", profile.name);
    let role = match roles.lookup(ctx, role_arn, label) {
        Lookup::Found(role) => role,
        Lookup::Missing(why) => return Ok(Some(why)),
        Lookup::Unknown(why) => return Err(why),
    };
    let label = format!("instance role {}", role.name);
    match trust(role, "ec2.amazonaws.com", &label) {
        Lookup::Found(()) => {}
        Lookup::Missing(why) => return Ok(Some(why)),
        Lookup::Unknown(why) => return Err(why),
    }
    if attached_aws_managed(role, CORE_POLICY) {
        return Ok(None);
    }
    let permissions = roles.permissions(role, &label)?;
    let mut missing = Vec::new();
    if !permissions.allows("ssm:UpdateInstanceInformation", Some(&instance.arn)) {
        missing.push("ssm:UpdateInstanceInformation");
    }
    let channel = |actions: &[&str]| actions.iter().all(|a| permissions.allows(a, Some("*")));
    if !channel(SSMMESSAGES) && !channel(EC2MESSAGES) {
        missing.push("the ssmmessages:* (or ec2messages:*) channel actions");
    }
    Ok((!missing.is_empty()).then(|| {
        format!(
            "{label} lacks {} (attach {CORE_POLICY})",
            missing.join(" and ")
        )
    }))
}
