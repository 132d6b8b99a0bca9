//! ## What it checks
//!
//! Trusted Advisor's security and service-limits checks are not red, and,
//! where automation is required, its events reach an automation through
//! EventBridge in us-east-1 (`support:DescribeTrustedAdvisorChecks`,
//! `support:DescribeTrustedAdvisorCheckSummaries`, `events:ListRules`,
//! `events:ListTargetsByRule`). One finding for the account:
//!
//! - SKIP when the Support API answers `SubscriptionRequiredException`: the
//!   account has a Basic or Developer support plan, whose Trusted Advisor
//!   offers only the core checks and no API.
//! - Advisory (FAIL at low) when a `security` or `service_limits` check's
//!   status is `error` (red), naming the checks and how many resources each
//!   flags.
//! - With `require_ta_automation` (default false): FAIL unless an ENABLED
//!   rule on the `default` bus **in us-east-1** matches Trusted Advisor's
//!   events (`source` `aws.trustedadvisor`, `detail-type` `Trusted Advisor
//!   Check Item Refresh Notification`, for one of the account's checks by
//!   `detail.check-name`, with `detail.status` `ERROR` or `WARN`) and
//!   targets a Lambda function or an SSM Automation
//!   (`automation-definition`). Trusted Advisor publishes its events in
//!   us-east-1 only: rules elsewhere never fire. A rule that filters on a
//!   field the events do not carry (the notes' `detail.checkId`: the events
//!   name the check in `detail.check-name`, e.g. "Low Utilization Amazon
//!   EC2 Instances") never matches, and is named in the reason; so are
//!   rules that send the events elsewhere (an SNS topic, a queue).
//! - PASS otherwise; ERROR when the checks or their statuses could not be
//!   read, or, with `require_ta_automation`, when EventBridge could not be
//!   read in us-east-1 or us-east-1 was not scanned.
//!
//! Not judged: whether an SSM Automation document that terminates
//! instances has an `aws:approve` step before (awscheck does not read
//! document content yet).
//!
//! ## Why it matters
//!
//! Trusted Advisor inspects the account in six categories; its security
//! and service-limits checks catch open ports, exposed keys and quotas
//! about to run out. With Business or Enterprise support every check is
//! available and its changes are published to EventBridge, where a rule
//! can start a Lambda function or SSM Automation (notes 000 › Security and
//! Compliance › "AWS trusted advisor"; notes 001 › ## AWS Trusted Advisor
//! Integration: rule on `aws.trustedadvisor`, Lambda, SSM Automation with
//! approval).
//!
//! ## How to fix
//!
//! Review the red checks; route Trusted Advisor's events in us-east-1 to
//! an automation.
//!
//! - **Console**: Trusted Advisor › Recommendations › Security / Service limits › the red check › act on the flagged resources; EventBridge (us-east-1) › Rules › Create rule › AWS services › Trusted Advisor › Check Item Refresh Notification › Target: a Lambda function or an SSM Automation document.
//! - **CLI**: `aws support describe-trusted-advisor-check-result --region us-east-1 --check-id ID`; `aws events put-rule --region us-east-1 --name ta-automation --event-pattern '{"source":["aws.trustedadvisor"],"detail-type":["Trusted Advisor Check Item Refresh Notification"],"detail":{"status":["ERROR","WARN"]}}'`; `aws events put-targets --region us-east-1 --rule ta-automation --targets Id=fn,Arn=FUNCTION_ARN`.
//! - **CloudFormation**: an `AWS::Events::Rule` in us-east-1 with `EventPattern: {source: [aws.trustedadvisor], detail: {check-name: ["Low Utilization Amazon EC2 Instances"]}}` and `Targets: [{Id: fn, Arn: !GetAtt Remediate.Arn}]`, plus an `AWS::Lambda::Permission` for `events.amazonaws.com`.
//!
//! ## References
//!
//! - Study notes: 000 › Security and Compliance › "AWS trusted advisor"; 001 › ## AWS Trusted Advisor Integration; 001 › ## Amazon EventBridge; 001 › ## AWS Systems Manager (SSM) › ### SSM Automation with CloudWatch Events.
//! - AWS: Trusted Advisor user guide, "Monitoring Trusted Advisor check results with Amazon EventBridge"; AWS Support API reference, `DescribeTrustedAdvisorCheckSummaries`.
//! - No AWS Config managed rule; Prowler `trustedadvisor_errors_and_warnings`.

use crate::arn::Arn;
use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::events;
use crate::inventory::events::Target;
use crate::inventory::trustedadvisor::{self, AdvisorAccount, AdvisorCheck};
use crate::judge::event_pattern::Event;
use crate::judge::regions::account_subject;
use crate::judge::routing::{route_to, rules_on, Kind, Need, DEFAULT_BUS};
use crate::settings::Setting;
use std::collections::BTreeMap;

pub static CHECK: Check = Check {
    id: "trustedadvisor-monitoring",
    title: "Trusted Advisor findings are reviewed and, where required, automated through EventBridge in us-east-1",
    service: "trustedadvisor",
    severity: Severity::Low,
    section: "000 › Security and Compliance › \"AWS trusted advisor\"",
    catalog: "SEC-25",
    reads: &[
        trustedadvisor::ACCOUNTS,
        trustedadvisor::CHECKS,
        trustedadvisor::SUMMARIES,
        events::BUSES,
        events::RULES,
        events::TARGETS,
    ],
    tolerates: &[events::BUSES, events::RULES],
    settings: &[&REQUIRE_TA_AUTOMATION],
    config_rule: None,
    prowler: Some("trustedadvisor_errors_and_warnings"),
    source: include_str!("monitoring.rs"),
    run,
};

static REQUIRE_TA_AUTOMATION: Setting<bool> = Setting::new(
    "require_ta_automation",
    "Trusted Advisor's events must reach a Lambda function or SSM Automation through an EventBridge rule in us-east-1.",
    "false",
    crate::settings::any,
);

/// The only region Trusted Advisor publishes its events in.
const EVENTS_REGION: &str = "us-east-1";

/// The code of an account whose support plan does not include the API.
const NO_SUPPORT_PLAN: &str = "SubscriptionRequiredException";

/// The categories whose red checks are advisories.
const WATCHED: &[&str] = &["security", "service_limits"];

/// Lambda functions and SSM Automation documents.
const AUTOMATION: Kind<'static> = Kind {
    name: "a Lambda function or SSM Automation",
    accepts: is_automation,
};

fn is_automation(target: &Target) -> bool {
    Arn::parse(&target.arn).is_some_and(|a| {
        (a.service == "lambda" && a.resource.starts_with("function:"))
            || (a.service == "ssm" && a.resource.starts_with("automation-definition/"))
    })
}

fn run(ctx: &Context, em: &mut Emitter) {
    let me = &ctx.account.account_id;
    let Some(account) = ctx
        .trustedadvisor()
        .accounts
        .iter()
        .find(|a| &a.account_id == me)
    else {
        return em.error_reason(
            &account_subject(ctx, "trustedadvisor"),
            "Trusted Advisor was not collected",
        );
    };
    let checks = match account.checks.known() {
        Err(e) if e.code == NO_SUPPORT_PLAN => {
            return em.skip(
                account,
                format!("the AWS Support API answers {NO_SUPPORT_PLAN}: a Basic or Developer support plan has only Trusted Advisor's core checks and no API or events to judge"),
            )
        }
        Err(e) => return em.error(account, e),
        Ok(c) => c.map_or(&[][..], Vec::as_slice),
    };
    let mut v = Verdict::new();
    judge_statuses(account, checks, &mut v);
    let mut pass = format!(
        "no security or service-limits check of {} is red",
        checks.len()
    );
    if ctx.setting(&REQUIRE_TA_AUTOMATION) {
        if let Some(routed) = judge_automation(ctx, checks, &mut v) {
            pass.push_str(&format!("; {routed}"));
        }
    }
    v.emit(em, account, pass);
}

/// An advisory naming the red watched checks.
fn judge_statuses(account: &AdvisorAccount, checks: &[AdvisorCheck], v: &mut Verdict) {
    let summaries = match account.summaries.known() {
        Err(e) => return v.error(e),
        Ok(s) => s.map_or(&[][..], Vec::as_slice),
    };
    let by_id: BTreeMap<&str, &AdvisorCheck> = checks.iter().map(|c| (c.id.as_str(), c)).collect();
    let red: Vec<String> = summaries
        .iter()
        .filter(|s| s.status == "error")
        .filter_map(|s| {
            let check = by_id.get(s.check_id.as_str())?;
            WATCHED.contains(&check.category.as_str()).then(|| {
                format!(
                    "{} ({}, {} resource(s) flagged)",
                    check.name, check.category, s.resources_flagged
                )
            })
        })
        .collect();
    if !red.is_empty() {
        v.warn(format!(
            "{} Trusted Advisor check(s) are red: {}",
            red.len(),
            name_list(&red)
        ));
    }
}

/// Records in `v` whether Trusted Advisor's events reach an automation in
/// us-east-1; the rule and target when they do.
fn judge_automation(ctx: &Context, checks: &[AdvisorCheck], v: &mut Verdict) -> Option<String> {
    if !ctx.account.regions.iter().any(|r| r == EVENTS_REGION) {
        v.error_reason(format!(
            "{EVENTS_REGION}, where Trusted Advisor publishes its events, was not scanned"
        ));
        return None;
    }
    if !ctx.account.has_section("events") {
        v.error_reason("EventBridge was not collected: whether Trusted Advisor's events reach an automation is unknown");
        return None;
    }
    if let Some(e) = ctx.unreadable(events::RULES, EVENTS_REGION) {
        v.error_reason(format!(
            "EventBridge rules could not be read in {EVENTS_REGION} ({e}): whether Trusted Advisor's events reach an automation is unknown"
        ));
        return None;
    }
    let events: Vec<Event> = checks
        .iter()
        .flat_map(|c| {
            ["ERROR", "WARN"].map(|status| {
                Event::new()
                    .with("source", "aws.trustedadvisor")
                    .with(
                        "detail-type",
                        "Trusted Advisor Check Item Refresh Notification",
                    )
                    .with("detail.check-name", c.name.as_str())
                    .with("detail.status", status)
                    .complete("detail")
            })
        })
        .collect();
    let what = "Trusted Advisor events";
    let rules = rules_on(ctx, &ctx.account.account_id, EVENTS_REGION, DEFAULT_BUS);
    let routing = route_to(ctx, None, rules, &events, Need::Some, what, &AUTOMATION);
    let routed = routing.judge(what, v, |v| {
        v.fail(format!(
            "no enabled rule on the {DEFAULT_BUS} bus in {EVENTS_REGION} sends {what} (source aws.trustedadvisor) to {}, and require_ta_automation is set",
            AUTOMATION.name
        ))
    })?;
    Some(format!(
        "rule {} sends {what} to {}",
        routed.0.name, routed.1.arn
    ))
}
