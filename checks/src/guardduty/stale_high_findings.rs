//! ## What it checks
//!
//! Each GuardDuty detector's open findings (`guardduty:ListFindings` with
//! severity 4 or more and not archived, `guardduty:GetFindings`) are being
//! dealt with, and its suppression rules (`guardduty:ListFilters`,
//! `guardduty:GetFilter`) do not hide high-severity findings. One finding
//! per detector.
//!
//! - FAIL: a finding of severity 7 or more, not archived, was created more
//!   than `max_high_finding_age_days` (default 1) before the scan; the
//!   reason lists them (type, id, severity, since when).
//! - Advisory (FAIL at low):
//!   - a medium finding (severity 4 to 6.9) older than 7 days;
//!   - a filter whose action is `ARCHIVE` (a suppression rule) and whose
//!     criteria could match severity 7 or more broadly: its severity
//!     condition, if any, admits a severity of 7 or more, and it names no
//!     particular resource or actor, only fields such as `type`,
//!     `severity`, `region` or `resource.resourceType` (a type-only rule,
//!     or a type wildcard such as `Matches` `Recon:*`, archives every high
//!     finding of those types, wherever it happens).
//! - Sample findings (`service.additionalInfo.sample=true`) are left out.
//!   High findings younger than the limit are noted with the PASS.
//! - PASS: no stale high finding, no old medium finding, no broad
//!   suppression rule.
//! - ERROR: the findings or the filters could not be read (a FAIL on the
//!   findings still stands when only the filters are unknown).
//!
//! The age is counted from `createdAt`: GuardDuty updates a finding
//! (`updatedAt`) each time the activity recurs, so a finding updated an
//! hour ago may have been open for weeks.
//!
//! ## Why it matters
//!
//! GuardDuty rates its findings from 0.1 to 8.9, low, medium and high, and
//! offers suppression rules and trusted or threat IP lists to tune them
//! (notes 000 › ## Security and Compliance › - Amazon guardduty, findings).
//! A high-severity finding is an active incident: left open for days it
//! means nobody responds. A suppression rule that archives by finding type
//! alone makes the next real attack of that type disappear as it arrives.
//!
//! ## How to fix
//!
//! Investigate and remediate each high finding, then archive it; narrow
//! suppression rules to the resources or addresses that are known to be
//! benign (an instance id, a scanner's IP), or use a trusted IP list.
//!
//! - **Console**: GuardDuty › Findings › filter on severity High › each finding › investigate, then Actions › Archive; GuardDuty › Findings › Saved rules › the suppression rule › add criteria such as `Instance ID` or `Remote IP address`.
//! - **CLI**: `aws guardduty list-findings --detector-id ID --finding-criteria '{"Criterion":{"severity":{"Gte":7},"service.archived":{"Eq":["false"]}}}'`; `aws guardduty archive-findings --detector-id ID --finding-ids FID`; `aws guardduty update-filter --detector-id ID --filter-name NAME --finding-criteria file://criteria.json`.
//! - **CloudFormation**: an `AWS::GuardDuty::Filter` with `Action: ARCHIVE` whose `FindingCriteria` names the benign resource (`resource.instanceDetails.instanceId`) besides the `type`.
//!
//! ## References
//!
//! - Study notes: 000 › ## Security and Compliance › - Amazon guardduty (findings: severity, suppression rules, trusted and threat IP lists).
//! - AWS: GuardDuty user guide, "Severity levels of GuardDuty findings", "Suppression rules in GuardDuty" and "Filtering findings in GuardDuty"; GuardDuty API reference, `ListFindings` and `FindingCriteria`.
//! - AWS Config managed rule `guardduty-non-archived-findings`; Prowler `guardduty_no_high_severity_findings`.

use crate::engine::{name_list, timestamp, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::guardduty::{self, Detector, Filter, FilterCondition, GuardDutyFinding};
use crate::settings::{at_least_one, Setting};
use chrono::{DateTime, Duration, Utc};

pub static CHECK: Check = Check {
    id: "guardduty-stale-high-findings",
    title:
        "No unresolved high-severity GuardDuty findings, and suppression rules do not hide highs",
    service: "guardduty",
    severity: Severity::Medium,
    section: "000 › Security and Compliance › \"Amazon guardduty\"",
    catalog: "SEC-22",
    reads: &[
        guardduty::DETECTORS,
        guardduty::FINDINGS,
        guardduty::FILTERS,
    ],
    tolerates: &[],
    settings: &[&MAX_HIGH_FINDING_AGE_DAYS],
    config_rule: Some("guardduty-non-archived-findings"),
    prowler: Some("guardduty_no_high_severity_findings"),
    source: include_str!("stale_high_findings.rs"),
    run,
};

static MAX_HIGH_FINDING_AGE_DAYS: Setting<i64> = Setting::new(
    "max_high_finding_age_days",
    "A high-severity GuardDuty finding (7 or more) open longer than this many days fails.",
    "1",
    at_least_one,
);

/// The lowest severity GuardDuty rates high.
const HIGH: f64 = 7.0;
/// The lowest severity GuardDuty rates medium.
const MEDIUM: f64 = 4.0;
/// The highest severity a finding can have.
const MAX_SEVERITY: f64 = 10.0;
/// A medium finding open longer than this is advisory.
const MAX_MEDIUM_AGE_DAYS: i64 = 7;

/// Finding fields that do not single out a resource or an actor: a filter
/// whose criteria name only these archives broadly.
const BROAD_FIELDS: &[&str] = &[
    "type",
    "severity",
    "confidence",
    "region",
    "accountId",
    "createdAt",
    "updatedAt",
    "service.archived",
    "service.resourceRole",
    "service.featureName",
    "resource.resourceType",
];

fn run(ctx: &Context, em: &mut Emitter) {
    let max_high_age = Duration::days(ctx.setting(&MAX_HIGH_FINDING_AGE_DAYS));
    for detector in &ctx.guardduty().detectors {
        judge(ctx.now, max_high_age, detector, em);
    }
}

fn judge(now: DateTime<Utc>, max_high_age: Duration, detector: &Detector, em: &mut Emitter) {
    let mut v = Verdict::new();
    match detector.findings.known() {
        Err(e) => v.error(e),
        Ok(findings) => judge_findings(
            now,
            max_high_age,
            findings.map_or(&[], Vec::as_slice),
            &mut v,
        ),
    }
    match detector.filters.known() {
        Err(e) => v.error(e),
        Ok(filters) => {
            for f in filters.map_or(&[][..], Vec::as_slice) {
                if let Some(why) = archives_highs_broadly(f) {
                    v.warn(format!(
                        "suppression rule {} archives findings that could be of severity 7 or more broadly ({why})",
                        f.name
                    ));
                }
            }
        }
    }
    v.emit(
        em,
        detector,
        format!(
            "detector {} in {}: no high finding open longer than {} day(s), no medium finding older than {MAX_MEDIUM_AGE_DAYS} days, no suppression rule hides high findings",
            detector.id,
            detector.region,
            max_high_age.num_days()
        ),
    );
}

fn judge_findings(
    now: DateTime<Utc>,
    max_high_age: Duration,
    findings: &[GuardDutyFinding],
    v: &mut Verdict,
) {
    let real = findings.iter().filter(|f| !f.sample);
    let (mut stale_high, mut fresh_high, mut old_medium) = (Vec::new(), Vec::new(), Vec::new());
    for f in real {
        let age = now - f.created_at;
        if f.severity >= HIGH {
            if age > max_high_age {
                stale_high.push(describe(f));
            } else {
                fresh_high.push(describe(f));
            }
        } else if f.severity >= MEDIUM && age > Duration::days(MAX_MEDIUM_AGE_DAYS) {
            old_medium.push(describe(f));
        }
    }
    if !stale_high.is_empty() {
        v.fail(format!(
            "{} high-severity finding(s) open longer than {} day(s): {}",
            stale_high.len(),
            max_high_age.num_days(),
            name_list(&stale_high)
        ));
    }
    if !old_medium.is_empty() {
        v.warn(format!(
            "{} medium-severity finding(s) open longer than {MAX_MEDIUM_AGE_DAYS} days: {}",
            old_medium.len(),
            name_list(&old_medium)
        ));
    }
    if !fresh_high.is_empty() {
        v.note(format!(
            "{} recent high-severity finding(s): {}",
            fresh_high.len(),
            name_list(&fresh_high)
        ));
    }
}

/// `TYPE (id ID, severity S, since T)`.
fn describe(f: &GuardDutyFinding) -> String {
    format!(
        "{} (id {}, severity {}, since {})",
        f.finding_type,
        f.id,
        f.severity,
        timestamp(&f.created_at)
    )
}

/// Why an `ARCHIVE` filter archives high findings broadly, if it does.
fn archives_highs_broadly(f: &Filter) -> Option<String> {
    if !f.action.eq_ignore_ascii_case("ARCHIVE") {
        return None;
    }
    if f.criteria
        .iter()
        .any(|c| !BROAD_FIELDS.contains(&c.field.as_str()))
    {
        return None;
    }
    let severity: Vec<&FilterCondition> = f
        .criteria
        .iter()
        .filter(|c| c.field == "severity")
        .collect();
    if !severity.iter().all(|c| admits_high(c)) {
        return None;
    }
    let fields: Vec<&str> = f.criteria.iter().map(|c| c.field.as_str()).collect();
    Some(if fields.is_empty() {
        "it has no criteria".to_string()
    } else {
        format!("its criteria name only {}", fields.join(", "))
    })
}

/// True when some severity of 7 or more satisfies the condition.
fn admits_high(c: &FilterCondition) -> bool {
    let (lo, hi) = (HIGH, MAX_SEVERITY);
    let bound = |b: Option<i64>| b.map(|b| b as f64);
    let equals_ok = c.equals.is_empty()
        || c.equals
            .iter()
            .filter_map(|v| v.trim().parse::<f64>().ok())
            .any(|v| v >= lo);
    equals_ok
        && bound(c.greater_than).is_none_or(|g| hi > g)
        && bound(c.greater_than_or_equal).is_none_or(|g| hi >= g)
        && bound(c.less_than).is_none_or(|l| lo < l)
        && bound(c.less_than_or_equal).is_none_or(|l| lo <= l)
}
