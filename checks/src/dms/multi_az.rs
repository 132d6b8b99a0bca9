//! ## What it checks
//!
//! Every production DMS replication that captures changes continuously
//! (CDC) has a synchronous standby in another Availability Zone
//! (`dms:DescribeReplicationInstances`, `DescribeReplicationTasks`,
//! `DescribeReplicationConfigs`, `ListTagsForResource`). One finding per
//! provisioned replication instance and per serverless replication
//! configuration:
//!
//! - FAIL: the instance is Single-AZ (`MultiAZ=false`) and runs a task
//!   whose `MigrationType` is `cdc` or `full-load-and-cdc`; or a serverless
//!   configuration of such a `ReplicationType` is not Multi-AZ
//!   (`ComputeConfig.MultiAZ` false or not set).
//! - Advisory (FAIL at low): the same, for full-load-only tasks or
//!   configurations: an AZ loss interrupts the load, which then restarts.
//! - PASS: Multi-AZ.
//! - SKIP: not production (the production tag, else a name word of the
//!   instance or configuration identifier); a Single-AZ instance that runs
//!   no task; an instance being deleted.
//! - ERROR: the instances or configurations could not be listed, or their
//!   tags could not be read (whether they are production, or exempt, is
//!   unknown); for a Single-AZ instance, the tasks could not be read
//!   (whether it runs CDC is unknown).
//!
//! Every task the instance holds counts, whatever its status but
//! `deleting`: a stopped CDC task resumes on the same instance.
//!
//! ## Why it matters
//!
//! A Single-AZ replication instance is lost with its Availability Zone,
//! and with it the change stream from the source: the target falls behind
//! until the instance is replaced and the task resumed, if the source
//! still holds the changes. A Multi-AZ instance keeps a synchronous
//! standby and fails over on its own (notes 000 › Resilient cloud
//! solutions › "AWS DMS": continuous replication with CDC; multi-AZ
//! deployment with a synchronously replicated standby).
//!
//! ## How to fix
//!
//! Modify the replication instance (or the serverless configuration) to
//! Multi-AZ; the change applies in the next maintenance window unless
//! applied immediately.
//!
//! - **Console**: DMS › Provisioned instances › the instance › Modify › High Availability: Production workload (Multi-AZ); for serverless: Serverless replications › the replication › Modify › Multi-AZ.
//! - **CLI**: `aws dms modify-replication-instance --replication-instance-arn ARN --multi-az --apply-immediately`; `aws dms modify-replication-config --replication-config-arn ARN --compute-config MultiAZ=true`.
//! - **CloudFormation**: `AWS::DMS::ReplicationInstance` with `MultiAZ: true`; `AWS::DMS::ReplicationConfig` with `ComputeConfig: {MultiAZ: true}`.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "AWS DMS" (overview; multi-az deployment).
//! - AWS: "Working with an AWS DMS replication instance" (AWS Database Migration Service User Guide, Multi-AZ); "Working with AWS DMS Serverless".
//! - AWS Config: `dms-replication-instance-multi-az-enabled`; Prowler `dms_instance_multi_az_enabled`.

use crate::engine::{name_list, Check, Context, Emitter, Resource, Severity};
use crate::inventory::dms::{self, ReplicationConfig, ReplicationInstance, ReplicationTask};
use crate::settings::{Production, PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "dms-multi-az",
    title: "DMS replication instances running CDC are Multi-AZ",
    service: "dms",
    severity: Severity::Low,
    section: "000 › Resilient cloud solutions › \"AWS DMS\"",
    catalog: "RES-18",
    reads: &[dms::INSTANCES, dms::TASKS, dms::CONFIGS, dms::TAGS],
    tolerates: &[dms::TASKS],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: Some("dms-replication-instance-multi-az-enabled"),
    prowler: Some("dms_instance_multi_az_enabled"),
    source: include_str!("multi_az.rs"),
    run,
};

/// Migration types that replicate changes continuously.
const CDC: &[&str] = &["cdc", "full-load-and-cdc"];

fn run(ctx: &Context, em: &mut Emitter) {
    let production = ctx.production();
    let section = ctx.dms();
    let mut tasks: HashMap<&str, Vec<&ReplicationTask>> = HashMap::new();
    for t in section.tasks.iter().filter(|t| t.status != "deleting") {
        tasks
            .entry(t.replication_instance_arn.as_str())
            .or_default()
            .push(t);
    }
    for instance in &section.replication_instances {
        if !in_scope(em, &production, instance, &instance.id) {
            continue;
        }
        if instance.status == "deleting" {
            em.skip(instance, "the replication instance is being deleted");
            continue;
        }
        judge_instance(ctx, em, instance, tasks.get(instance.arn.as_str()));
    }
    for config in &section.replication_configs {
        if in_scope(em, &production, config, &config.id) {
            judge_config(em, config);
        }
    }
}

/// False (with the finding said) when `r` is not judged: it is not
/// production (where its tags could not be read, the engine reports it
/// ERROR).
fn in_scope(em: &mut Emitter, production: &Production, r: &dyn Resource, id: &str) -> bool {
    if !production.is_production(r.tags(), id) {
        em.skip(r, "not production");
        return false;
    }
    true
}

fn judge_instance(
    ctx: &Context,
    em: &mut Emitter,
    instance: &ReplicationInstance,
    tasks: Option<&Vec<&ReplicationTask>>,
) {
    if instance.multi_az {
        let standby = instance
            .secondary_availability_zone
            .as_deref()
            .map_or_else(String::new, |z| format!(" in {z}"));
        em.pass(
            instance,
            format!("Multi-AZ: a synchronous standby{standby}"),
        );
        return;
    }
    if let Some(e) = ctx.unreadable(dms::TASKS, &instance.region) {
        em.error_reason(
            instance,
            format!("Single-AZ, and whether it runs CDC tasks is unknown: the replication tasks could not be read: {e}"),
        );
        return;
    }
    let tasks = tasks.map(Vec::as_slice).unwrap_or_default();
    let ids = |cdc: bool| -> Vec<&str> {
        tasks
            .iter()
            .filter(|t| CDC.contains(&t.migration_type.as_str()) == cdc)
            .map(|t| t.id.as_str())
            .collect()
    };
    let (cdc, full_load) = (ids(true), ids(false));
    let zone = instance.availability_zone.as_deref().unwrap_or("its AZ");
    if !cdc.is_empty() {
        em.fail(
            instance,
            format!(
                "Single-AZ replication instance runs CDC task {}: continuous replication stops when {zone} fails",
                name_list(&cdc)
            ),
        );
    } else if !full_load.is_empty() {
        em.warn(
            instance,
            format!(
                "Single-AZ replication instance runs full-load task {}: a load interrupted by the loss of {zone} starts over",
                name_list(&full_load)
            ),
        );
    } else {
        em.skip(instance, "Single-AZ, but runs no replication task");
    }
}

fn judge_config(em: &mut Emitter, config: &ReplicationConfig) {
    if config.multi_az == Some(true) {
        em.pass(config, "Multi-AZ serverless replication");
        return;
    }
    let kind = &config.replication_type;
    if CDC.contains(&kind.as_str()) {
        em.fail(
            config,
            format!("serverless {kind} replication is not Multi-AZ: continuous replication stops when its AZ fails"),
        );
    } else {
        em.warn(
            config,
            format!("serverless {kind} replication is not Multi-AZ: a load interrupted by an AZ loss starts over"),
        );
    }
}
