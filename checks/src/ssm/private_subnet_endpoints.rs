//! ## What it checks
//!
//! Instances in private subnets can reach Systems Manager through VPC
//! endpoints. A subnet is judged when it holds running instances and its
//! effective route table (its own association, else the VPC's main table)
//! has no active `0.0.0.0/0` route to a NAT gateway, a transit gateway, a
//! firewall or Gateway Load Balancer endpoint (`vpce-…`), a NAT instance or
//! appliance (an instance or network interface), a Cloud WAN core network,
//! or an internet gateway *and* a public address on every instance.
//! Instances with a public address behind an internet gateway reach SSM
//! directly and are not counted. One finding per judged subnet.
//!
//! An endpoint is *usable* from the subnet when it is an `Interface`
//! endpoint of the subnet's VPC for `com.amazonaws.<region>.<service>`,
//! `available`, with private DNS on, and one of its security groups admits
//! TCP 443 (an ingress rule of protocol `tcp` or `-1` whose ports cover 443)
//! from a block holding the subnet's CIDR, or from a security group of the
//! subnet's instances.
//!
//! - PASS: usable `ssm` and `ssmmessages` endpoints (and nothing advisory).
//! - FAIL: `ssm` or `ssmmessages` has no usable endpoint (the reason says
//!   what is wrong with the ones there are).
//! - Advisory (FAIL at low): no usable `ec2messages` endpoint (the agent
//!   still uses it for some features); the region's Session Manager
//!   preferences encrypt sessions with KMS (`kmsKeyId`) and there is no
//!   usable `kms` endpoint, or log sessions to CloudWatch Logs and there is
//!   no usable `logs` endpoint; sessions are logged to S3, or an instance of
//!   the subnet is patched by Patch Manager (it has a patch state: patch
//!   baselines are fetched from S3), and no `Gateway` endpoint for
//!   `com.amazonaws.<region>.s3` is associated with the subnet's route table.
//! - SKIP: a subnet with running instances and an egress route (named in
//!   the reason).
//! - ERROR: an endpoint's security group rules could not be read (or the
//!   group is not in the inventory) and no other endpoint is usable; the
//!   region's Session Manager preferences or an instance's patch state
//!   could not be read (the advisories they decide are unknown). Where the
//!   instances, subnets, route tables, network interfaces, endpoints or
//!   security groups could not be read in a region, the engine reports the
//!   region ERROR and its subnets are not judged.
//!
//! ## Why it matters
//!
//! An instance that cannot reach the Systems Manager endpoints is not a
//! managed instance: no Session Manager, no Run Command, no patching, no
//! inventory. In a private subnet without NAT it reaches them only through
//! interface endpoints for `ssm` and `ssmmessages` (optionally `kms` and
//! `logs`), and an S3 gateway endpoint on its route table (notes 000 ›
//! Configuration Management and IaC › "SSM session manager", with VPC
//! endpoints); Inspector's EC2 scanning needs the same outbound 443 to the
//! SSM endpoints (notes 000 › Security and Compliance › "amazon
//! inspector").
//!
//! ## How to fix
//!
//! - **Console**: VPC › Endpoints › Create endpoint › AWS services,
//!   `com.amazonaws.<region>.ssm` (then `ssmmessages`, `ec2messages`, and
//!   `kms`/`logs` if sessions use them) › the VPC, the private subnets,
//!   Enable DNS name, a security group admitting TCP 443 from the subnets;
//!   and `com.amazonaws.<region>.s3` as a Gateway endpoint on the private
//!   route tables.
//! - **CLI**: `aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --vpc-id vpc-… --service-name com.amazonaws.REGION.ssm --subnet-ids subnet-… --security-group-ids sg-… --private-dns-enabled`
//!   (likewise `ssmmessages`, `ec2messages`), and
//!   `aws ec2 create-vpc-endpoint --vpc-endpoint-type Gateway --vpc-id vpc-… --service-name com.amazonaws.REGION.s3 --route-table-ids rtb-…`.
//! - **CloudFormation**: one `AWS::EC2::VPCEndpoint` per service with
//!   `VpcEndpointType: Interface`, `PrivateDnsEnabled: true`, `SubnetIds`
//!   and `SecurityGroupIds` (an `AWS::EC2::SecurityGroup` admitting 443 from
//!   the subnets' CIDRs), and one `VpcEndpointType: Gateway` for S3 with
//!   `RouteTableIds`.
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC › "SSM session
//!   manager" (with VPC endpoints); 000 › Security and Compliance › "amazon
//!   inspector" (EC2 setup).
//! - AWS: Systems Manager user guide, "Improve the security of EC2
//!   instances by using VPC endpoints for Systems Manager"; PrivateLink
//!   guide, "Gateway endpoints for Amazon S3".
//! - AWS Config managed rule `service-vpc-endpoint-enabled` (per service
//!   name); Prowler has none for this.

use crate::collected::CollectError;
use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::vpc::{self, Route, SecurityGroup, Subnet, VpcEndpoint};
use crate::inventory::{ec2, ssm};
use awscheck_model::cidr::Cidr;
use std::collections::{HashMap, HashSet};

pub static CHECK: Check = Check {
    id: "ssm-private-subnet-endpoints",
    title: "Private instances can reach Systems Manager through VPC endpoints",
    service: "ssm",
    severity: Severity::Medium,
    section: "000 › Configuration Management and IaC › \"SSM session manager\"",
    catalog: "IAC-19",
    reads: &[
        ec2::INSTANCES,
        vpc::VPCS,
        vpc::SUBNETS,
        vpc::ROUTE_TABLES,
        vpc::NETWORK_INTERFACES,
        vpc::VPC_ENDPOINTS,
        vpc::SECURITY_GROUPS,
        vpc::SECURITY_GROUP_RULES,
        ssm::REGIONS,
        ssm::MANAGED_INSTANCES,
        ssm::PATCH_STATE,
        ssm::SESSION_PREFERENCES,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: Some("service-vpc-endpoint-enabled"),
    prowler: None,
    source: include_str!("private_subnet_endpoints.rs"),
    run,
};

/// The port the endpoints listen on.
const HTTPS: i64 = 443;

/// The running instances of one subnet that have no egress of their own.
struct Private<'a> {
    instances: Vec<&'a str>,
    /// The security groups of their network interfaces.
    groups: HashSet<&'a str>,
}

/// What the subnets are judged against.
struct Lookup<'a> {
    /// (region, VPC id) → its interface and gateway endpoints.
    endpoints: HashMap<(&'a str, &'a str), Vec<&'a VpcEndpoint>>,
    groups: HashMap<(&'a str, &'a str), &'a SecurityGroup>,
    /// (region, instance id) → its patch state: `Ok(true)` when patched.
    patched: HashMap<(&'a str, &'a str), Result<bool, &'a CollectError>>,
    /// Region → its Session Manager preferences (`None`: never saved).
    sessions: HashMap<&'a str, Result<Option<&'a ssm::SessionSettings>, &'a CollectError>>,
}

fn run(ctx: &Context, em: &mut Emitter) {
    let net = ctx.vpc();
    let tables = net.route_tables_by_subnet();
    let mut public: HashSet<(&str, &str)> = HashSet::new();
    let mut instance_groups: HashMap<(&str, &str), Vec<&str>> = HashMap::new();
    for eni in &net.network_interfaces {
        if let Some(i) = eni.instance_id.as_deref() {
            if eni.public_ip.is_some() {
                public.insert((&eni.region, i));
            }
            instance_groups
                .entry((&eni.region, i))
                .or_default()
                .extend(eni.group_ids.iter().map(String::as_str));
        }
    }
    let mut running: HashMap<(&str, &str), Vec<&str>> = HashMap::new();
    for i in &ctx.ec2().instances {
        if let (Some(subnet), "running") = (i.subnet_id.as_deref(), i.state.as_str()) {
            running
                .entry((&i.region, subnet))
                .or_default()
                .push(&i.instance_id);
        }
    }
    let mut lookup = Lookup {
        endpoints: HashMap::new(),
        groups: net
            .security_groups
            .iter()
            .map(|g| ((g.region.as_str(), g.id.as_str()), g))
            .collect(),
        patched: ctx
            .ssm()
            .managed_instances
            .iter()
            .map(|m| {
                let state = m.patch_state.known().map(|s| s.is_some());
                ((m.region.as_str(), m.instance_id.as_str()), state)
            })
            .collect(),
        sessions: ctx
            .ssm()
            .session_preferences
            .iter()
            .map(|p| (p.region.as_str(), p.settings.known()))
            .collect(),
    };
    for e in &net.endpoints {
        lookup
            .endpoints
            .entry((&e.region, &e.vpc_id))
            .or_default()
            .push(e);
    }
    for subnet in &net.subnets {
        let region = subnet.region.as_str();
        if ctx.blind("vpc", region) || ctx.blind("ec2", region) {
            continue; // the engine reported the region
        }
        let Some(instances) = running.get(&(region, subnet.id.as_str())) else {
            continue;
        };
        let table = tables.of(subnet);
        let route = table
            .and_then(|t| t.default_route())
            .filter(|r| r.state == "active");
        let unreachable: Vec<&str> = instances
            .iter()
            .copied()
            .filter(|i| route.is_none_or(|r| !egress(r, public.contains(&(region, *i)))))
            .collect();
        if unreachable.is_empty() {
            let via = route.map_or_else(String::new, target);
            em.skip(
                subnet,
                format!("its instances egress through {via}: SSM is reachable without endpoints"),
            );
            continue;
        }
        let private = Private {
            groups: unreachable
                .iter()
                .flat_map(|i| instance_groups.get(&(region, *i)).into_iter().flatten())
                .copied()
                .collect(),
            instances: unreachable,
        };
        judge(
            ctx,
            subnet,
            &private,
            table.map(|t| t.id.as_str()),
            &lookup,
            em,
        );
    }
}

/// True when `route` (the subnet's default route) takes an instance (with a
/// public address or not) out of the VPC.
fn egress(route: &Route, public_address: bool) -> bool {
    route.nat_gateway_id.is_some()
        || route.transit_gateway_id.is_some()
        || route.instance_id.is_some()
        || route.network_interface_id.is_some()
        || route.core_network_arn.is_some()
        || route
            .gateway_id
            .as_deref()
            .is_some_and(|g| g.starts_with("vpce-") || (g.starts_with("igw-") && public_address))
}

/// The route's target, for a reason.
fn target(route: &Route) -> String {
    [
        &route.nat_gateway_id,
        &route.transit_gateway_id,
        &route.gateway_id,
        &route.instance_id,
        &route.network_interface_id,
        &route.core_network_arn,
    ]
    .into_iter()
    .flatten()
    .next()
    .cloned()
    .unwrap_or_default()
}

fn judge(
    ctx: &Context,
    subnet: &Subnet,
    private: &Private,
    table: Option<&str>,
    lookup: &Lookup,
    em: &mut Emitter,
) {
    let region = subnet.region.as_str();
    let endpoints = lookup
        .endpoints
        .get(&(region, subnet.vpc_id.as_str()))
        .map_or(&[][..], Vec::as_slice);
    let reach = |service: &str| reach(service, endpoints, subnet, private, lookup);
    let mut v = Verdict::new();
    for service in ["ssm", "ssmmessages"] {
        match reach(service) {
            Reach::Usable => {}
            Reach::Not(why) => v.fail(why),
            Reach::Unknown(why) => v.error_reason(why),
        }
    }
    advise(&mut v, reach("ec2messages"), "");
    let mut s3_for = Vec::new();
    match lookup.sessions.get(region) {
        Some(Err(e)) => v.error_reason(format!("the Session Manager preferences of {region}: {e}")),
        Some(Ok(Some(settings))) => {
            if settings.kms_key_id.is_some() {
                advise(&mut v, reach("kms"), " (sessions are encrypted with KMS)");
            }
            if settings.cloudwatch_log_group_name.is_some() {
                advise(
                    &mut v,
                    reach("logs"),
                    " (sessions are logged to CloudWatch Logs)",
                );
            }
            if settings.s3_bucket_name.is_some() {
                s3_for.push("sessions are logged to S3".to_string());
            }
        }
        Some(Ok(None)) => {}
        None => {
            if let Some(e) = ctx.unreadable(ssm::SESSION_PREFERENCES, region) {
                v.error_reason(format!("the Session Manager preferences of {region}: {e}"));
            }
        }
    }
    let mut patched = Vec::new();
    for i in &private.instances {
        match lookup.patched.get(&(region, *i)) {
            Some(Ok(true)) => patched.push(*i),
            Some(Err(e)) => v.error_reason(format!("the patch state of {i}: {e}")),
            _ => {}
        }
    }
    if !patched.is_empty() {
        s3_for.push(format!("{} patched by Patch Manager", name_list(&patched)));
    }
    if !s3_for.is_empty() && !s3_gateway(region, endpoints, table) {
        v.warn(format!(
            "no S3 gateway endpoint on route table {} ({})",
            table.unwrap_or("(none)"),
            s3_for.join("; ")
        ));
    }
    v.emit(
        em,
        subnet,
        format!(
            "{} without egress reach SSM through interface endpoints",
            name_list(&private.instances)
        ),
    );
}

/// An endpoint the agent can do without: advisory when missing.
fn advise(v: &mut Verdict, reach: Reach, when: &str) {
    match reach {
        Reach::Usable => {}
        Reach::Not(why) => v.warn(format!("{why}{when}")),
        Reach::Unknown(why) => v.error_reason(why),
    }
}

enum Reach {
    Usable,
    /// Why no endpoint is usable.
    Not(String),
    /// Why usability is unknown.
    Unknown(String),
}

fn reach(
    service: &str,
    endpoints: &[&VpcEndpoint],
    subnet: &Subnet,
    private: &Private,
    lookup: &Lookup,
) -> Reach {
    let name = format!("com.amazonaws.{}.{service}", subnet.region);
    let mut problems = Vec::new();
    let mut unknown = Vec::new();
    for e in endpoints
        .iter()
        .filter(|e| e.endpoint_type == "Interface" && e.service_name == name)
    {
        if e.state != "available" {
            problems.push(format!("{} is {}", e.id, e.state));
        } else if !e.private_dns_enabled {
            problems.push(format!("{} has private DNS off", e.id));
        } else {
            match admits(e, subnet, private, lookup) {
                Ok(true) => return Reach::Usable,
                Ok(false) => problems.push(format!(
                    "the security groups of {} do not admit TCP {HTTPS} from {}",
                    e.id,
                    subnet.cidr_block.as_deref().unwrap_or(subnet.id.as_str())
                )),
                Err(why) => unknown.push(why),
            }
        }
    }
    if !unknown.is_empty() {
        return Reach::Unknown(format!("{name}: {}", unknown.join("; ")));
    }
    if problems.is_empty() {
        Reach::Not(format!("no {name} interface endpoint"))
    } else {
        Reach::Not(format!("{name}: {}", problems.join("; ")))
    }
}

/// True when one of the endpoint's security groups admits TCP 443 from the
/// subnet; `Err` when it could not be told.
fn admits(
    endpoint: &VpcEndpoint,
    subnet: &Subnet,
    private: &Private,
    lookup: &Lookup,
) -> Result<bool, String> {
    let subnet_block = subnet
        .cidr_block
        .as_deref()
        .and_then(|c| Cidr::parse(c).ok());
    let mut unknown = Vec::new();
    for id in &endpoint.group_ids {
        let Some(group) = lookup.groups.get(&(subnet.region.as_str(), id.as_str())) else {
            unknown.push(format!("security group {id} is not in the inventory"));
            continue;
        };
        let rules = match group.rules.known() {
            Ok(rules) => rules.map_or(&[][..], Vec::as_slice),
            Err(e) => {
                unknown.push(format!("the rules of {id}: {e}"));
                continue;
            }
        };
        let admitted = rules.iter().any(|r| {
            let from_block = r
                .cidr_ipv4
                .as_deref()
                .and_then(|c| Cidr::parse(c).ok())
                .zip(subnet_block)
                .is_some_and(|(rule, subnet)| rule.covers(&subnet));
            let from_group = r
                .referenced_group_id
                .as_deref()
                .is_some_and(|g| private.groups.contains(g));
            !r.is_egress && r.covers_tcp_port(HTTPS) && (from_block || from_group)
        });
        if admitted {
            return Ok(true);
        }
    }
    if unknown.is_empty() {
        Ok(false)
    } else {
        Err(unknown.join("; "))
    }
}

/// True when an S3 gateway endpoint is associated with the route table.
fn s3_gateway(region: &str, endpoints: &[&VpcEndpoint], table: Option<&str>) -> bool {
    let name = format!("com.amazonaws.{region}.s3");
    table.is_some_and(|t| {
        endpoints.iter().any(|e| {
            e.endpoint_type == "Gateway"
                && e.service_name == name
                && e.state == "available"
                && e.route_table_ids.iter().any(|r| r == t)
        })
    })
}
