//! ## What it checks
//!
//! Every VPC has an `ACTIVE` flow log whose resource is the VPC itself.
//!
//! - PASS: an active VPC-level flow log records all traffic (`ALL`) and
//!   delivers.
//! - FAIL: no active flow log on the VPC; or one of its flow logs reports
//!   `DeliverLogsStatus=FAILED` (the reason quotes the error message).
//! - Advisory (FAIL at low): only subnets or network interfaces of the VPC
//!   have flow logs (the rest of its traffic is unrecorded); or the VPC's
//!   flow logs record only `ACCEPT` or only `REJECT` traffic.
//! - SKIP: a default VPC without network interfaces (nothing runs in it).
//! - ERROR: the region's VPCs, flow logs, subnets or network interfaces
//!   could not be read (reported once for the region).
//!
//! GuardDuty reads VPC flow logs on its own, independently of these: a
//! GuardDuty PASS does not make this check pass.
//!
//! ## Why it matters
//!
//! Flow logs are the network forensic record: which addresses talked to
//! which, on what ports, accepted or rejected. Without them an intrusion or
//! an exfiltration leaves no network trace. The notes list VPC flow logs,
//! to S3 and CloudWatch Logs, among the logs every account keeps
//! (notes 000 › Monitoring and Logging › "all kinds of logs"; the
//! "cloudwatch-logs" sources).
//!
//! ## How to fix
//!
//! - **Console**: VPC › Your VPCs › the VPC › Flow logs › Create flow log,
//!   filter **All**, destination S3 or CloudWatch Logs (with a role that
//!   may write to the group).
//! - **CLI**: `aws ec2 create-flow-logs --resource-type VPC --resource-ids vpc-… --traffic-type ALL --log-destination-type s3 --log-destination arn:aws:s3:::BUCKET/vpc/`.
//! - **CloudFormation**: an `AWS::EC2::FlowLog` with `ResourceType: VPC`,
//!   `ResourceId: !Ref Vpc`, `TrafficType: ALL` and its destination.
//! - A `FAILED` delivery: fix the destination (the role's permissions, the
//!   bucket policy, the log group) named in the reason.
//!
//! ## References
//!
//! - Study notes: 000 › Monitoring and Logging › "all kinds of logs";
//!   "cloudwatch-logs" (sources).
//! - AWS: "Logging IP traffic using VPC Flow Logs".
//! - AWS Config managed rule `vpc-flow-logs-enabled`; Prowler
//!   `vpc_flow_logs_enabled`.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::vpc::{self, FlowLog, Vpc};
use std::collections::{HashMap, HashSet};

pub static CHECK: Check = Check {
    id: "vpc-flow-logs",
    title: "Every VPC has an active flow log",
    service: "vpc",
    severity: Severity::Medium,
    section: "000 › Monitoring and Logging › \"all kinds of logs\"",
    catalog: "MON-09",
    reads: &[
        vpc::VPCS,
        vpc::FLOW_LOGS,
        vpc::SUBNETS,
        vpc::NETWORK_INTERFACES,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: Some("vpc-flow-logs-enabled"),
    prowler: Some("vpc_flow_logs_enabled"),
    source: include_str!("flow_logs.rs"),
    run,
};

/// What is known of one VPC's flow logs and interfaces.
#[derive(Default)]
struct Seen<'a> {
    /// Flow logs whose resource is the VPC.
    own: Vec<&'a FlowLog>,
    /// Flow logs on its subnets or network interfaces.
    parts: Vec<&'a FlowLog>,
    interfaces: usize,
}

fn run(ctx: &Context, em: &mut Emitter) {
    let net = ctx.vpc();
    // (region, subnet or interface id) → its VPC (ids are unique; a shared
    // VPC's owner is another account).
    let mut owner: HashMap<(&str, &str), &str> = HashMap::new();
    for s in &net.subnets {
        owner.insert((&s.region, &s.id), &s.vpc_id);
    }
    let mut seen: HashMap<(&str, &str), Seen> = HashMap::new();
    for eni in &net.network_interfaces {
        if let Some(v) = eni.vpc_id.as_deref() {
            owner.insert((&eni.region, &eni.id), v);
            seen.entry((&eni.region, v)).or_default().interfaces += 1;
        }
    }
    let vpcs: HashSet<(&str, &str)> = net
        .vpcs
        .iter()
        .map(|v| (v.region.as_str(), v.id.as_str()))
        .collect();
    for log in &net.flow_logs {
        let key = (log.region.as_str(), log.resource_id.as_str());
        if vpcs.contains(&key) {
            seen.entry(key).or_default().own.push(log);
        } else if let Some(v) = owner.get(&key) {
            seen.entry((key.0, v)).or_default().parts.push(log);
        }
    }
    let none = Seen::default();
    for v in &net.vpcs {
        if ctx.blind("vpc", &v.region) {
            continue; // the engine reported the region
        }
        let s = seen
            .get(&(v.region.as_str(), v.id.as_str()))
            .unwrap_or(&none);
        judge(v, s, em);
    }
}

fn judge(v: &Vpc, seen: &Seen, em: &mut Emitter) {
    let active: Vec<&FlowLog> = seen
        .own
        .iter()
        .copied()
        .filter(|l| l.status.eq_ignore_ascii_case("ACTIVE"))
        .collect();
    if active.is_empty() {
        if v.is_default && seen.interfaces == 0 {
            return em.skip(v, "default VPC without network interfaces");
        }
        let partial: Vec<&str> = seen
            .parts
            .iter()
            .filter(|l| l.status.eq_ignore_ascii_case("ACTIVE"))
            .map(|l| l.resource_id.as_str())
            .collect();
        if partial.is_empty() {
            return em.fail(v, "no active flow log on the VPC");
        }
        return em.warn(
            v,
            format!(
                "no VPC-level flow log, only on {}: the rest of the VPC's traffic is unrecorded",
                crate::engine::name_list(&partial)
            ),
        );
    }
    let mut verdict = Verdict::new();
    for l in &active {
        if l.deliver_logs_status
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("FAILED"))
        {
            let why = l
                .deliver_logs_error_message
                .as_deref()
                .unwrap_or("no message");
            verdict.fail(format!("flow log {} fails to deliver: {why}", l.id));
        }
    }
    if !active
        .iter()
        .any(|l| l.traffic_type.eq_ignore_ascii_case("ALL"))
    {
        let types: Vec<&str> = active.iter().map(|l| l.traffic_type.as_str()).collect();
        verdict.warn(format!(
            "the VPC's flow logs record only {} traffic, not ALL",
            types.join(", ")
        ));
    }
    let ids: Vec<&str> = active.iter().map(|l| l.id.as_str()).collect();
    verdict.emit(
        em,
        v,
        format!(
            "active flow log {} on the VPC",
            crate::engine::name_list(&ids)
        ),
    );
}
