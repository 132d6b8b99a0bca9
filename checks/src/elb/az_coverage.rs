//! ## What it checks
//!
//! Load balancers span at least two Availability Zones, and every zone
//! their targets run in is enabled on them.
//!
//! - FAIL (production load balancers, by their tags or name per the
//!   production settings): a Network, Gateway or Classic Load Balancer
//!   enabled in fewer than 2 zones. (Application Load Balancers always
//!   have at least 2.)
//! - FAIL: a target of one of its target groups is `Target.NotInUse` or
//!   `Target.NotRegistered`, or runs in a zone the load balancer is not
//!   enabled in (an IP target's registered zone; an instance's subnet's
//!   zone, looked up through `ec2.instances` and `vpc.subnets`). Targets
//!   registered with zone `all` (IPs outside the VPC) are left out; so are
//!   a Classic Load Balancer's instances outside its zones.
//! - PASS otherwise; a non-production load balancer in one zone passes with
//!   a note.
//! - ERROR: a target group's targets could not be read, or the zone of an
//!   instance target could not be told (the instance or its subnet is not
//!   in the inventory).
//!
//! ## Why it matters
//!
//! A load balancer routes only to the zones enabled on it: instances in
//! any other zone receive no traffic, whatever their health, and a load
//! balancer in one zone fails with it. The notes are explicit that an AZ
//! must be added to the load balancer for its instances to receive
//! traffic (notes 000 › Resilient cloud solutions › "ELB"; "multi-AZ
//! architectures").
//!
//! ## How to fix
//!
//! - **Console**: EC2 › Load Balancers › the load balancer › Network
//!   mapping › Edit subnets, add a subnet in each zone your targets use.
//! - **CLI**: `aws elbv2 set-subnets --load-balancer-arn ARN --subnets subnet-a subnet-b`;
//!   classic: `aws elb enable-availability-zones-for-load-balancer --load-balancer-name NAME --availability-zones us-east-1b`
//!   (or `attach-load-balancer-to-subnets`).
//! - **CloudFormation**: `Subnets` (or `SubnetMappings`) of the
//!   `AWS::ElasticLoadBalancingV2::LoadBalancer` in two or more zones;
//!   `AvailabilityZones` or `Subnets` of an
//!   `AWS::ElasticLoadBalancing::LoadBalancer`.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "ELB" (extra);
//!   "multi-AZ architectures".
//! - AWS: "Availability Zones for your Application Load Balancer", "Target
//!   health status" in the Elastic Load Balancing user guides.
//! - AWS Config managed rules `elbv2-multiple-az` and `clb-multiple-az`;
//!   Prowler `elbv2_is_in_multiple_az` (and `elb_is_in_multiple_az`).

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::elbv2::{LoadBalancer, TargetGroup};
use crate::inventory::{ec2, elb, elbv2, vpc};
use crate::settings::{Production, PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};
use std::collections::{BTreeSet, HashMap};

pub static CHECK: Check = Check {
    id: "elb-az-coverage",
    title: "Load balancers span at least 2 AZs, and every target AZ is enabled",
    service: "elb",
    severity: Severity::Medium,
    section: "000 › Resilient cloud solutions › \"ELB\"; \"multi-AZ architectures\"",
    catalog: "RES-24",
    reads: &[
        elbv2::LOAD_BALANCERS,
        elbv2::LOAD_BALANCER_TAGS,
        elbv2::TARGET_GROUPS,
        elbv2::TARGET_HEALTH,
        elb::LOAD_BALANCERS,
        elb::LOAD_BALANCER_TAGS,
        ec2::INSTANCES,
        vpc::VPCS,
        vpc::SUBNETS,
    ],
    tolerates: &[],
    settings: &[&PROD_TAG_KEY, &PROD_TAG_VALUES, &PROD_NAME_WORDS],
    config_rule: Some("elbv2-multiple-az"),
    prowler: Some("elbv2_is_in_multiple_az"),
    source: include_str!("az_coverage.rs"),
    run,
};

/// Target health reasons that mean the target receives no traffic.
const UNUSED: [&str; 2] = ["Target.NotInUse", "Target.NotRegistered"];

/// Instance id → its zone, through its subnet, per region.
struct Zones<'a>(HashMap<(&'a str, &'a str), &'a str>);

impl<'a> Zones<'a> {
    fn new(ctx: &'a Context) -> Self {
        let subnets: HashMap<(&str, &str), &str> = ctx
            .vpc()
            .subnets
            .iter()
            .map(|s| {
                (
                    (s.region.as_str(), s.id.as_str()),
                    s.availability_zone.as_str(),
                )
            })
            .collect();
        let mut zones = HashMap::new();
        for i in &ctx.ec2().instances {
            if let Some(z) = i
                .subnet_id
                .as_deref()
                .and_then(|s| subnets.get(&(i.region.as_str(), s)))
            {
                zones.insert((i.region.as_str(), i.instance_id.as_str()), *z);
            }
        }
        Zones(zones)
    }

    fn of(&self, region: &str, instance: &str) -> Option<&'a str> {
        self.0.get(&(region, instance)).copied()
    }
}

fn run(ctx: &Context, em: &mut Emitter) {
    let production = ctx.production();
    let zones = Zones::new(ctx);
    let mut groups: HashMap<&str, Vec<&TargetGroup>> = HashMap::new();
    for g in &ctx.elbv2().target_groups {
        for lb in &g.load_balancer_arns {
            groups.entry(lb.as_str()).or_default().push(g);
        }
    }
    for lb in &ctx.elbv2().load_balancers {
        let served = groups
            .get(lb.arn.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        judge_v2(&production, lb, served, &zones, em);
    }
    for lb in &ctx.elb().load_balancers {
        let mut v = Verdict::new();
        let enabled: BTreeSet<&str> = lb.availability_zones.iter().map(String::as_str).collect();
        count(&production, &lb.tags, &lb.name, &enabled, &mut v);
        v.emit(em, lb, enabled_in(&enabled));
    }
}

fn judge_v2(
    production: &Production,
    lb: &LoadBalancer,
    groups: &[&TargetGroup],
    zones: &Zones,
    em: &mut Emitter,
) {
    let enabled: BTreeSet<&str> = lb
        .availability_zones
        .iter()
        .map(|z| z.zone_name.as_str())
        .collect();
    let mut v = Verdict::new();
    if lb.lb_type != "application" {
        count(production, &lb.tags, &lb.name, &enabled, &mut v);
    }
    for g in groups {
        let targets = match g.targets.known() {
            Err(e) => {
                v.error(e);
                continue;
            }
            Ok(t) => t.map(Vec::as_slice).unwrap_or(&[]),
        };
        for t in targets {
            if let Some(reason) = t.reason.as_deref().filter(|r| UNUSED.contains(r)) {
                v.fail(format!("target {} of {} is {reason}", t.id, g.name));
                continue;
            }
            let zone = match t.availability_zone.as_deref() {
                Some("all") => continue,
                Some(z) => z,
                None if g.target_type == "instance" => match zones.of(&g.region, &t.id) {
                    Some(z) => z,
                    None => {
                        v.error_reason(format!(
                            "the zone of target {} of {} could not be told: the instance or its subnet is not in the inventory",
                            t.id, g.name
                        ));
                        continue;
                    }
                },
                None => continue,
            };
            if !enabled.contains(zone) {
                v.fail(format!(
                    "target {} of {} runs in {zone}, a zone the load balancer is not enabled in",
                    t.id, g.name
                ));
            }
        }
    }
    v.emit(em, lb, enabled_in(&enabled));
}

/// The zone-count rule (production only; noted otherwise).
fn count(
    production: &Production,
    tags: &crate::inventory::Tags,
    name: &str,
    enabled: &BTreeSet<&str>,
    v: &mut Verdict,
) {
    if enabled.len() >= 2 {
        return;
    }
    let why = format!("enabled in {} Availability Zone(s)", enabled.len());
    if production.is_production(Some(tags), name) {
        v.fail(format!("{why}: a zone outage takes it down"));
    } else {
        v.note(format!("not production: {why}"));
    }
}

fn enabled_in(enabled: &BTreeSet<&str>) -> String {
    let list: Vec<&str> = enabled.iter().copied().collect();
    format!("enabled in {}", list.join(", "))
}
