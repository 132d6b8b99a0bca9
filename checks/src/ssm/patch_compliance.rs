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

fn run(ctx: &Context, em: &mut Emitter) {
    let threshold = &ctx.settings.patch_severity_threshold;
    let threshold_rank = rank(threshold);
    for node in &ctx.ssm().managed_instances {
        match threshold_rank {
            Some(t) => judge(ctx, node, threshold, t, em),
            None => em.error_reason(
                node,
                format!(
                    "settings.patch_severity_threshold {threshold:?} is not one of {}",
                    SEVERITIES.join(", ")
                ),
            ),
        }
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
            let max_days = ctx.settings.max_patch_scan_age_days;
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

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::engine::{Severity, Status};
    use crate::settings::Settings;
    use crate::testing::{assert_finding, run_with};
    use serde_json::{json, Value};

    const ARN: &str = "arn:aws:ssm:us-east-1:111122223333:managed-instance/i-1";

    fn node(patch_state: Value, patch_compliance: Value) -> Value {
        json!({"ssm": {"managed_instances": [{"arn": ARN, "region": "us-east-1",
            "account_id": "111122223333", "instance_id": "i-1", "ping_status": "Online",
            "patch_state": patch_state, "patch_compliance": patch_compliance}]}})
    }

    fn state(missing: i64, failed: i64, reboot: i64, rejected: i64, end: &str) -> Value {
        json!({"value": {"missing_count": missing, "failed_count": failed,
            "installed_pending_reboot_count": reboot, "installed_rejected_count": rejected,
            "operation_end_time": end}})
    }

    fn clean() -> Value {
        state(0, 0, 0, 0, "2026-11-20T03:00:00Z")
    }

    fn summary(status: &str, severity: Option<&str>) -> Value {
        match severity {
            Some(s) => json!({"value": {"status": status, "overall_severity": s}}),
            None => json!({"value": {"status": status}}),
        }
    }

    fn judge_with(
        settings: &Settings,
        account: Value,
        status: Status,
        severity: Severity,
        needle: &str,
    ) {
        let f = assert_finding(&run_with(&CHECK, account, settings), ARN, status, needle);
        assert_eq!(f.severity, severity, "{}", f.reason);
    }

    fn judge(account: Value, status: Status, severity: Severity, needle: &str) {
        judge_with(&Settings::default(), account, status, severity, needle);
    }

    #[test]
    fn compliant_node_passes() {
        judge(
            node(clean(), summary("COMPLIANT", None)),
            Status::Pass,
            Severity::High,
            "last patch operation 2026-11-20T03:00:00Z: no missing or failed patches; patch compliance COMPLIANT",
        );
        judge(
            node(clean(), json!("absent")),
            Status::Pass,
            Severity::High,
            "no missing or failed patches",
        );
    }

    #[test]
    fn failing_nodes() {
        use Severity::High;
        for (patch_state, compliance, needle) in [
            (
                json!("absent"),
                json!("absent"),
                "never scanned for patches (no patch state)",
            ),
            (
                state(3, 1, 0, 0, "2026-11-20T03:00:00Z"),
                json!("absent"),
                "3 missing and 1 failed patches",
            ),
            (
                state(0, 2, 0, 0, "2026-11-20T03:00:00Z"),
                json!("absent"),
                "0 missing and 2 failed patches",
            ),
            (
                clean(),
                summary("NON_COMPLIANT", Some("CRITICAL")),
                "patch compliance NON_COMPLIANT at severity CRITICAL (threshold HIGH)",
            ),
            (
                clean(),
                summary("NON_COMPLIANT", Some("HIGH")),
                "NON_COMPLIANT at severity HIGH",
            ),
        ] {
            judge(node(patch_state, compliance), Status::Fail, High, needle);
        }
    }

    #[test]
    fn severity_threshold_is_configurable() {
        for (threshold, severity, status, needle) in [
            ("HIGH", Some("MEDIUM"), Status::Pass, "(note: patch compliance NON_COMPLIANT at severity MEDIUM, below the threshold HIGH)"),
            ("HIGH", None, Status::Pass, "NON_COMPLIANT at severity UNSPECIFIED, below the threshold"),
            ("medium", Some("MEDIUM"), Status::Fail, "NON_COMPLIANT at severity MEDIUM (threshold medium)"),
            ("HIGH", Some("BAD"), Status::Error, "unrecognised severity BAD"),
            ("SEVERE", Some("LOW"), Status::Error, "settings.patch_severity_threshold \"SEVERE\" is not one of"),
        ] {
            let settings = Settings {
                patch_severity_threshold: threshold.into(),
                ..Settings::default()
            };
            let account = node(clean(), summary("NON_COMPLIANT", severity));
            judge_with(&settings, account, status, Severity::High, needle);
        }
    }

    #[test]
    fn advisories() {
        use Severity::Low;
        for (patch_state, needle) in [
            (state(0, 0, 2, 0, "2026-11-20T03:00:00Z"), "advisory: 2 patches installed but pending a reboot"),
            (state(0, 0, 0, 1, "2026-11-20T03:00:00Z"), "advisory: 1 rejected patches are installed"),
            (state(0, 0, 0, 0, "2026-11-01T12:00:00Z"), "advisory: the last patch operation ended 2026-11-01T12:00:00Z, 20 days ago (more than max_patch_scan_age_days=7)"),
        ] {
            judge(node(patch_state, json!("absent")), Status::Fail, Low, needle);
        }
        let month = Settings {
            max_patch_scan_age_days: 30,
            ..Settings::default()
        };
        judge_with(
            &month,
            node(state(0, 0, 0, 0, "2026-11-01T12:00:00Z"), json!("absent")),
            Status::Pass,
            Severity::High,
            "no missing",
        );
        // A confirmed failure wins over advisories.
        judge(
            node(state(1, 0, 1, 0, "2026-11-01T12:00:00Z"), json!("absent")),
            Status::Fail,
            Severity::High,
            "1 missing and 0 failed patches; advisory: 1 patches installed but pending a reboot",
        );
    }

    #[test]
    fn unreadable_data_is_an_error() {
        let denied = json!({"error": {"operation": "DescribeInstancePatchStates", "code": "AccessDeniedException"}});
        judge(
            node(denied, summary("COMPLIANT", None)),
            Status::Error,
            Severity::High,
            "DescribeInstancePatchStates failed: AccessDeniedException",
        );
        let throttled = json!({"error": {"operation": "ListResourceComplianceSummaries", "code": "ThrottlingException"}});
        judge(
            node(clean(), throttled.clone()),
            Status::Error,
            Severity::High,
            "throttled: ListResourceComplianceSummaries",
        );
        judge(
            node(json!("absent"), throttled),
            Status::Fail,
            Severity::High,
            "Operation=Scan; also could not evaluate: throttled",
        );
    }

    #[test]
    fn blind_region_is_reported_by_the_engine() {
        let f = run_with(
            &CHECK,
            json!({"ssm": {}, "collection_errors": [{"service": "ssm", "region": "eu-west-1",
                "operation": "DescribeInstanceInformation", "code": "AccessDenied"}]}),
            &Settings::default(),
        );
        assert_finding(
            &f,
            "arn:aws:ssm:eu-west-1:111122223333",
            Status::Error,
            "DescribeInstanceInformation failed",
        );
    }
}
