//! Classic Load Balancers, per region: their zones, subnets, listeners and
//! registered instances, their attributes (access logs, cross-zone) and the
//! health of their instances.

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};

// What checks can read of the section, one per call (see crate::data).
/// `DescribeLoadBalancers`: Classic Load Balancers, their zones, subnets, listeners, health check and instances.
pub const LOAD_BALANCERS: Data = Data::listing("elb");
/// `DescribeTags` (20 load balancers a call): each load balancer's tags.
pub const LOAD_BALANCER_TAGS: Data = Data::part("elb", "load_balancers.tags");
/// `DescribeLoadBalancerAttributes`: each load balancer's access log, cross-zone and connection draining settings.
pub const ATTRIBUTES: Data = Data::part("elb", "load_balancers.attributes");
/// `DescribeInstanceHealth`: the state of each load balancer's instances.
pub const INSTANCE_HEALTH: Data = Data::part("elb", "load_balancers.instance_health");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    LOAD_BALANCERS,
    LOAD_BALANCER_TAGS,
    ATTRIBUTES,
    INSTANCE_HEALTH,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Elb {
    #[serde(default)]
    pub load_balancers: Vec<ClassicLoadBalancer>,
}
merge!(Elb { load_balancers });

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassicLoadBalancer {
    /// `arn:aws:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/NAME`.
    pub arn: String,
    pub region: String,
    pub account_id: String,
    pub name: String,
    /// `internet-facing` or `internal`.
    pub scheme: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    /// The zones the load balancer is enabled in (`us-east-1a`).
    #[serde(default)]
    pub availability_zones: Vec<String>,
    /// Its subnets (in a VPC), looked up in `vpc.subnets`.
    #[serde(default)]
    pub subnets: Vec<String>,
    /// Looked up in `vpc.security_groups`.
    #[serde(default)]
    pub security_groups: Vec<String>,
    #[serde(default)]
    pub listeners: Vec<ClassicListener>,
    /// The registered instances, looked up in `ec2.instances`.
    #[serde(default)]
    pub instances: Vec<String>,
    /// The health check's target (`HTTP:80/health`, `TCP:443`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_target: Option<String>,
    /// `DescribeLoadBalancerAttributes`; absent = the load balancer was
    /// deleted since it was listed.
    #[serde(default)]
    pub attributes: Collected<ClassicAttributes>,
    /// `DescribeInstanceHealth`: each registered instance's state; absent =
    /// the load balancer was deleted since it was listed.
    #[serde(default)]
    pub instance_health: Collected<Vec<InstanceHealth>>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(ClassicLoadBalancer, tags in LOAD_BALANCER_TAGS);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassicListener {
    /// `HTTP`, `HTTPS`, `TCP` or `SSL`.
    pub protocol: String,
    pub load_balancer_port: i64,
    pub instance_protocol: String,
    pub instance_port: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassicAttributes {
    /// `AccessLog.Enabled`.
    pub access_log_enabled: bool,
    /// `AccessLog.S3BucketName`, looked up in `s3`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_log_bucket: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_log_prefix: Option<String>,
    /// `CrossZoneLoadBalancing.Enabled`.
    pub cross_zone: bool,
    /// `ConnectionDraining.Enabled`.
    pub connection_draining: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceHealth {
    pub instance_id: String,
    /// `InService`, `OutOfService` or `Unknown`.
    pub state: String,
    /// `ELB` or `Instance` (whose side the problem is on), `N/A`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
    /// Why, e.g. `Instance is in stopped state.`, `Instance has failed at least the UnhealthyThreshold number of health checks consecutively.`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}
