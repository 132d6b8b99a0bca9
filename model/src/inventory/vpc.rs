//! EC2 networking (the VPC console's resources; the EC2 API), per region:
//! VPCs, subnets, route tables, internet and NAT gateways, security groups
//! with their rules, network interfaces, VPC endpoints, flow logs,
//! managed prefix lists, and site-to-site VPN connections. A section of its own rather than parts of `ec2`:
//! a check of the network reads it without listing instances, and a
//! failed `DescribeInstances` does not blind it.

use super::{merge, resource, Collected, Tags};
use crate::data::Data;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

// What checks can read of the section, one per call (see crate::data).
/// `DescribeVpcs`: VPCs, and which is the region's default VPC.
pub const VPCS: Data = Data::listing("vpc");
/// `DescribeSubnets`: subnets, their zone and whether they give instances public addresses.
pub const SUBNETS: Data = Data::part("vpc", "subnets");
/// `DescribeRouteTables`: route tables, their routes and the subnets (or the VPC, as its main table) they serve.
pub const ROUTE_TABLES: Data = Data::part("vpc", "route_tables");
/// `DescribeInternetGateways`: internet gateways and the VPCs they are attached to.
pub const INTERNET_GATEWAYS: Data = Data::part("vpc", "internet_gateways");
/// `DescribeNatGateways`: NAT gateways, their subnet and state.
pub const NAT_GATEWAYS: Data = Data::part("vpc", "nat_gateways");
/// `DescribeSecurityGroups`: security groups.
pub const SECURITY_GROUPS: Data = Data::part("vpc", "security_groups");
/// `DescribeSecurityGroupRules`: each security group's ingress and egress rules.
pub const SECURITY_GROUP_RULES: Data = Data::part("vpc", "security_groups.rules");
/// `DescribeNetworkInterfaces`: network interfaces, their subnet and security groups (what uses a group, what runs in a VPC).
pub const NETWORK_INTERFACES: Data = Data::part("vpc", "network_interfaces");
/// `DescribeVpcEndpoints`: VPC endpoints, their service, type, subnets, route tables and private DNS.
pub const VPC_ENDPOINTS: Data = Data::part("vpc", "endpoints");
/// `DescribeFlowLogs`: flow logs, the resource each records, its status and destination.
pub const FLOW_LOGS: Data = Data::part("vpc", "flow_logs");
/// `DescribeManagedPrefixLists`: managed prefix lists (the account's, shared ones and AWS's).
pub const PREFIX_LISTS: Data = Data::part("vpc", "prefix_lists");
/// `GetManagedPrefixListEntries`: the CIDR blocks of each prefix list not owned by AWS.
pub const PREFIX_LIST_ENTRIES: Data = Data::part("vpc", "prefix_lists.entries");
/// `DescribeVpnConnections`: site-to-site VPN connections, the gateway
/// each ends on and the status of its tunnels.
pub const VPN_CONNECTIONS: Data = Data::part("vpc", "vpn_connections");
/// Everything the section holds, listing first.
pub const DATA: &[Data] = &[
    VPCS,
    SUBNETS,
    ROUTE_TABLES,
    INTERNET_GATEWAYS,
    NAT_GATEWAYS,
    SECURITY_GROUPS,
    SECURITY_GROUP_RULES,
    NETWORK_INTERFACES,
    VPC_ENDPOINTS,
    FLOW_LOGS,
    PREFIX_LISTS,
    PREFIX_LIST_ENTRIES,
    VPN_CONNECTIONS,
];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Network {
    #[serde(default)]
    pub vpcs: Vec<Vpc>,
    #[serde(default)]
    pub subnets: Vec<Subnet>,
    #[serde(default)]
    pub route_tables: Vec<RouteTable>,
    #[serde(default)]
    pub internet_gateways: Vec<InternetGateway>,
    #[serde(default)]
    pub nat_gateways: Vec<NatGateway>,
    #[serde(default)]
    pub security_groups: Vec<SecurityGroup>,
    #[serde(default)]
    pub network_interfaces: Vec<NetworkInterface>,
    #[serde(default)]
    pub endpoints: Vec<VpcEndpoint>,
    #[serde(default)]
    pub flow_logs: Vec<FlowLog>,
    #[serde(default)]
    pub prefix_lists: Vec<PrefixList>,
    #[serde(default)]
    pub vpn_connections: Vec<VpnConnection>,
}
merge!(Network {
    vpcs,
    subnets,
    route_tables,
    internet_gateways,
    nat_gateways,
    security_groups,
    network_interfaces,
    endpoints,
    flow_logs,
    prefix_lists,
    vpn_connections
});

/// The route table serving each subnet, looked up without a scan:
/// [`Network::route_tables_by_subnet`].
pub struct RouteTableIndex<'a> {
    /// (region, subnet id) → the table explicitly associated with it.
    by_subnet: HashMap<(&'a str, &'a str), &'a RouteTable>,
    /// (region, VPC id) → the VPC's main table.
    main: HashMap<(&'a str, &'a str), &'a RouteTable>,
}

impl Network {
    /// The route tables by the subnets they serve.
    pub fn route_tables_by_subnet(&self) -> RouteTableIndex<'_> {
        let mut index = RouteTableIndex {
            by_subnet: HashMap::new(),
            main: HashMap::new(),
        };
        for rt in &self.route_tables {
            for a in &rt.associations {
                if a.main {
                    index.main.insert((&rt.region, &rt.vpc_id), rt);
                }
                if let Some(s) = a.subnet_id.as_deref() {
                    index.by_subnet.insert((&rt.region, s), rt);
                }
            }
        }
        index
    }
}

impl<'a> RouteTableIndex<'a> {
    /// The subnet's effective route table: its own association, else its
    /// VPC's main table (`None` when neither is in the inventory).
    pub fn of(&self, subnet: &Subnet) -> Option<&'a RouteTable> {
        self.by_subnet
            .get(&(subnet.region.as_str(), subnet.id.as_str()))
            .or_else(|| {
                self.main
                    .get(&(subnet.region.as_str(), subnet.vpc_id.as_str()))
            })
            .copied()
    }
}

impl RouteTable {
    /// The IPv4 default route (`0.0.0.0/0`), if the table has one.
    pub fn default_route(&self) -> Option<&Route> {
        self.routes
            .iter()
            .find(|r| r.destination_cidr_block.as_deref() == Some("0.0.0.0/0"))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vpc {
    pub arn: String,
    pub region: String,
    /// The owner (another account for a VPC shared through RAM).
    pub account_id: String,
    /// `vpc-…`.
    pub id: String,
    /// The primary IPv4 CIDR block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<String>,
    /// The region's default VPC (created by AWS with the account).
    #[serde(default)]
    pub is_default: bool,
    /// `pending` or `available`.
    pub state: String,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Vpc, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subnet {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `subnet-…`.
    pub id: String,
    pub vpc_id: String,
    /// `us-east-1a`.
    pub availability_zone: String,
    /// `use1-az1`: the same physical zone in every account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<String>,
    /// Instances launched here get a public IPv4 address.
    #[serde(default)]
    pub map_public_ip_on_launch: bool,
    /// A default subnet (of the default VPC).
    #[serde(default)]
    pub default_for_az: bool,
    #[serde(default)]
    pub tags: Tags,
}
resource!(Subnet, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteTable {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `rtb-…`.
    pub id: String,
    pub vpc_id: String,
    #[serde(default)]
    pub routes: Vec<Route>,
    /// The subnets (and gateways) it serves; a subnet with no association
    /// of its own uses the VPC's main table.
    #[serde(default)]
    pub associations: Vec<RouteTableAssociation>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(RouteTable, tags);

/// One route. Exactly one destination and (unless the route is a
/// blackhole) one target is set.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// `0.0.0.0/0`, `10.0.0.0/16`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_cidr_block: Option<String>,
    /// `::/0`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_ipv6_cidr_block: Option<String>,
    /// A prefix list destination (`pl-…`), e.g. a gateway endpoint's service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_prefix_list_id: Option<String>,
    /// `local`, an internet gateway (`igw-…`), a virtual private gateway
    /// (`vgw-…`), or a gateway or Gateway Load Balancer endpoint (`vpce-…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway_id: Option<String>,
    /// `nat-…`, looked up in `nat_gateways`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nat_gateway_id: Option<String>,
    /// `tgw-…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transit_gateway_id: Option<String>,
    /// `pcx-…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_peering_connection_id: Option<String>,
    /// `eigw-…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub egress_only_internet_gateway_id: Option<String>,
    /// `eni-…` (a firewall appliance, a NAT instance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_interface_id: Option<String>,
    /// `i-…` (a NAT instance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// The Cloud WAN core network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub core_network_arn: Option<String>,
    /// `active`, or `blackhole` when its target is gone.
    pub state: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteTableAssociation {
    /// True for the VPC's main route table (it serves every subnet without
    /// an association of its own).
    #[serde(default)]
    pub main: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    /// An edge association with an internet or virtual private gateway.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InternetGateway {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `igw-…`.
    pub id: String,
    /// The VPCs it is attached to (at most one).
    #[serde(default)]
    pub vpc_ids: Vec<String>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(InternetGateway, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NatGateway {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `nat-…`.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    /// The subnet it lives in (its zone is the subnet's), looked up in `subnets`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    /// `pending`, `available`, `failed`, `deleting` or `deleted`.
    pub state: String,
    /// `public` (through an internet gateway) or `private`.
    pub connectivity_type: String,
    #[serde(default)]
    pub tags: Tags,
}
resource!(NatGateway, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityGroup {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `sg-…`.
    pub id: String,
    /// `default` for a VPC's default group.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    /// `DescribeSecurityGroupRules`: its ingress and egress rules.
    #[serde(default)]
    pub rules: Collected<Vec<SecurityGroupRule>>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(SecurityGroup, tags);

/// One rule: one protocol and port range, one source (ingress) or
/// destination (egress).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityGroupRule {
    /// `sgr-…`.
    pub id: String,
    /// True for an outbound rule.
    pub is_egress: bool,
    /// `tcp`, `udp`, `icmp`, `icmpv6`, a protocol number, or `-1` (all).
    pub ip_protocol: String,
    /// The first port (`-1` with protocol `-1`: all ports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_ipv4: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_ipv6: Option<String>,
    /// A managed prefix list, looked up in `prefix_lists`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix_list_id: Option<String>,
    /// Another security group (`sg-…`) as the source or destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referenced_group_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl SecurityGroupRule {
    /// True when the rule's protocol and port range take TCP traffic to
    /// `port`: protocol `tcp` (`6`) with a range covering it (no range, or
    /// `-1`, is every port), or `-1` (all traffic).
    pub fn covers_tcp_port(&self, port: i64) -> bool {
        let every = |p: Option<i64>| p.is_none_or(|p| p < 0);
        match self.ip_protocol.as_str() {
            "-1" => true,
            "tcp" | "6" => {
                every(self.from_port)
                    || every(self.to_port)
                    || (self.from_port <= Some(port) && Some(port) <= self.to_port)
            }
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkInterface {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `eni-…`.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
    /// `interface` (an instance's, a Lambda function's, …),
    /// `network_load_balancer`, `nat_gateway`, `vpc_endpoint`, `lambda`, …
    pub interface_type: String,
    /// `in-use` or `available` (detached).
    pub status: String,
    /// The security groups it uses, looked up in `security_groups`.
    #[serde(default)]
    pub group_ids: Vec<String>,
    /// The instance it is attached to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// Its public IPv4 address, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<String>,
    /// Created and managed by an AWS service (a load balancer, a NAT
    /// gateway, an endpoint).
    #[serde(default)]
    pub requester_managed: bool,
    /// What it is for, as AWS or its creator wrote it
    /// (`ELB app/storefront-alb/…`, `AWS Lambda VPC ENI-…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}
resource!(NetworkInterface);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VpcEndpoint {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `vpce-…`.
    pub id: String,
    pub vpc_id: String,
    /// `com.amazonaws.us-east-1.ssm`, `com.amazonaws.us-east-1.s3`, …
    pub service_name: String,
    /// `Interface`, `Gateway` or `GatewayLoadBalancer`.
    #[serde(rename = "type")]
    pub endpoint_type: String,
    /// `available`, `pending`, `pendingAcceptance`, `rejected`, `failed`, …
    pub state: String,
    /// An interface endpoint's subnets.
    #[serde(default)]
    pub subnet_ids: Vec<String>,
    /// A gateway endpoint's route tables.
    #[serde(default)]
    pub route_table_ids: Vec<String>,
    /// An interface endpoint's security groups, looked up in `security_groups`.
    #[serde(default)]
    pub group_ids: Vec<String>,
    /// The service's default DNS name resolves to the endpoint in the VPC.
    #[serde(default)]
    pub private_dns_enabled: bool,
    #[serde(default)]
    pub tags: Tags,
}
resource!(VpcEndpoint, tags);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowLog {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `fl-…`.
    pub id: String,
    /// The VPC, subnet or network interface recorded.
    pub resource_id: String,
    /// `ACTIVE`.
    pub status: String,
    /// `SUCCESS` or `FAILED` (absent when not reported).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deliver_logs_status: Option<String>,
    /// Why delivery fails (`Rate limited`, `Access error`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deliver_logs_error_message: Option<String>,
    /// `ACCEPT`, `REJECT` or `ALL`.
    pub traffic_type: String,
    /// `cloud-watch-logs`, `s3` or `kinesis-data-firehose`.
    pub log_destination_type: String,
    /// The destination's ARN (a bucket, a log group, a stream).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_destination: Option<String>,
    /// The log group name, for CloudWatch Logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_group_name: Option<String>,
}
resource!(FlowLog);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrefixList {
    pub arn: String,
    pub region: String,
    /// `AWS` for an AWS-managed list, else the owner account.
    pub account_id: String,
    /// `pl-…`.
    pub id: String,
    /// `com.amazonaws.global.cloudfront.origin-facing`, `com.amazonaws.us-east-1.s3`, a customer's name.
    pub name: String,
    /// `IPv4` or `IPv6`.
    pub address_family: String,
    /// `GetManagedPrefixListEntries`: its CIDR blocks; absent for an
    /// AWS-managed list (AWS's own address ranges: not read).
    #[serde(default)]
    pub entries: Collected<Vec<PrefixListEntry>>,
}
resource!(PrefixList);

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrefixListEntry {
    pub cidr: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VpnConnection {
    pub arn: String,
    pub region: String,
    pub account_id: String,
    /// `vpn-…`.
    pub id: String,
    /// `pending`, `available`, `deleting` or `deleted`.
    pub state: String,
    /// The virtual private gateway (`vgw-…`) it ends on, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpn_gateway_id: Option<String>,
    /// The transit gateway (`tgw-…`) it ends on, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transit_gateway_id: Option<String>,
    /// The customer gateway (`cgw-…`): the on-premises end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_gateway_id: Option<String>,
    /// `VgwTelemetry`: one entry per tunnel (two for a connection AWS
    /// reports on; none while it is pending).
    #[serde(default)]
    pub tunnels: Vec<VpnTunnel>,
    #[serde(default)]
    pub tags: Tags,
}
resource!(VpnConnection, tags);

impl VpnConnection {
    /// The gateway it ends on: its virtual private gateway, else its transit gateway.
    pub fn gateway_id(&self) -> Option<&str> {
        self.vpn_gateway_id
            .as_deref()
            .or(self.transit_gateway_id.as_deref())
    }
}

/// One tunnel's telemetry.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VpnTunnel {
    /// The AWS end's public address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outside_ip_address: Option<String>,
    /// `UP` or `DOWN`.
    pub status: String,
    /// Why, as AWS reports it (`2 BGP ROUTES`, `IPSEC IS DOWN`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
}
