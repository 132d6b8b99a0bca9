//! ## What it checks
//!
//! AWS Health events reach someone: in each scanned region an ENABLED
//! EventBridge rule on the `default` bus (where Health publishes) matches
//! Health events (`source` `aws.health`, `detail-type` `AWS Health Event` or
//! `AWS Health Abuse Event`; a rule may narrow them, to EC2's events say)
//! and has a target. One finding per region, and one for the organization.
//!
//! - **us-east-1** carries the global events (IAM, CloudFront, Route 53,
//!   Organizations…) as well as its own:
//!   - PASS: such a rule has a target that is not an SNS topic (a queue, a
//!     function, a state machine, another bus) or a topic with a confirmed
//!     subscription; the reason names the rule and the target.
//!   - FAIL: no such rule. The reason says what came close (a disabled
//!     rule, a rule without a target, a rule about some other detail-type).
//!   - ERROR: us-east-1 was not scanned, or no rule is known to route the
//!     events and a matching rule's targets or topic could not be read.
//! - **Each other scanned region** (its own events, e.g. EC2 scheduled
//!   maintenance): PASS as above; advisory (FAIL at low) when no rule
//!   routes them; ERROR as above.
//! - In either: advisory when matching rules send the events only to SNS
//!   topics nobody receives (no confirmed subscription, or no such topic).
//! - **The organizational view** (`DescribeHealthServiceStatusForOrganization`),
//!   in the management account only: PASS when `ENABLED`; advisory when
//!   `DISABLED` (member accounts' events stay in each account); SKIP when
//!   the Health API is not available to the account
//!   (`SubscriptionRequiredException`: it needs a Business, Enterprise
//!   On-Ramp or Enterprise support plan), and in member accounts and
//!   accounts in no organization; ERROR when it or the organization could
//!   not be read.
//!
//! Where EventBridge could not be listed in a region, the engine reports
//! ERROR for that region. An AWS User Notifications configuration for
//! Health (the catalog accepts it as an alternative) is not read: an
//! account that relies on it sees the FAIL and can record the exception
//! in a baseline.
//!
//! ## Why it matters
//!
//! AWS Health announces scheduled maintenance (instance retirements, RDS
//! upgrades), service events and abuse reports that affect the account's
//! resources. Read only in the console, they are missed until the outage.
//! Health publishes them to EventBridge in the region of the affected
//! resource, and global services' events in us-east-1, so each region
//! needs its rule (notes 000 › Incident and Event Response › "AWS health
//! dashboard": integrate with EventBridge for account and public events;
//! organization-wide aggregation).
//!
//! ## How to fix
//!
//! - **Console**: EventBridge › Rules › Create rule on the `default` bus in us-east-1 and in each workload region › Event pattern › AWS services › Health › All events › Target: the on-call SNS topic (with a confirmed subscription) or an automation; in the management account, Health › Organizational view › Configurations › Enable organizational view.
//! - **CLI**: `aws events put-rule --region us-east-1 --name health-events --event-pattern '{"source":["aws.health"]}'`; `aws events put-targets --region us-east-1 --rule health-events --targets Id=oncall,Arn=TOPIC_ARN`; repeat per region; `aws health enable-health-service-access-for-organization --region us-east-1` in the management account.
//! - **CloudFormation**: an `AWS::Events::Rule` with `EventPattern: {source: [aws.health]}` and `Targets: [{Id: oncall, Arn: !Ref OnCallTopic}]` in each region (a StackSet across regions), and an `AWS::SNS::TopicPolicy` allowing `events.amazonaws.com` `sns:Publish`.
//!
//! ## References
//!
//! - Study notes: 000 › Incident and Event Response › "AWS health dashboard".
//! - AWS: AWS Health user guide, "Monitoring AWS Health events with Amazon EventBridge" and "Aggregating AWS Health events across accounts with organizational view".
//! - No AWS Config managed rule; no Prowler check (Prowler's `account_maintain_current_contact_details` is the nearest).

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::{events, health, organizations, sns};
use crate::judge::event_pattern::Event;
use crate::judge::notify::Topics;
use crate::judge::regions::{account_subject, region_subject};
use crate::judge::routing::{route, rules_on, Need, DEFAULT_BUS};
use crate::organizations::{standing, Standing};

pub static CHECK: Check = Check {
    id: "health-event-notifications",
    title: "AWS Health events trigger notification or automation",
    service: "health",
    severity: Severity::Medium,
    section: "000 › Incident and Event Response › \"AWS health dashboard\"",
    catalog: "INC-03",
    reads: &[
        events::BUSES,
        events::RULES,
        events::TARGETS,
        sns::TOPICS,
        sns::SUBSCRIPTIONS,
        health::ACCOUNTS,
        health::ORGANIZATION_VIEW,
        organizations::ORGANIZATION,
    ],
    tolerates: &[health::ACCOUNTS, organizations::ORGANIZATION],
    settings: &[],
    config_rule: None,
    prowler: None,
    source: include_str!("event_notifications.rs"),
    run,
};

/// The region where AWS Health publishes the events of global services.
const GLOBAL_EVENTS_REGION: &str = "us-east-1";

/// The code of an account whose support plan does not include the Health API.
const NO_SUPPORT_PLAN: &str = "SubscriptionRequiredException";

fn run(ctx: &Context, em: &mut Emitter) {
    let topics = Topics::new(ctx.sns());
    let events = [
        health_event("AWS Health Event"),
        health_event("AWS Health Abuse Event"),
    ];
    let regions = &ctx.account.regions;
    if !regions.iter().any(|r| r == GLOBAL_EVENTS_REGION) {
        em.error_reason(
            &region_subject(ctx, "health", GLOBAL_EVENTS_REGION),
            format!("{GLOBAL_EVENTS_REGION}, where AWS Health publishes the events of global services, was not scanned"),
        );
    }
    for region in regions {
        if ctx.blind("events", region) {
            // The engine reports ERROR for EventBridge in that region.
            continue;
        }
        judge_region(ctx, &topics, &events, region, em);
    }
    judge_organizational_view(ctx, em);
}

fn health_event(detail_type: &str) -> Event {
    Event::new()
        .with("source", "aws.health")
        .with("detail-type", detail_type)
}

fn judge_region(ctx: &Context, topics: &Topics, events: &[Event], region: &str, em: &mut Emitter) {
    let global = region == GLOBAL_EVENTS_REGION;
    let what = if global {
        "AWS Health events (global and regional)"
    } else {
        "AWS Health events"
    };
    let rules = rules_on(ctx, &ctx.account.account_id, region, DEFAULT_BUS);
    let routing = route(ctx, Some(topics), rules, events, Need::Some, what);
    let subject = region_subject(ctx, "health", region);
    let mut v = Verdict::new();
    let routed = routing.judge(&format!("{what} in {region}"), &mut v, |v| {
        if global {
            v.fail(format!(
                "no enabled rule on the {DEFAULT_BUS} bus in {region} sends AWS Health events (source aws.health) to a target: the events of global services are published only here"
            ))
        } else {
            v.warn(format!(
                "no enabled rule on the {DEFAULT_BUS} bus in {region} sends the region's {what} (source aws.health) to a target"
            ))
        }
    });
    match routed {
        Some((rule, target)) => em.pass(
            &subject,
            format!(
                "rule {} sends {what} in {region} to {}",
                rule.name, target.arn
            ),
        ),
        None => v.emit(em, &subject, ""),
    }
}

fn judge_organizational_view(ctx: &Context, em: &mut Emitter) {
    let fallback = account_subject(ctx, "health");
    let mine = ctx
        .health()
        .accounts
        .iter()
        .find(|a| a.account_id == ctx.account.account_id);
    let subject: &dyn crate::engine::Resource = match mine {
        Some(a) => a,
        None => &fallback,
    };
    match standing(ctx) {
        Err(why) => {
            return em.error_reason(
                subject,
                format!("whether this is the management account is unknown ({why}): the organizational view of AWS Health is not judged"),
            )
        }
        Ok(Standing::Member(_, why) | Standing::Alone(why)) => {
            return em.skip(
                subject,
                format!("{why}; AWS Health's organizational view is the management account's"),
            )
        }
        Ok(Standing::Management(..)) => {}
    }
    let Some(account) = mine else {
        return em.error_reason(
            subject,
            "AWS Health was not collected: the organizational view is unknown",
        );
    };
    match account.organization_view.known() {
        Err(e) if e.code == NO_SUPPORT_PLAN => em.skip(
            account,
            format!(
                "the AWS Health API answers {NO_SUPPORT_PLAN}: it needs a Business, Enterprise On-Ramp or Enterprise support plan, so the organizational view cannot be read"
            ),
        ),
        Err(e) => em.error(account, e),
        Ok(Some(status)) if status == "ENABLED" => em.pass(
            account,
            "AWS Health's organizational view is ENABLED: member accounts' events reach the management account",
        ),
        Ok(status) => em.warn(
            account,
            format!(
                "AWS Health's organizational view is {}: each member account's events stay in that account",
                status.map_or("not reported", String::as_str)
            ),
        ),
    }
}
