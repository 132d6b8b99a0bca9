//! Route 53 (global: every `region` is `global`): hosted zones with the
//! VPCs of private zones and their record sets (routing policy, health
//! check, alias target), health checks, and query logging configurations.

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `ListHostedZones`: hosted zones, public and private.
pub const HOSTED_ZONES: Data = Data::listing("route53");
/// `ListTagsForResources` (10 zones a call): each hosted zone's tags.
pub const ZONE_TAGS: Data = Data::part("route53", "hosted_zones.tags");
/// `GetHostedZone`, for each private zone: the VPCs it is associated with.
pub const ZONE_VPCS: Data = Data::part("route53", "hosted_zones.vpcs");
/// `ListResourceRecordSets`: each zone's record sets.
pub const RECORD_SETS: Data = Data::part("route53", "hosted_zones.record_sets");
/// `ListHealthChecks`: health checks and their configuration.
pub const HEALTH_CHECKS: Data = Data::part("route53", "health_checks");
/// `ListQueryLoggingConfigs`: the public zones' query logging configurations.
pub const QUERY_LOGGING: Data = Data::part("route53", "query_logging_configs");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    HOSTED_ZONES,
    ZONE_TAGS,
    ZONE_VPCS,
    RECORD_SETS,
    HEALTH_CHECKS,
    QUERY_LOGGING,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route53 {
    #[serde(default)]
    pub hosted_zones: Vec<HostedZone>,
    #[serde(default)]
    pub health_checks: Vec<HealthCheck>,
    #[serde(default)]
    pub query_logging_configs: Vec<QueryLoggingConfig>,
}
merge!(Route53 {
    hosted_zones,
    health_checks,
    query_logging_configs
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostedZone {
    /// `arn:aws:route53:::hostedzone/ID`.
    pub arn: String,
    /// Always `global`.
    pub region: String,
    pub account_id: String,
    /// The zone id without its `/hostedzone/` prefix (`Z0123456789ABC`).
    pub id: String,
    /// The domain, with its trailing dot (`example.com.`).
    pub name: String,
    pub private: bool,
    #[serde(default)]
    pub record_count: i64,
    /// `GetHostedZone`: the VPCs a private zone answers in; absent for a
    /// public zone (no call is made).
    #[serde(default)]
    pub vpcs: Collected<Vec<ZoneVpc>>,
    /// `ListResourceRecordSets`: every record set of the zone; absent =
    /// the zone was deleted since it was listed.
    #[serde(default)]
    pub record_sets: Collected<Vec<RecordSet>>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(HostedZone, tags in ZONE_TAGS);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoneVpc {
    /// Looked up in `vpc.vpcs`.
    pub vpc_id: String,
    pub vpc_region: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordSet {
    /// With its trailing dot (`www.example.com.`).
    pub name: String,
    /// `A`, `AAAA`, `CNAME`, `TXT`, …
    #[serde(rename = "type")]
    pub record_type: String,
    /// `simple`, `weighted`, `latency`, `failover`, `geolocation`,
    /// `geoproximity`, `multivalue` or `cidr`: the routing policy the
    /// record's fields set.
    pub routing_policy: String,
    /// Tells apart the records of one name and type under a routing policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_identifier: Option<String>,
    /// A weighted record's weight (0 stops traffic to it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
    /// A failover record's role: `PRIMARY` or `SECONDARY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failover: Option<String>,
    /// A latency record's region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_region: Option<String>,
    /// The health check that decides whether Route 53 answers with the
    /// record, looked up in `health_checks`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_id: Option<String>,
    /// The alias target, for an alias record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias_target: Option<AliasTarget>,
    /// The record's values (addresses, names, text); empty for an alias.
    #[serde(default)]
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AliasTarget {
    /// The target's DNS name: a load balancer's, a distribution's
    /// (`d111111abcdef8.cloudfront.net.`), another record's.
    pub dns_name: String,
    /// The target's hosted zone.
    pub hosted_zone_id: String,
    /// True when Route 53 answers only while the target is healthy.
    pub evaluate_target_health: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthCheck {
    /// `arn:aws:route53:::healthcheck/ID`.
    pub arn: String,
    /// Always `global`.
    pub region: String,
    pub account_id: String,
    pub id: String,
    /// `HTTP`, `HTTPS`, `HTTP_STR_MATCH`, `HTTPS_STR_MATCH`, `TCP`,
    /// `CALCULATED`, `CLOUDWATCH_METRIC` or `RECOVERY_CONTROL`.
    #[serde(rename = "type")]
    pub check_type: String,
    /// The endpoint checked, for an endpoint check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fqdn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_path: Option<String>,
    /// A `CALCULATED` check's children, looked up in `health_checks`.
    #[serde(default)]
    pub child_health_checks: Vec<String>,
    /// A `CLOUDWATCH_METRIC` check's alarm, looked up in `cloudwatch.alarms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm: Option<HealthCheckAlarm>,
    /// True when Route 53 reports the opposite of the check's result.
    #[serde(default)]
    pub inverted: bool,
    /// True when the check is disabled (Route 53 then considers it healthy).
    #[serde(default)]
    pub disabled: bool,
}
resource!(HealthCheck);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthCheckAlarm {
    pub name: String,
    pub region: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryLoggingConfig {
    pub id: String,
    /// The zone whose queries are logged, looked up in `hosted_zones`.
    pub hosted_zone_id: String,
    /// The log group (in us-east-1), looked up in `logs`.
    pub cloudwatch_logs_log_group_arn: String,
}
