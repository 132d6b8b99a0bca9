//! ## What it checks
//!
//! Every resource that holds data, in every stack's template, is kept when
//! the stack deletes or replaces it: `DeletionPolicy` is `Retain`,
//! `RetainExceptOnCreate` or `Snapshot`, and `UpdateReplacePolicy` is
//! `Retain` or `Snapshot`. The template is read with `GetTemplate` (the
//! processed template when it declares a `Transform`, so macros such as SAM
//! or `AWS::LanguageExtensions` are expanded), JSON or YAML with
//! CloudFormation's short-form tags (`!Ref`, `!If`, …).
//!
//! Resources that hold data: `AWS::RDS::DBInstance`, `AWS::RDS::DBCluster`,
//! `AWS::DynamoDB::Table`, `AWS::DynamoDB::GlobalTable`, `AWS::EC2::Volume`,
//! `AWS::EFS::FileSystem`, `AWS::ElastiCache::ReplicationGroup`,
//! `AWS::Redshift::Cluster`, `AWS::Neptune::DBCluster`,
//! `AWS::DocDB::DBCluster`, `AWS::S3::Bucket`.
//!
//! An `AWS::RDS::DBInstance` with a `DBClusterIdentifier` (an Aurora or
//! Multi-AZ cluster member) holds no data of its own: it is judged with its
//! cluster, not on its own (noted).
//!
//! - PASS: every such resource keeps its data on deletion and on
//!   replacement. An `AWS::RDS::DBCluster`, or an `AWS::RDS::DBInstance`
//!   without `DBClusterIdentifier`, that declares no policy gets `Snapshot`
//!   from CloudFormation (noted as implicit).
//! - FAIL: a resource whose `DeletionPolicy` is absent or `Delete` (its data
//!   goes with the stack); `Snapshot` on a type that cannot be snapshotted
//!   (DynamoDB, EFS, S3: the template is invalid and the delete fails).
//! - Advisory (FAIL at low): only the deletion half is set
//!   (`UpdateReplacePolicy` absent or `Delete`: a replacement still destroys
//!   the data); no deletion policy but the resource's own
//!   `DeletionProtection`/`DeletionProtectionEnabled` is `true` (a
//!   mitigation); a policy given as an intrinsic function that cannot be
//!   resolved (a `Ref` is resolved against the stack's parameters; their
//!   values are compared by hash, never kept).
//! - SKIP: a stack whose template has no resource that holds data.
//! - ERROR: the template could not be read, or does not parse (the stack is
//!   named; the other stacks are judged).
//!
//! ## Why it matters
//!
//! CloudFormation's default is `Delete`: deleting the stack, or an update
//! that replaces a resource, destroys the database, table or bucket with it.
//! `Retain` keeps the resource (for example a DynamoDB table), `Snapshot`
//! takes a final snapshot first; with `Retain` a resource can also be moved
//! to another stack by import (notes 000 › Configuration Management and IaC
//! › "cloudformation:", deletion policy; 000 › Filling the gap › practice
//! exam #1).
//!
//! ## How to fix
//!
//! Declare both attributes on each stateful resource and update the stack.
//!
//! - **Console**: edit the template (Application Composer or your source), add `DeletionPolicy` and `UpdateReplacePolicy`, then CloudFormation › the stack › Update › Replace current template.
//! - **CLI**: `aws cloudformation deploy --template-file template.yaml --stack-name NAME` after editing the template; `aws cloudformation get-template --stack-name NAME --template-stage Processed` shows what is deployed.
//! - **CloudFormation**: `Db: {Type: AWS::RDS::DBCluster, DeletionPolicy: Snapshot, UpdateReplacePolicy: Snapshot, …}`; `Table: {Type: AWS::DynamoDB::Table, DeletionPolicy: Retain, UpdateReplacePolicy: Retain, …}` (tables, buckets and file systems cannot be snapshotted: use `Retain`).
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC › "cloudformation:" (deletion policy); 000 › Filling the gap › practice exam #1 (Retain, then import).
//! - AWS: "DeletionPolicy attribute" and "UpdateReplacePolicy attribute" (CloudFormation User Guide).
//! - No AWS Config managed rule; no Prowler equivalent.

use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::cloudformation;
use crate::inventory::cloudformation::{Stack, StackParameter, STATEFUL_TYPES};
use crate::template::{PolicySetting, TemplateResource};

pub static CHECK: Check = Check {
    id: "cloudformation-stateful-deletion-policy",
    title: "Stateful resources in CloudFormation templates declare Retain or Snapshot",
    service: "cloudformation",
    severity: Severity::Medium,
    section: "000 › Configuration Management and IaC › \"cloudformation:\"",
    catalog: "IAC-09",
    reads: &[cloudformation::STACKS, cloudformation::STACK_TEMPLATE],
    tolerates: &[],
    settings: &[],
    config_rule: None,
    prowler: None,
    source: include_str!("stateful_deletion_policy.rs"),
    run,
};

/// The policies CloudFormation accepts, as a template may spell them.
const POLICIES: [&str; 4] = ["Retain", "RetainExceptOnCreate", "Snapshot", "Delete"];

/// Types whose `Snapshot` policy CloudFormation supports (of those judged).
const SNAPSHOT_TYPES: &[&str] = &[
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBCluster",
    "AWS::EC2::Volume",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::Redshift::Cluster",
    "AWS::Neptune::DBCluster",
    "AWS::DocDB::DBCluster",
];

fn run(ctx: &Context, em: &mut Emitter) {
    for stack in &ctx.cloudformation().stacks {
        judge(stack, em);
    }
}

fn judge(stack: &Stack, em: &mut Emitter) {
    let template = match stack.template.known() {
        Err(e) => return em.error(stack, e),
        Ok(None) => return em.error_reason(stack, "GetTemplate returned no template body"),
        Ok(Some(t)) => t,
    };
    if let Some(e) = &template.parse_error {
        return em.error_reason(
            stack,
            format!(
                "the template of stack {} could not be parsed: {e}",
                stack.name
            ),
        );
    }
    let (members, stateful): (Vec<&TemplateResource>, Vec<&TemplateResource>) = template
        .resources
        .iter()
        .filter(|r| STATEFUL_TYPES.contains(&r.resource_type.as_str()))
        .partition(|r| r.resource_type == "AWS::RDS::DBInstance" && r.in_cluster);
    if stateful.is_empty() {
        return em.skip(stack, "no resource that holds data in the template");
    }
    let mut v = Verdict::new();
    if !members.is_empty() {
        v.note(format!(
            "{} DB cluster member instance(s) judged with their cluster (the data is the cluster's)",
            members.len()
        ));
    }
    let mut kept = Vec::new();
    for r in &stateful {
        let name = format!("{} ({})", r.logical_id, r.resource_type);
        let implicit = implicit_snapshot(r);
        let deletion = resolve(r.deletion_policy.as_ref(), &stack.parameters);
        let replace = resolve(r.update_replace_policy.as_ref(), &stack.parameters);
        let snapshot_ok = SNAPSHOT_TYPES.contains(&r.resource_type.as_str());
        let mut bad_snapshot = Vec::new();
        for (attr, p) in [
            ("DeletionPolicy", &deletion),
            ("UpdateReplacePolicy", &replace),
        ] {
            if matches!(p, Resolved::Policy(s) if *s == "Snapshot") && !snapshot_ok {
                bad_snapshot.push(attr);
            }
        }
        if !bad_snapshot.is_empty() {
            v.fail(format!(
                "{name}: {} Snapshot, which the type does not support (the delete will fail)",
                bad_snapshot.join(" and ")
            ));
            continue;
        }
        let deletion_kept = match &deletion {
            Resolved::Unknown(why) => {
                v.warn(format!("{name}: DeletionPolicy {why}"));
                continue;
            }
            Resolved::None if implicit => true,
            Resolved::Policy(p) => matches!(*p, "Retain" | "RetainExceptOnCreate" | "Snapshot"),
            Resolved::None => false,
        };
        if !deletion_kept {
            let what = match &deletion {
                Resolved::Policy(p) => format!("DeletionPolicy {p}"),
                _ => "no DeletionPolicy (CloudFormation deletes it)".to_string(),
            };
            if r.deletion_protection {
                v.warn(format!(
                    "{name}: {what}, mitigated only by the resource's deletion protection"
                ));
            } else {
                v.fail(format!("{name}: {what}"));
            }
            continue;
        }
        match &replace {
            Resolved::Unknown(why) => v.warn(format!("{name}: UpdateReplacePolicy {why}")),
            Resolved::None if implicit => {}
            Resolved::Policy("Retain" | "Snapshot") => {}
            Resolved::Policy(p) => v.warn(format!(
                "{name}: only the deletion half is set (UpdateReplacePolicy {p}: a replacement destroys the data)"
            )),
            Resolved::None => v.warn(format!(
                "{name}: only the deletion half is set (no UpdateReplacePolicy: a replacement destroys the data)"
            )),
        }
        kept.push(if implicit && r.deletion_policy.is_none() {
            format!("{name} Snapshot (implicit)")
        } else {
            name
        });
    }
    v.emit(
        em,
        stack,
        format!(
            "resources that hold data are kept on deletion and replacement: {}",
            name_list(&kept)
        ),
    );
}

/// An RDS cluster, or an RDS instance outside a cluster: CloudFormation
/// snapshots it by default.
fn implicit_snapshot(r: &TemplateResource) -> bool {
    r.resource_type == "AWS::RDS::DBCluster"
        || (r.resource_type == "AWS::RDS::DBInstance" && !r.in_cluster)
}

/// A policy attribute as CloudFormation will apply it.
enum Resolved {
    /// Not declared.
    None,
    /// One of [`POLICIES`].
    Policy(&'static str),
    /// Why it cannot be known.
    Unknown(String),
}

fn resolve(setting: Option<&PolicySetting>, parameters: &[StackParameter]) -> Resolved {
    let Some(s) = setting else {
        return Resolved::None;
    };
    if let Some(v) = &s.value {
        return match POLICIES.iter().find(|p| **p == v.as_str()) {
            Some(p) => Resolved::Policy(p),
            None => Resolved::Unknown(format!("{v} is not a deletion policy")),
        };
    }
    if let Some(name) = &s.parameter {
        let Some(param) = parameters.iter().find(|p| p.key == *name) else {
            return Resolved::Unknown(format!(
                "refers to parameter {name}, which the stack does not list"
            ));
        };
        let Some(value) = &param.value else {
            return Resolved::Unknown(format!(
                "refers to parameter {name}, whose value is masked (NoEcho)"
            ));
        };
        return match POLICIES.iter().find(|p| value.is(p)) {
            Some(p) => Resolved::Policy(p),
            None => Resolved::Unknown(format!(
                "refers to parameter {name}, whose value is not a deletion policy"
            )),
        };
    }
    Resolved::Unknown(format!(
        "is given as {}, which cannot be resolved from the template",
        s.intrinsic.as_deref().unwrap_or("an intrinsic function")
    ))
}
