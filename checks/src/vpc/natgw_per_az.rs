//! ## What it checks
//!
//! Each subnet whose effective route table (its own association, else the
//! VPC's main table) sends `0.0.0.0/0` to a NAT gateway egresses through a
//! healthy NAT gateway in its own Availability Zone.
//!
//! - PASS: the NAT gateway is `available`, in the subnet's zone, and (for a
//!   public NAT gateway) its own subnet routes `0.0.0.0/0` to an internet
//!   gateway.
//! - FAIL: the route is a `blackhole`, or the NAT gateway is not
//!   `available` (or no longer exists); a public NAT gateway's own subnet
//!   has no `0.0.0.0/0` route to an internet gateway (`igw-…`); and, for a
//!   production subnet (its tags or its VPC's, or its `Name`, per the
//!   production settings), the NAT gateway is in another zone: an outage of
//!   that zone cuts the subnet's egress.
//! - Advisory (FAIL at low): the NAT gateway's own subnet routes
//!   `0.0.0.0/0` to a NAT gateway (a NAT gateway cannot be used from its own
//!   subnet).
//! - A non-production subnet using another zone's NAT gateway passes with a
//!   note. Subnets that do not route `0.0.0.0/0` to a NAT gateway are not
//!   judged.
//! - ERROR: the region's subnets, route tables or NAT gateways could not be
//!   read (reported once for the region).
//!
//! ## Why it matters
//!
//! A NAT gateway is resilient only within its Availability Zone. Subnets of
//! every zone egressing through one gateway make that zone a single point
//! of failure for the whole VPC's outbound traffic; the notes say to create
//! one NAT gateway per AZ, in a public subnet with a route to an internet
//! gateway, and never to use it from its own subnet (notes 000 › Resilient
//! cloud solutions › "NAT gateway").
//!
//! ## How to fix
//!
//! - **Console**: VPC › NAT gateways › Create NAT gateway in a public
//!   subnet of each zone; then VPC › Route tables › each zone's private
//!   table › Routes › Edit, `0.0.0.0/0` → that zone's NAT gateway.
//! - **CLI**: `aws ec2 create-nat-gateway --subnet-id subnet-PUBLIC-AZ --allocation-id eipalloc-…`,
//!   then `aws ec2 replace-route --route-table-id rtb-PRIVATE-AZ --destination-cidr-block 0.0.0.0/0 --nat-gateway-id nat-…`.
//! - **CloudFormation**: one `AWS::EC2::NatGateway` (and `AWS::EC2::EIP`)
//!   per zone, one private `AWS::EC2::RouteTable` per zone with an
//!   `AWS::EC2::Route` to its zone's gateway.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "NAT gateway".
//! - AWS: "NAT gateways" and "NAT gateway use cases" in the Amazon VPC user guide.
//! - No AWS Config managed rule; Prowler has none for this.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::vpc::{self, NatGateway, Route, RouteTable, RouteTableIndex, Subnet};
use crate::inventory::Tags;
use crate::settings::{PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};
use std::collections::HashMap;

pub static CHECK: Check = Check {
    id: "natgw-per-az",
    title: "Each AZ's private subnets egress through a NAT gateway in the same AZ",
    service: "vpc",
    severity: Severity::Medium,
    section: "000 › Resilient cloud solutions › \"NAT gateway\"",
    catalog: "RES-25",
    reads: &[
        vpc::VPCS,
        vpc::SUBNETS,
        vpc::ROUTE_TABLES,
        vpc::NAT_GATEWAYS,
    ],
    tolerates: &[],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: None,
    prowler: None,
    source: include_str!("natgw_per_az.rs"),
    run,
};

const ANYWHERE: &str = "0.0.0.0/0";

fn run(ctx: &Context, em: &mut Emitter) {
    let net = ctx.vpc();
    let production = ctx.production();
    let tables = net.route_tables_by_subnet();
    let subnets: HashMap<(&str, &str), &Subnet> = net
        .subnets
        .iter()
        .map(|s| ((s.region.as_str(), s.id.as_str()), s))
        .collect();
    let gateways: HashMap<(&str, &str), &NatGateway> = net
        .nat_gateways
        .iter()
        .map(|g| ((g.region.as_str(), g.id.as_str()), g))
        .collect();
    let vpc_tags: HashMap<(&str, &str), &Tags> = net
        .vpcs
        .iter()
        .map(|v| ((v.region.as_str(), v.id.as_str()), &v.tags))
        .collect();
    for subnet in &net.subnets {
        if ctx.blind("vpc", &subnet.region) {
            continue; // the engine reported the region
        }
        let Some(route) = tables.of(subnet).and_then(RouteTable::default_route) else {
            continue;
        };
        let Some(nat) = route.nat_gateway_id.as_deref() else {
            continue;
        };
        let name = subnet
            .tags
            .get("Name")
            .map_or(subnet.id.as_str(), String::as_str);
        let prod = production.is_production(Some(&subnet.tags), name)
            || vpc_tags
                .get(&(subnet.region.as_str(), subnet.vpc_id.as_str()))
                .is_some_and(|t| production.is_production(Some(t), ""));
        let place = Place {
            tables: &tables,
            subnets: &subnets,
            gateways: &gateways,
        };
        judge(subnet, route, nat, prod, &place, em);
    }
}

/// What a subnet's NAT gateway is looked up in.
struct Place<'p, 'a> {
    tables: &'p RouteTableIndex<'a>,
    subnets: &'p HashMap<(&'a str, &'a str), &'a Subnet>,
    gateways: &'p HashMap<(&'a str, &'a str), &'a NatGateway>,
}

fn judge(subnet: &Subnet, route: &Route, nat: &str, prod: bool, place: &Place, em: &mut Emitter) {
    let mut v = Verdict::new();
    if route.state.eq_ignore_ascii_case("blackhole") {
        v.fail(format!(
            "the {ANYWHERE} route to NAT gateway {nat} is a blackhole"
        ));
    }
    let Some(gateway) = place.gateways.get(&(subnet.region.as_str(), nat)) else {
        v.fail(format!("NAT gateway {nat} does not exist"));
        return v.emit(em, subnet, "");
    };
    if gateway.state != "available" {
        v.fail(format!("NAT gateway {nat} is {}", gateway.state));
    }
    let home = gateway
        .subnet_id
        .as_deref()
        .and_then(|s| place.subnets.get(&(subnet.region.as_str(), s)));
    if let Some(home) = home {
        if home.availability_zone != subnet.availability_zone {
            let why = format!(
                "egresses through NAT gateway {nat} in {}, not in its own zone {}",
                home.availability_zone, subnet.availability_zone
            );
            if prod {
                v.fail(format!(
                    "{why}: an outage of {} cuts its egress",
                    home.availability_zone
                ));
            } else {
                v.note(format!("not production: {why}"));
            }
        }
        let own = place.tables.of(home).and_then(RouteTable::default_route);
        let to_igw = own.is_some_and(|r| {
            r.state == "active"
                && r.gateway_id
                    .as_deref()
                    .is_some_and(|g| g.starts_with("igw-"))
        });
        if gateway.connectivity_type == "public" && !to_igw {
            v.fail(format!(
                "public NAT gateway {nat}'s subnet {} has no {ANYWHERE} route to an internet gateway",
                home.id
            ));
        }
        if let Some(loop_to) = own.and_then(|r| r.nat_gateway_id.as_deref()) {
            v.warn(format!(
                "NAT gateway {nat}'s own subnet {} routes {ANYWHERE} to NAT gateway {loop_to}",
                home.id
            ));
        }
    }
    let zone = home.map_or(subnet.availability_zone.as_str(), |h| {
        h.availability_zone.as_str()
    });
    v.emit(
        em,
        subnet,
        format!("egresses through NAT gateway {nat} in {zone}"),
    );
}
