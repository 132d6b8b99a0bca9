//! ## What it checks
//!
//! Running production EC2 instances (by the production tag, else a word of
//! the `Name` tag or the instance id) that are not in an Auto Scaling group
//! recover automatically when the host fails its system status check.
//!
//! - PASS, either:
//!   - simplified automatic recovery is on (`MaintenanceOptions.AutoRecovery`
//!     = `default`) and the instance type supports it
//!     (`AutoRecoverySupported`); this is AWS's current default, an
//!     update to the notes; or
//!   - a CloudWatch alarm on `StatusCheckFailed_System` (or
//!     `StatusCheckFailed`) in `AWS/EC2` for this `InstanceId`, with its
//!     actions enabled, has the action `arn:aws:automate:REGION:ec2:recover`.
//! - Advisory (FAIL at low): the instance type does not support automatic
//!   recovery, or the root device is an instance store: run the instance in
//!   an Auto Scaling group of one instead.
//! - FAIL: neither (the reason says whether recovery is disabled and what
//!   the recover alarms lack).
//! - SKIP: instances in an Auto Scaling group (tag
//!   `aws:autoscaling:groupName`: the group replaces a failed instance, with
//!   new IP addresses, as the notes say); instances that are not running;
//!   instances that are not production.
//! - ERROR: the instance's recovery setting or its type's support is not
//!   known, or alarms could not be listed in its region and it does not
//!   pass by simplified recovery.
//!
//! ## Why it matters
//!
//! A failed system status check means the underlying host is impaired; the
//! instance stays down until someone stops and starts it. Recovery moves it
//! to healthy hardware keeping its instance id, private and Elastic IP
//! addresses and metadata, while an Auto Scaling group of 1/1/1 replaces it
//! with a new instance (notes 000 › Incident and Event Response › "EC2
//! instance status checks"; 000 › Monitoring and Logging › "cloudwatch
//! alarms", EC2 instance recovery; 000 › Resilient cloud solutions ›
//! "disaster recovery", recover EC2 on alarm).
//!
//! ## How to fix
//!
//! - **Console**: EC2 › the instance › Actions › Instance settings › Change auto-recovery behavior › Default (on); or Actions › Monitor and troubleshoot › Manage CloudWatch alarms › create an alarm on Status check failed: system with the alarm action Recover.
//! - **CLI**: `aws ec2 modify-instance-maintenance-options --instance-id ID --auto-recovery default`; or `aws cloudwatch put-metric-alarm --alarm-name recover-ID --namespace AWS/EC2 --metric-name StatusCheckFailed_System --dimensions Name=InstanceId,Value=ID --statistic Maximum --period 60 --evaluation-periods 2 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions arn:aws:automate:REGION:ec2:recover`.
//! - **CloudFormation**: `MaintenanceOptions: {AutoRecovery: default}` in the `AWS::EC2::LaunchTemplate` data of the instance (or an `AWS::CloudWatch::Alarm` on `StatusCheckFailed_System` with `AlarmActions: [!Sub "arn:aws:automate:${AWS::Region}:ec2:recover"]`).
//!
//! ## References
//!
//! - Study notes: 000 › Incident and Event Response › "EC2 instance status checks"; 000 › Monitoring and Logging › "cloudwatch alarms"; 000 › Resilient cloud solutions › "disaster recovery".
//! - AWS: EC2 user guide, "Simplified automatic recovery based on instance configuration" and "Recover your instance" (CloudWatch action based recovery).
//! - No AWS Config managed rule or Prowler check.

use crate::engine::{name_list, Check, Context, Emitter, Severity};
use crate::inventory::cloudwatch::Alarm;
use crate::inventory::ec2::Instance;
use crate::inventory::{cloudwatch, ec2};
use crate::settings::{PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "ec2-auto-recovery",
    title: "Standalone instances recover automatically from system-status failures",
    service: "ec2",
    severity: Severity::Medium,
    section: "000 › Incident and Event Response › \"EC2 instance status checks\"",
    catalog: "INC-04",
    reads: &[ec2::INSTANCES, ec2::INSTANCE_TYPES, cloudwatch::ALARMS],
    tolerates: &[],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: None,
    prowler: None,
    source: include_str!("auto_recovery.rs"),
    run,
};

/// The status-check metrics a recover alarm may watch.
const STATUS_METRICS: [&str; 2] = ["StatusCheckFailed_System", "StatusCheckFailed"];

fn run(ctx: &Context, em: &mut Emitter) {
    let production = ctx.production();
    let types: HashMap<(&str, &str), bool> = ctx
        .ec2()
        .instance_types
        .iter()
        .map(|t| {
            (
                (t.region.as_str(), t.instance_type.as_str()),
                t.auto_recovery_supported,
            )
        })
        .collect();
    let mut alarms: HashMap<(&str, &str), Vec<&Alarm>> = HashMap::new();
    for a in &ctx.cloudwatch().alarms {
        let on_status = a.namespace.as_deref() == Some("AWS/EC2")
            && a.metric_name
                .as_deref()
                .is_some_and(|m| STATUS_METRICS.contains(&m));
        if let (true, Some(id)) = (on_status, a.dimension("InstanceId")) {
            alarms.entry((&a.region, id)).or_default().push(a);
        }
    }
    for instance in &ctx.ec2().instances {
        if instance.state != "running" {
            em.skip(instance, format!("instance is {}", instance.state));
            continue;
        }
        if let Some(group) = instance.auto_scaling_group() {
            em.skip(
                instance,
                format!("member of Auto Scaling group {group}, which replaces it if it fails (with new IP addresses)"),
            );
            continue;
        }
        let name = instance.tags.get("Name").unwrap_or(&instance.instance_id);
        if !production.is_production(Some(&instance.tags), name) {
            em.skip(instance, "not production");
            continue;
        }
        let key = (instance.region.as_str(), instance.instance_id.as_str());
        let watching = alarms.get(&key).map(Vec::as_slice).unwrap_or(&[]);
        judge(ctx, instance, &types, watching, em);
    }
}

fn judge(
    ctx: &Context,
    instance: &Instance,
    types: &HashMap<(&str, &str), bool>,
    alarms: &[&Alarm],
    em: &mut Emitter,
) {
    let Some(kind) = instance.instance_type.as_deref() else {
        return em.error_reason(instance, "the instance type was not reported");
    };
    let Some(supported) = types.get(&(instance.region.as_str(), kind)) else {
        let why = match ctx.unreadable(ec2::INSTANCE_TYPES, &instance.region) {
            Some(e) => e.to_string(),
            None => "not in the inventory".to_string(),
        };
        return em.error_reason(
            instance,
            format!("whether instance type {kind} supports automatic recovery is unknown ({why})"),
        );
    };
    if !supported {
        return em.warn(
            instance,
            format!("instance type {kind} does not support automatic recovery: run it in an Auto Scaling group of one (min, max and desired 1) instead"),
        );
    }
    if instance.root_device_type.as_deref() == Some("instance-store") {
        return em.warn(
            instance,
            "the root device is an instance store, which automatic recovery does not support: run it in an Auto Scaling group of one instead",
        );
    }
    if instance.auto_recovery.as_deref() == Some("default") {
        return em.pass(
            instance,
            format!(
                "simplified automatic recovery is on (AutoRecovery=default) and {kind} supports it"
            ),
        );
    }
    let recover_alarms = |enabled: bool| -> Vec<&str> {
        alarms
            .iter()
            .filter(|a| {
                a.actions_enabled == enabled && a.alarm_actions.iter().any(|x| is_recover(x))
            })
            .map(|a| a.name.as_str())
            .collect()
    };
    if let Some(alarm) = recover_alarms(true).first() {
        return em.pass(
            instance,
            format!("alarm {alarm} recovers the instance when its status check fails"),
        );
    }
    let setting = match instance.auto_recovery.as_deref() {
        Some(s) => format!("simplified automatic recovery is {s}"),
        None => "the instance's automatic recovery setting was not reported".to_string(),
    };
    if ctx.blind("cloudwatch", &instance.region) {
        return em.error_reason(
            instance,
            format!(
                "{setting}, and whether an alarm recovers the instance is unknown: CloudWatch could not be listed in {}",
                instance.region
            ),
        );
    }
    if instance.auto_recovery.is_none() {
        return em.error_reason(instance, format!("{setting}, and no alarm recovers it"));
    }
    let mut reason = format!(
        "{setting} and no StatusCheckFailed_System alarm with the ec2:recover action watches the instance"
    );
    let disabled = recover_alarms(false);
    if !disabled.is_empty() {
        reason.push_str(&format!(
            " (alarm {} has the recover action but its actions are disabled)",
            name_list(&disabled)
        ));
    }
    em.fail(instance, reason);
}

/// `arn:<partition>:automate:<region>:ec2:recover`.
fn is_recover(action: &str) -> bool {
    let parts: Vec<&str> = action.split(':').collect();
    matches!(
        parts.as_slice(),
        ["arn", _, "automate", _, "ec2", "recover"]
    )
}
