//! WAFv2, per region: `ListWebACLs` (scope `REGIONAL`, and `CLOUDFRONT` in
//! us-east-1: when that fails, the listing is unread, blind), then per web
//! ACL, as the selected checks read them, `GetLoggingConfiguration`
//! (`WAFNonexistentItemException` → absent), `ListTagsForResource`,
//! `GetWebACL` (its rules, reduced to what checks ask: `WafStatement`;
//! `WAFNonexistentItemException` → absent) and, for a regional web ACL,
//! `ListResourcesForWebACL` once per resource type a check judges (load
//! balancers, API Gateway stages, AppSync APIs).
//! An S3 log destination is a bucket reference ([`crate::s3::OTHER_BUCKET`]).
//!
//!
//! WAF Classic (`waf`, `waf-regional`) web ACLs: see [`classic`], which
//! tells an API that no longer serves the account from a failure.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_wafv2;

use crate::session::sdk_client;
use crate::{Cx, SdkResult};
use aws_sdk_wafv2::types::{self as sdk, ResourceType, Scope};
use aws_sdk_wafv2::Client;
use awscheck_model::arn::Arn;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::wafv2::{
    self as data, HeaderMatch, LogFilter, LoggingConfiguration, LoggingFilter, ManagedRuleGroup,
    RuleActionOverride, WafRule, WafStatement, Wafv2, WebAcl, WebAclDefinition,
};
use awscheck_model::inventory::Tags;
use awscheck_model::secret::Secret;

mod classic;

crate::registry::operations! {
    sdk "WAFV2", iam "wafv2" {
        LIST_WEB_ACLS = ListWebACLs,
        GET_LOGGING_CONFIGURATION = GetLoggingConfiguration,
        LIST_TAGS_FOR_RESOURCE = ListTagsForResource,
        GET_WEB_ACL = GetWebACL,
        LIST_RESOURCES_FOR_WEB_ACL = ListResourcesForWebACL,
    }
    sdk "WAF", iam "waf" {
        LIST_CLASSIC_WEB_ACLS = ListWebACLs,
    }
    sdk "WAF Regional", iam "waf-regional" {
        LIST_REGIONAL_WEB_ACLS = ListWebACLs,
    }
}

crate::service!(Wafv2);

/// The region whose WAFv2 endpoint serves CloudFront web ACLs.
const CLOUDFRONT_REGION: &str = "us-east-1";

/// Page size of the WAFv2 and WAF Classic List calls (their maximum).
const PAGE: i32 = 100;

async fn collect(cx: &Cx) -> Result<Wafv2, CollectError> {
    let client = sdk_client!(aws_sdk_wafv2, &cx.session, &cx.region);
    let regional = list(cx, &client, Scope::Regional).await?;
    let cloudfront = if cx.region == CLOUDFRONT_REGION {
        list(cx, &client, Scope::Cloudfront)
            .await
            .unwrap_or_else(|e| {
                cx.unread(data::WEB_ACLS, e);
                Vec::new()
            })
    } else {
        Vec::new()
    };
    let all: Vec<(Scope, sdk::WebAclSummary)> = regional
        .into_iter()
        .map(|a| (Scope::Regional, a))
        .chain(cloudfront.into_iter().map(|a| (Scope::Cloudfront, a)))
        .collect();
    let web_acls = cx
        .bounded(all, |(scope, a)| read_acl(cx, &client, scope, a))
        .await;
    let classic = classic::read(cx).await;
    Ok(Wafv2 {
        web_acls,
        classic_web_acls: classic.acls,
        classic_unavailable: classic.unavailable,
    })
}

/// `ListWebACLs` for `scope`, every page.
async fn list(
    cx: &Cx,
    client: &Client,
    scope: Scope,
) -> Result<Vec<sdk::WebAclSummary>, CollectError> {
    let mut out = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let request = client
            .list_web_acls()
            .scope(scope.clone())
            .limit(PAGE)
            .set_next_marker(marker.take())
            .send();
        let page = cx.call(LIST_WEB_ACLS, request).await.ok()?;
        out.extend(page.web_acls().iter().cloned());
        match page.next_marker() {
            Some(m) if !m.is_empty() && !page.web_acls().is_empty() => marker = Some(m.to_string()),
            _ => return Ok(out),
        }
    }
}

async fn read_acl(cx: &Cx, client: &Client, scope: Scope, a: sdk::WebAclSummary) -> WebAcl {
    let arn = a.arn().unwrap_or_default().to_string();
    let (logging, tags, definition, resources) = tokio::join!(
        cx.read_if(data::WEB_ACL_LOGGING, async {
            let request = client.get_logging_configuration().resource_arn(&arn).send();
            cx.call(GET_LOGGING_CONFIGURATION, request)
                .await
                .read(&["WAFNonexistentItemException"], |o| {
                    o.logging_configuration().map(logging_of)
                })
        }),
        cx.read_if(data::WEB_ACL_TAGS, async {
            cx.call(LIST_TAGS_FOR_RESOURCE, tags(client, &arn))
                .await
                .tags(data::WEB_ACL_TAGS, &arn, &[], |tags| tags)
        }),
        cx.read_if(data::WEB_ACL_RULES, async {
            let request = client
                .get_web_acl()
                .name(a.name().unwrap_or_default())
                .id(a.id().unwrap_or_default())
                .scope(scope.clone())
                .send();
            cx.call(GET_WEB_ACL, request)
                .await
                .read(&["WAFNonexistentItemException"], |o| {
                    o.web_acl().map(definition_of)
                })
        }),
        cx.read_if(data::WEB_ACL_RESOURCES, resources(cx, client, &scope, &arn)),
    );
    if let Some(cfg) = logging.value() {
        for dest in &cfg.log_destination_configs {
            if let Some(bucket) = s3_bucket(dest) {
                cx.refer(&crate::s3::OTHER_BUCKET, &cx.region, bucket);
            }
        }
    }
    let parsed = Arn::parse(&arn);
    WebAcl {
        region: parsed
            .as_ref()
            .map_or(cx.region.as_str(), |p| p.region)
            .to_string(),
        account_id: parsed
            .as_ref()
            .map_or(cx.account_id(), |p| p.account)
            .to_string(),
        name: a.name().unwrap_or_default().to_string(),
        id: a.id().unwrap_or_default().to_string(),
        scope: scope.as_str().to_string(),
        logging,
        definition,
        resources,
        tags,
        arn,
    }
}

/// The resource types whose associations checks judge.
const ASSOCIATED_TYPES: [ResourceType; 3] = [
    ResourceType::ApplicationLoadBalancer,
    ResourceType::ApiGateway,
    ResourceType::Appsync,
];

/// `ListResourcesForWebACL` per resource type of a regional web ACL;
/// absent for a CloudFront one (distributions name their web ACL).
async fn resources(cx: &Cx, client: &Client, scope: &Scope, arn: &str) -> Collected<Vec<String>> {
    if *scope == Scope::Cloudfront {
        return Collected::Absent;
    }
    let mut out = Vec::new();
    for kind in ASSOCIATED_TYPES {
        let request = client
            .list_resources_for_web_acl()
            .web_acl_arn(arn)
            .resource_type(kind)
            .send();
        match cx.call(LIST_RESOURCES_FOR_WEB_ACL, request).await.ok() {
            Ok(o) => out.extend(o.resource_arns().iter().cloned()),
            Err(e) => return Collected::Error(e),
        }
    }
    Collected::Value(out)
}

fn definition_of(acl: &sdk::WebAcl) -> WebAclDefinition {
    let default_action = match acl.default_action() {
        Some(d) if d.block().is_some() => "BLOCK",
        _ => "ALLOW",
    };
    let fms = |phase: &str, groups: &[sdk::FirewallManagerRuleGroup]| -> Vec<WafRule> {
        groups
            .iter()
            .map(|g| {
                let s = g.firewall_manager_statement();
                WafRule {
                    name: g.name().to_string(),
                    priority: i64::from(g.priority()),
                    action: None,
                    override_action: g.override_action().map(override_of),
                    statement: match (
                        s.and_then(|s| s.managed_rule_group_statement()),
                        s.and_then(|s| s.rule_group_reference_statement()),
                    ) {
                        (Some(m), _) => managed_of(m),
                        (None, Some(r)) => rule_group_of(r),
                        (None, None) => bare("Unknown"),
                    },
                    firewall_manager_phase: Some(phase.to_string()),
                }
            })
            .collect()
    };
    let mut firewall_manager_rules = fms(
        "PRE_PROCESS",
        acl.pre_process_firewall_manager_rule_groups(),
    );
    firewall_manager_rules.extend(fms(
        "POST_PROCESS",
        acl.post_process_firewall_manager_rule_groups(),
    ));
    WebAclDefinition {
        default_action: default_action.to_string(),
        rules: acl
            .rules()
            .iter()
            .map(|r| WafRule {
                name: r.name().to_string(),
                priority: i64::from(r.priority()),
                action: r.action().map(action_of),
                override_action: r.override_action().map(override_of),
                statement: r.statement().map_or_else(|| bare("Unknown"), statement_of),
                firewall_manager_phase: None,
            })
            .collect(),
        firewall_manager_rules,
    }
}

fn action_of(a: &sdk::RuleAction) -> String {
    let name = if a.block().is_some() {
        "BLOCK"
    } else if a.allow().is_some() {
        "ALLOW"
    } else if a.count().is_some() {
        "COUNT"
    } else if a.captcha().is_some() {
        "CAPTCHA"
    } else if a.challenge().is_some() {
        "CHALLENGE"
    } else {
        "OTHER"
    };
    name.to_string()
}

fn override_of(o: &sdk::OverrideAction) -> String {
    if o.count().is_some() { "COUNT" } else { "NONE" }.to_string()
}

fn bare(kind: &str) -> WafStatement {
    WafStatement {
        kind: kind.to_string(),
        managed_rule_group: None,
        rule_group_arn: None,
        header_match: None,
        statements: Vec::new(),
    }
}

fn managed_of(m: &sdk::ManagedRuleGroupStatement) -> WafStatement {
    WafStatement {
        managed_rule_group: Some(ManagedRuleGroup {
            vendor_name: m.vendor_name().to_string(),
            name: m.name().to_string(),
            rule_action_overrides: m
                .rule_action_overrides()
                .iter()
                .map(|o| RuleActionOverride {
                    name: o.name().to_string(),
                    action: o.action_to_use().map(action_of).unwrap_or_default(),
                })
                .collect(),
            excluded_rules: m
                .excluded_rules()
                .iter()
                .map(|r| r.name().to_string())
                .collect(),
        }),
        statements: m
            .scope_down_statement()
            .map(statement_of)
            .into_iter()
            .collect(),
        ..bare("ManagedRuleGroup")
    }
}

fn rule_group_of(r: &sdk::RuleGroupReferenceStatement) -> WafStatement {
    WafStatement {
        rule_group_arn: Some(r.arn().to_string()),
        ..bare("RuleGroupReference")
    }
}

/// A statement reduced to its kind, what checks ask of it and its nested
/// statements. A byte match's search string is kept only redacted.
fn statement_of(s: &sdk::Statement) -> WafStatement {
    if let Some(m) = s.managed_rule_group_statement() {
        return managed_of(m);
    }
    if let Some(r) = s.rule_group_reference_statement() {
        return rule_group_of(r);
    }
    if let Some(r) = s.rate_based_statement() {
        return WafStatement {
            statements: r
                .scope_down_statement()
                .map(statement_of)
                .into_iter()
                .collect(),
            ..bare("RateBased")
        };
    }
    if let Some(n) = s.not_statement() {
        return WafStatement {
            statements: n.statement().map(statement_of).into_iter().collect(),
            ..bare("Not")
        };
    }
    if let Some(a) = s.and_statement() {
        return WafStatement {
            statements: a.statements().iter().map(statement_of).collect(),
            ..bare("And")
        };
    }
    if let Some(o) = s.or_statement() {
        return WafStatement {
            statements: o.statements().iter().map(statement_of).collect(),
            ..bare("Or")
        };
    }
    if let Some(b) = s.byte_match_statement() {
        return WafStatement {
            header_match: b
                .field_to_match()
                .and_then(|f| f.single_header())
                .map(|h| HeaderMatch {
                    header: h.name().to_ascii_lowercase(),
                    positional_constraint: b.positional_constraint().as_str().to_string(),
                    search_string: Secret::redact(&String::from_utf8_lossy(
                        b.search_string().as_ref(),
                    )),
                }),
            ..bare("ByteMatch")
        };
    }
    let kinds = [
        (s.geo_match_statement().is_some(), "GeoMatch"),
        (s.ip_set_reference_statement().is_some(), "IPSetReference"),
        (s.sqli_match_statement().is_some(), "SqliMatch"),
        (s.xss_match_statement().is_some(), "XssMatch"),
        (s.size_constraint_statement().is_some(), "SizeConstraint"),
        (s.regex_match_statement().is_some(), "RegexMatch"),
        (
            s.regex_pattern_set_reference_statement().is_some(),
            "RegexPatternSetReference",
        ),
        (s.label_match_statement().is_some(), "LabelMatch"),
        (s.asn_match_statement().is_some(), "AsnMatch"),
    ];
    bare(
        kinds
            .iter()
            .find(|(set, _)| *set)
            .map_or("Unknown", |(_, kind)| kind),
    )
}

/// `ListTagsForResource`, every page.
async fn tags(
    client: &Client,
    arn: &str,
) -> SdkResult<Tags, aws_sdk_wafv2::operation::list_tags_for_resource::ListTagsForResourceError> {
    let mut tags = Tags::new();
    let mut marker: Option<String> = None;
    loop {
        let page = client
            .list_tags_for_resource()
            .resource_arn(arn)
            .limit(PAGE)
            .set_next_marker(marker.take())
            .send()
            .await?;
        let list = page
            .tag_info_for_resource()
            .map(|t| t.tag_list())
            .unwrap_or_default();
        tags.extend(
            list.iter()
                .map(|t| (t.key().to_string(), t.value().to_string())),
        );
        match page.next_marker() {
            Some(m) if !m.is_empty() && !list.is_empty() => marker = Some(m.to_string()),
            _ => return Ok(tags),
        }
    }
}

fn logging_of(c: &sdk::LoggingConfiguration) -> LoggingConfiguration {
    LoggingConfiguration {
        log_destination_configs: c.log_destination_configs().to_vec(),
        logging_filter: c.logging_filter().map(|f| LoggingFilter {
            default_behavior: f.default_behavior().as_str().to_string(),
            filters: f
                .filters()
                .iter()
                .map(|x| LogFilter {
                    behavior: x.behavior().as_str().to_string(),
                    requirement: Some(x.requirement().as_str().to_string()),
                })
                .collect(),
        }),
        managed_by_firewall_manager: c.managed_by_firewall_manager(),
        log_scope: c.log_scope().map(|s| s.as_str().to_string()),
        redacted_fields: c.redacted_fields().iter().map(redacted).collect(),
    }
}

/// A redacted field: a header's lower-case name, else what is redacted.
fn redacted(f: &sdk::FieldToMatch) -> String {
    if let Some(h) = f.single_header() {
        return h.name().to_ascii_lowercase();
    }
    let kind = [
        (f.single_query_argument().is_some(), "single query argument"),
        (f.all_query_arguments().is_some(), "all query arguments"),
        (f.uri_path().is_some(), "uri path"),
        (f.query_string().is_some(), "query string"),
        (f.body().is_some(), "body"),
        (f.method().is_some(), "method"),
        (f.json_body().is_some(), "json body"),
        (f.headers().is_some(), "headers"),
        (f.cookies().is_some(), "cookies"),
    ];
    kind.iter()
        .find(|(set, _)| *set)
        .map_or("other field", |(_, name)| name)
        .to_string()
}

/// The bucket of an S3 log destination ARN (`arn:aws:s3:::BUCKET[/PREFIX]`).
fn s3_bucket(arn: &str) -> Option<&str> {
    let rest = arn.split(":s3:::").nth(1)?;
    rest.split('/').next().filter(|b| !b.is_empty())
}
