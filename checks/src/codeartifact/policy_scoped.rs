//! ## What it checks
//!
//! The resource (permissions) policy of every CodeArtifact domain and of
//! every repository this account administers is not public, and lets other
//! accounts publish only when they are trusted. One finding per domain and
//! per repository.
//!
//! Only `Allow` statements are judged.
//!
//! - FAIL: a statement allows anyone (`"Principal": "*"` or
//!   `{"AWS": "*"}`) with no `aws:PrincipalOrgID` or `aws:PrincipalAccount`
//!   condition.
//! - FAIL: a statement grants a write action
//!   (`codeartifact:PublishPackageVersion`, `codeartifact:PutPackageMetadata`,
//!   `codeartifact:DeletePackageVersions`, or a wildcard covering one) to an
//!   account that is neither the resource's own nor in the setting
//!   `trusted_accounts`: by naming it as the principal (its id or an ARN in
//!   it), or by an `aws:PrincipalAccount` condition on `"Principal": "*"`.
//! - Advisory (FAIL at low): such an account is granted only other (read)
//!   actions, e.g. `codeartifact:ReadFromRepository`.
//! - PASS: no policy (`ResourceNotFoundException`: only the owning account
//!   uses it), or every grant is to the resource's account, a trusted
//!   account or the organization (`aws:PrincipalOrgID`).
//! - ERROR: the policy could not be read, or is not a valid policy document.
//!
//! ## Why it matters
//!
//! CodeArtifact holds the packages builds install. A domain or repository
//! open to anyone leaks private packages; a foreign account that can
//! publish or overwrite package versions can poison every build that
//! resolves through the repository and its downstream repositories. Domain
//! and repository resource policies are how cross-account access is given
//! (notes 000 › SDLC Automation › "CodeArtifact": resource policy used for
//! cross-account permissions; "CodeArtifact - upstream repositories &
//! domains": the domain applies a resource-based policy).
//!
//! ## How to fix
//!
//! - **Console**: CodeArtifact › Domains (or Repositories) › the resource › Domain policy (Repository policy) › Edit: replace `"Principal": "*"` statements with ones carrying `"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-xxxxxxxxxx"}}`, and give foreign accounts `codeartifact:ReadFromRepository` only, or add them to `trusted_accounts`.
//! - **CLI**: `aws codeartifact get-repository-permissions-policy --domain DOMAIN --repository REPO`, edit the document, then `aws codeartifact put-repository-permissions-policy --domain DOMAIN --repository REPO --policy-document file://policy.json` (`put-domain-permissions-policy` for a domain); `delete-repository-permissions-policy` removes it.
//! - **CloudFormation**: `AWS::CodeArtifact::Repository` `PermissionsPolicyDocument` and `AWS::CodeArtifact::Domain` `PermissionsPolicyDocument`, with principals scoped by `aws:PrincipalOrgID` or named accounts.
//!
//! ## References
//!
//! - Study notes: 000 › SDLC Automation › "CodeArtifact" (resource policy used for cross-account permissions); "CodeArtifact - upstream repositories & domains" (domain: apply resource-based policy).
//! - AWS: CodeArtifact user guide, "Domain policies" and "Repository policies".
//! - No AWS Config managed rule or Prowler check.

use crate::collected::Collected;
use crate::engine::{Check, Context, Emitter, Resource, Severity, Verdict};
use crate::inventory::codeartifact;
use crate::inventory::PolicyJson;
use crate::policy::{Effect, Principals};
use crate::settings::TRUSTED_ACCOUNTS;

pub static CHECK: Check = Check {
    id: "codeartifact-policy-scoped",
    title:
        "CodeArtifact domain and repository policies are not public; cross-account access is scoped",
    service: "codeartifact",
    severity: Severity::Medium,
    section: "000 › SDLC Automation › \"CodeArtifact\"",
    catalog: "SDLC-22",
    reads: &[
        codeartifact::DOMAINS,
        codeartifact::DOMAIN_POLICY,
        codeartifact::REPOSITORIES,
        codeartifact::REPOSITORY_POLICY,
    ],
    tolerates: &[],
    settings: &[&TRUSTED_ACCOUNTS],
    config_rule: None,
    prowler: None,
    source: include_str!("policy_scoped.rs"),
    run,
};

/// Condition keys that scope a wildcard principal to known accounts.
const SCOPING_KEYS: [&str; 2] = ["aws:PrincipalOrgID", "aws:PrincipalAccount"];

/// Actions that change what a repository serves.
const WRITE_ACTIONS: [&str; 3] = [
    "codeartifact:PublishPackageVersion",
    "codeartifact:PutPackageMetadata",
    "codeartifact:DeletePackageVersions",
];

fn run(ctx: &Context, em: &mut Emitter) {
    let trusted = ctx.setting(&TRUSTED_ACCOUNTS);
    let section = ctx.codeartifact();
    for d in &section.domains {
        judge(d, &d.account_id, &d.policy, &trusted, em);
    }
    for r in &section.repositories {
        judge(r, &r.account_id, &r.policy, &trusted, em);
    }
}

fn judge(
    r: &dyn Resource,
    own: &str,
    policy: &Collected<PolicyJson>,
    trusted: &[String],
    em: &mut Emitter,
) {
    let policy = match policy.known() {
        Err(e) => return em.error(r, e),
        Ok(None) => {
            return Verdict::new().emit(em, r, "no resource policy: only its own account uses it")
        }
        Ok(Some(p)) => match p.parse() {
            Ok(p) => p,
            Err(e) => return em.error_reason(r, format!("its policy cannot be read: {e}")),
        },
    };
    let mut v = Verdict::new();
    for s in policy
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
    {
        let name = s.label();
        let scoped = SCOPING_KEYS
            .iter()
            .any(|k| s.conditions_on(k).next().is_some());
        if matches!(s.principal, Some(Principals::All)) && !scoped {
            v.fail(format!(
                "{name} allows anyone (Principal *, no aws:PrincipalOrgID or aws:PrincipalAccount condition)"
            ));
            continue;
        }
        let writes: Vec<&str> = WRITE_ACTIONS
            .into_iter()
            .filter(|a| s.matches_action(a))
            .collect();
        for account in s.granted_accounts(&["aws:PrincipalAccount"]) {
            if account == own || trusted.contains(&account) {
                continue;
            }
            if writes.is_empty() {
                v.warn(format!(
                    "{name} lets account {account} read; it is not in trusted_accounts"
                ));
            } else {
                v.fail(format!(
                    "{name} lets account {account}, not in trusted_accounts, write packages ({})",
                    writes.join(", ")
                ));
            }
        }
    }
    v.emit(
        em,
        r,
        "only its own account, trusted accounts or the organization are granted",
    );
}
