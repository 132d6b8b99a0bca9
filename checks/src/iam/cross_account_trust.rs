//! ## What it checks
//!
//! Every IAM role's trust policy lets only known accounts assume it. For
//! each `Allow` statement on `sts:AssumeRole` or `sts:TagSession` with AWS
//! principals, and on `sts:AssumeRoleWithWebIdentity` with an OIDC
//! provider. One finding per role.
//!
//! - FAIL: `"Principal": "*"` (or `{"AWS": "*"}`) with no
//!   `aws:PrincipalOrgID`, `aws:PrincipalArn` or `aws:PrincipalAccount`
//!   condition: anyone in any account can assume the role.
//! - FAIL: a principal account (an account id, or the account of a root,
//!   role or user ARN) that is neither this account, an account of the
//!   organization, nor in the setting `trusted_external_accounts`.
//! - Advisory (FAIL at low): an account of `trusted_external_accounts` (a
//!   third party) is trusted without an `sts:ExternalId` condition (the
//!   confused deputy problem).
//! - Advisory: a web identity (OIDC) trust with no condition on the
//!   provider's `sub` or `aud`, or whose `sub` values are wildcards only
//!   (`*`, `repo:*`): any identity the provider issues tokens to can assume
//!   the role.
//! - PASS: every trusted principal is known (the reason says which kinds).
//! - SKIP: roles that trust only AWS services or SAML providers (not
//!   evaluated); and a role whose only open question is whether an account
//!   belongs to the organization when the organization's accounts cannot
//!   be seen from this account (a member account): the reason says so.
//!   Scan from the management account, or list the account in
//!   `trusted_external_accounts`.
//! - ERROR: the trust policy cannot be read, or the organization (or its
//!   account list, from the management account) could not be.
//!
//! ## Why it matters
//!
//! A role that another account can assume is a door into this one. Trust
//! belongs to known accounts: the central DevOps account a deployment role
//! serves, the organization's accounts, and third parties that must present
//! the external id they were given. A forgotten trust to an unknown account
//! is a backdoor (notes 000 › Filling the gap › practice exam #1, the
//! deployment role trusts the central DevOps account for `sts:AssumeRole`;
//! 000 › SDLC Automation › "CodeCommit", IAM role and STS for cross-account
//! access; 001 › ## CodePipeline › Key Concepts 2.2; 000 › Filling the gap
//! › udemy, IAM identity providers for external IdPs).
//!
//! ## How to fix
//!
//! - **Console**: IAM › Roles › the role › Trust relationships › Edit trust policy: name the accounts (`arn:aws:iam::ACCOUNT:root`), replace `"*"` with `"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-…"}}`, add `"sts:ExternalId"` for third parties, and `token.actions.githubusercontent.com:sub` `repo:ORG/REPO:ref:refs/heads/main` for GitHub OIDC.
//! - **CLI**: `aws iam update-assume-role-policy --role-name ROLE --policy-document file://trust.json`.
//! - **CloudFormation**: the role's `AssumeRolePolicyDocument`, with the same principals and conditions.
//!
//! ## References
//!
//! - Study notes: 000 › Filling the gap › practice exam #1; 000 › SDLC Automation › "CodeCommit"; 001 › ## CodePipeline › Key Concepts 2.2; 000 › Filling the gap › udemy (IAM identity providers).
//! - AWS: IAM user guide, "How to use an external ID when granting access to your AWS resources to a third party" and "Configuring a role for GitHub OIDC identity provider".
//! - No AWS Config managed rule (IAM Access Analyzer's external access findings are the native equivalent); Prowler `iam_role_cross_account_readonlyaccess_policy` and `iam_role_cross_service_confused_deputy_prevention` are related.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::iam::{self, Role};
use crate::inventory::organizations::{self, OrganizationView};
use crate::policy::{Effect, Principals, Statement};
use crate::settings::{account_ids, Setting};
use std::collections::{BTreeSet, HashMap};

/// Accounts outside the organization that roles may trust.
static TRUSTED_EXTERNAL_ACCOUNTS: Setting<Vec<String>> = Setting::new(
    "trusted_external_accounts",
    "Account ids (12 digits) outside the organization that role trust policies may name (third parties, partners); each should present an sts:ExternalId.",
    "[]",
    account_ids,
);

pub static CHECK: Check = Check {
    id: "iam-cross-account-trust",
    title: "Role trust policies allow only known accounts, with conditions for third parties",
    service: "iam",
    severity: Severity::High,
    section: "000 › Filling the gap › practice exam #1",
    catalog: "SEC-28",
    reads: &[
        iam::ROLES,
        organizations::ORGANIZATION,
        organizations::ACCOUNTS,
    ],
    tolerates: &[],
    settings: &[&TRUSTED_EXTERNAL_ACCOUNTS],
    config_rule: None,
    prowler: None,
    source: include_str!("cross_account_trust.rs"),
    run,
};

/// Conditions that scope a wildcard principal to known principals.
const SCOPING_KEYS: [&str; 3] = [
    "aws:PrincipalOrgID",
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
];

/// What this account knows of its organization's accounts.
enum Members {
    /// These accounts (the management account's view, or none: no organization).
    Known(BTreeSet<String>),
    /// Only the management account is known; why the rest is not.
    Hidden { management: String, why: String },
    /// The organization could not be read.
    Unknown(String),
}

impl Members {
    fn of(view: Option<&OrganizationView>) -> Members {
        let Some(view) = view else {
            return Members::Unknown("the organization was not collected".into());
        };
        let org = match view.organization.known() {
            Err(e) => return Members::Unknown(format!("the organization: {e}")),
            Ok(None) => return Members::Known(BTreeSet::new()),
            Ok(Some(org)) => org,
        };
        match view.accounts.known() {
            Err(e) => Members::Unknown(format!("the organization's accounts: {e}")),
            Ok(Some(accounts)) => Members::Known(accounts.iter().map(|a| a.id.clone()).collect()),
            Ok(None) => match view.hidden_reason() {
                Some(why) => Members::Hidden {
                    management: org.management_account_id.clone(),
                    why,
                },
                None => Members::Unknown(
                    "the organization's accounts were not read in its management account".into(),
                ),
            },
        }
    }
}

fn run(ctx: &Context, em: &mut Emitter) {
    let trusted = ctx.setting(&TRUSTED_EXTERNAL_ACCOUNTS);
    let views = &ctx.organizations().views;
    // One account's organization, seen once (not once per role).
    let mut members: HashMap<&str, Members> = HashMap::new();
    for role in &ctx.iam().roles {
        let known = members
            .entry(role.account_id.as_str())
            .or_insert_with(|| Members::of(views.iter().find(|v| v.account_id == role.account_id)));
        judge(role, known, &trusted, em);
    }
}

fn judge(role: &Role, members: &Members, trusted: &[String], em: &mut Emitter) {
    let policy = match role.trust_policy.parse() {
        Ok(p) => p,
        Err(e) => return em.error_reason(role, format!("its trust policy cannot be read: {e}")),
    };
    let mut out = Judged::default();
    for s in policy
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
    {
        let name = s.label();
        if s.matches_action("sts:AssumeRole") || s.matches_action("sts:TagSession") {
            match &s.principal {
                Some(Principals::All) => {
                    if SCOPING_KEYS
                        .iter()
                        .any(|k| s.conditions_on(k).next().is_some())
                    {
                        out.kinds.insert("principals scoped by condition");
                    } else {
                        out.v.fail(format!(
                            "{name} lets any AWS principal assume the role (Principal *, no aws:PrincipalOrgID, aws:PrincipalArn or aws:PrincipalAccount condition)"
                        ));
                    }
                }
                Some(p) => {
                    for account in p.aws_accounts() {
                        judge_account(role, s, &name, &account, members, trusted, &mut out);
                    }
                }
                None => {}
            }
        }
        if s.matches_action("sts:AssumeRoleWithWebIdentity") {
            for provider in oidc_providers(s) {
                out.kinds.insert("an OIDC provider");
                if let Some(why) = loose_web_identity(s, provider) {
                    out.v.warn(format!("{name} trusts {provider} {why}"));
                }
            }
        }
    }
    let Judged { v, hidden, kinds } = out;
    if kinds.is_empty() && v.is_clean() && hidden.is_empty() {
        return em.skip(
            role,
            "trusts only AWS services or SAML providers: not evaluated",
        );
    }
    if v.is_clean() && !hidden.is_empty() {
        return em.skip(role, hidden.join("; "));
    }
    let kinds: Vec<&str> = kinds.into_iter().collect();
    v.emit(em, role, format!("trusts only {}", kinds.join(", ")));
}

/// What a role's statements showed so far.
#[derive(Default)]
struct Judged {
    v: Verdict,
    /// Accounts whose membership of the organization cannot be seen.
    hidden: Vec<String>,
    /// The kinds of principal found trusted, for the PASS reason.
    kinds: BTreeSet<&'static str>,
}

/// One account a statement names: this one, the organization's, a trusted
/// third party's (with an external id), or unknown.
fn judge_account(
    role: &Role,
    s: &Statement,
    name: &str,
    account: &str,
    members: &Members,
    trusted: &[String],
    out: &mut Judged,
) {
    if account == role.account_id {
        out.kinds.insert("this account");
        return;
    }
    if trusted.iter().any(|t| t == account) {
        out.kinds.insert("trusted external accounts");
        if s.conditions_on("sts:ExternalId").next().is_none() {
            out.v.warn(format!(
                "{name} trusts third-party account {account} without an sts:ExternalId condition"
            ));
        }
        return;
    }
    match members {
        Members::Known(m) if m.contains(account) => {
            out.kinds.insert("accounts of the organization");
        }
        Members::Hidden { management, .. } if management == account => {
            out.kinds.insert("the organization's management account");
        }
        Members::Known(_) => out.v.fail(format!(
            "{name} trusts account {account}, which is neither in the organization nor in trusted_external_accounts"
        )),
        Members::Hidden { why, .. } => out.hidden.push(format!(
            "{name} trusts account {account}, and whether it belongs to the organization cannot be seen: {why}"
        )),
        Members::Unknown(why) => out.v.error_reason(format!(
            "whether account {account} belongs to the organization is unknown: {why}"
        )),
    }
}

/// The OIDC providers (host and path) a statement's `Federated` principal
/// names (`arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com`).
fn oidc_providers(s: &Statement) -> Vec<&str> {
    s.principal
        .as_ref()
        .map(|p| p.of_type("Federated"))
        .unwrap_or_default()
        .iter()
        .filter_map(|f| f.split_once(":oidc-provider/").map(|(_, host)| host))
        .collect()
}

/// Why a web identity trust lets any of the provider's identities in, if it does.
fn loose_web_identity(s: &Statement, provider: &str) -> Option<String> {
    let key = |claim: &str| format!("{provider}:{claim}");
    let (sub, aud) = (key("sub"), key("aud"));
    let subs: Vec<&String> = s.conditions_on(&sub).flat_map(|c| &c.values).collect();
    if subs.is_empty() && s.conditions_on(&aud).next().is_none() {
        return Some(format!("with no condition on {sub} or {aud}"));
    }
    if !subs.is_empty() && subs.iter().all(|v| wildcard_only(v)) {
        let values: Vec<&str> = subs.iter().map(|v| v.as_str()).collect();
        return Some(format!(
            "with {sub} matching anything ({})",
            values.join(", ")
        ));
    }
    None
}

/// `*`, `repo:*`, `system:serviceaccount:*`: nothing but a claim type
/// before the wildcard.
fn wildcard_only(value: &str) -> bool {
    let fixed = value.trim_end_matches('*');
    fixed.len() < value.len() && (fixed.is_empty() || fixed.ends_with(':'))
}
