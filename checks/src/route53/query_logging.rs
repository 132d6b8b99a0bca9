//! ## What it checks
//!
//! **Public hosted zones** log their DNS queries: a Route 53 query logging
//! configuration sends them to a CloudWatch Logs log group, which must be
//! in us-east-1 and whose region's CloudWatch Logs resource policies must
//! let `route53.amazonaws.com` write to it (`logs:PutLogEvents`).
//!
//! - PASS: every configuration of the zone delivers to such a group.
//! - FAIL: no query logging configuration; the log group does not exist,
//!   is outside us-east-1, or no resource policy lets Route 53 write to it.
//! - ERROR: the log group or the resource policies could not be read.
//!
//! **VPCs that private hosted zones answer in** log their queries through
//! Route 53 Resolver: advisory (FAIL at low) when the VPC has no active
//! Resolver query logging association (none, or one that failed or needs
//! action). A private zone whose VPCs could not be read is ERROR. VPCs
//! with no private zone are not judged.
//!
//! ## Why it matters
//!
//! DNS queries are an early trace of malware, exfiltration and
//! misrouting: which names were resolved, from where, with what answer.
//! Without query logs there is no DNS forensic trail. The notes list the
//! Route 53 DNS log among the CloudWatch Logs sources (notes 000 ›
//! Monitoring and Logging › "cloudwatch-logs"; "all kinds of logs":
//! Route 53 access logs → CloudWatch Logs).
//!
//! ## How to fix
//!
//! - **Console**: Route 53 › Hosted zones › the zone › Configure query
//!   logging, choose (or create) a log group in us-east-1 and grant
//!   permission. For VPCs: Route 53 › Resolver › Query logging › Configure
//!   query logging, add the VPCs.
//! - **CLI**: `aws logs put-resource-policy --region us-east-1 --policy-name route53-query-logging --policy-document '{"Statement":[{"Effect":"Allow","Principal":{"Service":"route53.amazonaws.com"},"Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"arn:aws:logs:us-east-1:ACCOUNT:log-group:/aws/route53/*"}]}'`,
//!   then `aws route53 create-query-logging-config --hosted-zone-id Z… --cloud-watch-logs-log-group-arn arn:aws:logs:us-east-1:ACCOUNT:log-group:/aws/route53/ZONE`;
//!   `aws route53resolver create-resolver-query-log-config` and
//!   `associate-resolver-query-log-config --resource-id vpc-…`.
//! - **CloudFormation**: `QueryLoggingConfig` of the
//!   `AWS::Route53::HostedZone`, an `AWS::Logs::ResourcePolicy`;
//!   `AWS::Route53Resolver::ResolverQueryLoggingConfig` and
//!   `…ResolverQueryLoggingConfigAssociation`.
//!
//! ## References
//!
//! - Study notes: 000 › Monitoring and Logging › "cloudwatch-logs";
//!   "all kinds of logs".
//! - AWS: "Public DNS query logging" and "Resolver query logging" in the
//!   Route 53 developer guide.
//! - AWS Config managed rule `route53-query-logging-enabled` (us-east-1,
//!   public zones only); Prowler
//!   `route53_public_hosted_zones_cloudwatch_logging_enabled`.

use crate::collected::CollectError;
use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::logs::LogGroup;
use crate::inventory::route53::{HostedZone, QueryLoggingConfig};
use crate::inventory::route53resolver::QueryLogConfigAssociation;
use crate::inventory::vpc::Vpc;
use crate::inventory::{logs, route53, route53resolver, vpc, GLOBAL};
use crate::judge::reference::{self, ByPlace};
use crate::judge::service_grant::{grant, Grant, Source};
use crate::policy::Policy;
use std::collections::{BTreeSet, HashMap};

pub static CHECK: Check = Check {
    id: "route53-query-logging",
    title: "Public zones have query logging; VPCs with private zones have Resolver query logging",
    service: "route53",
    severity: Severity::Low,
    section: "000 › Monitoring and Logging › \"cloudwatch-logs\"; \"all kinds of logs\"",
    catalog: "MON-12",
    reads: &[
        route53::HOSTED_ZONES,
        route53::ZONE_TAGS,
        route53::ZONE_VPCS,
        route53::QUERY_LOGGING,
        logs::LOG_GROUPS,
        logs::RESOURCE_POLICIES,
        route53resolver::QUERY_LOG_CONFIGS,
        route53resolver::QUERY_LOG_ASSOCIATIONS,
        vpc::VPCS,
    ],
    tolerates: &[logs::RESOURCE_POLICIES],
    settings: &[],
    config_rule: Some("route53-query-logging-enabled"),
    prowler: Some("route53_public_hosted_zones_cloudwatch_logging_enabled"),
    source: include_str!("query_logging.rs"),
    run,
};

/// The only region Route 53 writes public query logs to.
const LOG_REGION: &str = "us-east-1";
const ROUTE53: &str = "route53.amazonaws.com";

fn run(ctx: &Context, em: &mut Emitter) {
    let zones = ctx.route53();
    let groups = reference::log_groups(&ctx.logs().log_groups);
    let mut policies: HashMap<(&str, &str), Vec<Policy>> = HashMap::new();
    for p in &ctx.logs().resource_policies {
        if let Ok(parsed) = p.document.parse() {
            policies
                .entry((p.account_id.as_str(), p.region.as_str()))
                .or_default()
                .push(parsed);
        }
    }
    let mut configs: HashMap<&str, Vec<&QueryLoggingConfig>> = HashMap::new();
    for c in &zones.query_logging_configs {
        configs
            .entry(c.hosted_zone_id.as_str())
            .or_default()
            .push(c);
    }
    // (VPC region, VPC id) → the private zones answering in it.
    let mut private: HashMap<(&str, &str), BTreeSet<&str>> = HashMap::new();
    let zones_blind = ctx.blind("route53", GLOBAL);
    for zone in &zones.hosted_zones {
        if zones_blind {
            break; // the engine reported it
        }
        if zone.private {
            match zone.vpcs.known() {
                Err(e) => em.error(zone, e),
                Ok(vpcs) => {
                    for v in vpcs.into_iter().flatten() {
                        private
                            .entry((v.vpc_region.as_str(), v.vpc_id.as_str()))
                            .or_default()
                            .insert(zone.name.as_str());
                    }
                }
            }
            continue;
        }
        let found = configs
            .get(zone.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        judge_public(ctx, zone, found, &groups, &policies, em);
    }
    let mut associations: HashMap<(&str, &str), Vec<&QueryLogConfigAssociation>> = HashMap::new();
    for a in &ctx.route53resolver().query_log_config_associations {
        associations
            .entry((a.region.as_str(), a.resource_id.as_str()))
            .or_default()
            .push(a);
    }
    for v in &ctx.vpc().vpcs {
        let key = (v.region.as_str(), v.id.as_str());
        let Some(names) = private.get(&key) else {
            continue;
        };
        if ctx.blind("route53resolver", &v.region) {
            continue; // the engine reported the region
        }
        judge_vpc(
            v,
            names,
            associations.get(&key).map(Vec::as_slice).unwrap_or(&[]),
            em,
        );
    }
}

fn judge_public(
    ctx: &Context,
    zone: &HostedZone,
    configs: &[&QueryLoggingConfig],
    groups: &ByPlace<LogGroup>,
    policies: &HashMap<(&str, &str), Vec<Policy>>,
    em: &mut Emitter,
) {
    if configs.is_empty() {
        return em.fail(zone, "public zone without query logging");
    }
    let mut v = Verdict::new();
    let mut names = Vec::new();
    for c in configs {
        let arn = c.cloudwatch_logs_log_group_arn.as_str();
        let Some(group) = reference::log_group(ctx, groups, arn).or_record(&mut v) else {
            continue;
        };
        names.push(group.name.as_str());
        if group.region != LOG_REGION {
            v.fail(format!(
                "log group {} is in {}: Route 53 writes query logs only to {LOG_REGION}",
                group.name, group.region
            ));
            continue;
        }
        let unread = ctx.unreadable(logs::RESOURCE_POLICIES, &group.region);
        let found = policies
            .get(&(group.account_id.as_str(), group.region.as_str()))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        writable(zone, group, found, unread, &mut v);
    }
    v.emit(
        em,
        zone,
        format!("queries logged to log group {}", names.join(", ")),
    );
}

/// Whether a resource policy of the group's region lets Route 53 write to it.
fn writable(
    zone: &HostedZone,
    group: &LogGroup,
    policies: &[Policy],
    unread: Option<&CollectError>,
    v: &mut Verdict,
) {
    let stream = format!("{}:log-stream:{}", group.arn, zone.id);
    let source = Source {
        arn: &zone.arn,
        account: &zone.account_id,
    };
    let allowed = policies.iter().any(|p| {
        matches!(
            grant(p, ROUTE53, "logs:PutLogEvents", &stream, source),
            Grant::Scoped | Grant::Unscoped
        )
    });
    match (allowed, unread) {
        (true, _) => {}
        (false, Some(e)) => v.error_reason(format!(
            "the CloudWatch Logs resource policies of {} could not be read: {e}",
            group.region
        )),
        (false, None) => v.fail(format!(
            "no CloudWatch Logs resource policy in {} lets {ROUTE53} write to log group {}",
            group.region, group.name
        )),
    }
}

fn judge_vpc(
    v: &Vpc,
    zones: &BTreeSet<&str>,
    associations: &[&QueryLogConfigAssociation],
    em: &mut Emitter,
) {
    let zones: Vec<&str> = zones.iter().copied().collect();
    let zones = crate::engine::name_list(&zones);
    if let Some(a) = associations
        .iter()
        .find(|a| a.status.eq_ignore_ascii_case("ACTIVE"))
    {
        return em.pass(
            v,
            format!(
                "Resolver query logging through {} (private zones {zones})",
                a.resolver_query_log_config_id
            ),
        );
    }
    let why = match associations.first() {
        Some(a) => format!(
            "its Resolver query logging association {} is {}{}",
            a.id,
            a.status,
            a.error
                .as_deref()
                .map(|e| format!(" ({e})"))
                .unwrap_or_default()
        ),
        None => "it has no Resolver query logging association".to_string(),
    };
    em.warn(v, format!("answers private zones {zones}, but {why}"));
}
