//! ## What it checks
//!
//! In each region with an enabled GuardDuty detector, the findings reach
//! someone: an ENABLED EventBridge rule on the region's `default` bus (where
//! GuardDuty publishes) matches every high-severity finding (`source`
//! `aws.guardduty`, `detail-type` `GuardDuty Finding`, `detail.severity`
//! 7 to 10) and has a target. One finding per detector.
//!
//! A rule's pattern is matched as EventBridge matches it (the shared event
//! pattern matcher): a severity filter is fine as long as it still admits
//! every severity from 7 (high) to 10 (critical); a rule that also filters
//! on another field (`detail.type`, `detail.resource.resourceType`) routes
//! only some findings and does not count.
//!
//! - PASS: such a rule has a target that is not an SNS topic (an SQS
//!   queue, a Lambda function, a Step Functions state machine, another
//!   bus…), or an SNS topic with a confirmed subscription (the reason names
//!   the rule and the target).
//! - Advisory (FAIL at low): such rules exist, but every target is an SNS
//!   topic with no confirmed subscription (or a topic that does not exist):
//!   the findings are published to nobody.
//! - FAIL: no such rule. The reason says what came close: a rule that is
//!   disabled, has no target, drops some high severities, or routes only
//!   some findings.
//! - ERROR: no rule is known to route them, and a matching rule's targets,
//!   or whether its topic has subscribers, could not be read (the engine
//!   also reports ERROR where EventBridge could not be read in a region).
//! - SKIP: a suspended detector (GuardDuty finds nothing there).
//!
//! Member accounts are judged like the administrator account: GuardDuty
//! publishes every finding to the default bus of the account it concerns
//! as well as the administrator's.
//!
//! ## Why it matters
//!
//! GuardDuty findings are only useful when someone or something acts on
//! them. GuardDuty sends each finding to EventBridge, where a rule routes
//! it to SNS (people), SQS or Lambda (automated response: isolate the
//! instance, revoke the credentials). Without a rule, findings wait in the
//! console until someone looks (notes 000 › Security and Compliance ›
//! "Amazon guardduty", findings automated response through EventBridge to
//! SQS, SNS or Lambda; 000 › Filling the gap › udemy, Lambda real-time
//! response).
//!
//! ## How to fix
//!
//! - **Console**: EventBridge › Rules › Create rule on the `default` bus › Event pattern › AWS services › GuardDuty › GuardDuty Finding (optionally `detail.severity` `numeric >= 7`) › Target: the on-call SNS topic (with a confirmed subscription) or the response Lambda function.
//! - **CLI**: `aws events put-rule --name guardduty-findings --event-pattern '{"source":["aws.guardduty"],"detail-type":["GuardDuty Finding"],"detail":{"severity":[{"numeric":[">=",7]}]}}'`; `aws events put-targets --rule guardduty-findings --targets Id=oncall,Arn=TOPIC_ARN` (the topic's policy must let `events.amazonaws.com` publish).
//! - **CloudFormation**: an `AWS::Events::Rule` with `EventPattern: {source: [aws.guardduty], detail-type: [GuardDuty Finding]}` and `Targets: [{Id: oncall, Arn: !Ref OnCallTopic}]`, and an `AWS::SNS::TopicPolicy` allowing `events.amazonaws.com` `sns:Publish`.
//!
//! ## References
//!
//! - Study notes: 000 › Security and Compliance › "Amazon guardduty" (findings automated response); 000 › Filling the gap › udemy (Lambda real-time response).
//! - AWS: GuardDuty user guide, "Processing GuardDuty findings with Amazon EventBridge" and "Severity levels of GuardDuty findings".
//! - No AWS Config managed rule; Prowler `guardduty_centrally_managed` and `guardduty_no_high_severity_findings` are related but do not judge routing.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::guardduty::Detector;
use crate::inventory::{events, guardduty, sns};
use crate::judge::event_pattern::Event;
use crate::judge::notify::Topics;
use crate::judge::routing::{route, rules_on, Need, DEFAULT_BUS};

pub static CHECK: Check = Check {
    id: "guardduty-findings-routed",
    title: "GuardDuty findings flow to EventBridge targets for response",
    service: "guardduty",
    severity: Severity::Medium,
    section: "000 › Security and Compliance › \"Amazon guardduty\"",
    catalog: "SEC-21",
    reads: &[
        guardduty::DETECTORS,
        guardduty::DETECTOR_DETAILS,
        events::BUSES,
        events::RULES,
        events::TARGETS,
        sns::TOPICS,
        sns::SUBSCRIPTIONS,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: None,
    prowler: None,
    source: include_str!("findings_routed.rs"),
    run,
};

/// Severities a routing rule must admit: high (7.0–8.9) and critical
/// (9.0–10.0), at their edges and in between.
const HIGH_SEVERITIES: [f64; 6] = [7.0, 7.5, 8.0, 8.9, 9.0, 10.0];

fn run(ctx: &Context, em: &mut Emitter) {
    let topics = Topics::new(ctx.sns());
    let findings: Vec<Event> = HIGH_SEVERITIES
        .iter()
        .map(|s| {
            Event::new()
                .with("source", "aws.guardduty")
                .with("detail-type", "GuardDuty Finding")
                .with("detail.severity", *s)
        })
        .collect();
    for detector in &ctx.guardduty().detectors {
        if let Some(d) = detector.details.value() {
            if !d.status.eq_ignore_ascii_case("ENABLED") {
                em.skip(
                    detector,
                    format!("detector is {}: it finds nothing", d.status),
                );
                continue;
            }
        }
        if ctx.blind("events", &detector.region) {
            // The engine reports ERROR for EventBridge in that region.
            continue;
        }
        judge(ctx, detector, &topics, &findings, em);
    }
}

fn judge(
    ctx: &Context,
    detector: &Detector,
    topics: &Topics,
    findings: &[Event],
    em: &mut Emitter,
) {
    let rules = rules_on(ctx, &detector.account_id, &detector.region, DEFAULT_BUS);
    let routing = route(
        ctx,
        Some(topics),
        rules,
        findings,
        Need::Every,
        "high-severity findings",
    );
    let mut v = Verdict::new();
    let routed = routing.judge("high-severity findings", &mut v, |v| {
        v.fail(format!(
            "no enabled rule on the {DEFAULT_BUS} bus sends high-severity GuardDuty findings (source aws.guardduty, detail-type GuardDuty Finding) to a target"
        ))
    });
    match routed {
        Some((rule, target)) => em.pass(
            detector,
            format!(
                "rule {} sends high-severity findings to {}",
                rule.name, target.arn
            ),
        ),
        None => v.emit(em, detector, ""),
    }
}
