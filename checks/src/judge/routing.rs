//! Event routing: does an enabled EventBridge rule send a kind of event to
//! a target that reaches someone?
//!
//! A check names the rules that may carry the events (those of one account,
//! region and bus), describes the events as the [`event_pattern`] matcher
//! sees them (one [`Event`] per variant: each high severity of a GuardDuty
//! finding, each Health event type), and says whether a rule must match
//! every variant ([`Need::Every`]) or may filter them ([`Need::Some`]: a
//! rule for EC2's Health events routes Health events). [`route`] answers
//! with a [`Routing`]:
//!
//! - [`Routed::To`]: an enabled rule matches and has a target that reaches
//!   someone: an SNS topic with a confirmed subscription (see [`notify`]) or
//!   any other kind of target (a queue, a function, a state machine, a bus);
//! - [`Routed::Unheard`]: matching rules send them only to SNS topics nobody
//!   receives (`rule R: topic ARN has no confirmed subscription`);
//! - [`Routed::Unknown`]: no rule is known to route them, and a matching
//!   rule's targets, or its topic's subscribers, could not be read;
//! - [`Routed::Nowhere`]: no enabled matching rule has a target.
//!
//! Whatever the answer, [`Routing::near`] lists what came close, worded the
//! same for every check: `rule R matches WHAT but is DISABLED`, `… but has
//! no target`, `rule R drops some WHAT (detail.severity wants …)`, `rule R
//! routes only some WHAT (detail.type wants …, which is not known)`. A rule
//! whose pattern rules the events out by their `source` or `detail-type`,
//! or by a field that names the resource they are about
//! ([`Event::naming`]: another repository's ARN in `resources`), is about
//! other events and is not mentioned.
//!
//! A check that counts any target, SNS topic or not, as heard (a Config
//! delivery alternative that only asks for a target) passes no [`Topics`].
//!
//! [`event_pattern`]: super::event_pattern
//! [`notify`]: super::notify

use super::event_pattern::{Event, Match, Mismatch, Pattern};
use super::notify::{is_topic, Reach, Topics};
use crate::engine::{Context, Verdict};
use crate::inventory::events::{Rule, Target};
use std::collections::HashMap;

/// The bus AWS services publish their events to.
pub const DEFAULT_BUS: &str = "default";

/// What a rule's pattern must admit of the events a check describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Every variant, each without condition.
    Every,
    /// At least one variant, possibly filtered on fields the check does not
    /// know.
    Some,
}

/// Where the events go; see the module doc.
#[derive(Debug)]
pub enum Routed<'a> {
    To { rule: &'a Rule, target: &'a Target },
    Unheard(Vec<String>),
    Unknown(Vec<String>),
    Nowhere,
}

/// The answer of [`route`].
#[derive(Debug)]
pub struct Routing<'a> {
    pub routed: Routed<'a>,
    /// Rules that came close, for the reason's notes.
    pub near: Vec<String>,
}

/// The rules of `account`, `region` and `bus`.
pub fn rules_on<'a>(
    ctx: &'a Context,
    account: &'a str,
    region: &'a str,
    bus: &'a str,
) -> impl Iterator<Item = &'a Rule> + 'a {
    ctx.events()
        .rules
        .iter()
        .filter(move |r| r.account_id == account && r.region == region && r.event_bus_name == bus)
}

/// Whether one of `rules` routes `events` (called `what` in the notes) to
/// someone; `topics` judges SNS targets, or `None` to count any target.
pub fn route<'a>(
    ctx: &Context,
    topics: Option<&Topics>,
    rules: impl IntoIterator<Item = &'a Rule>,
    events: &[Event],
    need: Need,
    what: &str,
) -> Routing<'a> {
    route_to(ctx, topics, rules, events, need, what, &Kind::ANY)
}

/// The targets a check counts, for [`route_to`].
pub struct Kind<'k> {
    /// What they are, for the notes (`a Lambda function`).
    pub name: &'k str,
    /// Whether a target is one.
    pub accepts: fn(&Target) -> bool,
}

impl Kind<'static> {
    /// Any target.
    pub const ANY: Kind<'static> = Kind {
        name: "any target",
        accepts: |_| true,
    };
}

/// [`route`], counting only the targets of `kind` (an automation rather
/// than a queue, say): a matching rule's other targets are near misses
/// (`rule R sends WHAT to ARN, not to KIND`).
pub fn route_to<'a>(
    ctx: &Context,
    topics: Option<&Topics>,
    rules: impl IntoIterator<Item = &'a Rule>,
    events: &[Event],
    need: Need,
    what: &str,
    kind: &Kind,
) -> Routing<'a> {
    let mut near = Vec::new();
    let (mut unheard, mut unknown) = (Vec::new(), Vec::new());
    for rule in rules {
        match coverage(ctx, rule, events, need) {
            Coverage::None => continue,
            Coverage::Dropped(why) => {
                near.push(format!("rule {} drops some {what} ({why})", rule.name));
                continue;
            }
            Coverage::Unstated(why) => {
                near.push(format!(
                    "rule {} routes only some {what} ({why})",
                    rule.name
                ));
                continue;
            }
            Coverage::All => {}
        }
        if !rule.state.starts_with("ENABLED") {
            near.push(format!(
                "rule {} matches {what} but is {}",
                rule.name, rule.state
            ));
            continue;
        }
        let targets = match rule.targets.known() {
            Err(e) => {
                unknown.push(format!("targets of rule {}: {e}", rule.name));
                continue;
            }
            Ok(t) => t.map_or(&[][..], Vec::as_slice),
        };
        if targets.is_empty() {
            near.push(format!(
                "rule {} matches {what} but has no target",
                rule.name
            ));
        }
        for target in targets {
            if !(kind.accepts)(target) {
                near.push(format!(
                    "rule {} sends {what} to {}, not to {}",
                    rule.name, target.arn, kind.name
                ));
                continue;
            }
            let reach = match topics {
                Some(topics) if is_topic(&target.arn) => topics.reach(ctx, &target.arn),
                _ => return Routing::to(rule, target, near),
            };
            match reach {
                Reach::Reaches(_) => return Routing::to(rule, target, near),
                Reach::NoSubscriber(why) | Reach::NoTopic(why) => {
                    unheard.push(format!("rule {}: {why}", rule.name))
                }
                Reach::Unknown(why) => unknown.push(why),
            }
        }
    }
    let routed = if !unknown.is_empty() {
        Routed::Unknown(unknown)
    } else if !unheard.is_empty() {
        Routed::Unheard(unheard)
    } else {
        Routed::Nowhere
    };
    Routing { routed, near }
}

impl<'a> Routing<'a> {
    /// The rule and target that route the events; otherwise records in `v`
    /// why none reaches someone: ERROR when a matching rule could not be
    /// evaluated (`no rule is known to route WHAT to someone, and could not
    /// evaluate: …`), advisory when they reach only topics nobody receives
    /// (`WHAT are routed only to topics nobody receives: …`), else what
    /// `nowhere` records. The near misses are notes of `v` either way.
    pub fn judge(
        self,
        what: &str,
        v: &mut Verdict,
        nowhere: impl FnOnce(&mut Verdict),
    ) -> Option<(&'a Rule, &'a Target)> {
        for n in self.near {
            v.note(n);
        }
        match self.routed {
            Routed::To { rule, target } => return Some((rule, target)),
            Routed::Unknown(why) => v.error_reason(format!(
                "no rule is known to route {what} to someone, and could not evaluate: {}",
                why.join("; ")
            )),
            Routed::Unheard(why) => v.warn(format!(
                "{what} are routed only to topics nobody receives: {}",
                why.join("; ")
            )),
            Routed::Nowhere => nowhere(v),
        }
        None
    }

    fn to(rule: &'a Rule, target: &'a Target, near: Vec<String>) -> Routing<'a> {
        Routing {
            routed: Routed::To { rule, target },
            near,
        }
    }
}

/// How much of the described events a rule's pattern admits.
enum Coverage {
    /// What the check needs.
    All,
    /// Not all: a field the events are known to hold rules some out.
    Dropped(String),
    /// Not surely: the rule filters on a field the check does not know.
    Unstated(String),
    /// None: no pattern, not a pattern, or about other events.
    None,
}

/// The parsed patterns of an account's rules, by the rule's address in
/// the inventory: a check that routes the events of thousands of resources
/// parses each rule's pattern once, not once per resource, and skips a
/// rule about another `source` without matching it.
#[derive(Default)]
pub struct Patterns(HashMap<usize, Parsed>);

/// A rule's pattern, and the sources it names when it lists them plainly
/// (`"source": ["aws.glue"]`).
struct Parsed {
    pattern: Option<Pattern>,
    sources: Option<Vec<String>>,
}

impl Patterns {
    fn of(rules: &[Rule]) -> Patterns {
        Patterns(rules.iter().map(|r| (address(r), Parsed::of(r))).collect())
    }
}

impl Parsed {
    fn of(rule: &Rule) -> Parsed {
        let json = rule.event_pattern.as_ref().map(|p| &p.0);
        let sources = json.and_then(|p| {
            p.get("source")?
                .as_array()?
                .iter()
                .map(|s| s.as_str().map(String::from))
                .collect()
        });
        Parsed {
            pattern: json.and_then(|p| Pattern::from_value(p).ok()),
            sources,
        }
    }

    /// False when the rule surely ignores every event: each one's source is
    /// stated and none is among the rule's plain `source` list.
    fn may_match(&self, events: &[Event]) -> bool {
        let Some(sources) = &self.sources else {
            return true;
        };
        events.iter().any(|e| {
            let mut stated = e.texts("source").peekable();
            stated.peek().is_none() || stated.any(|s| sources.iter().any(|x| x == s))
        })
    }
}

fn address(rule: &Rule) -> usize {
    std::ptr::from_ref(rule) as usize
}

fn coverage(ctx: &Context, rule: &Rule, events: &[Event], need: Need) -> Coverage {
    let patterns = ctx
        .patterns
        .get_or_init(|| Patterns::of(&ctx.events().rules));
    let parsed;
    let parsed = match patterns.0.get(&address(rule)) {
        Some(cached) => cached,
        // A rule of another account (`ctx.peer`'s).
        None => {
            parsed = Parsed::of(rule);
            &parsed
        }
    };
    if !parsed.may_match(events) {
        return Coverage::None;
    }
    let Some(pattern) = &parsed.pattern else {
        return Coverage::None;
    };
    let verdicts: Vec<Match> = events.iter().map(|e| pattern.matches(e)).collect();
    let enough = match need {
        Need::Every => verdicts.iter().all(|m| *m == Match::Yes),
        Need::Some => verdicts.iter().any(|m| !matches!(m, Match::No(_))),
    };
    if enough {
        return Coverage::All;
    }
    // Ruled out by what the events are, or whose they are: other events.
    let elsewhere = |why: &Mismatch, event: &Event| {
        why.field == "source" || why.field == "detail-type" || event.names(&why.field)
    };
    let other_events = verdicts
        .iter()
        .zip(events)
        .all(|(m, e)| matches!(m, Match::No(why) if elsewhere(why, e)));
    if other_events {
        return Coverage::None;
    }
    verdicts
        .iter()
        .zip(events)
        .find_map(|(m, e)| match m {
            Match::No(why) if !elsewhere(why, e) => Some(Coverage::Dropped(why.to_string())),
            Match::Unknown(what) => Some(Coverage::Unstated(what.to_string())),
            _ => None,
        })
        .unwrap_or(Coverage::None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::with_context;
    use serde_json::{json, Value};

    const QUEUE: &str = "arn:aws:sqs:us-east-1:111122223333:q";
    const TOPIC: &str = "arn:aws:sns:us-east-1:111122223333:pending";

    fn rule(name: &str, pattern: Value, state: &str, targets: &[&str]) -> Value {
        let targets: Vec<Value> = targets
            .iter()
            .map(|arn| json!({"id": "t", "arn": arn}))
            .collect();
        json!({"arn": format!("arn:aws:events:us-east-1:111122223333:rule/{name}"),
            "region": "us-east-1", "account_id": "111122223333", "name": name,
            "event_bus_name": DEFAULT_BUS, "state": state, "event_pattern": pattern,
            "targets": {"value": targets}})
    }

    fn severity(s: f64) -> Event {
        Event::new()
            .with("source", "aws.guardduty")
            .with("detail-type", "GuardDuty Finding")
            .with("detail.severity", s)
    }

    /// The routing of `events` through `rules`, as `to RULE`, `unheard …`,
    /// `unknown …` or `nowhere`, then the near misses.
    fn routing(rules: Vec<Value>, events: &[Event], need: Need) -> (String, Vec<String>) {
        let account = json!({
            "events": {"rules": rules},
            "sns": {"topics": [{"arn": TOPIC, "region": "us-east-1", "account_id": "111122223333",
                "subscriptions": {"value": [{"arn": "PendingConfirmation", "protocol": "email"}]}}]}
        });
        with_context(account, |ctx| {
            let topics = Topics::new(ctx.sns());
            let rules = rules_on(ctx, "111122223333", "us-east-1", DEFAULT_BUS);
            let r = route(ctx, Some(&topics), rules, events, need, "findings");
            let routed = match r.routed {
                Routed::To { rule, target } => format!("to {} {}", rule.name, target.arn),
                Routed::Unheard(why) => format!("unheard {}", why.join("; ")),
                Routed::Unknown(why) => format!("unknown {}", why.join("; ")),
                Routed::Nowhere => "nowhere".to_string(),
            };
            (routed, r.near)
        })
    }

    #[test]
    fn a_rule_about_another_resource_is_not_a_near_miss() {
        const REPO: &str = "arn:aws:codecommit:us-east-1:111122223333:app";
        let other = json!({"source": ["aws.codecommit"], "resources": ["arn:aws:codecommit:us-east-1:111122223333:tools"]});
        let rules = || vec![rule("tools", other.clone(), "ENABLED", &[QUEUE])];
        let named = Event::new()
            .with("source", "aws.codecommit")
            .naming("resources", REPO);
        let (routed, near) = routing(rules(), &[named], Need::Some);
        assert_eq!((routed.as_str(), near.len()), ("nowhere", 0), "{near:?}");
        let stated = Event::new()
            .with("source", "aws.codecommit")
            .with("resources", REPO);
        let (routed, near) = routing(rules(), &[stated], Need::Some);
        assert_eq!(routed, "nowhere");
        assert!(
            near[0].starts_with("rule tools drops some findings (resources wants"),
            "{near:?}"
        );
    }

    #[test]
    fn every_variant_or_some_of_them() {
        let events = [severity(7.0), severity(9.0)];
        let at_eight =
            json!({"source": ["aws.guardduty"], "detail": {"severity": [{"numeric": [">=", 8]}]}});
        let typed = json!({"source": ["aws.guardduty"], "detail": {"type": ["Recon:EC2/PortProbeUnprotectedPort"]}});
        let rules = || {
            vec![
                rule("eight", at_eight.clone(), "ENABLED", &[QUEUE]),
                rule("typed", typed.clone(), "ENABLED", &[QUEUE]),
                rule(
                    "health",
                    json!({"source": ["aws.health"]}),
                    "ENABLED",
                    &[QUEUE],
                ),
            ]
        };
        let (routed, near) = routing(rules(), &events, Need::Every);
        assert_eq!(routed, "nowhere");
        assert_eq!(
            near.len(),
            2,
            "the health rule is about other events: {near:?}"
        );
        assert!(near[0].starts_with("rule eight drops some findings (detail.severity wants"));
        assert!(near[1].starts_with("rule typed routes only some findings (detail.type wants"));
        let (routed, near) = routing(rules(), &events, Need::Some);
        assert_eq!(routed, format!("to eight {QUEUE}"), "9.0 matches");
        assert!(near.is_empty());
    }

    #[test]
    fn only_targets_of_the_kind_route() {
        const FUNCTION: &str = "arn:aws:lambda:us-east-1:111122223333:function:f";
        let lambda = Kind {
            name: "a Lambda function",
            accepts: |t| t.arn.starts_with("arn:aws:lambda:"),
        };
        let all = json!({"source": ["aws.guardduty"]});
        let account = json!({"events": {"rules": [
            rule("queue", all.clone(), "ENABLED", &[QUEUE]),
            rule("both", all, "ENABLED", &[QUEUE, FUNCTION]),
        ]}});
        with_context(account, |ctx| {
            let rules = rules_on(ctx, "111122223333", "us-east-1", DEFAULT_BUS);
            let r = route_to(
                ctx,
                None,
                rules,
                &[severity(7.0)],
                Need::Every,
                "findings",
                &lambda,
            );
            assert!(
                matches!(r.routed, Routed::To { rule, target } if rule.name == "both" && target.arn == FUNCTION)
            );
            assert_eq!(
                r.near,
                [
                    format!("rule queue sends findings to {QUEUE}, not to a Lambda function"),
                    format!("rule both sends findings to {QUEUE}, not to a Lambda function"),
                ]
            );
        });
    }

    #[test]
    fn disabled_targetless_and_unheard_rules() {
        let all = json!({"source": ["aws.guardduty"]});
        let (routed, near) = routing(
            vec![
                rule("off", all.clone(), "DISABLED", &[QUEUE]),
                rule("bare", all.clone(), "ENABLED", &[]),
                rule("mail", all.clone(), "ENABLED", &[TOPIC]),
            ],
            &[severity(7.0)],
            Need::Every,
        );
        assert_eq!(
            routed,
            format!("unheard rule mail: topic {TOPIC} has no confirmed subscription")
        );
        assert_eq!(
            near,
            [
                "rule off matches findings but is DISABLED",
                "rule bare matches findings but has no target"
            ]
        );
        let mut unread = rule(
            "unread",
            all.clone(),
            "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
            &[],
        );
        unread["targets"] =
            json!({"error": {"operation": "ListTargetsByRule", "code": "ThrottlingException"}});
        let (routed, _) = routing(
            vec![rule("mail", all, "ENABLED", &[TOPIC]), unread],
            &[severity(7.0)],
            Need::Every,
        );
        assert!(
            routed.starts_with("unknown targets of rule unread: "),
            "{routed}"
        );
    }
}
