//! ## What it checks
//!
//! The account takes part in CloudWatch cross-account observability: a
//! monitoring account holds a sink that the organization's accounts may
//! link to, and a source account links to it sharing metrics, logs and
//! traces (`oam:ListSinks`, `oam:GetSinkPolicy`, `oam:ListLinks`).
//!
//! One finding for the account (`arn:aws:oam::ACCOUNT`). With the setting
//! `oam_sink_arn` (the monitoring account's sink):
//!
//! - in the account that owns that sink: PASS when the sink is there, FAIL
//!   when it is not;
//! - in any other account: FAIL when no link in the sink's region goes to
//!   it; advisory (FAIL at low) when the link's `ResourceTypes` lack any of
//!   `AWS::CloudWatch::Metric`, `AWS::Logs::LogGroup` and
//!   `AWS::XRay::Trace`; PASS when it shares all three.
//!
//! Without the setting (the default): PASS when the account holds a sink
//! (a monitoring account) or has a link that shares all three types;
//! advisory when its links lack one; FAIL when there is neither a sink nor
//! a link in any collected region.
//!
//! ERROR when what would decide it could not be read: OAM not listed in a
//! region, links not readable there, or the sink's region not collected.
//!
//! One finding per sink of the account, on its policy:
//!
//! - FAIL: a statement allows `Principal: "*"` with no condition on
//!   `aws:PrincipalOrgID` or `aws:PrincipalOrgPaths` (nor on accounts):
//!   any AWS account may link and send its data in.
//! - Advisory: the policy grants account ids (as principals, or `*`
//!   narrowed by `aws:PrincipalAccount`) instead of the organization, so
//!   new accounts are not onboarded automatically; also when the sink has
//!   no policy at all (no account can link).
//! - PASS: links are allowed by organization (or organization path) only.
//! - ERROR: the policy could not be read or parsed.
//!
//! ## Why it matters
//!
//! Without cross-account observability, troubleshooting a request that
//! crosses accounts means signing in to each of them; with account lists in
//! the sink policy, every new account is blind until someone edits it. The
//! notes recommend cross-account observability with Organizations so that
//! new accounts are onboarded automatically (notes 000 › Filling the gap ›
//! practice exam #1) and describe monitoring and source accounts sharing
//! metrics, log groups and traces (notes 001 › ## Amazon CloudWatch &
//! Logging › ### Cross-Account Observability).
//!
//! ## How to fix
//!
//! - **Console**: in the monitoring account, CloudWatch › Settings › Monitoring account configuration › Configure: select Logs, Metrics and Traces, and list the organization (or organizational unit paths) as source accounts; then, in each source account (or with the shared CloudFormation template for the organization), Link to the monitoring account.
//! - **CLI**: `aws oam create-sink --name org-sink`; `aws oam put-sink-policy --sink-identifier SINK_ARN --policy file://org-only.json` (condition `aws:PrincipalOrgID`); in each source account `aws oam create-link --label-template '$AccountName' --resource-types AWS::CloudWatch::Metric AWS::Logs::LogGroup AWS::XRay::Trace --sink-identifier SINK_ARN`.
//! - **CloudFormation**: `AWS::Oam::Sink` with a `Policy` conditioned on `aws:PrincipalOrgID`; `AWS::Oam::Link` with `ResourceTypes` and `SinkIdentifier` in a StackSet deployed to the organization.
//!
//! ## References
//!
//! - Study notes: 000 › Filling the gap › practice exam #1; 001 › ## Amazon CloudWatch & Logging › ### Cross-Account Observability.
//! - AWS: "CloudWatch cross-account observability", "Link monitoring accounts with source accounts" (CloudWatch user guide); Observability Access Manager API reference.
//! - No AWS Config managed rule or Prowler check.

use crate::arn::Arn;
use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::oam::{self, Link, Sink};
use crate::judge::reference::{by_arn, Lookup, Reference};
use crate::judge::regions;
use crate::policy::{Effect, Statement};
use crate::settings::Setting;

/// The monitoring account's sink every account must link to.
static SINK_ARN: Setting<String> = Setting::new(
    "oam_sink_arn",
    "The ARN of the monitoring account's OAM sink (`arn:aws:oam:REGION:ACCOUNT:sink/ID`): the account that owns it must hold it, every other account must link to it. Empty (the default): any sink or link counts.",
    r#""""#,
    sink_arn_or_empty,
);

pub static CHECK: Check = Check {
    id: "cloudwatch-cross-account-observability",
    title: "OAM sink and links share metrics, logs and traces (org-wide)",
    service: "cloudwatch",
    severity: Severity::Low,
    section: "001 › ## Amazon CloudWatch & Logging › ### Cross-Account Observability; 000 › Filling the gap › practice exam #1",
    catalog: "MON-06",
    reads: &[oam::SINKS, oam::SINK_POLICY, oam::LINKS],
    tolerates: &[oam::LINKS],
    settings: &[&SINK_ARN],
    config_rule: None,
    prowler: None,
    source: include_str!("cross_account_observability.rs"),
    run,
};

/// What a link must share.
const SHARED_TYPES: [&str; 3] = [
    "AWS::CloudWatch::Metric",
    "AWS::Logs::LogGroup",
    "AWS::XRay::Trace",
];

/// Condition keys that grant the organization (or part of it).
const ORG_KEYS: [&str; 2] = ["aws:PrincipalOrgID", "aws:PrincipalOrgPaths"];

#[allow(clippy::ptr_arg, reason = "a validator takes &T, here T = String")]
fn sink_arn_or_empty(v: &String) -> Result<(), String> {
    match Arn::parse(v) {
        _ if v.is_empty() => Ok(()),
        Some(a) if a.service == "oam" && a.resource.starts_with("sink/") => Ok(()),
        _ => Err(format!(
            "expected an OAM sink ARN (arn:aws:oam:REGION:ACCOUNT:sink/ID) or \"\", got {v:?}"
        )),
    }
}

fn run(ctx: &Context, em: &mut Emitter) {
    let sink_arn = ctx.setting(&SINK_ARN);
    let oam = ctx.oam();
    for sink in &oam.sinks {
        judge_sink(sink, em);
    }
    let mut v = Verdict::new();
    let pass = match Arn::parse(&sink_arn) {
        Some(sink) if sink.account == ctx.account.account_id => {
            monitoring(ctx, &sink_arn, &oam.sinks, &mut v)
        }
        Some(sink) => source(ctx, &sink_arn, sink.region, &oam.links, &mut v),
        None => any_participation(ctx, &oam.sinks, &oam.links, &mut v),
    };
    v.emit(em, &regions::account_subject(ctx, "oam"), pass);
}

/// The monitoring account: the configured sink is here.
fn monitoring(ctx: &Context, sink_arn: &str, sinks: &[Sink], v: &mut Verdict) -> String {
    let label = format!("monitoring account's sink {sink_arn}");
    let found = by_arn(sinks).get(sink_arn).copied();
    let lookup = Reference::from_arn(label, sink_arn).map_or_else(
        || Lookup::Unknown(format!("{sink_arn} is not an ARN")),
        |r| r.resolve(ctx, found),
    );
    match lookup.or_record(v) {
        Some(sink) => format!("monitoring account: sink {} is here", sink.name),
        None => String::new(),
    }
}

/// A source account: a link to the configured sink, in the sink's region.
fn source(ctx: &Context, sink_arn: &str, region: &str, links: &[Link], v: &mut Verdict) -> String {
    let found = links
        .iter()
        .find(|l| l.sink_arn == sink_arn && l.region == region);
    if found.is_none() {
        if let Some(e) = ctx.unreadable(oam::LINKS, region) {
            v.error_reason(format!("links could not be listed in {region}: {e}"));
            return String::new();
        }
    }
    let label = format!("link to sink {sink_arn}");
    let lookup =
        Reference::regional(label, "oam", region, &ctx.account.account_id).resolve(ctx, found);
    match lookup.or_record(v) {
        Some(link) => shares(link, v),
        None => String::new(),
    }
}

/// No sink configured: any sink or link counts.
fn any_participation(ctx: &Context, sinks: &[Sink], links: &[Link], v: &mut Verdict) -> String {
    if !sinks.is_empty() {
        let names: Vec<String> = sinks
            .iter()
            .map(|s| format!("{} ({})", s.name, s.region))
            .collect();
        return format!("monitoring account: sinks {}", names.join(", "));
    }
    if let Some(link) = links
        .iter()
        .find(|l| missing_types(l).is_empty())
        .or(links.first())
    {
        return shares(link, v);
    }
    let mut blind: Vec<String> = regions::blind(ctx, "oam")
        .into_iter()
        .map(|r| format!("OAM could not be listed in {r}"))
        .collect();
    blind.extend(
        regions::part_unreadable(ctx, oam::LINKS)
            .into_iter()
            .map(|(r, e)| format!("links could not be listed in {r}: {e}")),
    );
    if blind.is_empty() {
        v.fail("no OAM sink or link in any collected region: the account is not part of cross-account observability");
    } else {
        v.error_reason(format!(
            "no OAM sink or link found, and {}",
            blind.join("; ")
        ));
    }
    String::new()
}

/// The types of [`SHARED_TYPES`] the link does not share.
fn missing_types(link: &Link) -> Vec<&'static str> {
    SHARED_TYPES
        .into_iter()
        .filter(|t| !link.resource_types.iter().any(|r| r == t))
        .collect()
}

/// Judges what `link` shares; the PASS reason.
fn shares(link: &Link, v: &mut Verdict) -> String {
    let missing = missing_types(link);
    if !missing.is_empty() {
        v.warn(format!(
            "link {} to sink {} does not share {}",
            link.arn,
            link.sink_arn,
            missing.join(", ")
        ));
    }
    format!(
        "link {} to sink {} shares metrics, log groups and traces",
        link.arn, link.sink_arn
    )
}

fn judge_sink(sink: &Sink, em: &mut Emitter) {
    let policy = match sink.policy.known() {
        Err(e) => return em.error(sink, e),
        Ok(None) => {
            return em.warn(
                sink,
                "the sink has no policy: no source account can link to it",
            )
        }
        Ok(Some(p)) => p,
    };
    let policy = match policy.parse() {
        Ok(p) => p,
        Err(e) => return em.error_reason(sink, format!("sink policy could not be parsed: {e}")),
    };
    let mut v = Verdict::new();
    for s in policy
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
    {
        judge_statement(s, &mut v);
    }
    v.emit(
        em,
        sink,
        "the sink policy lets the organization link, so new accounts are onboarded",
    );
}

fn judge_statement(s: &Statement, v: &mut Verdict) {
    let org = ORG_KEYS.iter().any(|k| s.conditions_on(k).next().is_some());
    if org {
        return;
    }
    let everyone = s.principal.as_ref().is_some_and(|p| p.is_all());
    let accounts = s.granted_accounts(&["aws:PrincipalAccount"]);
    if everyone && accounts.is_empty() && !s.scoped_to_accounts() {
        v.fail(format!(
            "sink policy {} lets every AWS account (Principal \"*\") link, with no aws:PrincipalOrgID or aws:PrincipalOrgPaths condition",
            s.label()
        ));
    } else if !accounts.is_empty() {
        let list: Vec<String> = accounts.into_iter().collect();
        v.warn(format!(
            "sink policy {} lists accounts {} instead of aws:PrincipalOrgID or aws:PrincipalOrgPaths: new accounts are not onboarded",
            s.label(),
            list.join(", ")
        ));
    }
}
