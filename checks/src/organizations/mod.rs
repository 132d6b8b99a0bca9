//! Checks of the organization (AWS Organizations), and what the audited
//! account can see of it.

use crate::engine::Check;
use crate::engine::Context;
use crate::inventory::organizations::{DelegatedAdministrator, Organization, OrganizationView};

mod account_access_role;
mod scp_guardrails;
mod security_services;

pub const CHECKS: &[&Check] = &[
    &scp_guardrails::CHECK,
    &account_access_role::CHECK,
    &security_services::CHECK,
];

/// Where the audited account stands in its organization, which says what
/// of it the account can see.
pub(crate) enum Standing<'a> {
    /// The management account: the structure, policies and delegated
    /// administrators are visible.
    Management(&'a OrganizationView, &'a Organization),
    /// A member account sees the organization itself only; why the rest is
    /// hidden ([`OrganizationView::hidden_reason`]).
    Member(&'a Organization, String),
    /// In no organization; why organization-wide judgements do not apply.
    Alone(String),
}

/// The audited account's standing, or why it is unknown (the organization
/// was not collected, or `DescribeOrganization` failed): an ERROR.
pub(crate) fn standing<'a>(ctx: &'a Context) -> Result<Standing<'a>, String> {
    let me = &ctx.account.account_id;
    let Some(view) = own_view(ctx) else {
        return Err(format!(
            "the organization of account {me} was not collected"
        ));
    };
    let org = view
        .organization
        .known()
        .map_err(|e| format!("the organization: {e}"))?;
    let hidden = view.hidden_reason();
    Ok(match (org, hidden) {
        (None, why) => Standing::Alone(why.unwrap_or_default()),
        (Some(org), Some(why)) => Standing::Member(org, why),
        (Some(org), None) => Standing::Management(view, org),
    })
}

/// The audited account's own view of its organization, if collected.
pub(crate) fn own_view<'a>(ctx: &'a Context) -> Option<&'a OrganizationView> {
    let me = &ctx.account.account_id;
    ctx.organizations()
        .views
        .iter()
        .find(|v| &v.account_id == me)
}

/// The delegated administrators registered for any of `principals`
/// (`guardduty.amazonaws.com`, …), as far as their services were read.
pub(crate) fn administering<'a>(
    admins: &'a [DelegatedAdministrator],
    principals: &[&str],
) -> Vec<&'a str> {
    admins
        .iter()
        .filter(|a| {
            a.services
                .value()
                .is_some_and(|s| s.iter().any(|x| principals.contains(&x.as_str())))
        })
        .map(|a| a.account_id.as_str())
        .collect()
}
