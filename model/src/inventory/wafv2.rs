//! WAFv2: web ACLs (REGIONAL per region, CLOUDFRONT in us-east-1) with
//! their logging configuration, and WAF Classic web ACLs.

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListWebACLs` (regional and CloudFront scopes), and WAF Classic web ACLs in fixtures.
pub const WEB_ACLS: Data = Data::listing("wafv2");
/// `GetLoggingConfiguration`: each web ACL's logging.
pub const WEB_ACL_LOGGING: Data = Data::part("wafv2", "web_acls.logging");
/// `ListTagsForResource`: each web ACL's tags.
pub const WEB_ACL_TAGS: Data = Data::part("wafv2", "web_acls.tags");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[WEB_ACLS, WEB_ACL_LOGGING, WEB_ACL_TAGS];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wafv2 {
    #[serde(default)]
    pub web_acls: Vec<WebAcl>,
    /// WAF Classic (`waf`/`waf-regional`) web ACLs, listed only.
    #[serde(default)]
    pub classic_web_acls: Vec<ClassicWebAcl>,
}
merge!(Wafv2 {
    web_acls,
    classic_web_acls
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
    #[serde(default)]
    pub tags: Tags,
}
resource!(WebAcl, tags);

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
