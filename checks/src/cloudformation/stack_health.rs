//! ## What it checks
//!
//! No CloudFormation stack (root or nested) is stuck in a failed, rolled-back
//! or long-running state, and rollback on failure is left on.
//!
//! - FAIL: the stack is `CREATE_FAILED`, `ROLLBACK_FAILED`, `DELETE_FAILED`,
//!   `UPDATE_ROLLBACK_FAILED` or `IMPORT_ROLLBACK_FAILED`. The reason quotes
//!   the stack's `StackStatusReason` and the latest failed resource event
//!   (`DescribeStackEvents`: logical id, type, status and
//!   `ResourceStatusReason`).
//! - Advisory (FAIL at low):
//!   - `ROLLBACK_COMPLETE` (a failed create: the stack can only be deleted)
//!     or `UPDATE_ROLLBACK_COMPLETE` (the last update failed and was rolled
//!     back), with the failed event as above;
//!   - an operation (`*_IN_PROGRESS`) running for longer than
//!     `stuck_after_hours` (default 2), counted from the stack's last update
//!     (else its creation);
//!   - rollback on failure is disabled (`DisableRollback`).
//! - PASS: any other status (`CREATE_COMPLETE`, `UPDATE_COMPLETE`,
//!   `IMPORT_COMPLETE`, …), and operations in progress for less than
//!   `stuck_after_hours` (noted).
//! - ERROR: an operation in progress with neither a creation nor an update
//!   time (its age is unknown); a stack without a status; CloudFormation
//!   could not be listed in a region. A failure event that could not be read
//!   only leaves the event out of the reason (noted): it cannot change the
//!   verdict.
//!
//! Custom resources whose `ServiceToken` points at a missing or other-region
//! Lambda function or SNS topic are not judged here yet (see the issue note).
//!
//! ## Why it matters
//!
//! A stack in `UPDATE_ROLLBACK_FAILED` or `DELETE_FAILED` blocks every later
//! change until someone fixes the cause by hand and continues the rollback
//! (`ContinueUpdateRollback`, skipping resources if needed) or retries the
//! delete; `ROLLBACK_COMPLETE` stacks cannot be updated at all. Rollback
//! should be disabled only while troubleshooting, and an operation hanging
//! for hours is usually a custom resource that never answered its callback,
//! which stalls the stack for about an hour (notes 000 › Configuration
//! Management and IaC › "cloudformation:", rollbacks, troubleshooting and
//! custom resources; notes 001 › ## CloudFormation › ### Core Topics,
//! custom resources).
//!
//! ## How to fix
//!
//! Read the failed events, fix the cause (a missing permission, a resource
//! changed or deleted by hand, a quota), then recover the stack.
//!
//! - **Console**: CloudFormation › the stack › Events (filter on Failed); then Stack actions › Continue update rollback (optionally skipping resources), or Delete (with Retain on resources that cannot be deleted); for `ROLLBACK_COMPLETE`, delete and recreate the stack.
//! - **CLI**: `aws cloudformation describe-stack-events --stack-name NAME`; `aws cloudformation continue-update-rollback --stack-name NAME [--resources-to-skip LogicalId]`; `aws cloudformation delete-stack --stack-name NAME [--retain-resources LogicalId]`; create stacks without `--disable-rollback` (or `--on-failure ROLLBACK`).
//! - **CloudFormation**: keep rollback on (`aws cloudformation deploy` without `--disable-rollback`), add rollback triggers (`RollbackConfiguration` with CloudWatch alarms), and make custom resources always answer their callback (`cfn-response`, also on errors and deletes).
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC › "cloudformation:" (rollbacks, troubleshooting, custom resources); 001 › ## CloudFormation › ### Core Topics (custom resources).
//! - AWS: "Troubleshooting CloudFormation" and "Continue rolling back an update" (CloudFormation User Guide); "Stack status codes".
//! - No AWS Config managed rule; no Prowler equivalent.

use crate::engine::{timestamp, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::cloudformation;
use crate::inventory::cloudformation::{Stack, FAILED_STATUSES, ROLLED_BACK_STATUSES};
use crate::settings::{at_least_one, Setting};
use chrono::{DateTime, Utc};

/// An operation in progress for longer than this is stuck (advisory).
static STUCK_AFTER_HOURS: Setting<i64> = Setting::new(
    "stuck_after_hours",
    "A stack operation (`*_IN_PROGRESS`) running for more than this many hours since the stack's last update (else its creation) is stuck: advisory.",
    "2",
    at_least_one,
);

pub static CHECK: Check = Check {
    id: "cloudformation-stack-health",
    title: "CloudFormation stacks are not stuck in failed, rolled-back or long-running states",
    service: "cloudformation",
    severity: Severity::Medium,
    section: "000 › Configuration Management and IaC › \"cloudformation:\"; 001 › ## CloudFormation › ### Core Topics",
    catalog: "IAC-04",
    reads: &[cloudformation::STACKS, cloudformation::STACK_FAILURE],
    tolerates: &[cloudformation::STACK_FAILURE],
    settings: &[&STUCK_AFTER_HOURS],
    config_rule: None,
    prowler: None,
    source: include_str!("stack_health.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let stuck_after = chrono::Duration::hours(ctx.setting(&STUCK_AFTER_HOURS));
    for stack in &ctx.cloudformation().stacks {
        judge(ctx.now, stuck_after, stack, em);
    }
}

fn judge(now: DateTime<Utc>, stuck_after: chrono::Duration, stack: &Stack, em: &mut Emitter) {
    let status = stack.status.as_str();
    let mut v = Verdict::new();
    if FAILED_STATUSES.contains(&status) {
        let failure = failure(stack, &mut v);
        v.fail(format!("stack is {status}{failure}"));
    } else if ROLLED_BACK_STATUSES.contains(&status) {
        let what = if status == "ROLLBACK_COMPLETE" {
            "its creation failed and was rolled back: it can only be deleted"
        } else {
            "its last update failed and was rolled back"
        };
        let failure = failure(stack, &mut v);
        v.warn(format!("stack is {status}: {what}{failure}"));
    } else if status.ends_with("_IN_PROGRESS") {
        match stack.last_updated.or(stack.created) {
            None => v.error_reason(format!(
                "stack is {status} and has no creation or update time: whether it is stuck is unknown"
            )),
            Some(since) if now.signed_duration_since(since) > stuck_after => v.warn(format!(
                "stack is {status} since {} ({}h, more than stuck_after_hours={}): the operation looks stuck",
                timestamp(&since),
                now.signed_duration_since(since).num_hours(),
                stuck_after.num_hours()
            )),
            Some(since) => v.note(format!("{status} since {}", timestamp(&since))),
        }
    } else if status.is_empty() {
        v.error_reason("DescribeStacks did not report the stack's status");
    }
    if stack.disable_rollback {
        v.warn(
            "rollback on failure is disabled (DisableRollback): enable it outside troubleshooting",
        );
    }
    v.emit(em, stack, format!("stack is {status}"));
}

/// `: <StackStatusReason>; latest failed event: …` for a failed or rolled-back
/// stack; an unreadable event is noted on `v` (it cannot change the verdict).
fn failure(stack: &Stack, v: &mut Verdict) -> String {
    let mut out = String::new();
    if let Some(reason) = stack.status_reason.as_deref().filter(|r| !r.is_empty()) {
        out.push_str(&format!(": {reason}"));
    }
    match stack.failure.known() {
        Ok(Some(e)) => {
            out.push_str(&format!(
                "; latest failed event: {} ({}) {}",
                e.logical_id, e.resource_type, e.status
            ));
            if let Some(reason) = e.reason.as_deref().filter(|r| !r.is_empty()) {
                out.push_str(&format!(": {reason}"));
            }
        }
        Ok(None) => {}
        Err(e) => v.note(format!("the failed events could not be read: {e}")),
    }
    out
}
