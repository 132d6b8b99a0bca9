//! WAF: web ACLs logging to buckets, log groups and Firehose streams (or
//! not), and WAF Classic ACLs.

use super::firehose::WafStreams;
use super::fixture::{absent, de, denied, uuid, val};
use super::gen::Gen;
use super::kinds::{Generator, Kind};
use super::logs::WafLogGroups;
use super::s3::Buckets;
use super::{ACCOUNT, REGIONS};
use serde_json::json;

const WEB_ACLS: Kind = Kind::scaled("wafv2.web_acls", 12);

pub const GENERATOR: Generator = Generator {
    kinds: &[WEB_ACLS, Kind::fixed("wafv2.classic_web_acls")],
    generate: |g, n| wafv2(g, n[WEB_ACLS]),
};

/// Web ACLs logging to prefixed buckets, log groups and Firehose
/// streams (some unprefixed, missing, in another region or unlistable),
/// not logging, unreadable, Security Lake scoped, filtered to nothing or
/// with no destination; and two WAF Classic ACLs.
fn wafv2(g: &mut Gen, n: usize) {
    let mut waf = awscheck_checks::inventory::wafv2::Wafv2::default();
    for i in 0..n {
        let cloudfront = g.rng.chance(10);
        let r = if cloudfront { 0 } else { g.region() };
        let region = REGIONS[r];
        let scope = if cloudfront { "CLOUDFRONT" } else { "REGIONAL" };
        let name = format!("acl-{i:05}");
        let id = uuid(i, 0xac1);
        let destination = match g.rng.pct() {
            0..=34 if !g.made.of::<Buckets>().waf.is_empty() => {
                format!("arn:aws:s3:::{}", g.rng.pick(&g.made.of::<Buckets>().waf))
            }
            35..=64 => {
                let same: Vec<&(usize, String)> =
                    g.made.of::<WafLogGroups>().0.iter().filter(|(at, _)| *at == r).collect();
                if same.is_empty() {
                    format!(
                        "arn:aws:logs:{region}:{ACCOUNT}:log-group:aws-waf-logs-missing-{i}"
                    )
                } else {
                    format!(
                        "arn:aws:logs:{region}:{ACCOUNT}:log-group:{}",
                        g.rng.pick(&same).1
                    )
                }
            }
            65..=84 if !g.made.of::<WafStreams>().0.is_empty() => {
                let (s, stream) = g.rng.pick(&g.made.of::<WafStreams>().0).clone();
                format!(
                    "arn:aws:firehose:{}:{ACCOUNT}:deliverystream/{stream}",
                    REGIONS[s]
                )
            }
            85..=89 => format!("arn:aws:s3:::app-{:06}-{region}", i),
            90..=94 => {
                format!("arn:aws:logs:{region}:{ACCOUNT}:log-group:aws-waf-logs-gone-{i}:*")
            }
            _ => format!(
                "arn:aws:logs:{}:{ACCOUNT}:log-group:aws-waf-logs-elsewhere",
                REGIONS[(r + 1) % REGIONS.len()]
            ),
        };
        let logging = match g.rng.pct() {
            0..=69 => val(
                json!({"log_destination_configs": [destination], "redacted_fields": ["authorization"],
                                  "managed_by_firewall_manager": g.rng.chance(5)}),
            ),
            70..=79 => absent(),
            80..=84 => denied("GetLoggingConfiguration"),
            85..=89 => val(
                json!({"log_destination_configs": ["arn:aws:s3:::aws-security-data-lake-us-east-1"], "log_scope": "SECURITY_LAKE"}),
            ),
            90..=94 => val(json!({"log_destination_configs": [destination],
                "logging_filter": {"default_behavior": "DROP", "filters": [{"behavior": "DROP", "requirement": "MEETS_ANY"}]}})),
            _ => val(json!({"log_destination_configs": []})),
        };
        let tags = g.env_tags();
        let definition = definition(g);
        let resources = match (cloudfront, g.rng.pct()) {
            (true, _) => absent(),
            (false, 0..=69) => val(json!([format!(
                "arn:aws:elasticloadbalancing:{region}:{ACCOUNT}:loadbalancer/app/alb-{i:05}/{id}"
            )])),
            (false, 70..=79) => val(json!([format!(
                "arn:aws:apigateway:{region}::/restapis/api{i:05}/stages/prod"
            )])),
            (false, 80..=94) => val(json!([])),
            _ => denied("ListResourcesForWebACL"),
        };
        waf.web_acls.push(de(json!({
            "arn": format!("arn:aws:wafv2:{region}:{ACCOUNT}:{}/webacl/{name}/{id}", if cloudfront { "global" } else { "regional" }),
            "region": region, "account_id": ACCOUNT, "name": name, "id": id, "scope": scope,
            "logging": logging, "definition": definition, "resources": resources, "tags": tags
        })));
    }
    for (k, region) in ["us-east-1", "eu-west-1"].iter().enumerate() {
        waf.classic_web_acls.push(de(json!({
            "arn": format!("arn:aws:waf-regional:{region}:{ACCOUNT}:webacl/classic-{k}"),
            "region": region, "account_id": ACCOUNT, "name": format!("classic-{k}"), "id": format!("classic-{k}")
        })));
    }
    g.acct.wafv2 = Some(waf);
}

/// A web ACL's rules: the managed baseline, IP reputation and a rate-based
/// rule; or with its groups counting, missing some, none at all, or
/// unreadable.
fn definition(g: &mut Gen) -> serde_json::Value {
    let group = |name: &str, over: &str| {
        json!({"name": name, "priority": 1, "override_action": over,
               "statement": {"kind": "ManagedRuleGroup", "managed_rule_group": {"vendor_name": "AWS", "name": name}}})
    };
    let rate = json!({"name": "per-ip", "priority": 9, "action": "BLOCK", "statement": {"kind": "RateBased"}});
    let rules = match g.rng.pct() {
        0..=59 => json!([group("AWSManagedRulesCommonRuleSet", "NONE"),
                         group("AWSManagedRulesAmazonIpReputationList", "NONE"), rate]),
        60..=69 => json!([group("AWSManagedRulesCommonRuleSet", "COUNT")]),
        70..=79 => json!([group("AWSManagedRulesKnownBadInputsRuleSet", "NONE")]),
        80..=89 => json!([]),
        _ => return denied("GetWebACL"),
    };
    val(json!({"default_action": "ALLOW", "rules": rules}))
}
