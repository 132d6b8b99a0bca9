//! ## What it checks
//!
//! Each member account's `OrganizationAccountAccessRole` exists where it is
//! needed and trusts only the management account
//! (`organizations:DescribeOrganization`, `organizations:ListAccounts`
//! `JoinedMethod`, and the member account's IAM roles, read in a
//! multi-account scan). One finding per member account and role, the
//! role's ARN the resource.
//!
//! - From the **management account**, for each member account the
//!   inventory also holds (its IAM roles are looked up there):
//!   - Advisory (FAIL at low): an account that joined by invitation
//!     (`INVITED`) has no `OrganizationAccountAccessRole`: the management
//!     account cannot administer it.
//!   - SKIP: a created account without the role (it was removed on
//!     purpose; nothing trusts the management account).
//!   - the role's trust policy is judged (below).
//!   - SKIP: a member account this inventory does not hold (its roles
//!     cannot be seen: scan it too); a suspended or closed account.
//!   - ERROR: the member's IAM roles were not collected or could not be
//!     listed; the organization's accounts could not be read.
//! - From a **member account** whose management account is not in the
//!   inventory, its own role is judged (an account-level rule: the
//!   management account's id is visible to members); SKIP when it has none
//!   (whether it joined by invitation is visible only to the management
//!   account). When the management account is in the inventory, its scan
//!   judges the role and the member's adds nothing.
//! - Control Tower's `AWSControlTowerExecution`, the same administrator
//!   access for the management account in enrolled accounts (invited
//!   accounts get it by hand before enrolling), has its trust judged the
//!   same way where it exists (one finding of its own); its absence is not
//!   judged.
//! - **The trust policy**, for each `Allow` of `sts:AssumeRole`:
//!   - FAIL: it trusts anything other than the management account's root
//!     (`"999988887777"` or `arn:aws:iam::999988887777:root`) or a role of
//!     the management account named in `org_access_admin_roles`: another
//!     account, a user or another role of the management account, a
//!     service, a federated principal, `"*"` (unless an `aws:PrincipalArn`
//!     condition names only allowed principals, or an
//!     `aws:PrincipalAccount` condition only the management account), or
//!     everyone but a `NotPrincipal`.
//!   - Advisory (adjacent hardening): the management account's root is
//!     trusted with no `aws:PrincipalArn` condition (a positive operator:
//!     `ArnEquals`, `ArnLike`, `StringEquals`, `StringLike`) and no MFA
//!     condition (`Bool` `aws:MultiFactorAuthPresent` true, or a bound on
//!     `aws:MultiFactorAuthAge`): any principal there allowed
//!     `sts:AssumeRole` becomes administrator of the member. A named admin
//!     role is already as narrow as `aws:PrincipalArn`.
//!   - PASS otherwise; ERROR when the document does not parse.
//! - **Single-account mode** (the account is in no organization): SKIP.
//!   ERROR when the organization could not be read.
//!
//! ## Why it matters
//!
//! The role gives the management account full administrator access to a
//! member account; Organizations creates it in the accounts it creates, but
//! an invited account has it only if someone creates it by hand (notes 000
//! › Security and Compliance › "AWS organizations"). Without it an invited
//! account cannot be administered centrally; with an over-broad trust it is
//! a backdoor to administrator in every account that has it.
//!
//! ## How to fix
//!
//! Create the role in invited accounts, and keep its trust to the
//! management account (root, or named administrator roles) with a
//! condition on the principal or on MFA.
//!
//! - **Console**: in the member account, IAM › Roles › Create role › AWS account › Another AWS account: the management account's id, Require MFA › AdministratorAccess › name `OrganizationAccountAccessRole`; for an existing role, Trust relationships › Edit trust policy.
//! - **CLI**: `aws iam create-role --role-name OrganizationAccountAccessRole --assume-role-policy-document file://trust.json` then `aws iam attach-role-policy --role-name OrganizationAccountAccessRole --policy-arn arn:aws:iam::aws:policy/AdministratorAccess`; `aws iam update-assume-role-policy --role-name OrganizationAccountAccessRole --policy-document file://trust.json`.
//! - **CloudFormation**: an `AWS::IAM::Role` named `OrganizationAccountAccessRole` whose `AssumeRolePolicyDocument` trusts `arn:aws:iam::MANAGEMENT:root` with `"Condition": {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::MANAGEMENT:role/OrgAdmin"}}`, deployed to member accounts with a StackSet.
//!
//! ## References
//!
//! - Study notes: 000 › Security and Compliance › "AWS organizations".
//! - AWS: Organizations user guide, "Accessing member accounts in your organization" and "Creating the OrganizationAccountAccessRole in an invited member account"; IAM user guide, "AWS global condition context keys" (`aws:PrincipalArn`, `aws:MultiFactorAuthPresent`).
//! - No AWS Config managed rule and no Prowler check.

use super::{standing, Standing};
use crate::arn::{is_account_id, Arn};
use crate::engine::{Check, Context, Emitter, Severity, Subject, Verdict};
use crate::inventory::iam::{self, Role};
use crate::inventory::organizations;
use crate::inventory::GLOBAL;
use crate::judge::regions;
use crate::policy::{Condition, Effect, Principals, Statement};
use crate::settings::{patterns, Setting};

static ADMIN_ROLES: Setting<Vec<String>> = Setting::new(
    "org_access_admin_roles",
    "Names of roles in the management account that member accounts' OrganizationAccountAccessRole may trust besides its root.",
    "[]",
    patterns,
);

pub static CHECK: Check = Check {
    id: "org-account-access-role",
    title:
        "OrganizationAccountAccessRole exists where needed and trusts only the management account",
    service: "organizations",
    severity: Severity::Low,
    section: "000 › Security and Compliance › \"AWS organizations\"",
    catalog: "SEC-07",
    reads: &[
        organizations::ORGANIZATION,
        organizations::ACCOUNTS,
        iam::ROLES,
    ],
    tolerates: &[iam::ROLES],
    settings: &[&ADMIN_ROLES],
    config_rule: None,
    prowler: None,
    source: include_str!("account_access_role.rs"),
    run,
};

const ROLE: &str = "OrganizationAccountAccessRole";
/// The role Control Tower administers enrolled accounts through: the same
/// trust to the management account, judged the same way where it exists.
const CONTROL_TOWER_ROLE: &str = "AWSControlTowerExecution";

fn run(ctx: &Context, em: &mut Emitter) {
    let here = regions::account_subject(ctx, "organizations");
    let admins = ctx.setting(&ADMIN_ROLES);
    match standing(ctx) {
        Err(why) => em.error_reason(&here, why),
        Ok(Standing::Alone(why)) => em.skip(&here, format!("single-account mode: {why}")),
        Ok(Standing::Member(org, _)) => {
            if ctx.peer(&org.management_account_id).is_none() {
                let trust = Trust::new(&org.management_account_id, &admins);
                judge_member(ctx, None, &trust, em);
            }
        }
        Ok(Standing::Management(view, org)) => {
            let accounts = match view.accounts.known() {
                Ok(Some(a)) => a,
                Ok(None) => {
                    return em.error_reason(
                        &here,
                        "the organization's accounts were not read in the management account",
                    )
                }
                Err(e) => {
                    return em.error_reason(&here, format!("the organization's accounts: {e}"))
                }
            };
            let trust = Trust::new(&org.management_account_id, &admins);
            for a in accounts
                .iter()
                .filter(|a| a.id != org.management_account_id)
            {
                let subject = Subject::arn(&role_arn(ctx, &a.id), GLOBAL);
                if matches!(a.state.as_str(), "SUSPENDED" | "CLOSED" | "PENDING_CLOSURE") {
                    em.skip(&subject, format!("account {} is {}", a.id, a.state));
                    continue;
                }
                match ctx.peer(&a.id) {
                    None => em.skip(
                        &subject,
                        format!(
                            "account {} is not in this inventory: its {ROLE} could not be seen (scan the member accounts too)",
                            a.id
                        ),
                    ),
                    Some(peer) => judge_member(&peer, Some(a.joined_method.as_str()), &trust, em),
                }
            }
        }
    }
}

fn role_arn(ctx: &Context, account: &str) -> String {
    format!("arn:{}:iam::{account}:role/{ROLE}", ctx.account.partition)
}

/// The account's roles, or why they cannot be seen.
fn roles<'c>(member: &'c Context) -> Result<&'c [Role], String> {
    let id = &member.account.account_id;
    if !member.account.has_section("iam") {
        return Err(format!("the IAM roles of account {id} were not collected"));
    }
    if let Some(e) = member.unreadable(iam::ROLES, GLOBAL) {
        return Err(format!(
            "the IAM roles of account {id} could not be listed: {e}"
        ));
    }
    Ok(&member.iam().roles)
}

/// One member account's access roles: `joined` is its `JoinedMethod` when
/// the organization's accounts are visible.
fn judge_member(member: &Context, joined: Option<&str>, trust: &Trust, em: &mut Emitter) {
    let id = &member.account.account_id;
    let subject = Subject::arn(&role_arn(member, id), GLOBAL);
    let roles = match roles(member) {
        Err(why) => return em.error_reason(&subject, why),
        Ok(r) => r,
    };
    for name in [ROLE, CONTROL_TOWER_ROLE] {
        match roles.iter().find(|r| r.name.eq_ignore_ascii_case(name)) {
            Some(role) => {
                let mut v = Verdict::new();
                let pass = trust.judge(role, &mut v);
                v.emit(em, role, pass);
            }
            None if name == ROLE => missing(&subject, id, joined, em),
            None => {}
        }
    }
}

/// A member account without `OrganizationAccountAccessRole`.
fn missing(subject: &Subject, id: &str, joined: Option<&str>, em: &mut Emitter) {
    match joined {
        Some("INVITED") => em.warn(
            subject,
            format!("account {id} joined by invitation and has no {ROLE}: the management account cannot administer it"),
        ),
        Some(how) => em.skip(
            subject,
            format!("account {id} ({how}) has no {ROLE}: it was removed, and nothing trusts the management account"),
        ),
        None => em.skip(
            subject,
            format!("account {id} has no {ROLE}; whether it joined by invitation (and needs one) is visible only to the management account"),
        ),
    }
}

/// Whom the role may trust: the management account's root and the named
/// admin roles in it.
struct Trust<'a> {
    management: &'a str,
    admins: &'a [String],
}

/// What a statement's principal is, as far as this judgement goes.
enum Trusted {
    /// The management account's root (any principal there).
    Root,
    /// An allowed principal as narrow as a role: needs no condition.
    Named,
}

impl<'a> Trust<'a> {
    fn new(management: &'a str, admins: &'a [String]) -> Trust<'a> {
        Trust { management, admins }
    }

    /// Judges the role's trust policy; returns the PASS reason.
    fn judge(&self, role: &Role, v: &mut Verdict) -> String {
        let policy = match role.trust_policy.parse() {
            Ok(p) => p,
            Err(e) => {
                v.error_reason(format!("its trust policy cannot be read: {e}"));
                return String::new();
            }
        };
        let mut root = false;
        for s in policy
            .statements
            .iter()
            .filter(|s| s.effect == Effect::Allow && s.matches_action("sts:AssumeRole"))
        {
            let name = s
                .sid
                .as_deref()
                .map_or_else(|| "a statement".into(), |sid| format!("statement {sid}"));
            match self.statement(s) {
                Err(why) => v.fail(format!("{name} {why}")),
                Ok(Trusted::Named) => {}
                Ok(Trusted::Root) => {
                    root = true;
                    if !s.conditions.iter().any(scopes_principal) {
                        v.warn(format!(
                            "{name} trusts the management account {} with no aws:PrincipalArn or MFA condition: any of its principals allowed sts:AssumeRole becomes administrator here",
                            self.management
                        ));
                    }
                }
            }
        }
        format!(
            "{} trusts only {}",
            role.name,
            if root {
                format!(
                    "the management account {} (with a principal or MFA condition)",
                    self.management
                )
            } else {
                format!(
                    "allowed roles of the management account {}",
                    self.management
                )
            }
        )
    }

    /// What one `Allow` statement trusts, or why it trusts too much.
    fn statement(&self, s: &Statement) -> Result<Trusted, String> {
        let principals = match (&s.principal, &s.not_principal) {
            (Some(p), _) => p,
            (None, _) => {
                return Err("trusts every principal but those its NotPrincipal names".into())
            }
        };
        let Principals::Some(map) = principals else {
            return self.wildcard(s);
        };
        let mut trusted = Trusted::Named;
        for (kind, values) in map {
            for value in values {
                if !kind.eq_ignore_ascii_case("AWS") {
                    return Err(format!("trusts {kind} principal {value}"));
                }
                match self.aws(value) {
                    Some(Trusted::Root) => trusted = Trusted::Root,
                    Some(Trusted::Named) => {}
                    None => return Err(format!(
                        "trusts {value}, which is neither the management account's root nor a role of org_access_admin_roles in it"
                    )),
                }
            }
        }
        Ok(trusted)
    }

    /// An `AWS` principal: the management account's root, an allowed role,
    /// or neither.
    fn aws(&self, value: &str) -> Option<Trusted> {
        if value == self.management {
            return Some(Trusted::Root);
        }
        let arn = Arn::parse(value)?;
        if arn.service != "iam" || arn.account != self.management {
            return None;
        }
        if arn.resource == "root" {
            return Some(Trusted::Root);
        }
        let name = arn.resource.strip_prefix("role/")?.rsplit('/').next()?;
        self.admins
            .iter()
            .any(|a| a.eq_ignore_ascii_case(name))
            .then_some(Trusted::Named)
    }

    /// `"*"`: allowed only when a condition names allowed principals.
    fn wildcard(&self, s: &Statement) -> Result<Trusted, String> {
        let positive = |c: &&Condition| !c.operator.to_ascii_lowercase().contains("not");
        let arns: Vec<&String> = s
            .conditions_on("aws:PrincipalArn")
            .filter(positive)
            .flat_map(|c| &c.values)
            .collect();
        if !arns.is_empty() && arns.iter().all(|a| self.aws(a).is_some()) {
            return Ok(Trusted::Named);
        }
        let accounts: Vec<&String> = s
            .conditions_on("aws:PrincipalAccount")
            .filter(positive)
            .flat_map(|c| &c.values)
            .collect();
        if !accounts.is_empty()
            && accounts
                .iter()
                .all(|a| is_account_id(a) && *a == self.management)
        {
            return Ok(Trusted::Root);
        }
        Err("trusts any AWS principal (Principal *) without an aws:PrincipalArn or aws:PrincipalAccount condition limited to the management account".into())
    }
}

/// A condition that narrows who of the management account may assume the
/// role: a positive `aws:PrincipalArn` test, or MFA.
fn scopes_principal(c: &Condition) -> bool {
    let negated = c.operator.to_ascii_lowercase().contains("not");
    (c.key_is("aws:PrincipalArn") && !negated)
        || (c.key_is("aws:MultiFactorAuthPresent")
            && c.operator_is("Bool")
            && c.values.iter().all(|v| v.eq_ignore_ascii_case("true")))
        || (c.key_is("aws:MultiFactorAuthAge")
            && c.operator.to_ascii_lowercase().starts_with("numericless"))
}
