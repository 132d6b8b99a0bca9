//! ## What it checks
//!
//! The account's AWS Config rules and conformance packs are deployed,
//! evaluate without errors, and non-compliance notifies someone.
//!
//! One finding per Config rule:
//! - FAIL when its last evaluation failed after its last successful one
//!   (or it never succeeded), the same for the last invocation of its
//!   function, when it reports a `LastErrorCode` with no success since (or
//!   no failure time to tell), or when it has not started its first
//!   evaluation (`FirstEvaluationStarted=false`) 24 hours after it was
//!   first activated; and, for a custom Lambda rule, when its function does
//!   not exist. An error code from a failure older than the last success is
//!   noted only: the rule has recovered.
//! - ERROR: its evaluation status could not be read, or its function
//!   could not be looked up (Lambda blind in that region, or another
//!   account's function).
//!
//! One finding per conformance pack: FAIL when `ConformancePackState` is
//! `CREATE_FAILED` or `DELETE_FAILED` (with the reason Config gives);
//! ERROR when its status could not be read.
//!
//! One finding per organization Config rule and organization conformance
//! pack this account deploys: FAIL for every member account whose status is
//! `CREATE_FAILED` or `UPDATE_FAILED` (listing the accounts and error
//! codes); ERROR when the member statuses could not be read. Only the
//! management account and a delegated administrator can see these: from
//! any other account (or one in no organization) the sub-rule is SKIPped
//! per region, with the reason, on
//! `arn:aws:config:REGION:ACCOUNT:organization-config-rules` (and
//! `…:organization-conformance-packs`).
//!
//! One finding per region where Config could be listed (on
//! `arn:aws:config:REGION:ACCOUNT`):
//! - FAIL when a rule named in `required_config_rules`, or a pack named in
//!   `required_conformance_packs`, is not deployed in the region.
//! - Advisory (FAIL at low) when the region has rules or packs but
//!   non-compliance notifies nobody: no ENABLED EventBridge rule on the
//!   `default` bus matches a `Config Rules Compliance Change` event (source
//!   `aws.config`, a `NON_COMPLIANT` result) and has a target, **and** no
//!   delivery channel of the region has an SNS topic. A rule that filters
//!   on something else (a rule name) matches only some changes and does not
//!   count (noted).
//! - ERROR instead of the advisory when a matching rule's targets could
//!   not be read or EventBridge could not be listed in the region.
//! - SKIP when the region has no rule, no pack and nothing required.
//!
//! Both baseline lists are empty by default: the notes name no fixed
//! baseline, and Config names rules per deployment (a conformance pack
//! suffixes its rules), so any default name would fail accounts that run
//! the same control under another name. Set them to your baseline.
//!
//! ## Why it matters
//!
//! Rules that silently error give false assurance: the dashboard shows no
//! non-compliant resource because nothing was evaluated. Config evaluates
//! managed and custom (Lambda) rules on change or periodically, notifies
//! through EventBridge or SNS, and deploys rules and conformance packs
//! across an organization (notes 000 › Security and Compliance › "AWS
//! config"); custom Lambda rules are deployed to every account by StackSets
//! and fail when their function is missing there (notes 001 › ## AWS Config
//! Aggregator › Use Case).
//!
//! ## How to fix
//!
//! - **Console**: AWS Config › Rules: open each rule with an evaluation error, read "Last evaluation error" and fix its function, role or parameters, then "Re-evaluate"; Conformance packs: delete and redeploy a failed pack; Organization rules: fix the member accounts named (their recorder must be on); EventBridge › Rules: a rule on `aws.config` / `Config Rules Compliance Change` to an on-call target.
//! - **CLI**: `aws configservice describe-config-rule-evaluation-status`; `aws configservice start-config-rules-evaluation --config-rule-names NAME`; `aws configservice describe-conformance-pack-status`; `aws configservice get-organization-config-rule-detailed-status --organization-config-rule-name NAME --filters MemberAccountRuleStatus=CREATE_FAILED`; `aws events put-rule --name config-noncompliant --event-pattern '{"source":["aws.config"],"detail-type":["Config Rules Compliance Change"],"detail":{"newEvaluationResult":{"complianceType":["NON_COMPLIANT"]}}}'` and `aws events put-targets`.
//! - **CloudFormation**: `AWS::Config::ConfigRule` (with `AWS::Lambda::Permission` for custom rules), `AWS::Config::ConformancePack` or `AWS::Config::OrganizationConformancePack`, and an `AWS::Events::Rule` with the pattern above and a target (or `SnsTopicARN` on the `AWS::Config::DeliveryChannel`).
//!
//! ## References
//!
//! - Study notes: 000 › Security and Compliance › "AWS config"; 001 › ## AWS Config Aggregator › Use Case.
//! - AWS: "Evaluating Resources with AWS Config Rules"; `DescribeConfigRuleEvaluationStatus`; "Conformance Packs"; "Managing AWS Config Rules Across All Accounts in Your Organization"; "Monitoring AWS Config with Amazon EventBridge".
//! - No AWS Config managed rule; no Prowler check.

use crate::engine::{name_list, timestamp, Check, Context, Emitter, Severity, Subject, Verdict};
use crate::inventory::config::{
    ConfigRule, ConformancePack, OrganizationDeployment, OrganizationDeployments,
    RuleEvaluationStatus,
};
use crate::inventory::lambda::Function;
use crate::inventory::{config, events, lambda};
use crate::judge::event_pattern::Event;
use crate::judge::reference::{by_arn, Reference};
use crate::judge::regions;
use crate::judge::routing::{route, rules_on, Need, DEFAULT_BUS};
use crate::settings::{patterns, Setting};
use chrono::Duration;
use std::collections::HashMap;

/// Rules every region must have.
static REQUIRED_RULES: Setting<Vec<String>> = Setting::new(
    "required_config_rules",
    "Config rule names that must be deployed in every collected region (empty: no baseline required).",
    "[]",
    patterns,
);

/// Conformance packs every region must have.
static REQUIRED_PACKS: Setting<Vec<String>> = Setting::new(
    "required_conformance_packs",
    "Conformance pack names that must be deployed in every collected region (empty: no baseline required).",
    "[]",
    patterns,
);

pub static CHECK: Check = Check {
    id: "config-rules-healthy",
    title: "Baseline Config rules and conformance packs are deployed, evaluate without errors, and non-compliance notifies",
    service: "config",
    severity: Severity::Medium,
    section: "000 › Security and Compliance › \"AWS config\"; 001 › ## AWS Config Aggregator",
    catalog: "SEC-02",
    reads: &[
        config::RECORDERS,
        config::DELIVERY_CHANNELS,
        config::RULES,
        config::RULE_STATUS,
        config::CONFORMANCE_PACKS,
        config::CONFORMANCE_PACK_STATUS,
        config::ORGANIZATION_DEPLOYMENTS,
        lambda::FUNCTIONS,
        events::BUSES,
        events::RULES,
        events::TARGETS,
    ],
    tolerates: &[],
    settings: &[&REQUIRED_RULES, &REQUIRED_PACKS],
    config_rule: None,
    prowler: None,
    source: include_str!("rules_healthy.rs"),
    run,
};

/// How long after its activation a rule may still wait for its first evaluation.
const FIRST_EVALUATION_HOURS: i64 = 24;

/// Member account statuses that fail an organization deployment.
const MEMBER_FAILURES: [&str; 2] = ["CREATE_FAILED", "UPDATE_FAILED"];

fn run(ctx: &Context, em: &mut Emitter) {
    let config = ctx.config();
    let functions = by_arn(&ctx.lambda().functions);
    for rule in &config.rules {
        judge_rule(ctx, &functions, rule, em);
    }
    for pack in &config.conformance_packs {
        judge_pack(pack, em);
    }
    for deployments in &config.organization_deployments {
        judge_organization(ctx, deployments, em);
    }
    let (required_rules, required_packs) =
        (ctx.setting(&REQUIRED_RULES), ctx.setting(&REQUIRED_PACKS));
    for region in regions::seen(ctx, "config") {
        judge_region(ctx, region, &required_rules, &required_packs, em);
    }
}

fn judge_rule(
    ctx: &Context,
    functions: &HashMap<&str, &Function>,
    rule: &ConfigRule,
    em: &mut Emitter,
) {
    let mut v = Verdict::new();
    let mut last_success = None;
    match rule.evaluation_status.known() {
        Err(e) => v.error(e),
        Ok(None) => v.note("Config reports no evaluation status for it"),
        Ok(Some(s)) => {
            judge_health(ctx, s, &mut v);
            last_success = s.last_successful_evaluation;
        }
    }
    if let Some(arn) = rule.lambda_function_arn.as_deref() {
        let function = unqualified(arn);
        let label = format!("the rule's function {function}");
        match Reference::from_arn(label, function) {
            Some(r) => {
                r.resolve(ctx, functions.get(function).copied())
                    .or_record(&mut v);
            }
            None => v.fail(format!(
                "the rule's function {arn} is not a Lambda function ARN"
            )),
        }
    }
    let pass = match last_success {
        Some(t) => format!(
            "rule {} evaluates without errors (last success {})",
            rule.name,
            timestamp(&t)
        ),
        None => format!("rule {} reports no evaluation error", rule.name),
    };
    v.emit(em, rule, pass);
}

/// A function ARN without its version or alias qualifier.
fn unqualified(arn: &str) -> &str {
    match arn.match_indices(':').nth(6) {
        Some((i, _)) => &arn[..i],
        None => arn,
    }
}

fn judge_health(ctx: &Context, s: &RuleEvaluationStatus, v: &mut Verdict) {
    let code = s.last_error_code.as_deref();
    let with_code = code.map(|c| format!(" ({c})")).unwrap_or_default();
    let failing =
        |failed: Option<chrono::DateTime<chrono::Utc>>, succeeded| match (failed, succeeded) {
            (Some(f), Some(ok)) if f > ok => Some(format!(
                "at {}, after its last success at {}",
                timestamp(&f),
                timestamp(&ok)
            )),
            (Some(f), None) => Some(format!("at {} and it never succeeded", timestamp(&f))),
            _ => None,
        };
    let evaluation = failing(s.last_failed_evaluation, s.last_successful_evaluation);
    let invocation = failing(s.last_failed_invocation, s.last_successful_invocation);
    if let Some(when) = &evaluation {
        v.fail(format!("its last evaluation failed {when}{with_code}"));
    }
    if let Some(when) = &invocation {
        v.fail(format!("its last invocation failed {when}{with_code}"));
    }
    if let (Some(code), None, None) = (code, &evaluation, &invocation) {
        if s.last_failed_evaluation.is_none() && s.last_failed_invocation.is_none() {
            v.fail(format!("it reports the error {code}"));
        } else {
            v.note(format!(
                "it recovered from the error {code}: it has succeeded since"
            ));
        }
    }
    if !s.first_evaluation_started {
        match s.first_activated {
            Some(t) if ctx.now - t > Duration::hours(FIRST_EVALUATION_HOURS) => v.fail(format!(
                "it has not started its first evaluation since it was activated at {}",
                timestamp(&t)
            )),
            Some(t) => v.note(format!(
                "activated at {}: its first evaluation has not started yet",
                timestamp(&t)
            )),
            None => v.note("its first evaluation has not started"),
        }
    }
}

fn judge_pack(pack: &ConformancePack, em: &mut Emitter) {
    match pack.status.known() {
        Err(e) => em.error(pack, e),
        Ok(None) => em.pass(
            pack,
            format!(
                "conformance pack {} is deployed (note: Config reports no deployment state for it)",
                pack.name
            ),
        ),
        Ok(Some(s)) if matches!(s.state.as_str(), "CREATE_FAILED" | "DELETE_FAILED") => {
            let reason = s
                .reason
                .as_deref()
                .map(|r| format!(": {r}"))
                .unwrap_or_default();
            em.fail(
                pack,
                format!("conformance pack {} is {}{reason}", pack.name, s.state),
            )
        }
        Ok(Some(s)) => em.pass(
            pack,
            format!("conformance pack {} is {}", pack.name, s.state),
        ),
    }
}

fn judge_organization(ctx: &Context, d: &OrganizationDeployments, em: &mut Emitter) {
    let region = regions::region_subject(ctx, "config", &d.region);
    let kinds = [
        (
            "organization-config-rules",
            "organization Config rules",
            &d.rules,
        ),
        (
            "organization-conformance-packs",
            "organization conformance packs",
            &d.conformance_packs,
        ),
    ];
    for (suffix, what, list) in kinds {
        let subject = Subject::arn(&format!("{}:{suffix}", region.arn), &d.region);
        match list.known() {
            Err(e) => em.error(&subject, e),
            Ok(None) => em.skip(
                &subject,
                format!(
                    "{what} are visible only from the management account or a delegated administrator: account {} cannot read them in {}",
                    d.account_id, d.region
                ),
            ),
            Ok(Some(deployed)) => {
                for x in deployed {
                    judge_deployment(x, em);
                }
            }
        }
    }
}

fn judge_deployment(d: &OrganizationDeployment, em: &mut Emitter) {
    let statuses = match d.member_statuses.known() {
        Err(e) => return em.error(d, e),
        Ok(s) => s.map_or(&[][..], Vec::as_slice),
    };
    let failed: Vec<String> = statuses
        .iter()
        .filter(|s| MEMBER_FAILURES.contains(&s.status.as_str()))
        .map(|s| match &s.error_code {
            Some(code) => format!("{} {} ({code})", s.account_id, s.status),
            None => format!("{} {}", s.account_id, s.status),
        })
        .collect();
    if failed.is_empty() {
        em.pass(
            d,
            format!(
                "{} is deployed to {} member accounts without failure",
                d.name,
                statuses.len()
            ),
        );
    } else {
        em.fail(
            d,
            format!(
                "{} failed in member accounts: {}",
                d.name,
                name_list(&failed)
            ),
        );
    }
}

fn judge_region(
    ctx: &Context,
    region: &str,
    required_rules: &[String],
    required_packs: &[String],
    em: &mut Emitter,
) {
    let config = ctx.config();
    let subject = regions::region_subject(ctx, "config", region);
    let rules: Vec<&str> = config
        .rules
        .iter()
        .filter(|r| r.region == region)
        .map(|r| r.name.as_str())
        .collect();
    let packs: Vec<&str> = config
        .conformance_packs
        .iter()
        .filter(|p| p.region == region)
        .map(|p| p.name.as_str())
        .collect();
    if rules.is_empty()
        && packs.is_empty()
        && required_rules.is_empty()
        && required_packs.is_empty()
    {
        return em.skip(
            &subject,
            format!("no Config rule or conformance pack in {region}, and no baseline required"),
        );
    }
    let mut v = Verdict::new();
    for (what, required, deployed) in [
        ("rules", required_rules, &rules),
        ("conformance packs", required_packs, &packs),
    ] {
        let missing: Vec<&str> = required
            .iter()
            .map(String::as_str)
            .filter(|r| !deployed.contains(r))
            .collect();
        if !missing.is_empty() {
            v.fail(format!(
                "required {what} not deployed in {region}: {}",
                name_list(&missing)
            ));
        }
    }
    let notified = if rules.is_empty() && packs.is_empty() {
        String::from("nothing to notify")
    } else {
        notification(ctx, region, &mut v)
    };
    v.emit(
        em,
        &subject,
        format!(
            "{} rules and {} conformance packs in {region}, the baseline included; {notified}",
            rules.len(),
            packs.len()
        ),
    );
}

/// How non-compliance in `region` reaches someone, for the PASS reason;
/// the advisory (or why it cannot be told) is recorded in `v`.
fn notification(ctx: &Context, region: &str, v: &mut Verdict) -> String {
    let config = ctx.config();
    if let Some(c) = config
        .delivery_channels
        .iter()
        .find(|c| c.region == region && c.sns_topic_arn.is_some())
    {
        return format!(
            "delivery channel {} notifies {}",
            c.name,
            c.sns_topic_arn.as_deref().unwrap_or_default()
        );
    }
    if ctx.blind("events", region) {
        v.error_reason(format!(
            "no delivery channel in {region} has an SNS topic, and EventBridge could not be listed there"
        ));
        return String::new();
    }
    let change = Event::new()
        .with("source", "aws.config")
        .with("detail-type", "Config Rules Compliance Change")
        .with("detail.messageType", "ComplianceChangeNotification")
        .with("detail.newEvaluationResult.complianceType", "NON_COMPLIANT");
    let rules = rules_on(ctx, &ctx.account.account_id, region, DEFAULT_BUS);
    let routing = route(
        ctx,
        None,
        rules,
        &[change],
        Need::Every,
        "compliance changes",
    );
    let routed = routing.judge(&format!("compliance changes in {region}"), v, |v| {
        v.warn(format!(
            "non-compliance in {region} notifies nobody: no enabled EventBridge rule on the {DEFAULT_BUS} bus sends Config Rules Compliance Change events to a target, and no delivery channel has an SNS topic"
        ))
    });
    routed.map_or_else(String::new, |(rule, target)| {
        format!(
            "rule {} sends compliance changes to {}",
            rule.name, target.arn
        )
    })
}
