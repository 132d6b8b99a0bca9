//! ## What it checks
//!
//! Every virtual private gateway (VGW) or transit gateway (TGW) that a
//! private or transit Direct Connect virtual interface (VIF) reaches has a
//! site-to-site VPN connection to fall back on. A VIF reaches the VGW it is
//! attached to, or, through a Direct Connect gateway, every VGW and TGW
//! associated with that gateway (`associated`, `associating` or
//! `updating`), wherever their region and account. VIFs that are
//! `deleting`, `deleted` or `rejected`, and public VIFs, are not paths.
//! One finding per gateway reached:
//!
//! - PASS: an `available` VPN connection ends on the gateway and at least
//!   one of its tunnels is not `DOWN` (a connection AWS reports no tunnel
//!   telemetry for counts as up).
//! - Advisory (FAIL at low): no `available` VPN connection ends on the
//!   gateway (pending or deleted ones are named); or every available one
//!   has both tunnels `DOWN`.
//! - Information (a note on the finding): the gateway is reached through a
//!   single Direct Connect connection, or through several that are all at
//!   one location: a second location is the resilient design.
//! - SKIP: a region with no Direct Connect connection and no private or
//!   transit VIF reaching a gateway ("no DX").
//! - ERROR: a VIF's Direct Connect gateway associations could not be read
//!   (the VIF); the gateway's VPN connections could not be read, its
//!   region was not scanned, its account's `vpc` section was not collected,
//!   or it belongs to an account the inventory does not hold (the
//!   gateway). A region whose connections or VIFs could not be listed is
//!   reported once by the engine.
//!
//! ## Why it matters
//!
//! A Direct Connect connection is one circuit at one facility: when it
//! fails, everything on-premises loses its private path to the VPCs behind
//! it. A site-to-site VPN over the internet to the same gateway is the
//! inexpensive recovery path the notes name for Direct Connect
//! (notes 000 › Resilient cloud solutions › "disaster recovery":
//! "site-to-site vpn as a recovery from direct connect"). A VPN whose two
//! tunnels are both down is no backup at all.
//!
//! ## How to fix
//!
//! - **Console**: VPC › Site-to-Site VPN connections › Create VPN
//!   connection, target the virtual private gateway or transit gateway the
//!   VIF reaches, with the on-premises router as customer gateway; bring
//!   both tunnels up with the downloaded configuration. For resilience,
//!   order a second Direct Connect connection at another location.
//! - **CLI**: `aws ec2 create-vpn-connection --type ipsec.1 --customer-gateway-id cgw-… --vpn-gateway-id vgw-…`
//!   (or `--transit-gateway-id tgw-…`); `aws ec2 describe-vpn-connections`
//!   shows the tunnels' `VgwTelemetry`.
//! - **CloudFormation**: an `AWS::EC2::CustomerGateway` and an
//!   `AWS::EC2::VPNConnection` with `VpnGatewayId` or `TransitGatewayId`.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "disaster recovery"
//!   (tips).
//! - AWS: "AWS Direct Connect Resiliency Recommendations"; "Configure a
//!   Site-to-Site VPN connection as a backup to AWS Direct Connect";
//!   "Monitoring your Site-to-Site VPN tunnels".
//! - AWS Config managed rule `vpc-vpn-2-tunnels-up` (related: tunnels
//!   only). No Prowler check.

use crate::engine::{name_list, Check, Context, Emitter, Severity, Subject, Verdict};
use crate::inventory::directconnect::{self, VirtualInterface};
use crate::inventory::vpc::{self, VpnConnection};
use crate::judge::regions;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub static CHECK: Check = Check {
    id: "dx-vpn-backup",
    title: "Direct Connect paths have a site-to-site VPN backup",
    service: "directconnect",
    severity: Severity::Low,
    section: "000 › Resilient cloud solutions › \"disaster recovery\"",
    catalog: "RES-28",
    reads: &[
        directconnect::CONNECTIONS,
        directconnect::VIRTUAL_INTERFACES,
        directconnect::GATEWAY_ASSOCIATIONS,
        vpc::VPCS,
        vpc::VPN_CONNECTIONS,
    ],
    tolerates: &[vpc::VPCS, vpc::VPN_CONNECTIONS],
    settings: &[],
    config_rule: Some("vpc-vpn-2-tunnels-up"),
    prowler: None,
    source: include_str!("vpn_backup.rs"),
    run,
};

/// VIF states that are no path (any more, or yet never will be).
const GONE: &[&str] = &["deleting", "deleted", "rejected"];
/// Association states in which a gateway is (or is about to be) reachable.
const ASSOCIATED: &[&str] = &["associated", "associating", "updating"];

/// A gateway a VIF reaches: (account, region, `vgw-…` or `tgw-…`).
type Gateway<'a> = (&'a str, &'a str, &'a str);

fn run(ctx: &Context, em: &mut Emitter) {
    let dx = ctx.directconnect();
    let mut reached: BTreeMap<Gateway, Vec<&VirtualInterface>> = BTreeMap::new();
    // Regions where some VIF is a path (reached a gateway, or could not be followed).
    let mut paths: BTreeSet<&str> = BTreeSet::new();
    for vif in &dx.virtual_interfaces {
        if ctx.blind("directconnect", &vif.region)
            || !matches!(vif.vif_type.as_str(), "private" | "transit")
            || GONE.contains(&vif.state.as_str())
        {
            continue;
        }
        if let Some(vgw) = vif.virtual_gateway_id.as_deref() {
            paths.insert(&vif.region);
            let key = (vif.account_id.as_str(), vif.region.as_str(), vgw);
            reached.entry(key).or_default().push(vif);
        }
        if vif.direct_connect_gateway_id.is_none() {
            continue;
        }
        match vif.gateway_associations.known() {
            Err(e) => {
                paths.insert(&vif.region);
                em.error(vif, e);
            }
            Ok(associations) => {
                for a in associations.into_iter().flatten() {
                    if ASSOCIATED.contains(&a.state.as_str()) {
                        paths.insert(&vif.region);
                        let key = (
                            a.gateway_account_id.as_str(),
                            a.gateway_region.as_str(),
                            a.gateway_id.as_str(),
                        );
                        reached.entry(key).or_default().push(vif);
                    }
                }
            }
        }
    }
    for region in regions::seen(ctx, "directconnect") {
        if !paths.contains(region) {
            skip_region(ctx, em, region);
        }
    }
    let mut vpns = Vpns::new(ctx);
    for (gateway, vifs) in &reached {
        judge(ctx, em, &mut vpns, *gateway, vifs);
    }
}

/// "No DX": the region has no private or transit path to judge.
fn skip_region(ctx: &Context, em: &mut Emitter, region: &str) {
    let connections: Vec<&str> = ctx
        .directconnect()
        .connections
        .iter()
        .filter(|c| c.region == region && !GONE.contains(&c.state.as_str()))
        .map(|c| c.id.as_str())
        .collect();
    let subject = regions::region_subject(ctx, "directconnect", region);
    if connections.is_empty() {
        em.skip(
            &subject,
            "no Direct Connect connection or virtual interface",
        );
    } else {
        em.skip(
            &subject,
            format!(
                "Direct Connect connection {} carries no private or transit virtual interface that reaches a gateway",
                name_list(&connections)
            ),
        );
    }
}

/// The VPN connections of each account of the inventory, by (region,
/// gateway), built when a gateway of that account is first judged.
struct Vpns<'c, 'a> {
    ctx: &'c Context<'a>,
    accounts: HashMap<String, Result<Index<'a>, String>>,
}

/// One account's VPN connections by (region, gateway), and the account as
/// the check sees it (to ask what could not be read there).
struct Index<'a> {
    ctx: Context<'a>,
    by_gateway: HashMap<(&'a str, &'a str), Vec<&'a VpnConnection>>,
}

impl<'c, 'a> Vpns<'c, 'a> {
    fn new(ctx: &'c Context<'a>) -> Self {
        Vpns {
            ctx,
            accounts: HashMap::new(),
        }
    }

    /// The VPN connections ending on `gateway`, or why they are unknown.
    fn of(&mut self, (account, region, id): Gateway) -> Result<Vec<&'a VpnConnection>, String> {
        let ctx = self.ctx;
        let index = self
            .accounts
            .entry(account.to_string())
            .or_insert_with(|| index(ctx, account));
        let index = index.as_ref().map_err(Clone::clone)?;
        if !index.ctx.account.regions.iter().any(|r| r == region) {
            return Err(format!(
                "its region {region} was not scanned, so its VPN connections are unknown"
            ));
        }
        if let Some(e) = index.ctx.unreadable(vpc::VPN_CONNECTIONS, region) {
            return Err(format!("its VPN connections could not be read: {e}"));
        }
        Ok(index
            .by_gateway
            .get(&(region, id))
            .cloned()
            .unwrap_or_default())
    }
}

fn index<'a>(ctx: &Context<'a>, account: &str) -> Result<Index<'a>, String> {
    let Some(peer) = ctx.peer(account) else {
        return Err(format!(
            "it belongs to account {account}, which this inventory does not hold, so its VPN connections are unknown"
        ));
    };
    let Some(net) = peer.account.vpc.as_ref() else {
        return Err(format!(
            "the vpc section of account {account} was not collected, so its VPN connections are unknown"
        ));
    };
    let mut by_gateway: HashMap<(&str, &str), Vec<&VpnConnection>> = HashMap::new();
    for c in &net.vpn_connections {
        if let Some(g) = c.gateway_id() {
            by_gateway.entry((&c.region, g)).or_default().push(c);
        }
    }
    Ok(Index {
        ctx: peer,
        by_gateway,
    })
}

fn judge(
    ctx: &Context,
    em: &mut Emitter,
    vpns: &mut Vpns,
    gateway: Gateway,
    vifs: &[&VirtualInterface],
) {
    let (account, region, id) = gateway;
    let kind = if id.starts_with("tgw-") {
        "transit-gateway"
    } else {
        "vpn-gateway"
    };
    let subject = Subject::arn(
        &format!(
            "arn:{}:ec2:{region}:{account}:{kind}/{id}",
            ctx.account.partition
        ),
        region,
    );
    let mut verdict = Verdict::new();
    let mut backups: Vec<&str> = Vec::new();
    match vpns.of(gateway) {
        Err(why) => verdict.error_reason(why),
        Ok(connections) => {
            let (available, other): (Vec<&VpnConnection>, Vec<&VpnConnection>) = connections
                .into_iter()
                .partition(|c| c.state.eq_ignore_ascii_case("available"));
            let down: Vec<&str> = available
                .iter()
                .filter(|c| all_down(c))
                .map(|c| c.id.as_str())
                .collect();
            backups = available
                .iter()
                .filter(|c| !all_down(c))
                .map(|c| c.id.as_str())
                .collect();
            if available.is_empty() {
                let others: Vec<String> = other
                    .iter()
                    .map(|c| format!("{} is {}", c.id, c.state))
                    .collect();
                let others = if others.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", name_list(&others))
                };
                verdict.warn(format!(
                    "no available site-to-site VPN connection ends on {id}{others}: a Direct Connect failure cuts the path from on-premises"
                ));
            } else if backups.is_empty() {
                verdict.warn(format!(
                    "both tunnels of VPN connection {} to {id} are DOWN: the backup would carry no traffic",
                    name_list(&down)
                ));
            } else if !down.is_empty() {
                verdict.note(format!(
                    "both tunnels of VPN connection {} are DOWN",
                    name_list(&down)
                ));
            }
        }
    }
    if let Some(note) = single_site(vifs) {
        verdict.note(note);
    }
    let vif_ids: Vec<&str> = vifs.iter().map(|v| v.id.as_str()).collect();
    verdict.emit(
        em,
        &subject,
        format!(
            "VPN connection {} backs up the Direct Connect path to {id} (through {})",
            name_list(&backups),
            name_list(&vif_ids)
        ),
    );
}

/// True when AWS reports tunnels for the connection and every one is `DOWN`.
fn all_down(c: &VpnConnection) -> bool {
    !c.tunnels.is_empty()
        && c.tunnels
            .iter()
            .all(|t| t.status.eq_ignore_ascii_case("DOWN"))
}

/// The catalog's information: the gateway is reached through one
/// connection, or through connections all at one location.
fn single_site(vifs: &[&VirtualInterface]) -> Option<String> {
    let connections: BTreeSet<&str> = vifs
        .iter()
        .filter_map(|v| v.connection_id.as_deref())
        .collect();
    let locations: BTreeSet<&str> = vifs.iter().filter_map(|v| v.location.as_deref()).collect();
    let at = locations
        .iter()
        .next()
        .map(|l| format!(" at {l}"))
        .unwrap_or_default();
    if connections.len() == 1 {
        let c = connections.iter().next()?;
        Some(format!(
            "reached through a single Direct Connect connection, {c}{at}, with no second location"
        ))
    } else if locations.len() == 1 && connections.len() > 1 {
        Some(format!(
            "its {} Direct Connect connections are all{at}: no second location",
            connections.len()
        ))
    } else if locations.len() == 1 {
        Some(format!("reached from a single Direct Connect location{at}"))
    } else {
        None
    }
}
