//! ## What it checks
//!
//! Every CloudFormation stack is `IN_SYNC` with its template, judged from the
//! drift CloudFormation recorded (`DriftInformation`), or from the drift
//! detection this scan ran when `--detect-drift` was given.
//!
//! - Scope: root **and** nested stacks whose status is `CREATE_COMPLETE`,
//!   `UPDATE_COMPLETE`, `UPDATE_ROLLBACK_COMPLETE`, `UPDATE_ROLLBACK_FAILED`,
//!   `IMPORT_COMPLETE` or `IMPORT_ROLLBACK_COMPLETE`. Any other status is SKIP
//!   (`cloudformation-stack-health` reports those). Nested stacks are
//!   evaluated individually (detection on a parent does not cover them); their
//!   reason names the root stack, and a root stack's reason notes which of its
//!   nested stacks are drifted.
//! - SKIP: a stack whose resources are all custom resources
//!   (`AWS::CloudFormation::CustomResource`, `Custom::*`): nothing in it is
//!   drift-checkable.
//! - PASS: the drift status is `IN_SYNC` (and no resource is recorded as
//!   drifted or `UNKNOWN`).
//! - FAIL: the drift status is `DRIFTED`. The reason lists each drifted
//!   resource: logical id, type, `MODIFIED`/`DELETED`, and the property paths
//!   that differ with their difference type (never the expected or actual
//!   values). A resource recorded as `MODIFIED`/`DELETED` (e.g. by a
//!   resource-level detection) is drift even when the stack status lags.
//! - Advisory (FAIL at low): drift detection was never run (`NOT_CHECKED`);
//!   or the recorded status is older than `max_drift_age_hours` (default 24)
//!   or has no timestamp. A stale `DRIFTED` stack still FAILs, with the
//!   staleness appended.
//! - Detection run by this scan (`--detect-drift`): `DETECTION_COMPLETE` is
//!   judged as above without the staleness rule. `DETECTION_FAILED` is FAIL
//!   when the stack is still `DRIFTED` with drifted resources listed (the
//!   reason says the results are partial and quotes `DetectionStatusReason`),
//!   otherwise ERROR (drift detection reads every resource with the caller's
//!   credentials, so a read-only auditor lacking a `Describe*` permission
//!   causes this). A detection call that failed (throttled after retries,
//!   `AccessDenied`, polling time-out) is ERROR, **never** FAIL, a deliberate
//!   departure from the AWS Config rule, which marks throttled stacks
//!   NON_COMPLIANT. A `ValidationError` saying a stack operation is in
//!   progress is SKIP.
//! - ERROR: the stack's drift status is `UNKNOWN`; a resource's drift status is
//!   `UNKNOWN` (it counts toward ERROR, never FAIL; a confirmed drift
//!   elsewhere in the stack still FAILs); the resources could not be listed.
//! - Excluded resources: custom resources and resources whose drift status is
//!   `NOT_CHECKED` (types without drift support) are not evaluated; the reason
//!   counts them ("n resources not drift-checkable").
//! - Suppression: `settings.drift_ignore` maps a resource type (IAM-style
//!   wildcards allowed) to property paths whose differences are expected,
//!   e.g. `{"AWS::AutoScaling::AutoScalingGroup" = ["/DesiredCapacity"]}`. A
//!   path covers itself and everything below it (`/Tags` covers `/Tags/0/Value`);
//!   the leading `/` is optional and `*`/`?` wildcards are allowed. Suppressed
//!   differences are reported as a note; a resource whose every difference is
//!   suppressed is not drifted. `DELETED` resources are never suppressed.
//!
//! ## Why it matters
//!
//! A drifted stack means the template no longer describes what runs: the next
//! stack update can silently revert a manual fix, or fail half-way. Any change
//! made outside CloudFormation is drift, and drift detection is not automatic:
//! it has to be triggered (notes 000 › Configuration Management and IaC ›
//! "cloudformation:", drift). `IN_SYNC` is compliant, `DRIFTED` is not, and
//! custom resources are always skipped (notes 001 › ## CloudFormation ›
//! ### Core Topics, "Drift Detection & AWS Config Integration"). The AWS Config
//! rule reports throttled detections as non-compliant; this check reports them
//! as ERROR instead (notes 001 › ## Examination Tips & ‘Wrong Answer’
//! Context, "AWS Config Drift Detection Errors", "CloudFormation Custom
//! Resources").
//!
//! ## How to fix
//!
//! Either bring the resource back to what the template declares, or make the
//! template declare what the resource now is (update the stack, or import the
//! resource), then detect drift again.
//!
//! - **Console**: CloudFormation › the stack › Stack actions › Detect drift, then View drift results to see each modified property; fix the resource or update the template.
//! - **CLI**: `aws cloudformation detect-stack-drift --stack-name NAME`, poll `aws cloudformation describe-stack-drift-detection-status --stack-drift-detection-id ID`, then `aws cloudformation describe-stack-resource-drifts --stack-name NAME --stack-resource-drift-status-filters MODIFIED DELETED`.
//! - **CloudFormation**: change the template to match the intended state and deploy it (`aws cloudformation deploy`); schedule detection (for example the AWS Config rule `cloudformation-stack-drift-detection-check`, or an EventBridge-scheduled Lambda calling `DetectStackDrift`) so the recorded status stays fresh.
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC › "cloudformation:" (drift); 001 › ## CloudFormation › ### Core Topics ("Drift Detection & AWS Config Integration"); 001 › ## Examination Tips & ‘Wrong Answer’ Context ("AWS Config Drift Detection Errors", "CloudFormation Custom Resources").
//! - AWS: "Detect unmanaged configuration changes to stacks and resources with drift detection" (CloudFormation User Guide); API reference for `DetectStackDrift`, `DescribeStackDriftDetectionStatus`, `DescribeStackResourceDrifts`.
//! - AWS Config managed rule `cloudformation-stack-drift-detection-check`; no Prowler equivalent.

use crate::arn::wildcard_match;
use crate::collected::CollectError;
use crate::engine::{timestamp, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::cloudformation;
use crate::inventory::cloudformation::{Stack, StackResource};
use crate::settings::{any, at_least_one, Setting};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};

/// A recorded drift status older than this is stale (advisory); shared
/// with `cloudformation-stackset-drift`.
pub(super) static MAX_DRIFT_AGE_HOURS: Setting<i64> = Setting::new(
    "max_drift_age_hours",
    "A recorded drift status (without `--detect-drift`) older than this many hours is stale: advisory.",
    "24",
    at_least_one,
);

/// Benign drift to ignore.
static DRIFT_IGNORE: Setting<BTreeMap<String, Vec<String>>> = Setting::new(
    "drift_ignore",
    "Benign drift to ignore: resource type (IAM-style wildcards) → property paths whose differences are expected, e.g. `{\"AWS::AutoScaling::AutoScalingGroup\" = [\"/DesiredCapacity\"]}`.",
    "{}",
    any,
);

pub static CHECK: Check = Check {
    id: "cloudformation-stack-drift",
    title: "CloudFormation stacks are IN_SYNC with their templates",
    service: "cloudformation",
    severity: Severity::High,
    section: "000 › Configuration Management and IaC › \"cloudformation:\"; 001 › ## CloudFormation › ### Core Topics",
    catalog: "IAC-01",
    reads: &[
        cloudformation::STACKS,
        cloudformation::STACK_RESOURCES,
        cloudformation::DRIFT_DETECTION,
    ],
    tolerates: &[],
    settings: &[&MAX_DRIFT_AGE_HOURS, &DRIFT_IGNORE],
    config_rule: Some("cloudformation-stack-drift-detection-check"),
    prowler: None,
    source: include_str!("stack_drift.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let stacks = Stacks::new(&ctx.cloudformation().stacks);
    for stack in stacks.all {
        judge(ctx, &stacks, stack, em);
    }
}

/// The account's stacks, with the lookups a stack's context needs.
struct Stacks<'a> {
    all: &'a [Stack],
    /// Stack id → name (the first stack listed with that id).
    names: HashMap<&'a str, &'a str>,
    /// Root stack id → its nested stacks, in listing order.
    nested: HashMap<&'a str, Vec<&'a Stack>>,
}

impl<'a> Stacks<'a> {
    fn new(all: &'a [Stack]) -> Stacks<'a> {
        let mut names = HashMap::new();
        let mut nested: HashMap<&str, Vec<&Stack>> = HashMap::new();
        for s in all {
            names.entry(s.arn.as_str()).or_insert(s.name.as_str());
            if let Some(root) = s.root_id.as_deref() {
                nested.entry(root).or_default().push(s);
            }
        }
        Stacks { all, names, nested }
    }
}

/// Where the drift status comes from.
enum Mode<'a> {
    /// The recorded `DriftInformation` (no detection run by this scan).
    Recorded,
    /// A detection run by this scan completed.
    Detected,
    /// A detection run by this scan failed, with its reason.
    DetectionFailed(&'a str),
}

fn judge(ctx: &Context, stacks: &Stacks, stack: &Stack, em: &mut Emitter) {
    let context = stack_context(stacks, stack);
    let skip = |em: &mut Emitter, reason: String| match &context {
        Some(c) => em.skip(stack, format!("{reason} ({c})")),
        None => em.skip(stack, reason),
    };
    if !stack.is_drift_evaluable() {
        return skip(
            em,
            format!(
                "stack status {}: drift is not evaluated (cloudformation-stack-health reports it)",
                stack.status
            ),
        );
    }
    let resources = stack
        .resources
        .known()
        .map(|r| r.map(Vec::as_slice).unwrap_or(&[]));
    if let Ok(rs) = resources {
        if !rs.is_empty() && rs.iter().all(|r| is_custom(&r.resource_type)) {
            return skip(
                em,
                format!(
                    "all {} resources are custom resources: not drift-checkable",
                    rs.len()
                ),
            );
        }
    }

    let mut v = Verdict::new();
    if let Some(c) = &context {
        v.note(c.clone());
    }
    let mode = match stack.detection.known() {
        Err(e) if operation_in_progress(e) => {
            return skip(
                em,
                format!("drift detection could not start, a stack operation is in progress: {e}"),
            )
        }
        Err(e) => {
            v.error_reason(format!(
                "drift detection run by this scan did not complete: {e} (recorded status {} not used)",
                stack.drift.status
            ));
            return v.emit(em, stack, "");
        }
        Ok(None) => Mode::Recorded,
        Ok(Some(d)) => match d.status.as_str() {
            "DETECTION_COMPLETE" => Mode::Detected,
            "DETECTION_FAILED" => {
                Mode::DetectionFailed(d.reason.as_deref().unwrap_or("no reason given"))
            }
            "DETECTION_IN_PROGRESS" => {
                v.error_reason("drift detection was still in progress when polling timed out");
                return v.emit(em, stack, "");
            }
            other => {
                v.error_reason(format!("unrecognised drift detection status {other}"));
                return v.emit(em, stack, "");
            }
        },
    };

    let status = stack.drift.status.as_str();
    match status {
        "NOT_CHECKED" => {
            match mode {
                Mode::DetectionFailed(reason) => v.error_reason(detection_failed(reason)),
                _ => v.warn("drift detection never run (drift status NOT_CHECKED): run DetectStackDrift, and schedule it"),
            }
            return v.emit(em, stack, "");
        }
        "IN_SYNC" | "DRIFTED" => {}
        "UNKNOWN" => v.error_reason("the stack's drift status is UNKNOWN"),
        other => v.error_reason(format!("unrecognised drift status {other}")),
    }
    if matches!(mode, Mode::Recorded) {
        if let Some(stale) = staleness(
            status,
            stack.drift.last_check,
            ctx.now,
            ctx.setting(&MAX_DRIFT_AGE_HOURS),
        ) {
            v.warn(stale);
        }
    }

    let ignore = &ctx.setting(&DRIFT_IGNORE);
    let mut found = Resources::default();
    match resources {
        Ok(rs) => rs.iter().for_each(|r| found.classify(r, ignore)),
        Err(e) => v.error_reason(format!(
            "stack resources could not be listed (needed to exclude custom resources and to catch UNKNOWN results): {e}"
        )),
    }

    let mut failed = false;
    let mut headline = match (status, &mode) {
        ("DRIFTED", Mode::DetectionFailed(reason)) => {
            format!("stack is DRIFTED (partial results: drift detection failed: {reason})")
        }
        ("DRIFTED", _) => "stack is DRIFTED".to_string(),
        _ => format!("stack drift status is {status} but resources are recorded as drifted"),
    };
    if !found.drifted.is_empty() {
        headline.push_str(&format!(
            ": {} drifted: {}",
            count(found.drifted.len(), "resource"),
            found.drifted.join("; ")
        ));
        v.fail(headline);
        failed = true;
    } else if status == "DRIFTED"
        && found.suppressed.is_empty()
        && found.unknown.is_empty()
        && (resources.is_ok() || ignore.is_empty())
    {
        if resources.is_ok() {
            headline.push_str(" (no drifted resource is listed)");
        }
        v.fail(headline);
        failed = true;
    }
    if !found.unknown.is_empty() {
        v.error_reason(format!(
            "drift status UNKNOWN (drift could not be determined) for {}",
            found.unknown.join(", ")
        ));
    }
    if let Mode::DetectionFailed(reason) = mode {
        if !failed {
            v.error_reason(detection_failed(reason));
        }
    }
    if !found.suppressed.is_empty() {
        v.note(format!(
            "ignored expected drift (settings.drift_ignore): {}",
            found.suppressed.join("; ")
        ));
    }
    if found.not_checkable > 0 {
        v.note(format!(
            "{} not drift-checkable",
            count(found.not_checkable, "resource")
        ));
    }
    let pass = match (mode, stack.drift.last_check) {
        (Mode::Detected, _) => format!("drift detection run by this scan: stack is {status}"),
        (_, Some(t)) => format!("stack is {status} (drift last checked {})", timestamp(&t)),
        (_, None) => format!("stack is {status}"),
    };
    v.emit(em, stack, pass);
}

/// Resources sorted by what their drift status means for the stack.
#[derive(Default)]
struct Resources {
    /// `LogicalId (Type) MODIFIED: /Path NOT_EQUAL, …` or `… DELETED`.
    drifted: Vec<String>,
    /// Differences ignored through `drift_ignore`.
    suppressed: Vec<String>,
    /// `LogicalId (Type)` of resources whose drift is UNKNOWN.
    unknown: Vec<String>,
    /// Custom resources and resources CloudFormation did not drift-check.
    not_checkable: usize,
}

impl Resources {
    fn classify(&mut self, r: &StackResource, ignore: &BTreeMap<String, Vec<String>>) {
        let name = format!("{} ({})", r.logical_id, r.resource_type);
        if is_custom(&r.resource_type) || r.drift_status == "NOT_CHECKED" {
            self.not_checkable += 1;
            return;
        }
        match r.drift_status.as_str() {
            "IN_SYNC" => {}
            "DELETED" => self.drifted.push(format!("{name} DELETED")),
            "MODIFIED" => {
                let diff = |d: &crate::inventory::cloudformation::PropertyDifference| {
                    format!("{} {}", d.path, d.difference_type)
                };
                let (ignored, kept): (Vec<_>, Vec<_>) = r
                    .property_differences
                    .iter()
                    .partition(|d| is_ignored(ignore, &r.resource_type, &d.path));
                if !ignored.is_empty() {
                    let paths: Vec<String> = ignored.iter().map(|d| diff(d)).collect();
                    self.suppressed.push(format!("{name} {}", paths.join(", ")));
                }
                if !kept.is_empty() || ignored.is_empty() {
                    let paths: Vec<String> = kept.iter().map(|d| diff(d)).collect();
                    self.drifted.push(if paths.is_empty() {
                        format!("{name} MODIFIED")
                    } else {
                        format!("{name} MODIFIED: {}", paths.join(", "))
                    });
                }
            }
            "UNKNOWN" => self.unknown.push(name),
            other => self.unknown.push(format!("{name}, status {other}")),
        }
    }
}

fn is_custom(resource_type: &str) -> bool {
    resource_type == "AWS::CloudFormation::CustomResource" || resource_type.starts_with("Custom::")
}

/// True when `drift_ignore` lists `path` (or an ancestor of it) for `resource_type`.
fn is_ignored(ignore: &BTreeMap<String, Vec<String>>, resource_type: &str, path: &str) -> bool {
    let norm = |p: &str| format!("/{}", p.trim().trim_matches('/'));
    let path = norm(path);
    ignore
        .iter()
        .filter(|(t, _)| wildcard_match(t, resource_type))
        .flat_map(|(_, paths)| paths)
        .map(|p| norm(p))
        .any(|p| wildcard_match(&p, &path) || path.starts_with(&format!("{p}/")))
}

/// The advisory for a recorded status that is too old (or of unknown age).
pub(super) fn staleness(
    status: &str,
    last_check: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    max_hours: i64,
) -> Option<String> {
    let Some(t) = last_check else {
        return Some(format!(
            "drift status {status} has no last-check time, so its age is unknown"
        ));
    };
    let age = now.signed_duration_since(t);
    (age > chrono::Duration::hours(max_hours)).then(|| {
        format!(
            "drift status {status} is stale: last checked {} ({}h ago, more than max_drift_age_hours={max_hours})",
            timestamp(&t),
            age.num_hours()
        )
    })
}

fn detection_failed(reason: &str) -> String {
    format!(
        "drift detection failed: {reason} (drift detection reads every resource with the caller's credentials: a missing Describe permission causes this)"
    )
}

/// `ValidationError` "… is in progress": the stack is busy, detection cannot run now.
fn operation_in_progress(e: &CollectError) -> bool {
    let message = e.message.to_ascii_lowercase();
    e.code == "ValidationError"
        && (message.contains("in progress") || message.contains("_in_progress"))
}

/// For a nested stack, the root it belongs to; for a root stack, its drifted nested stacks.
fn stack_context(stacks: &Stacks, stack: &Stack) -> Option<String> {
    if stack.is_nested() {
        let root = stack.root_id.as_deref().or(stack.parent_id.as_deref())?;
        let name = stacks
            .names
            .get(root)
            .copied()
            .unwrap_or_else(|| name_from_arn(root));
        return Some(format!("nested stack of root stack {name}"));
    }
    let nested: &[&Stack] = stacks
        .nested
        .get(stack.arn.as_str())
        .map_or(&[], Vec::as_slice);
    if nested.is_empty() {
        return None;
    }
    let drifted: Vec<&str> = nested
        .iter()
        .filter(|s| s.drift.status == "DRIFTED")
        .map(|s| s.name.as_str())
        .collect();
    let mut note = format!(
        "{} evaluated separately",
        count(nested.len(), "nested stack")
    );
    if !drifted.is_empty() {
        note.push_str(&format!(", DRIFTED: {}", drifted.join(", ")));
    }
    Some(note)
}

/// `arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/UUID` → `NAME`.
fn name_from_arn(arn: &str) -> &str {
    arn.split_once(":stack/")
        .and_then(|(_, rest)| rest.split('/').next())
        .unwrap_or(arn)
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
