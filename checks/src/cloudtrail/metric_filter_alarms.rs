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
use std::collections::HashSet;

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
fn events<'a>(ctx: &'a Context) -> Vec<(&'a str, bool)> {
    let s = ctx.settings;
    let mut out: Vec<(&str, bool)> = Vec::new();
    let all = s
        .critical_events
        .iter()
        .map(|e| (e.as_str(), true))
        .chain(s.advisory_events.iter().map(|e| (e.as_str(), false)));
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
    for (event, critical) in events(ctx) {
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

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::cloudtrail::test_support::assert_advisory;
    use crate::engine::{Severity, Status};
    use crate::settings::Settings;
    use crate::testing::{assert_finding, run, run_with};
    use serde_json::{json, Value};

    const GROUP: &str = "arn:aws:logs:us-east-1:111122223333:log-group:ct";
    const TRAIL: &str = "arn:aws:cloudtrail:us-east-1:111122223333:trail/main";
    const TOPIC: &str = "arn:aws:sns:us-east-1:111122223333:alerts";

    fn account(pattern: &str) -> Value {
        let mut trail = crate::cloudtrail::test_support::trail();
        trail["cloudwatch_logs_log_group_arn"] = json!(format!("{GROUP}:*"));
        json!({
            "cloudtrail": {"trails": [trail]},
            "logs": {"log_groups": [{"arn": GROUP, "region": "us-east-1", "account_id": "111122223333", "name": "ct",
                "metric_filters": {"value": [{"name": "f1", "pattern": pattern,
                    "transformations": [{"metric_namespace": "CloudTrailMetrics", "metric_name": "Critical"}]}]}}]},
            "cloudwatch": {"alarms": [{"arn": "arn:aws:cloudwatch:us-east-1:111122223333:alarm:a1", "region": "us-east-1",
                "account_id": "111122223333", "name": "a1", "namespace": "CloudTrailMetrics", "metric_name": "Critical",
                "actions_enabled": true, "alarm_actions": [TOPIC], "state_value": "OK"}]},
            "sns": {"topics": [{"arn": TOPIC, "region": "us-east-1", "account_id": "111122223333",
                "subscriptions": {"value": [{"arn": format!("{TOPIC}:abc"), "protocol": "email"}]}}]}
        })
    }

    fn only(events: &[&str]) -> Settings {
        Settings {
            critical_events: events.iter().map(|s| s.to_string()).collect(),
            advisory_events: vec![],
            ..Settings::default()
        }
    }

    fn critical_only(pattern: &str, status: Status, needle: &str) {
        let f = run_with(&CHECK, account(pattern), &only(&["DeleteBucket"]));
        assert_finding(&f, GROUP, status, needle);
    }

    #[test]
    fn covered_shapes_pass() {
        for pattern in [
            "{ ($.eventName = DeleteBucket) || ($.eventName = PutBucketPolicy) }",
            "{ ($.eventSource = s3.amazonaws.com) && ($.eventName = \"DeleteBucket\") }",
            "{ $.eventName = Delete*Bucket }",
            "DeleteBucket",
            "?DeleteTrail ?DeleteBucket",
        ] {
            critical_only(
                pattern,
                Status::Pass,
                "raise alarms notifying SNS for DeleteBucket",
            );
        }
    }

    #[test]
    fn a_data_events_only_trail_is_not_judged_for_management_alarms() {
        let mut a = account("{ $.eventName = DeleteBucket }");
        let mut data = crate::cloudtrail::test_support::trail();
        data["arn"] = json!("arn:aws:cloudtrail:us-east-1:111122223333:trail/data");
        data["name"] = json!("data");
        data["cloudwatch_logs_log_group_arn"] =
            json!("arn:aws:logs:us-east-1:111122223333:log-group:dt:*");
        data["event_selectors"] = json!({"value": {"basic": [{"read_write_type": "All", "include_management_events": false,
            "data_resources": [{"type": "AWS::S3::Object", "values": ["arn:aws:s3"]}]}]}});
        a["cloudtrail"]["trails"].as_array_mut().unwrap().push(data);
        let f = run_with(&CHECK, a, &only(&["DeleteBucket"]));
        assert_eq!(f.len(), 2, "{f:#?}");
        assert_finding(&f, GROUP, Status::Pass, "DeleteBucket");
        assert_finding(
            &f,
            "arn:aws:cloudtrail:us-east-1:111122223333:trail/data",
            Status::Skip,
            "data events only",
        );
    }

    #[test]
    fn uncovered_critical_event_fails_with_the_furthest_gap() {
        for (pattern, change, needle) in [
            ("", None, "no metric filter on log group ct names it"),
            ("{ $.eventName = * }", None, "no metric filter"),
            (
                "{ $.eventSource = kms.amazonaws.com && $.eventName = DeleteBucket }",
                None,
                "no metric filter",
            ),
            (
                "{ $.eventName = DeleteBucketPolicy }",
                None,
                "no metric filter",
            ),
            ("{ $.errorCode = AccessDenied }", None, "no metric filter"),
            ("{ $.eventName = DeleteBucket", None, "no metric filter"),
            (
                "DeleteBucket",
                Some(("/cloudwatch/alarms/0/metric_name", json!("Other"))),
                "no alarm on metric CloudTrailMetrics/Critical of filter f1",
            ),
            (
                "DeleteBucket",
                Some(("/cloudwatch/alarms/0/region", json!("eu-west-1"))),
                "no alarm on metric",
            ),
            (
                "DeleteBucket",
                Some(("/cloudwatch/alarms/0/actions_enabled", json!(false))),
                "alarm a1 has its actions disabled",
            ),
            (
                "DeleteBucket",
                Some((
                    "/cloudwatch/alarms/0/alarm_actions",
                    json!(["arn:aws:automate:us-east-1:ec2:stop"]),
                )),
                "alarm a1 notifies no SNS topic",
            ),
            (
                "DeleteBucket",
                Some(("/sns/topics", json!([]))),
                "does not exist",
            ),
            (
                "DeleteBucket",
                Some((
                    "/sns/topics/0/subscriptions",
                    json!({"value": [{"arn": "PendingConfirmation", "protocol": "email"}]}),
                )),
                "has no confirmed subscription",
            ),
            (
                "DeleteBucket",
                Some(("/sns/topics/0/subscriptions", json!("absent"))),
                "has no confirmed subscription",
            ),
            (
                "DeleteBucket",
                Some((
                    "/logs/log_groups/0/metric_filters/value/0/transformations",
                    json!([]),
                )),
                "publishes no metric",
            ),
        ] {
            let mut a = account(pattern);
            if let Some((path, value)) = change {
                *a.pointer_mut(path).unwrap() = value;
            }
            let f = run_with(&CHECK, a, &only(&["DeleteBucket"]));
            let got = assert_finding(&f, GROUP, Status::Fail, needle);
            assert_eq!(got.severity, Severity::Medium, "{pattern}");
            assert!(
                got.reason.contains("no alarm for DeleteBucket"),
                "{}",
                got.reason
            );
        }
    }

    #[test]
    fn unparseable_filter_is_noted() {
        let f = run_with(
            &CHECK,
            account("{ $.eventName = "),
            &only(&["DeleteBucket"]),
        );
        let got = assert_finding(
            &f,
            GROUP,
            Status::Fail,
            "metric filter f1: filter pattern does not parse",
        );
        assert!(got.reason.contains("no metric filter"), "{}", got.reason);
    }

    #[test]
    fn advisory_events_warn_grouped_by_reason() {
        let pattern = "{ ($.eventName = DeleteBucket) || ($.eventName = ConsoleLogin && $.errorMessage = \"Failed authentication\") }";
        let settings = Settings {
            critical_events: vec!["DeleteBucket".into()],
            advisory_events: vec![
                "ConsoleLogin".into(),
                "StopLogging".into(),
                "DeleteTrail".into(),
            ],
            ..Settings::default()
        };
        let f = run_with(&CHECK, account(pattern), &settings);
        let got = assert_advisory(
            &f,
            GROUP,
            "advisory: no alarm for StopLogging, DeleteTrail (no metric filter",
        );
        assert!(!got.reason.contains("ConsoleLogin"), "{}", got.reason);
    }

    #[test]
    fn default_settings_fail_on_delete_bucket_and_warn_on_the_rest() {
        let f = run(&CHECK, account("{ $.eventName = StopLogging }"));
        let got = assert_finding(&f, GROUP, Status::Fail, "no alarm for DeleteBucket");
        assert_eq!(got.severity, Severity::Medium);
        assert!(
            got.reason
                .contains("advisory: no alarm for DeleteTrail, UpdateTrail"),
            "{}",
            got.reason
        );
        let covered_all = "{ ($.eventName = DeleteBucket) || ($.eventName = StopLogging) || ($.eventName = DeleteTrail) || ($.eventName = UpdateTrail) || ($.eventName = ConsoleLogin) || ($.eventName = PutBucketPolicy) || ($.eventName = DeleteFlowLogs) || ($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion) || ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = StopConfigurationRecorder) || ($.eventName = PutUserPolicy) }";
        assert_finding(
            &run(&CHECK, account(covered_all)),
            GROUP,
            Status::Pass,
            "PutUserPolicy",
        );
    }

    #[test]
    fn unknowns_are_errors() {
        for (path, value, collection_error, needle) in [
            (
                "/logs/log_groups/0/metric_filters",
                json!({"error": {"operation": "DescribeMetricFilters", "code": "AccessDenied"}}),
                None,
                "DescribeMetricFilters failed",
            ),
            (
                "/sns/topics/0/subscriptions",
                json!({"error": {"operation": "ListSubscriptionsByTopic", "code": "Throttling"}}),
                None,
                "throttled: ListSubscriptionsByTopic",
            ),
            (
                "/cloudwatch/alarms",
                json!([]),
                Some("cloudwatch"),
                "alarms could not be listed in us-east-1",
            ),
            (
                "/sns/topics",
                json!([]),
                Some("sns"),
                "could not be looked up: SNS could not be listed in us-east-1",
            ),
        ] {
            let mut a = account("DeleteBucket");
            *a.pointer_mut(path).unwrap() = value;
            if let Some(service) = collection_error {
                a["collection_errors"] = json!([{"service": service, "region": "us-east-1", "operation": "List", "code": "AccessDenied"}]);
            }
            let f = run_with(&CHECK, a, &only(&["DeleteBucket"]));
            assert_finding(&f, GROUP, Status::Error, needle);
        }
    }

    #[test]
    fn missing_or_unlisted_log_group() {
        let mut a = account("DeleteBucket");
        a["logs"]["log_groups"] = json!([]);
        assert_finding(
            &run(&CHECK, a.clone()),
            TRAIL,
            Status::Fail,
            "log group ct does not exist",
        );
        a["collection_errors"] = json!([{"service": "logs", "region": "us-east-1", "operation": "DescribeLogGroups", "code": "AccessDenied"}]);
        assert_finding(
            &run(&CHECK, a),
            TRAIL,
            Status::Error,
            "CloudWatch Logs could not be listed",
        );
    }

    #[test]
    fn trail_without_logs_and_member_accounts() {
        let mut a = account("DeleteBucket");
        a["cloudtrail"]["trails"][0]["cloudwatch_logs_log_group_arn"] = Value::Null;
        assert_finding(
            &run(&CHECK, a.clone()),
            TRAIL,
            Status::Fail,
            "does not send events to CloudWatch Logs",
        );
        a["cloudtrail"]["trails"][0]["account_id"] = json!("999988887777");
        let f = run(&CHECK, a);
        assert_eq!(f.len(), 1);
        assert_finding(&f, TRAIL, Status::Skip, "organization trail");
        let f = run(
            &CHECK,
            json!({"cloudtrail": {}, "logs": {}, "cloudwatch": {}, "sns": {}}),
        );
        assert_finding(
            &f,
            "arn:aws:cloudtrail::111122223333",
            Status::Fail,
            "no metric filter can raise an alarm",
        );
    }
}
