//! Firewall Manager: the account is the organization's administrator in
//! every region; the first region has a policy of every type
//! `fms-policies-compliant` requires, the others a WAF policy only; one
//! policy has a non-compliant member, one an unreadable compliance.

use super::fixture::de;
use super::gen::Gen;
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, OTHER, REGIONS};
use serde_json::{json, Value};

pub const GENERATOR: Generator = Generator {
    kinds: &[Kind::fixed("fms.regions"), Kind::fixed("fms.policies")],
    generate: |g, _| fms(g),
};

const TYPES: &[&str] = &[
    "WAFV2",
    "SHIELD_ADVANCED",
    "SECURITY_GROUPS_CONTENT_AUDIT",
    "SECURITY_GROUPS_USAGE_AUDIT",
    "DNS_FIREWALL",
    "NETWORK_FIREWALL",
];

fn fms(g: &mut Gen) {
    let mut fms = awscheck_checks::inventory::fms::Fms::default();
    let compliant = json!({"member_account": OTHER, "status": "COMPLIANT", "violator_count": 0, "violators": "absent"});
    let violating = json!({"member_account": OTHER, "status": "NON_COMPLIANT", "violator_count": 1, "violators": {"value": [
        {"resource_id": "sg-0123456789abcdef0", "resource_type": "AWS::EC2::SecurityGroup", "reason": "SECURITY_GROUP_UNUSED"}]}});
    let unreadable = json!({"error": {"operation": "ListComplianceStatus", "code": "ThrottlingException"}});
    for (r, region) in REGIONS.iter().enumerate() {
        fms.regions.push(de(json!({
            "arn": format!("arn:aws:fms:{region}:{ACCOUNT}"), "region": region, "account_id": ACCOUNT,
            "administrator": {"value": {"account": ACCOUNT, "role_status": "READY"}}
        })));
        let types = if r == 0 { TYPES } else { &TYPES[..1] };
        for (t, ty) in types.iter().enumerate() {
            let compliance: Value = match (r, t) {
                (0, 3) => json!({"value": [violating.clone()]}),
                (1, 0) => unreadable.clone(),
                _ => json!({"value": [compliant.clone()]}),
            };
            let id = format!("{r:08x}-0f3a-4c5e-9b1d-{t:012x}");
            fms.policies.push(de(json!({
                "arn": format!("arn:aws:fms:{region}:{ACCOUNT}:policy/{id}"), "region": region,
                "account_id": ACCOUNT, "id": id, "name": format!("org-{}", ty.to_lowercase()),
                "security_service_type": ty, "remediation_enabled": t % 2 == 0, "compliance": compliance
            })));
        }
    }
    g.acct.fms = Some(fms);
}
