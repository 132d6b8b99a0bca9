//! ## What it checks
//!
//! GuardDuty and Inspector are administered centrally by the security
//! account and enabled automatically for every member
//! (`organizations:ListDelegatedAdministrators`,
//! `organizations:ListDelegatedServicesForAccount`,
//! `guardduty:DescribeOrganizationConfiguration`, `guardduty:ListMembers`,
//! `inspector2:DescribeOrganizationConfiguration`).
//!
//! - **The organization** (from the management account; one finding, the
//!   organization's ARN the resource):
//!   - FAIL: GuardDuty has no delegated administrator; or it is not
//!     `security_account_id` (when set); or, with `security_account_id`
//!     unset, it is the management account itself.
//!   - ERROR: the delegated administrators, or the services of one of them,
//!     could not be read.
//!   - Info (a note on the finding): the delegated administrators of AWS
//!     Config, CloudFormation StackSets and Firewall Manager.
//!   - From a member account or an account in no organization: SKIP, with
//!     the reason the organization's administrators cannot be seen.
//! - **Each GuardDuty detector** (account-level, judged wherever the
//!   account is GuardDuty's administrator, that is where
//!   `DescribeOrganizationConfiguration` answers):
//!   - `AutoEnableOrganizationMembers` `ALL`: PASS; `NEW`: advisory (FAIL
//!     at low: existing accounts are not covered); `NONE`: FAIL.
//!   - FAIL: a member whose `RelationshipStatus` is not `Enabled`.
//!   - SKIP: the account is not the GuardDuty administrator there.
//!   - ERROR: the organization configuration or the members could not be read.
//! - **Inspector, each region** (account-level, judged where the account is
//!   Inspector's delegated administrator):
//!   - Advisory: `autoEnable` is false for `ec2`, `ecr` or `lambda`.
//!   - SKIP: the account is not Inspector's delegated administrator there.
//!   - ERROR: the organization configuration could not be read.
//!
//! ## Why it matters
//!
//! GuardDuty's administrator (or delegated administrator) account manages
//! its members (notes 000 › Security and Compliance › "Amazon guardduty",
//! advanced: multi-account strategy), Inspector is run the same way (000 ›
//! Security and Compliance › "amazon inspector"), and the organization
//! keeps a dedicated account for security (000 › Security and Compliance ›
//! "AWS organizations"). Without central administration and auto-enable,
//! new or existing accounts silently lack threat detection and
//! vulnerability scanning.
//!
//! ## How to fix
//!
//! Delegate GuardDuty and Inspector to the security account, and from it
//! auto-enable every member.
//!
//! - **Console**: from the management account, GuardDuty › Settings › Delegated administrator: the security account; from the security account, GuardDuty › Accounts › Auto-enable: All accounts, and Inspector › Settings › General › Auto-enable EC2, ECR and Lambda scanning.
//! - **CLI**: `aws guardduty enable-organization-admin-account --admin-account-id SECURITY`; `aws guardduty update-organization-configuration --detector-id ID --auto-enable-organization-members ALL`; `aws inspector2 enable-delegated-admin-account --delegated-admin-account-id SECURITY`; `aws inspector2 update-organization-configuration --auto-enable ec2=true,ecr=true,lambda=true`.
//! - **CloudFormation**: `AWS::GuardDuty::Detector` in the security account, and a StackSet (or the console) for the organization settings: the organization configuration has no CloudFormation resource.
//!
//! ## References
//!
//! - Study notes: 000 › Security and Compliance › "Amazon guardduty"; 000 › Security and Compliance › "amazon inspector"; 000 › Security and Compliance › "AWS organizations".
//! - AWS: GuardDuty user guide, "Managing GuardDuty accounts with AWS Organizations"; Inspector user guide, "Managing multiple accounts with AWS Organizations"; Organizations user guide, "AWS services that you can use with AWS Organizations".
//! - AWS Config managed rule `guardduty-enabled-centralized` (related); Prowler `guardduty_centrally_managed` and `inspector2_is_enabled` (related).

use super::{administering, standing, Standing};
use crate::engine::{Check, Context, Emitter, Severity, Subject, Verdict};
use crate::inventory::guardduty::{self, Detector};
use crate::inventory::inspector2::{self, InspectorRegion};
use crate::inventory::organizations::{self, Organization, OrganizationView};
use crate::inventory::GLOBAL;
use crate::judge::regions;
use crate::settings::Setting;

static SECURITY_ACCOUNT_ID: Setting<String> = Setting::new(
    "security_account_id",
    "The organization's security account (12 digits), which should be the delegated administrator of GuardDuty; empty: any account but the management account.",
    "\"\"",
    crate::settings::account_id_or_empty,
);

pub static CHECK: Check = Check {
    id: "security-services-org-coverage",
    title: "GuardDuty and Inspector are centrally administered and auto-enabled for all members",
    service: "organizations",
    severity: Severity::Medium,
    section: "000 › Security and Compliance › \"Amazon guardduty\"",
    catalog: "SEC-09",
    reads: &[
        organizations::ORGANIZATION,
        organizations::DELEGATED_ADMINISTRATORS,
        guardduty::DETECTORS,
        guardduty::ORGANIZATION_CONFIGURATION,
        guardduty::MEMBERS,
        inspector2::ACCOUNT_STATUS,
        inspector2::ORGANIZATION_CONFIGURATION,
    ],
    tolerates: &[],
    settings: &[&SECURITY_ACCOUNT_ID],
    config_rule: Some("guardduty-enabled-centralized"),
    prowler: Some("guardduty_centrally_managed"),
    source: include_str!("security_services.rs"),
    run,
};

const GUARDDUTY: &str = "guardduty.amazonaws.com";
/// The other services whose delegated administrators the finding lists.
const LISTED: [(&str, &[&str]); 3] = [
    (
        "Config",
        &[
            "config.amazonaws.com",
            "config-multiaccountsetup.amazonaws.com",
        ],
    ),
    (
        "StackSets",
        &["member.org.stacksets.cloudformation.amazonaws.com"],
    ),
    ("Firewall Manager", &["fms.amazonaws.com"]),
];

fn run(ctx: &Context, em: &mut Emitter) {
    let here = regions::account_subject(ctx, "organizations");
    match standing(ctx) {
        Err(why) => em.error_reason(&here, why),
        Ok(Standing::Member(_, why) | Standing::Alone(why)) => em.skip(&here, why),
        Ok(Standing::Management(view, org)) => {
            judge_admins(view, org, &ctx.setting(&SECURITY_ACCOUNT_ID), em)
        }
    }
    for d in &ctx.guardduty().detectors {
        judge_detector(d, em);
    }
    for r in &ctx.inspector2().regions {
        judge_inspector(ctx, r, em);
    }
}

fn judge_admins(view: &OrganizationView, org: &Organization, security: &str, em: &mut Emitter) {
    let subject = Subject::arn(&org.arn, GLOBAL);
    let admins = match view.delegated_administrators.known() {
        Err(e) => return em.error(&subject, e),
        Ok(None) => {
            return em.error_reason(
                &subject,
                "the delegated administrators were not read in the management account",
            )
        }
        Ok(Some(a)) => a,
    };
    let mut v = Verdict::new();
    let mut unread = Vec::new();
    let of = |principals: &[&str]| administering(admins, principals);
    for a in admins {
        if let Err(e) = a.services.known() {
            unread.push(format!("the services of {}: {e}", a.account_id));
        }
    }
    let guardduty = of(&[GUARDDUTY]);
    let pass = match guardduty.as_slice() {
        [] if !unread.is_empty() => {
            v.error_reason(unread.join("; "));
            String::new()
        }
        [] => {
            v.fail("GuardDuty has no delegated administrator: members are not managed centrally");
            String::new()
        }
        [admin, ..] => {
            let admin = *admin;
            if !security.is_empty() && admin != security {
                v.fail(format!(
                    "GuardDuty's delegated administrator is {admin}, not the security account {security}"
                ));
            } else if security.is_empty() && admin == org.management_account_id {
                v.fail(format!(
                    "GuardDuty's delegated administrator is the management account {admin}: delegate it to a security account"
                ));
            }
            format!("GuardDuty is administered by {admin}")
        }
    };
    if security.is_empty() {
        v.note("security_account_id is not set");
    }
    let listed: Vec<String> = LISTED
        .iter()
        .map(|(name, principals)| {
            let who = of(principals);
            format!(
                "{name}: {}",
                if who.is_empty() {
                    "none".to_string()
                } else {
                    who.join(", ")
                }
            )
        })
        .collect();
    v.note(format!("delegated administrators: {}", listed.join(", ")));
    v.emit(em, &subject, pass);
}

/// The delegated administrators known to administer one of `principals`.
fn judge_detector(d: &Detector, em: &mut Emitter) {
    let config = match d.organization.known() {
        Err(e) => return em.error(d, e),
        Ok(None) => {
            return em.skip(
                d,
                format!(
                    "this account is not GuardDuty's administrator in {}",
                    d.region
                ),
            )
        }
        Ok(Some(c)) => c,
    };
    let mut v = Verdict::new();
    match config.auto_enable_organization_members.as_str() {
        "ALL" => {}
        "NEW" => v.warn(
            "AutoEnableOrganizationMembers is NEW: accounts that were members before are not enabled",
        ),
        other => v.fail(format!(
            "AutoEnableOrganizationMembers is {other}: member accounts are not enabled automatically"
        )),
    }
    let mut count = 0;
    match d.members.known() {
        Err(e) => v.error(e),
        Ok(members) => {
            let members = members.map(Vec::as_slice).unwrap_or_default();
            count = members.len();
            let off: Vec<String> = members
                .iter()
                .filter(|m| m.relationship_status != "Enabled")
                .map(|m| format!("{} ({})", m.account_id, m.relationship_status))
                .collect();
            if !off.is_empty() {
                v.fail(format!(
                    "member(s) not Enabled: {}",
                    crate::engine::name_list(&off)
                ));
            }
        }
    }
    v.emit(
        em,
        d,
        format!("auto-enable ALL, and its {count} member(s) are Enabled"),
    );
}

fn judge_inspector(ctx: &Context, r: &InspectorRegion, em: &mut Emitter) {
    let subject = regions::region_subject(ctx, "inspector2", &r.region);
    let auto = match r.organization_configuration.known() {
        Err(e) => return em.error(&subject, e),
        Ok(None) => {
            return em.skip(
                &subject,
                format!(
                    "this account is not Inspector's delegated administrator in {}",
                    r.region
                ),
            )
        }
        Ok(Some(a)) => a,
    };
    let off: Vec<&str> = [
        ("ec2", auto.ec2),
        ("ecr", auto.ecr),
        ("lambda", auto.lambda),
    ]
    .iter()
    .filter(|(_, on)| !on)
    .map(|(name, _)| *name)
    .collect();
    let mut v = Verdict::new();
    if !off.is_empty() {
        v.warn(format!(
            "Inspector does not auto-enable {} scanning for member accounts",
            off.join(", ")
        ));
    }
    v.emit(
        em,
        &subject,
        "Inspector auto-enables ec2, ecr and lambda scanning for member accounts",
    );
}
