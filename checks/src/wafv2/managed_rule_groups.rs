//! ## What it checks
//!
//! Each web ACL that protects something (`wafv2:ListWebACLs`,
//! `wafv2:GetWebACL`, and its associations: `wafv2:ListResourcesForWebACL`
//! for a regional web ACL, the distributions naming it for a `CLOUDFRONT`
//! one) enforces rules: the AWS managed baseline and IP-reputation rule
//! groups, a rate-based rule where it faces the internet, and nothing left
//! in count-only mode. The rule groups Firewall Manager adds before and
//! after the web ACL's own rules (`PreProcessFirewallManagerRuleGroups`,
//! `PostProcessFirewallManagerRuleGroups`) count as its rules.
//!
//! - FAIL: the web ACL has no rule at all; or its default action is
//!   `Allow` and no rule can block (every rule counts, or is a rule group
//!   whose override is `Count`).
//! - Advisory (FAIL at low):
//!   - no baseline group: neither `AWSManagedRulesCommonRuleSet` nor
//!     `AWSManagedRulesKnownBadInputsRuleSet`;
//!   - no `AWSManagedRulesAmazonIpReputationList`;
//!   - a managed rule group whose `OverrideAction` is `Count`, or all of
//!     whose rules are overridden to `Count` (`RuleActionOverrides` or the
//!     older `ExcludedRules`; known for the three groups above only: a
//!     rule AWS adds later is not overridden, so that case stays quiet);
//!   - an internet-facing web ACL without a `RateBasedStatement` (at any
//!     depth). Internet-facing: a `CLOUDFRONT` web ACL, or one associated
//!     with an internet-facing load balancer, a REST API stage whose API is
//!     not `PRIVATE`, or an AppSync API.
//! - PASS: none of the above.
//! - SKIP: the web ACL is associated with nothing (an unattached web ACL
//!   protects nothing; whether the resources that need one have one is
//!   `waf-webacl-associated`).
//! - ERROR: the web ACL's definition or its associations could not be read.
//!
//! ## Why it matters
//!
//! A web ACL is only as good as its rules: an empty one, or one whose
//! managed groups were switched to count while tuning and never switched
//! back, lets SQL injection, cross-site scripting, known bad inputs and
//! floods through while the console shows the resource as protected. The
//! notes list the building blocks: SQLi/XSS and geo match, rate-based rules,
//! the managed baseline, IP reputation and bot control groups, and the
//! actions allow, block, count and CAPTCHA (notes 000 › ## Security and
//! Compliance › - AWS web application firewall (WAF)).
//!
//! ## How to fix
//!
//! Add the AWS managed groups with override `None`, a rate-based rule, and
//! take groups out of count mode once tuned (override single noisy rules to
//! `Count` instead of the whole group).
//!
//! - **Console**: WAF & Shield › Web ACLs › the web ACL › Rules › Add rules › Add managed rule groups › AWS managed rule groups: Core rule set, Known bad inputs, Amazon IP reputation list; Add my own rules › Rate-based rule; for a group in count mode: Edit › Override rule group action: off.
//! - **CLI**: `aws wafv2 get-web-acl --scope REGIONAL --name NAME --id ID` (note the `LockToken`), then `aws wafv2 update-web-acl --scope REGIONAL --name NAME --id ID --lock-token TOKEN --default-action Allow={} --rules file://rules.json --visibility-config ...` with `"OverrideAction": {"None": {}}` on each managed group and a `RateBasedStatement` rule.
//! - **CloudFormation**: `AWS::WAFv2::WebACL` `Rules` with `ManagedRuleGroupStatement` (`VendorName: AWS`, `Name: AWSManagedRulesCommonRuleSet`, …) and `OverrideAction: {None: {}}`, and a rule with `RateBasedStatement` (`Limit`, `AggregateKeyType: IP`) and `Action: {Block: {}}`.
//!
//! ## References
//!
//! - Study notes: 000 › ## Security and Compliance › - AWS web application firewall (WAF) (rules, managed rule groups, rate-based rules, actions).
//! - AWS: WAF developer guide, "AWS Managed Rules rule groups list" (baseline and IP reputation groups), "Rate-based rule statement", "Overriding rule group actions"; Firewall Manager developer guide, "AWS WAF policies" (first and last rule groups).
//! - AWS Config managed rules `wafv2-webacl-not-empty`, `wafv2-rulegroup-not-empty`; Prowler `wafv2_webacl_with_rules`.

use crate::arn::Arn;
use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::apigateway::{self, ApiGateway};
use crate::inventory::cloudfront;
use crate::inventory::elbv2::{self, Elbv2};
use crate::inventory::wafv2::{self, ManagedRuleGroup, WafRule, WafStatement, WebAcl};
use std::collections::HashSet;

pub static CHECK: Check = Check {
    id: "waf-managed-rule-groups",
    title: "Associated web ACLs enforce baseline, IP-reputation and rate-based rules",
    service: "wafv2",
    severity: Severity::Medium,
    section: "000 › Security and Compliance › \"AWS web application firewall (WAF)\"",
    catalog: "SEC-13",
    reads: &[
        wafv2::WEB_ACLS,
        wafv2::WEB_ACL_RULES,
        wafv2::WEB_ACL_RESOURCES,
        cloudfront::DISTRIBUTIONS,
        elbv2::LOAD_BALANCERS,
        apigateway::APIS,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: Some("wafv2-webacl-not-empty"),
    prowler: Some("wafv2_webacl_with_rules"),
    source: include_str!("managed_rule_groups.rs"),
    run,
};

/// The baseline groups: either one will do.
const BASELINE: &[&str] = &[COMMON, KNOWN_BAD_INPUTS];
const COMMON: &str = "AWSManagedRulesCommonRuleSet";
const KNOWN_BAD_INPUTS: &str = "AWSManagedRulesKnownBadInputsRuleSet";
const IP_REPUTATION: &str = "AWSManagedRulesAmazonIpReputationList";

/// The rules of the groups above, as the AWS Managed Rules list documents
/// them: when every one is overridden to `Count`, the group only counts.
const KNOWN_RULES: &[(&str, &[&str])] = &[
    (
        COMMON,
        &[
            "NoUserAgent_HEADER",
            "UserAgent_BadBots_HEADER",
            "SizeRestrictions_QUERYSTRING",
            "SizeRestrictions_Cookie_HEADER",
            "SizeRestrictions_BODY",
            "SizeRestrictions_URIPATH",
            "EC2MetaDataSSRF_BODY",
            "EC2MetaDataSSRF_COOKIE",
            "EC2MetaDataSSRF_URIPATH",
            "EC2MetaDataSSRF_QUERYARGUMENTS",
            "GenericLFI_QUERYARGUMENTS",
            "GenericLFI_URIPATH",
            "GenericLFI_BODY",
            "RestrictedExtensions_URIPATH",
            "RestrictedExtensions_QUERYARGUMENTS",
            "GenericRFI_QUERYARGUMENTS",
            "GenericRFI_BODY",
            "GenericRFI_URIPATH",
            "CrossSiteScripting_COOKIE",
            "CrossSiteScripting_QUERYARGUMENTS",
            "CrossSiteScripting_BODY",
            "CrossSiteScripting_URIPATH",
        ],
    ),
    (
        KNOWN_BAD_INPUTS,
        &[
            "JavaDeserializationRCE_HEADER",
            "JavaDeserializationRCE_BODY",
            "JavaDeserializationRCE_URIPATH",
            "JavaDeserializationRCE_QUERYSTRING",
            "Host_localhost_HEADER",
            "PROPFIND_METHOD",
            "ExploitablePaths_URIPATH",
            "Log4JRCE_HEADER",
            "Log4JRCE_QUERYSTRING",
            "Log4JRCE_BODY",
            "Log4JRCE_URIPATH",
        ],
    ),
    (
        IP_REPUTATION,
        &[
            "AWSManagedIPReputationList",
            "AWSManagedReconnaissanceList",
            "AWSManagedIPDDoSList",
        ],
    ),
];

fn run(ctx: &Context, em: &mut Emitter) {
    let distributions = &ctx.cloudfront().distributions;
    let public = Public::new(ctx.elbv2(), ctx.apigateway());
    for acl in &ctx.wafv2().web_acls {
        let protected: Vec<&str> = if acl.scope.eq_ignore_ascii_case("CLOUDFRONT") {
            distributions
                .iter()
                .filter(|d| d.web_acl_id.as_deref() == Some(acl.arn.as_str()))
                .map(|d| d.arn.as_str())
                .collect()
        } else {
            match acl.resources.known() {
                Err(e) => {
                    em.error(acl, e);
                    continue;
                }
                Ok(listed) => listed
                    .map(|l| l.iter().map(String::as_str).collect())
                    .unwrap_or_default(),
            }
        };
        if protected.is_empty() {
            em.skip(
                acl,
                format!(
                    "web ACL {} is not associated with any resource (judged by waf-webacl-associated)",
                    acl.name
                ),
            );
            continue;
        }
        let exposed = acl.scope.eq_ignore_ascii_case("CLOUDFRONT")
            || protected.iter().any(|r| public.reaches(r));
        judge(acl, protected.len(), exposed, em);
    }
}

fn judge(acl: &WebAcl, protected: usize, exposed: bool, em: &mut Emitter) {
    let def = match acl.definition.known() {
        Err(e) => return em.error(acl, e),
        Ok(None) => {
            return em.skip(
                acl,
                format!("web ACL {} was deleted since it was listed", acl.name),
            )
        }
        Ok(Some(def)) => def,
    };
    let rules: Vec<&WafRule> = def
        .firewall_manager_rules
        .iter()
        .chain(&def.rules)
        .collect();
    let label = format!("web ACL {}", acl.name);
    if rules.is_empty() {
        return em.fail(
            acl,
            format!(
                "{label} has no rules: it filters nothing (default action {})",
                def.default_action
            ),
        );
    }
    let mut v = Verdict::new();
    if def.default_action.eq_ignore_ascii_case("ALLOW") && !rules.iter().any(|r| can_block(r)) {
        v.fail(format!(
            "{label} allows by default and none of its {} rule(s) can block",
            rules.len()
        ));
    }
    let groups: Vec<&ManagedRuleGroup> = rules
        .iter()
        .filter_map(|r| r.statement.managed_rule_group.as_ref())
        .filter(|g| g.vendor_name == "AWS")
        .collect();
    if !groups.iter().any(|g| BASELINE.contains(&g.name.as_str())) {
        v.warn(format!(
            "no baseline rule group ({COMMON} or {KNOWN_BAD_INPUTS})"
        ));
    }
    if !groups.iter().any(|g| g.name == IP_REPUTATION) {
        v.warn(format!("no {IP_REPUTATION}"));
    }
    for r in &rules {
        if let Some(count) = counts_only(r) {
            v.warn(count);
        }
    }
    if exposed && !rules.iter().any(|r| has_rate_based(&r.statement)) {
        v.warn("internet-facing, but no rate-based rule");
    }
    v.emit(
        em,
        acl,
        format!(
            "{label} (protecting {protected} resource(s)) enforces {} rule(s), with the baseline and IP-reputation groups{}",
            rules.len(),
            if exposed { " and a rate-based rule" } else { "" }
        ),
    );
}

/// True when the rule can block a request: its own action is `BLOCK`, or
/// it is a rule group not overridden to `Count` (a managed group with every
/// known rule overridden to `Count` cannot).
fn can_block(rule: &WafRule) -> bool {
    match rule.override_action.as_deref() {
        Some(o) if o.eq_ignore_ascii_case("COUNT") => false,
        Some(_) => rule
            .statement
            .managed_rule_group
            .as_ref()
            .is_none_or(|g| !all_rules_count(g)),
        None => rule
            .action
            .as_deref()
            .is_some_and(|a| a.eq_ignore_ascii_case("BLOCK")),
    }
}

/// Why a managed rule group only counts, if it does.
fn counts_only(rule: &WafRule) -> Option<String> {
    let group = rule.statement.managed_rule_group.as_ref()?;
    if rule
        .override_action
        .as_deref()
        .is_some_and(|o| o.eq_ignore_ascii_case("COUNT"))
    {
        return Some(format!(
            "managed rule group {} only counts (OverrideAction Count)",
            group.name
        ));
    }
    all_rules_count(group).then(|| {
        format!(
            "every rule of managed rule group {} is overridden to Count",
            group.name
        )
    })
}

/// True when every documented rule of a known group is overridden to `Count`.
fn all_rules_count(group: &ManagedRuleGroup) -> bool {
    let Some((_, known)) = KNOWN_RULES.iter().find(|(name, _)| *name == group.name) else {
        return false;
    };
    known.iter().all(|rule| {
        group.excluded_rules.iter().any(|e| e == rule)
            || group
                .rule_action_overrides
                .iter()
                .any(|o| o.name == *rule && o.action.eq_ignore_ascii_case("COUNT"))
    })
}

fn has_rate_based(s: &WafStatement) -> bool {
    s.kind == "RateBased" || s.statements.iter().any(has_rate_based)
}

/// The load balancers and REST APIs reachable from the internet, indexed
/// once per run: an internet-facing load balancer, a REST API that is not
/// `PRIVATE`.
struct Public<'a> {
    load_balancers: HashSet<&'a str>,
    /// (API id, region) of each public REST API.
    rest_apis: HashSet<(&'a str, &'a str)>,
}

impl<'a> Public<'a> {
    fn new(elb: &'a Elbv2, apis: &'a ApiGateway) -> Public<'a> {
        let load_balancers = elb
            .load_balancers
            .iter()
            .filter(|lb| {
                lb.scheme
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case("internet-facing"))
            })
            .map(|lb| lb.arn.as_str())
            .collect();
        let rest_apis = apis
            .rest_apis
            .iter()
            .filter(|api| {
                !api.endpoint_types
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case("PRIVATE"))
            })
            .map(|api| (api.id.as_str(), api.region.as_str()))
            .collect();
        Public {
            load_balancers,
            rest_apis,
        }
    }

    /// True when the associated resource `arn` is reachable from the
    /// internet: a public load balancer or stage of a public REST API, or
    /// an AppSync API. A resource not in the inventory is not counted.
    fn reaches(&self, arn: &str) -> bool {
        let Some(a) = Arn::parse(arn) else {
            return false;
        };
        match a.service {
            "elasticloadbalancing" => self.load_balancers.contains(arn),
            "apigateway" => a
                .resource
                .strip_prefix("/restapis/")
                .and_then(|r| r.split('/').next())
                .is_some_and(|id| self.rest_apis.contains(&(id, a.region))),
            "appsync" => true,
            _ => false,
        }
    }
}
