//! ## What it checks
//!
//! State Manager associations keep managed nodes compliant, and run as
//! scheduled.
//!
//! - Managed nodes:
//!   - FAIL: its association compliance (`ListResourceComplianceSummaries`,
//!     type `Association`) is `NON_COMPLIANT`.
//!   - PASS: `COMPLIANT`.
//!   - SKIP: no association compliance is reported for it (no association
//!     targets it).
//!   - ERROR: its compliance could not be read.
//! - Associations:
//!   - Advisory (FAIL at low): its last execution `Failed`; or it has a
//!     schedule and has not run within twice its interval (or never ran).
//!   - PASS otherwise.
//!   - Noted: a schedule the check cannot interpret.
//! - SKIP: an account with no associations (nothing to comply with).
//!
//! ## Why it matters
//!
//! State Manager is how the notes enforce an instance security baseline:
//! associations apply a document on a schedule and report whether each node
//! is in the desired state (notes 000 › Filling the gap › "udemy
//! assessment"; 000 › Configuration Management and IaC › "SSM compliance").
//! A non-compliant node has drifted from that baseline; an association that
//! fails or stopped running no longer enforces anything.
//!
//! ## How to fix
//!
//! - **Console**: Systems Manager › Compliance › the non-compliant node › the association, read its output; State Manager › the association › Execution history; fix the cause, then Apply association now.
//! - **CLI**: `aws ssm list-compliance-items --resource-ids ID --resource-types ManagedInstance --filters Key=ComplianceType,Values=Association`; `aws ssm describe-association-executions --association-id ID`; `aws ssm start-associations-once --association-ids ID`.
//! - **CloudFormation**: `AWS::SSM::Association` with `ScheduleExpression`, `Targets` and `ComplianceSeverity`.
//!
//! ## References
//!
//! - Study notes: 000 › Filling the gap › "udemy assessment"; 000 › Configuration Management and IaC › "SSM compliance".
//! - AWS: "AWS Systems Manager State Manager", "Working with associations" and "Viewing compliance results" (Systems Manager User Guide).
//! - AWS Config managed rule `ec2-managedinstance-association-compliance-status-check`; Prowler `ssm_ec2_managedinstance_association_compliance_status_check`.

use crate::engine::{timestamp, Check, Context, Emitter, Severity};
use crate::inventory::ssm;
use crate::inventory::ssm::{Association, ManagedInstance};
use crate::judge::regions::account_subject;
use crate::judge::schedule;
use chrono::Duration;
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "ssm-association-compliance",
    title: "State Manager associations are compliant and run on schedule",
    service: "ssm",
    severity: Severity::Medium,
    section: "000 › Filling the gap › \"udemy assessment\"; 000 › Configuration Management and IaC › \"SSM compliance\"",
    catalog: "IAC-24",
    reads: &[
        ssm::MANAGED_INSTANCES,
        ssm::ASSOCIATION_COMPLIANCE,
        ssm::ASSOCIATIONS,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: Some("ec2-managedinstance-association-compliance-status-check"),
    prowler: Some("ssm_ec2_managedinstance_association_compliance_status_check"),
    source: include_str!("association_compliance.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let ssm = ctx.ssm();
    if ssm.associations.is_empty() {
        if !ctx.blind_anywhere("ssm") {
            em.skip(
                &account_subject(ctx, "ssm"),
                "no State Manager associations: nothing to comply with",
            );
        }
        return;
    }
    for node in &ssm.managed_instances {
        judge_node(node, em);
    }
    // A cron schedule is enumerated over years: once per expression.
    let mut gaps = HashMap::new();
    for association in &ssm.associations {
        judge_association(ctx, &mut gaps, association, em);
    }
}

type Gaps<'a> = HashMap<&'a str, Result<Option<Duration>, String>>;

fn judge_node(node: &ManagedInstance, em: &mut Emitter) {
    match node.association_compliance.known() {
        Err(e) => em.error(node, e),
        Ok(None) => em.skip(node, "no association compliance reported: no association targets it"),
        Ok(Some(c)) if c.status == "NON_COMPLIANT" => em.fail(
            node,
            format!(
                "association compliance NON_COMPLIANT{}: the node is not in the state its associations enforce",
                c.overall_severity
                    .as_deref()
                    .map(|s| format!(" (severity {s})"))
                    .unwrap_or_default()
            ),
        ),
        Ok(Some(c)) if c.status == "COMPLIANT" => em.pass(node, "association compliance COMPLIANT"),
        Ok(Some(c)) => em.error_reason(
            node,
            format!("unrecognised association compliance status {}", c.status),
        ),
    }
}

fn judge_association<'a>(ctx: &Context, gaps: &mut Gaps<'a>, a: &'a Association, em: &mut Emitter) {
    let what = match &a.name {
        Some(name) => format!("association {name} ({})", a.document),
        None => format!("association of {}", a.document),
    };
    if a.status.as_deref() == Some("Failed") {
        let when = a
            .last_execution
            .map(|t| format!(" ({})", timestamp(&t)))
            .unwrap_or_default();
        return em.warn(a, format!("the last execution of {what} failed{when}"));
    }
    let Some(expr) = a.schedule.as_deref() else {
        return em.pass(
            a,
            format!("{what} runs without a schedule; its last execution did not fail"),
        );
    };
    let gap = gaps
        .entry(expr)
        .or_insert_with(|| schedule::longest_gap(expr, ctx.now));
    let interval = match gap {
        Ok(Some(gap)) => *gap,
        Ok(None) => {
            return em.pass(a, format!("{what}: schedule {expr} does not fire again"));
        }
        Err(why) => {
            return em.pass(
                a,
                format!(
                "{what} did not fail (note: its schedule {expr} could not be interpreted: {why})"
            ),
            )
        }
    };
    let Some(last) = a.last_execution else {
        return em.warn(a, format!("{what} is scheduled ({expr}) but has never run"));
    };
    let since = ctx.now.signed_duration_since(last);
    if since > interval * 2 {
        return em.warn(
            a,
            format!(
                "{what} last ran {} ({} hours ago), more than twice its schedule {expr} allows",
                timestamp(&last),
                since.num_hours()
            ),
        );
    }
    em.pass(
        a,
        format!("{what} last ran {} on schedule {expr}", timestamp(&last)),
    );
}
