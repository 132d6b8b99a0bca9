//! ## What it checks
//!
//! In the organization's Firewall Manager administrator account, the
//! policies of each region cover the required security services, and the
//! member accounts they reach comply with them (`fms:GetAdminAccount`,
//! `fms:ListPolicies`, `fms:ListComplianceStatus`, `fms:GetComplianceDetail`).
//!
//! - **Each scanned region** (one finding; Firewall Manager policies are
//!   regional):
//!   - in the administrator account, FAIL when no policy has a type of
//!     `fms_required_policy_types` (`SecurityServiceType`: `WAFV2`,
//!     `SHIELD_ADVANCED`, `SECURITY_GROUPS_CONTENT_AUDIT`,
//!     `SECURITY_GROUPS_USAGE_AUDIT`, `DNS_FIREWALL`, `NETWORK_FIREWALL`…),
//!     naming the missing types; PASS when every type has a policy;
//!   - SKIP in any other account, with the reason: the administrator is
//!     another account (named), Firewall Manager refuses this account its
//!     administration calls (it is not the administrator), or the
//!     organization has no Firewall Manager administrator. Only the
//!     administrator can read policies and compliance, so another account
//!     never FAILs;
//!   - ERROR when `GetAdminAccount` failed (throttling, IAM's
//!     AccessDenied). Where `ListPolicies` failed the engine reports ERROR.
//! - **Each policy** (its ARN the resource):
//!   - FAIL when a member account is `NON_COMPLIANT`, listing the accounts
//!     and their violating resources from `GetComplianceDetail` (type, id
//!     and violation reason); a violator list that could not be read is
//!     noted, the FAIL stands;
//!   - advisory (FAIL at low) when `RemediationEnabled` is false (identify
//!     only) and `fms_require_remediation` is true;
//!   - PASS when every member account in scope is `COMPLIANT` (or none is
//!     in scope yet); ERROR when `ListComplianceStatus` failed; SKIP when
//!     the policy was deleted since it was listed.
//!
//! Not judged: the catalog's "without Firewall Manager" fallbacks (VPCs
//! without a `COMPLETE` Route 53 Resolver DNS Firewall association, and
//! Shield Advanced protections of internet-facing resources): awscheck
//! does not collect DNS Firewall associations or Shield yet, so an
//! organization without an administrator is a SKIP that says so.
//!
//! ## Why it matters
//!
//! Firewall Manager applies WAF rules, Shield Advanced protections,
//! security group common, audit and usage-audit policies, Network Firewall
//! and Route 53 Resolver DNS Firewall across every account of the
//! organization, including resources and accounts created later; policies
//! are created per region and either identify non-compliant resources or
//! remediate them (notes 000 › Security and Compliance › "AWS firewall
//! manager"). A missing policy type or a non-compliant member leaves
//! resources outside the baseline firewall.
//!
//! ## How to fix
//!
//! In the Firewall Manager administrator account, create a policy per
//! missing type in each region, and fix (or turn on auto-remediation for)
//! the violating resources of non-compliant members.
//!
//! - **Console**: Firewall Manager › Security policies › Create policy (choose the type and region; "Auto remediate any noncompliant resources"); Security policies › the policy › Accounts and resources › the account › the violating resources.
//! - **CLI**: `aws fms put-policy --region REGION --policy file://policy.json` (`SecurityServicePolicyData.Type`, `RemediationEnabled: true`); `aws fms list-compliance-status --policy-id ID`; `aws fms get-compliance-detail --policy-id ID --member-account ACCOUNT`.
//! - **CloudFormation**: an `AWS::FMS::Policy` per type (`SecurityServicePolicyData: {Type: WAFV2, ManagedServiceData: …}`, `RemediationEnabled: true`, `ExcludeResourceTags: false`), deployed in the administrator account per region (a StackSet across regions).
//!
//! ## References
//!
//! - Study notes: 000 › Security and Compliance › "AWS firewall manager".
//! - AWS: AWS WAF, Firewall Manager and Shield Advanced developer guide, "Firewall Manager policies" and "Viewing compliance information for a Firewall Manager policy"; Firewall Manager API reference, `ListComplianceStatus` and `GetComplianceDetail`.
//! - AWS Config managed rules `fms-webacl-resource-policy-check` and `fms-shield-resource-policy-check` (evaluated by Firewall Manager itself); Prowler `fms_policy_compliant`.

use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::fms::{self, FmsRegion, MemberCompliance, Policy};
use crate::settings::Setting;
use std::collections::{BTreeMap, BTreeSet};

pub static CHECK: Check = Check {
    id: "fms-policies-compliant",
    title: "Firewall Manager policies cover WAF, Shield, security groups, DNS Firewall and Network Firewall, with members compliant",
    service: "fms",
    severity: Severity::Medium,
    section: "000 › Security and Compliance › \"AWS firewall manager\"",
    catalog: "SEC-18",
    reads: &[
        fms::REGIONS,
        fms::ADMINISTRATOR,
        fms::POLICIES,
        fms::COMPLIANCE,
        fms::VIOLATORS,
    ],
    tolerates: &[],
    settings: &[&REQUIRED_POLICY_TYPES, &REQUIRE_REMEDIATION],
    config_rule: Some("fms-webacl-resource-policy-check"),
    prowler: Some("fms_policy_compliant"),
    source: include_str!("policies_compliant.rs"),
    run,
};

/// Firewall Manager's policy types (`SecurityServiceType`).
const POLICY_TYPES: &[&str] = &[
    "WAF",
    "WAFV2",
    "SHIELD_ADVANCED",
    "SECURITY_GROUPS_COMMON",
    "SECURITY_GROUPS_CONTENT_AUDIT",
    "SECURITY_GROUPS_USAGE_AUDIT",
    "NETWORK_FIREWALL",
    "DNS_FIREWALL",
    "THIRD_PARTY_FIREWALL",
    "IMPORT_NETWORK_FIREWALL",
    "NETWORK_ACL_COMMON",
];

static REQUIRED_POLICY_TYPES: Setting<Vec<String>> = Setting::new(
    "fms_required_policy_types",
    "The Firewall Manager policy types (SecurityServiceType) the administrator must have a policy of in each scanned region.",
    r#"["WAFV2", "SHIELD_ADVANCED", "SECURITY_GROUPS_CONTENT_AUDIT", "SECURITY_GROUPS_USAGE_AUDIT", "DNS_FIREWALL", "NETWORK_FIREWALL"]"#,
    policy_types,
);

static REQUIRE_REMEDIATION: Setting<bool> = Setting::new(
    "fms_require_remediation",
    "Firewall Manager policies must remediate non-compliant resources automatically (an identify-only policy is an advisory).",
    "false",
    crate::settings::any,
);

#[allow(clippy::ptr_arg, reason = "a validator takes &T, here T = Vec<String>")]
fn policy_types(v: &Vec<String>) -> Result<(), String> {
    crate::settings::among(v, POLICY_TYPES, "policy types")
}

fn run(ctx: &Context, em: &mut Emitter) {
    let required = ctx.setting(&REQUIRED_POLICY_TYPES);
    let require_remediation = ctx.setting(&REQUIRE_REMEDIATION);
    let section = ctx.fms();
    let mut types: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for p in &section.policies {
        types
            .entry(p.region.as_str())
            .or_default()
            .insert(&p.security_service_type);
    }
    for region in &section.regions {
        if ctx.blind("fms", &region.region) {
            // The engine reports ERROR for Firewall Manager in that region.
            continue;
        }
        let present = types.get(region.region.as_str());
        judge_region(ctx, region, present, &required, em);
    }
    for policy in &section.policies {
        judge_policy(policy, require_remediation, em);
    }
}

fn judge_region(
    ctx: &Context,
    region: &FmsRegion,
    present: Option<&BTreeSet<&str>>,
    required: &[String],
    em: &mut Emitter,
) {
    let administrator = match region.administrator.known() {
        Err(e) => return em.error(region, e),
        Ok(None) => return em.skip(
            region,
            "the organization has no Firewall Manager administrator: no Firewall Manager policy applies (the DNS Firewall and Shield Advanced fallbacks are not judged)",
        ),
        Ok(Some(a)) => a,
    };
    match administrator.account.as_deref() {
        None => em.skip(
            region,
            "Firewall Manager refuses this account its administration calls: it is not the Firewall Manager administrator, where policies and member compliance are judged",
        ),
        Some(admin) if admin != ctx.account.account_id => em.skip(
            region,
            format!("the Firewall Manager administrator is account {admin}: policies and member compliance are judged there"),
        ),
        Some(_) => {
            let missing: Vec<&str> = required
                .iter()
                .map(String::as_str)
                .filter(|t| !present.is_some_and(|p| p.iter().any(|x| x.eq_ignore_ascii_case(t))))
                .collect();
            if missing.is_empty() {
                em.pass(
                    region,
                    format!(
                        "Firewall Manager policies in {} cover every required type ({})",
                        region.region,
                        required.join(", ")
                    ),
                )
            } else {
                em.fail(
                    region,
                    format!(
                        "no Firewall Manager policy of type {} in {}",
                        missing.join(", "),
                        region.region
                    ),
                )
            }
        }
    }
}

fn judge_policy(policy: &Policy, require_remediation: bool, em: &mut Emitter) {
    let members = match policy.compliance.known() {
        Err(e) => return em.error(policy, e),
        Ok(None) => {
            return em.skip(
                policy,
                format!("policy {} was deleted since it was listed", policy.name),
            )
        }
        Ok(Some(m)) => m,
    };
    let mut v = Verdict::new();
    let violating: Vec<String> = members
        .iter()
        .filter(|m| m.status == "NON_COMPLIANT")
        .map(|m| member_violations(m, &mut v))
        .collect();
    if !violating.is_empty() {
        v.fail(format!(
            "{} policy {}: {} member account(s) NON_COMPLIANT: {}",
            policy.security_service_type,
            policy.name,
            violating.len(),
            violating.join("; ")
        ));
    }
    if !policy.remediation_enabled {
        if require_remediation {
            v.warn(format!(
                "policy {} only identifies non-compliant resources (RemediationEnabled is false) and fms_require_remediation is set",
                policy.name
            ));
        } else {
            v.note("identify only: RemediationEnabled is false");
        }
    }
    v.emit(
        em,
        policy,
        format!(
            "{} policy {}: {} member account(s) in scope, all COMPLIANT",
            policy.security_service_type,
            policy.name,
            members.len()
        ),
    );
}

/// `ACCOUNT (N violators: TYPE ID REASON, …)`; a violator list that could
/// not be read becomes a note of `v`.
fn member_violations(m: &MemberCompliance, v: &mut Verdict) -> String {
    match m.violators.known() {
        Ok(Some(list)) if !list.is_empty() => {
            let shown: Vec<String> = list
                .iter()
                .map(|x| format!("{} {} {}", x.resource_type, x.resource_id, x.reason))
                .collect();
            format!("{} ({})", m.member_account, name_list(&shown))
        }
        Ok(_) => format!("{} ({} violators)", m.member_account, m.violator_count),
        Err(e) => {
            v.note(format!(
                "the violators of account {} could not be read: {e}",
                m.member_account
            ));
            format!("{} ({} violators)", m.member_account, m.violator_count)
        }
    }
}
