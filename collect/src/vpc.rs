//! EC2 networking, per region: `DescribeVpcs`, then, each only when a
//! selected check reads it, one region-wide listing per part:
//! `DescribeSubnets`, `DescribeRouteTables`, `DescribeInternetGateways`,
//! `DescribeNatGateways`, `DescribeSecurityGroups` (and
//! `DescribeSecurityGroupRules` for every group's rules at once),
//! `DescribeNetworkInterfaces`, `DescribeVpcEndpoints`, `DescribeFlowLogs`
//! and `DescribeManagedPrefixLists` (with `GetManagedPrefixListEntries` per
//! list not owned by AWS), and `DescribeVpnConnections` (one call: the API
//! has no pages; the tunnels' telemetry comes with it, the customer gateway
//! configuration and its pre-shared keys are not kept). No call is made per
//! VPC, subnet or group. A listing that fails leaves its part unread.

use crate::session::sdk_client;
use crate::{tags_of, text, Cx};
use aws_sdk_ec2::types as sdk;
use aws_sdk_ec2::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::vpc::{
    self as data, FlowLog, InternetGateway, NatGateway, Network, NetworkInterface, PrefixList,
    PrefixListEntry, Route, RouteTable, RouteTableAssociation, SecurityGroup, SecurityGroupRule,
    Subnet, Vpc, VpcEndpoint, VpnConnection, VpnTunnel,
};
use awscheck_model::inventory::Tags;
use std::collections::HashMap;

crate::registry::operations! {
    sdk "EC2", iam "ec2" {
        DESCRIBE_VPCS = DescribeVpcs,
        DESCRIBE_SUBNETS = DescribeSubnets,
        DESCRIBE_ROUTE_TABLES = DescribeRouteTables,
        DESCRIBE_INTERNET_GATEWAYS = DescribeInternetGateways,
        DESCRIBE_NAT_GATEWAYS = DescribeNatGateways,
        DESCRIBE_SECURITY_GROUPS = DescribeSecurityGroups,
        DESCRIBE_SECURITY_GROUP_RULES = DescribeSecurityGroupRules,
        DESCRIBE_NETWORK_INTERFACES = DescribeNetworkInterfaces,
        DESCRIBE_VPC_ENDPOINTS = DescribeVpcEndpoints,
        DESCRIBE_FLOW_LOGS = DescribeFlowLogs,
        DESCRIBE_MANAGED_PREFIX_LISTS = DescribeManagedPrefixLists,
        GET_MANAGED_PREFIX_LIST_ENTRIES = GetManagedPrefixListEntries,
        DESCRIBE_VPN_CONNECTIONS = DescribeVpnConnections,
    }
}

crate::service!(Network);

/// The owner of AWS-managed prefix lists.
const AWS_OWNER: &str = "AWS";

/// Error code of a prefix list deleted since it was listed.
const GONE: &[&str] = &["InvalidPrefixListID.NotFound"];

/// Page size of the Describe calls (their maximum for most of them).
const PAGE: i32 = 1000;

async fn collect(cx: &Cx) -> Result<Network, CollectError> {
    let client = sdk_client!(aws_sdk_ec2, &cx.session, &cx.region);
    let client = &client;
    let listed = cx
        .list(
            DESCRIBE_VPCS,
            client
                .describe_vpcs()
                .max_results(PAGE)
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let vpcs = listed.iter().filter_map(|v| vpc(cx, v)).collect();
    let (subnets, route_tables, internet_gateways, nat_gateways) = tokio::join!(
        cx.part(data::SUBNETS, async {
            let listed = client
                .describe_subnets()
                .max_results(PAGE)
                .into_paginator()
                .items()
                .send();
            let subnets = cx.list(DESCRIBE_SUBNETS, listed).await?;
            Ok(subnets.iter().filter_map(|s| subnet(cx, s)).collect())
        }),
        cx.part(data::ROUTE_TABLES, async {
            let listed = client
                .describe_route_tables()
                .max_results(100)
                .into_paginator()
                .items()
                .send();
            let tables = cx.list(DESCRIBE_ROUTE_TABLES, listed).await?;
            Ok(tables.iter().filter_map(|t| route_table(cx, t)).collect())
        }),
        cx.part(data::INTERNET_GATEWAYS, async {
            let listed = client
                .describe_internet_gateways()
                .max_results(PAGE)
                .into_paginator()
                .items()
                .send();
            let gateways = cx.list(DESCRIBE_INTERNET_GATEWAYS, listed).await?;
            Ok(gateways
                .iter()
                .filter_map(|g| internet_gateway(cx, g))
                .collect())
        }),
        cx.part(data::NAT_GATEWAYS, async {
            let listed = client
                .describe_nat_gateways()
                .max_results(PAGE)
                .into_paginator()
                .items()
                .send();
            let gateways = cx.list(DESCRIBE_NAT_GATEWAYS, listed).await?;
            Ok(gateways.iter().filter_map(|g| nat_gateway(cx, g)).collect())
        }),
    );
    let (security_groups, network_interfaces, endpoints, flow_logs, prefix_lists, vpn_connections) = tokio::join!(
        cx.part(data::SECURITY_GROUPS, security_groups(cx, client)),
        cx.part(data::NETWORK_INTERFACES, async {
            let listed = client
                .describe_network_interfaces()
                .max_results(PAGE)
                .into_paginator()
                .items()
                .send();
            let interfaces = cx.list(DESCRIBE_NETWORK_INTERFACES, listed).await?;
            Ok(interfaces
                .iter()
                .filter_map(|i| network_interface(cx, i))
                .collect())
        }),
        cx.part(data::VPC_ENDPOINTS, async {
            let listed = client
                .describe_vpc_endpoints()
                .max_results(PAGE)
                .into_paginator()
                .items()
                .send();
            let endpoints = cx.list(DESCRIBE_VPC_ENDPOINTS, listed).await?;
            Ok(endpoints.iter().filter_map(|e| endpoint(cx, e)).collect())
        }),
        cx.part(data::FLOW_LOGS, async {
            let listed = client
                .describe_flow_logs()
                .max_results(PAGE)
                .into_paginator()
                .items()
                .send();
            let logs = cx.list(DESCRIBE_FLOW_LOGS, listed).await?;
            Ok(logs.iter().filter_map(|l| flow_log(cx, l)).collect())
        }),
        cx.part(data::PREFIX_LISTS, prefix_lists(cx, client)),
        cx.part(data::VPN_CONNECTIONS, async {
            let reply = cx
                .call(
                    DESCRIBE_VPN_CONNECTIONS,
                    client.describe_vpn_connections().send(),
                )
                .await
                .ok()?;
            Ok(reply
                .vpn_connections()
                .iter()
                .filter_map(|c| vpn_connection(cx, c))
                .collect())
        }),
    );
    Ok(Network {
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
        vpn_connections,
    })
}

fn tags(tags: &[sdk::Tag]) -> Tags {
    tags_of(
        tags.iter()
            .filter_map(|t| Some((t.key()?, t.value().unwrap_or_default()))),
    )
}

/// The ARN of an EC2 resource (`kind/id`) owned by `owner` (the audited
/// account when the API does not say).
fn arn(cx: &Cx, owner: Option<&str>, resource: &str) -> (String, String) {
    let owner = owner
        .filter(|o| !o.is_empty())
        .unwrap_or(cx.account_id())
        .to_string();
    (
        format!(
            "arn:{}:ec2:{}:{owner}:{resource}",
            cx.partition(),
            cx.region
        ),
        owner,
    )
}

fn vpc(cx: &Cx, v: &sdk::Vpc) -> Option<Vpc> {
    let id = v.vpc_id()?.to_string();
    let (arn, account_id) = arn(cx, v.owner_id(), &format!("vpc/{id}"));
    Some(Vpc {
        arn,
        region: cx.region.clone(),
        account_id,
        cidr_block: text(v.cidr_block()),
        is_default: v.is_default().unwrap_or_default(),
        state: v
            .state()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        tags: tags(v.tags()),
        id,
    })
}

fn subnet(cx: &Cx, s: &sdk::Subnet) -> Option<Subnet> {
    let id = s.subnet_id()?.to_string();
    let (built, account_id) = arn(cx, s.owner_id(), &format!("subnet/{id}"));
    Some(Subnet {
        arn: s.subnet_arn().map_or(built, str::to_string),
        region: cx.region.clone(),
        account_id,
        vpc_id: s.vpc_id().unwrap_or_default().to_string(),
        availability_zone: s.availability_zone().unwrap_or_default().to_string(),
        availability_zone_id: text(s.availability_zone_id()),
        cidr_block: text(s.cidr_block()),
        map_public_ip_on_launch: s.map_public_ip_on_launch().unwrap_or_default(),
        default_for_az: s.default_for_az().unwrap_or_default(),
        tags: tags(s.tags()),
        id,
    })
}

fn route_table(cx: &Cx, t: &sdk::RouteTable) -> Option<RouteTable> {
    let id = t.route_table_id()?.to_string();
    let (arn, account_id) = arn(cx, t.owner_id(), &format!("route-table/{id}"));
    Some(RouteTable {
        arn,
        region: cx.region.clone(),
        account_id,
        vpc_id: t.vpc_id().unwrap_or_default().to_string(),
        routes: t.routes().iter().map(route).collect(),
        associations: t
            .associations()
            .iter()
            .map(|a| RouteTableAssociation {
                main: a.main().unwrap_or_default(),
                subnet_id: text(a.subnet_id()),
                gateway_id: text(a.gateway_id()),
            })
            .collect(),
        tags: tags(t.tags()),
        id,
    })
}

fn route(r: &sdk::Route) -> Route {
    Route {
        destination_cidr_block: text(r.destination_cidr_block()),
        destination_ipv6_cidr_block: text(r.destination_ipv6_cidr_block()),
        destination_prefix_list_id: text(r.destination_prefix_list_id()),
        gateway_id: text(r.gateway_id()),
        nat_gateway_id: text(r.nat_gateway_id()),
        transit_gateway_id: text(r.transit_gateway_id()),
        vpc_peering_connection_id: text(r.vpc_peering_connection_id()),
        egress_only_internet_gateway_id: text(r.egress_only_internet_gateway_id()),
        network_interface_id: text(r.network_interface_id()),
        instance_id: text(r.instance_id()),
        core_network_arn: text(r.core_network_arn()),
        state: r.state().map_or("active", |s| s.as_str()).to_string(),
    }
}

fn internet_gateway(cx: &Cx, g: &sdk::InternetGateway) -> Option<InternetGateway> {
    let id = g.internet_gateway_id()?.to_string();
    let (arn, account_id) = arn(cx, g.owner_id(), &format!("internet-gateway/{id}"));
    Some(InternetGateway {
        arn,
        region: cx.region.clone(),
        account_id,
        vpc_ids: g
            .attachments()
            .iter()
            .filter_map(|a| a.vpc_id().map(str::to_string))
            .collect(),
        tags: tags(g.tags()),
        id,
    })
}

fn nat_gateway(cx: &Cx, g: &sdk::NatGateway) -> Option<NatGateway> {
    let id = g.nat_gateway_id()?.to_string();
    let (arn, account_id) = arn(cx, None, &format!("natgateway/{id}"));
    Some(NatGateway {
        arn,
        region: cx.region.clone(),
        account_id,
        vpc_id: text(g.vpc_id()),
        subnet_id: text(g.subnet_id()),
        state: g
            .state()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        connectivity_type: g
            .connectivity_type()
            .map_or("public", |c| c.as_str())
            .to_string(),
        tags: tags(g.tags()),
        id,
    })
}

/// `DescribeSecurityGroups`, and every group's rules from one
/// `DescribeSecurityGroupRules` listing when read (its failure makes every
/// group's rules unknown).
async fn security_groups(cx: &Cx, client: &Client) -> Result<Vec<SecurityGroup>, CollectError> {
    let listed = client
        .describe_security_groups()
        .max_results(PAGE)
        .into_paginator()
        .items()
        .send();
    let groups = cx.list(DESCRIBE_SECURITY_GROUPS, listed).await?;
    let rules = if cx.wants(data::SECURITY_GROUP_RULES) {
        let listed = client
            .describe_security_group_rules()
            .max_results(PAGE)
            .into_paginator()
            .items()
            .send();
        Some(cx.list(DESCRIBE_SECURITY_GROUP_RULES, listed).await)
    } else {
        None
    };
    let mut by_group: HashMap<String, Vec<SecurityGroupRule>> = HashMap::new();
    if let Some(Ok(rules)) = &rules {
        for r in rules {
            if let (Some(group), Some(rule)) = (r.group_id(), rule(r)) {
                by_group.entry(group.to_string()).or_default().push(rule);
            }
        }
    }
    Ok(groups
        .iter()
        .filter_map(|g| {
            let id = g.group_id()?.to_string();
            let (built, account_id) = arn(cx, g.owner_id(), &format!("security-group/{id}"));
            Some(SecurityGroup {
                arn: g.security_group_arn().map_or(built, str::to_string),
                region: cx.region.clone(),
                account_id,
                name: g.group_name().unwrap_or_default().to_string(),
                description: text(g.description()),
                vpc_id: text(g.vpc_id()),
                rules: match &rules {
                    None => Collected::default(),
                    Some(Ok(_)) => Collected::Value(by_group.remove(&id).unwrap_or_default()),
                    Some(Err(e)) => Collected::Error(e.clone()),
                },
                tags: tags(g.tags()),
                id,
            })
        })
        .collect())
}

fn rule(r: &sdk::SecurityGroupRule) -> Option<SecurityGroupRule> {
    Some(SecurityGroupRule {
        id: r.security_group_rule_id()?.to_string(),
        is_egress: r.is_egress().unwrap_or_default(),
        ip_protocol: r.ip_protocol().unwrap_or("-1").to_string(),
        from_port: r.from_port().map(i64::from),
        to_port: r.to_port().map(i64::from),
        cidr_ipv4: text(r.cidr_ipv4()),
        cidr_ipv6: text(r.cidr_ipv6()),
        prefix_list_id: text(r.prefix_list_id()),
        referenced_group_id: text(r.referenced_group_info().and_then(|g| g.group_id())),
        description: text(r.description()),
    })
}

fn network_interface(cx: &Cx, i: &sdk::NetworkInterface) -> Option<NetworkInterface> {
    let id = i.network_interface_id()?.to_string();
    let (arn, account_id) = arn(cx, i.owner_id(), &format!("network-interface/{id}"));
    Some(NetworkInterface {
        arn,
        region: cx.region.clone(),
        account_id,
        vpc_id: text(i.vpc_id()),
        subnet_id: text(i.subnet_id()),
        availability_zone: text(i.availability_zone()),
        interface_type: i
            .interface_type()
            .map_or("interface", |t| t.as_str())
            .to_string(),
        status: i
            .status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        group_ids: i
            .groups()
            .iter()
            .filter_map(|g| g.group_id().map(str::to_string))
            .collect(),
        instance_id: text(i.attachment().and_then(|a| a.instance_id())),
        public_ip: text(i.association().and_then(|a| a.public_ip())),
        requester_managed: i.requester_managed().unwrap_or_default(),
        description: text(i.description()),
        id,
    })
}

fn endpoint(cx: &Cx, e: &sdk::VpcEndpoint) -> Option<VpcEndpoint> {
    let id = e.vpc_endpoint_id()?.to_string();
    let (arn, account_id) = arn(cx, e.owner_id(), &format!("vpc-endpoint/{id}"));
    Some(VpcEndpoint {
        arn,
        region: cx.region.clone(),
        account_id,
        vpc_id: e.vpc_id().unwrap_or_default().to_string(),
        service_name: e.service_name().unwrap_or_default().to_string(),
        endpoint_type: e
            .vpc_endpoint_type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        state: e
            .state()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        subnet_ids: e.subnet_ids().to_vec(),
        route_table_ids: e.route_table_ids().to_vec(),
        group_ids: e
            .groups()
            .iter()
            .filter_map(|g| g.group_id().map(str::to_string))
            .collect(),
        private_dns_enabled: e.private_dns_enabled().unwrap_or_default(),
        tags: tags(e.tags()),
        id,
    })
}

fn flow_log(cx: &Cx, l: &sdk::FlowLog) -> Option<FlowLog> {
    let id = l.flow_log_id()?.to_string();
    let (arn, account_id) = arn(cx, None, &format!("vpc-flow-log/{id}"));
    Some(FlowLog {
        arn,
        region: cx.region.clone(),
        account_id,
        resource_id: l.resource_id().unwrap_or_default().to_string(),
        status: l.flow_log_status().unwrap_or_default().to_string(),
        deliver_logs_status: text(l.deliver_logs_status()),
        deliver_logs_error_message: text(l.deliver_logs_error_message()),
        traffic_type: l
            .traffic_type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        log_destination_type: l
            .log_destination_type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        log_destination: text(l.log_destination()),
        log_group_name: text(l.log_group_name()),
        id,
    })
}

fn vpn_connection(cx: &Cx, c: &sdk::VpnConnection) -> Option<VpnConnection> {
    let id = c.vpn_connection_id()?.to_string();
    let (arn, account_id) = arn(cx, None, &format!("vpn-connection/{id}"));
    Some(VpnConnection {
        arn,
        region: cx.region.clone(),
        account_id,
        state: c
            .state()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        vpn_gateway_id: text(c.vpn_gateway_id()),
        transit_gateway_id: text(c.transit_gateway_id()),
        customer_gateway_id: text(c.customer_gateway_id()),
        tunnels: c
            .vgw_telemetry()
            .iter()
            .map(|t| VpnTunnel {
                outside_ip_address: text(t.outside_ip_address()),
                status: t
                    .status()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
                status_message: text(t.status_message()),
            })
            .collect(),
        tags: tags(c.tags()),
        id,
    })
}

/// `DescribeManagedPrefixLists`, and the entries of each list not owned by
/// AWS (when read).
async fn prefix_lists(cx: &Cx, client: &Client) -> Result<Vec<PrefixList>, CollectError> {
    let listed = client
        .describe_managed_prefix_lists()
        .max_results(100)
        .into_paginator()
        .items()
        .send();
    let lists = cx.list(DESCRIBE_MANAGED_PREFIX_LISTS, listed).await?;
    let mut out: Vec<PrefixList> = lists
        .iter()
        .filter_map(|l| {
            let id = l.prefix_list_id()?.to_string();
            let owner = l.owner_id().unwrap_or_default().to_string();
            Some(PrefixList {
                arn: l.prefix_list_arn().map_or_else(
                    || arn(cx, Some(&owner), &format!("prefix-list/{id}")).0,
                    str::to_string,
                ),
                region: cx.region.clone(),
                account_id: owner,
                name: l.prefix_list_name().unwrap_or_default().to_string(),
                address_family: l.address_family().unwrap_or_default().to_string(),
                entries: Collected::default(),
                id,
            })
        })
        .collect();
    if cx.wants(data::PREFIX_LIST_ENTRIES) {
        let lists: Vec<(bool, String)> = out
            .iter()
            .map(|l| (l.account_id == AWS_OWNER, l.id.clone()))
            .collect();
        let entries = cx
            .bounded(lists, |(aws_owned, id)| async move {
                if aws_owned {
                    return Collected::Absent;
                }
                let listed = client
                    .get_managed_prefix_list_entries()
                    .prefix_list_id(&id)
                    .max_results(100)
                    .into_paginator()
                    .items()
                    .send()
                    .try_collect();
                cx.call(GET_MANAGED_PREFIX_LIST_ENTRIES, listed)
                    .await
                    .read(GONE, |entries| {
                        Some(
                            entries
                                .iter()
                                .filter_map(|e| {
                                    Some(PrefixListEntry {
                                        cidr: e.cidr()?.to_string(),
                                        description: text(e.description()),
                                    })
                                })
                                .collect(),
                        )
                    })
            })
            .await;
        for (list, entries) in out.iter_mut().zip(entries) {
            list.entries = entries;
        }
    }
    Ok(out)
}
