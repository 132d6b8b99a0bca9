//! WAFv2: web ACLs (REGIONAL per region, CLOUDFRONT in us-east-1) with
//! their logging configuration, and WAF Classic web ACLs.

use super::{resource, Collected, Tags};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wafv2 {
    #[serde(default)]
    pub web_acls: Vec<WebAcl>,
    /// WAF Classic (`waf`/`waf-regional`) web ACLs, listed only.
    #[serde(default)]
    pub classic_web_acls: Vec<ClassicWebAcl>,
}

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
    /// `GetLoggingConfiguration`; absent = `WAFNonexistentItemException`.
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
