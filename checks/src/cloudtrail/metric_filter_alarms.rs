//! ## What it checks
//!
//! Critical API calls recorded by the account's primary trail raise an
//! alarm that reaches people. The trail's CloudWatch Logs log group is
//! judged, one finding per group, for each event in the settings
//! `critical_events` (default `DeleteBucket`, from the notes) and
//! `advisory_events` (default: `StopLogging`, `DeleteTrail`, `UpdateTrail`,
//! `ConsoleLogin`, `PutBucketPolicy`, `DeleteFlowLogs`, `DisableKey`,
//! `ScheduleKeyDeletion`, `AuthorizeSecurityGroupIngress`,
//! `StopConfigurationRecorder`, `PutUserPolicy`).
//!
//! An event is covered when all three hold:
//! - a metric filter on the group names it: a JSON pattern such as
//!   `{ ($.eventName = DeleteBucket) || ($.eventName = PutBucketPolicy) }`
//!   (quoted or bare values, `*` wildcards, `%regex%`, `&&`, `||`,
//!   parentheses; a `$.eventSource` test must fit the event's service where
//!   it is known; tests on other fields, such as `$.errorMessage`, narrow
//!   but do not disqualify), or bare terms containing the event name. A
//!   catch-all (`""`, `$.eventName = *`) or a pattern that never tests the
//!   event's name is not coverage;
//! - an alarm in the group's region watches one of the filter's metrics
//!   (`metricNamespace` + `metricName`) with `ActionsEnabled=true`;
//! - one of that alarm's actions is an SNS topic with at least one
//!   confirmed subscription.
//!
//! - FAIL: a critical event is not covered (the reason names the furthest
//!   link reached: no filter, no alarm, actions disabled, no SNS action,
//!   topic missing, no confirmed subscription); the trail's log group does
//!   not exist; no primary trail streams to CloudWatch Logs; or no primary
//!   trail (multi-region, logging, owned here) exists.
//! - Advisory (FAIL at low): an advisory event is not covered.
//! - ERROR: the group's metric filters, a topic's subscriptions, or alarms,
//!   topics or the log group in a region where they could not be listed.
//! - SKIP: as in `cloudtrail-cloudwatch-logs-cmk` (an organization trail
//!   seen from a member account; single-region or stopped trails; a primary
//!   trail without a log group when another one streams).
//! - A filter whose pattern does not parse is noted, and covers nothing.
//!   Metric filters do not back-fill, so a new filter without history is
//!   not a failure. Each primary log group is judged on its own.
//!
//! ## Why it matters
//!
//! Destructive or security-relevant calls go unnoticed unless something
//! watches for them. The notes' pattern is a metric filter on `DeleteBucket`
//! → custom metric → CloudWatch alarm → SNS (notes 001 › ## Amazon
//! CloudTrail → CloudWatch Logs with KMS › Use Cases; notes 001 › ## Amazon
//! CloudWatch & Logging › "Real-Time Filters"). Filters are not retroactive
//! (notes 000 › Monitoring and Logging › "cloudwath-logs - metric filters"),
//! and alarms can be built on metric filters (notes 000 › Monitoring and
//! Logging › "cloudwatch alarms").
//!
//! ## How to fix
//!
//! - **Console**: CloudWatch › Log groups › the trail's group › Metric filters › Create: pattern `{ ($.eventSource = s3.amazonaws.com) && ($.eventName = DeleteBucket) }`, a namespace such as `CloudTrailMetrics`. Then Create alarm on that metric (threshold ≥ 1 in 5 minutes) notifying an SNS topic, and confirm a subscription to the topic.
//! - **CLI**: `aws logs put-metric-filter --log-group-name GROUP --filter-name DeleteBucket --filter-pattern '{ $.eventName = DeleteBucket }' --metric-transformations metricName=DeleteBucketCount,metricNamespace=CloudTrailMetrics,metricValue=1`; `aws cloudwatch put-metric-alarm --alarm-name DeleteBucket --namespace CloudTrailMetrics --metric-name DeleteBucketCount --statistic Sum --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --evaluation-periods 1 --alarm-actions TOPIC_ARN`; `aws sns subscribe --topic-arn TOPIC_ARN --protocol email --notification-endpoint ADDRESS`.
//! - **CloudFormation**: an `AWS::Logs::MetricFilter` on the trail's group, an `AWS::CloudWatch::Alarm` on its metric with `AlarmActions: [!Ref Topic]`, and an `AWS::SNS::Topic` with a `Subscription`.
//!
//! ## References
//!
//! - Study notes: 001 › ## Amazon CloudTrail → CloudWatch Logs with KMS › Use Cases; 001 › ## Amazon CloudWatch & Logging › "Real-Time Filters"; 000 › Monitoring and Logging › "cloudwath-logs - metric filters" and "cloudwatch alarms".
//! - AWS: "Creating CloudWatch alarms for CloudTrail events: examples"; "Filter pattern syntax for metric filters, subscription filters, filter log events, and Live Tail".
//! - No AWS Config managed rule; the CIS controls CloudWatch.1–14 in Security Hub are the equivalent. Prowler `cloudwatch_log_metric_filter_*` (one check per event family).

use super::filter_pattern::{Match, Pattern};
use super::{primary_trails, streaming_trails};
use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::logs::{LogGroup, MetricFilter};
use crate::inventory::{cloudtrail, cloudwatch, logs, sns};
use crate::judge::notify::{self, Reach, Topics};
use crate::judge::reference::{self, Lookup};
use crate::settings::{any, Setting};
use std::collections::HashSet;

/// Events that must raise an alarm.
static CRITICAL_EVENTS: Setting<Vec<String>> = Setting::new(
    "critical_events",
    "API events (`eventName`) that must raise an alarm through a metric filter on the trail's log group: FAIL when not covered.",
    r#"["DeleteBucket"]"#,
    any,
);

/// Events that should raise an alarm.
static ADVISORY_EVENTS: Setting<Vec<String>> = Setting::new(
    "advisory_events",
    "API events that should raise an alarm: advisory when not covered.",
    r#"["StopLogging", "DeleteTrail", "UpdateTrail", "ConsoleLogin", "PutBucketPolicy", "DeleteFlowLogs", "DisableKey", "ScheduleKeyDeletion", "AuthorizeSecurityGroupIngress", "StopConfigurationRecorder", "PutUserPolicy"]"#,
    any,
);

pub static CHECK: Check = Check {
    id: "cloudtrail-metric-filter-alarms",
    title: "Critical API calls (e.g. DeleteBucket) raise alarms through metric filters",
    service: "cloudtrail",
    severity: Severity::Medium,
    section: "001 › ## Amazon CloudTrail → CloudWatch Logs with KMS; 000 › Monitoring and Logging › \"cloudwath-logs - metric filters\"",
    catalog: "MON-04",
    reads: &[
        cloudtrail::TRAILS,
        cloudtrail::TRAIL_STATUS,
        cloudtrail::EVENT_SELECTORS,
        logs::LOG_GROUPS,
        logs::METRIC_FILTERS,
        cloudwatch::ALARMS,
        sns::TOPICS,
        sns::SUBSCRIPTIONS,
    ],
    tolerates: &[],
    settings: &[&CRITICAL_EVENTS, &ADVISORY_EVENTS],
    config_rule: None,
    prowler: None,
    source: include_str!("metric_filter_alarms.rs"),
    run,
};

/// The `eventSource` of well-known events, so that a `$.eventSource` test
/// naming another service does not count. Events not listed accept any source.
const EVENT_SOURCES: &[(&str, &str)] = &[
    ("DeleteBucket", "s3.amazonaws.com"),
    ("PutBucketPolicy", "s3.amazonaws.com"),
    ("PutBucketAcl", "s3.amazonaws.com"),
    ("DeleteBucketPolicy", "s3.amazonaws.com"),
    ("StopLogging", "cloudtrail.amazonaws.com"),
    ("StartLogging", "cloudtrail.amazonaws.com"),
    ("CreateTrail", "cloudtrail.amazonaws.com"),
    ("DeleteTrail", "cloudtrail.amazonaws.com"),
    ("UpdateTrail", "cloudtrail.amazonaws.com"),
    ("ConsoleLogin", "signin.amazonaws.com"),
    ("DeleteFlowLogs", "ec2.amazonaws.com"),
    ("AuthorizeSecurityGroupIngress", "ec2.amazonaws.com"),
    ("AuthorizeSecurityGroupEgress", "ec2.amazonaws.com"),
    ("RevokeSecurityGroupIngress", "ec2.amazonaws.com"),
    ("CreateSecurityGroup", "ec2.amazonaws.com"),
    ("DeleteSecurityGroup", "ec2.amazonaws.com"),
    ("DisableKey", "kms.amazonaws.com"),
    ("ScheduleKeyDeletion", "kms.amazonaws.com"),
    ("StopConfigurationRecorder", "config.amazonaws.com"),
    ("DeleteConfigurationRecorder", "config.amazonaws.com"),
    ("DeleteDeliveryChannel", "config.amazonaws.com"),
    ("PutUserPolicy", "iam.amazonaws.com"),
    ("PutRolePolicy", "iam.amazonaws.com"),
    ("PutGroupPolicy", "iam.amazonaws.com"),
    ("AttachUserPolicy", "iam.amazonaws.com"),
    ("AttachRolePolicy", "iam.amazonaws.com"),
    ("DeletePolicy", "iam.amazonaws.com"),
];

fn source_of(event: &str) -> Option<&'static str> {
    EVENT_SOURCES
        .iter()
        .find(|(e, _)| *e == event)
        .map(|(_, s)| *s)
}

fn run(ctx: &Context, em: &mut Emitter) {
    let primary = primary_trails(
        ctx,
        em,
        "no multi-region trail owned by this account is logging, so no metric filter can raise an alarm on critical API calls",
    );
    let no_stream = "the trail does not send events to CloudWatch Logs, so no metric filter can raise an alarm on critical API calls (see cloudtrail-cloudwatch-logs-cmk)";
    let groups = reference::log_groups(&ctx.logs().log_groups);
    let topics = Topics::new(ctx.sns());
    let mut judged = HashSet::new();
    for (trail, arn) in streaming_trails(em, &primary, no_stream) {
        match reference::log_group(ctx, &groups, arn) {
            Lookup::Found(group) => {
                if judged.insert(group.arn.as_str()) {
                    judge(ctx, &topics, group, em);
                }
            }
            Lookup::Missing(why) => em.fail(
                trail,
                format!("{why}, so no metric filter can raise an alarm on critical API calls"),
            ),
            Lookup::Unknown(why) => em.error_reason(trail, why),
        }
    }
}

/// The settings' events, each once: `(event, critical)`.
fn events(ctx: &Context) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let all = ctx
        .setting(&CRITICAL_EVENTS)
        .into_iter()
        .map(|e| (e, true))
        .chain(
            ctx.setting(&ADVISORY_EVENTS)
                .into_iter()
                .map(|e| (e, false)),
        );
    for (event, critical) in all {
        if !out.iter().any(|(e, _)| *e == event) {
            out.push((event, critical));
        }
    }
    out
}

fn judge(ctx: &Context, topics: &Topics, group: &LogGroup, em: &mut Emitter) {
    let filters = match group.metric_filters.known() {
        Err(e) => return em.error(group, e),
        Ok(f) => f.map(Vec::as_slice).unwrap_or_default(),
    };
    let mut v = Verdict::new();
    let mut parsed: Vec<(&MetricFilter, Pattern)> = Vec::new();
    for f in filters {
        match Pattern::parse(&f.pattern) {
            Ok(p) => parsed.push((f, p)),
            Err(e) => v.note(format!("metric filter {}: {e}", f.name)),
        }
    }
    let mut covered = Vec::new();
    // (reason, events) in order of first appearance, for critical and advisory gaps.
    let mut gaps: [Vec<(String, Vec<&str>)>; 2] = [Vec::new(), Vec::new()];
    let events = events(ctx);
    for (event, critical) in events.iter().map(|(e, c)| (e.as_str(), *c)) {
        match coverage(ctx, topics, group, &parsed, event) {
            Coverage::Covered => covered.push(event),
            Coverage::Unknown(why) => v.error_reason(format!("{event}: {why}")),
            Coverage::Missing(_, why) => {
                let list = &mut gaps[usize::from(!critical)];
                match list.iter_mut().find(|(r, _)| *r == why) {
                    Some((_, events)) => events.push(event),
                    None => list.push((why, vec![event])),
                }
            }
        }
    }
    let [critical_gaps, advisory_gaps] = gaps;
    for (why, events) in critical_gaps {
        v.fail(format!("no alarm for {} ({why})", events.join(", ")));
    }
    for (why, events) in advisory_gaps {
        v.warn(format!("no alarm for {} ({why})", events.join(", ")));
    }
    let pass = if covered.is_empty() {
        "no event to cover is configured".to_string()
    } else {
        format!(
            "metric filters on log group {} raise alarms notifying SNS for {}",
            group.name,
            covered.join(", ")
        )
    };
    v.emit(em, group, pass);
}

/// How far an event's alarm path got.
enum Coverage {
    Covered,
    /// Not covered: the furthest link reached (higher is further) and why.
    Missing(u8, String),
    Unknown(String),
}

impl Coverage {
    /// Keeps the more informative of two outcomes: covered, else unknown,
    /// else the gap furthest down the path.
    fn better(self, other: Coverage) -> Coverage {
        match (self, other) {
            (Coverage::Covered, _) | (_, Coverage::Covered) => Coverage::Covered,
            (u @ Coverage::Unknown(_), _) | (_, u @ Coverage::Unknown(_)) => u,
            (Coverage::Missing(a, x), Coverage::Missing(b, y)) => {
                if b > a {
                    Coverage::Missing(b, y)
                } else {
                    Coverage::Missing(a, x)
                }
            }
        }
    }
}

fn coverage(
    ctx: &Context,
    topics: &Topics,
    group: &LogGroup,
    filters: &[(&MetricFilter, Pattern)],
    event: &str,
) -> Coverage {
    let source = source_of(event);
    let mut best = Coverage::Missing(
        0,
        format!("no metric filter on log group {} names it", group.name),
    );
    for (filter, _) in filters
        .iter()
        .filter(|(_, p)| p.matches(event, source) == Match::Named)
    {
        if filter.transformations.is_empty() {
            best = best.better(Coverage::Missing(
                1,
                format!("metric filter {} publishes no metric", filter.name),
            ));
        }
        for t in &filter.transformations {
            best = best.better(metric_coverage(
                ctx,
                topics,
                &group.region,
                &filter.name,
                &t.metric_namespace,
                &t.metric_name,
            ));
            if matches!(best, Coverage::Covered) {
                return best;
            }
        }
    }
    best
}

/// Whether some alarm on the metric notifies a confirmed SNS subscription.
fn metric_coverage(
    ctx: &Context,
    topics: &Topics,
    region: &str,
    filter: &str,
    namespace: &str,
    metric: &str,
) -> Coverage {
    let alarms: Vec<_> = ctx
        .cloudwatch()
        .alarms
        .iter()
        .filter(|a| {
            a.region == region
                && a.namespace.as_deref() == Some(namespace)
                && a.metric_name.as_deref() == Some(metric)
        })
        .collect();
    if alarms.is_empty() {
        return if ctx.blind("cloudwatch", region) {
            Coverage::Unknown(format!(
                "alarms could not be listed in {region} (metric {namespace}/{metric})"
            ))
        } else {
            Coverage::Missing(
                1,
                format!("no alarm on metric {namespace}/{metric} of filter {filter}"),
            )
        };
    }
    let mut best = Coverage::Missing(1, String::new());
    for alarm in alarms {
        if !alarm.actions_enabled {
            best = best.better(Coverage::Missing(
                2,
                format!("alarm {} has its actions disabled", alarm.name),
            ));
            continue;
        }
        let notified: Vec<&str> = alarm
            .alarm_actions
            .iter()
            .map(String::as_str)
            .filter(|a| notify::is_topic(a))
            .collect();
        if notified.is_empty() {
            best = best.better(Coverage::Missing(
                3,
                format!("alarm {} notifies no SNS topic", alarm.name),
            ));
        }
        for topic in notified {
            best = best.better(topic_coverage(ctx, topics, topic));
        }
    }
    best
}

fn topic_coverage(ctx: &Context, topics: &Topics, arn: &str) -> Coverage {
    match topics.reach(ctx, arn) {
        Reach::Reaches(_) => Coverage::Covered,
        Reach::NoSubscriber(why) => Coverage::Missing(5, why),
        Reach::NoTopic(why) => Coverage::Missing(4, why),
        Reach::Unknown(why) => Coverage::Unknown(why),
    }
}
