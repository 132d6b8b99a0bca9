//! ## What it checks
//!
//! Every CloudWatch Logs log group keeps its events for a deliberate time:
//! long enough for audit logs, not forever by default.
//!
//! - Advisory (FAIL at low): the group has no retention (`retentionInDays`
//!   absent: its events never expire).
//! - FAIL: an audit group keeps its events for fewer than
//!   `min_retention_days` (365 by default). Audit groups are those whose
//!   name matches `audit_log_group_patterns`: by default the CloudTrail
//!   groups (`/aws/cloudtrail*`, `aws-cloudtrail-logs-*`, the console's
//!   default name), WAF logs (`aws-waf-logs-*`), VPC flow logs
//!   (`/aws/vpc/flow*`) and Session Manager session logs
//!   (`/aws/ssm/sessions*`; Session Manager has no default group name, so
//!   add yours).
//! - FAIL: the group keeps its events longer than `max_retention_days`,
//!   when that setting is given (no maximum by default).
//! - PASS: a retention within those bounds.
//! - SKIP: groups of the `DELIVERY` class, whose retention the service
//!   fixes.
//! - ERROR: CloudWatch Logs could not be listed in the region.
//!
//! **Never expire is an advisory, not a FAIL, and not a PASS.** The AWS
//! Config rule `cw-loggroup-retention-period-check` and Prowler's
//! `cloudwatch_log_group_retention_policy_specific_days_enabled` both treat
//! "never expire" as compliant: they only ask that retention be *at least*
//! a minimum, and forever is more than any minimum. The notes see it the
//! other way round: never expire is the default nobody chose, and it grows
//! cost without limit. So a group that never expires is flagged, at low
//! severity, as a decision to make; a too-short audit group, which loses
//! evidence, fails at the check's severity. An audit group that never
//! expires is not below the minimum: it gets the advisory only.
//!
//! ## Why it matters
//!
//! Log groups are created with "Never Expire", and storage grows for ever;
//! audit logs kept too briefly are gone when an investigation needs them.
//! The notes list log expiration policies among the basics of CloudWatch
//! Logs (notes 000 › Monitoring and Logging › "cloudwatch-logs") and say
//! retention defaults to Never Expire and is set per log group (notes 001 ›
//! ## CloudWatch Retention & Aggregation).
//!
//! ## How to fix
//!
//! - **Console**: CloudWatch › Log groups › the group › Actions › Edit retention setting: choose a period (e.g. 30 days for application logs, 1 year or more for audit logs).
//! - **CLI**: `aws logs put-retention-policy --log-group-name NAME --retention-in-days 365`.
//! - **CloudFormation**: `AWS::Logs::LogGroup` with `RetentionInDays: 365`.
//!
//! ## References
//!
//! - Study notes: 000 › Monitoring and Logging › "cloudwatch-logs"; 001 › ## CloudWatch Retention & Aggregation.
//! - AWS: "Change log data retention in CloudWatch Logs"; "Log classes" (CloudWatch Logs user guide).
//! - AWS Config managed rule `cw-loggroup-retention-period-check`; Prowler `cloudwatch_log_group_retention_policy_specific_days_enabled`.

use crate::arn::wildcard_match;
use crate::engine::{Check, Context, Emitter, Severity};
use crate::inventory::logs::{self, LogGroup};
use crate::settings::{any, at_least_one, Setting};

/// The name patterns of audit log groups.
static AUDIT_PATTERNS: Setting<Vec<String>> = Setting::new(
    "audit_log_group_patterns",
    "Log groups that hold audit logs (name patterns, `*` and `?` wildcards): they must keep events at least `min_retention_days`.",
    r#"["/aws/cloudtrail*", "aws-cloudtrail-logs-*", "aws-waf-logs-*", "/aws/vpc/flow*", "/aws/ssm/sessions*"]"#,
    any,
);

/// The shortest retention an audit group may have.
static MIN_RETENTION_DAYS: Setting<i64> = Setting::new(
    "min_retention_days",
    "The shortest retention, in days, an audit log group may have.",
    "365",
    at_least_one,
);

/// The longest retention any group may have, when set.
static MAX_RETENTION_DAYS: Setting<Option<i64>> = Setting::new(
    "max_retention_days",
    "The longest retention, in days, any log group may have; `null` (the default) sets no maximum.",
    "null",
    none_or_at_least_one,
);

pub static CHECK: Check = Check {
    id: "cloudwatch-log-retention",
    title: "Log groups have deliberate retention",
    service: "logs",
    severity: Severity::Low,
    section: "001 › ## CloudWatch Retention & Aggregation; 000 › Monitoring and Logging › \"cloudwatch-logs\"",
    catalog: "MON-01",
    reads: &[logs::LOG_GROUPS],
    tolerates: &[],
    settings: &[&AUDIT_PATTERNS, &MIN_RETENTION_DAYS, &MAX_RETENTION_DAYS],
    config_rule: Some("cw-loggroup-retention-period-check"),
    prowler: Some("cloudwatch_log_group_retention_policy_specific_days_enabled"),
    source: include_str!("retention.rs"),
    run,
};

/// The class whose retention the service fixes.
const DELIVERY_CLASS: &str = "DELIVERY";

fn none_or_at_least_one(v: &Option<i64>) -> Result<(), String> {
    match v {
        Some(days) => at_least_one(days),
        None => Ok(()),
    }
}

fn run(ctx: &Context, em: &mut Emitter) {
    let audit = ctx.setting(&AUDIT_PATTERNS);
    let min = ctx.setting(&MIN_RETENTION_DAYS);
    let max = ctx.setting(&MAX_RETENTION_DAYS);
    for group in &ctx.logs().log_groups {
        let pattern = audit.iter().find(|p| wildcard_match(p, &group.name));
        judge(group, pattern.map(String::as_str), min, max, em);
    }
}

fn judge(group: &LogGroup, audit: Option<&str>, min: i64, max: Option<i64>, em: &mut Emitter) {
    if group.log_group_class.as_deref() == Some(DELIVERY_CLASS) {
        return em.skip(
            group,
            "DELIVERY class: its retention is fixed by the service",
        );
    }
    let kind = match audit {
        Some(p) => format!("audit log group (matches {p})"),
        None => "log group".to_string(),
    };
    let Some(days) = group.retention_in_days else {
        return em.warn(
            group,
            format!("{kind} never expires (no retention set): storage grows without limit; choose a retention"),
        );
    };
    if audit.is_some() && days < min {
        return em.fail(
            group,
            format!("{kind} keeps events {days} days, less than the {min} days audit logs need"),
        );
    }
    if let Some(max) = max.filter(|m| days > *m) {
        return em.fail(
            group,
            format!("{kind} keeps events {days} days, more than the maximum of {max} days"),
        );
    }
    em.pass(group, format!("{kind} keeps events {days} days"));
}
