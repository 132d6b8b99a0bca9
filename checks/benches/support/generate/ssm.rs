//! Systems Manager: managed nodes (the EC2 instances, then hybrid nodes),
//! each region's default host management role, and the remediation
//! documents.

use super::ec2::Instances;
use super::fixture::{absent, de, denied, throttled, val};
use super::gen::Gen;
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, BLIND, REGIONS};
use serde_json::json;

const MANAGED_INSTANCES: Kind = Kind::scaled("ssm.managed_instances", 70);

pub const GENERATOR: Generator = Generator {
    kinds: &[
        MANAGED_INSTANCES,
        Kind::fixed("ssm.regions"),
        Kind::fixed("ssm.documents"),
    ],
    generate: |g, n| ssm(g, n[MANAGED_INSTANCES]),
};

/// Managed nodes for the first instances (Online, ConnectionLost,
/// Inactive) and hybrid `mi-` nodes beyond them, with patch states and
/// compliance summaries of every kind; DHMC and the remediation
/// documents per region.
fn ssm(g: &mut Gen, n: usize) {
    let mut ssm = awscheck_checks::inventory::ssm::Ssm::default();
    for j in 0..n {
        let (r, id) = match g.made.of::<Instances>().0.get(j) {
            Some((r, id)) => (*r, id.clone()),
            None => (g.region(), format!("mi-{j:017x}")),
        };
        let region = REGIONS[r];
        let ping = match g.rng.pct() {
            0..=84 => "Online",
            85..=90 => "ConnectionLost",
            _ => "Inactive",
        };
        let patch_state = match g.rng.pct() {
            0..=84 => {
                let missing = if g.rng.chance(20) {
                    g.rng.below(12)
                } else {
                    0
                };
                let failed = usize::from(g.rng.chance(5));
                let reboot = usize::from(g.rng.chance(8));
                let age = if g.rng.chance(80) { 48 } else { 24 * 20 };
                val(json!({"missing_count": missing, "failed_count": failed,
                    "installed_pending_reboot_count": reboot, "installed_rejected_count": usize::from(g.rng.chance(3)),
                    "operation_end_time": g.ago(age)}))
            }
            85..=92 => absent(),
            _ => denied("DescribeInstancePatchStates"),
        };
        let compliance = match g.rng.pct() {
            0..=69 => val(json!({"status": "COMPLIANT"})),
            70..=89 => {
                let sev = *g.rng.pick(&[
                    "CRITICAL",
                    "HIGH",
                    "MEDIUM",
                    "LOW",
                    "INFORMATIONAL",
                    "SEVERE",
                ]);
                val(json!({"status": "NON_COMPLIANT", "overall_severity": sev}))
            }
            90..=94 => absent(),
            _ => throttled("ListResourceComplianceSummaries"),
        };
        ssm.managed_instances.push(de(json!({
            "arn": format!("arn:aws:ssm:{region}:{ACCOUNT}:managed-instance/{id}"),
            "region": region, "account_id": ACCOUNT, "instance_id": id, "ping_status": ping,
            "is_latest_version": !g.rng.chance(10), "last_ping": g.ago(3),
            "patch_state": patch_state, "patch_compliance": compliance
        })));
    }
    let dhmc = [
        val("AWSSystemsManagerDefaultEC2InstanceManagementRole"),
        absent(),
        val("AWSSystemsManagerDefaultEC2InstanceManagementRole"),
        denied("GetServiceSetting"),
    ];
    for (region, role) in REGIONS.iter().zip(dhmc) {
        ssm.regions
            .push(de(json!({"region": region, "dhmc_role": role})));
    }
    for (r, region) in REGIONS.iter().enumerate() {
        let info = if r == BLIND {
            absent()
        } else {
            val(
                json!({"document_type": "Automation", "latest_version": "3", "default_version": "1"}),
            )
        };
        ssm.documents.push(de(
            json!({"region": region, "name": "AWS-ConfigureS3BucketLogging", "info": info}),
        ));
    }
    ssm.documents.push(de(
        json!({"region": "eu-west-1", "name": "Custom-FixLogging",
        "info": val(json!({"document_type": "Command", "latest_version": "1"}))}),
    ));
    g.acct.ssm = Some(ssm);
}
