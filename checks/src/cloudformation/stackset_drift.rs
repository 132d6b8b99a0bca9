//! ## What it checks
//!
//! The stack sets this account administers (as the StackSet administrator,
//! `CallAs=SELF`, or as a delegated administrator of the organization,
//! `CallAs=DELEGATED_ADMIN`) are not drifted, as CloudFormation last
//! recorded it (`DescribeStackSet` `StackSetDriftDetectionDetails` and
//! `ListStackInstances` `DriftStatus`).
//!
//! - FAIL: the stack set's drift status is `DRIFTED`, or an instance's is
//!   (its account and region are listed, with `DriftedStackInstancesCount`).
//! - Advisory (FAIL at low): drift detection never ran (`NOT_CHECKED`), or
//!   the last check is older than `max_drift_age_hours` (default 24, the
//!   setting `cloudformation-stack-drift` uses).
//! - PASS: `IN_SYNC`, recently checked, and no instance drifted.
//! - ERROR: an instance whose drift status is `UNKNOWN` (or the stack
//!   set's), or instances that could not be listed; a confirmed FAIL still
//!   wins.
//! - SKIP: a region of an account that administers no stack set there
//!   (StackSets are judged from their administrator: the management account
//!   or a delegated administrator; a member account's `ListStackSets` as a
//!   delegated administrator answers `ValidationError`, read as "none").
//!
//! By default this check reads the recorded drift. With `--detect-drift`
//! the scan first runs `DetectStackSetDrift` on each stack set, a StackSet
//! operation that blocks every other operation on the stack set while it
//! runs (never started while another operation is queued or running), waits
//! for it within `--drift-timeout`, and judges the drift it recorded:
//!
//! - ERROR: the detection could not start (another operation in progress,
//!   `OperationInProgressException`, throttled, denied, out of time) or was
//!   still running when the time ran out; the recorded status is not used.
//! - ERROR: the operation ended `FAILED` or `STOPPED` (with its reason);
//!   what it recorded is still judged, and a confirmed FAIL wins.
//!
//! ## Why it matters
//!
//! A stack set spreads one baseline to every account and region of the
//! organization; a change made by hand in one member account or region
//! undermines it where nobody looks. The notes call for drift detection on
//! stack sets and warn that it must be triggered explicitly (notes 000 ›
//! Configuration Management and IaC › "cloudformation:", drift; "stacksets
//! - warning").
//!
//! ## How to fix
//!
//! Detect drift, then bring the drifted instances back to the template
//! (update the stack set, or undo the manual change).
//!
//! - **Console**: CloudFormation › StackSets › the stack set › Actions ›
//!   Detect drifts; then Stack instances › the drifted instance › its stack
//!   › Drifts to see what differs.
//! - **CLI**: `aws cloudformation detect-stack-set-drift --stack-set-name NAME --operation-preferences MaxConcurrentPercentage=25,FailureTolerancePercentage=10`
//!   (add `--call-as DELEGATED_ADMIN` from a delegated administrator), then
//!   `aws cloudformation list-stack-instances --stack-set-name NAME --filters Name=DRIFT_STATUS,Values=DRIFTED`.
//! - **CloudFormation**: keep the baseline in `AWS::CloudFormation::StackSet`
//!   and update it (`update-stack-set`) rather than editing member stacks;
//!   schedule detection (an EventBridge rule running an SSM Automation or a
//!   Lambda function calling `DetectStackSetDrift`).
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC › "cloudformation:" (drift: perform drift detection on stackset); "stacksets - warning".
//! - AWS: "Detecting unmanaged changes in stack sets" (CloudFormation User Guide).
//! - No AWS Config managed rule; no Prowler equivalent.

use super::stack_drift::{staleness, MAX_DRIFT_AGE_HOURS};
use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::cloudformation;
use crate::inventory::cloudformation::StackSet;

pub static CHECK: Check = Check {
    id: "cloudformation-stackset-drift",
    title: "CloudFormation stack set instances are not drifted",
    service: "cloudformation",
    severity: Severity::Medium,
    section: "000 › Configuration Management and IaC › \"cloudformation:\"",
    catalog: "IAC-02",
    reads: &[
        cloudformation::STACKS,
        cloudformation::STACK_SETS,
        cloudformation::STACK_INSTANCES,
        cloudformation::STACK_SET_DRIFT_DETECTION,
    ],
    tolerates: &[],
    settings: &[&MAX_DRIFT_AGE_HOURS],
    config_rule: None,
    prowler: None,
    source: include_str!("stackset_drift.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let max_hours = ctx.setting(&MAX_DRIFT_AGE_HOURS);
    super::administered::skip_regions_without_stack_sets(ctx, em);
    for set in &ctx.cloudformation().stack_sets {
        judge(ctx, set, max_hours, em);
    }
}

fn judge(ctx: &Context, set: &StackSet, max_hours: i64, em: &mut Emitter) {
    let mut v = Verdict::new();
    match set.detection.known() {
        Err(e) => {
            v.error_reason(format!(
                "drift detection run by this scan did not complete: {e} (recorded status {} not used)",
                set.drift.status
            ));
            return v.emit(em, set, "");
        }
        Ok(Some(d)) if d.status == "SUCCEEDED" => v.note(format!(
            "drift detection run by this scan (operation {})",
            d.operation_id
        )),
        Ok(Some(d)) if d.status == "RUNNING" => {
            v.error_reason(format!(
                "drift detection operation {} was still running when polling timed out (recorded status {} not used)",
                d.operation_id, set.drift.status
            ));
            return v.emit(em, set, "");
        }
        Ok(Some(d)) => v.error_reason(format!(
            "drift detection operation {} ended {}: {}",
            d.operation_id,
            d.status,
            d.reason.as_deref().unwrap_or("no reason given")
        )),
        Ok(None) => {}
    }
    let status = set.drift.status.as_str();
    let count = set
        .drift
        .drifted_instances
        .map(|n| format!(" ({n} drifted instance(s) at the last check)"))
        .unwrap_or_default();
    match status {
        "DRIFTED" => v.fail(format!("the stack set is DRIFTED{count}")),
        "NOT_CHECKED" => v.warn("drift detection never ran on the stack set"),
        "IN_SYNC" => {}
        other => v.error_reason(format!("the stack set's drift status is {other}")),
    }
    if matches!(status, "DRIFTED" | "IN_SYNC") {
        if let Some(stale) = staleness(status, set.drift.last_check, ctx.now, max_hours) {
            v.warn(stale);
        }
    }
    match set.instances.known() {
        Err(e) => v.error(e),
        Ok(instances) => {
            let instances = instances.map_or(&[][..], Vec::as_slice);
            let where_ = |drift: &str| -> Vec<String> {
                instances
                    .iter()
                    .filter(|i| i.drift_status == drift)
                    .map(|i| format!("{}/{}", i.account, i.region))
                    .collect()
            };
            let drifted = where_("DRIFTED");
            if !drifted.is_empty() {
                v.fail(format!("drifted instances: {}", drifted.join(", ")));
            }
            let unknown = where_("UNKNOWN");
            if !unknown.is_empty() {
                v.error_reason(format!(
                    "instances whose drift status is UNKNOWN: {}",
                    unknown.join(", ")
                ));
            }
        }
    }
    v.emit(
        em,
        set,
        format!(
            "the stack set and its instances are IN_SYNC ({} as {})",
            set.permission_model, set.call_as
        ),
    );
}
