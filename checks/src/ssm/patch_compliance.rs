//! ## What it checks
//!
//! Every Systems Manager managed node (EC2 `i-` and hybrid `mi-`) has been
//! scanned for patches recently and is patch-compliant, judged from its patch
//! state (`DescribeInstancePatchStates`) and its `Patch` compliance summary
//! (`ListResourceComplianceSummaries`).
//!
//! - PASS: the node has a patch state with no missing or failed patches, and
//!   its compliance summary (if any) is not `NON_COMPLIANT` at or above the
//!   threshold.
//! - FAIL: the node has never been scanned (no patch state);
//!   `MissingCount + FailedCount > 0`; or the compliance summary is
//!   `NON_COMPLIANT` with an overall severity at or above
//!   `patch_severity_threshold` (default `HIGH`; the order is `CRITICAL` >
//!   `HIGH` > `MEDIUM` > `LOW` > `INFORMATIONAL` > `UNSPECIFIED`, and a
//!   summary without a severity counts as `UNSPECIFIED`). A `NON_COMPLIANT`
//!   summary below the threshold is noted.
//! - Advisory (FAIL at low): patches installed but pending a reboot
//!   (`InstalledPendingRebootCount > 0`); rejected patches installed
//!   (`InstalledRejectedCount > 0`); the last scan or install
//!   (`OperationEndTime`) is older than `max_patch_scan_age_days` (default 7).
//! - ERROR: the patch state or the compliance summary could not be read; an
//!   unrecognised severity; a `patch_severity_threshold` setting that is not
//!   one of the severities above.
//!
//! ## Why it matters
//!
//! Missing security patches lead directly to exploitable hosts. Patch Manager
//! scans managed nodes against a patch baseline and reports compliance; a
//! node that is never scanned, or whose last scan is old, gives no assurance
//! at all (notes 000 › Configuration Management and IaC › "SSM patch manager
//! and maintenance windows"; "SSM compliance"). The notes' patching designs
//! run `AWS-RunPatchBaseline` on a schedule through maintenance windows with
//! custom baselines (notes 001 › ## Systems Manager Patch Management & Custom
//! Baselines; notes 001 › ## AWS Systems Manager (SSM) › ### SSM Inventory &
//! Compliance).
//!
//! ## How to fix
//!
//! Scan and patch every managed node on a schedule with `AWS-RunPatchBaseline`
//! (a Patch Manager patch policy or a maintenance window task), and reboot
//! nodes with patches pending a reboot.
//!
//! - **Console**: Systems Manager › Patch Manager › Create patch policy (scan daily, install weekly, all managed nodes); Patch Manager › Compliance reporting shows the nodes still missing patches.
//! - **CLI**: `aws ssm send-command --document-name AWS-RunPatchBaseline --targets Key=InstanceIds,Values=ID --parameters Operation=Install,RebootOption=RebootIfNeeded`; `aws ssm describe-instance-patch-states --instance-ids ID` to verify.
//! - **CloudFormation**: an `AWS::SSM::MaintenanceWindow` with an `AWS::SSM::MaintenanceWindowTarget` and an `AWS::SSM::MaintenanceWindowTask` running `AWS-RunPatchBaseline` (`Operation: Install`), or an `AWS::SSM::Association` of `AWS-RunPatchBaseline` with a schedule, plus an `AWS::SSM::PatchBaseline` for custom approval rules.
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC › "SSM patch manager and maintenance windows"; 000 › Configuration Management and IaC › "SSM compliance"; 001 › ## Systems Manager Patch Management & Custom Baselines; 001 › ## AWS Systems Manager (SSM) › ### SSM Inventory & Compliance.
//! - AWS: "AWS Systems Manager Patch Manager", "Patch compliance state values", "SSM Command document for patching: AWS-RunPatchBaseline" (Systems Manager User Guide).
//! - AWS Config managed rule `ec2-managedinstance-patch-compliance-status-check`; Prowler `ssm_managed_compliant_patching`.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::ssm;
use crate::inventory::ssm::ManagedInstance;
use crate::settings::{at_least_one, Setting};

/// The lowest compliance severity that fails.
static PATCH_SEVERITY_THRESHOLD: Setting<String> = Setting::new(
    "patch_severity_threshold",
    "The lowest compliance severity of missing patches that fails: CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL or UNSPECIFIED (case-insensitive).",
    r#""HIGH""#,
    a_severity,
);

/// A patch scan older than this is stale.
static MAX_PATCH_SCAN_AGE_DAYS: Setting<i64> = Setting::new(
    "max_patch_scan_age_days",
    "A patch scan older than this many days is stale: advisory.",
    "7",
    at_least_one,
);

pub static CHECK: Check = Check {
    id: "ssm-patch-compliance",
    title: "Managed instances are patch-compliant",
    service: "ssm",
    severity: Severity::High,
    section: "000 › Configuration Management and IaC › \"SSM patch manager and maintenance windows\"; 001 › ## Systems Manager Patch Management & Custom Baselines",
    catalog: "IAC-21",
    reads: &[
        ssm::MANAGED_INSTANCES,
        ssm::PATCH_STATE,
        ssm::PATCH_COMPLIANCE,
    ],
    tolerates: &[],
    settings: &[&PATCH_SEVERITY_THRESHOLD, &MAX_PATCH_SCAN_AGE_DAYS],
    config_rule: Some("ec2-managedinstance-patch-compliance-status-check"),
    prowler: Some("ssm_managed_compliant_patching"),
    source: include_str!("patch_compliance.rs"),
    run,
};

/// Compliance severities, lowest first.
const SEVERITIES: &[&str] = &[
    "UNSPECIFIED",
    "INFORMATIONAL",
    "LOW",
    "MEDIUM",
    "HIGH",
    "CRITICAL",
];

fn rank(severity: &str) -> Option<usize> {
    SEVERITIES
        .iter()
        .position(|s| s.eq_ignore_ascii_case(severity.trim()))
}

/// A threshold must name a compliance severity.
#[allow(clippy::ptr_arg, reason = "a validator takes &T, here T = String")]
fn a_severity(threshold: &String) -> Result<(), String> {
    match rank(threshold) {
        Some(_) => Ok(()),
        None => Err(format!(
            "expected one of {}, got {threshold:?}",
            SEVERITIES.join(", ")
        )),
    }
}

fn run(ctx: &Context, em: &mut Emitter) {
    let threshold = ctx.setting(&PATCH_SEVERITY_THRESHOLD);
    // Validated when set: always a severity.
    let threshold_rank = rank(&threshold).unwrap_or(0);
    for node in &ctx.ssm().managed_instances {
        judge(ctx, node, &threshold, threshold_rank, em);
    }
}

fn judge(
    ctx: &Context,
    node: &ManagedInstance,
    threshold: &str,
    threshold_rank: usize,
    em: &mut Emitter,
) {
    let mut v = Verdict::new();
    let mut pass = Vec::new();
    match node.patch_state.known() {
        Err(e) => v.error(e),
        Ok(None) => v.fail("never scanned for patches (no patch state): run AWS-RunPatchBaseline with Operation=Scan"),
        Ok(Some(state)) => {
            if state.missing_count + state.failed_count > 0 {
                v.fail(format!(
                    "{} missing and {} failed patches",
                    state.missing_count, state.failed_count
                ));
            }
            if state.installed_pending_reboot_count > 0 {
                v.warn(format!(
                    "{} patches installed but pending a reboot",
                    state.installed_pending_reboot_count
                ));
            }
            if state.installed_rejected_count > 0 {
                v.warn(format!(
                    "{} rejected patches are installed",
                    state.installed_rejected_count
                ));
            }
            let max_days = ctx.setting(&MAX_PATCH_SCAN_AGE_DAYS);
            let end = state.operation_end_time;
            let when = crate::engine::timestamp(&end);
            let age = ctx.now.signed_duration_since(end);
            if age > chrono::Duration::days(max_days) {
                v.warn(format!(
                    "the last patch operation ended {when}, {} days ago (more than max_patch_scan_age_days={max_days})",
                    age.num_days()
                ));
            }
            pass.push(format!("last patch operation {when}: no missing or failed patches"));
        }
    }
    match node.patch_compliance.known() {
        Err(e) => v.error(e),
        Ok(None) => {}
        Ok(Some(summary)) if summary.status == "NON_COMPLIANT" => {
            let severity = summary.overall_severity.as_deref().unwrap_or("UNSPECIFIED");
            match rank(severity) {
                None => v.error_reason(format!(
                    "patch compliance NON_COMPLIANT with unrecognised severity {severity}"
                )),
                Some(r) if r >= threshold_rank => v.fail(format!(
                    "patch compliance NON_COMPLIANT at severity {severity} (threshold {threshold})"
                )),
                Some(_) => v.note(format!(
                    "patch compliance NON_COMPLIANT at severity {severity}, below the threshold {threshold}"
                )),
            }
        }
        Ok(Some(summary)) => pass.push(format!("patch compliance {}", summary.status)),
    }
    v.emit(em, node, pass.join("; "));
}
