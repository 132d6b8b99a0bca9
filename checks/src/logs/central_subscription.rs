//! ## What it checks
//!
//! In-scope log groups stream their events to the central logging account,
//! and the destinations that receive other accounts' streams are not open
//! to everyone.
//!
//! A group is in scope when it matches an entry of `central_log_group_patterns`:
//! a name pattern (`*` and `?` wildcards) or `tag:KEY=VALUE`. By default:
//! the CloudTrail groups (`/aws/cloudtrail*`, `aws-cloudtrail-logs-*`,
//! Control Tower's `aws-controltower/CloudTrailLogs`), the VPC flow-log
//! groups (`/aws/vpc/flow*`) and groups tagged `central-logging=true`. The central account is the setting
//! `log_archive_account_id`.
//!
//! One finding per log group:
//!
//! - PASS: a subscription filter of the group, or an account-level
//!   subscription filter policy of its region whose selection criteria
//!   (`LogGroupName NOT IN [...]`, or none: every group) select it, sends
//!   to a CloudWatch Logs destination, a Kinesis data stream or a Firehose
//!   stream of the central account.
//! - PASS with a note when `log_archive_account_id` is not set (the
//!   default): it streams to such a destination of another account, which
//!   cannot then be confirmed as the central one (set the id to make the
//!   check strict).
//! - FAIL: nothing streams it to the central account (no filter; filters to
//!   this account's own resources, to a Lambda function, or to an account
//!   that is not the central one).
//! - ERROR: no PASS was found and the group's subscription filters, the
//!   region's subscription filter policies, or a policy's selection
//!   criteria could not be read.
//! - SKIP: groups out of scope, and every group of the central account
//!   itself (its groups are the aggregate).
//! - Info, in the reason: the group already has two subscription filters,
//!   the most CloudWatch Logs allows, so no other can be added.
//!
//! One finding per destination of the scanned account (the receiving end
//! in the central account):
//!
//! - FAIL: its access policy allows `Principal: "*"` without a condition
//!   that scopes it to accounts (`aws:PrincipalOrgID` and the like).
//! - FAIL: its target is a Firehose stream that is not `ACTIVE`, or that
//!   does not exist.
//! - PASS otherwise; ERROR when its policy does not parse or its Firehose
//!   stream cannot be looked up; ERROR for a region whose destinations
//!   could not be listed.
//!
//! ## Why it matters
//!
//! Logs that stay in the account that produced them die with it and cannot
//! be searched across the organization. The notes send CloudWatch Logs of
//! every account to a central logging account (notes 000 › Security and
//! Compliance › "AWS organizations"), through subscriptions to Kinesis,
//! Firehose or Lambda for multi-account aggregation (notes 000 ›
//! Monitoring and Logging › "cloudwatch-logs"): a destination in the
//! central account, a subscription filter in each source account, and
//! Firehose to S3 for the archive (notes 001 › ## Amazon CloudWatch &
//! Logging › ### CloudWatch Logs to S3 & Kinesis). A destination whose
//! policy admits every AWS account lets anyone write into the archive.
//!
//! ## How to fix
//!
//! - **Console**: in the central account, create a Firehose stream and a CloudWatch Logs destination (CLI or API) whose access policy allows the organization (`aws:PrincipalOrgID`); in each source account: CloudWatch › Log groups › the group › Subscription filters › Create › Amazon Kinesis Data Firehose / Kinesis subscription filter to the destination ARN; or Logs › Settings › Account-level subscription filter policy.
//! - **CLI**: `aws logs put-subscription-filter --log-group-name NAME --filter-name central --filter-pattern "" --destination-arn arn:aws:logs:REGION:CENTRAL:destination:central`; or `aws logs put-account-policy --policy-type SUBSCRIPTION_FILTER_POLICY --policy-name central --policy-document '{"DestinationArn":"arn:aws:logs:REGION:CENTRAL:destination:central","FilterPattern":""}'`; in the central account `aws logs put-destination-policy --destination-name central --access-policy file://org-only.json`.
//! - **CloudFormation**: `AWS::Logs::SubscriptionFilter` (or `AWS::Logs::AccountPolicy` with `PolicyType: SUBSCRIPTION_FILTER_POLICY`) in each source account; `AWS::Logs::Destination` with a `DestinationPolicy` conditioned on `aws:PrincipalOrgID` and an `AWS::KinesisFirehose::DeliveryStream` in the central account.
//!
//! ## References
//!
//! - Study notes: 000 › Monitoring and Logging › "cloudwatch-logs"; 001 › ## Amazon CloudWatch & Logging › ### CloudWatch Logs to S3 & Kinesis; 000 › Security and Compliance › "AWS organizations".
//! - AWS: "Cross-account cross-Region subscriptions", "Account-level subscription filters", "Subscription filters quotas" (CloudWatch Logs user guide).
//! - No AWS Config managed rule or Prowler check.

use super::scope::{valid_scopes, Scopes};
use crate::arn::Arn;
use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::firehose::{self, DeliveryStream};
use crate::inventory::logs::{self, Destination, LogGroup, SubscriptionPolicy};
use crate::judge::reference::{by_arn, Lookup, Reference};
use crate::judge::regions;
use crate::settings::{Setting, Tunable, LOG_ARCHIVE_ACCOUNT_ID};
use std::collections::HashMap;

/// Which log groups must stream to the central account.
static CENTRAL_PATTERNS: Setting<Vec<String>> = Setting::new(
    "central_log_group_patterns",
    "Log groups that must stream to the central logging account (`log_archive_account_id`): name patterns (`*` and `?` wildcards) or `tag:KEY=VALUE`.",
    r#"["/aws/cloudtrail*", "aws-cloudtrail-logs-*", "aws-controltower/CloudTrailLogs", "/aws/vpc/flow*", "tag:central-logging=true"]"#,
    valid_scopes,
);

pub static CHECK: Check = Check {
    id: "logs-central-subscription",
    title: "In-scope log groups stream to the central logging account",
    service: "logs",
    severity: Severity::Low,
    section: "001 › ## Amazon CloudWatch & Logging › ### CloudWatch Logs to S3 & Kinesis; 000 › Monitoring and Logging › \"cloudwatch-logs\"",
    catalog: "MON-05",
    reads: &[
        logs::LOG_GROUPS,
        logs::LOG_GROUP_TAGS,
        logs::SUBSCRIPTION_FILTERS,
        logs::SUBSCRIPTION_POLICIES,
        logs::DESTINATIONS,
        firehose::DELIVERY_STREAMS,
    ],
    tolerates: &[logs::SUBSCRIPTION_POLICIES, logs::DESTINATIONS],
    settings: &[&CENTRAL_PATTERNS, &LOG_ARCHIVE_ACCOUNT_ID],
    config_rule: None,
    prowler: None,
    source: include_str!("central_subscription.rs"),
    run,
};

/// The most subscription filters a log group may have.
const FILTER_LIMIT: usize = 2;

fn run(ctx: &Context, em: &mut Emitter) {
    let entries = ctx.setting(&CENTRAL_PATTERNS);
    let scopes = Scopes::new(&entries);
    let central = ctx.setting(&LOG_ARCHIVE_ACCOUNT_ID);
    let own = ctx.account.account_id.as_str();
    let logs = ctx.logs();
    let mut policies: HashMap<&str, Vec<&SubscriptionPolicy>> = HashMap::new();
    for p in &logs.subscription_policies {
        policies.entry(p.region.as_str()).or_default().push(p);
    }
    let places = Places {
        central: &central,
        own,
    };
    for group in &logs.log_groups {
        let Some(entry) = scopes.matching(group) else {
            em.skip(
                group,
                format!("not in scope (matches no {} entry)", CENTRAL_PATTERNS.key()),
            );
            continue;
        };
        if own == central {
            em.skip(group, "in the central logging account itself");
            continue;
        }
        let region_policies = policies
            .get(group.region.as_str())
            .map_or(&[][..], Vec::as_slice);
        judge_group(ctx, &places, group, entry, region_policies, em);
    }
    let streams = by_arn(&ctx.firehose().delivery_streams);
    for destination in &logs.destinations {
        judge_destination(ctx, &streams, destination, em);
    }
    for (region, e) in regions::part_unreadable(ctx, logs::DESTINATIONS) {
        em.error_reason(
            &regions::region_subject(ctx, "logs", region),
            format!("destinations could not be listed in {region}: {e}"),
        );
    }
}

/// The central account (empty: not set) and the scanned one.
struct Places<'a> {
    central: &'a str,
    own: &'a str,
}

/// Where one subscription sends a group's events.
enum Route {
    /// A destination or stream of the central account.
    Central(String),
    /// Another account's destination or stream, with no central account
    /// set: the route, and the note saying so.
    Unconfirmed(String, String),
    /// Anywhere else: why it does not count.
    Elsewhere(String),
}

impl Places<'_> {
    /// Where `arn`, the destination of `via`, sends the events.
    fn route(&self, via: &str, arn: &str) -> Route {
        let Some(a) = Arn::parse(arn).filter(|a| streams_onward(a)) else {
            return Route::Elsewhere(format!("{via} sends to {arn}, not a destination or stream"));
        };
        if a.account == self.own {
            Route::Elsewhere(format!("{via} sends to {arn} of this account"))
        } else if self.central.is_empty() {
            Route::Unconfirmed(
                format!("{via} sends to {arn} of account {}", a.account),
                format!(
                    "{} is not set, so account {} is not confirmed as the central logging account",
                    LOG_ARCHIVE_ACCOUNT_ID.key(),
                    a.account
                ),
            )
        } else if a.account == self.central {
            Route::Central(format!(
                "{via} sends to {arn} of central logging account {}",
                self.central
            ))
        } else {
            Route::Elsewhere(format!(
                "{via} sends to {arn} of account {}, not the central logging account {}",
                a.account, self.central
            ))
        }
    }
}

/// A CloudWatch Logs destination, a Kinesis data stream or a Firehose
/// stream: what can carry events into another account.
fn streams_onward(a: &Arn) -> bool {
    match a.service {
        "logs" => a.resource.starts_with("destination:"),
        "kinesis" => a.resource.starts_with("stream/"),
        "firehose" => a.resource.starts_with("deliverystream/"),
        _ => false,
    }
}

fn judge_group(
    ctx: &Context,
    places: &Places,
    group: &LogGroup,
    entry: &str,
    policies: &[&SubscriptionPolicy],
    em: &mut Emitter,
) {
    let mut routes = Vec::new();
    let mut unknown = Vec::new();
    let mut at_limit = false;
    match group.subscription_filters.known() {
        Ok(filters) => {
            let filters = filters.map_or(&[][..], Vec::as_slice);
            at_limit = filters.len() >= FILTER_LIMIT;
            for f in filters {
                routes.push(places.route(
                    &format!("subscription filter {}", f.name),
                    &f.destination_arn,
                ));
            }
        }
        Err(e) => unknown.push(format!("subscription filters: {e}")),
    }
    match ctx.unreadable(logs::SUBSCRIPTION_POLICIES, &group.region) {
        Some(e) => unknown.push(format!(
            "account-level subscription filter policies of {}: {e}",
            group.region
        )),
        None => {
            for p in policies {
                let via = format!("account-level subscription filter policy {}", p.name);
                match selects(p, &group.name) {
                    Ok(false) => {}
                    Ok(true) => routes.push(match &p.destination_arn {
                        Some(arn) => places.route(&via, arn),
                        None => Route::Elsewhere(format!("{via} names no destination")),
                    }),
                    Err(why) => unknown.push(format!("{via}: {why}")),
                }
            }
        }
    }
    let mut v = Verdict::new();
    if at_limit {
        v.note(format!(
            "it has {FILTER_LIMIT} subscription filters, the most allowed"
        ));
    }
    let scope = format!("in scope ({entry})");
    let mut central = None;
    let mut unconfirmed = None;
    let mut elsewhere = Vec::new();
    for route in routes {
        match route {
            Route::Central(why) => central = central.or(Some(why)),
            Route::Unconfirmed(why, note) => unconfirmed = unconfirmed.or(Some((why, note))),
            Route::Elsewhere(why) => elsewhere.push(why),
        }
    }
    if let Some(why) = central {
        return v.emit(em, group, format!("{scope}: {why}"));
    }
    if let Some((why, note)) = unconfirmed {
        v.note(note);
        return v.emit(em, group, format!("{scope}: {why}"));
    }
    if !unknown.is_empty() {
        v.error_reason(format!(
            "{scope}, no stream to the central logging account found, and could not read {}",
            unknown.join("; ")
        ));
    } else {
        let found = if elsewhere.is_empty() {
            "no subscription filter or account-level policy streams it".to_string()
        } else {
            elsewhere.join("; ")
        };
        v.fail(format!(
            "{scope} but not streamed to the central logging account: {found}"
        ));
    }
    v.emit(em, group, "")
}

/// Whether a subscription filter policy's selection criteria select the
/// group `name`: none selects every group, `LogGroupName NOT IN [...]`
/// every group but those listed (the only form AWS accepts for this
/// policy type).
fn selects(p: &SubscriptionPolicy, name: &str) -> Result<bool, String> {
    let Some(criteria) = p.selection_criteria.as_deref().map(str::trim) else {
        return Ok(true);
    };
    if criteria.is_empty() {
        return Ok(true);
    }
    let excluded = criteria
        .strip_prefix("LogGroupName")
        .map(str::trim_start)
        .and_then(|rest| rest.strip_prefix("NOT IN"))
        .and_then(|list| serde_json::from_str::<Vec<String>>(list.trim()).ok())
        .ok_or_else(|| format!("selection criteria {criteria:?} not understood"))?;
    Ok(!excluded.iter().any(|n| n == name))
}

fn judge_destination(
    ctx: &Context,
    streams: &HashMap<&str, &DeliveryStream>,
    d: &Destination,
    em: &mut Emitter,
) {
    let mut v = Verdict::new();
    if let Some(policy) = &d.access_policy {
        match policy.parse() {
            Ok(p) => {
                if let Some(s) = p.statements.iter().find(|s| s.is_unscoped_public_allow()) {
                    v.fail(format!(
                        "access policy {} lets every AWS account (Principal \"*\") subscribe, with no aws:PrincipalOrgID condition",
                        s.label()
                    ));
                }
            }
            Err(e) => v.error_reason(format!("access policy could not be parsed: {e}")),
        }
    }
    let target = d.target_arn.as_str();
    let is_firehose = Arn::parse(target).is_some_and(|a| a.service == "firehose");
    if is_firehose {
        let label = format!("target Firehose stream {target}");
        let lookup = Reference::from_arn(label.clone(), target).map_or_else(
            || Lookup::Unknown(format!("{label} is not an ARN")),
            |r| r.resolve(ctx, streams.get(target).copied()),
        );
        if let Some(stream) = lookup.or_record(&mut v) {
            if stream.status != "ACTIVE" {
                v.fail(format!("{label} is {}, not ACTIVE", stream.status));
            }
        }
    }
    v.emit(
        em,
        d,
        format!("forwards to {target}; its access policy is not open to every account"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(criteria: Option<&str>) -> SubscriptionPolicy {
        SubscriptionPolicy {
            region: "us-east-1".into(),
            account_id: "111122223333".into(),
            name: "p".into(),
            selection_criteria: criteria.map(str::to_string),
            destination_arn: None,
        }
    }

    #[test]
    fn selection_criteria() {
        assert_eq!(selects(&policy(None), "a"), Ok(true));
        assert_eq!(selects(&policy(Some(" ")), "a"), Ok(true));
        let not_in = policy(Some(r#"LogGroupName NOT IN ["a", "b"]"#));
        assert_eq!(selects(&not_in, "a"), Ok(false));
        assert_eq!(selects(&not_in, "c"), Ok(true));
        assert!(selects(&policy(Some("LogGroupName IN [\"a\"]")), "a").is_err());
    }
}
