//! ## What it checks
//!
//! Every production Kinesis data stream that has consumers has an alarm on
//! its consumers' lag. A stream's consumers are the enhanced fan-out
//! consumers registered on it (`kinesis:ListStreamConsumers`) and the
//! Lambda event source mappings that read it, directly or through one of
//! those consumers (`lambda:ListEventSourceMappings`; disabled mappings do
//! not count). An alarm counts when its actions are enabled and it has at
//! least one alarm action (`cloudwatch:DescribeAlarms`, same region). One
//! finding per stream:
//!
//! - PASS: an alarm watches `AWS/Kinesis` `GetRecords.IteratorAgeMilliseconds`
//!   with the dimension `StreamName` = the stream; or every consumer is a
//!   Lambda function and each of them has an alarm on `AWS/Lambda`
//!   `IteratorAge` with the dimension `FunctionName` = the function.
//! - Advisory (FAIL at low): otherwise, naming the consumers nothing
//!   watches (and an alarm on the metric whose actions are disabled or
//!   empty, if there is one).
//! - SKIP: the stream is not production, was deleted since it was listed,
//!   or has no consumer the APIs show (applications reading with the KCL
//!   through shared throughput register nothing: alarm their streams all
//!   the same).
//! - ERROR: the stream's consumers could not be read, or the verdict hangs
//!   on alarms or event source mappings that could not be read in its
//!   region.
//!
//! ## Why it matters
//!
//! `GetRecords.IteratorAgeMilliseconds` above zero means consumers are
//! falling behind the stream (notes 000 › Resilient cloud solutions ›
//! "kinesis data streams"). Records expire at the end of the retention
//! period whether they were read or not: a consumer that lags for longer
//! than that loses data silently, and nothing else in Kinesis says so.
//!
//! ## How to fix
//!
//! Alarm on the maximum iterator age, well below the retention period, and
//! send it to a topic someone reads; scale the consumers (more shards,
//! enhanced fan-out, a larger Lambda `ParallelizationFactor`) when it
//! fires.
//!
//! - **Console**: CloudWatch › Alarms › Create alarm › Kinesis › Stream metrics › the stream's `GetRecords.IteratorAgeMilliseconds` (Maximum) › a threshold such as 600000 (10 minutes) › an SNS notification › Create alarm.
//! - **CLI**: `aws cloudwatch put-metric-alarm --alarm-name orders-lag --namespace AWS/Kinesis --metric-name GetRecords.IteratorAgeMilliseconds --dimensions Name=StreamName,Value=orders --statistic Maximum --period 60 --evaluation-periods 5 --threshold 600000 --comparison-operator GreaterThanThreshold --alarm-actions TOPIC_ARN`.
//! - **CloudFormation**: an `AWS::CloudWatch::Alarm` with `Namespace: AWS/Kinesis`, `MetricName: GetRecords.IteratorAgeMilliseconds`, `Dimensions: [{Name: StreamName, Value: !Ref Stream}]` and `AlarmActions`; for a Lambda consumer, `Namespace: AWS/Lambda`, `MetricName: IteratorAge`, `Dimensions: [{Name: FunctionName, Value: !Ref Function}]`.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "kinesis data streams".
//! - AWS: "Monitoring the Amazon Kinesis Data Streams service with Amazon CloudWatch" (Kinesis Data Streams Developer Guide) and "Using Lambda with Kinesis Data Streams" (Lambda Developer Guide).
//! - No AWS Config managed rule or Prowler check.

use crate::engine::{name_list, Check, Context, Emitter, Severity};
use crate::inventory::cloudwatch::{self, Alarm};
use crate::inventory::kinesis::{self, Stream};
use crate::inventory::lambda::{self, EventSourceMapping};
use crate::settings::{PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "kinesis-iterator-age-alarm",
    title: "Kinesis consumer lag is alarmed",
    service: "kinesis",
    severity: Severity::Low,
    section: "000 › Resilient cloud solutions › \"kinesis data streams\"",
    catalog: "RES-12",
    reads: &[
        kinesis::STREAMS,
        kinesis::CONSUMERS,
        kinesis::STREAM_TAGS,
        lambda::EVENT_SOURCE_MAPPINGS,
        cloudwatch::ALARMS,
    ],
    tolerates: &[],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: None,
    prowler: None,
    source: include_str!("iterator_age_alarm.rs"),
    run,
};

/// The stream metric of consumer lag.
const STREAM_METRIC: (&str, &str, &str) = (
    "AWS/Kinesis",
    "GetRecords.IteratorAgeMilliseconds",
    "StreamName",
);
/// The Lambda metric of an event source mapping's lag.
const LAMBDA_METRIC: (&str, &str, &str) = ("AWS/Lambda", "IteratorAge", "FunctionName");

/// The alarms on one metric, by (region, dimension value).
struct Watchers<'a>(HashMap<(&'a str, &'a str), Vec<&'a Alarm>>);

impl<'a> Watchers<'a> {
    fn new(alarms: &'a [Alarm], (namespace, metric, dimension): (&str, &str, &str)) -> Self {
        let mut by = HashMap::new();
        for a in alarms {
            if a.namespace.as_deref() == Some(namespace) && a.metric_name.as_deref() == Some(metric)
            {
                if let Some(value) = a.dimension(dimension) {
                    by.entry((a.region.as_str(), value))
                        .or_insert_with(Vec::new)
                        .push(a);
                }
            }
        }
        Watchers(by)
    }

    /// The alarms on the metric of `value` in `region`.
    fn of(&self, region: &'a str, value: &'a str) -> &[&'a Alarm] {
        self.0.get(&(region, value)).map_or(&[], Vec::as_slice)
    }

    /// The first of them that acts when it fires.
    fn acting(&self, region: &'a str, value: &'a str) -> Option<&'a Alarm> {
        self.of(region, value).iter().copied().find(|a| acts(a))
    }
}

fn acts(alarm: &Alarm) -> bool {
    alarm.actions_enabled && !alarm.alarm_actions.is_empty()
}

fn run(ctx: &Context, em: &mut Emitter) {
    let production = ctx.production();
    let alarms = &ctx.cloudwatch().alarms;
    let streams = Watchers::new(alarms, STREAM_METRIC);
    let functions = Watchers::new(alarms, LAMBDA_METRIC);
    let mut mappings: HashMap<&str, Vec<&EventSourceMapping>> = HashMap::new();
    for m in &ctx.lambda().event_source_mappings {
        if let (Some(source), false) = (m.event_source_arn.as_deref(), m.state == "Disabled") {
            // A mapping through an enhanced fan-out consumer reads
            // `<stream ARN>/consumer/<name>:<timestamp>`.
            let stream = source.split_once("/consumer/").map_or(source, |(s, _)| s);
            mappings.entry(stream).or_default().push(m);
        }
    }
    for stream in &ctx.kinesis().streams {
        if !production.is_production(Some(&stream.tags), &stream.name) {
            em.skip(stream, "not production");
            continue;
        }
        let lambdas = mappings
            .get(stream.arn.as_str())
            .map_or(&[][..], Vec::as_slice);
        judge(ctx, stream, lambdas, &streams, &functions, em);
    }
}

fn judge<'a>(
    ctx: &Context,
    stream: &'a Stream,
    lambdas: &[&'a EventSourceMapping],
    streams: &Watchers<'a>,
    functions: &Watchers<'a>,
    em: &mut Emitter,
) {
    let registered = match stream.consumers.known() {
        Err(e) => return em.error(stream, e),
        Ok(None) => return em.skip(stream, "the stream was deleted since it was listed"),
        Ok(Some(c)) => c,
    };
    let region = stream.region.as_str();
    if let Some(alarm) = streams.acting(region, &stream.name) {
        return em.pass(
            stream,
            format!(
                "alarm {} watches GetRecords.IteratorAgeMilliseconds of the stream",
                alarm.name
            ),
        );
    }
    // Enhanced fan-out consumers a Lambda mapping does not read through.
    let others: Vec<&str> = registered
        .iter()
        .map(String::as_str)
        .filter(|c| !lambdas.iter().any(|m| reads_through(m, c)))
        .collect();
    let mut unwatched: Vec<String> = others.iter().map(|c| format!("consumer {c}")).collect();
    let mut watched: Vec<String> = Vec::new();
    for m in lambdas {
        let function = function_name(&m.function_arn);
        match functions.acting(region, function) {
            Some(a) => watched.push(format!(
                "alarm {} watches IteratorAge of {function}",
                a.name
            )),
            None => unwatched.push(format!("Lambda function {function}")),
        }
    }
    if unwatched.is_empty() && !watched.is_empty() {
        return em.pass(
            stream,
            format!(
                "every consumer is a Lambda function whose lag is alarmed: {}",
                watched.join("; ")
            ),
        );
    }
    if ctx.blind("cloudwatch", region) {
        return em.error_reason(
            stream,
            format!("whether an alarm watches the stream's consumer lag is unknown: CloudWatch could not be listed in {region}"),
        );
    }
    if ctx.blind("lambda", region) {
        return em.error_reason(
            stream,
            format!("which Lambda functions read the stream is unknown: the event source mappings could not be read in {region}"),
        );
    }
    if unwatched.is_empty() {
        return em.skip(
            stream,
            "no registered consumer or Lambda event source mapping reads the stream (KCL applications on shared throughput are not visible through the APIs)",
        );
    }
    let mut reason = format!(
        "no alarm with actions watches GetRecords.IteratorAgeMilliseconds of the stream, nor IteratorAge of its Lambda consumers; unwatched: {}",
        name_list(&unwatched)
    );
    let idle: Vec<&str> = streams
        .of(region, &stream.name)
        .iter()
        .filter(|a| !acts(a))
        .map(|a| a.name.as_str())
        .collect();
    if !idle.is_empty() {
        reason.push_str(&format!(
            " (alarm {} watches the stream but has no enabled actions)",
            name_list(&idle)
        ));
    }
    em.warn(stream, reason);
}

/// True when mapping `m` reads through enhanced fan-out consumer `name`.
fn reads_through(m: &EventSourceMapping, name: &str) -> bool {
    m.event_source_arn
        .as_deref()
        .and_then(|s| s.split_once("/consumer/"))
        .is_some_and(|(_, c)| c.split(':').next() == Some(name))
}

/// The function name of a (possibly qualified) function ARN.
fn function_name(arn: &str) -> &str {
    match arn.split(':').collect::<Vec<_>>().as_slice() {
        ["arn", _, "lambda", _, _, "function", name, ..] => name,
        _ => arn,
    }
}
