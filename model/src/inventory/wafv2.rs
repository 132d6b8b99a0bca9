//! WAFv2: web ACLs (REGIONAL per region, CLOUDFRONT in us-east-1) with
//! their rules, the resources they protect and their logging
//! configuration, and WAF Classic web ACLs.

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use crate::secret::Secret;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListWebACLs` (regional and CloudFront scopes).
pub const WEB_ACLS: Data = Data::listing("wafv2");
/// WAF Classic `ListWebACLs`: `waf` (global, for CloudFront; called in
/// us-east-1) and `waf-regional` (per region): the Classic web ACLs, and
/// where WAF Classic no longer answers.
pub const CLASSIC_WEB_ACLS: Data =
    Data::part("wafv2", "classic_web_acls").and("classic_unavailable");
/// `GetLoggingConfiguration`: each web ACL's logging.
pub const WEB_ACL_LOGGING: Data = Data::part("wafv2", "web_acls.logging");
/// `ListTagsForResource`: each web ACL's tags.
pub const WEB_ACL_TAGS: Data = Data::part("wafv2", "web_acls.tags");
/// `GetWebACL`: each web ACL's default action and rules, with the rule
/// groups Firewall Manager runs first and last.
pub const WEB_ACL_RULES: Data = Data::part("wafv2", "web_acls.definition");
/// `ListResourcesForWebACL` (regional web ACLs, once per resource type:
/// load balancers, API Gateway stages, AppSync APIs): the resources each
/// web ACL is associated with.
pub const WEB_ACL_RESOURCES: Data = Data::part("wafv2", "web_acls.resources");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    WEB_ACLS,
    WEB_ACL_LOGGING,
    WEB_ACL_TAGS,
    WEB_ACL_RULES,
    WEB_ACL_RESOURCES,
    CLASSIC_WEB_ACLS,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wafv2 {
    #[serde(default)]
    pub web_acls: Vec<WebAcl>,
    /// WAF Classic (`waf`/`waf-regional`) web ACLs, listed only.
    #[serde(default)]
    pub classic_web_acls: Vec<ClassicWebAcl>,
    /// Where WAF Classic no longer answers (its end of support): its web
    /// ACLs, if any, cannot be listed there.
    #[serde(default)]
    pub classic_unavailable: Vec<ClassicUnavailable>,
}
merge!(Wafv2 {
    web_acls,
    classic_web_acls,
    classic_unavailable
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebAcl {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    pub id: String,
    /// `REGIONAL` or `CLOUDFRONT`.
    pub scope: String,
    /// `GetLoggingConfiguration`; absent = `WAFNonexistentItemException`
    /// (no logging configuration).
    #[serde(default)]
    pub logging: Collected<LoggingConfiguration>,
    /// `GetWebACL`; absent = `WAFNonexistentItemException` (deleted since
    /// it was listed).
    #[serde(default)]
    pub definition: Collected<WebAclDefinition>,
    /// `ListResourcesForWebACL` for `APPLICATION_LOAD_BALANCER`,
    /// `API_GATEWAY` and `APPSYNC`: the ARNs of the resources the web ACL
    /// is associated with (load balancers, API Gateway stages
    /// `arn:aws:apigateway:<region>::/restapis/<id>/stages/<stage>`,
    /// AppSync APIs); absent for a `CLOUDFRONT` web ACL, whose
    /// distributions name it instead.
    #[serde(default)]
    pub resources: Collected<Vec<String>>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(WebAcl, tags in WEB_ACL_TAGS);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebAclDefinition {
    /// `ALLOW` or `BLOCK`: what happens to a request no rule terminates.
    pub default_action: String,
    /// The web ACL's own rules.
    #[serde(default)]
    pub rules: Vec<WafRule>,
    /// The rule groups Firewall Manager adds (`PreProcessFirewallManagerRuleGroups`
    /// and `PostProcessFirewallManagerRuleGroups`), with their phase.
    #[serde(default)]
    pub firewall_manager_rules: Vec<WafRule>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WafRule {
    pub name: String,
    #[serde(default)]
    pub priority: i64,
    /// The action of a rule with its own statement: `ALLOW`, `BLOCK`,
    /// `COUNT`, `CAPTCHA` or `CHALLENGE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// The override of a rule-group rule: `NONE` (the group's own actions
    /// apply) or `COUNT` (every rule of the group only counts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_action: Option<String>,
    pub statement: WafStatement,
    /// `PRE_PROCESS` or `POST_PROCESS` for a Firewall Manager rule group;
    /// absent for the web ACL's own rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firewall_manager_phase: Option<String>,
}

/// A rule's statement, reduced to what checks ask of it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WafStatement {
    /// The statement type without `Statement`: `ManagedRuleGroup`,
    /// `RuleGroupReference`, `RateBased`, `ByteMatch`, `Not`, `And`, `Or`,
    /// `GeoMatch`, `IPSetReference`, `SqliMatch`, `XssMatch`, `LabelMatch`, …
    pub kind: String,
    /// For `ManagedRuleGroup`: the group and its rule overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_rule_group: Option<ManagedRuleGroup>,
    /// For `RuleGroupReference`: the rule group's ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_group_arn: Option<String>,
    /// For `ByteMatch` on a single header: the header and how it matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_match: Option<HeaderMatch>,
    /// The nested statements: one for `Not`, several for `And` and `Or`,
    /// the scope-down statement of `RateBased` and `ManagedRuleGroup`.
    #[serde(default)]
    pub statements: Vec<WafStatement>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManagedRuleGroup {
    /// `AWS` for the AWS managed rule groups.
    pub vendor_name: String,
    /// `AWSManagedRulesCommonRuleSet`, `AWSManagedRulesAmazonIpReputationList`, …
    pub name: String,
    /// `RuleActionOverrides`: rules of the group whose action is replaced.
    #[serde(default)]
    pub rule_action_overrides: Vec<RuleActionOverride>,
    /// `ExcludedRules` (the older form of a Count override).
    #[serde(default)]
    pub excluded_rules: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleActionOverride {
    /// The rule of the group.
    pub name: String,
    /// `ALLOW`, `BLOCK`, `COUNT`, `CAPTCHA` or `CHALLENGE`.
    pub action: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderMatch {
    /// The header's name, lower-case.
    pub header: String,
    /// `EXACTLY`, `STARTS_WITH`, `ENDS_WITH`, `CONTAINS` or `CONTAINS_WORD`.
    pub positional_constraint: String,
    /// The value matched: a shared secret when CloudFront sends it to
    /// its origin, so redacted on load.
    pub search_string: Secret,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoggingConfiguration {
    /// Destination ARNs (S3 bucket, log group or Firehose stream); WAF allows one.
    pub log_destination_configs: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logging_filter: Option<LoggingFilter>,
    /// Set when Firewall Manager manages the configuration.
    #[serde(default)]
    pub managed_by_firewall_manager: bool,
    /// `CUSTOMER` or `SECURITY_LAKE` (and newer scopes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_scope: Option<String>,
    /// Header names (lower-case) and other redacted field descriptions.
    #[serde(default)]
    pub redacted_fields: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoggingFilter {
    /// `KEEP` or `DROP`.
    pub default_behavior: String,
    #[serde(default)]
    pub filters: Vec<LogFilter>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogFilter {
    /// `KEEP` or `DROP`.
    pub behavior: String,
    /// `MEETS_ALL` or `MEETS_ANY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirement: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassicWebAcl {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    pub id: String,
}
resource!(ClassicWebAcl);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassicUnavailable {
    /// The region the API was called in (`waf`: us-east-1).
    pub region: String,
    /// `waf` (global, for CloudFront) or `waf-regional`.
    pub api: String,
    /// The refusal's error code (`UnknownOperationException`,
    /// `AccessDeniedException`, `ConnectionError` for an endpoint that does
    /// not resolve, …).
    pub code: String,
    /// Its message.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}
