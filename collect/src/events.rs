//! EventBridge, per region: `ListEventBuses` (with each bus's policy),
//! then, as the selected checks read them, `ListRules` on every bus and
//! `ListTargetsByRule` per rule. `ListRules` gives each rule's pattern,
//! schedule, state and role, so `DescribeRule` is not needed. A bus whose
//! rules cannot be listed leaves the rules unread (the part, for the whole
//! region: a missing rule is what checks judge); a rule deleted since it
//! was listed has absent targets.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_eventbridge;

use crate::session::sdk_client;
use crate::{pages, policy_json, Cx};
use aws_sdk_eventbridge::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::events::{self as data, EventBus, Events, Rule, Target};
use awscheck_model::inventory::JsonDocument;

crate::registry::operations! {
    sdk "EventBridge", iam "events" {
        LIST_EVENT_BUSES = ListEventBuses,
        LIST_RULES = ListRules,
        LIST_TARGETS_BY_RULE = ListTargetsByRule,
    }
}

crate::service!(Events);

/// The most the List calls return a page (their maximum).
const PAGE: i32 = 100;

/// Error code of a rule or bus deleted since it was listed.
const GONE: &[&str] = &["ResourceNotFoundException"];

async fn collect(cx: &Cx) -> Result<Events, CollectError> {
    let client = sdk_client!(aws_sdk_eventbridge, &cx.session, &cx.region);
    let listed = cx
        .call(
            LIST_EVENT_BUSES,
            pages(
                |token| {
                    client
                        .list_event_buses()
                        .limit(PAGE)
                        .set_next_token(token)
                        .send()
                },
                |o| (o.event_buses().to_vec(), o.next_token().map(str::to_string)),
            ),
        )
        .await
        .ok()?;
    let buses: Vec<EventBus> = listed.iter().filter_map(|b| bus(cx, b)).collect();
    let rules = cx.part(data::RULES, rules(cx, &client, &buses)).await;
    Ok(Events { buses, rules })
}

fn bus(cx: &Cx, b: &aws_sdk_eventbridge::types::EventBus) -> Option<EventBus> {
    let name = b.name()?.to_string();
    let arn = b.arn().map_or_else(
        || cx.arn("events", &format!("event-bus/{name}")),
        str::to_string,
    );
    Some(EventBus {
        account_id: cx.account_of(&arn),
        region: cx.region.clone(),
        policy: b.policy().filter(|p| !p.is_empty()).map(policy_json),
        arn,
        name,
    })
}

/// `ListRules` on every bus, then each rule's targets (when read).
async fn rules(cx: &Cx, client: &Client, buses: &[EventBus]) -> Result<Vec<Rule>, CollectError> {
    let listed = cx
        .bounded(buses, |bus| async move {
            cx.call(
                LIST_RULES,
                pages(
                    |token| {
                        client
                            .list_rules()
                            .event_bus_name(&bus.name)
                            .limit(PAGE)
                            .set_next_token(token)
                            .send()
                    },
                    |o| (o.rules().to_vec(), o.next_token().map(str::to_string)),
                ),
            )
            .await
            .ok()
            .map(|rules| (bus, rules))
        })
        .await;
    let mut all = Vec::new();
    for result in listed {
        let (bus, rules) = result?;
        all.extend(rules.into_iter().filter_map(|r| rule(cx, bus, &r)));
    }
    if cx.wants(data::TARGETS) {
        let targets = cx.bounded(&all, |rule| targets(cx, client, rule)).await;
        for (rule, targets) in all.iter_mut().zip(targets) {
            rule.targets = targets;
        }
    }
    Ok(all)
}

fn rule(cx: &Cx, bus: &EventBus, r: &aws_sdk_eventbridge::types::Rule) -> Option<Rule> {
    let name = r.name()?.to_string();
    let arn = r.arn().map_or_else(
        || cx.arn("events", &format!("rule/{}/{name}", bus.name)),
        str::to_string,
    );
    Some(Rule {
        account_id: cx.account_of(&arn),
        region: cx.region.clone(),
        event_bus_name: r
            .event_bus_name()
            .map_or_else(|| bus.name.clone(), str::to_string),
        state: r
            .state()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        event_pattern: r
            .event_pattern()
            .filter(|p| !p.is_empty())
            .map(JsonDocument::from_text),
        schedule_expression: crate::text(r.schedule_expression()),
        role_arn: crate::text(r.role_arn()),
        managed_by: crate::text(r.managed_by()),
        targets: Collected::default(),
        arn,
        name,
    })
}

/// `ListTargetsByRule`, every page.
async fn targets(cx: &Cx, client: &Client, rule: &Rule) -> Collected<Vec<Target>> {
    let listed = pages(
        |token| {
            client
                .list_targets_by_rule()
                .rule(&rule.name)
                .event_bus_name(&rule.event_bus_name)
                .limit(PAGE)
                .set_next_token(token)
                .send()
        },
        |o| (o.targets().to_vec(), o.next_token().map(str::to_string)),
    );
    cx.call(LIST_TARGETS_BY_RULE, listed)
        .await
        .read(GONE, |targets| Some(targets.iter().map(target).collect()))
}

fn target(t: &aws_sdk_eventbridge::types::Target) -> Target {
    let retry = t.retry_policy();
    Target {
        id: t.id().to_string(),
        arn: t.arn().to_string(),
        role_arn: crate::text(t.role_arn()),
        dead_letter_arn: crate::text(t.dead_letter_config().and_then(|d| d.arn())),
        maximum_retry_attempts: retry
            .and_then(|r| r.maximum_retry_attempts())
            .map(i64::from),
        maximum_event_age_seconds: retry
            .and_then(|r| r.maximum_event_age_in_seconds())
            .map(i64::from),
        input_transformer: t.input_transformer().is_some(),
        ecs_task_definition_arn: t
            .ecs_parameters()
            .map(|e| e.task_definition_arn().to_string()),
    }
}
