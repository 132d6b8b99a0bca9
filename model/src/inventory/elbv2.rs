//! Elastic Load Balancing v2, per region: application, network and gateway
//! load balancers with their attributes and listeners, and target groups
//! with their health checks and targets.

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// What checks can read of the section, one per call (see crate::data).
/// `DescribeLoadBalancers`: load balancers, their type, scheme, zones, subnets and security groups.
pub const LOAD_BALANCERS: Data = Data::listing("elbv2");
/// `DescribeTags` (20 load balancers a call): each load balancer's tags.
pub const LOAD_BALANCER_TAGS: Data = Data::part("elbv2", "load_balancers.tags");
/// `DescribeLoadBalancerAttributes`: each load balancer's attributes (access logs, deletion protection, cross-zone, …).
pub const ATTRIBUTES: Data = Data::part("elbv2", "load_balancers.attributes");
/// `DescribeListeners`: each load balancer's listeners and their default actions.
pub const LISTENERS: Data = Data::part("elbv2", "load_balancers.listeners");
/// `DescribeTargetGroups`: target groups, their health check settings and the load balancers they serve.
pub const TARGET_GROUPS: Data = Data::part("elbv2", "target_groups");
/// `DescribeTargetHealth`: each target group's targets, their zone and health.
pub const TARGET_HEALTH: Data = Data::part("elbv2", "target_groups.targets");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    LOAD_BALANCERS,
    LOAD_BALANCER_TAGS,
    ATTRIBUTES,
    LISTENERS,
    TARGET_GROUPS,
    TARGET_HEALTH,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Elbv2 {
    #[serde(default)]
    pub load_balancers: Vec<LoadBalancer>,
    #[serde(default)]
    pub target_groups: Vec<TargetGroup>,
}
merge!(Elbv2 {
    load_balancers,
    target_groups
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancer {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// `application`, `network` or `gateway`.
    #[serde(rename = "type")]
    pub lb_type: String,
    /// `internet-facing` or `internal` (absent for a gateway load balancer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    /// The DNS name clients (and CloudFront origins, Route 53 aliases) use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_name: Option<String>,
    /// The Route 53 hosted zone of the DNS name (for alias records).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical_hosted_zone_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    /// `provisioning`, `active`, `active_impaired` or `failed`.
    pub state: String,
    /// The zones the load balancer is enabled in, each with its subnet.
    #[serde(default)]
    pub availability_zones: Vec<LoadBalancerZone>,
    /// Security group ids (application load balancers, and network load
    /// balancers created with groups), looked up in `vpc.security_groups`.
    #[serde(default)]
    pub security_groups: Vec<String>,
    /// `ipv4`, `dualstack` or `dualstack-without-public-ipv4`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address_type: Option<String>,
    /// `DescribeLoadBalancerAttributes`, key → value as the API gives them:
    /// `access_logs.s3.enabled` (`true`/`false`), `access_logs.s3.bucket`,
    /// `access_logs.s3.prefix`, `deletion_protection.enabled`,
    /// `load_balancing.cross_zone.enabled`,
    /// `routing.http.drop_invalid_header_fields.enabled`,
    /// `waf.fail_open.enabled`, `connection_logs.s3.enabled`, …; absent =
    /// the load balancer was deleted since it was listed.
    #[serde(default)]
    pub attributes: Collected<BTreeMap<String, String>>,
    /// `DescribeListeners`; absent = the load balancer was deleted since it
    /// was listed.
    #[serde(default)]
    pub listeners: Collected<Vec<Listener>>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(LoadBalancer, tags in LOAD_BALANCER_TAGS);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancerZone {
    /// `us-east-1a`.
    pub zone_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Listener {
    pub arn: String,
    /// `HTTP`, `HTTPS`, `TCP`, `TLS`, `UDP`, `TCP_UDP`, `GENEVE`; absent for
    /// a gateway load balancer's listener.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    /// The TLS security policy of an `HTTPS` or `TLS` listener.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssl_policy: Option<String>,
    /// What the listener does with a request no rule matches.
    #[serde(default)]
    pub default_actions: Vec<ListenerAction>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListenerAction {
    /// `forward`, `redirect`, `fixed-response`, `authenticate-oidc`,
    /// `authenticate-cognito`.
    #[serde(rename = "type")]
    pub action_type: String,
    /// The target groups a `forward` action sends to, looked up in `target_groups`.
    #[serde(default)]
    pub target_group_arns: Vec<String>,
    /// The protocol a `redirect` action redirects to (`HTTPS`, `#{protocol}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_protocol: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetGroup {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// `instance`, `ip`, `lambda` or `alb`.
    pub target_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    /// The load balancers that route to the group, looked up in `load_balancers`.
    #[serde(default)]
    pub load_balancer_arns: Vec<String>,
    pub health_check: HealthCheck,
    /// `DescribeTargetHealth`: the registered targets (an empty list: none);
    /// absent = the group was deleted since it was listed.
    #[serde(default)]
    pub targets: Collected<Vec<Target>>,
}
resource!(TargetGroup);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthCheck {
    /// False when health checks are turned off (only possible for `lambda`
    /// and some `ip` groups).
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// `traffic-port` or a port number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthy_threshold: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unhealthy_threshold: Option<i64>,
    /// The HTTP codes (`200-399`) or gRPC codes that count as healthy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matcher: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// An instance id, an IP address, a Lambda function ARN or an ALB ARN.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    /// The zone an IP target was registered in (`all` for an IP outside
    /// the VPC); absent for instance targets, whose zone is their subnet's
    /// (`ec2.instances` → `vpc.subnets`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
    /// `initial`, `healthy`, `unhealthy`, `unhealthy.draining`, `unused`,
    /// `draining` or `unavailable`.
    pub state: String,
    /// Why, when not healthy: `Target.FailedHealthChecks`,
    /// `Target.NotInUse`, `Target.NotRegistered`, `Elb.InitialHealthChecking`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}
