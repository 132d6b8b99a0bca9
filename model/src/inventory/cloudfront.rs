//! CloudFront (global: every `region` is `global`): distributions with
//! their origins, cache behaviors, web ACL and logging, and the CloudWatch
//! Logs delivery sources of standard logging v2 (in us-east-1). Origin
//! custom header values are secrets (the shared value an origin checks to
//! know a request came through CloudFront): they are redacted at the
//! source, only each header's name and a short hash are kept.

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use crate::secret::NamedSecret;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListDistributions`: distributions, their aliases, origins (custom header values redacted), cache behaviors and web ACL.
pub const DISTRIBUTIONS: Data = Data::listing("cloudfront");
/// `ListTagsForResource`: each distribution's tags.
pub const DISTRIBUTION_TAGS: Data = Data::part("cloudfront", "distributions.tags");
/// `GetDistributionConfig`: each distribution's (legacy) standard logging to S3.
pub const LOGGING: Data = Data::part("cloudfront", "distributions.logging");
/// `logs:DescribeDeliverySources` in us-east-1: the CloudFront delivery sources of standard logging v2.
pub const DELIVERY_SOURCES: Data = Data::part("cloudfront", "delivery_sources");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[DISTRIBUTIONS, DISTRIBUTION_TAGS, LOGGING, DELIVERY_SOURCES];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudFront {
    #[serde(default)]
    pub distributions: Vec<Distribution>,
    /// CloudWatch Logs delivery sources whose service is `cloudfront`
    /// (standard logging v2 of the distributions they name).
    #[serde(default)]
    pub delivery_sources: Vec<DeliverySource>,
}
merge!(CloudFront {
    distributions,
    delivery_sources
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Distribution {
    /// `arn:aws:cloudfront::ACCOUNT:distribution/ID`.
    pub arn: String,
    /// Always `global`.
    pub region: String,
    pub account_id: String,
    /// `E…`.
    pub id: String,
    /// `d111111abcdef8.cloudfront.net`.
    pub domain_name: String,
    pub enabled: bool,
    /// `Deployed` or `InProgress`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Alternate domain names (CNAMEs).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The associated web ACL: a WAFv2 web ACL ARN (looked up in
    /// `wafv2.web_acls`, scope `CLOUDFRONT`) or a WAF Classic id; absent
    /// when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_acl_id: Option<String>,
    #[serde(default)]
    pub origins: Vec<Origin>,
    /// The default cache behavior's viewer protocol policy: `allow-all`,
    /// `redirect-to-https` or `https-only`.
    pub default_viewer_protocol_policy: String,
    /// The other cache behaviors, by path pattern.
    #[serde(default)]
    pub cache_behaviors: Vec<CacheBehavior>,
    /// `GetDistributionConfig`: the legacy standard logging to S3 (its
    /// `enabled` false when off); absent = the distribution was deleted
    /// since it was listed.
    #[serde(default)]
    pub logging: Collected<DistributionLogging>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Distribution, tags in DISTRIBUTION_TAGS);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Origin {
    pub id: String,
    /// The origin's host: an S3 bucket endpoint, a load balancer's DNS name
    /// (looked up in `elbv2.load_balancers` / `elb.load_balancers`), an API
    /// Gateway domain, a custom host.
    pub domain_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_path: Option<String>,
    /// Headers CloudFront adds to every request to the origin: names, and
    /// values redacted.
    #[serde(default)]
    pub custom_headers: Vec<NamedSecret>,
    /// For a custom origin: `http-only`, `match-viewer` or `https-only`;
    /// absent for an S3 origin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_protocol_policy: Option<String>,
    /// The origin access control of an S3 (or other AWS) origin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_access_control_id: Option<String>,
    /// The legacy origin access identity of an S3 origin
    /// (`origin-access-identity/cloudfront/ID`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_access_identity: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheBehavior {
    pub path_pattern: String,
    /// The origin it sends to, looked up in the distribution's `origins`.
    pub target_origin_id: String,
    /// `allow-all`, `redirect-to-https` or `https-only`.
    pub viewer_protocol_policy: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistributionLogging {
    pub enabled: bool,
    /// `BUCKET.s3.amazonaws.com`, when enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliverySource {
    pub arn: String,
    /// Always `us-east-1`.
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// `ACCESS_LOGS` (and newer log types).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_type: Option<String>,
    /// The distributions whose logs it delivers (distribution ARNs).
    #[serde(default)]
    pub resource_arns: Vec<String>,
}
resource!(DeliverySource);
