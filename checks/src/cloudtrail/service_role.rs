//! A role that an AWS service must assume (CloudTrail's CloudWatch Logs
//! role, a Config remediation's AutomationAssumeRole): does it exist, and
//! does its trust policy let the service assume it?

use crate::arn::account_of;
use crate::engine::Context;
use crate::inventory::iam::{IamIndex, Role};
use crate::inventory::GLOBAL;

/// What became of the role.
pub(crate) enum RoleCheck<'a> {
    /// The role exists and trusts the service.
    Trusted(&'a Role),
    /// Confirmed wrong: the reason says what.
    Fail(String),
    /// Could not be judged: the reason says why.
    Unknown(String),
}

/// Looks `arn` up and asks whether it trusts `service` (e.g. `ssm.amazonaws.com`).
pub(crate) fn assumable_by<'a>(
    ctx: &Context,
    iam: &IamIndex<'a>,
    arn: &str,
    service: &str,
) -> RoleCheck<'a> {
    match iam.roles.get(arn) {
        Some(role) => match role.trust_policy.parse() {
            Err(e) => RoleCheck::Unknown(format!("trust policy of role {}: {e}", role.name)),
            Ok(p) if p.trusts_service(service) => RoleCheck::Trusted(role),
            Ok(_) => RoleCheck::Fail(format!(
                "role {} does not trust {service} (its trust policy has no sts:AssumeRole for that service)",
                role.name
            )),
        },
        None if ctx.blind("iam", GLOBAL) => RoleCheck::Unknown(format!(
            "role {arn} could not be looked up: IAM roles could not be listed"
        )),
        None => match account_of(arn) {
            Some(acct) if acct != ctx.account.account_id => RoleCheck::Unknown(format!(
                "role {arn} belongs to account {acct}, which this inventory does not cover"
            )),
            Some(_) => RoleCheck::Fail(format!("role {arn} does not exist")),
            None => RoleCheck::Fail(format!("{arn:?} is not a role ARN")),
        },
    }
}
