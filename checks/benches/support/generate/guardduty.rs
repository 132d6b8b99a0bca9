//! GuardDuty: one detector per region but the last, with protection plans
//! on or off, open findings, suppression rules, and the organization's
//! auto-enable settings and members where it is the administrator.

use super::fixture::{absent, de, denied, val};
use super::gen::Gen;
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, OTHER, REGIONS};
use serde_json::{json, Value};

pub const GENERATOR: Generator = Generator {
    kinds: &[Kind::fixed("guardduty.detectors")],
    generate: |g, _| guardduty(g),
};

/// Detectors: enabled with every plan; enabled with plans off where
/// resources need them; unreadable; and a region without one.
fn guardduty(g: &mut Gen) {
    let mut gd = awscheck_checks::inventory::guardduty::GuardDuty::default();
    let features = |off: &[&str]| -> Value {
        ["S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "LAMBDA_NETWORK_LOGS", "RUNTIME_MONITORING"]
            .iter()
            .map(|f| json!({"name": f, "status": if off.contains(f) { "DISABLED" } else { "ENABLED" }}))
            .collect()
    };
    let details = [
        val(json!({"status": "ENABLED", "features": features(&[])})),
        val(
            json!({"status": "ENABLED", "features": features(&["S3_DATA_EVENTS", "LAMBDA_NETWORK_LOGS", "EKS_AUDIT_LOGS"])}),
        ),
        denied("GetDetector"),
    ];
    let finding = |severity: f64, created: &str| {
        json!({"id": format!("f{severity}"), "type": "Recon:EC2/PortProbeUnprotectedPort", "severity": severity,
               "created_at": created, "updated_at": "2026-11-20T08:00:00Z"})
    };
    // Open findings: a stale high one, a recent one, none; unreadable.
    let findings = [
        val(json!([finding(8.0, "2026-11-10T00:00:00Z"), finding(5.0, "2026-11-19T00:00:00Z")])),
        val(json!([finding(7.5, "2026-11-20T06:00:00Z")])),
        denied("ListFindings"),
    ];
    // Suppression rules: none; one archiving a type everywhere.
    let filters = [
        val(json!([])),
        val(json!([{"name": "quiet", "action": "ARCHIVE", "rank": 1,
                    "criteria": [{"field": "type", "equals": ["Recon:EC2/PortProbeUnprotectedPort"]}]}])),
        val(json!([])),
    ];
    // Organization administration: auto-enable for all members, with a
    // member not enabled; not the administrator here; NEW only.
    let config = |auto: &str| val(json!({"auto_enable_organization_members": auto,
        "features": [{"name": "S3_DATA_EVENTS", "auto_enable": auto}]}));
    let organization = [config("ALL"), absent(), config("NEW")];
    let members = [
        val(json!([{"account_id": OTHER, "relationship_status": "Enabled"},
                   {"account_id": "300000000009", "relationship_status": "Invited"}])),
        val(json!([])),
        denied("ListMembers"),
    ];
    let admin = organization.into_iter().zip(members);
    for (r, (((d, f), filters), (org, members))) in details.into_iter().zip(findings).zip(filters).zip(admin).enumerate() {
        let region = REGIONS[r];
        let id = format!("{:032x}", r + 1);
        gd.detectors.push(de(json!({
            "arn": format!("arn:aws:guardduty:{region}:{ACCOUNT}:detector/{id}"),
            "region": region, "account_id": ACCOUNT, "id": id, "details": d,
            "findings": f, "filters": filters, "organization": org, "members": members
        })));
    }
    g.acct.guardduty = Some(gd);
}
