//! AWS Firewall Manager, per region: `GetAdminAccount`; then, only when the
//! audited account is the administrator (Firewall Manager refuses every
//! other account), `ListPolicies`, per policy `ListComplianceStatus`, and
//! per non-compliant member account `GetComplianceDetail`.
//!
//! Firewall Manager answers a non-administrator with its own
//! `AccessDeniedException`, which IAM's denial shares the code of; the
//! message tells them apart (IAM's says "is not authorized to perform").

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_fms;

use crate::session::sdk_client;
use crate::Cx;
use aws_sdk_fms::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_fms::types::{PolicyComplianceStatus, PolicyComplianceStatusType, PolicySummary};
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::fms::{
    self as data, Administrator, Fms, FmsRegion, MemberCompliance, Policy, Violator,
};

crate::registry::operations! {
    sdk "FMS", iam "fms" {
        GET_ADMIN_ACCOUNT = GetAdminAccount,
        LIST_POLICIES = ListPolicies,
        LIST_COMPLIANCE_STATUS = ListComplianceStatus,
        GET_COMPLIANCE_DETAIL = GetComplianceDetail,
    }
}

crate::service!(Fms);

/// A policy deleted between the listing and these calls answers this.
const GONE: &[&str] = &["ResourceNotFoundException"];

async fn collect(cx: &Cx) -> Result<Fms, CollectError> {
    let client = sdk_client!(aws_sdk_fms, &cx.session, &cx.region);
    // Policies are the administrator's: whether this account is it decides
    // whether they can be listed, so a check reading them reads this too.
    let wants_policies = cx.wants(data::POLICIES);
    let administrator = if cx.wants(data::ADMINISTRATOR) || wants_policies {
        read_administrator(cx, &client).await
    } else {
        Collected::default()
    };
    let is_admin = administrator
        .value()
        .and_then(|a| a.account.as_deref())
        .is_some_and(|a| a == cx.account_id());
    let policies = if is_admin {
        cx.part(data::POLICIES, read_policies(cx, &client)).await
    } else {
        Vec::new()
    };
    Ok(Fms {
        regions: vec![FmsRegion {
            arn: format!(
                "arn:{}:fms:{}:{}",
                cx.partition(),
                cx.region,
                cx.account_id()
            ),
            region: cx.region.clone(),
            account_id: cx.account_id().to_string(),
            administrator: cx.keep(data::ADMINISTRATOR, administrator),
        }],
        policies,
    })
}

async fn read_administrator(cx: &Cx, client: &aws_sdk_fms::Client) -> Collected<Administrator> {
    let reply = cx
        .call(GET_ADMIN_ACCOUNT, client.get_admin_account().send())
        .await;
    if let Err(SdkError::ServiceError(e)) = &reply.result {
        match refusal(e.err().code(), e.err().message()) {
            Some(Refusal::NoAdministrator) => return Collected::Absent,
            Some(Refusal::NotTheAdministrator) => {
                return Collected::Value(Administrator {
                    account: None,
                    role_status: None,
                })
            }
            None => {}
        }
    }
    reply.read(GONE, |o| {
        Some(Administrator {
            account: o.admin_account().map(str::to_string),
            role_status: o.role_status().map(|s| s.as_str().to_string()),
        })
    })
}

/// What Firewall Manager's own refusal of a call means.
#[derive(Debug, PartialEq)]
enum Refusal {
    /// "No default admin could be found for account …".
    NoAdministrator,
    /// "… is only available to Administration account …", "… is not
    /// currently delegated by AWS FM".
    NotTheAdministrator,
}

/// Firewall Manager's refusal of a non-administrator, told apart from IAM's
/// denial (`… is not authorized to perform …`), which shares its code.
fn refusal(code: Option<&str>, message: Option<&str>) -> Option<Refusal> {
    let message = message.unwrap_or_default();
    if code != Some("AccessDeniedException") || message.contains("not authorized to perform") {
        return None;
    }
    if message.contains("No default admin could be found") {
        Some(Refusal::NoAdministrator)
    } else {
        Some(Refusal::NotTheAdministrator)
    }
}

async fn read_policies(cx: &Cx, client: &aws_sdk_fms::Client) -> Result<Vec<Policy>, CollectError> {
    let summaries = cx
        .list(
            LIST_POLICIES,
            client.list_policies().into_paginator().items().send(),
        )
        .await?;
    Ok(cx.bounded(summaries, |s| read_policy(cx, client, s)).await)
}

async fn read_policy(cx: &Cx, client: &aws_sdk_fms::Client, summary: PolicySummary) -> Policy {
    let id = summary.policy_id().unwrap_or_default().to_string();
    let compliance = cx
        .read_if(data::COMPLIANCE, async {
            let listed = client
                .list_compliance_status()
                .policy_id(&id)
                .into_paginator()
                .items()
                .send()
                .try_collect();
            match cx
                .call(LIST_COMPLIANCE_STATUS, listed)
                .await
                .read(GONE, Some)
            {
                Collected::Value(statuses) => Collected::Value(
                    cx.bounded(statuses, |s| read_member(cx, client, &id, s))
                        .await,
                ),
                Collected::Absent => Collected::Absent,
                Collected::Error(e) => Collected::Error(e),
            }
        })
        .await;
    Policy {
        arn: summary
            .policy_arn()
            .map(str::to_string)
            .unwrap_or_else(|| cx.arn("fms", &format!("policy/{id}"))),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name: summary.policy_name().unwrap_or_default().to_string(),
        security_service_type: summary
            .security_service_type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        remediation_enabled: summary.remediation_enabled(),
        id,
        compliance,
    }
}

async fn read_member(
    cx: &Cx,
    client: &aws_sdk_fms::Client,
    policy_id: &str,
    status: PolicyComplianceStatus,
) -> MemberCompliance {
    let member = status.member_account().unwrap_or_default().to_string();
    let results = status.evaluation_results();
    let non_compliant = results
        .iter()
        .any(|r| r.compliance_status() == Some(&PolicyComplianceStatusType::NonCompliant));
    let violators = if non_compliant {
        cx.read_if(data::VIOLATORS, async {
            let request = client
                .get_compliance_detail()
                .policy_id(policy_id)
                .member_account(&member)
                .send();
            cx.call(GET_COMPLIANCE_DETAIL, request)
                .await
                .read(GONE, |o| {
                    o.policy_compliance_detail()
                        .map(|d| d.violators().iter().map(violator).collect())
                })
        })
        .await
    } else {
        Collected::Absent
    };
    MemberCompliance {
        status: if non_compliant {
            "NON_COMPLIANT"
        } else {
            "COMPLIANT"
        }
        .to_string(),
        violator_count: results.iter().map(|r| r.violator_count()).sum(),
        violators: cx.keep(data::VIOLATORS, violators),
        member_account: member,
    }
}

fn violator(v: &aws_sdk_fms::types::ComplianceViolator) -> Violator {
    Violator {
        resource_id: v.resource_id().unwrap_or_default().to_string(),
        resource_type: v.resource_type().unwrap_or_default().to_string(),
        reason: v
            .violation_reason()
            .map(|r| r.as_str().to_string())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn firewall_managers_refusals_are_told_apart_from_iams_denial() {
        let denied = Some("AccessDeniedException");
        assert_eq!(
            refusal(
                denied,
                Some("No default admin could be found for account 111122223333")
            ),
            Some(Refusal::NoAdministrator)
        );
        assert_eq!(
            refusal(denied, Some("Operation: ListPolicies is only available to Administration account in AWS Firewall Manager.")),
            Some(Refusal::NotTheAdministrator)
        );
        assert_eq!(
            refusal(denied, Some("User: arn:aws:sts::111122223333:assumed-role/audit/s is not authorized to perform: fms:GetAdminAccount")),
            None
        );
        assert_eq!(refusal(Some("InternalErrorException"), None), None);
    }
}
