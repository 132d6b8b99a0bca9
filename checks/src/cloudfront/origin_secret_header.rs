//! ## What it checks
//!
//! Each CloudFront distribution (`cloudfront:ListDistributions`) with an
//! origin that is an Application Load Balancer: the origin's `DomainName`
//! is the load balancer's DNS name (`elasticloadbalancing:DescribeLoadBalancers`,
//! `DNSName`, also with the `dualstack.` prefix), or a name a Route 53
//! alias record of the account points at it (`route53:ListResourceRecordSets`).
//! For each such origin:
//!
//! - FAIL: the origin sends no custom header (`CustomHeaders`);
//! - FAIL: the load balancer has no web ACL (`wafv2:ListResourcesForWebACL`),
//!   or its web ACL (`wafv2:GetWebACL`) does not block requests lacking one
//!   of the origin's headers. Two patterns count as blocking: a `Block`
//!   rule whose statement is `NotStatement{ByteMatchStatement{FieldToMatch.SingleHeader.Name=<header>, PositionalConstraint=EXACTLY}}`;
//!   or `DefaultAction=Block` with an `Allow` rule matching the header (a
//!   byte match on it, alone or inside an `AndStatement`);
//! - Advisory (FAIL at low), adjacent: those two fail, but every inbound
//!   rule of the load balancer's security groups (`ec2:DescribeSecurityGroupRules`)
//!   admits only the managed prefix list
//!   `com.amazonaws.global.cloudfront.origin-facing`: direct calls are
//!   refused, but any distribution, another account's too, can reach it;
//! - Advisory (FAIL at low): the headers are enforced but no Secrets
//!   Manager secret tagged `cloudfront-origin-header=<distribution id>`
//!   has rotation on (`secretsmanager:ListSecrets`): the shared value
//!   never changes.
//!
//! One finding per distribution: PASS when every load-balancer origin
//! passes; SKIP when no origin is a load balancer. ERROR when what could
//! change the verdict could not be read: the web ACL's rules, a web ACL's
//! associations in the load balancer's region, a hosted zone's record sets
//! whose name covers the origin's domain, or the secrets of a region (a
//! rotating secret may be there). Security groups whose rules could not be
//! read leave a FAIL standing, with a note: they could only soften it to
//! the advisory. Header values are never shown: they are redacted
//! when read (name and hash only), and reasons name the headers only.
//!
//! ## Why it matters
//!
//! A web ACL on CloudFront filters nothing for whoever calls the load
//! balancer directly: its DNS name is public. The notes' architecture has
//! CloudFront add a custom header, the ALB's web ACL block requests
//! without it, and Secrets Manager rotate the value with a Lambda function
//! (notes 000 › Security and Compliance › "AWS web application firewall
//! (WAF)").
//!
//! ## How to fix
//!
//! - **Console**: CloudFront › the distribution › Origins › Edit › Add header (`X-Origin-Verify`, a random value); WAF & Shield › the ALB's web ACL › Add my own rules › If a request *doesn't match* the statement: Header `x-origin-verify` exactly matches the value › Action Block; Secrets Manager › Store a new secret tagged `cloudfront-origin-header=<distribution id>` with rotation by a Lambda function that updates both.
//! - **CLI**: `aws cloudfront update-distribution --id ID --if-match ETAG --distribution-config file://config.json` (with `Origins.Items[].CustomHeaders`); `aws wafv2 update-web-acl ...` with a `Block` rule on `NotStatement.ByteMatchStatement` (`SingleHeader`, `EXACTLY`); `aws secretsmanager rotate-secret --secret-id ID --rotation-lambda-arn ARN --rotation-rules AutomaticallyAfterDays=30`.
//! - **CloudFormation**: `AWS::CloudFront::Distribution` `Origins[].OriginCustomHeaders`; `AWS::WAFv2::WebACL` with the `NotStatement` rule and an `AWS::WAFv2::WebACLAssociation` to the load balancer; `AWS::SecretsManager::Secret` with the tag and `AWS::SecretsManager::RotationSchedule`. Alternatively, the load balancer's `AWS::EC2::SecurityGroupIngress` from `SourcePrefixListId` of `com.amazonaws.global.cloudfront.origin-facing` only.
//!
//! ## References
//!
//! - Study notes: 000 › Security and Compliance › "AWS web application firewall (WAF)" (solution architecture: CloudFront adds a custom header, WAF on the ALB filters on it, Secrets Manager rotates the value).
//! - AWS: CloudFront developer guide, "Restricting access to Application Load Balancers" and "Adding custom headers to origin requests"; AWS Solutions, "Enhance origin security with CloudFront and AWS WAF (rotating the origin header with Secrets Manager)"; VPC user guide, "AWS-managed prefix lists".
//! - AWS Config managed rule: none; Prowler: none.

use crate::collected::CollectError;
use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::cloudfront::{self, Distribution, Origin};
use crate::inventory::elbv2::{self, LoadBalancer};
use crate::inventory::route53::{self, HostedZone};
use crate::inventory::secretsmanager;
use crate::inventory::vpc;
use crate::inventory::wafv2::{self, WafRule, WafStatement, WebAclDefinition};
use crate::judge::regions;
use crate::wafv2::{Association, Associations};
use std::collections::{HashMap, HashSet};

pub static CHECK: Check = Check {
    id: "cloudfront-origin-secret-header",
    title: "The ALB origin accepts only CloudFront requests carrying a rotated secret header",
    service: "cloudfront",
    severity: Severity::Medium,
    section: "000 › Security and Compliance › \"AWS web application firewall (WAF)\"",
    catalog: "SEC-17",
    reads: &[
        cloudfront::DISTRIBUTIONS,
        cloudfront::DISTRIBUTION_TAGS,
        elbv2::LOAD_BALANCERS,
        route53::HOSTED_ZONES,
        route53::RECORD_SETS,
        wafv2::WEB_ACLS,
        wafv2::WEB_ACL_RULES,
        wafv2::WEB_ACL_RESOURCES,
        secretsmanager::SECRETS,
        vpc::VPCS,
        vpc::SECURITY_GROUPS,
        vpc::SECURITY_GROUP_RULES,
        vpc::PREFIX_LISTS,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: None,
    prowler: None,
    source: include_str!("origin_secret_header.rs"),
    run,
};

/// The tag naming the distribution whose origin header a secret holds.
const SECRET_TAG: &str = "cloudfront-origin-header";
/// The AWS-managed prefix list of CloudFront's origin-facing addresses.
const ORIGIN_FACING: &str = "com.amazonaws.global.cloudfront.origin-facing";

/// What the account's other sections say, indexed once.
struct Lookups<'a> {
    /// Application load balancers by DNS name (lower-case, no trailing dot).
    albs: HashMap<String, &'a LoadBalancer>,
    /// Alias records by name: the DNS names they point at (several for
    /// weighted or latency records).
    aliases: HashMap<String, Vec<String>>,
    /// Hosted zones whose record sets could not be read.
    unread_zones: Vec<(&'a HostedZone, &'a CollectError)>,
    associations: Associations<'a>,
    /// Distribution ids a rotating secret is tagged with.
    rotated: HashSet<&'a str>,
    /// Security groups by (region, id).
    groups: HashMap<(&'a str, &'a str), &'a vpc::SecurityGroup>,
    /// Prefix lists by (region, id).
    prefix_lists: HashMap<(&'a str, &'a str), &'a vpc::PrefixList>,
    /// Web ACL definitions by ARN.
    definitions: HashMap<&'a str, &'a wafv2::WebAcl>,
}

/// A DNS name as compared: lower-case, without the trailing dot or the
/// `dualstack.` prefix of a load balancer's alias.
fn host(name: &str) -> String {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name.strip_prefix("dualstack.")
        .map(str::to_string)
        .unwrap_or(name)
}

impl<'a> Lookups<'a> {
    fn new(ctx: &'a Context) -> Self {
        let net = ctx.vpc();
        let mut aliases = HashMap::new();
        let mut unread_zones = Vec::new();
        for zone in &ctx.route53().hosted_zones {
            match zone.record_sets.known() {
                Ok(sets) => {
                    for r in sets.into_iter().flatten() {
                        if let Some(a) = &r.alias_target {
                            aliases
                                .entry(host(&r.name))
                                .or_insert_with(Vec::new)
                                .push(host(&a.dns_name));
                        }
                    }
                }
                Err(e) => unread_zones.push((zone, e)),
            }
        }
        Lookups {
            albs: ctx
                .elbv2()
                .load_balancers
                .iter()
                .filter(|lb| lb.lb_type.eq_ignore_ascii_case("application"))
                .filter_map(|lb| Some((host(lb.dns_name.as_deref()?), lb)))
                .collect(),
            aliases,
            unread_zones,
            associations: Associations::new(&ctx.wafv2().web_acls),
            rotated: ctx
                .secretsmanager()
                .secrets
                .iter()
                .filter(|s| s.rotation_enabled)
                .filter_map(|s| s.tags.get(SECRET_TAG).map(String::as_str))
                .collect(),
            groups: net
                .security_groups
                .iter()
                .map(|g| ((g.region.as_str(), g.id.as_str()), g))
                .collect(),
            prefix_lists: net
                .prefix_lists
                .iter()
                .map(|p| ((p.region.as_str(), p.id.as_str()), p))
                .collect(),
            definitions: ctx
                .wafv2()
                .web_acls
                .iter()
                .map(|a| (a.arn.as_str(), a))
                .collect(),
        }
    }

    /// The load balancers an origin domain names, directly or through
    /// alias records; `Err` when a hosted zone that could hold the name
    /// could not be read.
    fn albs_of(&self, domain: &str) -> Result<Vec<&'a LoadBalancer>, String> {
        let domain = host(domain);
        if let Some(lb) = self.albs.get(&domain) {
            return Ok(vec![lb]);
        }
        if let Some(targets) = self.aliases.get(&domain) {
            return Ok(targets
                .iter()
                .filter_map(|t| self.albs.get(t).copied())
                .collect());
        }
        match self.unread_zones.iter().find(|(z, _)| {
            let zone = host(&z.name);
            domain == zone || domain.ends_with(&format!(".{zone}"))
        }) {
            Some((z, e)) => Err(format!(
                "could not tell whether origin {domain} is an alias to a load balancer: the record sets of hosted zone {} could not be read: {e}",
                z.name
            )),
            None => Ok(Vec::new()),
        }
    }
}

fn run(ctx: &Context, em: &mut Emitter) {
    let lookups = Lookups::new(ctx);
    let blind_secrets: Vec<&str> = regions::blind(ctx, "secretsmanager");
    for d in &ctx.cloudfront().distributions {
        judge(d, &lookups, &blind_secrets, em);
    }
}

fn judge(d: &Distribution, lookups: &Lookups, blind_secrets: &[&str], em: &mut Emitter) {
    let mut v = Verdict::new();
    let mut judged = Vec::new();
    let mut headers = false;
    for origin in &d.origins {
        match lookups.albs_of(&origin.domain_name) {
            Ok(albs) => {
                for lb in albs {
                    headers |= !origin.custom_headers.is_empty();
                    judged.push(lb.name.as_str());
                    judge_origin(origin, lb, lookups, &mut v);
                }
            }
            Err(why) => v.error_reason(why),
        }
    }
    if judged.is_empty() && v.is_clean() {
        return em.skip(
            d,
            format!(
                "distribution {} has no Application Load Balancer origin",
                d.id
            ),
        );
    }
    if headers && !lookups.rotated.contains(d.id.as_str()) {
        if blind_secrets.is_empty() {
            v.warn(format!(
                "no secret tagged {SECRET_TAG}={} has rotation on: the header value never changes",
                d.id
            ));
        } else {
            v.error_reason(format!(
                "no rotating secret tagged {SECRET_TAG}={} is known; Secrets Manager could not be listed in {}",
                d.id,
                blind_secrets.join(", ")
            ));
        }
    }
    v.emit(
        em,
        d,
        format!(
            "load balancer origin(s) {} accept only requests carrying CloudFront's secret header, enforced by their web ACL and rotated",
            judged.join(", ")
        ),
    );
}

fn judge_origin(origin: &Origin, lb: &LoadBalancer, lookups: &Lookups, v: &mut Verdict) {
    let label = format!("origin {} (load balancer {})", origin.id, lb.name);
    let names: Vec<&str> = origin
        .custom_headers
        .iter()
        .map(|h| h.name.as_str())
        .collect();
    let mut gaps = Vec::new();
    if names.is_empty() {
        gaps.push(format!("{label} sends no custom header"));
    }
    match lookups.associations.of(&lb.arn, &lb.account_id, &lb.region) {
        Association::Unknown(why) => return v.error_reason(format!("{label}: {why}")),
        Association::None => gaps.push(format!("load balancer {} has no web ACL", lb.name)),
        Association::By(acl) => {
            let definition = lookups
                .definitions
                .get(acl.arn.as_str())
                .map(|a| a.definition.known());
            match definition {
                Some(Err(e)) => return v.error(e),
                Some(Ok(Some(def))) => {
                    if !names.is_empty() && !names.iter().any(|h| blocks_without(def, h)) {
                        gaps.push(format!(
                            "web ACL {} of load balancer {} does not block requests lacking header {}",
                            acl.name,
                            lb.name,
                            names.join(" or ")
                        ));
                    }
                }
                _ => gaps.push(format!(
                    "web ACL {} of load balancer {} was deleted since it was listed",
                    acl.name, lb.name
                )),
            }
        }
    }
    if gaps.is_empty() {
        return;
    }
    match cloudfront_only(lb, lookups) {
        Ok(true) => v.warn(format!(
            "{}; its security groups admit only {ORIGIN_FACING}, so direct calls are refused, but any distribution can reach it",
            gaps.join("; ")
        )),
        Ok(false) => {
            for gap in gaps {
                v.fail(gap);
            }
        }
        Err(why) => {
            for gap in gaps {
                v.fail(gap);
            }
            v.note(why);
        }
    }
}

/// True when the web ACL blocks requests that lack `header`: a `Block`
/// rule on `Not(ByteMatch header EXACTLY)`, or default `Block` with an
/// `Allow` rule matching the header.
fn blocks_without(def: &WebAclDefinition, header: &str) -> bool {
    let action_is = |r: &WafRule, a: &str| {
        r.action
            .as_deref()
            .is_some_and(|x| x.eq_ignore_ascii_case(a))
    };
    let rules = || def.rules.iter();
    let not_header = rules().any(|r| {
        action_is(r, "BLOCK")
            && r.statement.kind == "Not"
            && r.statement
                .statements
                .first()
                .is_some_and(|s| matches_header(s, header, true))
    });
    let default_block = def.default_action.eq_ignore_ascii_case("BLOCK")
        && rules().any(|r| {
            action_is(r, "ALLOW")
                && (matches_header(&r.statement, header, false)
                    || r.statement.kind == "And"
                        && r.statement
                            .statements
                            .iter()
                            .any(|s| matches_header(s, header, false)))
        });
    not_header || default_block
}

/// A byte match on `header` (exactly, when `exact`).
fn matches_header(s: &WafStatement, header: &str, exact: bool) -> bool {
    s.header_match.as_ref().is_some_and(|m| {
        m.header.eq_ignore_ascii_case(header)
            && (!exact || m.positional_constraint.eq_ignore_ascii_case("EXACTLY"))
    })
}

/// Whether every inbound rule of the load balancer's security groups
/// admits only CloudFront's origin-facing prefix list. `Err` says what
/// could not be read (the verdict then stands as FAIL, with a note).
fn cloudfront_only(lb: &LoadBalancer, lookups: &Lookups) -> Result<bool, String> {
    if lb.security_groups.is_empty() {
        return Ok(false);
    }
    for id in &lb.security_groups {
        let Some(group) = lookups.groups.get(&(lb.region.as_str(), id.as_str())) else {
            return Err(format!(
                "security group {id} of load balancer {} is not in the inventory: the prefix-list alternative could not be judged",
                lb.name
            ));
        };
        let rules = match group.rules.known() {
            Ok(rules) => rules.map(Vec::as_slice).unwrap_or_default(),
            Err(e) => {
                return Err(format!(
                    "the rules of security group {id} could not be read ({e}): the prefix-list alternative could not be judged"
                ))
            }
        };
        let only = rules.iter().filter(|r| !r.is_egress).all(|r| {
            r.cidr_ipv4.is_none()
                && r.cidr_ipv6.is_none()
                && r.referenced_group_id.is_none()
                && r.prefix_list_id.as_deref().is_some_and(|pl| {
                    lookups
                        .prefix_lists
                        .get(&(lb.region.as_str(), pl))
                        .is_some_and(|p| p.name == ORIGIN_FACING)
                })
        });
        if !only {
            return Ok(false);
        }
    }
    Ok(true)
}
